"""Rows the work plan tests share: a group with members, versions of its plan."""

from __future__ import annotations

from leerplatform.core.visibility import Visibility
from leerplatform.groups.models import GroupMembership, LearningGroup, WorkPlanVersion
from leerplatform.groups.services import workplan as services

PARTS = WorkPlanVersion.PARTS


def make_group(
    edition,
    *,
    members=(),
    coordinators=(),
    name: str = "Leergroep Werkgeluk",
    visibility: str = Visibility.GROUP,
) -> LearningGroup:
    """A group in `edition` with active members (coordinators first); plain rows, no ledger."""
    group = LearningGroup.objects.create(edition=edition, name=name, workplan_visibility=visibility)
    group.themes.set([edition.themes.first()])
    for user in coordinators:
        GroupMembership.objects.create(group=group, user=user, is_coordinator=True)
    for user in members:
        GroupMembership.objects.create(group=group, user=user)
    return group


def parts(**overrides) -> dict[str, str]:
    """A filled-in plan: every part has a sentence; overrides replace single parts."""
    texts = {
        "ambition": "We willen dat werkgeluk een vast onderwerp wordt in het HR-beleid.",
        "desired_result": "Een toolkit met vijf interventies voor teams.",
        "approach": "Drie intervisiebijeenkomsten en een werkbezoek.",
        "time_investment": "Vier uur per maand per persoon.",
        "communication": "Een online overleg elke twee weken.",
        "other_agreements": "Wat we in de groep delen, blijft in de groep.",
        "planned_activities": "- oktober: intervisie\n- december: werkbezoek",
    }
    return texts | overrides


def save(group, author, **overrides) -> WorkPlanVersion:
    """Save a new version on top of the newest one, through the service."""
    newest = services.newest_version(group)
    base = newest.number if newest else 0
    texts = parts(**overrides)
    if newest is not None and all(getattr(newest, p) == texts[p] for p in PARTS):
        texts["ambition"] += f" (versie {base + 1})"
    return services.save_workplan(group=group, author=author, base_number=base, parts=texts)


def form_data(base: int, **overrides) -> dict:
    return {"base": str(base), **parts(**overrides)}


def bulk_versions(group, authors, count: int) -> None:
    """`count` versions without the service (for query counts), the odd ones agreed."""
    WorkPlanVersion.objects.bulk_create(
        WorkPlanVersion(
            group=group,
            number=n,
            author=authors[n % len(authors)],
            agreed_by=authors[0] if n % 2 else None,
            **parts(ambition=f"Ambitie in versie {n}"),
            **({"agreed_at": group.created_at} if n % 2 else {}),
        )
        for n in range(1, count + 1)
    )

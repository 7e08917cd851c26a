"""Where a ledger row's target lives, if the viewer may open it.

`attach_links(entries, user)` sets `entry.link` on each row: the address of its target when it
still exists and the viewer may open it now, else None (the page then shows the row's
`target_label` without a link). One query per kind of target on the page (at most one per entry
of `RESOLVERS`), whatever the number of rows.

Whether the viewer may open the target is asked of the target app's own registered permission
(`rules.has_perm`), the same one its page declares: nothing is restated here. When in doubt a
resolver gives no link: a link that answers 404 is worse than none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import rules
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse


@dataclass(frozen=True)
class Resolver:
    related: tuple[str, ...]  # for select_related
    perm: str  # the permission of the target's page
    subject: Callable[[Any], object]  # the object that permission is asked on
    url: Callable[[Any], str | None]  # the target's address (None: no page to open)


def _same(obj):
    return obj


def _group(obj):
    return obj.group


def _activity_url(activity) -> str | None:
    return reverse("groups:activities", args=[activity.group_id])


RESOLVERS: dict[tuple[str, str], Resolver] = {
    ("library", "document"): Resolver(
        ("edition", "group"), "library.view_document", _same, lambda d: d.get_absolute_url()
    ),
    ("proposals", "proposal"): Resolver(
        ("call__meeting",),
        "proposals.view_proposal",
        _same,
        lambda p: reverse("proposals:detail", args=[p.pk]),
    ),
    ("proposals", "proposalcall"): Resolver(
        ("meeting",),
        "proposals.view_proposals",
        lambda call: call.meeting,
        lambda call: reverse("proposals:list", kwargs={"meeting_pk": call.meeting_id}),
    ),
    ("meetings", "meeting"): Resolver(
        (), "meetings.view_meeting", _same, lambda m: reverse("meetings:detail", args=[m.pk])
    ),
    ("learninggroups", "learninggroup"): Resolver(
        (), "groups.view_group", _same, lambda g: reverse("groups:detail", args=[g.pk])
    ),
    ("learninggroups", "workplanversion"): Resolver(
        ("group",),
        "groups.view_workplan",
        _group,
        lambda v: reverse("groups:workplan_version", args=[v.group_id, v.number]),
    ),
    ("learninggroups", "groupactivity"): Resolver(
        ("group",), "groups.view_activities", _group, _activity_url
    ),
    ("learninggroups", "progressreport"): Resolver(
        ("group",),
        "groups.view_reports",
        _group,
        lambda r: reverse("groups:report", args=[r.group_id, r.meeting_id]),
    ),
    ("learninggroups", "thread"): Resolver(
        ("group",),
        "groups.view_thread",
        _same,
        lambda t: reverse("groups:thread", kwargs={"thread_pk": t.pk}),
    ),
    ("reflection", "journalentry"): Resolver(
        (),
        "reflection.view_entry",
        _same,
        lambda e: reverse("reflection:entry", kwargs={"entry_pk": e.pk}),
    ),
    ("reflection", "groupreflection"): Resolver(
        ("group",),
        "reflection.view_group_reflections",
        _group,
        lambda r: reverse("reflection:group_reflection", args=[r.group_id, r.meeting_id]),
    ),
    ("showcase", "output"): Resolver(
        ("edition",),
        "showcase.view_outputs",
        lambda o: o.edition,
        lambda o: (
            reverse("showcase:outputs", kwargs={"slug": o.edition.slug})
            if o.published_at is not None
            else None
        ),
    ),
    ("membership", "agreement"): Resolver(
        ("edition",),
        "membership.view_agreements",
        lambda a: a.edition,
        lambda a: reverse("membership:agreements", kwargs={"slug": a.edition.slug}),
    ),
    ("editions", "edition"): Resolver(
        (),
        "editions.view_dashboard",
        _same,
        lambda e: reverse("editions:dashboard", kwargs={"slug": e.slug}),
    ),
}


def _link(resolver: Resolver, obj, user) -> str | None:
    if not rules.has_perm(resolver.perm, user, resolver.subject(obj)):
        return None
    if getattr(obj, "confidential", False) and not rules.has_perm(
        "groups.log_activity", user, obj.group
    ):
        return None  # a confidential activity is read by its own group only
    return resolver.url(obj)


def attach_links(entries: Iterable, user) -> None:
    """Set `entry.link` (an address or None) on each ledger row, for this viewer."""
    entries = list(entries)
    for entry in entries:
        entry.link = None
    ids_by_type: dict[int, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.target_type_id and entry.target_id:
            ids_by_type[entry.target_type_id].add(entry.target_id)
    links: dict[tuple[int, str], str | None] = {}
    for type_id, ids in ids_by_type.items():
        content_type = ContentType.objects.get_for_id(type_id)
        resolver = RESOLVERS.get((content_type.app_label, content_type.model))
        model = content_type.model_class()
        if resolver is None or model is None:
            continue
        pks = [pk for pk in ids if pk.isdigit()]
        queryset = model._base_manager.filter(pk__in=pks)
        if resolver.related:
            queryset = queryset.select_related(*resolver.related)
        for obj in queryset:
            links[(type_id, str(obj.pk))] = _link(resolver, obj, user)
    for entry in entries:
        entry.link = links.get((entry.target_type_id, entry.target_id))

"""Where a ledger row's target lives, if the viewer may open it.

`attach_links(entries, user)` sets `entry.link` on each row: the address of its target when it
still exists and the viewer may see it now, else None (the page then shows the row's
`target_label` without a link). One query per kind of target on the page (at most one per entry
of `RESOLVERS`) plus the viewer's groups, whatever the number of rows.

The checks below say the same as each app's own rules, read without further queries: the
viewer's edition roles (`editions.rules.roles_of`, cached on the user) and their active learning
groups (fetched once). When in doubt a resolver gives no link: a link that answers 404 is worse
than none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.editions.rules import roles_of


@dataclass
class Viewer:
    user: object
    roles: dict[int, str]
    groups: set[int]

    def is_member(self, edition_id) -> bool:
        return edition_id in self.roles

    def facilitates(self, edition_id) -> bool:
        return self.roles.get(edition_id) == Role.FACILITATOR

    def sees(self, visibility: str, edition_id, group_id=None) -> bool:
        """The one visibility rule (core.visibility), on ids already at hand."""
        if visibility == Visibility.PUBLIC:
            return True
        if visibility == Visibility.PLATFORM:
            return self.is_member(edition_id)
        return group_id is not None and group_id in self.groups


def _viewer(user) -> Viewer:
    from leerplatform.groups.models import GroupMembership

    groups = set(
        GroupMembership.objects.active().filter(user=user).values_list("group_id", flat=True)
    )
    return Viewer(user=user, roles=roles_of(user), groups=groups)


# --- One resolver per kind of target: (related fields to load, object + viewer -> url) ---------


def _document(doc, viewer: Viewer) -> str | None:
    if doc.deleted_at is not None or not viewer.sees(doc.visibility, doc.edition_id, doc.group_id):
        return None
    if not doc.edition.is_published and not viewer.is_member(doc.edition_id):
        return None  # an unpublished edition shows nothing outside itself
    return doc.get_absolute_url()


def _proposal(proposal, viewer: Viewer) -> str | None:
    meeting = proposal.call.meeting
    if _meeting_readable(meeting, viewer):
        return reverse("proposals:detail", args=[proposal.pk])
    return None


def _call(call, viewer: Viewer) -> str | None:
    if _meeting_readable(call.meeting, viewer):
        return reverse("proposals:list", kwargs={"meeting_pk": call.meeting_id})
    return None


def _meeting_readable(meeting, viewer: Viewer) -> bool:
    from leerplatform.meetings.models import MeetingStatus

    if viewer.facilitates(meeting.edition_id):
        return True
    return viewer.is_member(meeting.edition_id) and meeting.status != MeetingStatus.DRAFT


def _meeting(meeting, viewer: Viewer) -> str | None:
    from leerplatform.meetings.models import MeetingStatus

    if meeting.status == MeetingStatus.PUBLISHED or viewer.facilitates(meeting.edition_id):
        return reverse("meetings:detail", args=[meeting.pk])
    return None


def _group(group, viewer: Viewer) -> str | None:
    if viewer.is_member(group.edition_id):
        return reverse("groups:detail", args=[group.pk])
    return None


def _workplan_version(version, viewer: Viewer) -> str | None:
    group = version.group
    if group.pk in viewer.groups or (
        group.workplan_visibility == Visibility.PLATFORM and viewer.is_member(group.edition_id)
    ):
        return reverse("groups:workplan_version", args=[group.pk, version.number])
    return None


def _activity(activity, viewer: Viewer) -> str | None:
    group = activity.group
    if group.pk in viewer.groups or (
        not activity.confidential
        and group.activities_visibility == Visibility.PLATFORM
        and viewer.is_member(group.edition_id)
    ):
        return reverse("groups:activities", args=[group.pk])
    return None


def _report(report, viewer: Viewer) -> str | None:
    if viewer.is_member(report.group.edition_id):
        return reverse("groups:report", args=[report.group_id, report.meeting_id])
    return None


def _thread(thread, viewer: Viewer) -> str | None:
    if viewer.sees(thread.visibility, thread.group.edition_id, thread.group_id):
        return reverse("groups:thread", kwargs={"thread_pk": thread.pk})
    return None


def _journal_entry(entry, viewer: Viewer) -> str | None:
    # One's own entry, or one shared with a group one is in now.
    if entry.user_id == viewer.user.pk or (
        entry.shared_with_id is not None and entry.shared_with_id in viewer.groups
    ):
        return reverse("reflection:entry", kwargs={"entry_pk": entry.pk})
    return None


def _group_reflection(reflection, viewer: Viewer) -> str | None:
    if reflection.group_id in viewer.groups:
        return reverse(
            "reflection:group_reflection", args=[reflection.group_id, reflection.meeting_id]
        )
    return None


def _output(output, viewer: Viewer) -> str | None:
    if output.published_at is not None:
        return reverse("showcase:outputs", kwargs={"slug": output.edition.slug})
    return None


def _agreement(agreement, viewer: Viewer) -> str | None:
    if viewer.is_member(agreement.edition_id):
        return reverse("membership:agreements", kwargs={"slug": agreement.edition.slug})
    return None


def _edition(edition, viewer: Viewer) -> str | None:
    if viewer.is_member(edition.pk):
        return reverse("editions:dashboard", kwargs={"slug": edition.slug})
    return None


Resolver = Callable[[object, Viewer], "str | None"]

# (app label, model name) -> (fields for select_related, resolver)
RESOLVERS: dict[tuple[str, str], tuple[tuple[str, ...], Resolver]] = {
    ("library", "document"): (("edition",), _document),
    ("proposals", "proposal"): (("call__meeting",), _proposal),
    ("proposals", "proposalcall"): (("meeting",), _call),
    ("meetings", "meeting"): ((), _meeting),
    ("learninggroups", "learninggroup"): ((), _group),
    ("learninggroups", "workplanversion"): (("group",), _workplan_version),
    ("learninggroups", "groupactivity"): (("group",), _activity),
    ("learninggroups", "progressreport"): (("group",), _report),
    ("learninggroups", "thread"): (("group",), _thread),
    ("reflection", "journalentry"): ((), _journal_entry),
    ("reflection", "groupreflection"): ((), _group_reflection),
    ("showcase", "output"): (("edition",), _output),
    ("membership", "agreement"): (("edition",), _agreement),
    ("editions", "edition"): ((), _edition),
}


def attach_links(entries: Iterable, user) -> None:
    """Set `entry.link` (an address or None) on each ledger row, for this viewer."""
    entries = list(entries)
    for entry in entries:
        entry.link = None
    ids_by_type: dict[int, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.target_type_id and entry.target_id:
            ids_by_type[entry.target_type_id].add(entry.target_id)
    if not ids_by_type:
        return
    viewer = _viewer(user)
    links: dict[tuple[int, str], str | None] = {}
    for type_id, ids in ids_by_type.items():
        content_type = ContentType.objects.get_for_id(type_id)
        resolver = RESOLVERS.get((content_type.app_label, content_type.model))
        model = content_type.model_class()
        if resolver is None or model is None:
            continue
        related, resolve = resolver
        pks = [pk for pk in ids if pk.isdigit()]
        queryset = model._base_manager.filter(pk__in=pks)
        if related:
            queryset = queryset.select_related(*related)
        for obj in queryset:
            links[(type_id, str(obj.pk))] = resolve(obj, viewer)
    for entry in entries:
        entry.link = links.get((entry.target_type_id, entry.target_id))

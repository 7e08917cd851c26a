"""What the platform holds about one person, kind by kind (AVG art. 15 and 20): the rows of
the data export.

Each kind (`KINDS`) becomes one JSON file of the export and one part of its `index.html`; a kind
has sections (`Section`), each a stream of JSON-able dicts read with `.iterator()`, so a person
with ten thousand ledger rows costs no more memory than one with ten. A section also says how one
of its items reads as a line in the index (`line`).

What goes in is what is the person's: what they wrote, chose, gave, were given or did. Other
people appear only by name and only where the person saw them on the platform (a co-author of
their document, who started a discussion they wrote in, who proposed a proposal they supported,
who caused a notification they may still see); nobody else's address ever appears (the writer,
`privacy.export`, also scrubs every string). What is kept apart on purpose stays apart: an
anonymous evaluation has no person, so only the receipt (that they evaluated) is theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerplatform.accounts.models import ConsentRecord, User
from leerplatform.core.links import absolute_url
from leerplatform.core.models import ActivityEntry
from leerplatform.editions.models import ContinuationInvitation, Membership
from leerplatform.groups.models import (
    GroupActivity,
    GroupMembership,
    JoinRequest,
    Post,
    ProgressReport,
    Thread,
    WorkPlanVersion,
)
from leerplatform.library.models import Attachment, Document
from leerplatform.meetings.attendance import attended_meetings_q
from leerplatform.meetings.models import CalendarFeed, Meeting, Registration
from leerplatform.membership.models import AgreementAcceptance, Application, Invitation
from leerplatform.notifications.models import DigestDelivery, Follow, Notification, Preference
from leerplatform.notifications.queries import visible_notifications
from leerplatform.proposals.models import Comment, Proposal, Support
from leerplatform.reflection.models import (
    Evaluation,
    EvaluationReceipt,
    GroupReflection,
    JournalEntry,
)
from leerplatform.showcase.models import Consent

CHUNK = 500
Item = dict[str, Any]


@dataclass(frozen=True)
class Section:
    """One list (or, `single`, one object) in a kind's JSON file."""

    key: str
    label: Promise
    rows: Callable[[], Iterable[Item]]
    line: Callable[[Item], str] = lambda item: ""
    single: bool = False


@dataclass(frozen=True)
class Kind:
    """One JSON file of the export: `<key>.json`."""

    key: str
    label: Promise
    description: Promise
    sections: Callable[[User, FilePlan], list[Section]]
    note: Promise | str = ""


@dataclass
class FilePlan:
    """The files that go into the ZIP beside the JSON (the profile photo, the current version of
    each file of one's documents), decided while the JSON is written; the bytes are copied
    afterwards, one file at a time. `budget` bounds their total size."""

    budget: int
    used: int = 0
    files: list[tuple[str, Any]] = field(default_factory=list)  # (path in the ZIP, FieldFile)
    left_out: int = 0

    def take(self, path: str, fieldfile, size: int) -> bool:
        """Plan `fieldfile` at `path` if it fits the budget and its bytes exist."""
        if self.used + size > self.budget or not fieldfile.storage.exists(fieldfile.name):
            self.left_out += 1
            return False
        self.used += size
        self.files.append((path, fieldfile))
        return True


# --- Small helpers -------------------------------------------------------------------------------


def day(value: dt.date | dt.datetime | None) -> str:
    """A date for a line of the index, in the active language ("2 december 2026")."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return date_format(value, "DATE_FORMAT")


def _name(user) -> str:
    return user.name if user is not None else ""


def _meeting(meeting: Meeting | None) -> Item | None:
    if meeting is None:
        return None
    return {"title": meeting.title, "starts_at": meeting.starts_at}


def _version(where: str, number: int) -> str:
    return _("%(where)s, version %(number)s") % {"where": where, "number": number}


def _with_date(title: str, value) -> str:
    when = day(value)
    return f"{title} ({when})" if when else title


# --- profile -------------------------------------------------------------------------------------


def _profile(user: User, plan: FilePlan) -> Iterator[Item]:
    person = User.objects.select_related("institution").get(pk=user.pk)
    photo_path = None
    if person.photo:
        suffix = (
            "." + person.photo.name.rsplit(".", 1)[-1].lower() if "." in person.photo.name else ""
        )
        path = f"files/profile/photo{suffix}"
        try:
            size = person.photo.size
        except OSError:
            size = None
        if size is not None and plan.take(path, person.photo, size):
            photo_path = path
    feed = CalendarFeed.objects.filter(user=person).first()
    yield {
        "name": person.name,
        "email": person.email,
        "institution": person.institution.name if person.institution else "",
        "job_title": person.job_title,
        "years_of_experience": person.years_of_experience,
        "work_level": person.work_level,
        "work_level_label": person.get_work_level_display() if person.work_level else "",
        "themes_of_expertise": [
            {"theme": theme.title, "edition": theme.edition.name}
            for theme in person.expertise.select_related("edition").order_by("edition", "position")
        ],
        "about_me": person.bio,
        "photo": photo_path,
        "language_of_emails": person.language,
        "shown_to_other_participants": list(person.visible_fields or []),
        "date_joined": person.date_joined,
        "last_login": person.last_login,
        "is_active": person.is_active,
        "is_staff": person.is_staff,
        "erasure_due_at": person.erasure_due_at,
        "calendar_subscription_since": feed.created_at if feed else None,
    }


def _email_addresses(user: User) -> Iterator[Item]:
    for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email"):
        yield {"email": address.email, "verified": address.verified, "primary": address.primary}


def _linked_logins(user: User) -> Iterator[Item]:
    """Logins through another service (SURFconext), when the platform offers them."""
    if not django_apps.is_installed("allauth.socialaccount"):
        return
    model = django_apps.get_model("socialaccount", "SocialAccount")
    for account in model.objects.filter(user=user).order_by("pk"):
        yield {
            "provider": account.provider,
            "uid": account.uid,
            # What the service told us about the person at their last login through it.
            "claims": account.extra_data,
            "linked_at": account.date_joined,
            "last_login": account.last_login,
        }


def profile_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "profile",
            gettext_lazy("Profile"),
            lambda: _profile(user, plan),
            lambda item: ", ".join(
                part for part in (item["name"], item["job_title"], item["institution"]) if part
            ),
            single=True,
        ),
        Section(
            "email_addresses",
            gettext_lazy("Email addresses"),
            lambda: _email_addresses(user),
            lambda item: item["email"],
        ),
        Section(
            "linked_logins",
            gettext_lazy("Logins through another service"),
            lambda: _linked_logins(user),
            lambda item: item["provider"],
        ),
    ]


# --- memberships ---------------------------------------------------------------------------------


def _editions(user: User) -> Iterator[Item]:
    rows = Membership.objects.filter(user=user).select_related("edition").order_by("joined_at")
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "edition": row.edition.name,
            "role": row.role,
            "role_label": row.get_role_display(),
            "joined_at": row.joined_at,
            "left_at": row.left_at,
            "first_steps_dismissed_at": row.onboarding_dismissed_at,
        }


def _groups(user: User) -> Iterator[Item]:
    rows = (
        GroupMembership.objects.filter(user=user)
        .select_related("group__edition")
        .order_by("joined_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "group": row.group.name,
            "edition": row.group.edition.name,
            "coordinator": row.is_coordinator,
            "email_about_new_posts": row.email_notifications,
            "joined_at": row.joined_at,
            "left_at": row.left_at,
        }


def _join_requests(user: User) -> Iterator[Item]:
    rows = JoinRequest.objects.filter(user=user).select_related("group__edition").order_by("pk")
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "group": row.group.name,
            "edition": row.group.edition.name,
            "message": row.message,
            "status": row.status,
            "status_label": row.get_status_display(),
            "requested_at": row.created_at,
            "decided_at": row.decided_at,
        }


def _continuations(user: User) -> Iterator[Item]:
    rows = (
        ContinuationInvitation.objects.filter(user=user)
        .select_related("edition")
        .prefetch_related("groups")
        .order_by("pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "edition": row.edition.name,
            "answer": row.status,
            "answer_label": row.get_status_display(),
            "groups": [group.name for group in row.groups.all()],
            "answered_at": row.answered_at,
        }


def membership_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "editions",
            gettext_lazy("Editions"),
            lambda: _editions(user),
            lambda item: f"{item['edition']}: {item['role_label']}",
        ),
        Section(
            "learning_groups",
            gettext_lazy("Learning groups"),
            lambda: _groups(user),
            lambda item: f"{item['group']} ({item['edition']})",
        ),
        Section(
            "join_requests",
            gettext_lazy("Requests to join a group"),
            lambda: _join_requests(user),
            lambda item: f"{item['group']}: {item['status_label']}",
        ),
        Section(
            "continuation_invitations",
            gettext_lazy("Invitations to continue"),
            lambda: _continuations(user),
            lambda item: f"{item['edition']}: {item['answer_label']}",
        ),
    ]


# --- applications --------------------------------------------------------------------------------


def _applications(user: User) -> Iterator[Item]:
    rows = (
        Application.objects.filter(user=user)
        .select_related("edition", "institution")
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "edition": row.edition.name,
            "name": row.name,
            "email": row.email,
            "institution": row.institution_name,
            "job_title": row.job_title,
            "years_of_experience": row.years_of_experience,
            "work_level": row.work_level,
            "work_level_label": row.get_work_level_display(),
            "motivation": row.motivation,
            "themes": [theme.title for theme in row.themes.all()],
            "consented_to_privacy_statement_at": row.consented_at,
            "status": row.status,
            "status_label": row.get_status_display(),
            "reason": row.decision_reason,
            "decided_at": row.decided_at,
            "email_confirmed_at": row.email_verified_at,
            "applied_at": row.created_at,
        }


def _invitations(user: User) -> Iterator[Item]:
    rows = Invitation.objects.filter(accepted_by=user).select_related("edition").order_by("pk")
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "edition": row.edition.name,
            "email": row.email,
            "invited_at": row.created_at,
            "accepted_at": row.accepted_at,
        }


def application_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "applications",
            gettext_lazy("Applications"),
            lambda: _applications(user),
            lambda item: f"{item['edition']}: {item['status_label']}",
        ),
        Section(
            "invitations",
            gettext_lazy("Invitations you accepted"),
            lambda: _invitations(user),
            lambda item: _with_date(item["edition"], item["accepted_at"]),
        ),
    ]


# --- registrations and attendance ----------------------------------------------------------------


def _registrations(user: User) -> Iterator[Item]:
    rows = (
        Registration.objects.filter(user=user)
        .select_related("meeting__edition")
        .order_by("meeting__starts_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "meeting": _meeting(row.meeting),
            "edition": row.meeting.edition.name,
            "status": row.status,
            "status_label": row.get_status_display(),
            "dietary_wishes": row.dietary_wishes,
            "remark": row.remark,
            "registered_at": row.registered_at,
            "cancelled_at": row.cancelled_at,
            "promoted_from_waiting_list_at": row.promoted_at,
            "reminder_sent_at": row.reminded_at,
            "checked_in_at": row.attended_at,
            "reason_for_checking_in_on_another_day": row.check_in_reason,
        }


def _attended(user: User) -> Iterator[Item]:
    rows = (
        Meeting.objects.filter(attended_meetings_q(user.pk))
        .select_related("edition")
        .order_by("starts_at", "pk")
    )
    for meeting in rows.iterator(chunk_size=CHUNK):
        yield {"meeting": _meeting(meeting), "edition": meeting.edition.name}


def registration_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "registrations",
            gettext_lazy("Registrations for meetings"),
            lambda: _registrations(user),
            lambda item: (
                f"{_with_date(item['meeting']['title'], item['meeting']['starts_at'])}: "
                f"{item['status_label']}"
            ),
        ),
        Section(
            "attended",
            gettext_lazy("Meetings you attended"),
            lambda: _attended(user),
            lambda item: _with_date(item["meeting"]["title"], item["meeting"]["starts_at"]),
        ),
    ]


# --- journal -------------------------------------------------------------------------------------


def _journal(user: User) -> Iterator[Item]:
    rows = (
        JournalEntry.objects.filter(user=user)
        .select_related("edition", "meeting", "shared_with")
        .order_by("created_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "edition": row.edition.name,
            "meeting": _meeting(row.meeting),
            "answers": row.answers,
            "note": row.note,
            "shared_with_group": row.shared_with.name if row.shared_with else None,
            "written_at": row.created_at,
            "changed_at": row.updated_at,
        }


def journal_sections(user: User, plan: FilePlan) -> list[Section]:
    def line(item: Item) -> str:
        title = item["meeting"]["title"] if item["meeting"] else _("Note")
        private = _("private") if item["shared_with_group"] is None else _("shared")
        return f"{_with_date(title, item['written_at'])}, {private}"

    return [Section("entries", gettext_lazy("Journal entries"), lambda: _journal(user), line)]


# --- group reflections ---------------------------------------------------------------------------


def _group_reflections(user: User) -> Iterator[Item]:
    rows = (
        GroupReflection.objects.filter(author=user)
        .select_related("group__edition", "meeting")
        .order_by("meeting__starts_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "group": row.group.name,
            "edition": row.group.edition.name,
            "meeting": _meeting(row.meeting),
            "text": row.text,
            "changed_at": row.updated_at,
        }


def reflection_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "group_reflections",
            gettext_lazy("Group reflections you wrote"),
            lambda: _group_reflections(user),
            lambda item: f"{item['group']}: {item['meeting']['title']}",
        )
    ]


# --- evaluations ---------------------------------------------------------------------------------


def _signed_evaluations(user: User) -> Iterator[Item]:
    rows = (
        Evaluation.objects.filter(user=user)
        .select_related("meeting__edition")
        .prefetch_related("ratings__item")
        .order_by("submitted_on", "meeting__starts_at")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "meeting": _meeting(row.meeting),
            "edition": row.meeting.edition.name,
            "submitted_on": row.submitted_on,
            "remarks": row.remarks,
            "ratings": [
                {"programme_item": rating.item.title, "rating": rating.rating}
                for rating in sorted(row.ratings.all(), key=lambda r: (r.item.starts_at, r.pk))
            ],
        }


def _receipts(user: User) -> Iterator[Item]:
    rows = (
        EvaluationReceipt.objects.filter(user=user)
        .select_related("meeting__edition")
        .order_by("meeting__starts_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {"meeting": _meeting(row.meeting), "edition": row.meeting.edition.name}


def evaluation_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "signed_evaluations",
            gettext_lazy("Evaluations you signed"),
            lambda: _signed_evaluations(user),
            lambda item: _with_date(item["meeting"]["title"], item["submitted_on"]),
        ),
        Section(
            "evaluated_meetings",
            gettext_lazy("Meetings you evaluated"),
            lambda: _receipts(user),
            lambda item: _with_date(item["meeting"]["title"], item["meeting"]["starts_at"]),
        ),
    ]


# --- proposals -----------------------------------------------------------------------------------


def _proposals(user: User) -> Iterator[Item]:
    rows = (
        Proposal.objects.filter(proposer=user)
        .select_related("call__meeting__edition", "theme")
        .annotate(support_count=Count("supports", distinct=True))
        .order_by("created_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "meeting": _meeting(row.call.meeting),
            "edition": row.call.meeting.edition.name,
            "kind": row.kind,
            "kind_label": row.get_kind_display(),
            "theme": row.theme.title if row.theme else None,
            "title": row.title,
            "description": row.description,
            "what_participants_will_gain": row.gains,
            "minutes": row.duration_minutes,
            "status": row.status,
            "status_label": row.get_status_display(),
            "note_from_the_facilitators": row.facilitator_note,
            "supports": row.support_count,
            "proposed_at": row.created_at,
            "changed_at": row.updated_at,
            "decided_at": row.decided_at,
        }


def _supports(user: User) -> Iterator[Item]:
    rows = (
        Support.objects.filter(user=user)
        .select_related("proposal__proposer", "proposal__call__meeting")
        .order_by("created_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "proposal": row.proposal.title,
            "proposed_by": _name(row.proposal.proposer),
            "meeting": _meeting(row.proposal.call.meeting),
            "supported_at": row.created_at,
        }


def _comments(user: User) -> Iterator[Item]:
    rows = Comment.objects.filter(author=user).select_related("proposal").order_by("pk")
    for row in rows.iterator(chunk_size=CHUNK):
        yield {"proposal": row.proposal.title, "text": row.text, "written_at": row.created_at}


def proposal_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "proposals",
            gettext_lazy("Your proposals"),
            lambda: _proposals(user),
            lambda item: f"{item['title']}: {item['status_label']}",
        ),
        Section(
            "supports",
            gettext_lazy("Proposals you supported"),
            lambda: _supports(user),
            lambda item: item["proposal"],
        ),
        Section(
            "comments",
            gettext_lazy("Your comments on proposals"),
            lambda: _comments(user),
            lambda item: _with_date(item["proposal"], item["written_at"]),
        ),
    ]


# --- discussions ---------------------------------------------------------------------------------


def _threads(user: User) -> Iterator[Item]:
    rows = Thread.objects.filter(author=user).select_related("group__edition").order_by("pk")
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "title": row.title,
            "group": row.group.name,
            "edition": row.group.edition.name,
            "who_can_read_it": row.visibility,
            "started_at": row.created_at,
        }


def _posts(user: User) -> Iterator[Item]:
    rows = (
        Post.objects.filter(author=user)
        .select_related("thread__group__edition")
        .order_by("created_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "discussion": row.thread.title,
            "group": row.thread.group.name,
            "edition": row.thread.group.edition.name,
            "text": row.text,
            "posted_at": row.created_at,
            "edited_at": row.edited_at,
            "deleted_at": row.deleted_at,
        }


def post_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "discussions_started",
            gettext_lazy("Discussions you started"),
            lambda: _threads(user),
            lambda item: f"{item['title']} ({item['group']})",
        ),
        Section(
            "posts",
            gettext_lazy("Your posts"),
            lambda: _posts(user),
            lambda item: _with_date(item["discussion"], item["posted_at"]),
        ),
    ]


# --- documents and their files -------------------------------------------------------------------


def documents_of(user: User):
    """The documents `user` wrote or added, also those in the bin."""
    return Document.objects.filter(Q(authors=user) | Q(created_by=user)).distinct()


def _documents(user: User, plan: FilePlan) -> Iterator[Item]:
    rows = (
        Document.objects.filter(pk__in=documents_of(user).values("pk"))
        .select_related("edition", "group", "meeting")
        .prefetch_related(
            "themes",
            "authors",
            Prefetch(
                "attachments",
                queryset=Attachment.objects.select_related("current").order_by("pk"),
            ),
        )
        .order_by("created_at", "pk")
    )
    for document in rows.iterator(chunk_size=100):
        files = []
        for attachment in document.attachments.all():
            version = attachment.current
            if version is None:
                continue
            path = (
                f"files/documents/{document.pk}/{attachment.pk}-{safe_name(version.original_name)}"
            )
            included = plan.take(path, version.file, version.size)
            files.append(
                {
                    "name": version.original_name,
                    "version": version.number,
                    "size": version.size,
                    "type": version.content_type,
                    "uploaded_at": version.created_at,
                    "in_this_export": path if included else None,
                }
            )
        authors = list(document.authors.all())
        yield {
            "title": document.title,
            "edition": document.edition.name,
            "kind": document.kind,
            "kind_label": document.get_kind_display(),
            "summary": document.summary,
            "text": document.body,
            "themes": [theme.title for theme in document.themes.all()],
            "group": document.group.name if document.group else None,
            "meeting": _meeting(document.meeting),
            "who_may_see_it": document.visibility,
            "licence": document.licence,
            "you_are_an_author": any(author.pk == user.pk for author in authors),
            "added_by_you": document.created_by_id == user.pk,
            "other_authors": sorted(author.name for author in authors if author.pk != user.pk),
            "added_at": document.created_at,
            "changed_at": document.updated_at,
            "in_the_bin_since": document.deleted_at,
            "files": files,
        }


def safe_name(name: str) -> str:
    """A file name that is one plain path part inside the ZIP."""
    cleaned = "".join(c if c.isalnum() or c in "._- " else "_" for c in name).strip(" .")
    return (cleaned or "file")[:100]


def document_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "documents",
            gettext_lazy("Documents"),
            lambda: _documents(user, plan),
            lambda item: f"{item['title']} ({item['edition']})",
        )
    ]


# --- group work: activities, work plans, progress reports ----------------------------------------


def activities_of(user: User):
    return GroupActivity.objects.filter(Q(created_by=user) | Q(participants=user)).distinct()


def _activities(user: User) -> Iterator[Item]:
    took_part = GroupActivity.participants.through.objects.filter(
        groupactivity_id=OuterRef("pk"), user_id=user.pk
    )
    rows = (
        GroupActivity.objects.filter(pk__in=activities_of(user).values("pk"))
        .select_related("group__edition")
        .annotate(took_part=Exists(took_part))
        .order_by("date", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "title": row.title,
            "group": row.group.name,
            "edition": row.group.edition.name,
            "kind": row.kind,
            "kind_label": row.get_kind_display(),
            "date": row.date,
            "status": row.status,
            "status_label": row.get_status_display(),
            "description": row.description,
            "outcome": row.outcome,
            "confidential": row.confidential,
            "logged_by_you": row.created_by_id == user.pk,
            "you_took_part": row.took_part,
            "logged_at": row.created_at,
            "changed_at": row.updated_at,
        }


def _work_plans(user: User) -> Iterator[Item]:
    rows = (
        WorkPlanVersion.objects.filter(author=user)
        .select_related("group__edition")
        .order_by("created_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "group": row.group.name,
            "edition": row.group.edition.name,
            "version": row.number,
            **{part: getattr(row, part) for part in WorkPlanVersion.PARTS},
            "saved_at": row.created_at,
            "agreed_at": row.agreed_at,
        }


def _reports(user: User) -> Iterator[Item]:
    rows = (
        ProgressReport.objects.filter(author=user)
        .select_related("group__edition", "meeting")
        .order_by("submitted_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "group": row.group.name,
            "edition": row.group.edition.name,
            "meeting": _meeting(row.meeting),
            **{part: getattr(row, part) for part in ProgressReport.SECTIONS},
            "submitted_at": row.submitted_at,
            "changed_at": row.updated_at,
        }


def activity_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "activities",
            gettext_lazy("Group activities you logged or took part in"),
            lambda: _activities(user),
            lambda item: f"{_with_date(item['title'], item['date'])}, {item['group']}",
        ),
        Section(
            "work_plan_versions",
            gettext_lazy("Work plan versions you saved"),
            lambda: _work_plans(user),
            lambda item: _version(item["group"], item["version"]),
        ),
        Section(
            "progress_reports",
            gettext_lazy("Progress reports you wrote"),
            lambda: _reports(user),
            lambda item: f"{item['group']}: {item['meeting']['title']}",
        ),
    ]


# --- consents ------------------------------------------------------------------------------------


def _consent_records(user: User) -> Iterator[Item]:
    rows = ConsentRecord.objects.filter(user=user).order_by("recorded_at", "pk")
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "kind": row.kind,
            "kind_label": row.get_kind_display(),
            "about": row.subject,
            "version": row.version,
            "given": row.given,
            "recorded_at": row.recorded_at,
        }


def _application_consents(user: User) -> Iterator[Item]:
    rows = Application.objects.filter(user=user).select_related("edition").order_by("pk")
    for row in rows.iterator(chunk_size=CHUNK):
        yield {"edition": row.edition.name, "consented_to_privacy_statement_at": row.consented_at}


def _agreements(user: User) -> Iterator[Item]:
    rows = (
        AgreementAcceptance.objects.filter(user=user)
        .select_related("agreement__edition")
        .order_by("accepted_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "edition": row.agreement.edition.name,
            "version": row.agreement.version,
            "accepted_at": row.accepted_at,
        }


def _publication_consents(user: User) -> Iterator[Item]:
    rows = (
        Consent.objects.filter(author=user)
        .select_related("output__edition", "output__document", "output__report__group")
        .order_by("pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        output = row.output
        yield {
            "output": str(output),
            "edition": output.edition.name,
            "status": row.status,
            "status_label": row.get_status_display(),
            "decided_at": row.decided_at,
            "published_at": output.published_at,
        }


def consent_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "consent_records",
            gettext_lazy("Consents recorded"),
            lambda: _consent_records(user),
            lambda item: f"{item['kind_label']}: {item['about']} ({item['version']})",
        ),
        Section(
            "privacy_statement_on_applications",
            gettext_lazy("Consent to the privacy statement when applying"),
            lambda: _application_consents(user),
            lambda item: _with_date(item["edition"], item["consented_to_privacy_statement_at"]),
        ),
        Section(
            "agreements_accepted",
            gettext_lazy("Collaboration agreements you accepted"),
            lambda: _agreements(user),
            lambda item: _version(item["edition"], item["version"]),
        ),
        Section(
            "publication_consents",
            gettext_lazy("Consent to publishing outputs"),
            lambda: _publication_consents(user),
            lambda item: f"{item['output']}: {item['status_label']}",
        ),
    ]


# --- notifications -------------------------------------------------------------------------------


def _notifications(user: User) -> Iterator[Item]:
    still_visible = visible_notifications(user).filter(pk=OuterRef("pk"))
    rows = (
        Notification.objects.filter(recipient=user)
        .select_related("actor", "edition")
        .annotate(visible=Exists(still_visible))
        .order_by("created_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        item: Item = {
            "kind": row.kind,
            "kind_label": row.get_kind_display(),
            "channel": row.channel,
            "created_at": row.created_at,
            "read_at": row.read_at,
            "emailed_at": row.emailed_at,
            "in_a_digest_at": row.digested_at,
        }
        if row.visible:
            item |= {
                "sentence": row.sentence(),
                "edition": row.edition.name if row.edition else None,
                "excerpt": row.excerpt,
                "link": absolute_url(row.url) if row.url.startswith("/") else row.url,
            }
        else:
            # About something the person may no longer see (a group they left): that they were
            # told stays theirs, what it said does not.
            item["details_left_out"] = True
        yield item


def notification_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "notifications",
            gettext_lazy("Notifications"),
            lambda: _notifications(user),
            lambda item: _with_date(
                item.get("sentence") or str(item["kind_label"]), item["created_at"]
            ),
        )
    ]


# --- preferences and follows ---------------------------------------------------------------------


def _preferences(user: User) -> Iterator[Item]:
    for row in Preference.objects.filter(user=user).order_by("kind"):
        yield {
            "kind": row.kind,
            "kind_label": row.get_kind_display(),
            "channel": row.channel,
            "channel_label": row.get_channel_display(),
        }


def _follows(user: User) -> Iterator[Item]:
    rows = list(
        Follow.objects.filter(user=user).select_related("edition").order_by("created_at", "pk")
    )
    labels: dict[tuple[int, str], str] = {}
    by_type: dict[int, list[str]] = {}
    for row in rows:
        by_type.setdefault(row.target_type_id, []).append(row.target_id)
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            labels[(type_id, str(obj.pk))] = str(obj)
    for row in rows:
        yield {
            "what": ContentType.objects.get_for_id(row.target_type_id).model,
            "title": labels.get((row.target_type_id, row.target_id), ""),
            "edition": row.edition.name if row.edition else None,
            "automatic": row.automatic,
            "since": row.created_at,
        }


def _digests(user: User) -> Iterator[Item]:
    rows = DigestDelivery.objects.filter(user=user).order_by("created_at", "pk")
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "period": row.period,
            "period_key": row.period_key,
            "sent_at": row.sent_at,
            "notifications": row.count,
        }


def preference_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "notification_preferences",
            gettext_lazy("How you want to be notified"),
            lambda: _preferences(user),
            lambda item: f"{item['kind_label']}: {item['channel_label']}",
        ),
        Section(
            "follows",
            gettext_lazy("What you follow"),
            lambda: _follows(user),
            lambda item: item["title"] or item["what"],
        ),
        Section(
            "digests",
            gettext_lazy("Digests sent to you"),
            lambda: _digests(user),
            lambda item: item["period_key"],
        ),
    ]


# --- the ledger ----------------------------------------------------------------------------------


def _ledger(user: User) -> Iterator[Item]:
    rows = (
        ActivityEntry.objects.filter(actor=user)
        .select_related("edition", "target_type")
        .order_by("created_at", "pk")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "what": row.verb,
            "what_label": row.get_verb_display(),
            "bringing_or_taking": row.direction,
            "edition": row.edition.name if row.edition else None,
            "about": row.target_label,
            "about_type": row.target_type.model if row.target_type else None,
            "details": row.data,
            "visibility": row.visibility,
            "time": row.created_at,
        }


def ledger_sections(user: User, plan: FilePlan) -> list[Section]:
    return [
        Section(
            "ledger",
            gettext_lazy("What you did on the platform"),
            lambda: _ledger(user),
            lambda item: _with_date(
                f"{item['what_label']}{': ' + item['about'] if item['about'] else ''}", item["time"]
            ),
        )
    ]


# --- the kinds, in the order of the export -------------------------------------------------------

KINDS: list[Kind] = [
    Kind(
        "profile",
        gettext_lazy("Profile"),
        gettext_lazy("Your account and profile: name, address, institution, what you show others."),
        profile_sections,
    ),
    Kind(
        "memberships",
        gettext_lazy("Memberships"),
        gettext_lazy("The editions and learning groups you take or took part in."),
        membership_sections,
    ),
    Kind(
        "applications",
        gettext_lazy("Applications"),
        gettext_lazy("Your applications to take part, with what you wrote and the decision."),
        application_sections,
    ),
    Kind(
        "registrations",
        gettext_lazy("Registrations and attendance"),
        gettext_lazy("The meetings you registered for and the ones you attended."),
        registration_sections,
    ),
    Kind(
        "journal",
        gettext_lazy("Learning journal"),
        gettext_lazy("Every entry of your learning journal, the private ones too."),
        journal_sections,
    ),
    Kind(
        "reflections",
        gettext_lazy("Group reflections"),
        gettext_lazy("The joint reflections of your learning groups that you wrote."),
        reflection_sections,
    ),
    Kind(
        "evaluations",
        gettext_lazy("Evaluations"),
        gettext_lazy("The evaluations you signed, and the meetings you evaluated."),
        evaluation_sections,
        note=gettext_lazy(
            "An evaluation you did not sign is anonymous: it is stored without your name, so "
            "nobody, not even this export, can tell which one is yours."
        ),
    ),
    Kind(
        "proposals",
        gettext_lazy("Proposals"),
        gettext_lazy("Your plenary proposals, the ones you supported and your comments."),
        proposal_sections,
    ),
    Kind(
        "posts",
        gettext_lazy("Discussions"),
        gettext_lazy("The discussions you started and your posts in your groups' discussions."),
        post_sections,
    ),
    Kind(
        "documents",
        gettext_lazy("Documents"),
        gettext_lazy(
            "The library documents you wrote or added, with the current version of their files."
        ),
        document_sections,
    ),
    Kind(
        "activities",
        gettext_lazy("Group work"),
        gettext_lazy(
            "Group activities you logged or took part in, work plans and progress reports you wrote."
        ),
        activity_sections,
    ),
    Kind(
        "consents",
        gettext_lazy("Consents"),
        gettext_lazy(
            "What you agreed to, and when: the privacy statement, agreements, publication."
        ),
        consent_sections,
    ),
    Kind(
        "notifications",
        gettext_lazy("Notifications"),
        gettext_lazy("The notifications the platform made for you."),
        notification_sections,
        note=gettext_lazy(
            "A notification about something you can no longer see (for example in a group you "
            "left) is listed with its kind and dates only."
        ),
    ),
    Kind(
        "preferences",
        gettext_lazy("Preferences"),
        gettext_lazy(
            "How you want to be notified, what you follow, and the digests you were sent."
        ),
        preference_sections,
    ),
    Kind(
        "ledger",
        gettext_lazy("Activity ledger"),
        gettext_lazy("The platform's record of what you did: what you brought and what you took."),
        ledger_sections,
    ),
]

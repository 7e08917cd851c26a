"""The activity feed of an edition: the ledger (core) read through the visibility rule
(groups.visibility) and without anything confidential (showcase.confidential), which is why it
reads from the top layer.

What it shows:

- Only the verbs in FEED_VERBS: what someone did for the edition or a group. Everything a person
  did for themselves stays out (PRIVATE_VERBS, with the reason for each); a verb added to the ledger
  later stays out too until it is added here.
- Each row as a sentence that names who did it and what to ("Fenna liet Sanne toe"), with a link to
  the thing. The link is made from the row alone (its target's type and id and the ids in its data),
  so the feed reads a fixed number of queries however long it is: the rows, the names of the
  groups they mention, and the viewer's groups for the "my groups" filter.
- A group-only row to the members of its group (the row's data names the group); a row about
  something confidential to nobody.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.editions.models import Edition, Phase, Role
from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.groups.visibility import visible_q
from leerplatform.showcase.confidential import about_confidential_q

# --- What the feed shows -------------------------------------------------------------------------

# Anything a person did for themselves, or that concerns only them and the facilitators.
PRIVATE_VERBS: dict[str, str] = {
    Verb.PROFILE_UPDATED: "one's own profile",
    Verb.APPLIED: "an application is between the applicant and the facilitators",
    Verb.ADMITTED: "the same: the feed shows the admission as JOINED (who admitted whom)",
    Verb.DECLINED: "an application's outcome is the applicant's own",
    Verb.WAITLISTED: "an application's outcome is the applicant's own",
    Verb.INVITED: "an invitation names an email address",
    Verb.LEFT: "leaving is one's own decision",
    Verb.PARTICIPATION_ENDED: "a participation ended by a facilitator is the person's own affair",
    Verb.AGREEMENTS_ACCEPTED: "accepting the agreements is for oneself",
    Verb.REGISTERED: "who comes to a meeting is each person's own registration",
    Verb.UNREGISTERED: "the same",
    Verb.PROMOTED_FROM_WAITLIST: "the same",
    Verb.ATTENDED: "attendance is personal (it counts in give and take, not in the feed)",
    Verb.GROUP_LEFT: "leaving a group is one's own decision",
    Verb.JOIN_REQUESTED: "a request waits for the coordinators, not for the edition",
    Verb.DOWNLOADED: "what someone reads or downloads is nobody else's business",
    Verb.DOCUMENT_READ: "the same: reading counts in one's give and take, not in the feed",
    Verb.REFLECTED: "the reflection journal is private",
    Verb.REFLECTION_SHARED: "a shared reflection is for its group, never for a stream",
    Verb.EVALUATED: "evaluations are anonymous",
    Verb.CONSENT_GIVEN: "consent to publication is one person's decision",
    Verb.CONSENT_WITHDRAWN: "the same",
    Verb.REPORT_GENERATED: "a draft of the closing report, for the facilitators",
    Verb.CONTINUATION_ANSWERED: "one's own answer to the invitation to continue",
}

FEED_VERBS: frozenset[str] = frozenset(
    {
        Verb.PHASE_CHANGED,
        Verb.JOINED,
        Verb.AGREEMENTS_PUBLISHED,
        Verb.MEETING_PUBLISHED,
        Verb.MEETING_CANCELLED,
        Verb.CALL_OPENED,
        Verb.PROPOSED,
        Verb.SUPPORTED,
        Verb.COMMENTED,
        Verb.PROPOSAL_SELECTED,
        Verb.GROUP_STARTED,
        Verb.GROUP_JOINED,
        Verb.WORKPLAN_EDITED,
        Verb.WORKPLAN_AGREED,
        Verb.ACTIVITY_LOGGED,
        Verb.REPORTED,
        Verb.POSTED,
        Verb.DOCUMENT_ADDED,
        Verb.DOCUMENT_CHANGED,
        Verb.FILE_UPLOADED,
        Verb.VERSION_RESTORED,
        Verb.DOCUMENT_DELETED,
        Verb.DOCUMENT_RESTORED,
        Verb.GROUP_REFLECTED,
        Verb.OUTPUT_OFFERED,
        Verb.OUTPUT_PUBLISHED,
        Verb.REPORT_PUBLISHED,
        Verb.EDITION_CONTINUED,
    }
)


class Filter:
    ALL = "all"
    GROUPS = "groups"
    MINE = "mine"

    CHOICES = (
        (ALL, gettext_lazy("Everything")),
        (GROUPS, gettext_lazy("My groups")),
        (MINE, gettext_lazy("Mine")),
    )

    @classmethod
    def clean(cls, value: str | None) -> str:
        return value if value in {cls.ALL, cls.GROUPS, cls.MINE} else cls.ALL


PAGE_SIZE = 30


# --- The sentences -------------------------------------------------------------------------------
# %(actor)s is who did it, %(object)s what it was done to (the target's label at the time),
# %(group)s the learning group it happened in.

SENTENCES: dict[str, Promise] = {
    Verb.PHASE_CHANGED: gettext_lazy("%(actor)s moved the edition to the phase ‘%(phase)s’"),
    Verb.AGREEMENTS_PUBLISHED: gettext_lazy("%(actor)s published the collaboration agreements"),
    Verb.MEETING_PUBLISHED: gettext_lazy("%(actor)s published the meeting ‘%(object)s’"),
    Verb.MEETING_CANCELLED: gettext_lazy("%(actor)s cancelled the meeting ‘%(object)s’"),
    Verb.CALL_OPENED: gettext_lazy(
        "%(actor)s opened the call for plenary proposals for ‘%(object)s’"
    ),
    Verb.PROPOSED: gettext_lazy("%(actor)s proposed ‘%(object)s’ for the plenary part"),
    Verb.SUPPORTED: gettext_lazy("%(actor)s supported the proposal ‘%(object)s’"),
    Verb.COMMENTED: gettext_lazy("%(actor)s commented on the proposal ‘%(object)s’"),
    Verb.PROPOSAL_SELECTED: gettext_lazy(
        "The proposal ‘%(object)s’ by %(actor)s was chosen for the programme"
    ),
    Verb.GROUP_STARTED: gettext_lazy("%(actor)s started the learning group ‘%(object)s’"),
    Verb.GROUP_JOINED: gettext_lazy("%(actor)s joined the learning group ‘%(object)s’"),
    Verb.WORKPLAN_EDITED: gettext_lazy("%(actor)s edited the work plan of ‘%(group)s’"),
    Verb.WORKPLAN_AGREED: gettext_lazy("%(actor)s marked the work plan of ‘%(group)s’ as agreed"),
    Verb.ACTIVITY_LOGGED: gettext_lazy("%(actor)s logged the activity ‘%(object)s’ in ‘%(group)s’"),
    Verb.REPORTED: gettext_lazy("%(actor)s wrote a progress report for ‘%(group)s’"),
    Verb.DOCUMENT_ADDED: gettext_lazy("%(actor)s added ‘%(object)s’ to the library"),
    Verb.DOCUMENT_CHANGED: gettext_lazy("%(actor)s changed ‘%(object)s’"),
    Verb.VERSION_RESTORED: gettext_lazy(
        "%(actor)s restored an earlier version of a file in ‘%(object)s’"
    ),
    Verb.DOCUMENT_DELETED: gettext_lazy("%(actor)s moved ‘%(object)s’ to the bin"),
    Verb.DOCUMENT_RESTORED: gettext_lazy("%(actor)s restored ‘%(object)s’ from the bin"),
    Verb.GROUP_REFLECTED: gettext_lazy("%(actor)s wrote the group reflection of ‘%(group)s’"),
    Verb.OUTPUT_OFFERED: gettext_lazy("%(actor)s offered ‘%(object)s’ to the field"),
    Verb.OUTPUT_PUBLISHED: gettext_lazy("‘%(object)s’ by %(actor)s was published"),
    Verb.REPORT_PUBLISHED: gettext_lazy("%(actor)s published the closing report"),
    Verb.EDITION_CONTINUED: gettext_lazy("%(actor)s started this edition from ‘%(previous)s’"),
}
JOINED_SELF = gettext_lazy("%(actor)s joined the edition")
JOINED_ADMITTED = gettext_lazy("%(actor)s admitted %(object)s")
JOINED_FACILITATOR = gettext_lazy("%(actor)s added %(object)s as a facilitator")
POSTED_NEW = gettext_lazy("%(actor)s started the discussion ‘%(object)s’ in ‘%(group)s’")
POSTED_REPLY = gettext_lazy("%(actor)s replied in the discussion ‘%(object)s’ in ‘%(group)s’")
FILE_FIRST = gettext_lazy("%(actor)s added a file to ‘%(object)s’")
FILE_VERSION = gettext_lazy("%(actor)s uploaded a new version of a file in ‘%(object)s’")
SOMEONE = pgettext_lazy("activity feed", "Someone")
A_GROUP = pgettext_lazy("activity feed", "a learning group")


def _sentence_template(entry: ActivityEntry) -> Promise:
    data = entry.data or {}
    if entry.verb == Verb.JOINED:
        if entry.actor_id is None or str(entry.actor_id) == entry.target_id:
            return JOINED_SELF
        if data.get("role") == Role.FACILITATOR:
            return JOINED_FACILITATOR
        return JOINED_ADMITTED
    if entry.verb == Verb.POSTED:
        return POSTED_NEW if data.get("new_thread") else POSTED_REPLY
    if entry.verb == Verb.FILE_UPLOADED:
        return FILE_VERSION if (data.get("version") or 1) > 1 else FILE_FIRST
    return SENTENCES.get(entry.verb, gettext_lazy("%(actor)s %(verb)s"))


def sentence(entry: ActivityEntry, *, group_names: dict[int, str] | None = None) -> SafeString:
    """The row as a sentence of HTML: the actor in bold, names escaped."""
    data = entry.data or {}
    group_id = _group_id(entry)
    group_name = (group_names or {}).get(group_id) if group_id else None
    values = {
        "actor": format_html("<strong>{}</strong>", entry.actor or SOMEONE),
        "object": conditional_escape(entry.target_label),
        "group": conditional_escape(group_name or A_GROUP),
        "verb": conditional_escape(entry.get_verb_display()),
        "phase": conditional_escape(_phase_label(data.get("to", ""))),
        "previous": conditional_escape(data.get("from_name", "")),
    }
    template = str(_sentence_template(entry))
    return mark_safe(conditional_escape(template) % values)  # noqa: S308 - every value escaped


def _phase_label(phase: str) -> str:
    return str(dict(Phase.choices).get(phase, phase))


def _group_id(entry: ActivityEntry) -> int | None:
    group = (entry.data or {}).get("group")
    return group if isinstance(group, int) else None


# --- The links -----------------------------------------------------------------------------------


def _reverse(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def url_of(entry: ActivityEntry, *, edition: Edition) -> str:
    """Where the row's thing lives, from the row alone (no query: content types are cached)."""
    data = entry.data or {}
    target_id = entry.target_id
    group = _group_id(entry)
    model = ""
    if entry.target_type_id:
        model = ContentType.objects.get_for_id(entry.target_type_id).model
    slug = edition.slug
    match entry.verb:
        case Verb.PHASE_CHANGED | Verb.EDITION_CONTINUED:
            return _reverse("editions:detail", slug=slug)
        case Verb.JOINED:
            return _reverse("accounts:person", pk=int(target_id)) if target_id else ""
        case Verb.AGREEMENTS_PUBLISHED:
            return _reverse("membership:agreements", slug=slug)
        case Verb.MEETING_PUBLISHED | Verb.MEETING_CANCELLED:
            return _reverse("meetings:detail", pk=int(target_id))
        case Verb.CALL_OPENED:
            meeting = data.get("meeting")
            return _reverse("proposals:list", meeting_pk=meeting) if meeting else ""
        case Verb.PROPOSED | Verb.SUPPORTED | Verb.PROPOSAL_SELECTED:
            return _reverse("proposals:detail", pk=int(target_id))
        case Verb.COMMENTED:
            url = _reverse("proposals:detail", pk=int(target_id))
            return f"{url}#comment-{data['comment']}" if data.get("comment") else url
        case Verb.GROUP_STARTED | Verb.GROUP_JOINED:
            return _reverse("groups:detail", pk=int(target_id))
        case Verb.WORKPLAN_EDITED | Verb.WORKPLAN_AGREED if group:
            return _reverse("groups:workplan", pk=group)
        case Verb.ACTIVITY_LOGGED if group:
            return f"{_reverse('groups:activities', pk=group)}#activity-{target_id}"
        case Verb.REPORTED if group and data.get("meeting"):
            return _reverse("groups:report", pk=group, meeting_pk=data["meeting"])
        case Verb.POSTED:
            url = _reverse("groups:thread", thread_pk=int(data.get("thread") or target_id))
            return f"{url}#post-{data['post']}" if data.get("post") else url
        case Verb.GROUP_REFLECTED if group:
            return _reverse("groups:detail", pk=group)
        case Verb.OUTPUT_OFFERED | Verb.OUTPUT_PUBLISHED:
            return _reverse("showcase:outputs", slug=slug)
        case Verb.REPORT_PUBLISHED:
            return _reverse("showcase:reports", slug=slug)
    if model == "document":
        return _reverse("library:document", pk=int(target_id))
    if group:
        return _reverse("groups:detail", pk=group)
    return ""


# --- Reading the feed ----------------------------------------------------------------------------


def _feed_rows(*, edition: Edition, user, filter: str = Filter.ALL) -> QuerySet:
    """The rows `user` may see in the feed of `edition`, newest first, narrowed by `filter`."""
    qs = (
        ActivityEntry.objects.filter(edition=edition, verb__in=FEED_VERBS)
        # Starting a group also records joining it: one sentence is enough. `has_key` first: on a
        # row without the key the comparison is NULL, and NOT (NULL) would drop every plain join.
        .exclude(verb=Verb.GROUP_JOINED, data__has_key="started", data__started=True)
        .exclude(about_confidential_q())
        .annotate(feed_group=Cast(KeyTextTransform("group", "data"), IntegerField()))
        .filter(visible_q(user, group_field="feed_group"))
        .select_related("actor")
    )
    if filter == Filter.MINE:
        user_type = ContentType.objects.get_for_model(get_user_model())
        qs = qs.filter(Q(actor=user.pk) | Q(target_type=user_type, target_id=str(user.pk)))
    elif filter == Filter.GROUPS:
        mine = list(
            GroupMembership.objects.active()
            .filter(user=user.pk, group__edition=edition)
            .values_list("group_id", flat=True)
        )
        group_type = ContentType.objects.get_for_model(LearningGroup)
        qs = qs.filter(
            Q(feed_group__in=mine)
            | Q(target_type=group_type, target_id__in=[str(pk) for pk in mine])
        )
    return qs


def _dress(entries: list[ActivityEntry], *, edition: Edition) -> list[ActivityEntry]:
    """Give each row its `sentence` and `url` (one query for the names of the groups named)."""
    ids = {gid for entry in entries if (gid := _group_id(entry))}
    names = dict(LearningGroup.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    for entry in entries:
        # Two attributes for the template, set on the ledger row itself (it is not saved).
        entry.sentence = sentence(entry, group_names=names)  # type: ignore[attr-defined]
        entry.url = url_of(entry, edition=edition)  # type: ignore[attr-defined]
    return entries


def recent_activity(*, edition, user, limit: int = 10) -> list[ActivityEntry]:
    """The latest feed rows of `edition` that `user` may see, each with its `sentence` and `url`;
    never a private row or one about something confidential, whoever looks."""
    return _dress(list(_feed_rows(edition=edition, user=user)[:limit]), edition=edition)


@dataclass
class Day:
    date: dt.date
    entries: list[ActivityEntry] = field(default_factory=list)
    continued: bool = False  # the same day as the last one of the page before

    @property
    def heading(self) -> str:
        return day_heading(self.date)


def day_heading(day: dt.date, *, today: dt.date | None = None) -> str:
    """ "Vandaag", "Gisteren" or the date with its weekday ("dinsdag 1 december 2026")."""
    today = today or timezone.localdate()
    if day == today:
        return _("Today")
    if day == today - dt.timedelta(days=1):
        return _("Yesterday")
    return date_format(day, "DAY_DATE_FORMAT")


@dataclass
class FeedPage:
    filter: str
    page: int
    days: list[Day]
    has_more: bool

    @property
    def last_day(self) -> dt.date | None:
        return self.days[-1].date if self.days else None


def by_day(entries: list[ActivityEntry], *, after_day: dt.date | None = None) -> list[Day]:
    """The rows grouped per local day, in their order."""
    days: list[Day] = []
    for entry in entries:
        day = timezone.localdate(entry.created_at)
        if not days or days[-1].date != day:
            days.append(Day(date=day, continued=not days and day == after_day))
        days[-1].entries.append(entry)
    return days


def activity_feed(
    *,
    edition: Edition,
    user,
    filter: str = Filter.ALL,
    page: int = 1,
    after_day: dt.date | None = None,
    size: int = PAGE_SIZE,
) -> FeedPage:
    """One page of the feed, grouped per day; three queries at most whatever its length."""
    page = max(page, 1)
    start = (page - 1) * size
    rows = list(_feed_rows(edition=edition, user=user, filter=filter)[start : start + size + 1])
    entries = _dress(rows[:size], edition=edition)
    return FeedPage(
        filter=filter,
        page=page,
        days=by_day(entries, after_day=after_day),
        has_more=len(rows) > size,
    )

"""Reads that the edition pages need; each costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.queries import recent_activity
from leerplatform.editions.models import Edition, Membership, Role, Theme
from leerplatform.meetings.models import Meeting
from leerplatform.meetings.queries import published_meetings


def published_editions() -> QuerySet[Edition]:
    """Editions visitors may see, newest first."""
    return Edition.objects.filter(is_published=True)


def current_edition() -> Edition | None:
    """The edition the home page shows: the newest published one."""
    return published_editions().first()


def edition_for_page(*, slug: str, user) -> Edition | None:
    """An edition by slug, if this user may see it (unpublished ones only for members and staff)."""
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None or edition.is_published:
        return edition
    from leerplatform.editions.rules import roles_of

    if user.is_authenticated and (user.is_staff or edition.pk in roles_of(user)):
        return edition
    return None


@dataclass
class MemberCounts:
    participants: int = 0
    facilitators: int = 0
    institutions: int = 0


@dataclass
class EditionOverview:
    """Everything the public edition page shows."""

    edition: Edition
    themes: list[Theme]
    meetings: list[Meeting]
    counts: MemberCounts
    next_meeting: Meeting | None = None
    past_meetings: list[Meeting] = field(default_factory=list)
    later_meetings: list[Meeting] = field(default_factory=list)


def member_counts(*, edition: Edition) -> MemberCounts:
    """Active participants, facilitators and distinct institutions of the edition (one query)."""
    row = (
        Membership.objects.active()
        .filter(edition=edition)
        .aggregate(
            participants=Count("id", filter=Q(role=Role.PARTICIPANT)),
            facilitators=Count("id", filter=Q(role=Role.FACILITATOR)),
            institutions=Count("user__institution", filter=Q(role=Role.PARTICIPANT), distinct=True),
        )
    )
    return MemberCounts(**row)


def edition_overview(*, edition: Edition) -> EditionOverview:
    """Themes, meetings split into past / next / later, and member counts of an edition."""
    meetings = published_meetings(edition=edition)
    now = timezone.now()
    past = [m for m in meetings if m.ends_at < now]
    upcoming = [m for m in meetings if m.ends_at >= now]
    return EditionOverview(
        edition=edition,
        themes=list(edition.themes.all()),
        meetings=meetings,
        counts=member_counts(edition=edition),
        next_meeting=upcoming[0] if upcoming else None,
        past_meetings=past,
        later_meetings=upcoming[1:],
    )


@dataclass
class Dashboard:
    overview: EditionOverview
    role: str | None
    activity: list[ActivityEntry]
    # What the phase asks for first (editions.queries_dashboard), and its partial template.
    focus: object = None
    focus_template: str = ""
    prompts: object = None  # queries_dashboard.Prompts, in the phases after start-up


def dashboard(*, edition: Edition, user) -> Dashboard:
    """The member's dashboard: first what the edition's phase asks for, then the prompts to
    reflect and evaluate, the overview, their role and the recent activity they may see."""
    from leerplatform.editions import queries_dashboard
    from leerplatform.editions.rules import roles_of

    overview = edition_overview(edition=edition)
    role = roles_of(user).get(edition.pk)
    return Dashboard(
        overview=overview,
        role=role,
        activity=recent_activity(edition=edition, user=user),
        focus=queries_dashboard.phase_focus(
            edition=edition, user=user, role=role, overview=overview
        ),
        focus_template=queries_dashboard.PARTIALS[edition.phase],
        prompts=(
            queries_dashboard.prompts(edition=edition, user=user)
            if role is not None and edition.phase in queries_dashboard.PHASES_WITH_PROMPTS
            else None
        ),
    )


def latest_membership_edition(*, user) -> Edition | None:
    """The edition a person lands on after logging in: their newest active one."""
    membership = (
        Membership.objects.active()
        .filter(user=user)
        .select_related("edition")
        .order_by("-edition__starts_on")
        .first()
    )
    return membership.edition if membership else None


def phase_history(*, edition: Edition) -> list[ActivityEntry]:
    """Every phase change of the edition, newest first, with who made it."""
    return list(
        ActivityEntry.objects.filter(edition=edition, verb=Verb.PHASE_CHANGED).select_related(
            "actor"
        )
    )

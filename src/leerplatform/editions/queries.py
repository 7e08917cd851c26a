"""Reads about editions alone; each costs a fixed number of queries. The pages that show an
edition with its meetings and more (home, edition page, dashboard) read in pages.queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.editions.models import Edition, Membership, Role
from leerplatform.editions.rules import roles_of


def published_editions() -> QuerySet[Edition]:
    """Editions visitors may see, newest first."""
    return Edition.objects.filter(is_published=True)


def current_edition() -> Edition | None:
    """The edition the home page shows: the newest published one."""
    return published_editions().first()


def sees_edition(*, edition: Edition, user) -> bool:
    """Whether `user` may see `edition` and its pages: a published one everyone, an unpublished
    one only its members and staff (no query for a published edition)."""
    return edition.is_published or (
        user.is_authenticated and (user.is_staff or edition.pk in roles_of(user))
    )


def load_edition(slug: str, **other_url_kwargs) -> Edition:
    """The loader of `permission_required` for edition pages: the edition by slug, or a 404."""
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None:
        raise Http404(_("This edition does not exist."))
    return edition


def hides_edition(user, edition: Edition) -> bool:
    """`permission_required`'s `hide` for edition pages: a refusal is a 404 to whoever may not
    see the edition at all (an unpublished one), a 403 to the others."""
    return not sees_edition(edition=edition, user=user)


def hides_meeting_edition(user, meeting) -> bool:
    """The same for a meeting's pages: the meeting's edition decides."""
    return not sees_edition(edition=meeting.edition, user=user)


def edition_for_page(*, slug: str, user) -> Edition | None:
    """An edition by slug, if this user may see it (unpublished ones only for members and staff)."""
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None or not sees_edition(edition=edition, user=user):
        return None
    return edition


@dataclass
class MemberCounts:
    participants: int = 0
    facilitators: int = 0
    institutions: int = 0


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

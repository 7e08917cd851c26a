"""Reads about editions alone; each costs a fixed number of queries. The pages that show an
edition with its meetings and more (home, edition page, dashboard) read in pages.queries."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db.models import BooleanField, Case, Count, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.shared_reads import shared
from leerplatform.core.statements import InstanceStatement
from leerplatform.editions.models import Edition, EditionContact, Membership, Phase, Role
from leerplatform.editions.rules import roles_of

# Editions visitors may see: published ones, and every closed one (`Edition.is_public`).
PUBLIC_EDITION_Q = Q(is_published=True) | Q(phase=Phase.CLOSED)


def published_editions() -> QuerySet[Edition]:
    """Editions visitors may see, newest first."""
    return Edition.objects.filter(PUBLIC_EDITION_Q)


def public_editions_in_order() -> QuerySet[Edition]:
    """Editions visitors may see, the open ones first (`is_open_q`: not closed and not past its
    last day, as in "Mijn edities"), each part newest first."""
    return published_editions().order_by(
        Case(When(is_open_q(), then=0), default=1), "-starts_on", "name"
    )


def current_edition() -> Edition | None:
    """The edition a visitor sees first (the home page, the public menu): the newest running one,
    else the newest closed one; None when visitors may see none (one query)."""
    return public_editions_in_order().first()


def sees_edition(*, edition: Edition, user) -> bool:
    """Whether `user` may see `edition` and its pages: a published or closed one everyone, an
    unpublished one in preparation only its members and staff (no query for a public edition)."""
    return edition.is_public or (
        user.is_authenticated and (user.is_staff or edition.pk in roles_of(user))
    )


# Every edition page loads its edition first: SQL built once per process (core.statements).
_EDITION_BY_SLUG = InstanceStatement(Edition, lambda slug: Edition.objects.filter(slug=slug))


def _edition_by_slug(slug: str) -> Edition | None:
    # A slug that names no edition is not kept: a scan of made-up addresses fills no cache.
    return shared(f"edition:{slug}", lambda: _EDITION_BY_SLUG.instance(slug), keep=_found)


def _found(value) -> bool:
    return value is not None


def load_edition(slug: str, **other_url_kwargs) -> Edition:
    """The loader of `permission_required` for edition pages: the edition by slug, or a 404.
    The row is the same for everyone: kept under the content version (`core.shared_reads`), so
    a page that finds it there reads no edition; whether this person may see it is decided
    after, as before."""
    edition = _edition_by_slug(slug)
    if edition is None:
        raise Http404(_("This edition does not exist."))
    return edition


def hides_edition(user, edition: Edition) -> bool:
    """`permission_required`'s `hide` for edition pages: a refusal is a 404 to whoever may not
    see the edition at all (an unpublished one), a 403 to the others."""
    return not sees_edition(edition=edition, user=user)


def contacts_of(*, edition: Edition) -> list[EditionContact]:
    """The edition's contact persons in their order (one query)."""
    return list(EditionContact.objects.filter(edition=edition))


def contact_of(*, edition: Edition, pk: int) -> EditionContact:
    """One contact person of the edition, or a 404."""
    contact = EditionContact.objects.filter(edition=edition, pk=pk).first()
    if contact is None:
        raise Http404(_("This contact person does not exist."))
    return contact


def hides_meeting_edition(user, meeting) -> bool:
    """The same for a meeting's pages: the meeting's edition decides."""
    return not sees_edition(edition=meeting.edition, user=user)


def edition_for_page(*, slug: str, user) -> Edition | None:
    """An edition by slug, if this user may see it (unpublished ones only for members and staff).
    The row is kept as `load_edition` keeps it."""
    edition = _edition_by_slug(slug)
    if edition is None or not sees_edition(edition=edition, user=user):
        return None
    return edition


class MemberCounts(NamedTuple):
    """Immutable, so a kept read of it is handed out as it is (core.version_watch)."""

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


def is_open_q(*, prefix: str = "", today: dt.date | None = None) -> Q:
    """An edition is *open* (still running) while its phase is not "closed" and its last day has
    not passed (Dutch time); any other edition is over. `prefix` reaches the edition through a
    relation ("edition__" for memberships)."""
    return ~Q(**{f"{prefix}phase": Phase.CLOSED}) & Q(
        **{f"{prefix}ends_on__gte": today or timezone.localdate()}
    )


def _my_memberships(*, user) -> QuerySet[Membership]:
    """The person's active memberships with their editions, the most relevant first: open
    editions before those that are over, then the newest (latest start) first."""
    return (
        Membership.objects.active()
        .filter(user=user.pk)
        .select_related("edition")
        .annotate(
            edition_is_open=Case(
                When(is_open_q(prefix="edition__"), then=True),
                default=False,
                output_field=BooleanField(),
            )
        )
        .order_by("-edition_is_open", "-edition__starts_on", "edition__name")
    )


def most_relevant_edition(*, user) -> Edition | None:
    """The edition a person lands on after logging in (/dashboard/): of their active
    memberships, an open edition before one that is over, the newest first (one query)."""
    membership = _my_memberships(user=user).first()
    return membership.edition if membership else None


def my_editions(*, user) -> list[Membership]:
    """The editions of the "Mijn edities" switcher: the person's active memberships (edition
    joined, `edition_is_open` annotated) in the order of `most_relevant_edition`, or nothing when
    they take part in fewer than two. Ended memberships are left out: their dashboards are closed
    to the person. Cached on the user object. The roles (`roles_of`, read on nearly every page
    anyway, with SQL built once) say first whether there are two editions to switch between; only
    then are the memberships read with their editions (one query more)."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_my_editions", None)
    if cached is not None:
        return cached
    rows: list[Membership] = []
    if len(roles_of(user)) >= 2:
        rows = list(_my_memberships(user=user))
    user._my_editions = rows
    return rows


def continuations_for(*, edition: Edition, user) -> list[Edition]:
    """The editions that continue `edition` which this person may see: published ones, and
    the ones they take part in, newest first (one query; none for an edition that is not closed,
    which cannot have been continued yet)."""
    if edition.phase != Phase.CLOSED:
        return []
    mine = list(roles_of(user))
    return list(
        Edition.objects.filter(continued_from=edition)
        .filter(Q(is_published=True) | Q(pk__in=mine))
        .order_by("-starts_on", "name")
    )


def phase_history(*, edition: Edition) -> list[ActivityEntry]:
    """Every phase change of the edition, newest first, with who made it."""
    return list(
        ActivityEntry.objects.filter(edition=edition, verb=Verb.PHASE_CHANGED).select_related(
            "actor"
        )
    )

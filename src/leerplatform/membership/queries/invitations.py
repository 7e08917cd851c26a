"""Reads for the invitation pages; each costs a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerplatform.accounts.models import Institution, User
from leerplatform.editions.models import Edition
from leerplatform.membership.models import Invitation

PAGE_SIZE = 50


class InvitationState:
    PENDING = "pending"
    ACCEPTED = "accepted"
    EXPIRED = "expired"

    CHOICES = [
        (PENDING, _("Open")),
        (ACCEPTED, _("Accepted")),
        (EXPIRED, _("Expired")),
    ]


def _state_q(state: str, now) -> Q:
    if state == InvitationState.ACCEPTED:
        return Q(accepted_at__isnull=False)
    if state == InvitationState.EXPIRED:
        return Q(accepted_at__isnull=True, expires_at__lte=now)
    return Q(accepted_at__isnull=True, expires_at__gt=now)


@dataclass
class InvitationTab:
    state: str
    label: str
    count: int
    is_current: bool


@dataclass
class InvitationList:
    state: str
    tabs: list[InvitationTab]
    page: Page


def invitation_list(*, edition: Edition, state: str, page_number) -> InvitationList:
    """The edition's invitations in one state (open, accepted, expired), one page of them.

    Two queries: the counts per state (which also gives the paginator its count) and the page.
    """
    now = timezone.now()
    if state not in dict(InvitationState.CHOICES):
        state = InvitationState.PENDING
    counts = Invitation.objects.filter(edition=edition).aggregate(
        **{s: Count("id", filter=_state_q(s, now)) for s, _label in InvitationState.CHOICES}
    )
    queryset = (
        Invitation.objects.filter(edition=edition)
        .filter(_state_q(state, now))
        .select_related("institution", "invited_by", "accepted_by")
        .order_by("-created_at", "-id")
    )
    paginator = Paginator(queryset, PAGE_SIZE)
    paginator.count = counts[state]  # known already: saves the COUNT query
    page = paginator.get_page(page_number)
    return InvitationList(
        state=state,
        tabs=[
            InvitationTab(state=s, label=str(label), count=counts[s], is_current=s == state)
            for s, label in InvitationState.CHOICES
        ],
        page=page,
    )


def institutions_for_choice() -> QuerySet[Institution]:
    """The institutions a facilitator can pick from, by name."""
    return Institution.objects.order_by("name")


def invitation_by_token(*, token: str) -> Invitation:
    """The invitation behind a link, with its edition; 404 when there is none."""
    invitation = (
        Invitation.objects.select_related("edition", "institution").filter(token=token).first()
    )
    if invitation is None:
        raise Http404(_("This invitation does not exist."))
    return invitation


def account_for_email(*, email: str) -> User | None:
    """The existing account with this email address, if any."""
    return User.objects.filter(email__iexact=email).first()

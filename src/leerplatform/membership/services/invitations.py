"""Inviting people into an edition, one by one or by CSV file, and accepting an invitation.

Every write here runs in one transaction, records the ledger and enqueues the emails only after
the transaction commits (a rolled-back invitation is never mailed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerplatform.accounts.models import Institution, User
from leerplatform.core import activity, visitor_cache
from leerplatform.core.models import VERB_DIRECTIONS, ActivityEntry, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions import services as edition_services
from leerplatform.editions.models import Edition, Membership, Role
from leerplatform.membership import events
from leerplatform.membership.csv_import import CsvRow
from leerplatform.membership.models import Invitation, new_token

# Invitations name people who are not members (yet): their entries stay out of every activity
# stream. The ledger keeps them for the facilitators' overviews; no group field = seen by nobody.
INVITATION_VISIBILITY = Visibility.GROUP
# The model's limits: a CSV row is checked against them before any row is made (bulk_create
# does not validate), with messages that name the row.
EMAIL_MAX_LENGTH: int = Invitation._meta.get_field("email").max_length or 254
NAME_MAX_LENGTH: int = Invitation._meta.get_field("name").max_length or 150
# Every row that was not invited is listed after an import; of the invited rows only so many
# (a page of 10,000 rows helps nobody and weighs megabytes; the counts cover them all).
DONE_ROWS_SHOWN = 500


class InvitationError(Exception):
    """An invitation cannot be used (any more); `reason` is one of the class constants."""

    USED = "used"
    EXPIRED = "expired"
    ACCOUNT_EXISTS = "account_exists"
    WRONG_ACCOUNT = "wrong_account"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class AlreadyMember(ValidationError):
    """The person invited already takes part in the edition."""


@dataclass
class InviteOutcome:
    invitation: Invitation
    renewed: bool


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def expiry_from(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(days=settings.INVITATION_VALID_DAYS)


def _active_member_emails(edition: Edition, emails: Iterable[str] | None = None) -> set[str]:
    qs = Membership.objects.active().filter(edition=edition)
    if emails is not None:
        qs = qs.filter(user__email__in=list(emails))
    return {e.lower() for e in qs.values_list("user__email", flat=True)}


def _enqueue_emails(invitation_ids: list[int]) -> None:
    """The emails go out after the commit (see `tasks.queue_invitation_emails`)."""
    events.invitations_made.send(sender=Invitation, invitation_ids=invitation_ids)


def _renew(invitation: Invitation, *, name: str, institution, actor, now) -> None:
    """A fresh link (the old one stops working), a fresh expiry, and to be mailed again."""
    invitation.token = new_token()
    invitation.expires_at = expiry_from(now)
    invitation.sent_at = None
    invitation.accepted_at = None
    invitation.accepted_by = None
    invitation.invited_by = actor if getattr(actor, "is_authenticated", False) else None
    if name:
        invitation.name = name
    if institution is not None:
        invitation.institution = institution


@transaction.atomic
def invite_person(
    *,
    edition: Edition,
    email: str,
    name: str = "",
    institution: Institution | None = None,
    actor,
) -> InviteOutcome:
    """Invite one person by email, or renew and resend their open invitation.

    Raises ValidationError for an invalid address and AlreadyMember for an active member.
    """
    email = normalise_email(email)
    validate_email(email)
    name = (name or "").strip()[:NAME_MAX_LENGTH]
    if email in _active_member_emails(edition, [email]):
        raise AlreadyMember(_("%(email)s is already a member of this edition.") % {"email": email})
    now = timezone.now()
    invitation = (
        Invitation.objects.select_for_update().filter(edition=edition, email__iexact=email).first()
    )
    renewed = invitation is not None
    if invitation is None:
        invitation = Invitation(
            edition=edition,
            email=email,
            name=name,
            institution=institution,
            invited_by=actor if actor.is_authenticated else None,
            created_at=now,
            expires_at=expiry_from(now),
        )
    else:
        _renew(invitation, name=name, institution=institution, actor=actor, now=now)
    invitation.full_clean(validate_unique=False, validate_constraints=False)
    invitation.save()
    activity.record(
        actor=actor,
        verb=Verb.INVITED,
        edition=edition,
        target=invitation,
        visibility=INVITATION_VISIBILITY,
        data={"email": email, "renewed": renewed},
    )
    _enqueue_emails([invitation.pk])
    return InviteOutcome(invitation=invitation, renewed=renewed)


# --- Import from a CSV file ------------------------------------------------------------------


class RowStatus:
    INVITED = "invited"
    RENEWED = "renewed"
    ALREADY_MEMBER = "already_member"
    INVALID_EMAIL = "invalid_email"
    INVALID_NAME = "invalid_name"
    UNKNOWN_INSTITUTION = "unknown_institution"
    DUPLICATE = "duplicate"

    LABELS = {
        INVITED: gettext_lazy("Invited"),
        RENEWED: gettext_lazy("Invitation renewed"),
        ALREADY_MEMBER: gettext_lazy("Already a member"),
        INVALID_EMAIL: gettext_lazy("Invalid email address"),
        INVALID_NAME: gettext_lazy("Name too long"),
        UNKNOWN_INSTITUTION: gettext_lazy("Unknown institution"),
        DUPLICATE: gettext_lazy("Duplicate in the file"),
    }
    DONE = (INVITED, RENEWED)
    ORDER = (
        INVALID_EMAIL,
        UNKNOWN_INSTITUTION,
        INVALID_NAME,
        DUPLICATE,
        ALREADY_MEMBER,
        RENEWED,
        INVITED,
    )


@dataclass
class RowResult:
    line: int
    name: str
    email: str
    institution: str
    status: str

    @property
    def label(self) -> str:
        return str(RowStatus.LABELS[self.status])

    @property
    def is_done(self) -> bool:
        return self.status in RowStatus.DONE


@dataclass
class ImportResult:
    rows: list[RowResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def summary(self) -> list[tuple[str, str, int]]:
        """(status, label, count) for every status that occurs, problems first."""
        counts: dict[str, int] = {}
        for r in self.rows:
            counts[r.status] = counts.get(r.status, 0) + 1
        return [(s, str(RowStatus.LABELS[s]), counts[s]) for s in RowStatus.ORDER if s in counts]

    @property
    def sent(self) -> int:
        return sum(1 for r in self.rows if r.is_done)

    @property
    def problems(self) -> list[RowResult]:
        return [r for r in self.rows if not r.is_done]

    @property
    def done(self) -> list[RowResult]:
        return [r for r in self.rows if r.is_done]

    @property
    def done_shown(self) -> list[RowResult]:
        """The invited rows the results page lists; the rest are in the invitations list."""
        return self.done[:DONE_ROWS_SHOWN]

    @property
    def done_not_shown(self) -> int:
        return max(0, self.sent - DONE_ROWS_SHOWN)


def _is_valid_email(email: str) -> bool:
    if not email or len(email) > EMAIL_MAX_LENGTH:
        return False
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def _classify(
    rows: list[CsvRow], *, institutions: dict[str, Institution], members: set[str]
) -> list[RowResult]:
    """The status of each row before writing: everything but invited/renewed is decided here."""
    results, seen = [], set()
    for row in rows:
        email = normalise_email(row.email)
        status = RowStatus.INVITED
        if not _is_valid_email(email):
            status = RowStatus.INVALID_EMAIL
        elif row.institution and row.institution.lower() not in institutions:
            status = RowStatus.UNKNOWN_INSTITUTION
        elif len(row.name) > NAME_MAX_LENGTH:
            status = RowStatus.INVALID_NAME
        elif email in seen:
            status = RowStatus.DUPLICATE
        elif email in members:
            status = RowStatus.ALREADY_MEMBER
        if status != RowStatus.INVALID_EMAIL:
            seen.add(email)
        results.append(
            RowResult(
                line=row.line,
                name=row.name,
                email=email if status != RowStatus.INVALID_EMAIL else row.email,
                # The institution's own spelling when it is known.
                institution=(
                    institutions[row.institution.lower()].name
                    if row.institution.lower() in institutions
                    else row.institution
                ),
                status=status,
            )
        )
    return results


@transaction.atomic
def import_invitations(*, edition: Edition, rows: list[CsvRow], actor) -> ImportResult:
    """Invite everyone on the checked rows of a CSV file in one transaction; one email task.

    Rows that cannot be invited get a status saying why; the others are invited, or their open
    invitation is renewed. The emails go out in batches from a single task after the commit.
    """
    now = timezone.now()
    institutions = {i.name.lower(): i for i in Institution.objects.all()}
    emails = {normalise_email(r.email) for r in rows}
    members = _active_member_emails(edition, emails)
    results = _classify(rows, institutions=institutions, members=members)
    to_invite = [r for r in results if r.status == RowStatus.INVITED]

    # Compared lowercased, like the unique constraint: a row made elsewhere (the admin) may have
    # capitals. Chunks keep the IN lists small for SQLite.
    wanted = [r.email for r in to_invite]
    existing: dict[str, Invitation] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        locked = (
            Invitation.objects.select_for_update()
            .annotate(email_lower=Lower("email"))
            .filter(edition=edition, email_lower__in=chunk)
        )
        for row in locked:
            existing[row.email.lower()] = row
    invited_by = actor if actor.is_authenticated else None
    new: list[Invitation] = []
    renewed: list[Invitation] = []
    for result in to_invite:
        institution = institutions.get(result.institution.lower()) if result.institution else None
        invitation = existing.get(result.email)
        if invitation is not None:
            _renew(invitation, name=result.name, institution=institution, actor=actor, now=now)
            renewed.append(invitation)
            result.status = RowStatus.RENEWED
        else:
            new.append(
                Invitation(
                    edition=edition,
                    email=result.email,
                    name=result.name,
                    institution=institution,
                    invited_by=invited_by,
                    created_at=now,
                    expires_at=expiry_from(now),
                )
            )
    Invitation.objects.bulk_create(new, batch_size=500)
    Invitation.objects.bulk_update(
        renewed,
        [
            "token",
            "expires_at",
            "sent_at",
            "accepted_at",
            "accepted_by",
            "invited_by",
            "name",
            "institution",
        ],
        batch_size=500,
    )
    invitations = new + renewed
    _record_invitations(invitations, edition=edition, actor=invited_by, renewed=set(renewed))
    _enqueue_emails([i.pk for i in invitations])
    return ImportResult(rows=results)


def _record_invitations(invitations, *, edition: Edition, actor, renewed: set) -> None:
    """The ledger rows of an import in bulk: what activity.record would write, row by row."""
    content_type = ContentType.objects.get_for_model(Invitation)
    ActivityEntry.objects.bulk_create(
        [
            ActivityEntry(
                actor=actor,
                verb=Verb.INVITED,
                direction=VERB_DIRECTIONS[Verb.INVITED],
                edition=edition,
                target_type=content_type,
                target_id=str(invitation.pk),
                target_label=str(invitation)[:300],
                data={"email": invitation.email, "renewed": invitation in renewed, "import": True},
                visibility=INVITATION_VISIBILITY,
            )
            for invitation in invitations
        ],
        batch_size=500,
    )
    visitor_cache.content_changed()  # bulk_create sends no signal: the feed changed


# --- Accepting -----------------------------------------------------------------------------


def _lock_usable(invitation: Invitation) -> Invitation:
    """The invitation row, locked until the transaction ends; refused when used or expired."""
    locked = Invitation.objects.select_for_update().select_related("edition").get(pk=invitation.pk)
    if locked.is_used:
        raise InvitationError(InvitationError.USED)
    if locked.is_expired:
        raise InvitationError(InvitationError.EXPIRED)
    return locked


def _accept(invitation: Invitation, user: User) -> Invitation:
    edition_services.add_member(edition=invitation.edition, user=user, role=Role.PARTICIPANT)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation


def _verify_email(user: User, email: str) -> None:
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email__iexact=email, defaults={"email": email}
    )
    EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
        primary=False
    )
    if not (address.verified and address.primary):
        address.verified = True
        address.primary = True
        address.save(update_fields=["verified", "primary"])


@transaction.atomic
def accept_with_new_account(*, invitation: Invitation, name: str, password: str) -> User:
    """Create the invited person's account (email verified: the link proves it) and join them."""
    invitation = _lock_usable(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError(InvitationError.ACCOUNT_EXISTS)
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        name=name.strip()[:NAME_MAX_LENGTH],
        institution=invitation.institution,
    )
    _verify_email(user, user.email)
    _accept(invitation, user)
    return user


@transaction.atomic
def accept_with_existing_account(*, invitation: Invitation, user: User) -> User:
    """Join the edition with the account that already has the invited email address."""
    invitation = _lock_usable(invitation)
    if user.email.lower() != invitation.email.lower():
        raise InvitationError(InvitationError.WRONG_ACCOUNT)
    _verify_email(user, invitation.email)
    _accept(invitation, user)
    return user

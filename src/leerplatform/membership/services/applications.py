"""Every change to applications: applying, confirming the address, and the facilitators' decisions.

The ledger rows of applications (APPLIED, ADMITTED, DECLINED, WAITLISTED) are personal data:
they are recorded with `group` visibility and no group, so that no activity stream shows them;
facilitators read applications on the review pages. Their actor is the applicant (the verbs read
"was admitted", "was declined"); who decided is in the details and on the application.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leerplatform.accounts.models import Institution, User
from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions import services as edition_services
from leerplatform.editions.models import Edition, Membership, Role, Theme
from leerplatform.membership.models import Application, ApplicationStatus
from leerplatform.membership.queries_applications import is_email_taken, participant_count
from leerplatform.membership.tasks_applications import (
    send_application_decision,
    send_application_received,
)

# Applications are not shown in activity streams (see the module docstring).
PRIVATE = Visibility.GROUP


class EditionFull(ValidationError):
    """Accepting would take the edition past its maximum number of participants."""


def duplicate_message() -> str:
    return _(
        "An application with this email address has already been received for this edition. "
        "Check your inbox for our confirmation email."
    )


@transaction.atomic
def submit_application(
    *,
    edition: Edition,
    name: str,
    email: str,
    institution: Institution | None,
    institution_other: str = "",
    job_title: str,
    years_of_experience: int,
    work_level: str,
    motivation: str,
    themes: Iterable[Theme],
    applicant: User | None = None,
    base_url: str,
) -> Application:
    """Record an application, creating (or reusing, by email) the person, and mail a confirmation.

    `applicant` is the logged-in person applying for themselves; their account's address is used.
    New people get the profile facts from the form, an unusable password and an unverified
    address. Raises ValidationError when the edition is not open, the person already takes part,
    or this address already applied (also when two submissions race).
    """
    if not edition.applications_open or edition.phase == "closed":
        raise ValidationError(_("This edition does not take applications at the moment."))
    email = (applicant.email if applicant is not None else email).strip().lower()
    try:
        with transaction.atomic():
            return _create_application(
                edition=edition,
                name=name.strip(),
                email=email,
                institution=institution,
                institution_other="" if institution is not None else institution_other.strip(),
                job_title=job_title.strip(),
                years_of_experience=years_of_experience,
                work_level=work_level,
                motivation=motivation.strip(),
                themes=list(themes),
                applicant=applicant,
                base_url=base_url,
            )
    except IntegrityError as error:
        # Someone submitted the same address at the same moment; the database kept one.
        if Application.objects.filter(edition=edition, email__iexact=email).exists():
            raise ValidationError({"email": duplicate_message()}) from error
        raise ValidationError(
            _("Your application could not be saved just now. Please submit it again.")
        ) from error


def _create_application(
    *,
    edition: Edition,
    email: str,
    themes: list[Theme],
    applicant: User | None,
    base_url: str,
    **facts,
) -> Application:
    if is_email_taken(edition=edition, email=email):
        raise ValidationError({"email": duplicate_message()})
    if any(theme.edition_id != edition.pk for theme in themes):
        raise ValidationError({"themes": _("Choose themes of this edition.")})
    user = applicant or User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,  # unusable: they choose one through the verification link
            name=facts["name"],
            institution=facts["institution"],
            job_title=facts["job_title"],
            years_of_experience=facts["years_of_experience"],
            work_level=facts["work_level"],
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    elif Membership.objects.active().filter(user=user, edition=edition).exists():
        raise ValidationError({"email": _("This person already takes part in this edition.")})
    application = Application.objects.create(
        edition=edition, user=user, email=email, consented_at=timezone.now(), **facts
    )
    application.themes.set(themes)
    activity.record(
        actor=user,
        verb=Verb.APPLIED,
        edition=edition,
        target=application,
        visibility=PRIVATE,
        data={"themes": [t.pk for t in themes]},
    )
    transaction.on_commit(
        partial(send_application_received.enqueue, application.pk, base_url),
    )
    return application


def token_is_used(application: Application) -> bool:
    """A verification link works until the address is confirmed and the person has a password."""
    return application.email_verified_at is not None and application.user.has_usable_password()


@transaction.atomic
def confirm_application_email(
    *, application: Application, password: str | None = None
) -> Application:
    """Mark the application's address as confirmed (and its allauth address as verified).

    When the person has no usable password yet, `password` (already validated by Django's
    SetPasswordForm) becomes their password. Raises ValidationError when the link was used.
    """
    application = (
        Application.objects.select_for_update().select_related("user").get(pk=application.pk)
    )
    user = application.user
    if token_is_used(application):
        raise ValidationError(_("This link has already been used."))
    if not user.has_usable_password():
        if not password:
            raise ValidationError(_("Choose a password."))
        user.set_password(password)
        user.save(update_fields=["password"])
    if application.email_verified_at is None:
        application.email_verified_at = timezone.now()
        application.save(update_fields=["email_verified_at"])
    address = EmailAddress.objects.filter(user=user, email__iexact=application.email).first()
    if address is None:
        has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
        EmailAddress.objects.create(
            user=user, email=application.email, verified=True, primary=not has_primary
        )
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return application


# --- Decisions -----------------------------------------------------------------------------------

ACCEPT, DECLINE, WAITLIST = "accept", "decline", "waitlist"

# From which statuses each decision may be taken. Accepted and declined are final: ending a
# participation is a separate step, and a declined person may apply to a later edition.
ALLOWED_FROM = {
    ACCEPT: {ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED},
    DECLINE: {ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED},
    WAITLIST: {ApplicationStatus.SUBMITTED},
}


def _locked(application: Application) -> tuple[Edition, Application]:
    # The edition row is the lock every decision on it queues behind, so that two facilitators
    # accepting at the same moment cannot both take the last place.
    edition = Edition.objects.select_for_update().get(pk=application.edition_id)
    application = (
        Application.objects.select_for_update().select_related("user").get(pk=application.pk)
    )
    return edition, application


def _check_allowed(application: Application, decision: str) -> None:
    if application.status not in ALLOWED_FROM[decision]:
        raise ValidationError(
            _("This application has already been decided on (%(status)s).")
            % {"status": application.get_status_display()}
        )


def _decide(
    application: Application, *, status: str, actor: User, reason: str, verb: str, base_url: str
) -> Application:
    application.status = status
    application.decision_reason = reason
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    data = {"decided_by": actor.pk}
    if reason:
        data["reason"] = reason
    activity.record(
        actor=application.user,
        verb=verb,
        edition=application.edition,
        target=application,
        visibility=PRIVATE,
        data=data,
    )
    transaction.on_commit(
        partial(send_application_decision.enqueue, application.pk, status, base_url)
    )
    return application


@transaction.atomic
def accept_application(*, application: Application, actor: User, base_url: str) -> Application:
    """Admit the applicant as a participant (records JOINED and ADMITTED) and mail them.

    Raises EditionFull when the edition has no place left (the caller offers the waiting list
    instead) and ValidationError when the application was already decided on or the person
    already takes part.
    """
    edition, application = _locked(application)
    _check_allowed(application, ACCEPT)
    if Membership.objects.active().filter(user=application.user, edition=edition).exists():
        raise ValidationError(_("This person already takes part in this edition."))
    if edition.max_participants is not None:
        taken = participant_count(edition=edition)
        if taken >= edition.max_participants:
            raise EditionFull(
                _(
                    "The edition is full (%(taken)s of %(maximum)s places are taken). "
                    "Put the application on the waiting list instead."
                )
                % {"taken": taken, "maximum": edition.max_participants}
            )
    edition_services.add_member(
        edition=edition, user=application.user, role=Role.PARTICIPANT, actor=actor
    )
    return _decide(
        application,
        status=ApplicationStatus.ACCEPTED,
        actor=actor,
        reason="",
        verb=Verb.ADMITTED,
        base_url=base_url,
    )


@transaction.atomic
def decline_application(
    *, application: Application, actor: User, reason: str, base_url: str
) -> Application:
    """Decline the application with a reason (sent to the applicant) and mail them."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: the applicant receives it.")})
    _edition, application = _locked(application)
    _check_allowed(application, DECLINE)
    return _decide(
        application,
        status=ApplicationStatus.DECLINED,
        actor=actor,
        reason=reason,
        verb=Verb.DECLINED,
        base_url=base_url,
    )


@transaction.atomic
def waitlist_application(*, application: Application, actor: User, base_url: str) -> Application:
    """Put the application on the waiting list and mail the applicant."""
    _edition, application = _locked(application)
    _check_allowed(application, WAITLIST)
    return _decide(
        application,
        status=ApplicationStatus.WAITLISTED,
        actor=actor,
        reason="",
        verb=Verb.WAITLISTED,
        base_url=base_url,
    )


@transaction.atomic
def promote_from_waitlist(*, application: Application, actor: User, base_url: str) -> Application:
    """Accept a waitlisted application (the same capacity rule as accepting)."""
    if application.status != ApplicationStatus.WAITLISTED:
        raise ValidationError(_("Only applications on the waiting list can be promoted."))
    return accept_application(application=application, actor=actor, base_url=base_url)


@dataclass
class BulkOutcome:
    """What a bulk decision did: the applications it changed and those it could not, with why."""

    done: list[Application] = field(default_factory=list)
    full: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


@transaction.atomic
def decide_applications(
    *,
    edition: Edition,
    applications: Iterable[Application],
    decision: str,
    actor: User,
    reason: str = "",
    base_url: str,
) -> BulkOutcome:
    """Take one decision on several applications, in queue order.

    Accepting goes on until the edition is full; the applications left over are reported in
    `full` (unchanged, so that they can be waitlisted). Each application is decided in its own
    savepoint, so one refusal does not undo the others.
    """
    if decision == DECLINE and not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason: the applicant receives it.")})
    # Lock the edition once, first: every decision below queues behind the same row.
    Edition.objects.select_for_update().get(pk=edition.pk)
    outcome = BulkOutcome()
    ordered = sorted(applications, key=lambda a: (a.created_at, a.pk))
    for application in ordered:
        if application.edition_id != edition.pk:
            continue
        try:
            with transaction.atomic():
                if decision == ACCEPT:
                    done = accept_application(
                        application=application, actor=actor, base_url=base_url
                    )
                elif decision == DECLINE:
                    done = decline_application(
                        application=application, actor=actor, reason=reason, base_url=base_url
                    )
                elif decision == WAITLIST:
                    done = waitlist_application(
                        application=application, actor=actor, base_url=base_url
                    )
                else:
                    raise ValueError(f"Unknown decision {decision!r}")
        except EditionFull:
            outcome.full.append(application)
        except ValidationError as error:
            outcome.refused.append((application, " ".join(error.messages)))
        else:
            outcome.done.append(done)
    return outcome

"""Every change to applications: applying, confirming the address, and the facilitators' decisions.

The ledger rows of applications (APPLIED, ADMITTED, DECLINED, WAITLISTED) are personal data:
they are recorded with `group` visibility and no group, so that no activity stream shows them;
facilitators read applications on the review pages. Their actor is the applicant (the verbs read
"was admitted", "was declined"); who decided is in the details and on the application.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leerplatform.accounts.consent import privacy_statement_version, record_consent
from leerplatform.accounts.models import ConsentKind, ConsentRecord, Institution, User
from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions import services as edition_services
from leerplatform.editions.models import Edition, Membership, Role, Theme
from leerplatform.membership import events
from leerplatform.membership.models import ACCEPT, DECLINE, WAITLIST, Application, ApplicationStatus
from leerplatform.membership.queries.applications import participant_count

# Applications are not shown in activity streams (see the module docstring).
PRIVATE = Visibility.GROUP


class EditionFull(ValidationError):
    """Accepting would take the edition past its maximum number of participants."""


# The form field a facilitator ticks to admit someone after applications have closed.
CONFIRM_AFTER_CLOSE = "confirm_after_close"


def _day(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


def applications_closed_message(edition: Edition) -> str:
    """Why nobody can apply any more, by the edition's calendar."""
    return _("Applications for this edition are closed: the last day to apply was %(date)s.") % {
        "date": _day(edition.last_day_to_apply)
    }


def admission_after_close_message(edition: Edition) -> str:
    """What a facilitator admitting someone after the edition's calendar closed is told."""
    if edition.has_ended():
        text = _(
            "This edition ended on %(date)s. Tick “Admit anyway” if you still want to admit "
            "this person."
        )
        return text % {"date": _day(edition.ends_on)}
    text = _(
        "Applications for this edition closed after %(date)s. Tick “Admit anyway” if you still "
        "want to admit this person."
    )
    return text % {"date": _day(edition.last_day_to_apply)}


def _check_calendar(edition: Edition, *, confirmed: bool) -> None:
    """Admitting after the last day to apply (or after the edition's end) needs the facilitator's
    explicit confirmation."""
    if edition.applications_have_closed() and not confirmed:
        raise ValidationError(
            {CONFIRM_AFTER_CLOSE: admission_after_close_message(edition)}, code="after_close"
        )


# What a submission turned out to be. The page answers the same for all three ("check your
# email"), so that the form reveals nobody; the email, which only the address's owner reads,
# says what applies.
NEW, APPLIED, MEMBER = "new", "applied", "member"


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
    as_of: dt.date | None = None,
) -> Application | None:
    """Record an application and mail the address what applies; None when nothing was recorded.

    The application holds the address, not a person: it is attached to an account (an existing
    one with that address, or a new one) only when the address is confirmed through the emailed
    link (`confirm_application_email`). `applicant` is the logged-in person applying for
    themselves: their account's address is used, and it counts as confirmed when their account
    has verified it.

    The same address again: an active member of the edition is mailed a login link (nothing is
    recorded); an earlier application is mailed its confirmation link again or where to follow it
    (its details are updated while unconfirmed). One address gets at most one such email per
    PUBLIC_FORM_MAIL_INTERVAL. Raises ValidationError only for what the form shows anyway: the
    edition takes no applications (also: after its last day to apply, see
    `Edition.last_day_to_apply`), or themes of another edition.

    `as_of` is the day the application counts as made: today, unless the demo writes an
    edition's history.
    """
    if not edition.applications_open or edition.phase == "closed":
        raise ValidationError(_("This edition does not take applications at the moment."))
    if edition.applications_have_closed(today=as_of):
        raise ValidationError(applications_closed_message(edition), code="applications_closed")
    themes = list(themes)
    if any(theme.edition_id != edition.pk for theme in themes):
        raise ValidationError({"themes": _("Choose themes of this edition.")})
    email = (applicant.email if applicant is not None else email).strip().lower()
    facts = {
        "name": name.strip(),
        "institution": institution,
        "institution_other": "" if institution is not None else institution_other.strip(),
        "job_title": job_title.strip(),
        "years_of_experience": years_of_experience,
        "work_level": work_level,
        "motivation": motivation.strip(),
    }
    try:
        with transaction.atomic():
            return _submit(
                edition=edition,
                email=email,
                facts=facts,
                themes=themes,
                applicant=applicant,
            )
    except IntegrityError as error:
        # Someone submitted the same address at the same moment; the database kept one.
        existing = Application.objects.filter(edition=edition, email__iexact=email).first()
        if existing is None:
            raise ValidationError(
                _("Your application could not be saved just now. Please submit it again.")
            ) from error
        _mail(APPLIED, edition=edition, email=email, application=existing)
        return existing


def _owner_of(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def _submit(
    *,
    edition: Edition,
    email: str,
    facts: dict,
    themes: list[Theme],
    applicant: User | None,
) -> Application | None:
    owner = applicant or _owner_of(email)
    if (
        owner is not None
        and Membership.objects.active().filter(user=owner, edition=edition).exists()
    ):
        _mail(MEMBER, edition=edition, email=email, application=None)
        return None
    existing = earlier_application(edition=edition, email=email)
    if existing is not None:
        if existing.email_verified_at is None:
            # Not confirmed: whoever confirms confirms the facts typed last.
            for key, value in facts.items():
                setattr(existing, key, value)
            existing.save(update_fields=list(facts))
            existing.themes.set(themes)
            _record_privacy_consent(edition=edition, email=email, applicant=applicant)
        _mail(APPLIED, edition=edition, email=email, application=existing)
        return existing
    confirmed = applicant is not None and (
        EmailAddress.objects.filter(user=applicant, email__iexact=email, verified=True).exists()
    )
    now = timezone.now()
    application = Application.objects.create(
        edition=edition,
        user=applicant,
        email=email,
        consented_at=now,
        email_verified_at=now if confirmed else None,
        **facts,
    )
    application.themes.set(themes)
    _record_privacy_consent(edition=edition, email=email, applicant=applicant)
    if confirmed:
        _record_applied(application)
        events.application_confirmed.send(sender=Application, application=application)
    _mail(NEW, edition=edition, email=email, application=application)
    return application


def _record_privacy_consent(*, edition: Edition, email: str, applicant: User | None) -> None:
    """The applicant agreed to the privacy statement (the form requires it): on their record,
    or, for a visitor, under the address until it is confirmed."""
    record_consent(
        kind=ConsentKind.PRIVACY_STATEMENT,
        subject=edition.name,
        version=privacy_statement_version(),
        user=applicant,
        email=email,
    )


def earlier_application(*, edition: Edition, email: str) -> Application | None:
    """This address's application to the edition (any letter case), locked; or None."""
    return (
        Application.objects.select_for_update().filter(edition=edition, email__iexact=email).first()
    )


def _record_applied(application: Application) -> None:
    """The ledger row, once the application has a confirmed person behind it."""
    activity.record(
        actor=application.user,
        verb=Verb.APPLIED,
        edition=application.edition,
        target=application,
        visibility=PRIVATE,
        data={"themes": [t.pk for t in application.themes.all()]},
    )


def _mail(kind: str, *, edition: Edition, email: str, application: Application | None) -> None:
    """Mail `email` what applies (after the commit, unless it was mailed within the period)."""
    events.application_submitted.send(
        sender=Application, kind=kind, edition=edition, email=email, application=application
    )


def token_is_used(application: Application) -> bool:
    """A verification link works until the address is confirmed and the person has a password."""
    return (
        application.email_verified_at is not None
        and application.user is not None
        and application.user.has_usable_password()
    )


def account_for(application: Application) -> User | None:
    """The account the application belongs to once confirmed: its own, or the one with its
    address (not attached before the confirmation)."""
    return application.user or _owner_of(application.email)


@transaction.atomic
def confirm_application_email(
    *, application: Application, password: str | None = None
) -> Application:
    """The address's owner confirms through the emailed link: the application is attached to
    the account with this address (made now, with the application's facts, when there is none)
    and the address is verified.

    When the person has no usable password yet, `password` (already validated by Django's
    SetPasswordForm) becomes their password. Raises ValidationError when the link was used.
    """
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=application.pk)
    )
    if token_is_used(application):
        raise ValidationError(_("This link has already been used."))
    user = account_for(application)
    if (user is None or not user.has_usable_password()) and not password:
        raise ValidationError(_("Choose a password."))
    if user is None:
        user = User.objects.create_user(
            email=application.email,
            password=password,
            name=application.name,
            institution=application.institution,
            job_title=application.job_title,
            years_of_experience=application.years_of_experience,
            work_level=application.work_level,
        )
    elif not user.has_usable_password():
        user.set_password(password)
        user.save(update_fields=["password"])
    first_confirmation = application.email_verified_at is None
    application.user = user
    if first_confirmation:
        application.email_verified_at = timezone.now()
    application.save(update_fields=["user", "email_verified_at"])
    # The consents given under this address before it was confirmed are now this person's.
    ConsentRecord.objects.filter(user=None, email=application.email.lower()).update(user=user)
    if first_confirmation:
        _record_applied(application)
        events.application_confirmed.send(sender=Application, application=application)
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
        Application.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=application.pk)
    )
    return edition, application


def _check_allowed(application: Application, decision: str) -> None:
    if application.email_verified_at is None or application.user_id is None:
        raise ValidationError(
            _("The email address of this application has not been confirmed yet."),
            code="unconfirmed",
        )
    if application.status not in ALLOWED_FROM[decision]:
        raise ValidationError(
            _("This application has already been decided on (%(status)s).")
            % {"status": application.get_status_display()}
        )


def _decide(
    application: Application, *, status: str, actor: User, reason: str, verb: str
) -> Application:
    application.status = status
    application.decision_reason = reason
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    data: dict[str, object] = {"decided_by": actor.pk}
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
    events.application_decided.send(sender=Application, application=application, status=status)
    return application


@transaction.atomic
def accept_application(
    *, application: Application, actor: User, confirm_after_close: bool = False
) -> Application:
    """Admit the applicant as a participant (records JOINED and ADMITTED) and mail them.

    Raises EditionFull when the edition has no place left (the caller offers the waiting list
    instead) and ValidationError when the application was already decided on, the person
    already takes part, or applications have closed by the edition's calendar and the
    facilitator did not confirm (`confirm_after_close`; the error is on that field).
    """
    edition, application = _locked(application)
    _check_allowed(application, ACCEPT)
    _check_calendar(edition, confirmed=confirm_after_close)
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
    )


@transaction.atomic
def decline_application(*, application: Application, actor: User, reason: str) -> Application:
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
    )


@transaction.atomic
def waitlist_application(*, application: Application, actor: User) -> Application:
    """Put the application on the waiting list and mail the applicant."""
    _edition, application = _locked(application)
    _check_allowed(application, WAITLIST)
    return _decide(
        application,
        status=ApplicationStatus.WAITLISTED,
        actor=actor,
        reason="",
        verb=Verb.WAITLISTED,
    )


@transaction.atomic
def promote_from_waitlist(
    *, application: Application, actor: User, confirm_after_close: bool = False
) -> Application:
    """Accept a waitlisted application (the same capacity and calendar rules as accepting)."""
    if application.status != ApplicationStatus.WAITLISTED:
        raise ValidationError(_("Only applications on the waiting list can be promoted."))
    return accept_application(
        application=application, actor=actor, confirm_after_close=confirm_after_close
    )


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
    confirm_after_close: bool = False,
) -> BulkOutcome:
    """Take one decision on several applications, in queue order.

    Accepting goes on until the edition is full; the applications left over are reported in
    `full` (unchanged, so that they can be waitlisted). Each application is decided in its own
    savepoint, so one refusal does not undo the others. Accepting after applications closed by
    the edition's calendar needs `confirm_after_close`, asked once for the whole selection.
    """
    if decision == DECLINE and not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason: the applicant receives it.")})
    # Lock the edition once, first: every decision below queues behind the same row.
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if decision == ACCEPT:
        _check_calendar(edition, confirmed=confirm_after_close)
    outcome = BulkOutcome()
    ordered = sorted(applications, key=lambda a: (a.created_at, a.pk))
    for application in ordered:
        if application.edition_id != edition.pk:
            continue
        try:
            with transaction.atomic():
                if decision == ACCEPT:
                    done = accept_application(
                        application=application,
                        actor=actor,
                        confirm_after_close=confirm_after_close,
                    )
                elif decision == DECLINE:
                    done = decline_application(application=application, actor=actor, reason=reason)
                elif decision == WAITLIST:
                    done = waitlist_application(application=application, actor=actor)
                else:
                    raise ValueError(f"Unknown decision {decision!r}")
        except EditionFull:
            outcome.full.append(application)
        except ValidationError as error:
            outcome.refused.append((application, " ".join(error.messages)))
        else:
            outcome.done.append(done)
    return outcome

"""Background work of the membership app (django-tasks), and the receivers that queue it.

The services send membership's events (`events.py`); the receivers here enqueue the emails after
the transaction commits (a rolled-back change is never mailed). A task receives ids and plain
values (JSON), reads the rows again, and writes in the recipient's language: applicants and
invited people have no account yet, so that is the platform's language (Dutch by default).
"""

from __future__ import annotations

from django.conf import settings
from django.core import mail
from django.dispatch import receiver
from django.utils import timezone
from django.utils.html import escape, format_html
from django_tasks import task

from leerplatform.accounts.ratelimits import mail_once
from leerplatform.core.email import render, send_email
from leerplatform.core.links import absolute_reverse
from leerplatform.core.queue import enqueue_on_commit
from leerplatform.editions.models import Edition
from leerplatform.membership import events
from leerplatform.membership.models import Application, ApplicationStatus, Invitation
from leerplatform.membership.services.applications import APPLIED, MEMBER, NEW, account_for

DECISION_TEMPLATES: dict[str, str] = {
    ApplicationStatus.ACCEPTED: "membership/email/application_accepted",
    ApplicationStatus.DECLINED: "membership/email/application_declined",
    ApplicationStatus.WAITLISTED: "membership/email/application_waitlisted",
}


# --- Applications --------------------------------------------------------------------------------


def verification_url(application: Application) -> str:
    return absolute_reverse("membership:verify_application", token=application.verification_token)


def _application(application_id: int) -> Application | None:
    return Application.objects.select_related("user", "edition").filter(pk=application_id).first()


def _needs_password(application: Application) -> bool:
    account = account_for(application)
    return account is None or not account.has_usable_password()


@task()
def send_application_received(application_id: int) -> bool:
    """Thank the applicant and ask them to confirm their address through the verification link
    (or, when it is confirmed already, say where to follow the application)."""
    application = _application(application_id)
    if application is None:
        return False
    context = {
        "application": application,
        "edition": application.edition,
        "verify_url": verification_url(application),
        "needs_password": _needs_password(application),
        "confirmed": application.email_verified_at is not None,
        "my_applications_url": absolute_reverse("membership:my_applications"),
    }
    send_email("membership/email/application_received", context, application.email)
    return True


@task()
def send_application_answer(
    kind: str, edition_id: int, email: str, application_id: int | None
) -> bool:
    """The email after the application form, saying what applies to this address: a new
    application (confirm it), an earlier one (confirm it, or where to follow it), or a member
    of the edition (log in). The form itself answers the same in every case."""
    if kind == NEW and application_id is not None:
        return send_application_received.call(application_id)
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        return False
    context = {
        "edition": edition,
        "login_url": absolute_reverse("account_login"),
        "reset_url": absolute_reverse("account_reset_password"),
        "dashboard_url": absolute_reverse("editions:dashboard", slug=edition.slug),
        "my_applications_url": absolute_reverse("membership:my_applications"),
    }
    if kind == MEMBER:
        send_email("membership/email/application_already_member", context, email)
        return True
    application = _application(application_id) if application_id is not None else None
    if kind != APPLIED or application is None:
        return False
    context |= {
        "application": application,
        "confirmed": application.email_verified_at is not None,
        "needs_password": _needs_password(application),
        "verify_url": verification_url(application),
    }
    send_email("membership/email/application_already_applied", context, email)
    return True


@task()
def send_application_decision(application_id: int, status: str) -> bool:
    """Tell the applicant the decision `status` (accepted, declined or waitlisted)."""
    application = _application(application_id)
    if application is None or status not in DECISION_TEMPLATES:
        return False
    edition = application.edition
    context = {
        "application": application,
        "edition": edition,
        "reason": application.decision_reason,
        "needs_password": _needs_password(application),
        "verify_url": verification_url(application),
        "login_url": absolute_reverse("account_login"),
        "reset_url": absolute_reverse("account_reset_password"),
        "dashboard_url": absolute_reverse("editions:dashboard", slug=edition.slug),
        "my_applications_url": absolute_reverse("membership:my_applications"),
    }
    send_email(DECISION_TEMPLATES[status], context, application.email)
    return True


@receiver(events.application_submitted)
def queue_application_answer(sender, kind, edition, email, application, **kwargs) -> None:
    """After the commit, mail the address what applies, unless it was mailed within the period."""
    application_id = application.pk if application is not None else None
    edition_id = edition.pk

    # The once-per-period check is made now; the email is queued in the same transaction.
    if mail_once("application", email, scope=f"edition:{edition_id}"):
        enqueue_on_commit(send_application_answer, kind, edition_id, email, application_id)


@receiver(events.application_decided)
def queue_application_decision(sender, application, status, **kwargs) -> None:
    application_id = application.pk
    enqueue_on_commit(send_application_decision, application_id, status)


# --- Invitations ---------------------------------------------------------------------------------

BATCH_SIZE = 200
INVITATION_TEMPLATE = "membership/email/invitation"

# Mail merge: the templates are rendered once per kind of message (greeting by name or not,
# inviter, expiry date) with markers, and each person's name and link are filled in after.
# Rendering 10,000 times over would cost seconds a large import does not need to spend.
_NAME, _LINK = "\x00name\x00", "\x00link\x00"


def _render(invitation: Invitation, *, name: str, link: str) -> tuple[str, str, str]:
    context = {
        "invitation": invitation,
        "edition": invitation.edition,
        "name": name,
        "inviter": invitation.invited_by,
        "link": link,
        "expires_at": invitation.expires_at,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    # Invited people have no account yet: the platform's language.
    return render(INVITATION_TEMPLATE, context, settings.LANGUAGE_CODE)


def _kind(invitation: Invitation) -> tuple:
    expires = timezone.localtime(invitation.expires_at).date()
    return (invitation.edition_id, invitation.invited_by_id, bool(invitation.name), expires)


def invitation_link(invitation: Invitation) -> str:
    return absolute_reverse("membership:accept_invitation", token=invitation.token)


def invitation_messages(invitations: list[Invitation]) -> list[mail.EmailMultiAlternatives]:
    """The emails for these invitations (plain text and HTML)."""
    rendered: dict[tuple, tuple[str, str, str]] = {}
    messages = []
    for invitation in invitations:
        kind = _kind(invitation)
        if kind not in rendered:
            rendered[kind] = _render(invitation, name=_NAME, link=_LINK)
        subject, text, html = rendered[kind]
        link = invitation_link(invitation)
        text = text.replace(_NAME, invitation.name).replace(_LINK, link)
        html = html.replace(_NAME, escape(invitation.name)).replace(
            _LINK, format_html('<a href="{0}">{0}</a>', link)
        )
        message = mail.EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [invitation.email]
        )
        message.attach_alternative(html, "text/html")
        messages.append(message)
    return messages


@task()
def send_invitation_emails(*, invitation_ids: list[int]) -> int:
    """Mail the invitations that are still open and unsent, in batches over one connection.

    Sets `sent_at` per batch, so a worker that stops half-way does not mail anyone twice when the
    task is run again. Returns the number of emails sent.
    """
    sent = 0
    with mail.get_connection() as connection:
        for start in range(0, len(invitation_ids), BATCH_SIZE):
            batch = list(
                Invitation.objects.filter(
                    pk__in=invitation_ids[start : start + BATCH_SIZE],
                    sent_at__isnull=True,
                    accepted_at__isnull=True,
                ).select_related("edition", "invited_by")
            )
            if not batch:
                continue
            connection.send_messages(invitation_messages(batch))
            Invitation.objects.filter(pk__in=[i.pk for i in batch]).update(sent_at=timezone.now())
            sent += len(batch)
    return sent


@receiver(events.invitations_made)
def queue_invitation_emails(sender, invitation_ids, **kwargs) -> None:
    if invitation_ids:
        enqueue_on_commit(send_invitation_emails, invitation_ids=list(invitation_ids))

"""Emails about applications, sent by django-tasks off the request path.

Services enqueue these after their transaction commits. A task receives ids and plain values
(JSON), reads the rows again, and writes in the platform's language (Dutch by default): the
applicant chose no language, and most of them read Dutch.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from leerplatform.membership.models import Application, ApplicationStatus

DECISION_TEMPLATES = {
    ApplicationStatus.ACCEPTED: "membership/email/application_accepted",
    ApplicationStatus.DECLINED: "membership/email/application_declined",
    ApplicationStatus.WAITLISTED: "membership/email/application_waitlisted",
}


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def verification_url(application: Application, base_url: str) -> str:
    return absolute(
        base_url,
        reverse("membership:verify_application", kwargs={"token": application.verification_token}),
    )


def _send(template: str, context: dict, to: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    subject = prefix + " ".join(subject.split())
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def _application(application_id: int) -> Application | None:
    return Application.objects.select_related("user", "edition").filter(pk=application_id).first()


def _needs_password(application: Application) -> bool:
    from leerplatform.membership.services.applications import account_for

    account = account_for(application)
    return account is None or not account.has_usable_password()


@task()
def send_application_received(application_id: int, base_url: str) -> bool:
    """Thank the applicant and ask them to confirm their address through the verification link
    (or, when it is confirmed already, say where to follow the application)."""
    application = _application(application_id)
    if application is None:
        return False
    context = {
        "application": application,
        "edition": application.edition,
        "verify_url": verification_url(application, base_url),
        "needs_password": _needs_password(application),
        "confirmed": application.email_verified_at is not None,
        "my_applications_url": absolute(base_url, reverse("membership:my_applications")),
    }
    _send("membership/email/application_received", context, application.email)
    return True


@task()
def send_application_answer(
    kind: str, edition_id: int, email: str, application_id: int | None, base_url: str
) -> bool:
    """The email after the application form, saying what applies to this address: a new
    application (confirm it), an earlier one (confirm it, or where to follow it), or a member
    of the edition (log in). The form itself answers the same in every case."""
    from leerplatform.editions.models import Edition
    from leerplatform.membership.services.applications import APPLIED, MEMBER, NEW

    if kind == NEW and application_id is not None:
        return send_application_received.call(application_id, base_url)
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        return False
    context = {
        "edition": edition,
        "login_url": absolute(base_url, reverse("account_login")),
        "reset_url": absolute(base_url, reverse("account_reset_password")),
        "dashboard_url": absolute(
            base_url, reverse("editions:dashboard", kwargs={"slug": edition.slug})
        ),
        "my_applications_url": absolute(base_url, reverse("membership:my_applications")),
    }
    if kind == MEMBER:
        _send("membership/email/application_already_member", context, email)
        return True
    application = _application(application_id) if application_id is not None else None
    if kind != APPLIED or application is None:
        return False
    context |= {
        "application": application,
        "confirmed": application.email_verified_at is not None,
        "needs_password": _needs_password(application),
        "verify_url": verification_url(application, base_url),
    }
    _send("membership/email/application_already_applied", context, email)
    return True


@task()
def send_application_decision(application_id: int, status: str, base_url: str) -> bool:
    """Tell the applicant the decision `status` (accepted, declined or waitlisted)."""
    application = _application(application_id)
    if application is None or status not in DECISION_TEMPLATES:
        return False
    edition = application.edition
    needs_password = _needs_password(application)
    context = {
        "application": application,
        "edition": edition,
        "reason": application.decision_reason,
        "needs_password": needs_password,
        "verify_url": verification_url(application, base_url),
        "login_url": absolute(base_url, reverse("account_login")),
        "reset_url": absolute(base_url, reverse("account_reset_password")),
        "dashboard_url": absolute(
            base_url, reverse("editions:dashboard", kwargs={"slug": edition.slug})
        ),
        "my_applications_url": absolute(base_url, reverse("membership:my_applications")),
    }
    _send(DECISION_TEMPLATES[status], context, application.email)
    return True

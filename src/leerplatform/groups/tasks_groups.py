"""Emails about joining learning groups, sent by django-tasks off the request path.

The services enqueue these after their transaction commits. A task receives ids and plain values,
reads the rows again, and writes in the platform's language (Dutch by default). A request's
message is shown only to the group's coordinators, who decide on it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from leerplatform.groups.models import GroupMembership, JoinRequest, JoinRequestStatus

DECISION_TEMPLATES = {
    JoinRequestStatus.ACCEPTED: "groups/email/join_request_accepted",
    JoinRequestStatus.DECLINED: "groups/email/join_request_declined",
}


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _send(template: str, context: dict, to: list[str]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    subject = prefix + " ".join(subject.split())
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def _request(request_id: int) -> JoinRequest | None:
    return (
        JoinRequest.objects.select_related("user", "group__edition").filter(pk=request_id).first()
    )


@task()
def send_join_request_received(request_id: int, base_url: str) -> int:
    """Tell the group's coordinators that someone asks to join; returns how many were emailed."""
    join_request = _request(request_id)
    if join_request is None or join_request.status != JoinRequestStatus.PENDING:
        return 0
    group = join_request.group
    emails = list(
        GroupMembership.objects.active()
        .filter(group=group, is_coordinator=True, user__is_active=True)
        .values_list("user__email", flat=True)
    )
    if not emails:
        return 0
    context = {
        "join_request": join_request,
        "group": group,
        "edition": group.edition,
        "members_url": _absolute(base_url, reverse("groups:members", kwargs={"pk": group.pk})),
    }
    # One email per coordinator: nobody sees the others' addresses.
    for email in emails:
        _send("groups/email/join_request_received", context, [email])
    return len(emails)


@task()
def send_join_request_decision(request_id: int, base_url: str) -> bool:
    """Tell the person who asked to join whether they were accepted."""
    join_request = _request(request_id)
    if join_request is None or join_request.status not in DECISION_TEMPLATES:
        return False
    group = join_request.group
    context = {
        "join_request": join_request,
        "group": group,
        "edition": group.edition,
        "group_url": _absolute(base_url, reverse("groups:detail", kwargs={"pk": group.pk})),
        "list_url": _absolute(
            base_url, reverse("groups:list", kwargs={"slug": group.edition.slug})
        ),
    }
    _send(DECISION_TEMPLATES[join_request.status], context, [join_request.user.email])
    return True

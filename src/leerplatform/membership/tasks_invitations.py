"""Background work for invitations: the emails with the personal link."""

from __future__ import annotations

from django.conf import settings
from django.core import mail
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from leerplatform.membership.models import Invitation

BATCH_SIZE = 200


# Mail merge: the templates are rendered once per kind of message (greeting by name or not,
# inviter, expiry date) with markers, and each person's name and link are filled in after.
# Rendering 10,000 times over would cost seconds a large import does not need to spend.
_NAME, _LINK = "\x00name\x00", "\x00link\x00"


def _render(invitation: Invitation, *, name: str, link: str) -> tuple[str, str]:
    context = {
        "invitation": invitation,
        "edition": invitation.edition,
        "name": name,
        "inviter": invitation.invited_by,
        "link": link,
        "expires_at": invitation.expires_at,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    subject = get_template("membership/email/invitation_subject.txt").render(context)
    body = get_template("membership/email/invitation_message.txt").render(context)
    return " ".join(subject.split()), body


def _kind(invitation: Invitation) -> tuple:
    expires = timezone.localtime(invitation.expires_at).date()
    return (invitation.edition_id, invitation.invited_by_id, bool(invitation.name), expires)


def invitation_link(invitation: Invitation, *, site_url: str) -> str:
    return site_url.rstrip("/") + reverse(
        "membership:accept_invitation", kwargs={"token": invitation.token}
    )


def invitation_messages(invitations: list[Invitation], *, site_url: str) -> list[mail.EmailMessage]:
    """The emails for these invitations, in the active language."""
    rendered: dict[tuple, tuple[str, str]] = {}
    messages = []
    for invitation in invitations:
        kind = _kind(invitation)
        if kind not in rendered:
            rendered[kind] = _render(invitation, name=_NAME, link=_LINK)
        subject, body = rendered[kind]
        link = invitation_link(invitation, site_url=site_url)
        body = body.replace(_NAME, invitation.name).replace(_LINK, link)
        messages.append(mail.EmailMessage(subject=subject, body=body, to=[invitation.email]))
    return messages


@task()
def send_invitation_emails(*, invitation_ids: list[int], site_url: str) -> int:
    """Mail the invitations that are still open and unsent, in batches over one connection.

    Sets `sent_at` per batch, so a worker that stops half-way does not mail anyone twice when the
    task is run again. Returns the number of emails sent.
    """
    sent = 0
    with translation.override(settings.LANGUAGE_CODE), mail.get_connection() as connection:
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
            connection.send_messages(invitation_messages(batch, site_url=site_url))
            Invitation.objects.filter(pk__in=[i.pk for i in batch]).update(sent_at=timezone.now())
            sent += len(batch)
    return sent

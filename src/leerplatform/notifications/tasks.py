"""Mailing notifications off the request path: the ones wanted at once, and the signed links
that let a recipient stop an email with one click (RFC 8058), without logging in.

An unsubscribe link carries a signed token (django.core.signing, a salt of its own): the person's
id and either one kind (the instant email of that kind) or one digest period ("daily", "weekly":
the whole digest). The digests (`digests.py`) use the same links.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from leerplatform.core.email import language_of, send_email
from leerplatform.core.links import absolute_url
from leerplatform.notifications import kinds
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.models import Notification

UNSUBSCRIBE_SALT = "leerplatform.notifications.unsubscribe"
# An unsubscribe link works as long as the notifications it came with are kept (half a year),
# and a little longer: someone reading an old email can still stop the next ones.
UNSUBSCRIBE_MAX_AGE = 200 * 24 * 3600
DIGEST_PERIODS = (Channel.DAILY, Channel.WEEKLY)


@dataclass(frozen=True)
class Unsubscribe:
    """What a valid token stops: one kind's email, or one digest."""

    user_id: int
    kind: str = ""  # a kinds.KINDS code
    period: str = ""  # Channel.DAILY or Channel.WEEKLY


def unsubscribe_token(user_id: int, *, kind: str = "", period: str = "") -> str:
    if bool(kind) == bool(period):
        raise ValueError("An unsubscribe token is for one kind or one digest period")
    payload = {"u": user_id, "k": kind} if kind else {"u": user_id, "p": period}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> Unsubscribe | None:
    """The token's meaning, or None for a token that is forged, damaged, too old or unknown."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    kind, period = payload.get("k", ""), payload.get("p", "")
    if kind and kind in kinds.KINDS:
        return Unsubscribe(payload["u"], kind=kind)
    if period and period in DIGEST_PERIODS:
        return Unsubscribe(payload["u"], period=period)
    return None


TOKEN_PLACEHOLDER = "--token--"  # noqa: S105 (not a secret: replaced by a signed token)


def unsubscribe_url_template() -> str:
    """The unsubscribe address with a placeholder for the token. A digest run reverses it once:
    `reverse` after a `translation.override` repopulates the URL resolver (some 30 ms a call)."""
    path = reverse("notifications:unsubscribe", kwargs={"token": TOKEN_PLACEHOLDER})
    return absolute_url(path)


def unsubscribe_url(
    user_id: int, *, kind: str = "", period: str = "", template: str | None = None
) -> str:
    token = unsubscribe_token(user_id, kind=kind, period=period)
    return (template or unsubscribe_url_template()).replace(TOKEN_PLACEHOLDER, token)


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: the mail client POSTs `List-Unsubscribe=One-Click`."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def preferences_url() -> str:
    return absolute_url(reverse("notifications:preferences"))


@task()
def deliver_notifications(notification_ids: list[int]) -> int:
    """Email each notification to its recipient (who wanted this kind at once); returns how many
    went. A notification mailed already (a second run of the task) is not mailed again, and
    `send_email` records each message inside the task, so a run cut off between sending and
    marking does not send twice either. `notify` queues one notification per recipient per
    task: the exactly-once key is the task, the template and the address."""
    rows = (
        Notification.objects.filter(
            pk__in=notification_ids,
            emailed_at__isnull=True,
            recipient__is_active=True,
            channel=Channel.INSTANT,  # not one turned to "in the app only" since it was made
        )
        .exclude(recipient__email="")
        .select_related("recipient", "actor")
    )
    sent = 0
    template, settings_url = unsubscribe_url_template(), preferences_url()  # once per run
    for row in rows:
        person = row.recipient
        with translation.override(language_of(person)):
            sentence = row.sentence()
            label = str(kinds.KINDS[row.kind].label) if row.kind in kinds.KINDS else ""
        stop = unsubscribe_url(person.pk, kind=row.kind, template=template)
        context = {
            "name": person.name,
            "sentence": sentence,
            "kind_label": label,
            "excerpt": row.excerpt,
            "url": absolute_url(row.url) if row.url else "",
            "where": row.where_label,
            "unsubscribe_url": stop,
            "preferences_url": settings_url,
        }
        sent += send_email(
            "notifications/email/notification", context, person, headers=unsubscribe_headers(stop)
        )
        Notification.objects.filter(pk=row.pk).update(emailed_at=timezone.now())
    return sent

"""The one way the platform sends email.

Every message is written from templates: `<name>_subject.txt` (one line), `<name>.txt` (the plain
text) and, when it exists, `<name>.html`; without one the plain text is set in the platform's HTML
frame (`core/email/frame.html`), so every email has a plain and an HTML part. Each recipient reads
it in their own language (`User.language`, else the platform's). Services that send inside a
transaction use `send_email_on_commit`, so nothing is sent for work that is rolled back; tasks,
which run outside a transaction, use `send_email`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeGuard, runtime_checkable

from django.conf import settings
from django.core import mail
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from leerplatform.core import queue


@dataclass(frozen=True)
class Recipient:
    """An address and the language to write in ("" = the platform's)."""

    email: str
    language: str = ""


@runtime_checkable
class HasEmail(Protocol):
    """A person (a User) or anything else with an address."""

    email: str


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str | bytes
    mimetype: str


@dataclass
class Email:
    template: str
    context: dict
    to: Sequence[object]
    attachments: list[Attachment] = field(default_factory=list)
    reply_to: Sequence[str] = ()
    headers: dict[str, str] = field(default_factory=dict)  # extra headers (List-Unsubscribe)


# RFC 2606 keeps the top-level domain "invalid" for addresses that can never be delivered. An
# erased person's row keeps such an address (privacy.services.erasure): nothing is sent to one.
UNDELIVERABLE_DOMAIN = ".invalid"


def is_deliverable(address: str) -> bool:
    return bool(address) and not address.strip().lower().endswith(UNDELIVERABLE_DOMAIN)


def recipient(person: object) -> Recipient:
    """A Recipient from an address, a Recipient, or anything with `email` (and `language`)."""
    if isinstance(person, Recipient):
        return person
    if isinstance(person, str):
        return Recipient(person)
    if not isinstance(person, HasEmail):
        raise TypeError(f"Not a recipient: {person!r}")
    return Recipient(person.email, getattr(person, "language", "") or "")


def language_of(person: object) -> str:
    chosen = recipient(person).language
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def render(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one email in one language."""
    with translation.override(language):
        subject_line = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject_line.split())
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = render_to_string(
                "core/email/frame.html", {"subject": subject, "text": text, "language": language}
            )
    return subject, text, html


def messages(email: Email) -> list[tuple[str, mail.EmailMultiAlternatives]]:
    """One message per recipient (each in their language; rendered once per language), each with
    its exactly-once key ("" outside a queued task)."""
    rendered: dict[str, tuple[str, str, str]] = {}
    result = []
    for person in email.to:
        to = recipient(person)
        if not is_deliverable(to.email):
            continue
        key = queue.email_key(email.template, to.email)
        language = language_of(to)
        if language not in rendered:
            rendered[language] = render(email.template, email.context, language)
        subject, text, html = rendered[language]
        message = mail.EmailMultiAlternatives(
            subject,
            text,
            settings.DEFAULT_FROM_EMAIL,
            [to.email],
            reply_to=list(email.reply_to),
            headers=dict(email.headers),
        )
        message.attach_alternative(html, "text/html")
        for attachment in email.attachments:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
        result.append((key, message))
    return result


def _is_several(to: object | Iterable[object]) -> TypeGuard[Iterable[object]]:
    return isinstance(to, Iterable) and not isinstance(to, str | Recipient | HasEmail)


def recipients(to: object | Iterable[object]) -> list[Recipient]:
    """`to` (one recipient or several: addresses, people, Recipients) as Recipients."""
    return [recipient(person) for person in (list(to) if _is_several(to) else [to])]


def send_email(
    template: str,
    context: dict,
    to: object | Iterable[object],
    *,
    attachments: Iterable[Attachment] = (),
    reply_to: Sequence[str] = (),
    connection=None,
    headers: dict[str, str] | None = None,
) -> int:
    """Send now; returns how many messages went out. `to` is one recipient or several.

    Inside a queued task each message is recorded before it goes out and marked delivered after,
    so that a second run of the task (after a crash or a retry) does not send it again."""
    people = list(to) if _is_several(to) else [to]
    built = messages(Email(template, context, people, list(attachments), reply_to, headers or {}))
    if not built:
        return 0
    connection = connection or mail.get_connection()
    sent = 0
    for key, message in built:
        if not queue.claim_email(key):
            continue  # an earlier run of this task sent it (or was cut off sending it)
        try:
            sent += connection.send_messages([message]) or 0
        except Exception:
            queue.email_not_sent(key)
            raise
        queue.email_delivered(key)
    return sent

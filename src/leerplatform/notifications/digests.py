"""The daily and weekly digests: one email per person and period with what they chose to read in
a digest, grouped by edition and learning group.

`send_digests(period)` is run by a scheduled command (`manage.py send_digests`). It walks the
people with undigested notifications of that period in batches (a fixed number of queries per
batch, nothing held but the batch, so memory stays flat), and for each batch:

1. claims the period for each person with a `DigestDelivery` row. One `INSERT … ON CONFLICT DO
   NOTHING RETURNING` makes the claims: the unique (person, period, period key) row exists once,
   so of two runs at the same time (or one run twice) only the one whose insert made the row
   sends; the other gets nothing back and sends nothing;
2. reads what each claimed person may *still* see (`queries.visible_notifications`, applied
   per person, one UNION query for the batch) and what they want now: a kind switched to "in the
   app only" or "off" since (an unsubscribe) is not mailed;
3. sends each person one email in their language (HTML and plain text) with the RFC 8058
   unsubscribe headers; the unsubscribe of a digest stops that digest (every kind in it),
   because the one click in a mail client means "not this email any more";
4. marks the batch's notifications digested (also those not mailed: no longer visible, or
   switched off), and records on each claim when it went and with how many items.

A run cut off after sending keeps its claims: nobody gets that period's digest twice; what was
not marked digested comes along in the next period's digest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from leerplatform.accounts.models import User
from leerplatform.core.email import language_of, render, send_email
from leerplatform.core.links import absolute_url
from leerplatform.notifications import kinds
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.models import DigestDelivery, Notification, Preference
from leerplatform.notifications.queries import visible_notifications
from leerplatform.notifications.tasks import (
    DIGEST_PERIODS,
    preferences_url,
    unsubscribe_headers,
    unsubscribe_url,
    unsubscribe_url_template,
)

TEMPLATE = "notifications/email/digest"
BATCH_SIZE = 200  # people per batch: below SQLite's 500 terms of one UNION


@dataclass
class DigestItem:
    sentence: str
    url: str
    excerpt: str
    created_at: dt.datetime


@dataclass
class DigestSection:
    """One edition (or "for you": notifications outside an edition) and its groups."""

    title: str
    groups: list[tuple[str, list[DigestItem]]] = field(default_factory=list)


@dataclass
class Digest:
    user: User
    period: str
    period_key: str
    sections: list[DigestSection]
    count: int
    unsubscribe_url: str
    preferences_url: str

    def context(self) -> dict:
        return {
            "name": self.user.name,
            "period": self.period,
            "sections": self.sections,
            "count": self.count,
            "unsubscribe_url": self.unsubscribe_url,
            "preferences_url": self.preferences_url,
        }


@dataclass
class Outcome:
    people: int = 0  # people with notifications of this period waiting
    sent: int = 0  # digests sent (or printed, in a dry run)
    items: int = 0  # notifications in them
    skipped: int = 0  # claimed by another run (or an earlier one this period)
    empty: int = 0  # nothing left to mail (no longer visible, switched off, no address)


def period_key(period: str, now: dt.datetime) -> str:
    """The period `now` falls in, in the site's time zone: "2026-12-03" or "2026-W49"."""
    day = timezone.localtime(now).date()
    if period == Channel.DAILY:
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _pending(period: str, cutoff: dt.datetime):
    return Notification.objects.filter(
        channel=period, digested_at__isnull=True, created_at__lte=cutoff
    )


def _batches(period: str, cutoff: dt.datetime, size: int) -> Iterator[list]:
    """The people with pending notifications, `size` at a time, by id (keyset pages)."""
    last = 0
    users = get_user_model().objects.only("pk", "email", "name", "language", "is_active")
    while True:
        ids = list(
            _pending(period, cutoff)
            .filter(recipient_id__gt=last)
            .order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()[:size]
        )
        if not ids:
            return
        yield list(users.filter(pk__in=ids).order_by("pk"))
        last = ids[-1]


def claim(user_ids: list[int], *, period: str, key: str, now: dt.datetime) -> dict[int, int]:
    """Claim the period for these people; returns {user id: claim id} of the claims this call
    made (one statement: the rows that already existed come back as nothing)."""
    if not user_ids:
        return {}
    table = connection.ops.quote_name(DigestDelivery._meta.db_table)
    created = connection.ops.adapt_datetimefield_value(now)
    rows = ", ".join(["(%s, %s, %s, %s, 0)"] * len(user_ids))
    params: list = []
    for pk in user_ids:
        params += [pk, period, key, created]
    # Only the table's quoted name and "%s" placeholders are put into the text; values are params.
    sql = (
        f"INSERT INTO {table} (user_id, period, period_key, created_at, count) VALUES {rows} "  # noqa: S608
        "ON CONFLICT (user_id, period, period_key) DO NOTHING RETURNING user_id, id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def _visible_part(user, period: str, cutoff: dt.datetime):
    return (
        visible_notifications(user)
        .filter(channel=period, digested_at__isnull=True, created_at__lte=cutoff)
        .order_by()
        .values_list("pk", flat=True)
    )


def _visible_ids(users: list, period: str, cutoff: dt.datetime) -> set[int]:
    """The pending notifications each of `users` may still see: the one rule of
    `visible_notifications`, per person, in one UNION ALL query for the batch.

    Building and compiling a queryset per person is most of a run's time, so the SQL is compiled
    for two people and compared: the same text, with parameters that differ only where the
    person's id goes. The other people's parts reuse that text with their ids put in there. When
    the two do not line up so (one person, or a rule whose SQL varies per person), every part
    is compiled on its own."""
    if not users:
        return set()
    parts = [_visible_part(user, period, cutoff).query.sql_with_params() for user in users[:2]]
    if len(parts) == 2:
        (sql_a, params_a), (sql_b, params_b) = parts
        spots = [n for n, (a, b) in enumerate(zip(params_a, params_b, strict=False)) if a != b]
        if (
            sql_a == sql_b
            and len(params_a) == len(params_b)
            and spots
            and all(params_a[n] == users[0].pk and params_b[n] == users[1].pk for n in spots)
        ):
            parts = []
            for user in users:
                params = list(params_a)
                for n in spots:
                    params[n] = user.pk
                parts.append((sql_a, tuple(params)))
        else:
            parts += [
                _visible_part(user, period, cutoff).query.sql_with_params() for user in users[2:]
            ]
    sql = " UNION ALL ".join(part_sql for part_sql, _params in parts)
    params = [value for _sql, part_params in parts for value in part_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def _wanted(user_ids: list[int]) -> dict[tuple[int, str], str]:
    return {
        (user_id, kind): channel
        for user_id, kind, channel in Preference.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "kind", "channel"
        )
    }


@dataclass(frozen=True)
class Links:
    """The run's addresses, reversed once (see `tasks.unsubscribe_url_template`)."""

    unsubscribe: str
    preferences: str

    @classmethod
    def make(cls) -> Links:
        return cls(unsubscribe_url_template(), preferences_url())


def _build(user, rows: list[Notification], *, period: str, key: str, links: Links) -> Digest:
    """`user`'s digest from their notifications, grouped by edition and group, in their
    language (the sentences are made here; the templates render in the same language)."""
    with translation.override(language_of(user)):
        sections: dict[object, DigestSection] = {}
        groups: dict[tuple, list[DigestItem]] = {}
        ordered = sorted(
            rows,
            key=lambda n: (
                n.edition is None,
                n.edition.name if n.edition else "",
                n.group is not None,
                n.group.name if n.group else "",
                -n.created_at.timestamp(),
            ),
        )
        for row in ordered:
            edition_key = row.edition_id
            if edition_key not in sections:
                title = row.edition.name if row.edition else gettext("For you")
                sections[edition_key] = DigestSection(title)
            group_key = (edition_key, row.group_id)
            if group_key not in groups:
                group_title = (
                    row.group.name
                    if row.group
                    else (pgettext("digest", "The whole edition") if row.edition else "")
                )
                groups[group_key] = []
                sections[edition_key].groups.append((group_title, groups[group_key]))
            groups[group_key].append(
                DigestItem(
                    sentence=row.sentence(),
                    url=absolute_url(row.url) if row.url else "",
                    excerpt=row.excerpt,
                    created_at=row.created_at,
                )
            )
    return Digest(
        user=user,
        period=period,
        period_key=key,
        sections=list(sections.values()),
        count=len(rows),
        unsubscribe_url=unsubscribe_url(user.pk, period=period, template=links.unsubscribe),
        preferences_url=links.preferences,
    )


def _mailable(rows, wanted) -> dict[int, list[Notification]]:
    """Per person, the rows to mail: a kind still set to a digest or to email (someone who
    switched a kind to "in the app only" or "off" since does not get it by email)."""
    result: dict[int, list[Notification]] = {}
    for row in rows:
        kind = kinds.KINDS.get(row.kind)
        if kind is None:
            continue
        channel = wanted.get((row.recipient_id, row.kind), kind.default)
        if channel in (Channel.APP, Channel.OFF):
            continue
        result.setdefault(row.recipient_id, []).append(row)
    return result


def render_digest(digest: Digest) -> tuple[str, str, str]:
    """Subject, plain text and HTML of a digest, in its reader's language."""
    return render(TEMPLATE, digest.context(), language_of(digest.user))


def send_digests(
    period: str,
    *,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    out: Callable[[str], None] | None = None,
) -> Outcome:
    """Send (or with `dry_run`, print through `out` without claiming or sending) the digests of
    `period` (Channel.DAILY or Channel.WEEKLY) for the period `now` falls in."""
    if period not in DIGEST_PERIODS:
        raise ValueError(f"Not a digest period: {period}")
    now = now or timezone.now()
    key = period_key(period, now)
    outcome = Outcome()
    links = Links.make()
    mailer = None if dry_run else mail.get_connection()
    if mailer is not None:
        mailer.open()
    try:
        for users in _batches(period, now, batch_size):
            outcome.people += len(users)
            _one_batch(users, period=period, key=key, now=now, dry_run=dry_run, out=out,
                       mailer=mailer, outcome=outcome, links=links)  # fmt: skip
    finally:
        if mailer is not None:
            mailer.close()
    return outcome


def _one_batch(users, *, period, key, now, dry_run, out, mailer, outcome: Outcome, links) -> None:
    ids = [user.pk for user in users]
    if dry_run:
        claims = dict.fromkeys(ids, 0)
    else:
        claims = claim(ids, period=period, key=key, now=now)
        outcome.skipped += len(ids) - len(claims)
    mine = [user for user in users if user.pk in claims]
    if not mine:
        return
    readers = [user for user in mine if user.is_active and user.email]
    visible = _visible_ids(readers, period, now)
    rows = list(
        Notification.objects.filter(pk__in=visible).select_related("actor", "edition", "group")
    )
    per_person = _mailable(rows, _wanted(ids))
    sent_at = timezone.now()
    deliveries = []
    for user in mine:
        items = per_person.get(user.pk, [])
        if not items:
            outcome.empty += 1
            deliveries.append(DigestDelivery(pk=claims[user.pk], sent_at=sent_at, count=0))
            continue
        digest = _build(user, items, period=period, key=key, links=links)
        if dry_run:
            _print(digest, out)
        else:
            send_email(
                TEMPLATE,
                digest.context(),
                user,
                headers=unsubscribe_headers(digest.unsubscribe_url),
                connection=mailer,
            )
        outcome.sent += 1
        outcome.items += digest.count
        deliveries.append(DigestDelivery(pk=claims[user.pk], sent_at=sent_at, count=digest.count))
    if dry_run:
        return
    _pending(period, now).filter(recipient_id__in=list(claims)).update(digested_at=sent_at)
    DigestDelivery.objects.bulk_update(deliveries, ["sent_at", "count"])


def _print(digest: Digest, out: Callable[[str], None] | None) -> None:
    """A dry run's account of one digest: to whom, how many items, the email as text."""
    if out is None:
        return
    subject, text, _html = render_digest(digest)
    user = digest.user
    rule = "-" * 72
    out(
        f"{rule}\nTo: {user.name} <{user.email}>\n"
        f"Digest: {digest.period} {digest.period_key}, {digest.count} item(s)\n"
        f"Subject: {subject}\n"
        f"List-Unsubscribe: <{digest.unsubscribe_url}>\n\n{text.strip()}\n"
    )

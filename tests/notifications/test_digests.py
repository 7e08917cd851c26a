"""The daily and weekly digests: once per person and period (also run twice or at the same
time), grouped by edition and group, only what the person may still see, in their language."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership
from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.notifications import digests, services
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.models import DigestDelivery, Notification
from leerplatform.notifications.tasks import read_unsubscribe_token
from tests.factories import make_edition, make_member

NOW = dt.datetime(2026, 12, 7, 7, 0, tzinfo=dt.UTC)  # a Monday


def _weekly(edition, people, *, group=None, visibility=Visibility.PLATFORM, label="Werkvormen"):
    return services.notify(
        "post",
        people,
        edition=edition,
        group=group,
        visibility=visibility,
        target_label=label,
        url="/x/",
        excerpt="Tekst",
    )


def _backdate():
    Notification.objects.update(created_at=NOW - dt.timedelta(days=1))


def test_period_keys():
    assert digests.period_key(Channel.DAILY, NOW) == "2026-12-07"
    assert digests.period_key(Channel.WEEKLY, NOW) == "2026-W50"
    assert digests.period_key(Channel.WEEKLY, dt.datetime(2027, 1, 1, 12, tzinfo=dt.UTC)) == (
        "2026-W53"
    )


@pytest.mark.django_db
def test_one_digest_per_person_grouped_by_edition_and_group_with_unsubscribe():
    first, second = make_edition(themes=1, name="Editie Een"), make_edition(themes=1, name="Twee")
    noor = make_member(first, name="Noor", language="en")
    Membership.objects.create(edition=second, user=noor, role="participant")
    group = LearningGroup.objects.create(edition=first, name="Leergroep Zorg")
    GroupMembership.objects.create(group=group, user=noor)
    _weekly(first, [noor], label="Plenair")
    _weekly(first, [noor], group=group, visibility=Visibility.GROUP, label="In de groep")
    _weekly(second, [noor], label="Elders")
    _backdate()

    outcome = digests.send_digests(Channel.WEEKLY, now=NOW)

    assert (outcome.sent, outcome.items) == (1, 3)
    (message,) = mail.outbox
    body = message.body
    assert "Your weekly digest: 3 notifications" in message.subject
    # Editions in order, the group under its edition.
    assert body.index("== Editie Een ==") < body.index("-- Leergroep Zorg --")
    assert body.index("-- Leergroep Zorg --") < body.index("In de groep") < body.index("== Twee")
    assert body.index("Plenair") < body.index("-- Leergroep Zorg --")
    html = message.alternatives[0][0]
    assert "<h2" in html and "Leergroep Zorg" in html and 'lang="en"' in html
    link = message.extra_headers["List-Unsubscribe"][1:-1]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in body
    stop = read_unsubscribe_token(link.rstrip("/").rsplit("/", 1)[1])
    assert stop.user_id == noor.pk and stop.period == Channel.WEEKLY
    assert not Notification.objects.filter(digested_at__isnull=True).exists()
    delivery = DigestDelivery.objects.get(user=noor)
    assert (delivery.period_key, delivery.count) == ("2026-W50", 3) and delivery.sent_at


@pytest.mark.django_db
def test_running_twice_sends_once_and_new_items_wait_for_the_next_period():
    edition = make_edition(themes=1)
    people = [make_member(edition) for _ in range(3)]
    _weekly(edition, people)
    _backdate()
    assert digests.send_digests(Channel.WEEKLY, now=NOW).sent == 3
    _weekly(edition, people[:1], label="Later")
    Notification.objects.filter(target_label="Later").update(created_at=NOW)
    again = digests.send_digests(Channel.WEEKLY, now=NOW + dt.timedelta(hours=1))
    assert (again.sent, again.skipped) == (0, 1)
    assert len(mail.outbox) == 3
    # Next week the waiting one goes.
    later = digests.send_digests(Channel.WEEKLY, now=NOW + dt.timedelta(days=7))
    assert later.sent == 1 and "Later" in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_claim_made_by_another_run_means_this_run_sends_nothing():
    edition = make_edition(themes=1)
    noor, sam = make_member(edition), make_member(edition)
    _weekly(edition, [noor, sam])
    _backdate()
    DigestDelivery.objects.create(user=noor, period=Channel.WEEKLY, period_key="2026-W50")
    outcome = digests.send_digests(Channel.WEEKLY, now=NOW)
    assert [m.to for m in mail.outbox] == [[sam.email]]
    assert outcome.skipped == 1
    # The other run owns noor's notifications: this one leaves them alone.
    assert Notification.objects.get(recipient=noor).digested_at is None


@pytest.mark.django_db
def test_only_what_the_person_may_still_see_and_still_wants_by_email():
    edition = make_edition(themes=1)
    noor = make_member(edition)
    group = LearningGroup.objects.create(edition=edition, name="Leergroep A")
    GroupMembership.objects.create(group=group, user=noor)
    _weekly(edition, [noor], label="Zichtbaar")
    _weekly(edition, [noor], group=group, visibility=Visibility.GROUP, label="Groepsgeheim")
    services.notify("document_added", [noor], edition=edition, visibility="platform",
                    target_label="Uitgezet")  # fmt: skip
    services.set_preference(user=noor, kind="document_added", channel=Channel.APP)
    GroupMembership.objects.filter(user=noor).update(left_at=timezone.now())  # left the group
    _backdate()
    digests.send_digests(Channel.WEEKLY, now=NOW)
    (message,) = mail.outbox
    assert "Zichtbaar" in message.body
    assert "Groepsgeheim" not in message.body and "Uitgezet" not in message.body
    # Nothing is left waiting for ever: all three are dealt with.
    assert not Notification.objects.filter(digested_at__isnull=True).exists()


@pytest.mark.django_db
def test_someone_who_left_the_edition_gets_nothing_about_it():
    edition = make_edition(themes=1)
    noor = make_member(edition)
    _weekly(edition, [noor])
    Membership.objects.filter(user=noor).update(left_at=timezone.now())
    _backdate()
    outcome = digests.send_digests(Channel.WEEKLY, now=NOW)
    assert mail.outbox == [] and outcome.empty == 1


@pytest.mark.django_db
def test_daily_and_weekly_are_separate():
    edition = make_edition(themes=1)
    noor = make_member(edition)
    services.set_preference(user=noor, kind="post", channel=Channel.DAILY)
    _weekly(edition, [noor])  # "post" now goes to the daily digest
    _backdate()
    assert digests.send_digests(Channel.WEEKLY, now=NOW).sent == 0
    assert digests.send_digests(Channel.DAILY, now=NOW).sent == 1
    assert "dagelijkse overzicht" in mail.outbox[0].subject


@pytest.mark.django_db
def test_the_dry_run_prints_and_claims_nothing():
    edition = make_edition(themes=1)
    noor = make_member(edition, name="Noor Droog")
    _weekly(edition, [noor], label="Werkvormen")
    _backdate()
    out = io.StringIO()
    call_command("send_digests", "--period", "weekly", "--dry-run", "--now", NOW.isoformat(),
                 stdout=out)  # fmt: skip
    printed = out.getvalue()
    assert f"To: Noor Droog <{noor.email}>" in printed
    assert "1 item(s)" in printed and "Werkvormen" in printed
    assert "would send 1" in printed
    assert mail.outbox == []
    assert not DigestDelivery.objects.exists()
    assert not Notification.objects.filter(digested_at__isnull=False).exists()


@pytest.mark.django_db
def test_the_command_sends_and_reports():
    edition = make_edition(themes=1)
    _weekly(edition, [make_member(edition)])
    _backdate()
    out = io.StringIO()
    call_command("send_digests", "--period", "weekly", "--now", "2026-12-07T07:00", stdout=out)
    assert "sent 1 with 1 item(s)" in out.getvalue() and len(mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_a_fixed_number_of_queries_per_batch(size, django_assert_max_num_queries):
    edition = make_edition(themes=1)
    people = [make_member(edition) for _ in range(size)]
    group = LearningGroup.objects.create(edition=edition, name="Leergroep A")
    GroupMembership.objects.bulk_create(GroupMembership(group=group, user=p) for p in people)
    for _ in range(3):
        _weekly(edition, people)
        _weekly(edition, people, group=group, visibility=Visibility.GROUP)
    _backdate()
    # One batch: people, claims, visible ids, rows, preferences, mark, deliveries, the next page.
    with django_assert_max_num_queries(10):
        outcome = digests.send_digests(Channel.WEEKLY, now=NOW, batch_size=50)
    assert (outcome.sent, outcome.items) == (size, 6 * size)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "two real concurrent runs need PostgreSQL: SQLite's in-memory test database (shared "
        "cache) refuses a second concurrent writer instead of queueing it"
    ),
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_the_same_time_send_each_person_one_digest(monkeypatch):
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    edition = make_edition(themes=1)
    people = [make_member(edition) for _ in range(40)]
    _weekly(edition, people)
    _backdate()
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            outcomes.append(digests.send_digests(Channel.WEEKLY, now=NOW, batch_size=7))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(p.email for p in people)  # each exactly once
    assert sum(o.sent for o in outcomes) == 40
    assert DigestDelivery.objects.count() == 40


@pytest.mark.django_db
def test_each_person_of_a_batch_is_judged_on_their_own():
    edition = make_edition(themes=1)
    people = [make_member(edition) for _ in range(5)]
    group = LearningGroup.objects.create(edition=edition, name="Leergroep A")
    GroupMembership.objects.bulk_create(GroupMembership(group=group, user=p) for p in people)
    _weekly(edition, people, group=group, visibility=Visibility.GROUP, label="Groepswerk")
    _weekly(edition, people, label="Voor iedereen")
    leavers = people[1::2]
    GroupMembership.objects.filter(user__in=leavers).update(left_at=timezone.now())
    _backdate()
    digests.send_digests(Channel.WEEKLY, now=NOW)
    bodies = {message.to[0]: message.body for message in mail.outbox}
    for person in people:
        assert "Voor iedereen" in bodies[person.email]
        assert ("Groepswerk" in bodies[person.email]) == (person not in leavers)

"""The notification centre: the bell, the Meldingen page, reading, filters and purging."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from leerplatform.core.visibility import Visibility
from leerplatform.notifications import services
from leerplatform.notifications.models import Notification
from tests.factories import make_edition, make_member, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _tell(member, edition, n=1, **fields):
    made = []
    for _ in range(n):
        made += services.notify(
            "phase_changed",
            [member],
            edition=edition,
            visibility=Visibility.PLATFORM,
            url=reverse("editions:detail", kwargs={"slug": edition.slug}),
            detail="Building",
            **fields,
        )
    return made


def test_the_bell_shows_the_unread_count_on_every_page(client):
    edition = make_edition(themes=1)
    member = make_member(edition)
    _tell(member, edition, 3)
    client.force_login(member)
    html = client.get(reverse("editions:home")).content.decode()
    assert 'class="bell__count"' in html
    assert "3 ongelezen" in html


@pytest.mark.visitor_cache
def test_the_bell_costs_at_most_one_query_and_none_once_kept(client, django_assert_num_queries):
    edition = make_edition(themes=1)
    member = make_member(edition)
    _tell(member, edition, 2)
    client.force_login(member)
    client.get(reverse("accounts:profile"))  # keeps the count
    from leerplatform.accounts.models import User
    from leerplatform.notifications.queries import unread_count

    person = User.objects.get(pk=member.pk)
    with django_assert_num_queries(0):
        assert unread_count(person) == 2


def test_the_page_lists_who_what_where_and_links_to_the_thing(client):
    edition = make_edition(themes=1)
    member, actor = make_member(edition), make_member(edition, name="Fenna Faciliteerder")
    (row,) = services.notify(
        "phase_changed",
        [member],
        actor=actor,
        edition=edition,
        visibility=Visibility.PLATFORM,
        url=reverse("editions:detail", kwargs={"slug": edition.slug}),
    )
    client.force_login(member)
    html = client.get(reverse("notifications:list")).content.decode()
    assert edition.name in html
    assert reverse("notifications:open", kwargs={"pk": row.pk}) in html
    assert "Vandaag" in html
    response = client.get(reverse("notifications:open", kwargs={"pk": row.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("editions:detail", kwargs={"slug": edition.slug})
    row.refresh_from_db()
    assert row.read_at is not None


def test_mark_one_and_all_read_and_the_unread_filter(client):
    edition = make_edition(themes=1)
    member = make_member(edition)
    first, second, third = _tell(member, edition, 3)
    client.force_login(member)
    client.post(reverse("notifications:read", kwargs={"pk": first.pk}))
    unread = client.get(reverse("notifications:list") + "?show=unread").context["centre"]
    assert [n.pk for n in unread.page] == [third.pk, second.pk]
    assert unread.unread == 2
    client.post(reverse("notifications:read_all"))
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 0
    html = client.get(reverse("notifications:list") + "?show=unread").content.decode()
    assert "Niets ongelezen" in html


def test_the_edition_filter_and_mark_all_read_of_one_edition(client):
    one, two = make_edition(themes=1), make_edition(themes=1)
    member = make_member(one)
    make_member(two)
    from leerplatform.editions.models import Membership, Role

    Membership.objects.create(user=member, edition=two, role=Role.PARTICIPANT)
    (in_one,) = _tell(member, one)
    (in_two,) = _tell(member, two)
    client.force_login(member)
    centre = client.get(reverse("notifications:list") + f"?edition={two.slug}").context["centre"]
    assert [n.pk for n in centre.page] == [in_two.pk]
    client.post(reverse("notifications:read_all"), {"edition": two.slug})
    in_one.refresh_from_db()
    in_two.refresh_from_db()
    assert in_one.read_at is None and in_two.read_at is not None


def test_someone_elses_notification_is_not_found(client):
    edition = make_edition(themes=1)
    member, other = make_member(edition), make_member(edition)
    (row,) = _tell(member, edition)
    client.force_login(other)
    assert client.get(reverse("notifications:open", kwargs={"pk": row.pk})).status_code == 404
    assert client.post(reverse("notifications:read", kwargs={"pk": row.pk})).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_the_page_costs_the_same_queries_for_few_and_many(client, django_assert_max_num_queries):
    edition = make_edition(themes=1)
    member = make_member(edition)
    client.force_login(member)
    _tell(member, edition, 2)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("notifications:list"))
    _tell(member, edition, 60, actor=make_member(edition))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("notifications:list"))


def test_a_link_elsewhere_is_never_followed(client):
    edition = make_edition(themes=1)
    member = make_member(edition)
    (row,) = _tell(member, edition)
    Notification.objects.filter(pk=row.pk).update(url="https://evil.example/")
    client.force_login(member)
    response = client.get(reverse("notifications:open", kwargs={"pk": row.pk}))
    assert response["Location"] == reverse("notifications:list")


def test_purge_deletes_only_what_is_older_than_the_keeping_time(settings, capsys):
    settings.NOTIFICATIONS_KEEP_DAYS = 30
    edition = make_edition(themes=1)
    member = make_member(edition)
    old, new = _tell(member, edition, 2)
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    call_command("purge_notifications")
    assert list(Notification.objects.values_list("pk", flat=True)) == [new.pk]
    call_command("purge_notifications")  # twice is harmless
    assert "Deleted 0 notifications" in capsys.readouterr().out


def test_a_visitor_sees_no_bell(client):
    make_user()
    html = client.get(reverse("editions:home")).content.decode()
    assert 'class="bell"' not in html


def _bulk_members(edition, count):
    """`count` participants of `edition`, each with an unread notification, written in bulk."""
    from leerplatform.accounts.models import User
    from leerplatform.editions.models import Membership, Role

    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"bulk{start + i}@example.org", name=f"Deelnemer {start + i} (fictief)")
        for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, edition=edition, role=Role.PARTICIPANT) for user in users
    )
    Notification.objects.bulk_create(
        Notification(recipient=user, kind="phase_changed", edition=edition, channel="weekly")
        for user in users
    )


def test_the_bell_adds_the_same_queries_at_10_and_2000_participants(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    edition = make_edition(themes=1)
    member = make_member(edition)
    _bulk_members(edition, 10)
    _tell(member, edition, 2)
    client.force_login(member)

    def bell_queries():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("accounts:profile"))
        return [
            q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]
        ]

    few = bell_queries()
    _bulk_members(edition, 1990)
    many = bell_queries()
    assert len(few) == len(many) == 1


def test_the_bells_count_is_what_the_visibility_rule_counts_also_after_leaving(db):
    """The count read with SQL built once (notifications.queries._UNREAD) against the ORM's count
    of `visible_notifications`: personal, edition-wide, read and unread, and after leaving the
    edition (its shared notifications no longer count)."""
    from leerplatform.membership.services.participation import leave_edition
    from leerplatform.notifications.queries import unread_count, visible_notifications

    def orm(person) -> int:
        return visible_notifications(person).filter(read_at__isnull=True).count()

    edition = make_edition(themes=1)
    member, other = make_member(edition), make_member(edition)
    _tell(member, edition, 3)
    services.notify("phase_changed", [member], edition=edition, visibility="")  # personal
    read = _tell(member, edition, 1)[0]
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    assert unread_count(member) == orm(member) == 4
    assert unread_count(other) == orm(other) == 0
    leave_edition(edition=edition, user=member)
    assert unread_count(member) == orm(member) == 1  # only the personal one

"""Between editions: where /dashboard/ lands (open before over, newest first), the header's
"Mijn edities" for people in more than one edition, and what it costs in queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from leerplatform.editions import queries, services
from leerplatform.editions.models import Edition, Membership, Phase, Role
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = dt.timedelta(days=365)


def _edition(name: str, *, starts_on: dt.date, ends_on: dt.date, phase: str) -> Edition:
    return factories.make_edition(
        name=name, starts_on=starts_on, ends_on=ends_on, phase=phase, themes=1
    )


@pytest.fixture
def editions():
    """An open edition that started long ago, a newer closed one, a newer one whose last day has
    passed while its phase is still consolidation, and the newest, still in orientation."""
    return {
        "open_old": _edition(
            "Open 1", starts_on=TODAY - 2 * YEAR, ends_on=TODAY + YEAR, phase=Phase.BUILDING
        ),
        "closed": _edition(
            "Gesloten", starts_on=TODAY - YEAR, ends_on=TODAY + YEAR, phase=Phase.CLOSED
        ),
        "ended": _edition(
            "Voorbij",
            starts_on=TODAY - YEAR // 2,
            ends_on=TODAY - dt.timedelta(days=1),
            phase=Phase.CONSOLIDATION,
        ),
        "open_new": _edition(
            "Open 2",
            starts_on=TODAY - dt.timedelta(days=10),
            ends_on=TODAY + YEAR,
            phase=Phase.ORIENTATION,
        ),
    }


def _nl(text: str, context: str | None = None) -> str:
    """A text as the Dutch pages show it (the msgid until the Dutch catalogue has it)."""
    with translation.override("nl"):
        return pgettext(context, text) if context else gettext(text)


def _member_of(*editions_: Edition, role: str = Role.PARTICIPANT):
    person = factories.make_user(name="Mees Meervoud")
    for edition in editions_:
        services.add_member(edition=edition, user=person, role=role)
    return person


def _fresh(user):
    """The person as a new request sees them: nothing cached on the object."""
    return type(user).objects.get(pk=user.pk)


# --- What "open" means ----------------------------------------------------------------------------


def test_an_edition_is_open_until_it_is_closed_or_its_last_day_has_passed(editions):
    open_ = set(Edition.objects.filter(queries.is_open_q()).values_list("name", flat=True))

    assert open_ == {"Open 1", "Open 2"}


def test_its_last_day_still_counts_as_open(editions):
    last_day = editions["ended"].ends_on

    assert Edition.objects.filter(queries.is_open_q(today=last_day), name="Voorbij").exists()


# --- Where /dashboard/ lands --------------------------------------------------------------------


def test_the_most_relevant_edition_is_the_newest_open_one(editions):
    person = _member_of(*editions.values())

    assert queries.most_relevant_edition(user=person) == editions["open_new"]


def test_an_open_edition_goes_before_newer_ones_that_are_over(editions):
    person = _member_of(editions["open_old"], editions["closed"], editions["ended"])

    assert queries.most_relevant_edition(user=person) == editions["open_old"]


def test_among_editions_that_are_over_the_newest_comes_first(editions):
    person = _member_of(editions["closed"], editions["ended"])

    assert queries.most_relevant_edition(user=person) == editions["ended"]


def test_an_ended_membership_is_not_where_one_lands(editions):
    person = _member_of(editions["open_old"], editions["open_new"])
    Membership.objects.filter(user=person, edition=editions["open_new"]).update(
        left_at=timezone.now()
    )

    assert queries.most_relevant_edition(user=person) == editions["open_old"]


def test_my_dashboard_redirects_to_the_most_relevant_edition(editions, as_user):
    person = _member_of(editions["closed"], editions["open_old"])

    response = as_user(person).get(reverse("editions:my_dashboard"))

    assert response.status_code == 302
    assert response.url == reverse("editions:dashboard", kwargs={"slug": editions["open_old"].slug})


def test_my_dashboard_without_an_edition_still_goes_to_the_profile(outsider, as_user):
    response = as_user(outsider).get(reverse("editions:my_dashboard"))

    assert response.url == reverse("accounts:profile")


# --- "Mijn edities" -----------------------------------------------------------------------------


def _dashboard(client, edition: Edition) -> str:
    response = client.get(reverse("editions:dashboard", kwargs={"slug": edition.slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_one_edition_shows_no_switcher(edition, participant, as_user):
    html = _dashboard(as_user(participant), edition)

    assert "edition-switcher" not in html
    assert _nl("My editions") not in html


def test_two_editions_show_the_switcher_with_role_and_status_the_current_one_marked(
    editions, as_user
):
    person = _member_of(editions["open_new"])
    services.add_member(edition=editions["closed"], user=person, role=Role.FACILITATOR)

    html = _dashboard(as_user(person), editions["open_new"])

    switcher = html.split('<details class="edition-switcher">')[1].split("</details>")[0]
    assert _nl("My editions") in switcher
    # The most relevant first, each with the person's role and the edition's status.
    assert switcher.index("Open 2") < switcher.index("Gesloten")
    assert "Deelnemer · Oriëntatie" in switcher
    assert f"Facilitator · {_nl('closed', 'edition status')}" in switcher
    current = reverse("editions:dashboard", kwargs={"slug": editions["open_new"].slug})
    other = reverse("editions:dashboard", kwargs={"slug": editions["closed"].slug})
    assert f'<a href="{current}" aria-current="true">' in switcher
    assert f'<a href="{other}">' in switcher
    assert switcher.count("aria-current") == 1


def test_an_edition_whose_last_day_passed_says_when_it_ended(editions, as_user):
    person = _member_of(editions["open_old"], editions["ended"])
    day = editions["ended"].ends_on

    html = _dashboard(as_user(person), editions["open_old"])

    with translation.override("nl"):
        ended = _nl("ended on %(date)s") % {"date": date_format(day, "DATE_FORMAT")}
    assert ended in html


def test_the_switcher_shows_on_pages_outside_an_edition_too(editions, as_user):
    person = _member_of(editions["open_old"], editions["open_new"])

    html = as_user(person).get(reverse("accounts:profile")).content.decode()

    assert '<details class="edition-switcher">' in html
    assert (
        "aria-current"
        not in html.split('<details class="edition-switcher">')[1].split("</details>")[0]
    )


def test_an_edition_one_left_is_left_out_and_one_left_means_no_switcher(editions, as_user):
    person = _member_of(editions["open_old"], editions["open_new"])
    Membership.objects.filter(user=person, edition=editions["open_new"]).update(
        left_at=timezone.now()
    )

    html = _dashboard(as_user(person), editions["open_old"])

    assert "edition-switcher" not in html
    assert queries.my_editions(user=_fresh(person)) == []


def test_visitors_see_no_switcher(editions, client):
    html = client.get(reverse("editions:detail", kwargs={"slug": editions["open_old"].slug}))

    assert "edition-switcher" not in html.content.decode()


# --- What it costs --------------------------------------------------------------------------------


def test_the_switcher_reads_the_roles_then_the_editions_once_per_request(editions):
    person = _fresh(_member_of(editions["open_old"], editions["open_new"]))

    with CaptureQueriesContext(connection) as read:
        first = queries.my_editions(user=person)
        again = queries.my_editions(user=person)
        roles = queries.roles_of(person)

    assert len(read.captured_queries) == 2  # the roles (SQL built once), then the editions
    assert first is again and [m.edition for m in first] == [
        editions["open_new"],
        editions["open_old"],
    ]
    assert roles == {
        editions["open_old"].pk: Role.PARTICIPANT,
        editions["open_new"].pk: Role.PARTICIPANT,
    }


def test_one_edition_costs_only_the_roles_which_the_page_reads_anyway(edition, participant):
    """A page outside an edition (the profile, the notifications) shows the switcher first: for
    someone in one edition only the roles are read, and the page's permissions use them again."""
    person = _fresh(participant)

    with CaptureQueriesContext(connection) as read:
        assert queries.my_editions(user=person) == []
        assert queries.roles_of(person) == {edition.pk: Role.PARTICIPANT}

    assert len(read.captured_queries) == 1
    columns = read.captured_queries[0]["sql"].split(" FROM ")[0]
    # The roles (read with the slugs and agreements the agreements guard needs), not the
    # editions' names a switcher of two or more would show.
    assert '"editions_membership"."role"' in columns and '"editions_edition"."name"' not in columns


def test_with_the_roles_read_one_edition_costs_no_query(edition, participant):
    person = _fresh(participant)
    queries.roles_of(person)

    with CaptureQueriesContext(connection) as read:
        assert queries.my_editions(user=person) == []

    assert read.captured_queries == []


def test_a_page_costs_at_most_one_query_more_with_the_switcher(editions, as_user):
    """The same dashboard for a person in one edition and for one in two: one query apart."""
    single = _member_of(editions["open_old"])
    double = _member_of(editions["open_old"], editions["open_new"])
    url = reverse("editions:dashboard", kwargs={"slug": editions["open_old"].slug})
    counts = {}
    for name, person in (("single", single), ("double", double)):
        client = as_user(person)
        client.get(url)  # sessions, caches
        with CaptureQueriesContext(connection) as read:
            assert client.get(url).status_code == 200
        counts[name] = len(read.captured_queries)

    assert counts["double"] - counts["single"] <= 1


# --- From a closed edition to where it continues ------------------------------------------------


@pytest.fixture
def continued(editions):
    """The closed edition, continued in a new one (not published yet)."""
    old = editions["closed"]
    new = factories.make_edition(
        name="Het vervolg",
        starts_on=TODAY,
        ends_on=TODAY + YEAR,
        phase=Phase.ORIENTATION,
        continued_from=old,
        is_published=False,
        themes=1,
    )
    return old, new


def test_the_public_page_of_a_closed_edition_links_a_published_continuation(continued, client):
    old, new = continued
    new.is_published = True
    new.save()

    html = client.get(reverse("editions:detail", kwargs={"slug": old.slug})).content.decode()

    assert 'id="continuation-heading"' in html
    assert f'href="{new.get_absolute_url()}"' in html


def test_visitors_do_not_see_an_unpublished_continuation_nor_an_empty_section(continued, client):
    old, new = continued
    old.is_published = True
    old.save()

    html = client.get(reverse("editions:detail", kwargs={"slug": old.slug})).content.decode()

    assert "continuation-heading" not in html
    assert new.name not in html


def test_a_member_of_the_continuation_finds_it_on_the_closed_editions_pages(continued, as_user):
    old, new = continued
    person = _member_of(old, new)
    client = as_user(person)

    public = client.get(reverse("editions:detail", kwargs={"slug": old.slug})).content.decode()
    dashboard = _dashboard(client, old)

    assert f'href="{new.get_absolute_url()}"' in public
    new_dashboard = reverse("editions:dashboard", kwargs={"slug": new.slug})
    assert f'href="{new_dashboard}"' in dashboard.split('id="phase-focus"')[1]


def test_an_open_edition_has_no_continuation_section(editions, client):
    slug = editions["open_old"].slug
    html = client.get(reverse("editions:detail", kwargs={"slug": slug})).content.decode()

    assert "continuation-heading" not in html

"""The people of an edition: "Who is who", the institutions overview, leaving and ending."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leerplatform.accounts.models import Institution, ProfileField, User
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.editions.models import Membership, Role
from leerplatform.membership.queries.people import (
    PEOPLE_PER_PAGE,
    directory,
    institutions_overview,
)
from leerplatform.membership.services.participation import end_participation, leave_edition
from tests import factories

pytestmark = pytest.mark.django_db

ALL_FIELDS = list(ProfileField.values)


def institutions(n: int) -> list[Institution]:
    return list(Institution.objects.order_by("name")[:n])


def member(edition, *, shows=ALL_FIELDS, role=Role.PARTICIPANT, themes=(), **fields) -> User:
    user = factories.make_member(edition, role=role, **fields)
    user.visible_fields = [str(f) for f in shows]
    user.save(update_fields=["visible_fields"])
    if themes:
        user.expertise.set(themes)
    return user


def bulk_participants(edition, n: int, *, start: int = 0) -> None:
    """Many participants at once (bypasses the services: test data only)."""
    inst = institutions(5)
    themes = list(edition.themes.all())
    users = User.objects.bulk_create(
        User(
            email=f"bulk{start + i}@example.org",
            name=f"Bulk {start + i:04d}",
            institution=inst[i % len(inst)],
            job_title="HR-adviseur",
            visible_fields=ALL_FIELDS if i % 2 else [],
        )
        for i in range(n)
    )
    Membership.objects.bulk_create(Membership(user=u, edition=edition) for u in users)
    through = User.expertise.through
    through.objects.bulk_create(
        through(user_id=u.pk, theme_id=themes[i % len(themes)].pk) for i, u in enumerate(users)
    )


def names(result) -> list[str]:
    return [card.person.name for card in result.cards]


def directory_url(edition, **params) -> str:
    from urllib.parse import urlencode

    url = reverse("membership:directory", kwargs={"slug": edition.slug})
    return f"{url}?{urlencode(params)}" if params else url


# --- visibility ---------------------------------------------------------------------------------


def test_a_hidden_job_title_is_not_shown_to_participants_but_to_facilitators(
    edition, participant, facilitator
):
    member(edition, name="Hidde Hidden", shows=[ProfileField.INSTITUTION], job_title="Geheim")

    as_participant = {
        c.person.name: c for c in directory(edition=edition, viewer=participant).cards
    }
    as_facilitator = {
        c.person.name: c for c in directory(edition=edition, viewer=facilitator).cards
    }

    assert as_participant["Hidde Hidden"].job_title == ""
    assert as_facilitator["Hidde Hidden"].job_title == "Geheim"


def test_the_page_does_not_contain_hidden_fields_or_photo(as_user, edition, participant):
    inst = institutions(1)[0]
    hidden = member(
        edition, name="Hidde Hidden", shows=[], job_title="Geheime functie", institution=inst
    )
    hidden.photo = "profile-photos/x.png"
    hidden.save(update_fields=["photo"])

    html = as_user(participant).get(directory_url(edition)).content.decode()

    assert "Hidde Hidden" in html
    assert "Geheime functie" not in html
    assert reverse("accounts:photo", kwargs={"pk": hidden.pk}) not in html
    assert reverse("accounts:person", kwargs={"pk": hidden.pk}) in html


def test_only_this_editions_themes_are_shown(edition, participant):
    other = factories.make_edition()
    mine = edition.themes.first()
    person = member(edition, name="Tessa Themes", themes=[mine, other.themes.first()])

    card = next(
        c for c in directory(edition=edition, viewer=participant).cards if c.person == person
    )

    assert card.themes == [mine]


def test_people_who_left_are_not_listed(edition, participant, facilitator):
    gone = member(edition, name="Gerrit Gone")
    leave_edition(edition=edition, user=gone)
    assert "Gerrit Gone" not in names(directory(edition=edition, viewer=facilitator))


def test_facilitators_carry_a_badge_and_come_first(as_user, edition, participant, facilitator):
    result = directory(edition=edition, viewer=participant)
    assert [c.role for c in result.cards] == [Role.FACILITATOR, Role.PARTICIPANT]


# --- filters ------------------------------------------------------------------------------------


def test_filtering_by_institution_never_matches_a_hidden_institution(
    edition, participant, facilitator
):
    inst = institutions(1)[0]
    member(edition, name="Open Olaf", institution=inst, shows=[ProfileField.INSTITUTION])
    member(edition, name="Hidden Hanna", institution=inst, shows=[ProfileField.JOB_TITLE])

    seen_by_participant = directory(edition=edition, viewer=participant, institution_id=inst.pk)
    seen_by_facilitator = directory(edition=edition, viewer=facilitator, institution_id=inst.pk)

    assert names(seen_by_participant) == ["Open Olaf"]
    assert names(seen_by_facilitator) == ["Hidden Hanna", "Open Olaf"]


def test_the_institution_choices_do_not_reveal_hidden_institutions(
    as_user, edition, participant, facilitator
):
    shown, hidden = institutions(2)
    member(edition, institution=shown, shows=[ProfileField.INSTITUTION])
    member(edition, institution=hidden, shows=[])

    participant_choices = as_user(participant).get(directory_url(edition)).context["form"]
    facilitator_choices = as_user(facilitator).get(directory_url(edition)).context["form"]

    assert [c[1] for c in participant_choices.fields["institution"].choices][1:] == [shown.name]
    assert {c[1] for c in facilitator_choices.fields["institution"].choices} >= {
        shown.name,
        hidden.name,
    }


def test_an_institution_nobody_shows_is_not_a_choice_and_the_filter_is_ignored(
    as_user, edition, participant
):
    inst = institutions(1)[0]
    member(edition, name="Hidden Hanna", institution=inst, shows=[])

    response = as_user(participant).get(directory_url(edition, institution=inst.pk))

    assert bool(response.context["is_filtered"]) is False  # a lazy value (core.fragments)
    card = next(c for c in response.context["directory"].cards if c.person.name == "Hidden Hanna")
    assert card.institution is None
    assert inst.name not in response.content.decode()


def test_filtering_by_theme_only_matches_people_who_show_their_themes(
    edition, participant, facilitator
):
    theme = edition.themes.first()
    member(edition, name="Open Olaf", themes=[theme], shows=[ProfileField.EXPERTISE])
    member(edition, name="Hidden Hanna", themes=[theme], shows=[])
    member(edition, name="Other Otto", themes=[edition.themes.last()])

    assert names(directory(edition=edition, viewer=participant, theme_id=theme.pk)) == ["Open Olaf"]
    assert names(directory(edition=edition, viewer=facilitator, theme_id=theme.pk)) == [
        "Hidden Hanna",
        "Open Olaf",
    ]


def test_a_person_always_finds_themselves(edition):
    inst = institutions(1)[0]
    me = member(edition, name="Mona Me", institution=inst, shows=[])
    assert names(directory(edition=edition, viewer=me, institution_id=inst.pk)) == ["Mona Me"]


def test_search_by_name_ignores_case(as_user, edition, participant):
    member(edition, name="Annelies de Wit")
    member(edition, name="Bas Zwart")
    response = as_user(participant).get(directory_url(edition, q="de wit"))
    assert names(response.context["directory"]) == ["Annelies de Wit"]


def test_unknown_filter_values_are_ignored(as_user, edition, participant):
    response = as_user(participant).get(directory_url(edition, institution="999999", theme="x"))
    assert response.status_code == 200
    assert names(response.context["directory"]) == ["Pia Participant"]


def test_htmx_gets_only_the_results(as_user, edition, participant):
    response = as_user(participant).get(
        directory_url(edition, q="Pia"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="directory-results"
    )
    html = response.content.decode()
    assert 'id="directory-results"' in html
    assert "<html" not in html


def test_htmx_results_bring_the_active_filter_count_and_the_reset_link(
    as_user, edition, participant
):
    theme = edition.themes.first()
    response = as_user(participant).get(
        directory_url(edition, theme=str(theme.pk)),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="directory-results",
    )
    html = response.content.decode()
    count = re.search(r'<span id="directory-filter-count"[^>]*>([^<]*)</span>', html)
    assert 'hx-swap-oob="outerHTML"' in count.group(0)
    assert count.group(1) == "(1 actief)"
    assert re.search(r'<span id="directory-reset" hx-swap-oob="outerHTML"><a href=', html)


# --- pagination and cost ------------------------------------------------------------------------


def test_large_editions_are_paged(as_user, edition, participant):
    bulk_participants(edition, 60)
    client = as_user(participant)
    first = client.get(directory_url(edition)).context["directory"]
    second = client.get(directory_url(edition, page=2)).context["directory"]

    assert len(first.cards) == PEOPLE_PER_PAGE
    assert len(second.cards) == 61 - PEOPLE_PER_PAGE
    assert not set(names(first)) & set(names(second))


def _directory_queries(client, edition, django_assert_max_num_queries, **params):
    url = directory_url(edition, **params)
    with django_assert_max_num_queries(11):  # +1: the notification bell's unread count
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("size", [10, 1000])
@pytest.mark.parametrize("who", ["participant", "facilitator"])
def test_the_directory_costs_the_same_few_queries_for_10_and_1000_people(
    as_user, edition, participant, facilitator, size, who, django_assert_max_num_queries
):
    bulk_participants(edition, size)
    client = as_user({"participant": participant, "facilitator": facilitator}[who])
    theme = edition.themes.first()
    inst = institutions(1)[0]
    _directory_queries(client, edition, django_assert_max_num_queries)
    _directory_queries(
        client,
        edition,
        django_assert_max_num_queries,
        q="bulk",
        theme=theme.pk,
        institution=inst.pk,
        page=2,
    )


# --- institutions overview ----------------------------------------------------------------------


def test_institutions_are_counted_by_shown_institution_largest_first(edition, facilitator):
    a, b = institutions(2)
    for _ in range(3):
        member(edition, institution=b, shows=[ProfileField.INSTITUTION])
    member(edition, institution=a, shows=[ProfileField.INSTITUTION])
    member(edition, institution=a, shows=[])  # hides it
    member(edition, shows=[ProfileField.INSTITUTION])  # has none
    member(edition, institution=a, role=Role.FACILITATOR)  # facilitators are not counted

    overview = institutions_overview(edition=edition)

    assert [(r.name, r.participants, r.percent) for r in overview.rows] == [
        (b.name, 3, 100),
        (a.name, 1, 35),
    ]
    assert overview.total == 6
    assert overview.without_shown_institution == 2


def test_the_institutions_page_has_a_table_and_bars(
    as_user, edition, participant, django_assert_max_num_queries
):
    bulk_participants(edition, 40)
    client = as_user(participant)
    url = reverse("membership:institutions", kwargs={"slug": edition.slug})
    with django_assert_max_num_queries(8):
        response = client.get(url)
    html = response.content.decode()
    assert "<table" in html and "bar--w100" in html
    assert 'style="' not in html


# --- leaving ------------------------------------------------------------------------------------


def test_leaving_ends_the_membership_and_keeps_everything_else(as_user, edition, participant):
    earlier = ActivityEntry.objects.filter(actor=participant).count()
    client = as_user(participant)

    response = client.post(reverse("membership:leave", kwargs={"slug": edition.slug}))

    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    membership = Membership.objects.get(user=participant, edition=edition)
    assert membership.left_at is not None
    assert ActivityEntry.objects.filter(actor=participant).count() == earlier + 1
    assert ActivityEntry.objects.filter(actor=participant, verb=Verb.LEFT, edition=edition).exists()
    assert User.objects.filter(pk=participant.pk, is_active=True).exists()
    for name in ("editions:dashboard", "membership:directory", "membership:agreements"):
        assert client.get(reverse(name, kwargs={"slug": edition.slug})).status_code == 403


def test_leaving_is_possible_without_accepting_the_agreements(
    as_user, edition, facilitator, participant
):
    from leerplatform.membership.services.agreements import publish_agreements

    publish_agreements(edition=edition, text="Afspraken", actor=facilitator)
    assert (
        as_user(participant)
        .get(reverse("membership:leave", kwargs={"slug": edition.slug}))
        .status_code
        == 200
    )


def test_a_facilitator_cannot_leave_through_the_participant_page(edition, facilitator):
    with pytest.raises(ValidationError):
        leave_edition(edition=edition, user=facilitator)


def test_the_dashboard_offers_leaving_to_participants_only(
    as_user, edition, participant, facilitator
):
    leave = reverse("membership:leave", kwargs={"slug": edition.slug})
    dashboard = reverse("editions:dashboard", kwargs={"slug": edition.slug})
    assert leave in as_user(participant).get(dashboard).content.decode()
    assert leave not in as_user(facilitator).get(dashboard).content.decode()


# --- ending a participation ---------------------------------------------------------------------


def test_a_facilitator_ends_a_participation_with_a_reason(
    as_user, edition, facilitator, participant
):
    url = reverse(
        "membership:end_participation", kwargs={"slug": edition.slug, "user_id": participant.pk}
    )

    response = as_user(facilitator).post(url, {"reason": "Werkt niet meer in het hbo"})

    assert response.status_code == 302
    assert Membership.objects.get(user=participant, edition=edition).left_at is not None
    entry = ActivityEntry.objects.get(verb=Verb.PARTICIPATION_ENDED)
    assert entry.actor == facilitator
    assert entry.target == participant
    assert entry.data == {"reason": "Werkt niet meer in het hbo"}
    assert "Pia Participant" not in names(directory(edition=edition, viewer=facilitator))
    assert as_user(participant).get(directory_url(edition)).status_code == 403


def test_earlier_ledger_rows_of_the_person_remain(edition, facilitator, participant):
    before = list(ActivityEntry.objects.filter(actor=participant).values_list("pk", flat=True))
    end_participation(edition=edition, user=participant, actor=facilitator)
    after = set(ActivityEntry.objects.filter(actor=participant).values_list("pk", flat=True))
    assert set(before) <= after and before


@pytest.mark.parametrize("target", ["self", "other facilitator"])
def test_a_facilitators_membership_cannot_be_ended_here(as_user, edition, facilitator, target):
    person = facilitator if target == "self" else member(edition, role=Role.FACILITATOR)
    url = reverse(
        "membership:end_participation", kwargs={"slug": edition.slug, "user_id": person.pk}
    )
    client = as_user(facilitator)

    page = client.get(url)
    assert page.status_code == 200 and page.context["refusal"]
    assert 'name="reason"' not in page.content.decode()

    response = client.post(url, {"reason": "x"}, follow=True)
    assert Membership.objects.get(user=person, edition=edition).left_at is None
    assert any(m.level_tag == "error" for m in response.context["messages"])
    with pytest.raises(ValidationError):
        end_participation(edition=edition, user=person, actor=facilitator)


def test_ending_someone_who_is_not_a_member_is_not_found(as_user, edition, facilitator, outsider):
    url = reverse(
        "membership:end_participation", kwargs={"slug": edition.slug, "user_id": outsider.pk}
    )
    assert as_user(facilitator).get(url).status_code == 404


def test_the_directory_offers_ending_to_facilitators_only(
    as_user, edition, participant, facilitator
):
    url = reverse(
        "membership:end_participation", kwargs={"slug": edition.slug, "user_id": participant.pk}
    )
    assert url in as_user(facilitator).get(directory_url(edition)).content.decode()
    assert url not in as_user(participant).get(directory_url(edition)).content.decode()

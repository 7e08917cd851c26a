"""Collaboration agreements: publishing versions, accepting them, and being asked to accept first."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.editions.models import Role
from leerplatform.editions.rules import roles_of
from leerplatform.editions.services import add_member
from leerplatform.membership.decorators import needs_to_accept_agreements
from leerplatform.membership.models import Agreement, AgreementAcceptance
from leerplatform.membership.services.agreements import accept_agreements, publish_agreements
from tests import factories

pytestmark = pytest.mark.django_db


def publish(edition, facilitator, text="We delen wat we leren."):
    return publish_agreements(edition=edition, text=text, actor=facilitator)


# --- publishing ---------------------------------------------------------------------------------


def test_each_publication_is_the_next_version_and_is_recorded(edition, facilitator):
    first = publish(edition, facilitator, "Versie een")
    second = publish(edition, facilitator, "Versie twee")

    assert (first.version, second.version) == (1, 2)
    entries = ActivityEntry.objects.filter(verb=Verb.AGREEMENTS_PUBLISHED, edition=edition)
    assert [e.data["version"] for e in entries.order_by("id")] == [1, 2]
    assert all(e.actor == facilitator for e in entries)


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_text_is_refused_with_a_field_error(edition, facilitator, text):
    with pytest.raises(ValidationError) as error:
        publish(edition, facilitator, text)
    assert "text" in error.value.message_dict
    assert not Agreement.objects.exists()


def test_an_unchanged_text_is_refused(edition, facilitator):
    publish(edition, facilitator, "Afspraak\r\n")
    with pytest.raises(ValidationError) as error:
        publish(edition, facilitator, "Afspraak  ")
    assert "text" in error.value.message_dict
    assert Agreement.objects.count() == 1


def test_facilitator_publishes_through_the_form_prefilled_with_the_current_text(
    as_user, edition, facilitator
):
    publish(edition, facilitator, "## Oude afspraken")
    client = as_user(facilitator)
    url = reverse("membership:edit_agreements", kwargs={"slug": edition.slug})

    page = client.get(url)
    assert "## Oude afspraken" in page.content.decode()

    response = client.post(url, {"text": "## Nieuwe afspraken"})
    assert response.status_code == 302
    assert Agreement.objects.get(version=2).text == "## Nieuwe afspraken"


def test_publishing_the_same_text_shows_the_error_on_the_field(as_user, edition, facilitator):
    publish(edition, facilitator, "Zelfde tekst")
    response = as_user(facilitator).post(
        reverse("membership:edit_agreements", kwargs={"slug": edition.slug}),
        {"text": "Zelfde tekst"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"]


# --- accepting ----------------------------------------------------------------------------------


def test_accepting_records_a_row_and_a_ledger_entry_once(edition, facilitator, participant):
    agreement = publish(edition, facilitator)

    accept_agreements(agreement=agreement, user=participant)
    accept_agreements(agreement=agreement, user=participant)

    assert AgreementAcceptance.objects.filter(user=participant).count() == 1
    assert (
        ActivityEntry.objects.filter(verb=Verb.AGREEMENTS_ACCEPTED, actor=participant).count() == 1
    )


def test_an_outdated_version_cannot_be_accepted(edition, facilitator, participant):
    old = publish(edition, facilitator, "een")
    publish(edition, facilitator, "twee")
    with pytest.raises(ValidationError):
        accept_agreements(agreement=old, user=participant)


def test_someone_outside_the_edition_cannot_accept(edition, facilitator, outsider):
    with pytest.raises(ValidationError):
        accept_agreements(agreement=publish(edition, facilitator), user=outsider)


def test_the_page_shows_the_rendered_version_and_an_accept_button(
    as_user, edition, facilitator, participant
):
    publish(edition, facilitator, "**Vertrouwen** staat voorop")
    page = as_user(participant).get(reverse("membership:agreements", kwargs={"slug": edition.slug}))
    html = page.content.decode()
    assert "<strong>Vertrouwen</strong>" in html
    assert page.context["page"].agreement.version == 1
    assert 'name="version" value="1"' in html


def test_accepting_on_the_page_sends_the_participant_on_to_next(
    as_user, edition, facilitator, participant
):
    publish(edition, facilitator)
    client = as_user(participant)
    directory = reverse("membership:directory", kwargs={"slug": edition.slug})
    url = reverse("membership:agreements", kwargs={"slug": edition.slug})

    response = client.post(url, {"version": "1", "next": directory})

    assert response.status_code == 302 and response.url == directory
    assert AgreementAcceptance.objects.filter(user=participant).exists()
    page = client.get(url)
    assert page.context["page"].my_acceptance is not None
    assert 'name="version"' not in page.content.decode()


def test_accepting_a_version_that_was_just_replaced_asks_to_read_again(
    as_user, edition, facilitator, participant
):
    publish(edition, facilitator, "een")
    publish(edition, facilitator, "twee")
    response = as_user(participant).post(
        reverse("membership:agreements", kwargs={"slug": edition.slug}), {"version": "1"}
    )
    assert response.status_code == 302
    assert not AgreementAcceptance.objects.exists()


def test_an_unsafe_next_is_ignored(as_user, edition, facilitator, participant):
    publish(edition, facilitator)
    response = as_user(participant).post(
        reverse("membership:agreements", kwargs={"slug": edition.slug}),
        {"version": "1", "next": "https://evil.example/"},
    )
    assert response.url == reverse("editions:dashboard", kwargs={"slug": edition.slug})


# --- enforcement --------------------------------------------------------------------------------


def test_a_participant_is_sent_to_the_agreements_until_they_accept(
    as_user, edition, facilitator, participant
):
    agreement = publish(edition, facilitator)
    client = as_user(participant)
    dashboard = reverse("editions:dashboard", kwargs={"slug": edition.slug})

    response = client.get(dashboard)
    assert response.status_code == 302
    assert response.url.startswith(reverse("membership:agreements", kwargs={"slug": edition.slug}))
    assert "next=" in response.url

    accept_agreements(agreement=agreement, user=participant)
    assert client.get(dashboard).status_code == 200


def test_a_new_version_must_be_accepted_again(as_user, edition, facilitator, participant):
    accept_agreements(agreement=publish(edition, facilitator, "een"), user=participant)
    client = as_user(participant)
    directory = reverse("membership:directory", kwargs={"slug": edition.slug})
    assert client.get(directory).status_code == 200

    publish(edition, facilitator, "twee")

    assert client.get(directory).status_code == 302


def test_without_agreements_nobody_is_held_up(as_user, edition, participant):
    dashboard = reverse("editions:dashboard", kwargs={"slug": edition.slug})
    assert as_user(participant).get(dashboard).status_code == 200


@pytest.mark.parametrize("who", ["facilitator", "staff"])
def test_facilitators_and_staff_are_not_held_up(as_user, edition, facilitator, staff, who):
    publish(edition, facilitator)
    user = {"facilitator": facilitator, "staff": staff}[who]
    dashboard = reverse("editions:dashboard", kwargs={"slug": edition.slug})
    assert as_user(user).get(dashboard).status_code == 200


def test_a_participant_of_another_edition_is_not_held_up_here(edition, facilitator, participant):
    publish(edition, facilitator)
    other = factories.make_edition()
    assert needs_to_accept_agreements(user=participant, slug=other.slug) is False
    assert needs_to_accept_agreements(user=participant, slug=edition.slug) is True


def test_the_check_costs_one_query_and_keeps_the_roles(
    edition, facilitator, participant, django_assert_num_queries
):
    """The roles and the agreements of every edition in one query; the roles are kept on the
    user object for the view's permission checks."""
    publish(edition, facilitator)
    with django_assert_num_queries(1):
        assert needs_to_accept_agreements(user=participant, slug=edition.slug)
    with django_assert_num_queries(0):
        assert roles_of(participant) == {edition.pk: Role.PARTICIPANT}
        assert needs_to_accept_agreements(user=participant, slug=edition.slug)


def test_roles_read_first_by_a_permission_check_hold_the_agreements(
    edition, facilitator, participant, django_assert_num_queries
):
    """A page that checks its permission before the guard (a group's page: the group names the
    edition) reads the roles with the agreements: the guard then needs no query."""
    publish(edition, facilitator)
    with django_assert_num_queries(1):
        assert roles_of(participant) == {edition.pk: Role.PARTICIPANT}
    with django_assert_num_queries(0):
        assert needs_to_accept_agreements(user=participant, slug=edition.slug)
        assert not needs_to_accept_agreements(user=participant, slug="een-andere-editie")


def test_roles_known_otherwise_have_this_editions_agreements_read_alone(
    edition, facilitator, participant, django_assert_num_queries
):
    publish(edition, facilitator)
    participant._edition_roles = {edition.pk: Role.PARTICIPANT}
    with django_assert_num_queries(1):
        assert needs_to_accept_agreements(user=participant, slug=edition.slug)


def test_the_one_query_answers_as_the_roles_and_the_latest_agreements_do(
    edition, facilitator, participant
):
    """Per edition: held up only as a participant of an edition whose latest version is not
    accepted; an edition without agreements, an accepted one, one they facilitate and one they
    are not in hold no one up."""
    from leerplatform.accounts.models import User

    def fresh(user):
        return User.objects.get(pk=user.pk)  # nothing cached on it

    publish(edition, facilitator)
    accepted = factories.make_edition()
    accepted_by = factories.make_member(accepted, role=Role.FACILITATOR)
    add_member(edition=accepted, user=participant)
    accept_agreements(agreement=publish(accepted, accepted_by), user=participant)
    without = factories.make_edition()
    add_member(edition=without, user=participant)
    facilitated = factories.make_edition()
    add_member(edition=facilitated, user=participant, role=Role.FACILITATOR)
    publish(facilitated, participant)
    for slug, held_up in (
        (edition.slug, True),
        (accepted.slug, False),
        (without.slug, False),
        (facilitated.slug, False),
        (factories.make_edition().slug, False),
    ):
        assert needs_to_accept_agreements(user=fresh(participant), slug=slug) is held_up, slug
    # A newer version holds them up again.
    publish(accepted, accepted_by, "Nieuwe afspraken")
    assert needs_to_accept_agreements(user=fresh(participant), slug=accepted.slug) is True


def test_the_check_costs_facilitators_only_their_roles(
    edition, facilitator, django_assert_num_queries
):
    publish(edition, facilitator)
    with django_assert_num_queries(1):
        assert not needs_to_accept_agreements(user=facilitator, slug=edition.slug)


# --- who accepted -------------------------------------------------------------------------------


def test_facilitators_see_who_accepted_which_version(
    as_user, edition, facilitator, django_assert_max_num_queries
):
    early = factories.make_member(edition, name="Anna Early")
    late = factories.make_member(edition, name="Bert Late")
    factories.make_member(edition, name="Cees Never")
    accept_agreements(agreement=publish(edition, facilitator, "een"), user=early)
    accept_agreements(agreement=publish(edition, facilitator, "twee"), user=late)
    url = reverse("membership:agreements", kwargs={"slug": edition.slug})
    client = as_user(facilitator)
    client.get(url)  # warm up the session

    with django_assert_max_num_queries(12):
        page = client.get(url).context["page"]

    versions = {m.user.name: m.last_version for m in page.acceptances}
    assert versions == {"Anna Early": 1, "Bert Late": 2, "Cees Never": None}
    assert page.accepted_current == 1


def test_the_who_accepted_list_costs_the_same_for_many_participants(
    as_user, edition, facilitator, django_assert_num_queries
):
    agreement = publish(edition, facilitator)
    factories.make_member(edition)  # a page with rows (an empty page reads nothing)
    url = reverse("membership:agreements", kwargs={"slug": edition.slug})
    client = as_user(facilitator)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(30):
        accept_agreements(agreement=agreement, user=factories.make_member(edition))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_participants_do_not_see_who_accepted(as_user, edition, facilitator, participant):
    publish(edition, facilitator)
    page = as_user(participant).get(reverse("membership:agreements", kwargs={"slug": edition.slug}))
    assert page.context["page"].acceptances is None


def test_a_facilitator_is_not_asked_to_accept_with_role(edition):
    facilitator = factories.make_member(edition, role=Role.FACILITATOR)
    publish(edition, facilitator)
    assert needs_to_accept_agreements(user=facilitator, slug=edition.slug) is False


# --- kept for the person (core.shared_reads.personal) --------------------------------------------


def _fresh(person):
    """The person as the next request reads them with its session (their current version)."""
    from leerplatform.accounts.models import User

    return User.objects.get(pk=person.pk)


@pytest.mark.visitor_cache
def test_the_roles_are_kept_and_read_again_after_an_acceptance_or_a_new_version(
    edition, facilitator, participant, django_assert_num_queries
):
    agreement = publish(edition, facilitator)
    first = _fresh(participant)
    with django_assert_num_queries(1):
        assert needs_to_accept_agreements(user=first, slug=edition.slug)
    second = _fresh(participant)
    with django_assert_num_queries(0):  # the next request of theirs: kept
        assert roles_of(second) == {edition.pk: Role.PARTICIPANT}
        assert needs_to_accept_agreements(user=second, slug=edition.slug)
    # Accepting moves their own version (an acceptance is a private row): read again.
    accept_agreements(agreement=agreement, user=_fresh(participant))
    third = _fresh(participant)
    with django_assert_num_queries(1):
        assert not needs_to_accept_agreements(user=third, slug=edition.slug)
    # A new version bumps the content version: due again at once.
    publish(edition, facilitator, "Een nieuwe versie.")
    assert needs_to_accept_agreements(user=_fresh(participant), slug=edition.slug)


@pytest.mark.visitor_cache
def test_kept_roles_end_at_once_when_someone_leaves(edition, participant):
    from leerplatform.membership.services.participation import leave_edition

    assert roles_of(_fresh(participant)) == {edition.pk: Role.PARTICIPANT}
    leave_edition(edition=edition, user=participant)
    assert roles_of(_fresh(participant)) == {}
    assert needs_to_accept_agreements(user=_fresh(participant), slug=edition.slug) is False


@pytest.mark.visitor_cache
def test_the_roles_of_one_person_are_never_anothers(edition, participant, facilitator):
    assert roles_of(_fresh(participant)) == {edition.pk: Role.PARTICIPANT}
    assert roles_of(_fresh(facilitator)) == {edition.pk: Role.FACILITATOR}

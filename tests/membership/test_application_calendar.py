"""The edition's calendar closes applications: after the last day to apply (the application
deadline, else the edition's end) nobody can apply, the "Aanmelden om mee te doen" button is gone,
and a facilitator admits only with "Toch toelaten"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from leerplatform.editions.models import Membership
from leerplatform.membership.models import Application, ApplicationStatus
from leerplatform.membership.services import applications as services
from tests import factories
from tests.conftest import client_for
from tests.membership.factories_applications import form_data, make_application

pytestmark = pytest.mark.django_db

APPLY_BUTTON = "Aanmelden om mee te doen"
TODAY = timezone.localdate


def _set(edition, **fields):
    """Change the edition as the platform does, with a save (a bare `update()` sends no signal,
    so the visitor cache would not learn of it)."""
    for name, value in fields.items():
        setattr(edition, name, value)
    edition.save(update_fields=list(fields))
    edition.refresh_from_db()
    return edition


@pytest.fixture
def open_edition(edition):
    return _set(edition, applications_open=True)


@pytest.fixture
def ended(edition):
    """Open for applications, but its last day was yesterday."""
    return _set(edition, applications_open=True, ends_on=TODAY() - dt.timedelta(days=1))


@pytest.fixture
def deadline_passed(edition):
    """Still running, but the last day to apply was yesterday."""
    return _set(edition, applications_open=True, applications_close_on=TODAY() - dt.timedelta(1))


def apply_url(edition) -> str:
    return reverse("membership:apply", kwargs={"slug": edition.slug})


def detail_url(application) -> str:
    return reverse(
        "membership:application_detail",
        kwargs={"slug": application.edition.slug, "pk": application.pk},
    )


def is_participant(application) -> bool:
    return (
        Membership.objects.active()
        .filter(edition=application.edition, user=application.user)
        .exists()
    )


# --- The last day to apply ----------------------------------------------------------------------


def test_the_last_day_to_apply_is_the_deadline_or_else_the_edition_s_end(edition):
    assert edition.last_day_to_apply == edition.ends_on
    edition.applications_close_on = edition.ends_on - dt.timedelta(days=30)
    assert edition.last_day_to_apply == edition.ends_on - dt.timedelta(days=30)
    # On the last day itself one can still apply; the day after, not.
    last = edition.last_day_to_apply
    assert not edition.applications_have_closed(today=last)
    assert edition.applications_have_closed(today=last + dt.timedelta(days=1))


def test_an_application_deadline_after_the_edition_s_end_is_refused_in_dutch(edition):
    edition.applications_close_on = edition.ends_on + dt.timedelta(days=1)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        edition.full_clean()
    assert refused.value.message_dict["applications_close_on"] == [
        "De laatste dag om je aan te melden moet op of vóór de laatste dag van de editie liggen."
    ]


# --- The button and the apply page --------------------------------------------------------------


@pytest.mark.parametrize("closed", ["ended", "deadline_passed"])
def test_the_apply_button_disappears_once_applications_have_closed(request, open_edition, closed):
    page = reverse("editions:detail", kwargs={"slug": open_edition.slug})
    assert APPLY_BUTTON in client_for(None).get(page).content.decode()

    request.getfixturevalue(closed)

    assert APPLY_BUTTON not in client_for(None).get(page).content.decode()
    assert APPLY_BUTTON not in client_for(factories.make_user()).get(page).content.decode()


@pytest.mark.parametrize("closed", ["ended", "deadline_passed"])
def test_the_apply_page_says_applications_are_closed_and_saves_nothing(request, closed):
    edition = request.getfixturevalue(closed)
    when = edition.last_day_to_apply
    expected = (
        "Aanmelden voor deze editie is gesloten: de laatste dag om je aan te melden was "
        f"{when.day} {MONTHS[when.month - 1]} {when.year}."
    )

    page = client_for(None).get(apply_url(edition))
    posted = client_for(None).post(apply_url(edition), form_data(edition))

    for response in (page, posted):
        assert response.status_code == 200
        assert "membership/apply_closed.html" in [t.name for t in response.templates]
        assert expected in response.content.decode()
    assert not Application.objects.exists()


def test_the_application_service_refuses_after_the_last_day_with_a_dutch_message(deadline_passed):
    when = deadline_passed.last_day_to_apply
    data = form_data(deadline_passed)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        services.submit_application(
            edition=deadline_passed,
            name=data["name"],
            email=data["email"],
            institution=None,
            institution_other="Elders",
            job_title="HRD-adviseur",
            years_of_experience=7,
            work_level="tactical",
            motivation="Leren.",
            themes=[],
        )
    assert refused.value.code == "applications_closed"
    assert refused.value.messages == [
        "Aanmelden voor deze editie is gesloten: de laatste dag om je aan te melden was "
        f"{when.day} {MONTHS[when.month - 1]} {when.year}."
    ]
    assert not Application.objects.exists()


def test_history_can_be_written_as_of_an_earlier_day(ended):
    """The demo loads an edition that has ended: its applications count as made back then."""
    application = services.submit_application(
        edition=ended,
        name="Anna",
        email="anna@example.org",
        institution=None,
        institution_other="Elders",
        job_title="HRD-adviseur",
        years_of_experience=7,
        work_level="tactical",
        motivation="Leren.",
        themes=[],
        as_of=ended.starts_on,
    )
    assert application is not None


# --- Admitting after the close asks for confirmation --------------------------------------------


def _ended_message(edition) -> str:
    day = edition.ends_on
    return (
        f"Deze editie is afgelopen op {day.day} {MONTHS[day.month - 1]} {day.year}. Vink "
        "‘Toch toelaten’ aan als je deze persoon toch wilt toelaten."
    )


def test_accepting_after_the_end_is_refused_without_confirmation(ended, facilitator):
    application = make_application(ended)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        services.accept_application(application=application, actor=facilitator)
    assert refused.value.message_dict == {"confirm_after_close": [_ended_message(ended)]}
    assert not is_participant(application)

    services.accept_application(
        application=application, actor=facilitator, confirm_after_close=True
    )
    assert is_participant(application)


def test_accepting_after_the_deadline_names_the_deadline(deadline_passed, facilitator):
    application = make_application(deadline_passed)
    day = deadline_passed.last_day_to_apply
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        services.accept_application(application=application, actor=facilitator)
    assert refused.value.message_dict["confirm_after_close"] == [
        f"De aanmeldtermijn van deze editie is voorbij (de laatste dag was {day.day} "
        f"{MONTHS[day.month - 1]} {day.year}). Vink ‘Toch toelaten’ aan als je deze persoon "
        "toch wilt toelaten."
    ]


def test_declining_and_the_waiting_list_need_no_confirmation(ended, facilitator):
    first, second = make_application(ended), make_application(ended)
    services.decline_application(application=first, actor=facilitator, reason="Vol.")
    services.waitlist_application(application=second, actor=facilitator)
    assert Application.objects.get(pk=second.pk).status == ApplicationStatus.WAITLISTED


def test_the_review_page_shows_the_message_beside_admit_anyway(ended, facilitator):
    application = make_application(ended)
    client = client_for(facilitator)

    page = client.get(detail_url(application)).content.decode()
    assert 'name="confirm_after_close"' in page
    assert "Toch toelaten" in page

    refused = client.post(detail_url(application), {"decision": "accept"})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert 'id="id_confirm_after_close_error"' in html
    assert _ended_message(ended) in html
    assert not is_participant(application)

    admitted = client.post(
        detail_url(application), {"decision": "accept", "confirm_after_close": "on"}
    )
    assert admitted.status_code == 302
    assert is_participant(application)


def test_a_running_edition_asks_nothing_extra(open_edition, facilitator):
    application = make_application(open_edition)
    client = client_for(facilitator)
    assert 'name="confirm_after_close"' not in client.get(detail_url(application)).content.decode()
    assert client.post(detail_url(application), {"decision": "accept"}).status_code == 302
    assert is_participant(application)


def test_bulk_accepting_after_the_end_asks_once_for_the_selection(ended, facilitator):
    first, second = make_application(ended), make_application(ended)
    url = reverse("membership:review", kwargs={"slug": ended.slug})
    client = client_for(facilitator)

    refused = client.post(url, {"applications": [first.pk, second.pk], "decision": "accept"})
    assert refused.status_code == 200
    assert "confirm_after_close" in refused.context["form"].errors
    assert 'id="id_confirm_after_close_error"' in refused.content.decode()
    assert not is_participant(first) and not is_participant(second)

    with translation.override("nl"), pytest.raises(ValidationError) as by_service:
        services.decide_applications(
            edition=ended, applications=[first, second], decision="accept", actor=facilitator
        )
    assert by_service.value.message_dict == {"confirm_after_close": [_ended_message(ended)]}

    done = client.post(
        url,
        {"applications": [first.pk, second.pk], "decision": "accept", "confirm_after_close": "on"},
    )
    assert done.status_code == 302
    assert is_participant(first) and is_participant(second)


def test_promoting_from_the_waiting_list_after_the_end_asks_too(ended, facilitator):
    application = make_application(ended, status=ApplicationStatus.WAITLISTED)
    url = reverse("membership:promote", kwargs={"slug": ended.slug, "pk": application.pk})
    client = client_for(facilitator)

    refused = client.post(url, follow=True)
    assert "Toch toelaten" in refused.content.decode()
    assert not is_participant(application)

    client.post(url, {"confirm_after_close": "on"})
    assert is_participant(application)


MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]

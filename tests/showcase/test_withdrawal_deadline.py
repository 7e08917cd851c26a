"""The consent-withdrawal deadline comes from the closing meeting but stays inside the edition: a
closing meeting moved past the edition's end (saved with "Toch opslaan buiten de looptijd") does
not stretch it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from leerplatform.editions.models import Edition
from leerplatform.meetings.models import MeetingKind
from leerplatform.meetings.services import meetings as meeting_services
from leerplatform.showcase.models import Consent, ConsentStatus, Output
from leerplatform.showcase.services import outputs as services
from tests import factories
from tests.library.factories import make_document

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMSTERDAM)


@pytest.fixture
def edition(db):
    """An edition that ends in ten days."""
    today = timezone.localdate()
    return factories.make_edition(
        starts_on=today - dt.timedelta(days=300), ends_on=today + dt.timedelta(days=10)
    )


@pytest.fixture
def facilitator(edition):
    return factories.make_member(edition, role="facilitator", name="Fenna")


@pytest.fixture
def closing(edition, facilitator):
    day = timezone.localdate() + dt.timedelta(days=5)
    return meeting_services.create_meeting(
        edition=edition,
        actor=facilitator,
        title="Slotbijeenkomst",
        starts_at=at(day, 10),
        ends_at=at(day, 16),
        kind=MeetingKind.CLOSING,
    )


def edition_end(edition: Edition) -> dt.datetime:
    return dt.datetime.combine(edition.ends_on + dt.timedelta(days=1), dt.time(0), AMSTERDAM)


def test_within_the_edition_the_deadline_is_the_end_of_the_closing_meeting(edition, closing):
    assert services.withdrawal_deadline(edition) == closing.ends_at


def test_a_closing_meeting_moved_past_the_end_leaves_the_deadline_at_the_end(
    edition, closing, facilitator
):
    meeting_services.update_meeting(
        meeting=closing,
        actor=facilitator,
        starts_at=at(dt.date(2027, 6, 3), 10),
        ends_at=at(dt.date(2027, 6, 3), 16),
        outside_period_confirmed=True,
    )
    assert services.withdrawal_deadline(edition) == edition_end(edition)
    assert services.withdrawal_deadline(edition) < at(dt.date(2027, 6, 3), 16)


def test_after_the_edition_s_end_withdrawal_is_refused_with_a_dutch_message(
    edition, closing, facilitator
):
    anna = factories.make_member(edition, name="Anna")
    bert = factories.make_member(edition, name="Bert")
    document = make_document(edition, anna, title="Toolkit", authors=[anna, bert])
    output = services.offer_document(document=document, actor=anna)
    services.give_consent(output=output, author=anna)
    services.give_consent(output=output, author=bert)
    meeting_services.update_meeting(
        meeting=closing,
        actor=facilitator,
        starts_at=at(dt.date(2027, 6, 3), 10),
        ends_at=at(dt.date(2027, 6, 3), 16),
        outside_period_confirmed=True,
    )
    after_the_end = edition_end(edition) + dt.timedelta(hours=1)

    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        services.withdraw_consent(output=output, author=bert, now=after_the_end)

    day = edition.ends_on
    months = (
        "januari februari maart april mei juni juli augustus september oktober november december"
    )
    assert refused.value.code == "too_late"
    assert refused.value.messages == [
        f"De editie is op {day.day} {months.split()[day.month - 1]} {day.year} afgelopen: "
        "toestemming die daarvoor is gegeven, kan niet meer worden ingetrokken. Neem contact op "
        "met de facilitatoren als er iets moet veranderen."
    ]
    assert Consent.objects.get(output=output, author=bert).status == ConsentStatus.GIVEN
    assert Output.objects.get(pk=output.pk).published_at is not None
    # Before the end it could still be withdrawn.
    assert services.may_still_withdraw(
        services.withdrawal_deadline(edition), now=edition_end(edition) - dt.timedelta(hours=1)
    )

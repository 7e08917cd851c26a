"""Consent to publish: the request, its outcome, and the closing report published."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from leerplatform.editions.models import Membership
from leerplatform.meetings.models import MeetingKind
from leerplatform.notifications.models import Notification
from leerplatform.notifications.sources import showcase as source
from leerplatform.showcase.models import ClosingReport, ReportStatus
from leerplatform.showcase.services import outputs, reports
from tests import factories
from tests.library.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(db):
    """A running edition, as the closing meeting a month ahead implies: after an edition's end its
    consent can no longer be withdrawn (the showcase withdrawal deadline, tested in tests/showcase)."""
    return factories.make_running_edition()


@pytest.fixture
def closing(edition):
    return factories.make_meeting(
        edition, day=timezone.localdate() + dt.timedelta(days=30), kind=MeetingKind.CLOSING
    )


@pytest.fixture
def anna(edition):
    return factories.make_member(edition, name="Anna Auteur")


@pytest.fixture
def bert(edition):
    return factories.make_member(edition, name="Bert Bijdrager")


@pytest.fixture
def document(edition, anna, bert, closing):
    return make_document(edition, anna, title="Toolkit werkgeluk", authors=[anna, bert])


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_the_authors_are_asked_not_the_one_who_offered_nor_who_left(
    edition, document, anna, bert, facilitator, participant
):
    gone = factories.make_member(edition, name="Vertrokken Vera")
    document.authors.add(gone)
    Membership.objects.filter(user=gone).update(left_at=timezone.now())
    output = outputs.offer_document(document=document, actor=facilitator)
    assert _told("consent_requested") == sorted([anna.pk, bert.pk])  # not gone, not participant
    row = Notification.objects.filter(kind="consent_requested").first()
    consents = reverse("showcase:consents", kwargs={"slug": edition.slug})
    assert row.url == f"{consents}#output-{output.pk}"
    assert row.target == output and row.actor == facilitator


def test_an_author_who_offers_is_not_asked_by_notification(document, anna, bert):
    outputs.offer_document(document=document, actor=anna)
    assert _told("consent_requested") == [bert.pk]


def test_a_facilitators_reminder_asks_the_waiting_authors_again(
    edition, document, anna, bert, facilitator
):
    output = outputs.offer_document(document=document, actor=anna)
    outputs.give_consent(output=output, author=bert)
    outputs.remind_authors(edition=edition, actor=facilitator, outputs=[output])
    # bert was asked at the offer; the reminder asks anna, still waiting (bert decided already)
    assert _told("consent_requested") == sorted([anna.pk, bert.pk])
    assert Notification.objects.get(kind="consent_requested", recipient=anna).actor == facilitator


def test_publication_tells_the_other_authors(document, anna, bert, facilitator, participant):
    output = outputs.offer_document(document=document, actor=facilitator)
    outputs.give_consent(output=output, author=anna)
    assert _told("consent_outcome") == []
    outputs.give_consent(output=output, author=bert)
    assert _told("consent_outcome") == [anna.pk]  # not bert (who did it), not participant
    row = Notification.objects.get(kind="consent_outcome")
    assert row.detail == source.PUBLISHED and row.actor == bert


def test_a_withdrawal_of_a_published_output_tells_the_others(document, anna, bert, facilitator):
    output = outputs.offer_document(document=document, actor=facilitator)
    outputs.give_consent(output=output, author=anna)
    outputs.give_consent(output=output, author=bert)
    Notification.objects.all().delete()
    outputs.withdraw_consent(output=output, author=anna)
    row = Notification.objects.get(kind="consent_outcome")
    assert row.recipient == bert and row.detail == source.WITHDRAWN_UNPUBLISHED


def test_a_refusal_tells_the_others_but_not_who_left(edition, document, anna, bert, facilitator):
    output = outputs.offer_document(document=document, actor=facilitator)
    Membership.objects.filter(user=bert).update(left_at=timezone.now())
    outputs.withdraw_consent(output=output, author=anna)
    assert _told("consent_outcome") == []
    Membership.objects.filter(user=bert).update(left_at=None)
    outputs.withdraw_consent(output=output, author=bert)
    row = Notification.objects.get(kind="consent_outcome")
    assert row.recipient == anna and row.detail == source.DECLINED


def _finished(edition, language):
    report = ClosingReport.objects.create(
        edition=edition, language=language, status=ReportStatus.DONE
    )
    report.file.save(f"slot-{language}.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return report


def test_the_closing_report_published_tells_the_edition_once(
    edition, facilitator, participant, anna, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    gone = factories.make_member(edition)
    Membership.objects.filter(user=gone).update(left_at=timezone.now())
    factories.make_member(factories.make_edition())  # another edition's member
    reports.publish_report(report=_finished(edition, "nl"), actor=facilitator)
    assert _told("closing_report") == sorted([participant.pk, anna.pk])
    row = Notification.objects.filter(kind="closing_report").first()
    assert row.url == reverse("showcase:outputs", kwargs={"slug": edition.slug})
    # The English version the same day is no second line for who has not read the first.
    reports.publish_report(report=_finished(edition, "en"), actor=facilitator)
    assert len(_told("closing_report")) == 2

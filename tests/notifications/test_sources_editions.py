"""Notifications from the editions: everyone in an edition hears that it moved to another phase."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership, Phase, Role
from leerplatform.editions.services import change_phase
from leerplatform.notifications import services
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def told() -> set[int]:
    return set(
        Notification.objects.filter(kind="phase_changed").values_list("recipient_id", flat=True)
    )


def test_everyone_in_the_edition_hears_of_a_new_phase_but_the_one_who_moved_it(
    edition, participant, facilitator, outsider, staff
):
    other_facilitator = factories.make_member(edition, role=Role.FACILITATOR)
    gone = factories.make_member(edition)
    Membership.objects.filter(user=gone).update(left_at=timezone.now())
    elsewhere = factories.make_member(factories.make_edition())
    change_phase(edition=edition, phase=Phase.BUILDING, actor=facilitator)
    assert told() == {participant.pk, other_facilitator.pk}
    assert {gone.pk, elsewhere.pk, outsider.pk, staff.pk, facilitator.pk}.isdisjoint(told())
    row = Notification.objects.filter(kind="phase_changed").first()
    assert row.visibility == Visibility.PLATFORM and row.edition == edition
    assert row.url == reverse("editions:dashboard", kwargs={"slug": edition.slug})
    with translation.override("en"):
        assert (
            row.sentence() == f"{edition.name} is now in the phase “Building climate and results”"
        )
    with translation.override("nl"):
        assert "Bouwen aan leerklimaat en resultaten" in row.sentence()  # the reader's language


def test_who_wants_it_at_once_is_mailed_with_a_link(
    edition, participant, facilitator, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    services.set_preference(user=participant, kind="phase_changed", channel=Channel.INSTANT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change_phase(edition=edition, phase=Phase.CONSOLIDATION, actor=facilitator)
    (message,) = mail.outbox  # the weekly digest for the rest
    assert message.to == [participant.email]
    assert edition.name in message.subject
    assert f"http://testserver/editions/{edition.slug}/dashboard/" in message.body

"""A newly admitted member's first dashboard lists their first steps, done or not, until all are done
or the member puts the list away (kept on their Membership: onboarding_dismissed_at)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from leerplatform.editions.models import Membership
from leerplatform.meetings.models import Registration
from leerplatform.membership.services.agreements import accept_agreements, publish_agreements
from leerplatform.proposals.services import open_call
from tests.groups.factories_groups import start
from tests.pages.test_dashboard_phases import future, meeting_on

pytestmark = pytest.mark.django_db

TINY_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def page(client, edition) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/editions/{edition.slug}/dashboard/")
    assert response.status_code == 200
    return response.content.decode()


def steps(html: str) -> dict[str, tuple[str, str]]:
    """{step: (state, link)} of the first-steps list, in order; {} when it is not shown."""
    match = re.search(r'<section class="onboarding" id="first-steps".*?</section>', html, re.DOTALL)
    if not match:
        return {}
    return {
        kind: (state, url)
        for state, kind, url in re.findall(
            r'onboarding-step--(done|todo)" data-step="(\w+)">\s*<a href="([^"]+)"', match[0]
        )
    }


def test_a_new_member_sees_numbered_first_steps(edition, participant, facilitator, as_user):
    agreement = publish_agreements(edition=edition, text="We delen.", actor=None)
    accept_agreements(agreement=agreement, user=participant)
    meeting = meeting_on(edition, future(20))
    open_call(meeting=meeting, deadline=future(10), actor=facilitator)

    html = page(as_user(participant), edition)

    assert steps(html) == {
        "agreements": ("done", f"/editions/{edition.slug}/agreements/"),
        "profile": ("todo", "/profile/"),
        "group": ("todo", f"/editions/{edition.slug}/groups/"),
        "meeting": ("todo", f"/meetings/{meeting.pk}/"),
        "call": ("todo", f"/meetings/{meeting.pk}/proposals/"),
    }
    assert "1 of 5 done" in html
    assert '<ol class="onboarding-steps">' in html
    # Before what waits, right under the page header.
    assert html.index('id="first-steps"') < html.index('id="waiting"')


def test_steps_without_a_meeting_or_call_are_left_out(edition, participant, as_user):
    assert list(steps(page(as_user(participant), edition))) == ["agreements", "profile", "group"]


def test_the_list_disappears_once_everything_is_done(edition, participant, facilitator, as_user):
    meeting = meeting_on(edition, future(20))
    participant.bio = "Docent die graag leert."
    participant.photo.save("me.png", ContentFile(TINY_PNG))
    participant.save()
    participant.expertise.add(edition.themes.first())
    start(edition, participant)
    Registration.objects.create(meeting=meeting, user=participant, status="registered")

    html = page(as_user(participant), edition)

    assert steps(html) == {}
    assert 'id="waiting"' in html


def test_a_partial_profile_is_not_done(edition, participant, as_user):
    participant.bio = "Docent."
    participant.save()

    assert steps(page(as_user(participant), edition))["profile"][0] == "todo"


def test_the_member_can_put_the_list_away(edition, participant, as_user):
    client = as_user(participant)
    assert steps(page(client, edition))

    response = client.post(f"/editions/{edition.slug}/dashboard/", {"dismiss_onboarding": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"/editions/{edition.slug}/dashboard/"
    assert Membership.objects.get(user=participant).onboarding_dismissed_at is not None
    assert steps(page(client, edition)) == {}


def test_facilitators_and_staff_get_no_first_steps(edition, facilitator, staff, as_user):
    assert steps(page(as_user(facilitator), edition)) == {}
    assert steps(page(as_user(staff), edition)) == {}


def test_an_outsider_cannot_put_anything_away(edition, outsider, participant, as_user):
    response = as_user(outsider).post(
        f"/editions/{edition.slug}/dashboard/", {"dismiss_onboarding": "1"}
    )

    assert response.status_code in (403, 404)
    assert not Membership.objects.filter(onboarding_dismissed_at__isnull=False).exists()


def test_a_member_who_joined_long_ago_gets_no_first_steps(edition, participant, as_user):
    Membership.objects.filter(user=participant).update(
        joined_at=timezone.now() - dt.timedelta(weeks=7)
    )

    assert steps(page(as_user(participant), edition)) == {}

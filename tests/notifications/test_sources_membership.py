"""Notifications from membership: the facilitators hear of an application once its address is
confirmed (it then waits for their decision), the applicant hears the decision. Both personal:
told by name, never through a visibility tier or a stream."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from leerplatform.accounts.models import Institution, WorkLevel
from leerplatform.editions.models import Edition, Membership, Role
from leerplatform.membership.services import applications as services
from leerplatform.notifications import services as notification_services
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.models import Notification
from tests import factories
from tests.membership.factories_applications import make_application

pytestmark = pytest.mark.django_db

PASSWORD = "Zonnige-Dinsdag-42"


@pytest.fixture
def edition(db):
    """A running edition: once an edition has ended, its calendar closes applications and admitting
    needs a confirmation (tested in tests/membership); here the notifications are the subject."""
    return factories.make_running_edition()


@pytest.fixture
def open_edition(edition):
    Edition.objects.filter(pk=edition.pk).update(applications_open=True)
    edition.refresh_from_db()
    return edition


@pytest.fixture
def facilitators(open_edition):
    """Two active facilitators, one who left, and a facilitator of another edition."""
    first = factories.make_member(open_edition, role=Role.FACILITATOR, name="Fenna Begeleider")
    second = factories.make_member(open_edition, role=Role.FACILITATOR)
    gone = factories.make_member(open_edition, role=Role.FACILITATOR)
    Membership.objects.filter(user=gone).update(left_at=timezone.now())
    factories.make_member(factories.make_edition(), role=Role.FACILITATOR)
    return first, second


def facts(edition, email: str) -> dict:
    return {
        "name": "Bea Aanmelder",
        "email": email,
        "institution": Institution.objects.first(),
        "job_title": "HR-adviseur",
        "years_of_experience": 6,
        "work_level": WorkLevel.TACTICAL,
        "motivation": "Graag.",
        "themes": list(edition.themes.all()[:1]),
    }


def told(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_the_facilitators_hear_of_an_application_once_it_is_confirmed(
    open_edition, facilitators, participant
):
    application = services.submit_application(
        edition=open_edition, **facts(open_edition, "bea@example.org")
    )
    assert told("application_received") == set()  # not before the address is confirmed
    services.confirm_application_email(application=application, password=PASSWORD)
    application.refresh_from_db()
    # The active facilitators of this edition; no participant, no one who left, no one elsewhere.
    assert told("application_received") == {f.pk for f in facilitators}
    row = Notification.objects.filter(kind="application_received").first()
    assert row.visibility == "" and row.actor == application.user
    assert row.url == reverse(
        "membership:application_detail", kwargs={"slug": open_edition.slug, "pk": application.pk}
    )
    with translation.override("en"):
        assert row.sentence() == f"Bea Aanmelder applied to take part in {open_edition.name}"
    # The same address applying again tells nobody again.
    services.submit_application(edition=open_edition, **facts(open_edition, "bea@example.org"))
    assert Notification.objects.filter(kind="application_received").count() == 2


def test_an_applicant_with_a_verified_account_is_ready_at_once(open_edition, facilitators):
    person = factories.make_user(email="cas@example.org", name="Cas")
    services.submit_application(
        edition=open_edition, applicant=person, **facts(open_edition, "cas@example.org")
    )
    assert told("application_received") == {f.pk for f in facilitators}


def test_a_facilitator_who_applies_is_not_told_of_their_own_application(open_edition, facilitators):
    # A facilitator of this edition cannot apply to it (they are a member), so take one who left.
    gone = Membership.objects.filter(edition=open_edition, left_at__isnull=False).get().user
    services.submit_application(
        edition=open_edition, applicant=gone, **facts(open_edition, gone.email)
    )
    assert gone.pk not in told("application_received")
    assert told("application_received") == {f.pk for f in facilitators}


@pytest.mark.parametrize(
    ("decide", "detail"),
    [("accept", "admitted"), ("decline", "declined"), ("waitlist", "on the waiting list")],
)
def test_the_applicant_hears_the_decision_in_the_app_and_by_the_one_decision_email(
    open_edition, facilitators, decide, detail, django_capture_on_commit_callbacks
):
    fenna, _second = facilitators
    application = make_application(open_edition, name="Bea Aanmelder")
    applicant = application.user
    # Even who wants every decision by email gets the membership app's own email, not a second.
    notification_services.set_preference(
        user=applicant, kind="application_decided", channel=Channel.INSTANT
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if decide == "accept":
            services.accept_application(application=application, actor=fenna)
        elif decide == "decline":
            services.decline_application(application=application, actor=fenna, reason="Vol")
        else:
            services.waitlist_application(application=application, actor=fenna)
    assert told("application_decided") == {applicant.pk}  # not the facilitators
    (row,) = Notification.objects.filter(kind="application_decided")
    assert row.visibility == "" and row.detail == detail
    assert row.url == reverse("membership:my_applications")
    with translation.override("en"):
        assert row.sentence() == f"Your application to {open_edition.name}: {detail}"
    assert [message.to for message in mail.outbox] == [[applicant.email]]

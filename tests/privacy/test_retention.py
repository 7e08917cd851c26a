"""Retention (issue 17, point 3): the daily command deletes what is past its period, logs its
counts and is safe to run twice."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from leerplatform.meetings.models import Registration, RegistrationStatus
from leerplatform.membership.models import Application, ApplicationStatus, Invitation
from leerplatform.privacy.models import DataExport, ExportStatus
from leerplatform.privacy.services.retention import apply_retention, months_before
from tests import factories
from tests.membership.factories_applications import make_application
from tests.membership.factories_invitations import make_invitation

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2021, 9, 1, 12, 0, tzinfo=dt.UTC)


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(dt.date(2021, 9, 1), 12) == dt.date(2020, 9, 1)
    assert months_before(dt.date(2021, 3, 31), 1) == dt.date(2021, 2, 28)
    assert months_before(dt.date(2021, 1, 15), 2) == dt.date(2020, 11, 15)


def test_applications_of_people_not_admitted_go_months_after_the_edition_ended(settings):
    settings.RETENTION_APPLICATIONS_MONTHS = 12
    old = factories.make_edition(ends_on=dt.date(2020, 5, 31))  # 15 months before NOW
    recent = factories.make_edition(ends_on=dt.date(2021, 5, 31))  # 3 months before NOW
    declined = make_application(old, status=ApplicationStatus.DECLINED)
    waiting = make_application(old, status=ApplicationStatus.WAITLISTED)
    unconfirmed = make_application(old, confirmed=False)
    admitted = make_application(old, status=ApplicationStatus.ACCEPTED)
    recent_declined = make_application(recent, status=ApplicationStatus.DECLINED)

    done = apply_retention(now=NOW)

    assert done.counts["applications"] == 3
    left = set(Application.objects.values_list("pk", flat=True))
    assert left == {admitted.pk, recent_declined.pk}
    assert not {declined.pk, waiting.pk, unconfirmed.pk} & left
    # The person behind a deleted application keeps their account (theirs to erase).
    assert declined.user.__class__.objects.filter(pk=declined.user_id).exists()


def test_guest_registrations_go_days_after_the_editions_last_meeting(settings):
    settings.RETENTION_GUEST_REGISTRATIONS_DAYS = 30
    edition = factories.make_edition()
    first = factories.make_meeting(edition, day=dt.date(2021, 6, 1))
    last = factories.make_meeting(edition, day=dt.date(2021, 7, 15))  # 48 days before NOW
    running = factories.make_edition()
    later = factories.make_meeting(running, day=dt.date(2021, 8, 20))  # 12 days before NOW
    member = factories.make_member(edition)

    def guest(meeting, email):
        return Registration.objects.create(
            meeting=meeting,
            guest_name="Gast",
            guest_email=email,
            guest_confirmed_at=timezone.now(),
            status=RegistrationStatus.REGISTERED,
        )

    gone = [guest(first, "a@example.org"), guest(last, "b@example.org")]
    kept_guest = guest(later, "c@example.org")
    kept_member = Registration.objects.create(meeting=first, user=member)

    done = apply_retention(now=NOW)

    assert done.counts["guest_registrations"] == 2
    left = set(Registration.objects.values_list("pk", flat=True))
    assert left == {kept_guest.pk, kept_member.pk}
    assert not {r.pk for r in gone} & left


def test_invitations_go_days_after_they_expired_unused(settings):
    settings.RETENTION_INVITATIONS_DAYS = 30
    edition = factories.make_edition()
    expired_long_ago = make_invitation(edition, expires_at=NOW - dt.timedelta(days=31))
    expired_lately = make_invitation(edition, expires_at=NOW - dt.timedelta(days=29))
    used = make_invitation(
        edition, expires_at=NOW - dt.timedelta(days=90), accepted_at=NOW - dt.timedelta(days=95)
    )

    assert apply_retention(now=NOW).counts["invitations"] == 1
    assert set(Invitation.objects.values_list("pk", flat=True)) == {expired_lately.pk, used.pk}
    assert not Invitation.objects.filter(pk=expired_long_ago.pk).exists()


def test_the_command_prints_its_counts_and_a_second_run_deletes_nothing(settings, caplog):
    settings.RETENTION_INVITATIONS_DAYS = 0
    edition = factories.make_edition()
    make_invitation(edition, expires_at=timezone.now() - dt.timedelta(days=1))

    first, second = io.StringIO(), io.StringIO()
    with caplog.at_level("INFO", logger="leerplatform.privacy.services.retention"):
        call_command("apply_retention", stdout=first)
        call_command("apply_retention", stdout=second)

    assert "invitations: 1 deleted" in first.getvalue()
    assert "invitations: 0 deleted" in second.getvalue()
    assert any("Retention: " in r.getMessage() for r in caplog.records)


def test_exports_past_their_seven_days_go_with_their_file(settings):
    person = factories.make_user()
    old = DataExport.objects.create(
        user=person,
        status=ExportStatus.READY,
        expires_at=NOW - dt.timedelta(hours=1),
        requested_at=NOW - dt.timedelta(days=8),
    )
    old.file.save("x.zip", ContentFile(b"PK"))
    path = old.file.path
    fresh = DataExport.objects.create(
        user=person, status=ExportStatus.READY, expires_at=NOW + dt.timedelta(days=6)
    )

    assert apply_retention(now=NOW).counts["exports"] == 1
    assert list(DataExport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not os.path.exists(path)
    assert apply_retention(now=NOW).counts["exports"] == 0


def test_accounts_past_their_grace_period_are_erased_once():
    edition = factories.make_edition()
    due = factories.make_member(edition, name="Dora Due")
    waiting = factories.make_member(edition, name="Wim Wacht")
    type(due).objects.filter(pk=due.pk).update(erasure_due_at=NOW - dt.timedelta(minutes=1))
    type(due).objects.filter(pk=waiting.pk).update(erasure_due_at=NOW + dt.timedelta(days=2))

    assert apply_retention(now=NOW).counts["erased_accounts"] == 1
    due.refresh_from_db()
    waiting.refresh_from_db()
    assert due.erased_at is not None and due.name != "Dora Due"
    assert waiting.erased_at is None and waiting.name == "Wim Wacht"
    assert apply_retention(now=NOW).counts["erased_accounts"] == 0

"""The one way the platform sends email: each recipient's language, plain and HTML, on commit."""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import transaction

from leerplatform.core.email import Attachment, send_email
from leerplatform.core.tasks import email_on_commit
from tests.factories import make_user

TEMPLATE = "membership/email/application_waitlisted"


def _plain_context() -> dict:
    """The same as plain JSON values (what a queued task stores)."""
    return {
        "application": {"name": "Sanne (fictief)"},
        "edition": {"name": "Leiders die leren"},
        "needs_password": False,
        "my_applications_url": "https://leren.example.nl/editions/x/groups/",
    }


def _context() -> dict:
    return {
        "application": SimpleNamespace(name="Sanne (fictief)"),
        "edition": SimpleNamespace(name="Leiders die leren"),
        "needs_password": False,
        "my_applications_url": "https://leren.example.nl/editions/x/groups/",
    }


@pytest.mark.django_db
def test_each_recipient_reads_the_email_in_their_own_language():
    dutch = make_user(email="nl@example.org")
    english = make_user(email="en@example.org", language="en")
    sent = send_email(TEMPLATE, _context(), [dutch, english])

    assert sent == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["nl@example.org"].subject == (
        "[Leerplatform] Je aanmelding voor Leiders die leren: op de wachtlijst"
    )
    assert by_address["en@example.org"].subject == (
        "[Leerplatform] Your application for Leiders die leren: on the waiting list"
    )
    assert "Beste Sanne (fictief)," in by_address["nl@example.org"].body
    assert "Dear Sanne (fictief)," in by_address["en@example.org"].body


def test_every_email_has_a_plain_and_an_html_part_with_working_links():
    send_email(TEMPLATE, _context(), "someone@example.org")
    (message,) = mail.outbox
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="nl">' in html
    assert '<a href="https://leren.example.nl/editions/x/groups/"' in html
    assert "https://leren.example.nl/editions/x/groups/" in message.body


def test_attachments_travel_with_each_message():
    send_email(
        TEMPLATE,
        _context(),
        ["a@example.org", "b@example.org"],
        attachments=[Attachment("meeting.ics", "BEGIN:VCALENDAR", "text/calendar")],
    )
    assert [m.attachments[0][0] for m in mail.outbox] == ["meeting.ics", "meeting.ics"]


@pytest.mark.django_db
def test_on_commit_sends_nothing_for_work_that_is_rolled_back(django_capture_on_commit_callbacks):
    class Undo(Exception):
        pass

    # (Not a transactional test: a flush would renumber the content types that the
    # serialized-rollback tests of the library restore.)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Undo), transaction.atomic():
            email_on_commit(TEMPLATE, _plain_context(), "gone@example.org")
            raise Undo
        with transaction.atomic():
            email_on_commit(TEMPLATE, _plain_context(), "kept@example.org")
            assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["kept@example.org"]]

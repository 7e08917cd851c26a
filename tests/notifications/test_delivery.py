"""The instant email: once, in the recipient's language, HTML and text, a link to the thing, and
RFC 8058 one-click unsubscribe headers with a visible unsubscribe link."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from leerplatform.core import queue
from leerplatform.core.email import send_email
from leerplatform.core.visibility import Visibility
from leerplatform.notifications import services
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.models import Notification, Preference
from leerplatform.notifications.tasks import deliver_notifications, read_unsubscribe_token
from tests.factories import make_edition, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_edition(themes=1)


def _mention(edition, actor, people, url="/groups/1/threads/2/#post-3"):
    return services.notify(
        "mention",
        people,
        actor=actor,
        edition=edition,
        visibility=Visibility.PLATFORM,
        target_label="Werkvormen",
        url=url,
        excerpt="Wat vind jij, @Noor?",
    )


def test_an_instant_notification_is_mailed_once_with_unsubscribe_headers(
    edition, django_capture_on_commit_callbacks
):
    actor = make_member(edition, name="Fenna Facilitator")
    noor = make_member(edition, name="Noor Lid", language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = _mention(edition, actor, [noor])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [noor.email]
    assert "Fenna Facilitator" in message.subject and "Werkvormen" in message.subject
    assert 'lang="nl"' in message.alternatives[0][0]  # Noor reads Dutch
    assert "http://testserver" not in message.body  # links come from SITE_URL
    assert "/groups/1/threads/2/#post-3" in message.body
    assert "Wat vind jij, @Noor?" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'href="http' in html and "Werkvormen" in html
    # RFC 8058: an https (here: SITE_URL) link in angle brackets, and the one-click POST header.
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<") and header.endswith(">")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header[1:-1]
    assert link in message.body and link in html  # visible in the body too
    token = link.rstrip("/").rsplit("/", 1)[1]
    stop = read_unsubscribe_token(token)
    assert stop is not None and stop.user_id == noor.pk and stop.kind == "mention"
    row.refresh_from_db()
    assert row.emailed_at is not None
    # A second run of the task (a retry) mails nothing.
    assert deliver_notifications.call([row.pk]) == 0
    assert len(mail.outbox) == 1


def test_the_email_is_in_the_recipients_language(edition, django_capture_on_commit_callbacks):
    actor = make_member(edition, name="Fenna Facilitator")
    english = make_member(edition, name="Emma English", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        _mention(edition, actor, [english])
    (message,) = mail.outbox
    assert "Fenna Facilitator mentioned you in “Werkvormen”" in message.subject
    assert "Stop these emails" in message.body
    assert 'lang="en"' in message.alternatives[0][0]


def test_the_one_click_post_from_the_header_stops_that_kind(
    edition, django_capture_on_commit_callbacks
):
    actor, noor = make_member(edition), make_member(edition)
    with django_capture_on_commit_callbacks(execute=True):
        _mention(edition, actor, [noor])
    link = mail.outbox[0].extra_headers["List-Unsubscribe"][1:-1]
    path = link.split("://", 1)[1].split("/", 1)[1]
    # What a mail client sends (RFC 8058 §3.2): no cookies, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        "/" + path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Preference.objects.get(user=noor, kind="mention").channel == Channel.APP
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = _mention(edition, actor, [noor])
    assert mail.outbox == [] and row.channel == Channel.APP  # still in the app


def test_a_task_retry_after_a_crash_does_not_send_again(edition, monkeypatch):
    """Inside a queued task send_email records each message: a run of the same task again sends
    nothing, even when the first run died before it marked the notification mailed."""
    actor, noor = make_member(edition), make_member(edition)
    (row,) = _mention(edition, actor, [noor])  # not committed: nothing queued ran
    token = queue.current_task_id.set("task-1")
    try:
        assert deliver_notifications.call([row.pk]) == 1
        Notification.objects.filter(pk=row.pk).update(emailed_at=None)  # as if it crashed
        assert deliver_notifications.call([row.pk]) == 0
    finally:
        queue.current_task_id.reset(token)
    assert len(mail.outbox) == 1


def test_send_email_passes_extra_headers(edition):
    noor = make_member(edition)
    sent = send_email(
        "notifications/email/notification",
        {"sentence": "Iets", "unsubscribe_url": "https://x/u/", "preferences_url": "https://x/p/"},
        noor,
        headers={"X-Test": "1"},
    )
    assert sent == 1 and mail.outbox[0].extra_headers == {"X-Test": "1"}


def test_nothing_is_mailed_for_a_kind_the_process_mails_itself(
    edition, django_capture_on_commit_callbacks
):
    noor = make_member(edition)
    services.set_preference(user=noor, kind="application_decided", channel=Channel.INSTANT)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify("application_decided", [noor], edition=edition, target_label="toegelaten")
    assert mail.outbox == []
    assert reverse("notifications:preferences")  # the page the email links to exists

"""One date style in Dutch: "2 december 2026", "11 mei, 09:30" — never "2 Dec 2026" or "11 Mei".

The demo edition is loaded as `manage.py load_demo` loads it, and the main pages are rendered in
Dutch for a participant and a facilitator, with an email and the outputs feed. Their text is
searched for a date with an English month name or abbreviation, or a capitalised Dutch one.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from leerplatform.accounts.models import User
from leerplatform.editions.models import Edition
from leerplatform.groups.models import LearningGroup, Thread
from leerplatform.library.models import Document
from leerplatform.meetings.models import Meeting, MeetingKind

pytestmark = pytest.mark.django_db

DEMO_SLUG = "hrd-leerplatform-2019-2020"
PARTICIPANT = "deelnemer@example.org"
FACILITATOR = "facilitator@example.org"

ENGLISH_MONTHS = [
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
    *("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"),
]
# The Dutch names and abbreviations with a capital: "Mei", "Dec", "Mrt", "Okt".
DUTCH_CAPITALISED = [
    *("Januari", "Februari", "Maart", "April", "Mei", "Juni", "Juli", "Augustus"),
    *("September", "Oktober", "November", "December", "Mrt", "Okt"),
]
MONTH_WORD = "|".join(sorted(set(ENGLISH_MONTHS + DUTCH_CAPITALISED), key=len, reverse=True))
# A month word inside a date: after a day number ("2 Dec", "11 Mei") or before a day or a year
# ("Dec. 2", "May 2020"). Case-sensitive: "2 december 2026" and "11 mei" are what we want.
WRONG_DATE = re.compile(
    rf"\b\d{{1,2}}\.?\s+(?:{MONTH_WORD})\b\.?|\b(?:{MONTH_WORD})\b\.?\s+\d{{1,4}}\b"
)


class _Text(HTMLParser):
    """The text a reader sees or hears: text nodes and a few attributes, no scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in {"aria-label", "title", "alt", "content", "placeholder"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(content: str) -> str:
    parser = _Text()
    parser.feed(content)
    return " ".join(" ".join(parser.parts).split())


def wrong_dates(text: str) -> list[str]:
    return sorted({match.group(0) for match in WRONG_DATE.finditer(text)})


@pytest.fixture
def demo(db, settings) -> Edition:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LIBRARY_EXTRACT_IN_THREAD = False
    call_command("load_demo", stdout=StringIO())
    return Edition.objects.get(slug=DEMO_SLUG)


def dutch_client(client, email: str):
    client.force_login(User.objects.get(email=email))
    client.cookies["leerplatform_language"] = "nl"
    return client


def main_pages(edition: Edition) -> list[str]:
    meetings = list(Meeting.objects.filter(edition=edition).order_by("starts_at"))
    closing = next(m for m in meetings if m.kind == MeetingKind.CLOSING)
    # The participant's first group, and a discussion in it that the whole edition may read.
    group = (
        LearningGroup.objects.filter(edition=edition, memberships__user__email=PARTICIPANT)
        .order_by("pk")
        .first()
    )
    assert group is not None
    thread = Thread.objects.filter(group=group, visibility="platform").order_by("pk").first()
    document = Document.objects.filter(edition=edition).order_by("pk").first()
    slug = edition.slug
    pages = [
        reverse("editions:dashboard", args=[slug]),
        reverse("editions:detail", args=[slug]),
        reverse("editions:activity", args=[slug]),
        reverse("meetings:list", args=[slug]),
        *(reverse("meetings:detail", args=[m.pk]) for m in meetings),
        reverse("proposals:list", args=[closing.pk]),
        reverse("groups:list", args=[slug]),
        reverse("groups:detail", args=[group.pk]),
        reverse("groups:workplan", args=[group.pk]),
        reverse("groups:workplan_versions", args=[group.pk]),
        reverse("groups:activities", args=[group.pk]),
        reverse("groups:threads", args=[group.pk]),
        reverse("library:library", args=[slug]),
        reverse("showcase:outputs", args=[slug]),
        reverse("showcase:reports", args=[slug]),
        reverse("reflection:journal", args=[slug]),
        reverse("reflection:balance", args=[slug]),
        reverse("membership:agreements", args=[slug]),
        reverse("notifications:list"),
        reverse("membership:my_applications"),
    ]
    if thread is not None:
        pages.append(reverse("groups:thread", args=[thread.pk]))
    if document is not None:
        pages.append(reverse("library:document", args=[document.pk]))
    return pages


FACILITATOR_PAGES = [
    "membership:review",
    "membership:invitations",
    "showcase:manage",
    "reflection:network_balance",
]


def collect_wrong_dates(client, paths: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in paths:
        response = client.get(path)
        # A page this person may not see answers 403 or 404; it has no dates to check.
        if response.status_code != 200:
            continue
        wrong = wrong_dates(visible_text(response.content.decode()))
        if wrong:
            found[path] = wrong
    return found


def test_the_scanner_knows_a_wrong_date_from_a_right_one():
    assert wrong_dates("Bijeenkomst op 2 Dec 2026 en 11 Mei, 09:30; 20 Apr 2020") == [
        "11 Mei",
        "2 Dec",
        "20 Apr",
    ]
    assert wrong_dates("op 2 December 2026") == ["2 December"]
    assert wrong_dates("Dec. 2, 2026") == ["Dec. 2"]
    assert wrong_dates("op 2 december 2026, 09:30 en 11 mei, 09:30; mei 2020") == []
    assert wrong_dates("Thema Maart: leren van leiders") == []


def test_the_dutch_formats_read_as_dutch():
    moment = dt.date(2026, 12, 2)
    with translation.override("nl"):
        assert date_format(moment, "DATE_FORMAT") == "2 december 2026"
        assert date_format(moment, "DAY_DATE_FORMAT") == "woensdag 2 december 2026"
        assert date_format(moment.replace(month=5, day=11), "MONTH_DAY_FORMAT") == "11 mei"


def test_the_demo_writes_every_date_as_dutch(demo, client):
    """One demo, four looks at it (loading the demo is the slow part): the participant's pages,
    the facilitator's, whether the main pages answer at all, and an email and the feed."""
    _participants_pages_have_dutch_dates(demo, client)
    _facilitators_pages_have_dutch_dates(demo, client)
    _every_page_of_the_scan_answers(demo, client)
    _an_email_and_the_feed_have_dutch_dates(demo, client)


def _participants_pages_have_dutch_dates(demo, client):
    client = dutch_client(client, PARTICIPANT)

    group_threads = Thread.objects.filter(
        group__edition=demo, group__memberships__user__email=PARTICIPANT
    )
    paths = main_pages(demo) + [reverse("groups:thread", args=[t.pk]) for t in group_threads]

    assert collect_wrong_dates(client, paths) == {}


def _facilitators_pages_have_dutch_dates(demo, client):
    client = dutch_client(client, FACILITATOR)
    paths = main_pages(demo) + [reverse(name, args=[demo.slug]) for name in FACILITATOR_PAGES]
    meetings = Meeting.objects.filter(edition=demo).order_by("starts_at")
    paths += [reverse("groups:meeting_reports", args=[m.pk]) for m in meetings]
    paths += [reverse("meetings:attendance", args=[m.pk]) for m in meetings]

    assert collect_wrong_dates(client, paths) == {}


def _every_page_of_the_scan_answers(demo, client):
    """The scan above skips pages that do not answer 200; the main ones must answer."""
    client = dutch_client(client, FACILITATOR)
    for path in main_pages(demo):
        assert client.get(path).status_code == 200, path


def _an_email_and_the_feed_have_dutch_dates(demo, client):
    meeting = Meeting.objects.filter(edition=demo).order_by("starts_at").first()
    with translation.override("nl"):
        text = render_to_string(
            "meetings/email/reminder.txt",
            {"meeting": meeting, "user": User.objects.get(email=PARTICIPANT)},
        )
        subject = render_to_string("meetings/email/reminder_subject.txt", {"meeting": meeting})
    assert wrong_dates(text + " " + subject) == []

    feed = client.get(reverse("showcase:feed", args=[demo.slug]))
    assert feed.status_code == 200
    assert wrong_dates(visible_text(feed.content.decode())) == []

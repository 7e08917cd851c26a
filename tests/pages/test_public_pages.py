"""The public face (issue 15): the archive of editions, "Over", "Contact", the public learning
agenda, a closed edition that stays readable, the closing meeting's page, the header's
`public_edition`, /favicon.ico and the manifest; what each costs in queries."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leerplatform.editions import services as edition_services
from leerplatform.editions.models import Edition, Phase, Role
from leerplatform.groups.services import groups as group_services
from leerplatform.meetings.models import MeetingKind, ProgrammeItem, ProgrammeItemKind
from leerplatform.membership.services.participation import leave_edition
from leerplatform.pages.context_processors import public_nav
from leerplatform.proposals import services as proposal_services
from leerplatform.showcase.models import ClosingReport, ReportStatus
from tests import factories
from tests.proposals.helpers import open_call, propose

pytestmark = pytest.mark.django_db


def closing_report(edition, *, published: bool = True, language: str = "nl") -> ClosingReport:
    report = ClosingReport.objects.create(
        edition=edition,
        language=language,
        status=ReportStatus.DONE,
        progress=100,
        published_at=timezone.now() if published else None,
    )
    report.file.save("slot.pdf", ContentFile(b"%PDF-1.4"))
    return report


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- The archive ----------------------------------------------------------------------------------


def test_the_archive_lists_what_visitors_may_see_running_first_newest_first(as_user):
    old = factories.make_edition(name="Pilot", phase=Phase.CLOSED, starts_on=dt.date(2018, 1, 1))
    hidden_closed = factories.make_edition(
        name="Gesloten en nooit gepubliceerd",
        phase=Phase.CLOSED,
        is_published=False,
        starts_on=dt.date(2017, 1, 1),
    )
    # Running: not closed and its last day still to come (an older start does not matter).
    running = factories.make_edition(
        name="Nu",
        starts_on=dt.date(2016, 1, 1),
        ends_on=timezone.localdate() + dt.timedelta(days=300),
    )
    draft = factories.make_edition(name="In voorbereiding", is_published=False)
    report = closing_report(old)
    unpublished = closing_report(running, published=False)

    page = html(as_user(None), reverse("editions:archive"))

    assert page.index("Nu") < page.index("Pilot") < page.index("Gesloten en nooit gepubliceerd")
    assert draft.name not in page
    for edition in (old, hidden_closed, running):
        assert reverse("showcase:outputs", kwargs={"slug": edition.slug}) in page
        assert reverse("groups:agenda", kwargs={"slug": edition.slug}) in page
    assert reverse("showcase:download_report", args=[report.pk]) in page
    assert reverse("showcase:download_report", args=[unpublished.pk]) not in page


def test_over_and_contact_are_public_pages_with_their_own_title_and_description(edition, as_user):
    for name in ("about", "contact", "archive"):
        page = html(as_user(None), reverse(f"editions:{name}"))
        assert '<meta name="description" content="' in page
        assert "<title>" in page


def test_the_contact_page_shows_the_running_editions_contacts_else_the_newest_closed(as_user):
    closed = factories.make_edition(name="Oud", phase=Phase.CLOSED)
    edition_services.save_contact(
        edition=closed,
        actor=None,
        data={"name": "Oud Contact", "role": "x", "email": "o@example.org"},
    )

    only_closed = html(as_user(None), reverse("editions:contact"))
    running = factories.make_edition(name="Lopend")
    edition_services.save_contact(
        edition=running,
        actor=None,
        data={"name": "Nieuw Contact", "role": "x", "email": "n@example.org"},
    )
    with_running = html(as_user(None), reverse("editions:contact"))

    assert "Oud Contact" in only_closed
    assert "Nieuw Contact" in with_running and "Oud Contact" not in with_running


# --- A closed edition stays readable -------------------------------------------------------------


@pytest.fixture
def closed_pilot(db):
    """The demo's pilot: closed and never published."""
    pilot = factories.make_edition(name="Pilot", is_published=False, phase=Phase.BUILDING)
    facilitator = factories.make_member(pilot, role=Role.FACILITATOR)
    edition_services.change_phase(edition=pilot, phase=Phase.CLOSED, actor=facilitator)
    pilot.refresh_from_db()
    return pilot


@pytest.mark.parametrize("role", ["visitor", "outsider", "participant", "ex_member"])
def test_a_closed_edition_s_public_pages_stay_readable(closed_pilot, as_user, role):
    person = {
        "visitor": lambda: None,
        "outsider": factories.make_user,
        "participant": lambda: factories.make_member(closed_pilot),
        "ex_member": lambda: factories.make_member(closed_pilot),
    }[role]()
    if role == "ex_member":
        leave_edition(edition=closed_pilot, user=person)
        person.__dict__.pop("_edition_roles", None)
    client = as_user(person)
    slug = {"slug": closed_pilot.slug}

    for url in (
        reverse("editions:detail", kwargs=slug),
        reverse("showcase:outputs", kwargs=slug),
        reverse("groups:agenda", kwargs=slug),
        reverse("showcase:feed", kwargs=slug),
    ):
        assert client.get(url).status_code == 200, url
    assert closed_pilot.name in html(client, reverse("editions:archive"))


def test_an_unpublished_edition_in_preparation_stays_hidden_from_visitors(as_user):
    draft = factories.make_edition(is_published=False, phase=Phase.ORIENTATION)
    member = factories.make_member(draft)
    slug = {"slug": draft.slug}

    for url in (reverse("editions:detail", kwargs=slug), reverse("groups:agenda", kwargs=slug)):
        assert as_user(None).get(url).status_code == 404
        assert as_user(member).get(url).status_code == 200
    assert draft.name not in html(as_user(None), reverse("editions:archive"))


# --- The learning agenda is public ------------------------------------------------------------------


def test_visitors_read_the_agenda_with_themes_linked_and_groups_only_counted(edition, as_user):
    coordinator = factories.make_member(edition)
    theme = edition.themes.first()
    group = group_services.start_group(
        edition=edition,
        actor=coordinator,
        name="Geheime groepsnaam",
        description="",
        themes=[theme],
    )

    visitor = html(as_user(None), reverse("groups:agenda", kwargs={"slug": edition.slug}))
    member = html(as_user(coordinator), reverse("groups:agenda", kwargs={"slug": edition.slug}))

    theme_url = reverse("library:theme", kwargs={"slug": edition.slug, "theme_pk": theme.pk})
    assert theme_url in visitor and theme_url in member
    assert "Geheime groepsnaam" not in visitor
    assert reverse("groups:detail", args=[group.pk]) not in visitor
    assert reverse("groups:list", kwargs={"slug": edition.slug}) not in visitor
    assert "Geheime groepsnaam" in member


def test_the_edition_page_links_its_themes_agenda_outputs_and_report(edition, as_user):
    report = closing_report(edition)
    page = html(as_user(None), edition.get_absolute_url())

    for url in (
        reverse("groups:agenda", kwargs={"slug": edition.slug}),
        reverse("showcase:outputs", kwargs={"slug": edition.slug}),
        reverse("showcase:download_report", args=[report.pk]),
        reverse("editions:archive"),
        reverse(
            "library:theme", kwargs={"slug": edition.slug, "theme_pk": edition.themes.first().pk}
        ),
    ):
        assert url in page, url
    assert f'<meta property="og:title" content="{edition.name}">' in page


def test_open_graph_tags_are_for_visitors_only(edition, as_user):
    """A link preview is fetched as a visitor; a member's page (the same URL) has no use for
    them, and leaves them out."""
    member = factories.make_member(edition)
    assert 'property="og:title"' in html(as_user(None), edition.get_absolute_url())
    assert 'property="og:' not in html(as_user(member), edition.get_absolute_url())


# --- The closing meeting's page ----------------------------------------------------------------------


def past_closing_meeting(edition):
    return factories.make_meeting(edition, day=dt.date(2020, 5, 14), kind=MeetingKind.CLOSING)


def test_the_closing_meeting_links_the_outputs_and_the_published_report(edition, as_user):
    meeting = past_closing_meeting(edition)
    report = closing_report(edition)
    draft = closing_report(edition, published=False, language="en")

    page = html(as_user(None), reverse("meetings:detail", args=[meeting.pk]))

    assert reverse("showcase:outputs", kwargs={"slug": edition.slug}) in page
    assert reverse("showcase:download_report", args=[report.pk]) in page
    assert reverse("showcase:download_report", args=[draft.pk]) not in page


def test_a_regular_meeting_has_no_outputs_box(edition, as_user):
    meeting = factories.make_meeting(edition)
    page = html(as_user(None), reverse("meetings:detail", args=[meeting.pk]))
    assert "closing-outputs" not in page


def test_a_past_meeting_shows_no_empty_registration_card(
    edition, participant, facilitator, as_user
):
    meeting = past_closing_meeting(edition)
    url = reverse("meetings:detail", args=[meeting.pk])

    assert 'id="registration"' not in html(as_user(None), url)
    assert 'id="registration"' not in html(as_user(participant), url)
    # The facilitators keep their lists (attendance, CSV) there.
    assert 'id="registration"' in html(as_user(facilitator), url)


def test_an_upcoming_meeting_keeps_its_registration_card(edition, as_user):
    meeting = factories.make_meeting(edition, day=timezone.localdate() + dt.timedelta(days=30))
    assert 'id="registration"' in html(as_user(None), reverse("meetings:detail", args=[meeting.pk]))


def test_the_chosen_proposal_is_linked_only_for_those_who_may_read_it(
    edition, participant, facilitator, as_user
):
    meeting = factories.make_meeting(edition, day=timezone.localdate() + dt.timedelta(days=30))
    proposal = propose(open_call(meeting, actor=facilitator), participant)
    ProgrammeItem.objects.create(
        meeting=meeting,
        kind=ProgrammeItemKind.PLENARY_WORKSHOP,
        starts_at=dt.time(10, 0),
        ends_at=dt.time(12, 0),
        title="Plenaire werkplaats",
    )
    proposal_services.decide_proposal(proposal=proposal, decision="selected", actor=facilitator)
    url = reverse("meetings:detail", args=[meeting.pk])
    link = reverse("proposals:detail", args=[proposal.pk])

    visitor = html(as_user(None), url)

    assert proposal.title in visitor and link not in visitor
    assert link in html(as_user(participant), url)


# --- The header's public_edition -----------------------------------------------------------------


def _public_edition():
    return public_nav(RequestFactory().get("/"))["public_edition"]


def test_public_edition_prefers_running_editions_newest_first():
    later = {"ends_on": dt.date(2032, 1, 1)}
    factories.make_edition(
        name="Gesloten nieuw", phase=Phase.CLOSED, starts_on=dt.date(2030, 1, 1), **later
    )
    factories.make_edition(name="Lopend oud", starts_on=dt.date(2019, 1, 1), **later)
    newest = factories.make_edition(name="Lopend nieuw", starts_on=dt.date(2020, 1, 1), **later)
    # Over by its date though not closed: after the running ones.
    factories.make_edition(
        name="Voorbij", starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2026, 6, 1)
    )
    factories.make_edition(
        name="Concept", is_published=False, starts_on=dt.date(2031, 1, 1), **later
    )

    assert _public_edition()() == newest


def test_public_edition_falls_back_to_the_newest_closed_one_or_none():
    assert _public_edition()() is None
    closed = factories.make_edition(phase=Phase.CLOSED)
    assert _public_edition()() == closed


def test_public_edition_costs_nothing_unless_asked_and_one_query_once_asked(edition):
    found = _public_edition()
    with CaptureQueriesContext(connection) as unused:
        pass
    with CaptureQueriesContext(connection) as asked:
        for _ in range(3):
            assert found() == edition
    assert (len(unused), len(asked)) == (0, 1)


# --- /favicon.ico and the manifest --------------------------------------------------------------------


def test_favicon_is_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header


def test_the_manifest_names_the_platform_in_dutch_with_icons(client):
    response = client.get("/manifest.webmanifest")
    data = json.loads(response.content)

    assert response["Content-Type"].startswith("application/manifest+json")
    assert (data["short_name"], data["lang"], data["start_url"]) == ("Leerplatform", "nl", "/")
    assert data["theme_color"].startswith("#")
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]


# --- Queries ------------------------------------------------------------------------------------------


def fill(size: int) -> None:
    for i in range(size):
        edition = factories.make_edition(
            themes=2,
            phase=Phase.CLOSED if i % 2 else Phase.BUILDING,
            starts_on=dt.date(2000 + i, 1, 1),
        )
        for n in range(2):
            edition_services.save_contact(
                edition=edition,
                actor=None,
                data={"name": f"Contact {n}", "role": "x", "email": f"c{i}-{n}@example.org"},
            )
        closing_report(edition)


@pytest.mark.parametrize("size", [1, 15], ids=["small", "large"])
@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        # +1 each: the header's public_edition for visitors (pages.context_processors)
        ("/editions/", 3),  # the editions, their published reports
        ("/over/", 1),
        ("/contact/", 3),  # the editions, their contacts
    ],
)
def test_public_pages_cost_a_fixed_number_of_queries(
    db, client, django_assert_max_num_queries, size, url, max_queries
):
    fill(size)
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 15], ids=["small", "large"])
def test_the_agenda_and_the_closing_meeting_cost_a_fixed_number_of_queries_for_visitors(
    db, client, django_assert_max_num_queries, size
):
    fill(size)
    edition = Edition.objects.filter(phase=Phase.CLOSED).first() or Edition.objects.first()
    meeting = past_closing_meeting(edition)
    with django_assert_max_num_queries(5):  # edition, themes, groups, their themes and members
        assert (
            client.get(reverse("groups:agenda", kwargs={"slug": edition.slug})).status_code == 200
        )
    # meeting, counts, programme, attendance, the edition's reports and contacts
    with django_assert_max_num_queries(8):
        assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200

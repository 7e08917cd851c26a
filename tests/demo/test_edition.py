"""The demo edition from the seed, and that loading it again is safe."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from leerplatform.accounts.models import User
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.demo import edition as demo
from leerplatform.editions import services
from leerplatform.editions.models import Edition, Membership, Phase, Role, Theme
from leerplatform.meetings.models import Meeting, MeetingKind, MeetingStatus

pytestmark = pytest.mark.django_db

SEED_THEMES = [
    "Professionaliseren",
    "Levenlang leren",
    "Rol van HR",
    "Innovaties in leren",
    "Het leren van leiders",
    "Teamontwikkeling",
    "Werkdruk en werkgeluk",
    "Talentontwikkeling",
]


@pytest.fixture
def loaded(db) -> Edition:
    return demo.load_demo()


def test_the_demo_edition_is_the_hrd_leerplatform_2019_2020(loaded):
    edition = Edition.objects.get(pk=loaded.pk)

    assert edition.name == "HRD Leerplatform 2019–2020"
    assert edition.is_published
    assert edition.starts_on <= dt.date(2019, 5, 23)
    assert edition.ends_on >= dt.date(2020, 5, 14)


def test_the_demo_has_the_eight_themes_of_the_seed_in_order(loaded):
    assert [t.title for t in loaded.themes.order_by("position", "id")] == SEED_THEMES


def test_the_demo_has_four_published_meetings_ending_with_the_closing_one(loaded):
    meetings = list(Meeting.objects.filter(edition=loaded).order_by("starts_at"))

    assert len(meetings) == 4
    assert all(m.status == MeetingStatus.PUBLISHED for m in meetings)
    first, last = meetings[0], meetings[-1]
    assert first.starts_at.date() >= dt.date(2019, 5, 1)
    assert last.starts_at.date() <= dt.date(2020, 5, 31)
    assert last.kind == MeetingKind.CLOSING
    assert all(m.kind == MeetingKind.REGULAR for m in meetings[:-1])
    assert all(m.theme is not None and m.theme.edition_id == loaded.pk for m in meetings)


def test_the_demo_has_a_facilitator_and_participants_from_real_institutions(loaded):
    memberships = Membership.objects.active().filter(edition=loaded).select_related("user")
    facilitators = [m.user for m in memberships if m.role == Role.FACILITATOR]
    participants = [m.user for m in memberships if m.role == Role.PARTICIPANT]

    assert len(facilitators) >= 1
    assert len(participants) >= 10
    institutions = {p.institution for p in participants if p.institution is not None}
    assert len(institutions) >= 5
    assert all(i.is_hbo for i in institutions)


def test_every_demo_person_has_an_example_org_address_and_can_log_in(loaded, client):
    people = User.objects.filter(memberships__edition=loaded)

    assert people.exists()
    assert all(p.email.endswith("@example.org") for p in people)
    assert all(
        EmailAddress.objects.filter(user=p, email=p.email, verified=True).exists() for p in people
    )
    for email, _role in demo.DEMO_LOGINS:
        response = client.post("/accounts/login/", {"login": email, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.post("/accounts/logout/")


def _counts() -> dict[str, int]:
    return {
        "editions": Edition.objects.count(),
        "themes": Theme.objects.count(),
        "meetings": Meeting.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "emails": EmailAddress.objects.count(),
        "activities": ActivityEntry.objects.count(),
    }


def test_loading_the_demo_twice_creates_no_duplicates(loaded):
    before = _counts()

    again = demo.load_demo()

    assert again == loaded
    assert _counts() == before


def test_loading_again_keeps_changes_made_in_between(loaded):
    facilitator = User.objects.get(email="facilitator@example.org")
    services.change_phase(edition=loaded, phase=Phase.CLOSED, actor=facilitator)
    theme = loaded.themes.get(title="Teamontwikkeling")
    theme.title = "Teams die leren"
    theme.save()
    User.objects.filter(email="deelnemer@example.org").update(job_title="Teamleider HRD")

    demo.load_demo()

    loaded.refresh_from_db()
    assert loaded.phase == Phase.CLOSED
    titles = list(loaded.themes.values_list("title", flat=True))
    assert "Teams die leren" in titles
    assert "Teamontwikkeling" not in titles
    assert User.objects.get(email="deelnemer@example.org").job_title == "Teamleider HRD"


def test_loading_again_does_not_bring_back_a_member_who_left(loaded):
    from django.utils import timezone

    Membership.objects.filter(user__email="deelnemer@example.org").update(left_at=timezone.now())
    joined_before = ActivityEntry.objects.filter(verb=Verb.JOINED).count()

    demo.load_demo()

    membership = Membership.objects.get(user__email="deelnemer@example.org", edition=loaded)
    assert membership.left_at is not None
    assert ActivityEntry.objects.filter(verb=Verb.JOINED).count() == joined_before


def test_the_load_demo_command_loads_the_demo_and_prints_the_logins(db):
    out = StringIO()

    call_command("load_demo", stdout=out)

    edition = Edition.objects.get(slug=demo.DEMO_SLUG)
    assert edition.name in out.getvalue()
    for email, _role in demo.DEMO_LOGINS:
        assert email in out.getvalue()
    assert edition.themes.count() == len(SEED_THEMES)


def test_running_the_command_twice_creates_no_duplicates(db):
    call_command("load_demo", stdout=StringIO())
    before = _counts()

    call_command("load_demo", stdout=StringIO())

    assert _counts() == before

"""Continuing in another form: a facilitator starts a new edition from a closed one; the invited
participants choose whether they continue, and in which carried-over groups. The old edition
stays an archive in which nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from leerplatform.accounts.models import User
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import (
    ContinuationInvitation,
    ContinuationStatus,
    Edition,
    Membership,
    Phase,
    Role,
)
from leerplatform.editions.services import change_phase
from leerplatform.groups.models import GroupMembership, LearningGroup, WorkPlanVersion
from leerplatform.groups.services import groups as group_services
from leerplatform.groups.services.workplan import save_workplan
from leerplatform.library.models import Document
from leerplatform.library.services.documents import create_document
from leerplatform.meetings.models import Meeting
from leerplatform.membership.models import Agreement
from leerplatform.membership.services.agreements import accept_agreements, publish_agreements
from leerplatform.showcase.services import continuation as services
from tests import factories
from tests.groups.factories_groups import start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services speak the active language; these tests read their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def as_user(as_user):
    """Clients that chose English (the language cookie), to read the English source text."""

    def client_for(user):
        client = as_user(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return client_for


class Old:
    """A closed edition with two facilitators, four participants (one left), two groups, two
    versions of the agreements, a meeting, a document and a work plan."""

    def __init__(self):
        self.edition = factories.make_edition(
            name="HRD Leerplatform 2019–2020",
            slug="hrd-2019",
            criteria="Voor **hbo**-professionals.",
            min_years_of_experience=7,
            expected_work_level="strategic",
            groups_started_by="facilitators",
            max_groups_per_person=2,
            max_participants=40,
        )
        e = self.edition
        self.facilitator = factories.make_member(e, role=Role.FACILITATOR, name="Fenna Fac")
        self.cofacilitator = factories.make_member(e, role=Role.FACILITATOR, name="Cor Fac")
        self.anna = factories.make_member(e, name="Anna")
        self.bram = factories.make_member(e, name="Bram")
        self.cees = factories.make_member(e, name="Cees")
        self.leaver = factories.make_member(e, name="Lotte Left")
        themes = list(e.themes.order_by("position"))
        self.werkgeluk = start(
            e, self.facilitator, name="Werkgeluk", themes=themes[:2], max_size=8,
            join_policy="request", description="Over *werkgeluk*.",
        )  # fmt: skip
        self.leiders = start(e, self.cofacilitator, name="Leiders", themes=[themes[4]])
        group_services.assign_member(group=self.werkgeluk, person=self.anna, actor=self.facilitator)
        group_services.set_coordinator(
            group=self.werkgeluk, person=self.anna, is_coordinator=True, actor=self.facilitator
        )
        group_services.assign_member(group=self.werkgeluk, person=self.bram, actor=self.facilitator)
        group_services.assign_member(group=self.leiders, person=self.cees, actor=self.facilitator)
        group_services.assign_member(group=self.leiders, person=self.anna, actor=self.facilitator)
        publish_agreements(edition=e, text="Versie een.", actor=self.facilitator)
        latest = publish_agreements(
            edition=e, text="We delen wat we leren.", actor=self.facilitator
        )
        for person in (self.anna, self.bram, self.cees):
            accept_agreements(agreement=latest, user=person)
        factories.make_meeting(e, title="Slotbijeenkomst", kind="closing")
        create_document(
            edition=e, actor=self.anna, title="Toolkit", summary="Kort.", kind="toolkit"
        )
        save_workplan(
            group=self.werkgeluk, author=self.anna, base_number=0, parts={"ambition": "Leren."}
        )
        Membership.objects.filter(user=self.leaver, edition=e).update(left_at=timezone.now())
        change_phase(edition=e, phase=Phase.CLOSED, actor=self.facilitator)
        for person in self.people():
            person.__dict__.pop("_edition_roles", None)
            person.__dict__.pop("_group_roles", None)
        self.edition.refresh_from_db()

    def people(self):
        return [self.facilitator, self.cofacilitator, self.anna, self.bram, self.cees, self.leaver]

    def counts(self) -> dict:
        e = self.edition
        return {
            "themes": e.themes.count(),
            "meetings": Meeting.objects.filter(edition=e).count(),
            "groups": LearningGroup.objects.filter(edition=e).count(),
            "group_memberships": GroupMembership.objects.filter(group__edition=e).count(),
            "active_group_memberships": GroupMembership.objects.filter(
                group__edition=e, left_at__isnull=True
            ).count(),
            "memberships": Membership.objects.filter(edition=e).count(),
            "active_memberships": Membership.objects.filter(
                edition=e, left_at__isnull=True
            ).count(),
            "documents": Document.objects.filter(edition=e).count(),
            "ledger": ActivityEntry.objects.filter(edition=e).count(),
            "workplan_versions": WorkPlanVersion.objects.filter(group__edition=e).count(),
            "agreements": Agreement.objects.filter(edition=e).count(),
            "edition": Edition.objects.filter(pk=e.pk).values().get(),
            "groups_rows": list(LearningGroup.objects.filter(edition=e).values()),
        }


@pytest.fixture(autouse=True)
def _site_url(settings):
    # Links in the invitation emails are made from SITE_URL (core.links).
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def old(db):
    return Old()


def continue_old(old, *, groups=None, slug="hrd-2021", **fields) -> Edition:
    return services.continue_edition(
        edition=old.edition,
        actor=fields.pop("actor", old.facilitator),
        name=fields.pop("name", "HRD Leerplatform 2021"),
        slug=slug,
        starts_on=fields.pop("starts_on", dt.date(2021, 1, 1)),
        ends_on=fields.pop("ends_on", dt.date(2021, 12, 31)),
        groups=[old.werkgeluk, old.leiders] if groups is None else groups,
    )


def form(old, **changes) -> dict:
    data = {
        "name": "HRD Leerplatform 2021",
        "slug": "hrd-2021",
        "starts_on": "2021-01-01",
        "ends_on": "2021-12-31",
        "groups": [str(old.werkgeluk.pk)],
    }
    return data | changes


# --- Starting: what is copied ---------------------------------------------------------------------


def test_the_new_edition_copies_themes_agreements_and_settings(old):
    new = continue_old(old)

    assert new.continued_from == old.edition
    assert new.phase == Phase.ORIENTATION
    assert (new.name, new.slug) == ("HRD Leerplatform 2021", "hrd-2021")
    assert (new.starts_on, new.ends_on) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert [(t.position, t.title, t.description) for t in new.themes.all()] == [
        (t.position, t.title, t.description) for t in old.edition.themes.all()
    ]
    for setting in services.COPIED_SETTINGS:
        assert getattr(new, setting) == getattr(old.edition, setting), setting
    agreements = list(Agreement.objects.filter(edition=new))
    assert [(a.version, a.text) for a in agreements] == [(1, "We delen wat we leren.")]


def test_the_facilitators_of_the_old_edition_facilitate_the_new_one(old):
    new = continue_old(old)

    roles = dict(Membership.objects.filter(edition=new).values_list("user__name", "role"))
    assert roles == {"Fenna Fac": Role.FACILITATOR, "Cor Fac": Role.FACILITATOR}


def test_continuing_groups_are_carried_over_without_members(old):
    new = continue_old(old)

    carried = {g.name: g for g in LearningGroup.objects.filter(edition=new)}
    assert set(carried) == {"Werkgeluk", "Leiders"}
    werkgeluk = carried["Werkgeluk"]
    assert werkgeluk.continued_from == old.werkgeluk
    assert (werkgeluk.description, werkgeluk.join_policy, werkgeluk.max_size) == (
        "Over *werkgeluk*.", "request", 8,
    )  # fmt: skip
    assert [t.edition_id for t in werkgeluk.themes.all()] == [new.pk, new.pk]
    assert sorted(t.title for t in werkgeluk.themes.all()) == sorted(
        t.title for t in old.werkgeluk.themes.all()
    )
    assert not GroupMembership.objects.filter(group__edition=new).exists()


def test_only_the_chosen_groups_continue(old):
    new = continue_old(old, groups=[old.leiders])

    assert list(LearningGroup.objects.filter(edition=new).values_list("name", flat=True)) == [
        "Leiders"
    ]


def test_every_active_participant_is_invited_and_emailed_in_dutch(
    old, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = continue_old(old)

    invited = set(
        ContinuationInvitation.objects.filter(edition=new).values_list("user__name", flat=True)
    )
    assert invited == {"Anna", "Bram", "Cees"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        p.email for p in (old.anna, old.bram, old.cees)
    )
    message = mail.outbox[0]
    assert "http://testserver/editions/hrd-2021/continue/answer/" in message.body
    assert "HRD Leerplatform 2021" in message.subject


def test_no_email_leaves_before_the_transaction_commits(old, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        continue_old(old)

    assert len(callbacks) == 1
    assert mail.outbox == []


def test_continuing_is_recorded_on_the_new_edition_only(old):
    new = continue_old(old)

    entry = ActivityEntry.objects.get(verb=Verb.EDITION_CONTINUED)
    assert entry.edition == new
    assert entry.actor == old.facilitator
    assert entry.data["from"] == old.edition.pk
    assert entry.data["invited"] == 3


def test_nothing_in_the_old_edition_changes_or_is_lost(old, as_user):
    before = old.counts()

    new = continue_old(old)
    services.answer_continuation(
        invitation=ContinuationInvitation.objects.get(edition=new, user=old.anna),
        actor=old.anna,
        continues=True,
        groups=list(LearningGroup.objects.filter(edition=new)),
    )
    services.answer_continuation(
        invitation=ContinuationInvitation.objects.get(edition=new, user=old.bram),
        actor=old.bram,
        continues=False,
    )

    assert old.counts() == before
    slug = old.edition.slug
    pages = [
        f"/editions/{slug}/",
        f"/editions/{slug}/dashboard/",
        f"/editions/{slug}/meetings/",
        f"/editions/{slug}/groups/",
        f"/editions/{slug}/library/",
        f"/editions/{slug}/agreements/",
        f"/groups/{old.werkgeluk.pk}/",
        f"/groups/{old.werkgeluk.pk}/workplan/",
    ]
    for person in (old.anna, old.bram, old.facilitator):
        client = as_user(person)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (person.name, url, response.status_code)


# --- Starting: refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize("phase", [p for p in Phase.values if p != Phase.CLOSED])
def test_an_edition_that_is_not_closed_cannot_be_continued(phase, facilitator, edition):
    Edition.objects.filter(pk=edition.pk).update(phase=phase)
    edition.refresh_from_db()

    with pytest.raises(ValidationError, match="Only a closed edition"):
        services.continue_edition(
            edition=edition, actor=facilitator, name="Nieuw", slug="nieuw",
            starts_on=dt.date(2021, 1, 1), ends_on=dt.date(2021, 6, 1),
        )  # fmt: skip
    assert not Edition.objects.filter(slug="nieuw").exists()


def test_the_page_explains_why_an_open_edition_cannot_be_continued(as_user, edition, facilitator):
    client = as_user(facilitator)
    url = f"/editions/{edition.slug}/continue/"

    page = client.get(url)
    refused = client.post(url, {"name": "Nieuw", "slug": "nieuw", "starts_on": "2021-01-01",
                                "ends_on": "2021-06-01"})  # fmt: skip

    assert page.status_code == 200
    assert "Only a closed edition can be continued" in page.content.decode()
    assert page.context["form"] is None
    assert refused.status_code == 200
    assert 'role="alert"' in refused.content.decode()
    assert not Edition.objects.filter(slug="nieuw").exists()


@pytest.mark.parametrize("who", ["participant", "staff", "outsider", "left_facilitator"])
def test_only_a_facilitator_can_continue_an_edition(old, who):
    actor = {
        "participant": old.anna,
        "staff": factories.make_user(is_staff=True, is_superuser=True),
        "outsider": factories.make_user(),
        "left_facilitator": old.cofacilitator,
    }[who]
    if who == "left_facilitator":
        Membership.objects.filter(user=actor, edition=old.edition).update(left_at=timezone.now())

    with pytest.raises(ValidationError, match="Only the facilitators"):
        continue_old(old, actor=actor)
    assert not Edition.objects.filter(continued_from=old.edition).exists()


def test_a_participant_gets_403_and_nothing_is_made(old, as_user):
    response = as_user(old.anna).post(f"/editions/{old.edition.slug}/continue/", form(old))

    assert response.status_code == 403
    assert not Edition.objects.filter(continued_from=old.edition).exists()


def test_a_short_name_already_in_use_is_refused(old, as_user):
    factories.make_edition(slug="bezet")

    response = as_user(old.facilitator).post(
        f"/editions/{old.edition.slug}/continue/", form(old, slug="bezet")
    )

    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert not Edition.objects.filter(continued_from=old.edition).exists()
    with pytest.raises(ValidationError) as error:
        continue_old(old, slug=old.edition.slug)
    assert "slug" in error.value.message_dict


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"slug": "met spaties"}, "slug"),
        ({"ends_on": "2020-12-31"}, "ends_on"),
        ({"starts_on": ""}, "starts_on"),
    ],
)
def test_bad_input_shows_the_field_and_makes_nothing(old, as_user, changes, field):
    response = as_user(old.facilitator).post(
        f"/editions/{old.edition.slug}/continue/", form(old, **changes)
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Edition.objects.filter(continued_from=old.edition).exists()


def test_a_group_of_another_edition_cannot_continue(old):
    elsewhere = factories.make_edition()
    stranger = start(elsewhere, factories.make_member(elsewhere, role=Role.FACILITATOR), name="X")

    with pytest.raises(ValidationError) as error:
        continue_old(old, groups=[stranger])
    assert "groups" in error.value.message_dict


def test_the_facilitator_continues_through_the_form_and_lands_on_the_new_dashboard(old, as_user):
    response = as_user(old.facilitator).post(f"/editions/{old.edition.slug}/continue/", form(old))

    new = Edition.objects.get(continued_from=old.edition)
    assert response.status_code == 302
    assert response.url == f"/editions/{new.slug}/dashboard/"
    assert list(LearningGroup.objects.filter(edition=new).values_list("name", flat=True)) == [
        "Werkgeluk"
    ]
    page = as_user(old.facilitator).get(f"/editions/{old.edition.slug}/continue/")
    assert [row.edition for row in page.context["continuations"]] == [new]


# --- Answering ------------------------------------------------------------------------------------


@pytest.fixture
def new(old):
    return continue_old(old)


def carried(new, name):
    return LearningGroup.objects.get(edition=new, name=name)


def invitation_of(new, user):
    return ContinuationInvitation.objects.get(edition=new, user=user)


def answer_url(new) -> str:
    return f"/editions/{new.slug}/continue/answer/"


def test_a_participant_continues_and_joins_the_groups_their_groups_continued_into(old, new):
    services.answer_continuation(
        invitation=invitation_of(new, old.anna),
        actor=old.anna,
        continues=True,
        groups=[carried(new, "Werkgeluk"), carried(new, "Leiders")],
    )

    invitation = invitation_of(new, old.anna)
    assert invitation.status == ContinuationStatus.CONTINUES
    assert invitation.answered_at is not None
    assert set(invitation.groups.values_list("name", flat=True)) == {"Werkgeluk", "Leiders"}
    assert Membership.objects.active().get(edition=new, user=old.anna).role == Role.PARTICIPANT
    memberships = {
        m.group.name: m.is_coordinator
        for m in GroupMembership.objects.active().filter(user=old.anna, group__edition=new)
    }
    assert memberships == {"Werkgeluk": True, "Leiders": False}  # her coordinator role came along
    entry = ActivityEntry.objects.get(verb=Verb.CONTINUATION_ANSWERED)
    assert (entry.edition, entry.actor, entry.visibility) == (new, old.anna, Visibility.GROUP)
    assert entry.data["continues"] is True


def test_a_participant_cannot_join_a_group_they_were_not_in(old, new):
    with pytest.raises(ValidationError) as error:
        services.answer_continuation(
            invitation=invitation_of(new, old.bram),
            actor=old.bram,
            continues=True,
            groups=[carried(new, "Leiders")],
        )

    assert "groups" in error.value.message_dict
    assert not Membership.objects.filter(edition=new, user=old.bram).exists()


def test_the_cap_on_groups_per_person_holds(old, new):
    Edition.objects.filter(pk=new.pk).update(max_groups_per_person=1)

    with pytest.raises(ValidationError) as error:
        services.answer_continuation(
            invitation=invitation_of(new, old.anna),
            actor=old.anna,
            continues=True,
            groups=[carried(new, "Werkgeluk"), carried(new, "Leiders")],
        )
    assert "groups" in error.value.message_dict


def test_a_participant_can_change_their_answer_during_orientation(old, new):
    services.answer_continuation(
        invitation=invitation_of(new, old.anna),
        actor=old.anna,
        continues=True,
        groups=[carried(new, "Werkgeluk"), carried(new, "Leiders")],
    )
    services.answer_continuation(
        invitation=invitation_of(new, old.anna),
        actor=old.anna,
        continues=True,
        groups=[carried(new, "Leiders")],
    )
    assert list(
        GroupMembership.objects.active()
        .filter(user=old.anna, group__edition=new)
        .values_list("group__name", flat=True)
    ) == ["Leiders"]

    services.answer_continuation(
        invitation=invitation_of(new, old.anna), actor=old.anna, continues=False
    )

    assert invitation_of(new, old.anna).status == ContinuationStatus.STOPS
    assert not Membership.objects.active().filter(edition=new, user=old.anna).exists()
    assert not GroupMembership.objects.active().filter(user=old.anna, group__edition=new).exists()


def test_the_answer_cannot_change_after_orientation(old, new, as_user):
    services.answer_continuation(
        invitation=invitation_of(new, old.bram), actor=old.bram, continues=False
    )
    change_phase(edition=new, phase=Phase.STARTUP, actor=old.facilitator)

    with pytest.raises(ValidationError, match="has started"):
        services.answer_continuation(
            invitation=invitation_of(new, old.bram), actor=old.bram, continues=True
        )
    response = as_user(old.bram).post(answer_url(new), {"continues": "yes"})
    assert response.status_code == 200
    assert "has started" in response.content.decode()
    assert invitation_of(new, old.bram).status == ContinuationStatus.STOPS
    assert not Membership.objects.filter(edition=new, user=old.bram).exists()


def test_nobody_answers_someone_elses_invitation(old, new):
    with pytest.raises(ValidationError, match="Only the invited person"):
        services.answer_continuation(
            invitation=invitation_of(new, old.anna), actor=old.bram, continues=True
        )
    assert invitation_of(new, old.anna).status == ContinuationStatus.ASKED


def test_the_answer_page_is_404_without_an_invitation(old, new, as_user):
    for person in (old.leaver, old.facilitator, factories.make_user()):
        assert as_user(person).get(answer_url(new)).status_code == 404
        assert as_user(person).post(answer_url(new), {"continues": "yes"}).status_code == 404
    # An invitation to another edition does not open this one.
    assert (
        as_user(old.anna).get(f"/editions/{old.edition.slug}/continue/answer/").status_code == 404
    )
    assert not Membership.objects.filter(edition=new, user=old.leaver).exists()


def test_the_answer_page_offers_only_the_persons_carried_groups(old, new, as_user):
    response = as_user(old.bram).get(answer_url(new))

    assert response.status_code == 200
    assert [g.name for g in response.context["page"].choosable] == ["Werkgeluk"]
    assert [g.name for g in response.context["form"].fields["groups"].queryset] == ["Werkgeluk"]


def test_a_participant_answers_through_the_page(old, new, as_user):
    group = carried(new, "Werkgeluk")
    client = as_user(old.bram)

    response = client.post(answer_url(new), {"continues": "yes", "groups": [str(group.pk)]})

    assert response.status_code == 302
    assert response.url == answer_url(new)
    assert GroupMembership.objects.active().filter(group=group, user=old.bram).exists()
    page = client.get(answer_url(new)).content.decode()
    assert "You have answered that you continue." in page


def test_a_tampered_group_choice_is_refused_on_the_page(old, new, as_user):
    other = carried(new, "Leiders")

    response = as_user(old.bram).post(answer_url(new), {"continues": "yes", "groups": [other.pk]})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Membership.objects.filter(edition=new, user=old.bram).exists()


def test_the_old_dashboard_points_to_the_invitation(old, new, as_user):
    html = as_user(old.cees).get(f"/editions/{old.edition.slug}/dashboard/").content.decode()

    assert answer_url(new) in html


# --- Demo -----------------------------------------------------------------------------------------


def test_the_demo_shows_a_closed_pilot_and_its_continuation(as_user):
    from leerplatform.demo.continuation import load_continuation_examples
    from leerplatform.demo.edition import load_demo

    edition = load_demo()
    new = load_continuation_examples(edition)
    counts = (
        Edition.objects.count(),
        ContinuationInvitation.objects.count(),
        ActivityEntry.objects.count(),
        LearningGroup.objects.count(),
    )
    assert load_continuation_examples(edition) == new
    assert (
        Edition.objects.count(),
        ContinuationInvitation.objects.count(),
        ActivityEntry.objects.count(),
        LearningGroup.objects.count(),
    ) == counts

    assert new.continued_from.phase == Phase.CLOSED
    answers = dict(
        ContinuationInvitation.objects.filter(edition=new).values_list("user__email", "status")
    )
    assert answers["deelnemer@example.org"] == ContinuationStatus.ASKED
    assert answers["anouk.devries@example.org"] == ContinuationStatus.CONTINUES
    assert answers["bram.jansen@example.org"] == ContinuationStatus.STOPS
    daan = User.objects.get(email="deelnemer@example.org")
    client = as_user(daan)
    pilot_dashboard = client.get(f"/editions/{new.continued_from.slug}/dashboard/")
    assert answer_url(new) in pilot_dashboard.content.decode()
    assert client.get(answer_url(new)).status_code == 200
    # The demo edition itself is not continued and its home page stays the same.
    assert not Edition.objects.filter(continued_from=edition).exists()
    assert client.get("/").context["edition"] == edition

"""Learning groups: starting and changing a group, joining, requests, leaving, coordinators,
assigning, what the pages show each role, the ledger, query counts, and the demo."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from leerplatform.accounts.models import ProfileField
from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.groups.models import (
    GroupMembership,
    GroupStatus,
    JoinPolicy,
    JoinRequest,
    JoinRequestStatus,
    LearningGroup,
)
from leerplatform.groups.services import groups as services
from leerplatform.notifications.models import Notification
from tests import factories
from tests.groups.factories_groups import form_data, group_fields, start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services speak the active language; these tests read their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def other(edition):
    return factories.make_member(edition, name="Olga Other")


@pytest.fixture
def third(edition):
    return factories.make_member(edition, name="Tim Third")


@pytest.fixture
def group(edition, participant):
    """An open group the participant started (and so coordinates)."""
    return start(edition, participant)


def entries(verb, **filters):
    return ActivityEntry.objects.filter(verb=verb, **filters)


def error_text(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def is_member(group, user) -> bool:
    return GroupMembership.objects.active().filter(group=group, user=user).exists()


# --- Starting and changing a group ---------------------------------------------------------------


def test_the_starter_becomes_coordinator_and_member_and_both_bring(edition, participant):
    group = start(edition, participant, description="Over *werkgeluk*.")
    membership = GroupMembership.objects.get(group=group, user=participant)
    assert membership.is_coordinator and membership.is_active
    assert group.status == GroupStatus.FORMING and group.created_by == participant
    for verb in (Verb.GROUP_STARTED, Verb.GROUP_JOINED):
        entry = entries(verb, actor=participant).get()
        assert entry.direction == Direction.BRING
        assert entry.edition == edition and entry.target_label == group.name


def test_participants_cannot_start_groups_when_the_edition_leaves_it_to_facilitators(
    edition, participant, facilitator, as_user
):
    edition.groups_started_by = "facilitators"
    edition.save()
    with pytest.raises(ValidationError) as excinfo:
        start(edition, participant)
    assert "facilitators start the learning groups" in error_text(excinfo)
    url = reverse("groups:create", kwargs={"slug": edition.slug})
    assert as_user(participant).get(url).status_code == 403
    assert as_user(facilitator).get(url).status_code == 200


def test_a_duplicate_name_is_refused_with_a_friendly_error(edition, participant, other, as_user):
    start(edition, participant, name="Werkgeluk in teams")
    with pytest.raises(ValidationError) as excinfo:
        start(edition, other, name="  werkgeluk   in TEAMS ")
    assert "already has a learning group called" in error_text(excinfo)
    response = as_user(other).post(
        reverse("groups:create", kwargs={"slug": edition.slug}),
        form_data(edition, name="Werkgeluk in teams"),
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["name"]
    assert LearningGroup.objects.filter(edition=edition).count() == 1


def test_the_same_name_is_fine_in_another_edition(edition, participant):
    start(edition, participant, name="Werkgeluk in teams")
    elsewhere = factories.make_edition()
    person = factories.make_member(elsewhere)
    assert start(elsewhere, person, name="Werkgeluk in teams").pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"themes": []}, "themes"),
        ({"max_size": 1}, "max_size"),
        ({"name": "   "}, "name"),
        ({"join_policy": "invite"}, "join_policy"),
        ({"workplan_visibility": "public"}, "workplan_visibility"),
    ],
)
def test_bad_group_fields_are_refused(edition, participant, changes, field):
    arguments = {"themes": [edition.themes.first()], "name": "Groep"} | changes
    with pytest.raises(ValidationError) as excinfo:
        services.start_group(edition=edition, actor=participant, **arguments)
    assert field in excinfo.value.message_dict


def test_themes_must_belong_to_the_edition(edition, participant):
    foreign = factories.make_edition().themes.first()
    with pytest.raises(ValidationError) as excinfo:
        start(edition, participant, themes=[foreign])
    assert "themes" in excinfo.value.message_dict


def test_the_form_refuses_a_maximum_below_two_and_no_theme(edition, participant, as_user):
    url = reverse("groups:create", kwargs={"slug": edition.slug})
    response = as_user(participant).post(url, form_data(edition, max_size="1", themes=[]))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"max_size", "themes"}
    assert not LearningGroup.objects.exists()


def test_starting_a_group_through_the_page(edition, participant, as_user):
    url = reverse("groups:create", kwargs={"slug": edition.slug})
    response = as_user(participant).post(url, form_data(edition))
    group = LearningGroup.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("groups:detail", kwargs={"pk": group.pk})
    assert group.max_size == 6 and group.activities_visibility == Visibility.PLATFORM
    assert GroupMembership.objects.get(group=group).user == participant


def test_starting_counts_against_the_participants_cap(edition, participant, other):
    start(edition, other, name="Eerste")
    services.join_group(group=LearningGroup.objects.get(), user=participant)
    with pytest.raises(ValidationError) as excinfo:
        start(edition, participant, name="Tweede")
    assert "Leave your group first" in error_text(excinfo)


def test_changing_a_group_and_closing_it(group, participant, edition):
    themes = list(edition.themes.all()[:2])
    services.change_group(
        group=group,
        actor=participant,
        **group_fields(group, name="Nieuwe naam", themes=themes, status=GroupStatus.CLOSED),
    )
    group.refresh_from_db()
    assert group.name == "Nieuwe naam" and group.status == GroupStatus.CLOSED
    assert set(group.themes.all()) == set(themes)


def test_the_maximum_cannot_drop_below_the_members(group, participant, other, third):
    services.join_group(group=group, user=other)
    services.join_group(group=group, user=third)
    with pytest.raises(ValidationError) as excinfo:
        services.change_group(group=group, actor=participant, **group_fields(group, max_size=2))
    assert "already has 3 members" in excinfo.value.message_dict["max_size"][0]


def test_the_edit_page_saves_the_status(group, facilitator, as_user, edition):
    url = reverse("groups:edit", kwargs={"pk": group.pk})
    data = form_data(edition, name=group.name, status="active")
    response = as_user(facilitator).post(url, data)
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == GroupStatus.ACTIVE


# --- Joining ---------------------------------------------------------------------------------------


def test_joining_an_open_group_brings(group, other):
    services.join_group(group=group, user=other)
    assert is_member(group, other)
    entry = entries(Verb.GROUP_JOINED, actor=other).get()
    assert entry.direction == Direction.BRING and entry.visibility == Visibility.PLATFORM


def test_joining_a_full_group_is_refused(edition, participant, other, third, as_user):
    group = start(edition, participant, max_size=2)
    services.join_group(group=group, user=other)
    with pytest.raises(ValidationError) as excinfo:
        services.join_group(group=group, user=third)
    assert "full" in error_text(excinfo)
    response = as_user(third).post(reverse("groups:join", kwargs={"pk": group.pk}), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not is_member(group, third)


def test_joining_a_closed_group_is_refused(group, participant, other):
    services.change_group(
        group=group, actor=participant, **group_fields(group, status=GroupStatus.CLOSED)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.join_group(group=group, user=other)
    assert "closed" in error_text(excinfo)


def test_joining_twice_is_refused(group, participant):
    with pytest.raises(ValidationError) as excinfo:
        services.join_group(group=group, user=participant)
    assert "already a member" in error_text(excinfo)


def test_joining_over_the_edition_cap_is_refused(edition, participant, other):
    first = start(edition, participant, name="Eerste")
    second = start(edition, other, name="Tweede")
    third = factories.make_member(edition)
    services.join_group(group=first, user=third)
    with pytest.raises(ValidationError) as excinfo:
        services.join_group(group=second, user=third)
    assert "you can take part in 1 learning group" in error_text(excinfo)
    edition.max_groups_per_person = 2
    edition.save()
    second.refresh_from_db()
    services.join_group(group=second, user=third)
    assert is_member(second, third)


def test_facilitators_are_not_held_to_the_cap(edition, facilitator, participant, other):
    first = start(edition, participant, name="Eerste")
    second = start(edition, other, name="Tweede")
    services.join_group(group=first, user=facilitator)
    services.join_group(group=second, user=facilitator)
    assert is_member(second, facilitator)


@pytest.mark.parametrize("who", ["outsider", "former"])
def test_only_active_members_of_the_edition_join(group, edition, outsider, who):
    person = outsider
    if who == "former":
        from leerplatform.membership.services.participation import leave_edition

        person = factories.make_member(edition)
        leave_edition(edition=edition, user=person)
    with pytest.raises(ValidationError) as excinfo:
        services.join_group(group=group, user=person)
    assert "Only participants and facilitators of this edition" in error_text(excinfo)


def test_leaving_and_joining_again_reuses_the_row(group, other):
    services.join_group(group=group, user=other)
    services.leave_group(group=group, user=other)
    services.join_group(group=group, user=other)
    assert GroupMembership.objects.filter(group=group, user=other).count() == 1
    assert is_member(group, other)


@pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="needs PostgreSQL (see tests/meetings/test_registration_concurrency.py for why)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_last_place_goes_to_one_of_two_simultaneous_joins(monkeypatch):
    """Two people join a group with one place left at the same moment; counting the members is
    slowed down so that, without the lock on the group row, both would get in."""
    import threading
    import time

    from django.db import connection

    edition = factories.make_edition(themes=1)
    group = start(edition, factories.make_member(edition), name="Bijna vol", max_size=2)
    racers = [factories.make_member(edition, name=n) for n in ("Rosa Rap", "Ruben Rap")]
    count = services._active_count

    def slow_count(group):
        taken = count(group)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(services, "_active_count", slow_count)
    barrier = threading.Barrier(2)
    outcomes = []

    def join(user):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):  # the language is per thread
                services.join_group(group=group, user=user)
            outcomes.append("joined")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=join, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("joined") == 1
    assert any("full" in outcome for outcome in outcomes)
    assert GroupMembership.objects.active().filter(group=group).count() == 2


# --- Requests to join ------------------------------------------------------------------------------


@pytest.fixture
def by_request(edition, participant):
    return start(edition, participant, name="Leiders die leren", join_policy=JoinPolicy.REQUEST)


def test_a_request_group_cannot_be_joined_at_once(by_request, other):
    with pytest.raises(ValidationError) as excinfo:
        services.join_group(group=by_request, user=other)
    assert "send them a request" in error_text(excinfo)


def test_asking_to_join_is_neutral_private_and_tells_the_coordinators(
    by_request, other, participant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_to_join(group=by_request, user=other, message="Ik breng 360-feedback in.")
    request = JoinRequest.objects.get()
    assert request.status == JoinRequestStatus.PENDING and request.message
    entry = entries(Verb.JOIN_REQUESTED, actor=other).get()
    assert entry.direction == Direction.NEUTRAL and entry.visibility == Visibility.GROUP
    assert "360-feedback" not in str(entry.data)
    # The coordinators are notified, and by default mailed at once (the notification's email).
    notified = Notification.objects.filter(kind="join_requested")
    assert list(notified.values_list("recipient_id", flat=True)) == [participant.pk]
    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert "360-feedback" in mail.outbox[0].body
    assert f"/groups/{by_request.pk}/members/" in mail.outbox[0].body
    with pytest.raises(ValidationError) as excinfo:
        services.request_to_join(group=by_request, user=other)
    assert "already asked" in error_text(excinfo)


def test_accepting_a_request_makes_a_member_and_emails_them(
    by_request, other, participant, as_user, django_capture_on_commit_callbacks
):
    services.request_to_join(group=by_request, user=other)
    request = JoinRequest.objects.get()
    mail.outbox.clear()
    url = reverse("groups:decide_request", kwargs={"pk": by_request.pk, "request_pk": request.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(participant).post(url, {"decision": "accept"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == JoinRequestStatus.ACCEPTED and request.decided_by == participant
    assert is_member(by_request, other)
    entry = entries(Verb.GROUP_JOINED, actor=other).get()
    assert entry.data == {"accepted_by": participant.pk}
    answer = Notification.objects.get(kind="join_decided")
    assert (answer.recipient, answer.detail) == (other, "accepted")
    assert [m.to for m in mail.outbox] == [[other.email]]
    assert f"/groups/{by_request.pk}/" in mail.outbox[0].body


def test_declining_a_request_emails_the_person(
    by_request, other, participant, django_capture_on_commit_callbacks
):
    request = services.request_to_join(group=by_request, user=other)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_join_request(join_request=request, accept=False, actor=participant)
    assert not is_member(by_request, other)
    answer = Notification.objects.get(kind="join_decided")
    assert (answer.recipient, answer.detail) == (other, "declined")
    assert [m.to for m in mail.outbox] == [[other.email]]
    with pytest.raises(ValidationError) as excinfo:
        services.decide_join_request(join_request=request, accept=True, actor=participant)
    assert "already been dealt with" in error_text(excinfo)


def test_accepting_into_a_full_group_is_refused(edition, participant, other, third):
    group = start(edition, participant, name="Klein", join_policy=JoinPolicy.REQUEST, max_size=2)
    first = services.request_to_join(group=group, user=other)
    second = services.request_to_join(group=group, user=third)
    services.decide_join_request(join_request=first, accept=True, actor=participant)
    with pytest.raises(ValidationError) as excinfo:
        services.decide_join_request(join_request=second, accept=True, actor=participant)
    assert "full" in error_text(excinfo)


def test_accepting_someone_at_the_cap_is_refused(edition, by_request, participant, other):
    services.request_to_join(group=by_request, user=other)
    start(edition, other, name="Eigen groep")  # meanwhile other started a group of their own
    with pytest.raises(ValidationError) as excinfo:
        services.decide_join_request(
            join_request=JoinRequest.objects.get(group=by_request),
            accept=True,
            actor=participant,
        )
    assert "Olga Other already takes part in 1 learning group" in error_text(excinfo)


def test_withdrawing_a_request(by_request, other, as_user):
    services.request_to_join(group=by_request, user=other)
    response = as_user(other).post(
        reverse("groups:join", kwargs={"pk": by_request.pk}), {"action": "withdraw"}
    )
    assert response.status_code == 302
    assert JoinRequest.objects.get().status == JoinRequestStatus.WITHDRAWN


def test_the_request_form_on_the_page_sends_a_request(by_request, other, as_user):
    client = as_user(other)
    page = client.get(reverse("groups:detail", kwargs={"pk": by_request.pk}))
    assert page.context["can_request"] and not page.context["can_join"]
    client.post(reverse("groups:join", kwargs={"pk": by_request.pk}), {"message": "Graag!"})
    assert JoinRequest.objects.get().message == "Graag!"
    page = client.get(reverse("groups:detail", kwargs={"pk": by_request.pk}))
    assert not page.context["can_request"] and page.context["page"].my_request


def test_a_too_long_request_comes_back_with_the_summary_and_what_was_typed(
    by_request, other, as_user
):
    from leerplatform.groups.models import JOIN_REQUEST_MAX_MESSAGE

    typed = "Graag meedoen. " * (JOIN_REQUEST_MAX_MESSAGE // 10)
    response = as_user(other).post(
        reverse("groups:join", kwargs={"pk": by_request.pk}), {"message": typed}
    )
    assert response.status_code == 400
    assert not JoinRequest.objects.exists()
    html = response.content.decode()
    summary = html.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert 'href="#id_message"' in summary
    assert typed.strip() in html  # nothing typed is lost
    assert 'aria-invalid="true"' in html.split('id="id_message"', 1)[0].rsplit("<textarea", 1)[1]


# --- Leaving ---------------------------------------------------------------------------------------


def test_leaving_sets_left_at_and_is_neutral(group, other):
    services.join_group(group=group, user=other)
    services.leave_group(group=group, user=other)
    membership = GroupMembership.objects.get(group=group, user=other)
    assert membership.left_at is not None
    assert entries(Verb.GROUP_LEFT, actor=other).get().direction == Direction.NEUTRAL


def test_the_last_coordinator_cannot_leave_while_others_remain(group, participant, other, as_user):
    services.join_group(group=group, user=other)
    with pytest.raises(ValidationError) as excinfo:
        services.leave_group(group=group, user=participant)
    assert "only coordinator" in error_text(excinfo)
    page = as_user(participant).get(reverse("groups:leave", kwargs={"pk": group.pk}))
    assert page.context["is_last_coordinator"]
    services.set_coordinator(group=group, person=other, is_coordinator=True, actor=participant)
    participant.__dict__.pop("_group_roles", None)
    services.leave_group(group=group, user=participant)
    assert not is_member(group, participant)


def test_the_last_member_leaves_and_the_group_stays(group, participant, as_user):
    response = as_user(participant).post(reverse("groups:leave", kwargs={"pk": group.pk}))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == GroupStatus.FORMING
    assert not GroupMembership.objects.active().filter(group=group).exists()


def test_leaving_a_group_one_is_not_in(group, other):
    with pytest.raises(ValidationError):
        services.leave_group(group=group, user=other)


# --- Coordinators and assigning ---------------------------------------------------------------------


def test_the_last_coordinator_cannot_be_unmade(group, participant, other, as_user):
    services.join_group(group=group, user=other)
    with pytest.raises(ValidationError) as excinfo:
        services.set_coordinator(
            group=group, person=participant, is_coordinator=False, actor=participant
        )
    assert "at least one coordinator" in error_text(excinfo)
    client = as_user(participant)
    url = reverse("groups:members", kwargs={"pk": group.pk})
    client.post(url, {"action": "coordinator", "person": other.pk, "coordinator": "1"})
    assert GroupMembership.objects.get(group=group, user=other).is_coordinator
    client.post(url, {"action": "coordinator", "person": participant.pk, "coordinator": "0"})
    assert not GroupMembership.objects.get(group=group, user=participant).is_coordinator


def test_facilitators_assign_within_the_size_but_beyond_the_cap(
    edition, participant, other, third, facilitator, as_user
):
    first = start(edition, participant, name="Eerste")
    second = start(edition, other, name="Tweede", max_size=2)
    url = reverse("groups:members", kwargs={"pk": second.pk})
    candidate = third
    services.join_group(group=first, user=candidate)
    membership = candidate.memberships.get(edition=edition)
    response = as_user(facilitator).post(url, {"action": "assign", "person": membership.pk})
    assert response.status_code == 302
    assert is_member(second, candidate)
    assert entries(Verb.GROUP_JOINED, actor=candidate, data__assigned_by=facilitator.pk).exists()
    late = factories.make_member(edition)
    response = as_user(facilitator).post(
        url, {"action": "assign", "person": late.memberships.get().pk}
    )
    assert response.status_code == 400
    assert response.context["assign_form"].non_field_errors()
    assert not is_member(second, late)


def test_coordinators_do_not_assign(group, participant, other, as_user):
    membership = other.memberships.get()
    response = as_user(participant).post(
        reverse("groups:members", kwargs={"pk": group.pk}),
        {"action": "assign", "person": membership.pk},
    )
    assert response.status_code == 403
    assert not is_member(group, other)


# --- What each role sees and reaches --------------------------------------------------------------


@pytest.fixture
def roles(edition, facilitator):
    """A group with a coordinator, a member, a non-member participant and a facilitator outside."""
    coordinator = factories.make_member(edition, name="Cora Coordinator")
    member = factories.make_member(edition, name="Mo Member")
    group = start(edition, coordinator, name="Rollen")
    services.join_group(group=group, user=member)
    return {
        "group": group,
        "coordinator": coordinator,
        "member": member,
        "non-member": factories.make_member(edition, name="Nina Nonmember"),
        "facilitator": facilitator,
    }


# (url name, expected status for coordinator, member, non-member, facilitator)
ROLE_TABLE = [
    ("detail", 200, 200, 200, 200),
    ("edit", 200, 403, 403, 200),
    ("members", 200, 403, 403, 200),
    ("leave", 200, 200, 302, 302),
]


@pytest.mark.parametrize(("name", "expect"), [(r[0], r[1:]) for r in ROLE_TABLE])
def test_each_role_reaches_what_it_should(roles, as_user, name, expect):
    url = reverse(f"groups:{name}", kwargs={"pk": roles["group"].pk})
    for role, status in zip(
        ("coordinator", "member", "non-member", "facilitator"), expect, strict=True
    ):
        assert as_user(roles[role]).get(url).status_code == status, role


def test_the_group_page_offers_each_role_its_buttons(roles, as_user):
    url = reverse("groups:detail", kwargs={"pk": roles["group"].pk})
    seen = {role: as_user(roles[role]).get(url).context for role in roles if role != "group"}
    assert seen["coordinator"]["can_edit"] and seen["coordinator"]["can_manage"]
    assert seen["coordinator"]["page"].is_coordinator
    assert seen["member"]["page"].is_member and not seen["member"]["can_manage"]
    assert seen["non-member"]["can_join"] and not seen["non-member"]["page"].is_member
    assert seen["facilitator"]["can_manage"] and seen["facilitator"]["can_join"]
    html = as_user(roles["non-member"]).get(url).content.decode()
    assert reverse("groups:join", kwargs={"pk": roles["group"].pk}) in html


def test_a_participant_at_the_cap_is_told_instead_of_offered_to_join(edition, roles, as_user):
    other_group = start(edition, factories.make_member(edition), name="Andere groep")
    client = as_user(roles["member"])
    response = client.get(reverse("groups:detail", kwargs={"pk": other_group.pk}))
    assert response.context["page"].at_cap
    assert not response.context["can_join"] and not response.context["can_request"]
    form = client.get(reverse("groups:create", kwargs={"slug": edition.slug}))
    assert form.context["at_cap"]
    response = as_user(roles["facilitator"]).get(
        reverse("groups:detail", kwargs={"pk": other_group.pk})
    )
    assert response.context["can_join"]


def test_decisions_are_for_coordinators_and_facilitators(edition, roles, as_user):
    group = roles["group"]
    services.change_group(
        group=group,
        actor=roles["coordinator"],
        **group_fields(group, join_policy=JoinPolicy.REQUEST),
    )
    asker = roles["non-member"]
    request = services.request_to_join(group=group, user=asker)
    url = reverse("groups:decide_request", kwargs={"pk": group.pk, "request_pk": request.pk})
    assert as_user(roles["member"]).post(url, {"decision": "accept"}).status_code == 403
    assert as_user(roles["facilitator"]).post(url, {"decision": "accept"}).status_code == 302
    assert is_member(group, asker)


def test_members_show_institutions_as_each_person_allows(edition, roles, as_user):
    from leerplatform.accounts.models import Institution

    hogeschool, other_school = Institution.objects.order_by("name")[:2]
    member = roles["member"]
    member.institution = hogeschool
    member.visible_fields = [ProfileField.JOB_TITLE]  # hides the institution
    member.save()
    coordinator = roles["coordinator"]
    coordinator.institution = other_school
    coordinator.save()  # shows it (the default)
    url = reverse("groups:detail", kwargs={"pk": roles["group"].pk})
    as_participant = as_user(roles["non-member"]).get(url)
    page = as_participant.context["page"]
    shown = {row.person.pk: row.institution for row in page.members}
    assert shown == {coordinator.pk: other_school, member.pk: None}
    assert page.institution_count == 1 and page.hidden_institutions == 1
    assert hogeschool.name not in as_participant.content.decode()
    own = as_user(member).get(url).context["page"]
    assert {row.person.pk: row.institution for row in own.members}[member.pk] == hogeschool
    full = as_user(roles["facilitator"]).get(url).context["page"]
    assert full.institution_count == 2 and full.hidden_institutions == 0
    listing = as_user(roles["non-member"]).get(
        reverse("groups:list", kwargs={"slug": edition.slug})
    )
    assert listing.context["listing"].groups[0].institution_count == 1


def test_the_list_marks_your_group_and_says_when_you_are_at_the_cap(edition, roles, as_user):
    other_group = start(edition, factories.make_member(edition), name="Andere groep")
    response = as_user(roles["member"]).get(reverse("groups:list", kwargs={"slug": edition.slug}))
    listing = response.context["listing"]
    assert [g.name for g in listing.my_groups] == ["Rollen"]
    assert {g.name: g.is_mine for g in listing.groups} == {"Rollen": True, other_group.name: False}
    assert response.context["at_cap"]
    coordinators = {g.name: [m.user for m in g.coordinator_memberships] for g in listing.groups}
    assert coordinators["Rollen"] == [roles["coordinator"]]


def test_the_agenda_shows_each_theme_with_its_groups(edition, roles, as_user):
    themes = list(edition.themes.all())
    group = roles["group"]
    services.change_group(
        group=group,
        actor=roles["coordinator"],
        **group_fields(group, themes=[themes[0], themes[2]]),
    )
    response = as_user(roles["non-member"]).get(
        reverse("groups:agenda", kwargs={"slug": edition.slug})
    )
    agenda = {item.theme.pk: [g.name for g in item.groups] for item in response.context["agenda"]}
    assert agenda[themes[0].pk] == ["Rollen"] and agenda[themes[2].pk] == ["Rollen"]
    assert agenda[themes[1].pk] == []
    assert f'id="theme-{themes[2].pk}"' in response.content.decode()


def test_the_public_edition_page_links_the_agenda_for_everyone(edition, participant, as_user):
    # The learning agenda is public since issue 15 (its groups are named to members only).
    url = reverse("editions:detail", kwargs={"slug": edition.slug})
    agenda = reverse("groups:agenda", kwargs={"slug": edition.slug})
    assert agenda in as_user(participant).get(url).content.decode()
    assert agenda in as_user(None).get(url).content.decode()


def test_participants_accept_the_agreements_first(edition, group, other, facilitator, as_user):
    from leerplatform.membership.services.agreements import publish_agreements

    publish_agreements(edition=edition, text="We delen.", actor=facilitator)
    for name, kwargs in (("detail", {"pk": group.pk}), ("list", {"slug": edition.slug})):
        response = as_user(other).get(reverse(f"groups:{name}", kwargs=kwargs))
        assert response.status_code == 302
        assert reverse("membership:agreements", kwargs={"slug": edition.slug}) in response.url


# --- Query counts ---------------------------------------------------------------------------------

# (+1 each: the notification bell's unread count)
# session, user, edition, roles, agreements, the count of groups (for the pages), this page's
# groups with the viewer's, themes, coordinators
LIST_QUERIES = 10
AGENDA_QUERIES = 10  # session, user, edition, roles, agreements, groups, themes, coordinators,
# the themes of the agenda
DETAIL_QUERIES = (
    16  # session, user, group, roles with the agreements, group roles, members, themes,
)
# pending requests, the follow button, and the boxes (at most a few each, fixed); on the group
# page the members are counted apart from their rows, which its shared fragment reads on a miss


def fill(edition, count: int):
    """Four groups; the first has `count` members (some coordinators, some with institutions)."""
    from leerplatform.accounts.models import Institution, User
    from leerplatform.editions.models import Membership

    institutions = list(Institution.objects.order_by("name")[:5])
    people = User.objects.bulk_create(
        User(
            email=f"lid{i}@example.org",
            name=f"Lid {i}",
            institution=institutions[i % len(institutions)],
            visible_fields=[] if i % 3 else [ProfileField.INSTITUTION],
        )
        for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(edition=edition, user=person, role=Role.PARTICIPANT) for person in people
    )
    groups = [start(edition, factories.make_member(edition), name=f"Groep {n}") for n in range(4)]
    GroupMembership.objects.bulk_create(
        GroupMembership(group=groups[0], user=person, is_coordinator=i % 50 == 0)
        for i, person in enumerate(people)
    )
    for group in groups[1:]:
        JoinRequest.objects.bulk_create(
            JoinRequest(group=group, user=person) for person in people[: min(count, 10)]
        )
    return groups


@pytest.mark.parametrize("count", [5, 200])
def test_the_list_and_agenda_cost_a_fixed_number_of_queries(
    edition, facilitator, participant, as_user, django_assert_max_num_queries, count
):
    fill(edition, count)
    for user in (participant, facilitator):
        client = as_user(user)
        with django_assert_max_num_queries(LIST_QUERIES):
            response = client.get(reverse("groups:list", kwargs={"slug": edition.slug}))
        assert response.context["listing"].groups[0].member_count == count + 1
        with django_assert_max_num_queries(AGENDA_QUERIES):
            client.get(reverse("groups:agenda", kwargs={"slug": edition.slug}))


@pytest.mark.parametrize("count", [5, 200])
def test_the_group_page_costs_a_fixed_number_of_queries(
    edition, facilitator, participant, as_user, django_assert_max_num_queries, count
):
    groups = fill(edition, count)
    for user in (participant, facilitator):
        client = as_user(user)
        with django_assert_max_num_queries(DETAIL_QUERIES):
            response = client.get(reverse("groups:detail", kwargs={"pk": groups[0].pk}))
        assert response.context["page"].member_count == count + 1
        with django_assert_max_num_queries(DETAIL_QUERIES):
            client.get(reverse("groups:members", kwargs={"pk": groups[1].pk}))


# --- The demo ---------------------------------------------------------------------------------------


def test_the_demo_groups_are_loaded_once_and_spread_the_participants():
    from leerplatform.demo.edition import load_demo
    from leerplatform.demo.groups import load_group_examples

    edition = load_demo()
    load_group_examples(edition)
    load_group_examples(edition)  # idempotent
    groups = {g.name: g for g in LearningGroup.objects.filter(edition=edition)}
    assert set(groups) == {
        "Werkgeluk in teams",
        "Leven lang ontwikkelen in de praktijk",
        "Leiders die leren",
        "Talent zichtbaar maken",
    }
    assert all(g.status == GroupStatus.ACTIVE for g in groups.values())
    werkgeluk = groups["Werkgeluk in teams"]
    daan = GroupMembership.objects.get(group=werkgeluk, user__email="deelnemer@example.org")
    assert daan.is_coordinator and daan.is_active
    assert is_member(werkgeluk, daan.user.__class__.objects.get(email="anouk.devries@example.org"))
    assert {t.title for t in werkgeluk.themes.all()} == {
        "Teamontwikkeling",
        "Werkdruk en werkgeluk",
    }
    memberships = GroupMembership.objects.active().filter(group__edition=edition)
    people = list(memberships.values_list("user_id", flat=True))
    assert len(people) == len(set(people))  # each person in one group
    assert not memberships.filter(user__memberships__role=Role.FACILITATOR).exists()
    pending = JoinRequest.objects.get(status=JoinRequestStatus.PENDING)
    assert pending.group == groups["Leiders die leren"]
    assert groups["Leiders die leren"].join_policy == JoinPolicy.REQUEST
    for group in groups.values():
        assert GroupMembership.objects.active().filter(group=group, is_coordinator=True).exists()

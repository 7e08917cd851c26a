"""The work plan: versions with authors, unchanged saves, edit conflicts, comparing, agreeing,
who may see it, the ledger, the group page box and what the pages cost in queries."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.groups import diff
from leerplatform.groups.models import GroupMembership, WorkPlanVersion
from leerplatform.groups.queries.workplan import workplan_box_context
from leerplatform.groups.services import workplan as services
from leerplatform.groups.visibility import filter_visible
from tests import conftest, factories
from tests.groups.factories_workplan import bulk_versions, form_data, make_group, parts, save

pytestmark = pytest.mark.django_db


def client_for(user):
    """A client that reads the pages in English: the assertions do not wait for the Dutch
    catalogue (the Dutch strings are checked by tests/test_i18n.py)."""
    client = conftest.client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def render_box(context: dict) -> str:
    with translation.override("en"):
        return render_to_string("groups/_workplan_box.html", context)


@pytest.fixture
def coordinator(edition):
    return factories.make_member(edition, role=Role.PARTICIPANT, name="Carla Coördinator")


@pytest.fixture
def member(edition):
    return factories.make_member(edition, role=Role.PARTICIPANT, name="Mees Member")


@pytest.fixture
def group(edition, coordinator, member):
    return make_group(edition, coordinators=[coordinator], members=[member])


def url(name: str, group, **kwargs) -> str:
    return reverse(f"groups:{name}", kwargs={"pk": group.pk, **kwargs})


def versions(group) -> list[int]:
    return list(group.workplan_versions.order_by("number").values_list("number", flat=True))


# --- Editing: every save a version with its author ----------------------------------------------


def test_each_save_becomes_the_next_version_with_its_author(group, coordinator, member):
    client = client_for(member)
    response = client.post(url("edit_workplan", group), form_data(0))
    assert response.status_code == 302
    assert response.url == url("workplan", group)
    response = client_for(coordinator).post(
        url("edit_workplan", group), form_data(1, approach="Vooral *actieleren*.")
    )
    assert response.status_code == 302
    first, second = group.workplan_versions.order_by("number")
    assert (first.number, first.author, second.number, second.author) == (
        1,
        member,
        2,
        coordinator,
    )
    assert second.approach == "Vooral *actieleren*."
    page = client.get(url("workplan", group)).content.decode()
    assert "Version 2" in page and "Carla Coördinator" in page
    assert "<em>actieleren</em>" in page


def test_the_form_is_prefilled_from_the_newest_version(group, member, coordinator):
    save(group, member)
    save(group, coordinator, ambition="De nieuwste ambitie")
    response = client_for(member).get(url("edit_workplan", group))
    form = response.context["form"]
    assert form["ambition"].value() == "De nieuwste ambitie"
    assert form["base"].value() == 2
    assert 'type="hidden" name="base" value="2"' in response.content.decode()


def test_saving_unchanged_text_creates_no_version(group, member):
    save(group, member)
    # Browsers send CRLF line ends and people leave trailing spaces: still unchanged.
    data = form_data(1, planned_activities="- oktober: intervisie  \r\n- december: werkbezoek\r\n")
    response = client_for(member).post(url("edit_workplan", group), data, follow=True)
    assert versions(group) == [1]
    assert "Nothing was changed" in response.content.decode()
    assert ActivityEntry.objects.filter(verb=Verb.WORKPLAN_EDITED).count() == 1


def test_an_empty_first_plan_is_not_saved(group, member):
    blank = dict.fromkeys(WorkPlanVersion.PARTS, "  ")
    assert services.save_workplan(group=group, author=member, base_number=0, parts=blank) is None
    assert versions(group) == []


def test_only_active_members_can_save(group, edition, member):
    outsider = factories.make_member(edition, name="Niet Lid")
    with pytest.raises(ValidationError):
        services.save_workplan(group=group, author=outsider, base_number=0, parts=parts())
    GroupMembership.objects.filter(user=member).update(left_at=group.created_at)
    with pytest.raises(ValidationError):
        services.save_workplan(group=group, author=member, base_number=0, parts=parts())
    assert versions(group) == []


def test_a_part_longer_than_the_limit_is_refused_with_the_text_kept(group, member):
    long_text = "woord " * 4000
    response = client_for(member).post(
        url("edit_workplan", group), form_data(0, approach=long_text)
    )
    assert response.status_code == 200
    assert response.context["form"]["approach"].value() == long_text
    assert versions(group) == []


# --- Conflicts ------------------------------------------------------------------------------------


def test_a_save_based_on_an_older_version_is_refused_with_the_text_kept(group, member, coordinator):
    save(group, member)
    mine = client_for(member)
    opened = mine.get(url("edit_workplan", group))
    assert opened.context["form"]["base"].value() == 1
    # Meanwhile the coordinator saves version 2.
    save(group, coordinator, ambition="We maken werkgeluk meetbaar in elk team.")

    response = mine.post(url("edit_workplan", group), form_data(1, approach="Mijn eigen aanpak"))

    assert response.status_code == 409
    assert versions(group) == [1, 2]  # nothing saved
    page = response.content.decode()
    assert "Carla Coördinator" in page
    assert "version 2" in page
    assert "Nothing has been saved" in page
    form = response.context["form"]
    assert form["approach"].value() == "Mijn eigen aanpak"  # the text is kept
    # What changed in the other version: their new words are marked as inserted.
    assert '<ins class="diff-ins">meetbaar</ins>' in _unspoken(page)
    # Saving again is now a deliberate choice on top of version 2.
    assert form["base"].value() == "2"
    again = mine.post(url("edit_workplan", group), form_data(2, approach="Mijn eigen aanpak"))
    assert again.status_code == 302
    assert versions(group) == [1, 2, 3]
    assert group.workplan_versions.get(number=3).approach == "Mijn eigen aanpak"


def test_a_conflict_on_the_first_version_compares_with_an_empty_plan(group, member, coordinator):
    mine = client_for(member)
    save(group, coordinator)
    response = mine.post(url("edit_workplan", group), form_data(0, ambition="Mijn ambitie"))
    assert response.status_code == 409
    assert versions(group) == [1]
    assert "Before (no work plan yet)" in response.content.decode()


def test_a_race_caught_by_the_database_constraint_is_the_same_conflict(
    group, member, coordinator, monkeypatch
):
    """Both saves read version 1 as the newest; the other one wrote version 2 first. The insert of
    a second version 2 fails on the unique constraint inside a savepoint: a conflict, nothing
    saved, and the transaction stays usable."""
    v1 = save(group, member)
    save(group, coordinator, ambition="Tussendoor opgeslagen")
    real = services.newest_version
    calls = []

    def stale_then_real(g):
        calls.append(g)
        return v1 if len(calls) == 1 else real(g)

    monkeypatch.setattr(services, "newest_version", stale_then_real)
    with pytest.raises(services.WorkPlanConflict) as raised:
        services.save_workplan(
            group=group, author=member, base_number=1, parts=parts(approach="Anders")
        )
    assert raised.value.newest.number == 2
    assert raised.value.newest.author == coordinator
    assert versions(group) == [1, 2]
    assert ActivityEntry.objects.filter(verb=Verb.WORKPLAN_EDITED).count() == 2


def test_the_database_race_reaches_the_person_as_a_conflict_message(
    group, member, coordinator, monkeypatch
):
    v1 = save(group, member)
    save(group, coordinator)
    real = services.newest_version
    calls = []

    def stale_in_the_service(g):
        calls.append(g)
        # The view reads the newest version once before the service does.
        return v1 if len(calls) == 2 else real(g)

    monkeypatch.setattr(services, "newest_version", stale_in_the_service)
    response = client_for(member).post(url("edit_workplan", group), form_data(1, approach="X"))
    assert response.status_code == 409
    assert "Carla Coördinator" in response.content.decode()
    assert response.context["form"]["approach"].value() == "X"
    assert versions(group) == [1, 2]


def test_a_base_ahead_of_the_newest_version_is_refused(group, member):
    save(group, member)
    response = client_for(member).post(url("edit_workplan", group), form_data(5))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert versions(group) == [1]


# --- Comparing ------------------------------------------------------------------------------------


def _unspoken(marked: str) -> str:
    """Without the visually hidden "removed:" / "added:" a screen reader says (diff._spoken)."""
    return re.sub(r'<span class="visually-hidden">[^<]*</span>', "", marked)


def test_diff_marks_removed_and_added_words():
    old, new = map(_unspoken, diff.diff_texts("een twee drie", "een vier drie"))
    assert old == 'een <del class="diff-del">twee</del> drie'
    assert new == 'een <ins class="diff-ins">vier</ins> drie'


def test_each_change_is_spoken_not_only_struck_through_or_underlined():
    # Screen readers do not announce <del>/<ins>: each change starts with hidden words (WCAG 1.3.1).
    with translation.override("en"):
        old, new = diff.diff_texts("een twee drie", "een vier drie")
    assert old == (
        'een <del class="diff-del"><span class="visually-hidden">removed: </span>twee</del> drie'
    )
    assert new == (
        'een <ins class="diff-ins"><span class="visually-hidden">added: </span>vier</ins> drie'
    )


def test_diff_marks_only_what_differs_and_joins_neighbouring_changes():
    old, new = map(_unspoken, diff.diff_texts("drie teams.", "drie teams, en een handleiding."))
    assert old == "drie teams."
    assert new == 'drie teams<ins class="diff-ins">, en een handleiding</ins>.'
    old, new = map(_unspoken, diff.diff_texts("a b c", "x y z"))
    assert (old, new) == ('<del class="diff-del">a b c</del>', '<ins class="diff-ins">x y z</ins>')


def test_diff_escapes_what_people_wrote():
    _old, new = diff.diff_texts("a", "a <script>alert(1)</script>")
    assert "<script>" not in new
    assert "&lt;script&gt;" in new


def test_two_versions_side_by_side_with_changes_marked(group, member, coordinator):
    save(group, member, ambition="Werkgeluk op de agenda.")
    save(group, coordinator, ambition="Werkgeluk stevig op de agenda.", communication="Via Teams.")
    # The older version is on the left whichever order the numbers come in.
    response = client_for(member).get(url("compare_workplan", group), {"a": 2, "b": 1})
    assert response.status_code == 200
    assert (response.context["old"].number, response.context["new"].number) == (1, 2)
    page = _unspoken(response.content.decode())
    assert '<ins class="diff-ins">stevig</ins>' in page
    assert '<del class="diff-del">Een online overleg elke twee weken</del>' in page
    assert page.count('class="diff-part diff-part--changed"') == 2
    changed = [p.name for p in response.context["diff"] if p.changed]
    assert changed == ["ambition", "communication"]


def test_compare_without_numbers_shows_the_last_change(group, member, coordinator):
    save(group, member)
    save(group, coordinator, ambition="Nieuw")
    save(group, member, ambition="Nieuwer")
    response = client_for(member).get(url("compare_workplan", group))
    assert response.status_code == 200
    assert (response.context["old"].number, response.context["new"].number) == (2, 3)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"a": "x", "b": "1"}, 400),
        ({"a": "1"}, 400),
        ({"a": "1", "b": "1"}, 400),
        ({"a": "-1", "b": "2"}, 400),
        ({"a": "1", "b": "99999999999999999999"}, 400),
        ({"a": "1", "b": "7"}, 404),
    ],
)
def test_bad_version_numbers_get_a_clear_answer(group, member, coordinator, query, status):
    save(group, member)
    save(group, coordinator, ambition="Nieuw")
    response = client_for(member).get(url("compare_workplan", group), query)
    assert response.status_code == status
    page = response.content.decode()
    if status == 404:
        assert "Version 7 of this work plan does not exist." in page
    else:
        assert "Choose two different versions" in page


def test_compare_with_fewer_than_two_versions_says_so(group, member):
    save(group, member)
    response = client_for(member).get(url("compare_workplan", group))
    assert response.status_code == 200
    assert "at least two versions" in response.content.decode()


def test_an_old_version_and_an_unknown_one(group, member, coordinator):
    save(group, member, ambition="De eerste ambitie")
    save(group, coordinator, ambition="De tweede ambitie")
    client = client_for(member)
    response = client.get(url("workplan_version", group, number=1))
    page = response.content.decode()
    assert response.status_code == 200
    assert "De eerste ambitie" in page and "De tweede ambitie" not in page
    assert "the current work plan is version 2" in page
    assert client.get(url("workplan_version", group, number=3)).status_code == 404
    too_big = url("workplan_version", group, number=1).replace("/1/", f"/{10**20}/")
    assert client.get(too_big).status_code == 404


def test_the_history_lists_every_version_with_author_and_agreed_marker(group, member, coordinator):
    save(group, member)
    v2 = save(group, coordinator, ambition="Nieuw")
    services.agree_workplan(version=v2, actor=coordinator)
    save(group, member, ambition="Nieuwer")
    response = client_for(member).get(url("workplan_versions", group))
    assert [v.number for v in response.context["versions"]] == [3, 2, 1]
    page = response.content.decode()
    assert page.count("workplan-status--agreed") == 1
    assert "Mees Member" in page and "Carla Coördinator" in page
    assert response.context["compare_form"].initial == {"a": 2, "b": 3}


# --- Agreeing -------------------------------------------------------------------------------------


def test_a_coordinator_marks_the_newest_version_as_agreed(group, member, coordinator):
    save(group, member)
    response = client_for(coordinator).post(url("agree_workplan", group, number=1), follow=True)
    version = group.workplan_versions.get()
    assert version.agreed_by == coordinator and version.agreed_at is not None
    assert "is marked as the agreed work plan" in response.content.decode()
    entry = ActivityEntry.objects.get(verb=Verb.WORKPLAN_AGREED)
    # Agreeing is neutral in the give and take: saving the version brought (core VERB_RULES).
    assert (entry.actor, entry.direction, entry.visibility) == (
        coordinator,
        Direction.NEUTRAL,
        Visibility.GROUP,
    )


def test_only_the_newest_version_can_be_agreed(group, member, coordinator):
    save(group, member)
    save(group, member, ambition="Nieuw")
    response = client_for(coordinator).post(url("agree_workplan", group, number=1), follow=True)
    assert "Version 1 is no longer the current work plan" in response.content.decode()
    assert not group.workplan_versions.filter(agreed_at__isnull=False).exists()


def test_agreeing_twice_records_once(group, member, coordinator):
    save(group, member)
    client = client_for(coordinator)
    client.post(url("agree_workplan", group, number=1))
    response = client.post(url("agree_workplan", group, number=1), follow=True)
    assert "was already marked as agreed" in response.content.decode()
    assert ActivityEntry.objects.filter(verb=Verb.WORKPLAN_AGREED).count() == 1


def test_members_who_are_not_coordinators_cannot_agree(group, member):
    save(group, member)
    assert client_for(member).post(url("agree_workplan", group, number=1)).status_code == 403
    with pytest.raises(ValidationError):
        services.agree_workplan(version=group.workplan_versions.get(), actor=member)


def test_agreeing_an_unknown_version_is_a_404(group, coordinator):
    assert client_for(coordinator).post(url("agree_workplan", group, number=4)).status_code == 404


def test_the_page_says_which_earlier_version_was_agreed(group, member, coordinator):
    v1 = save(group, member)
    services.agree_workplan(version=v1, actor=coordinator)
    save(group, member, ambition="Nieuw")
    response = client_for(member).get(url("workplan", group))
    page = response.content.decode()
    assert response.context["plan"].last_agreed.number == 1
    assert "The group last agreed on version 1" in page
    assert "Not agreed" in page


def test_a_group_without_a_plan_shows_how_to_start(group, member, edition):
    response = client_for(member).get(url("workplan", group))
    assert response.status_code == 200
    page = response.content.decode()
    assert "No work plan yet" in page
    assert url("edit_workplan", group) in page


# --- Who sees the plan ----------------------------------------------------------------------------

GROUP_ONLY = {
    "member": 200,
    "coordinator": 200,
    "non-member participant": 403,
    "facilitator": 403,
    "facilitator in the group": 200,
    "staff": 403,
    "outsider": 403,
    "visitor": 302,
}
SHARED = GROUP_ONLY | {"non-member participant": 200, "facilitator": 200}


@pytest.fixture
def people(edition, member, coordinator, facilitator, staff, outsider):
    in_group = factories.make_member(edition, role=Role.FACILITATOR, name="Fien in de groep")
    return {
        "member": member,
        "coordinator": coordinator,
        "non-member participant": factories.make_member(edition, name="Nina Niet-lid"),
        "facilitator": facilitator,
        "facilitator in the group": in_group,
        "staff": staff,
        "outsider": outsider,
        "visitor": None,
    }


@pytest.mark.parametrize("visibility", [Visibility.GROUP, Visibility.PLATFORM])
@pytest.mark.parametrize("page", ["workplan", "workplan_versions", "workplan_version", "compare"])
def test_who_may_read_the_plan(edition, people, visibility, page):
    group = make_group(
        edition,
        coordinators=[people["coordinator"]],
        members=[people["member"], people["facilitator in the group"]],
        visibility=visibility,
    )
    save(group, people["member"], ambition="Geheime ambitie")
    save(group, people["coordinator"], ambition="Nog geheimere ambitie")
    path = {
        "workplan": url("workplan", group),
        "workplan_versions": url("workplan_versions", group),
        "workplan_version": url("workplan_version", group, number=1),
        "compare": url("compare_workplan", group) + "?a=1&b=2",
    }[page]
    expected = GROUP_ONLY if visibility == Visibility.GROUP else SHARED
    for role, user in people.items():
        response = client_for(user).get(path)
        assert response.status_code == expected[role], f"{role}: {response.status_code}"
        if response.status_code != 200:
            assert "geheim" not in response.content.decode()


@pytest.mark.parametrize("visibility", [Visibility.GROUP, Visibility.PLATFORM])
def test_only_group_members_edit_even_a_shared_plan(edition, people, visibility):
    group = make_group(
        edition,
        coordinators=[people["coordinator"]],
        members=[people["member"], people["facilitator in the group"]],
        visibility=visibility,
    )
    may_edit = {"member", "coordinator", "facilitator in the group"}
    for role, user in people.items():
        response = client_for(user).get(url("edit_workplan", group))
        expected = 302 if user is None else 200 if role in may_edit else 403
        assert response.status_code == expected, role
        response = client_for(user).post(url("edit_workplan", group), form_data(0))
        if user is not None and role not in may_edit:
            assert response.status_code == 403, role
    assert versions(group) == [1]  # the first member's save; the others were conflicts


def test_the_box_shows_a_summary_to_readers_and_nothing_to_others(group, member, people):
    v1 = save(group, member, ambition="Werkgeluk **structureel** op de agenda van elk team.")
    services.agree_workplan(version=v1, actor=people["coordinator"])
    save(group, member, ambition="Werkgeluk structureel op de agenda.")
    context = workplan_box_context(group=group, user=member)
    box = context["workplan_box"]
    assert (box.newest.number, box.last_agreed_number, box.can_edit) == (2, 1, True)
    html = render_box({**context, "group": group})
    assert "Werkgeluk structureel op de agenda." in html
    assert "Last agreed: version 1." in html
    assert url("workplan", group) in html
    for role in ("non-member participant", "facilitator", "staff", "outsider"):
        context = workplan_box_context(group=group, user=people[role])
        assert context == {"workplan_box": None}
        assert "Werkgeluk" not in render_box(context)


def test_the_box_of_a_group_without_a_plan(group, member, people):
    context = workplan_box_context(group=group, user=member)
    html = render_box({**context, "group": group})
    assert "no work plan yet" in html
    assert url("edit_workplan", group) in html


# --- The ledger -----------------------------------------------------------------------------------


def test_saving_brings_with_the_plans_visibility(edition, member, coordinator, facilitator):
    private = make_group(edition, coordinators=[coordinator], members=[member])
    shared = make_group(
        edition, name="Open groep", members=[member], visibility=Visibility.PLATFORM
    )
    v_private = save(private, member)
    v_shared = save(shared, member)
    entries = ActivityEntry.objects.filter(verb=Verb.WORKPLAN_EDITED).order_by("id")
    assert [(e.actor, e.direction, e.edition, e.visibility) for e in entries] == [
        (member, Direction.BRING, edition, Visibility.GROUP),
        (member, Direction.BRING, edition, Visibility.PLATFORM),
    ]
    version_type = ContentType.objects.get_for_model(WorkPlanVersion)
    assert [(e.target_type, e.target_id) for e in entries] == [
        (version_type, str(v_private.pk)),
        (version_type, str(v_shared.pk)),
    ]
    assert entries[0].data == {"group": private.pk, "number": 1}
    # A group-only plan stays out of everyone's streams, facilitators included.
    visible = filter_visible(ActivityEntry.objects.filter(verb=Verb.WORKPLAN_EDITED), facilitator)
    assert list(visible) == [entries[1]]


def test_an_unchanged_save_or_a_conflict_records_nothing(group, member, coordinator):
    save(group, member)
    services.save_workplan(group=group, author=member, base_number=1, parts=parts())
    save(group, coordinator, ambition="Nieuw")
    with pytest.raises(services.WorkPlanConflict):
        services.save_workplan(group=group, author=member, base_number=1, parts=parts())
    assert ActivityEntry.objects.filter(verb=Verb.WORKPLAN_EDITED).count() == 2


# --- Queries per page -----------------------------------------------------------------------------

# session, user, group, group roles, edition roles, agreements, the page's own reads (≤ 2)
# (+1: the notification bell's unread count)
PAGE_QUERIES = 9


@pytest.mark.parametrize("count", [5, 200])
@pytest.mark.parametrize(
    "page", ["workplan", "workplan_versions", "workplan_version", "compare", "compare_default"]
)
def test_the_pages_cost_a_fixed_number_of_queries(
    group, member, coordinator, django_assert_max_num_queries, count, page
):
    bulk_versions(group, [member, coordinator], count)
    path = {
        "workplan": url("workplan", group),
        "workplan_versions": url("workplan_versions", group),
        "workplan_version": url("workplan_version", group, number=2),
        "compare": url("compare_workplan", group) + f"?a=1&b={count}",
        "compare_default": url("compare_workplan", group),
    }[page]
    client = client_for(coordinator)
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(path)
    assert response.status_code == 200
    if page == "workplan_versions":
        assert len(response.context["versions"]) == count


@pytest.mark.parametrize("count", [5, 200])
def test_the_edit_form_and_the_box_cost_a_fixed_number_of_queries(
    group, member, coordinator, django_assert_max_num_queries, count
):
    bulk_versions(group, [member, coordinator], count)
    client = client_for(member)
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get(url("edit_workplan", group)).status_code == 200
    member._group_roles = None
    member = type(member).objects.get(pk=member.pk)
    with django_assert_max_num_queries(3):  # group roles, newest, last agreed
        workplan_box_context(group=group, user=member)


# --- The demo -------------------------------------------------------------------------------------


def test_the_demo_writes_a_few_versions_per_group_once(edition, coordinator, member):
    from leerplatform.demo.workplan import load_workplan_examples

    third = factories.make_member(edition, name="Derde Lid")
    known = make_group(
        edition, name="Werkgeluk in teams", coordinators=[coordinator], members=[member, third]
    )
    other = make_group(edition, name="Een andere groep", coordinators=[member])
    empty = make_group(edition, name="Nog leeg")
    load_workplan_examples(edition)
    load_workplan_examples(edition)  # idempotent
    plan = list(known.workplan_versions.order_by("number"))
    assert [v.number for v in plan] == [1, 2, 3]
    assert len({v.author_id for v in plan}) == 3
    assert [v.agreed_at is not None for v in plan] == [False, True, False]
    assert plan[1].agreed_by == coordinator
    assert plan[0].created_at < plan[1].created_at < plan[1].agreed_at < plan[2].created_at
    assert plan[0].created_at.date() > edition.starts_on
    assert versions(other) == [1, 2]
    assert versions(empty) == []

"""The meeting evaluation: an attendee evaluates an ended meeting once (anonymous unless signed);
refusals (not ended, draft, cancelled, not attended, another edition, a second time — also when
two arrive at once); bad ratings; anonymity of the stored rows and of every output; the results
page (numbers, chart, remarks) and the CSV; query counts; the meeting page's box; the demo."""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership, Role
from leerplatform.meetings.models import (
    Meeting,
    MeetingStatus,
    ProgrammeItem,
    ProgrammeItemKind,
    Registration,
)
from leerplatform.membership.services.participation import leave_edition
from leerplatform.reflection.models import Evaluation, EvaluationRating, EvaluationReceipt
from leerplatform.reflection.services import evaluation as services
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PROGRAMME = [
    (dt.time(9, 30), dt.time(12, 0), ProgrammeItemKind.PLENARY_WORKSHOP, "Plenaire werkplaats"),
    (dt.time(12, 0), dt.time(13, 0), ProgrammeItemKind.BREAK, "Lunch"),
    (dt.time(13, 0), dt.time(15, 30), ProgrammeItemKind.GROUPS_AT_WORK, "Leergroepen aan het werk"),
    (dt.time(15, 30), dt.time(16, 30), ProgrammeItemKind.GROUP_PRESENTATIONS, "Presentaties"),
]


def make_ended_meeting(edition, *, days_ago: int = 2, **fields) -> Meeting:
    meeting = factories.make_meeting(
        edition, day=timezone.localdate() - dt.timedelta(days=days_ago), **fields
    )
    for position, (start, end, kind, title) in enumerate(PROGRAMME):
        ProgrammeItem.objects.create(
            meeting=meeting, position=position, starts_at=start, ends_at=end, kind=kind, title=title
        )
    return meeting


def attend(meeting, *users) -> None:
    for user in users:
        Registration.objects.create(meeting=meeting, user=user, attended_at=meeting.starts_at)


def items(meeting) -> dict[str, ProgrammeItem]:
    return {item.title: item for item in meeting.programme.all()}


@pytest.fixture
def meeting(edition):
    return make_ended_meeting(edition, title="Tweede bijeenkomst")


@pytest.fixture
def attendee(edition, meeting):
    user = factories.make_member(edition, name="Anna Aanwezig")
    attend(meeting, user)
    return user


def _evaluate(meeting, user, **kwargs):
    kwargs.setdefault("ratings", {items(meeting)["Plenaire werkplaats"].pk: 4})
    return services.submit_evaluation(meeting=meeting, user=user, **kwargs)


def _url(meeting, name="evaluate"):
    return reverse(f"reflection:{name}", kwargs={"pk": meeting.pk})


def _form_data(meeting, *, remarks="", signed=False, **ratings_by_title):
    data = {"remarks": remarks}
    if signed:
        data["signed"] = "on"
    by_title = items(meeting)
    for title, rating in ratings_by_title.items():
        data[f"item_{by_title[title.replace('_', ' ')].pk}"] = str(rating)
    return data


# --- Evaluating ----------------------------------------------------------------------------------


def test_an_attendee_evaluates_anonymously_by_default(meeting, attendee):
    client = client_for(attendee)
    form = client.get(_url(meeting)).context["form"]
    assert form["signed"].value() in (False, None)  # unticked: anonymous

    data = _form_data(meeting, remarks="Goede dag.", Plenaire_werkplaats=5, Presentaties=3)
    response = client.post(_url(meeting), data)

    assert response.status_code == 302
    assert response.url == reverse("meetings:detail", kwargs={"pk": meeting.pk})
    evaluation = Evaluation.objects.get(meeting=meeting)
    assert evaluation.user is None
    assert evaluation.remarks == "Goede dag."
    assert evaluation.submitted_on == timezone.localdate()
    assert isinstance(evaluation.submitted_on, dt.date)
    assert not isinstance(evaluation.submitted_on, dt.datetime)
    assert {(r.item.title, r.rating) for r in evaluation.ratings.select_related("item")} == {
        ("Plenaire werkplaats", 5),
        ("Presentaties", 3),
    }
    assert EvaluationReceipt.objects.filter(meeting=meeting, user=attendee).count() == 1


def test_the_ledger_records_that_someone_evaluated_privately_and_points_at_the_meeting(
    meeting, attendee
):
    _evaluate(meeting, attendee, remarks="Anoniem")

    entry = ActivityEntry.objects.get(verb=Verb.EVALUATED)
    assert entry.actor == attendee
    assert entry.direction == Direction.NEUTRAL
    assert entry.visibility == Visibility.GROUP
    assert entry.target == meeting  # never the (anonymous) evaluation
    assert entry.data == {}


def test_a_signed_evaluation_carries_the_person(meeting, attendee):
    client_for(attendee).post(
        _url(meeting), _form_data(meeting, remarks="Met naam", signed=True, Presentaties=4)
    )
    assert Evaluation.objects.get(meeting=meeting).user == attendee


def test_ratings_are_optional_per_item_but_something_must_be_said(meeting, attendee):
    client = client_for(attendee)
    response = client.post(_url(meeting), _form_data(meeting))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Evaluation.objects.exists()
    assert not EvaluationReceipt.objects.exists()

    # Only a remark is fine, and so is only one rating.
    assert client.post(_url(meeting), _form_data(meeting, remarks="Alleen dit.")).status_code == 302
    other = factories.make_member(meeting.edition)
    attend(meeting, other)
    response = client_for(other).post(_url(meeting), _form_data(meeting, Presentaties=2))
    assert response.status_code == 302


def test_the_form_asks_a_fieldset_with_a_legend_per_item_and_skips_the_breaks(meeting, attendee):
    response = client_for(attendee).get(_url(meeting))
    html = response.content.decode()
    assert html.count("<fieldset") == 3
    assert html.count("<legend>") == 3
    assert "Plenaire werkplaats" in html
    assert "Lunch" not in html
    for value in ["1", "2", "3", "4", "5"]:
        assert (
            f'type="radio" name="item_{items(meeting)["Presentaties"].pk}" value="{value}"' in html
        )


# --- A second evaluation ------------------------------------------------------------------------


def test_a_second_evaluation_is_refused(meeting, attendee):
    _evaluate(meeting, attendee)
    with pytest.raises(services.AlreadyEvaluated):
        _evaluate(meeting, attendee, remarks="Nog een keer")
    assert Evaluation.objects.count() == EvaluationReceipt.objects.count() == 1


def test_the_page_says_you_already_evaluated_and_a_stale_form_changes_nothing(meeting, attendee):
    client = client_for(attendee)
    client.post(_url(meeting), _form_data(meeting, Presentaties=4))

    page = client.get(_url(meeting))
    assert page.status_code == 200
    assert page.context["already_evaluated"] is True
    assert page.context["form"] is None

    again = client.post(_url(meeting), _form_data(meeting, remarks="Tweede keer", Presentaties=1))
    assert again.status_code == 200
    assert again.context["already_evaluated"] is True
    assert Evaluation.objects.count() == 1
    assert not Evaluation.objects.filter(remarks="Tweede keer").exists()


def test_a_second_evaluation_with_bad_input_still_says_already_evaluated(meeting, attendee):
    _evaluate(meeting, attendee)
    with pytest.raises(services.AlreadyEvaluated):
        _evaluate(meeting, attendee, ratings={items(meeting)["Presentaties"].pk: 9})


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="SQLite serialises writers: no race to stage"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_evaluations_at_once_by_the_same_person_leave_one_and_no_error(edition):
    meeting = make_ended_meeting(edition)
    user = factories.make_member(edition)
    attend(meeting, user)
    item = items(meeting)["Presentaties"]
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(rating):
        try:
            barrier.wait()
            services.submit_evaluation(meeting=meeting, user=user, ratings={item.pk: rating})
            outcomes.append("saved")
        except services.AlreadyEvaluated:
            outcomes.append("already")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(r,)) for r in (2, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already", "saved"]
    assert Evaluation.objects.filter(meeting=meeting).count() == 1
    assert EvaluationRating.objects.filter(item=item).count() == 1
    assert EvaluationReceipt.objects.filter(meeting=meeting).count() == 1


# --- Refusals ------------------------------------------------------------------------------------


def test_a_meeting_that_has_not_ended_cannot_be_evaluated(edition):
    meeting = factories.make_meeting(edition, day=timezone.localdate() + dt.timedelta(days=3))
    user = factories.make_member(edition)
    attend(meeting, user)
    with pytest.raises(services.EvaluationRefused):
        services.submit_evaluation(meeting=meeting, user=user, ratings={}, remarks="Al?")
    response = client_for(user).post(_url(meeting), {"remarks": "Al?"})
    assert response.status_code == 200
    assert response.context["refusal"] and response.context["form"] is None
    assert not Evaluation.objects.exists()


def test_a_meeting_that_is_still_going_on_cannot_be_evaluated(edition):
    now = timezone.now()
    meeting = Meeting.objects.create(
        edition=edition,
        title="Vandaag",
        starts_at=now - dt.timedelta(hours=2),
        ends_at=now + dt.timedelta(hours=2),
        status=MeetingStatus.PUBLISHED,
    )
    user = factories.make_member(edition)
    attend(meeting, user)
    with pytest.raises(services.EvaluationRefused):
        services.submit_evaluation(meeting=meeting, user=user, ratings={}, remarks="Nu al")


@pytest.mark.parametrize("status", [MeetingStatus.DRAFT, MeetingStatus.CANCELLED])
def test_a_draft_or_cancelled_meeting_cannot_be_evaluated(edition, status):
    meeting = make_ended_meeting(edition, status=status)
    user = factories.make_member(edition)
    attend(meeting, user)
    with pytest.raises(services.EvaluationRefused):
        services.submit_evaluation(meeting=meeting, user=user, ratings={}, remarks="Hm")
    response = client_for(user).post(_url(meeting), {"remarks": "Hm"})
    # A draft is not there for a participant; a cancelled meeting says why.
    assert response.status_code == (404 if status == MeetingStatus.DRAFT else 200)
    assert not Evaluation.objects.exists()
    assert not EvaluationReceipt.objects.exists()


def test_a_member_who_did_not_attend_cannot_evaluate(meeting, edition):
    registered_only = factories.make_member(edition)
    Registration.objects.create(meeting=meeting, user=registered_only)  # no check-in
    with pytest.raises(services.EvaluationRefused):
        services.submit_evaluation(meeting=meeting, user=registered_only, ratings={}, remarks="x")
    response = client_for(registered_only).post(_url(meeting), {"remarks": "x"})
    assert response.status_code == 200
    assert response.context["form"] is None
    assert response.context["refused_post"] is True
    assert not Evaluation.objects.exists()


def test_a_member_of_another_edition_cannot_evaluate(meeting):
    other_edition = factories.make_edition()
    stranger = factories.make_member(other_edition)
    attend(meeting, stranger)  # even with a (wrong) check-in
    with pytest.raises(services.EvaluationRefused):
        services.submit_evaluation(meeting=meeting, user=stranger, ratings={}, remarks="x")
    assert client_for(stranger).post(_url(meeting), {"remarks": "x"}).status_code == 403
    assert not Evaluation.objects.exists()


def test_a_person_who_left_the_edition_cannot_evaluate(meeting, attendee):
    leave_edition(edition=meeting.edition, user=attendee)
    with pytest.raises(services.EvaluationRefused):
        _evaluate(meeting, attendee)


# --- Bad ratings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rating", [0, 6, -1, 3.5, "4", True])
def test_a_rating_outside_one_to_five_is_refused_by_the_service(meeting, attendee, rating):
    with pytest.raises(ValidationError) as error:
        _evaluate(meeting, attendee, ratings={items(meeting)["Presentaties"].pk: rating})
    assert "ratings" in error.value.message_dict
    assert not Evaluation.objects.exists()
    assert not EvaluationReceipt.objects.exists()


@pytest.mark.parametrize("value", ["0", "6", "vijf", "4.5", "-3"])
def test_a_rating_outside_one_to_five_is_refused_by_the_form(meeting, attendee, value):
    data = _form_data(meeting, remarks="Prima")
    data[f"item_{items(meeting)['Presentaties'].pk}"] = value
    response = client_for(attendee).post(_url(meeting), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Evaluation.objects.exists()


def test_a_rating_for_an_item_of_another_meeting_is_refused(meeting, attendee, edition):
    other = make_ended_meeting(edition, days_ago=30, title="Eerste bijeenkomst")
    with pytest.raises(ValidationError) as error:
        _evaluate(meeting, attendee, ratings={items(other)["Presentaties"].pk: 4})
    assert "ratings" in error.value.message_dict
    assert not EvaluationRating.objects.exists()


def test_a_rating_for_an_item_of_another_meeting_posted_to_the_form_is_ignored(
    meeting, attendee, edition
):
    other = make_ended_meeting(edition, days_ago=30, title="Eerste bijeenkomst")
    data = {f"item_{items(other)['Presentaties'].pk}": "5", "remarks": ""}
    response = client_for(attendee).post(_url(meeting), data)
    assert response.status_code == 200  # nothing to save: "rate something or write a remark"
    assert not EvaluationRating.objects.exists()


def test_a_break_is_not_rated(meeting, attendee):
    with pytest.raises(ValidationError):
        _evaluate(meeting, attendee, ratings={items(meeting)["Lunch"].pk: 5})


def test_remarks_longer_than_allowed_are_refused(meeting, attendee):
    with pytest.raises(ValidationError) as error:
        _evaluate(meeting, attendee, remarks="x" * (services.MAX_REMARKS + 1))
    assert "remarks" in error.value.message_dict
    response = client_for(attendee).post(
        _url(meeting), {"remarks": "x" * (services.MAX_REMARKS + 1)}
    )
    assert response.context["form"].errors["remarks"]


def test_the_database_refuses_a_rating_outside_one_to_five_too(meeting, attendee):
    from django.db import IntegrityError, transaction

    evaluation = _evaluate(meeting, attendee)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationRating.objects.create(
            evaluation=evaluation, item=items(meeting)["Presentaties"], rating=7
        )


# --- Results and the CSV -------------------------------------------------------------------------


@pytest.fixture
def evaluated(meeting, edition, facilitator):
    """Five attendees, four evaluations: three anonymous (one without remark), one signed."""
    people = [factories.make_member(edition, name=f"Evaluator {n}") for n in range(5)]
    attend(meeting, *people)
    by = items(meeting)
    plenary, groups, talks = (
        by["Plenaire werkplaats"],
        by["Leergroepen aan het werk"],
        by["Presentaties"],
    )
    _evaluate(meeting, people[0], ratings={plenary.pk: 5, groups.pk: 4}, remarks="Zeer leerzaam.")
    _evaluate(meeting, people[1], ratings={plenary.pk: 3, talks.pk: 2}, remarks="Te kort.")
    _evaluate(meeting, people[2], ratings={plenary.pk: 4})
    _evaluate(
        meeting,
        people[3],
        ratings={plenary.pk: 4, groups.pk: 5, talks.pk: 1},
        remarks='=HYPERLINK("http://example.org")',
        signed=True,
    )
    return people


def test_the_results_give_per_item_count_average_and_distribution(meeting, facilitator, evaluated):
    response = client_for(facilitator).get(_url(meeting, "evaluation_results"))
    assert response.status_code == 200
    results = response.context["results"]
    by_title = {r.item.title: r for r in results.items}
    assert list(by_title) == ["Plenaire werkplaats", "Leergroepen aan het werk", "Presentaties"]
    plenary = by_title["Plenaire werkplaats"]
    assert plenary.total == 4
    assert plenary.average == 4.0
    assert [row["count"] for row in plenary.distribution] == [0, 0, 1, 2, 1]
    assert by_title["Presentaties"].average == 1.5
    assert [row["count"] for row in by_title["Leergroepen aan het werk"].distribution] == [
        0,
        0,
        0,
        1,
        1,
    ]
    assert results.evaluations == 4
    assert results.attendees == 5
    assert results.response_rate == 80


def test_the_results_page_draws_the_chart_and_the_same_numbers_in_a_table(
    meeting, facilitator, evaluated
):
    html = client_for(facilitator).get(_url(meeting, "evaluation_results")).content.decode()
    assert html.count('class="evaluation-chart__bar"') == 3
    assert "rating-fill--4" in html
    assert "<table" in html and 'scope="row"' in html
    assert "4,0" in html  # the plenary's average, in Dutch notation
    main = html.split("<main", 1)[1]
    assert "<script" not in main and "style=" not in main


def test_the_results_show_signed_names_and_never_who_wrote_an_anonymous_remark(
    meeting, facilitator, evaluated
):
    response = client_for(facilitator).get(_url(meeting, "evaluation_results"))
    html = response.content.decode()
    remarks = response.context["results"].remarks
    assert {(r.text, r.signed_by) for r in remarks} == {
        ("Zeer leerzaam.", ""),
        ("Te kort.", ""),
        ('=HYPERLINK("http://example.org")', "Evaluator 3"),
    }
    assert "Evaluator 3" in html
    for anonymous in ("Evaluator 0", "Evaluator 1", "Evaluator 2", "Evaluator 4"):
        assert anonymous not in html


def test_anonymous_rows_carry_no_person(meeting, evaluated):
    assert Evaluation.objects.filter(user__isnull=True).count() == 3
    assert Evaluation.objects.filter(user=evaluated[3]).count() == 1
    # Nothing but the signature links an evaluation to a person.
    person_fields = [
        f.name for f in Evaluation._meta.get_fields() if getattr(f, "related_model", None) is User
    ]
    assert person_fields == ["user"]


def test_remarks_are_ordered_by_content_not_by_the_order_of_writing(meeting, edition, facilitator):
    first, second = factories.make_member(edition), factories.make_member(edition)
    attend(meeting, first, second)
    _evaluate(meeting, first, remarks="Zo kan het ook.")
    _evaluate(meeting, second, remarks="Aardig.")
    results = client_for(facilitator).get(_url(meeting, "evaluation_results")).context["results"]
    assert [r.text for r in results.remarks] == ["Aardig.", "Zo kan het ook."]
    rows = _csv_rows(client_for(facilitator).get(_url(meeting, "evaluation_export")))
    assert [row[-1] for row in rows[1:]] == ["Aardig.", "Zo kan het ook."]


def _csv_rows(response) -> list[list[str]]:
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_the_csv_has_a_row_per_evaluation_and_a_column_per_item(meeting, facilitator, evaluated):
    response = client_for(facilitator).get(_url(meeting, "evaluation_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="evaluaties-')
    assert b"\r\n" in response.content
    rows = _csv_rows(response)
    assert rows[0] == [
        "datum",
        "naam (ondertekend)",
        "09:30 Plenaire werkplaats",
        "13:00 Leergroepen aan het werk",
        "15:30 Presentaties",
        "opmerkingen",
    ]
    today = timezone.localdate().isoformat()
    assert sorted(rows[1:]) == sorted(
        [
            [today, "", "5", "4", "", "Zeer leerzaam."],
            [today, "", "3", "", "2", "Te kort."],
            [today, "", "4", "", "", ""],
            [today, "Evaluator 3", "4", "5", "1", '\'=HYPERLINK("http://example.org")'],
        ]
    )


def test_the_csv_defuses_formulas_in_every_text_cell(meeting, edition, facilitator):
    ProgrammeItem.objects.create(
        meeting=meeting,
        starts_at=dt.time(17, 0),
        ends_at=dt.time(17, 30),
        kind=ProgrammeItemKind.OTHER,
        title="Borrel",
    )
    people = [factories.make_member(edition, name=name) for name in ("+Plus", "@At", "-Min")]
    attend(meeting, *people)
    for person, remark in zip(people, ["+SUM(A1)", "@cmd", "-2+3"], strict=True):
        _evaluate(meeting, person, remarks=remark, signed=True)
    rows = _csv_rows(client_for(facilitator).get(_url(meeting, "evaluation_export")))
    cells = [cell for row in rows[1:] for cell in row]
    for dangerous in ("+SUM(A1)", "@cmd", "-2+3", "+Plus", "@At", "-Min"):
        assert dangerous not in cells
        assert "'" + dangerous in cells


def test_the_csv_does_not_reveal_who_evaluated_anonymously(meeting, facilitator, evaluated):
    content = client_for(facilitator).get(_url(meeting, "evaluation_export")).content.decode()
    for anonymous in ("Evaluator 0", "Evaluator 1", "Evaluator 2", "Evaluator 4"):
        assert anonymous not in content
    for user in evaluated:
        assert user.email not in content


def test_participants_see_no_results(meeting, attendee, evaluated):
    client = client_for(attendee)
    assert client.get(_url(meeting, "evaluation_results")).status_code == 403
    assert client.get(_url(meeting, "evaluation_export")).status_code == 403


def test_results_without_evaluations_say_so(meeting, facilitator, attendee):
    response = client_for(facilitator).get(_url(meeting, "evaluation_results"))
    assert response.context["results"].evaluations == 0
    assert response.context["results"].response_rate == 0
    rows = _csv_rows(client_for(facilitator).get(_url(meeting, "evaluation_export")))
    assert len(rows) == 1


# --- Query counts --------------------------------------------------------------------------------


def fill(meeting, count: int) -> None:
    """`count` attendees who all evaluated (half signed, with remarks), ratings for every item."""
    users = User.objects.bulk_create(
        User(email=f"e{meeting.pk}-{i}@example.org", name=f"Deelnemer {i:03d}")
        for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=u, edition=meeting.edition, role=Role.PARTICIPANT) for u in users
    )
    Registration.objects.bulk_create(
        Registration(meeting=meeting, user=u, attended_at=meeting.starts_at) for u in users
    )
    EvaluationReceipt.objects.bulk_create(EvaluationReceipt(meeting=meeting, user=u) for u in users)
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(
            meeting=meeting,
            user=u if i % 2 else None,
            remarks=f"Opmerking {i}" if i % 3 == 0 else "",
        )
        for i, u in enumerate(users)
    )
    rateable = list(meeting.programme.exclude(kind=ProgrammeItemKind.BREAK))
    EvaluationRating.objects.bulk_create(
        EvaluationRating(evaluation=e, item=item, rating=1 + (i + j) % 5)
        for i, e in enumerate(evaluations)
        for j, item in enumerate(rateable)
    )


# (+1 on the HTML pages: the notification bell's unread count)
RESULTS_QUERIES = 9  # session, user, meeting, roles, counts, remarks, ratings, programme, bell
EXPORT_QUERIES = 7  # session, user, meeting, roles, evaluations, ratings, programme


@pytest.mark.parametrize("size", [10, 300])
def test_the_results_and_the_csv_cost_the_same_queries_with_10_and_300_evaluations(
    meeting, facilitator, django_assert_max_num_queries, size
):
    fill(meeting, size)
    client = client_for(facilitator)
    with django_assert_max_num_queries(RESULTS_QUERIES):
        response = client.get(_url(meeting, "evaluation_results"))
    assert response.context["results"].evaluations == size
    assert len(response.context["results"].remarks) == len(range(0, size, 3))
    with django_assert_max_num_queries(EXPORT_QUERIES):
        response = client.get(_url(meeting, "evaluation_export"))
    assert len(_csv_rows(response)) == size + 1


@pytest.mark.parametrize("size", [10, 300])
def test_the_evaluation_form_costs_the_same_queries_with_10_and_300_evaluations(
    meeting, attendee, django_assert_max_num_queries, size
):
    fill(meeting, size)
    client = client_for(attendee)
    # session, user, meeting, roles, agreements, state, programme, the bell
    with django_assert_max_num_queries(8):
        response = client.get(_url(meeting))
    assert response.context["form"] is not None


# --- The meeting page's box ----------------------------------------------------------------------


def _meeting_page(meeting, user):
    return client_for(user).get(reverse("meetings:detail", kwargs={"pk": meeting.pk}))


def test_the_meeting_page_invites_an_attendee_and_thanks_them_afterwards(meeting, attendee):
    html = _meeting_page(meeting, attendee).content.decode()
    assert _url(meeting) in html
    _evaluate(meeting, attendee)
    html = _meeting_page(meeting, attendee).content.decode()
    assert 'id="evaluation"' in html
    assert f'href="{_url(meeting)}"' not in html


def test_the_meeting_page_shows_no_box_to_those_who_did_not_attend(meeting, participant, outsider):
    for user in (participant, outsider, None):
        html = _meeting_page(meeting, user).content.decode()
        assert 'id="evaluation"' not in html


def test_the_meeting_page_links_facilitators_to_the_results(meeting, facilitator):
    html = _meeting_page(meeting, facilitator).content.decode()
    assert _url(meeting, "evaluation_results") in html


def test_an_upcoming_meeting_has_no_box_and_costs_no_query_for_it(edition, attendee, facilitator):
    upcoming = factories.make_meeting(edition, day=timezone.localdate() + dt.timedelta(days=7))
    attend(upcoming, attendee)
    for user in (attendee, facilitator):
        assert 'id="evaluation"' not in _meeting_page(upcoming, user).content.decode()


@pytest.mark.parametrize("size", [10, 300])
def test_the_past_meeting_page_costs_the_same_queries_with_10_and_300_evaluations(
    meeting, attendee, django_assert_max_num_queries, size
):
    fill(meeting, size)
    client = client_for(attendee)
    with django_assert_max_num_queries(12):  # one of them for the box, one for the bell
        response = client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk}))
    assert 'id="evaluation"' in response.content.decode()


def test_the_box_costs_no_query_for_members_who_did_not_attend(meeting, participant, facilitator):
    fill(meeting, 10)
    for user in (participant, facilitator):
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk}))
        assert not [q for q in queries.captured_queries if "evaluation" in q["sql"]]


# --- The demo ------------------------------------------------------------------------------------


def test_the_demo_gets_evaluations_of_its_past_meetings_and_leaves_the_last_to_daan():
    from leerplatform.demo.edition import load_demo
    from leerplatform.demo.evaluation import load_evaluation_examples

    edition = load_demo()
    load_evaluation_examples(edition)
    counts = (
        Evaluation.objects.count(),
        EvaluationRating.objects.count(),
        ActivityEntry.objects.count(),
    )
    load_evaluation_examples(edition)
    assert (
        Evaluation.objects.count(),
        EvaluationRating.objects.count(),
        ActivityEntry.objects.count(),
    ) == counts

    past = list(edition.meetings.filter(ends_at__lt=timezone.now()).order_by("starts_at"))
    for meeting in past:
        assert Evaluation.objects.filter(meeting=meeting).exists()
        assert EvaluationRating.objects.filter(evaluation__meeting=meeting).exists()
        assert (
            EvaluationReceipt.objects.filter(meeting=meeting).count()
            == Evaluation.objects.filter(meeting=meeting).count()
        )
    assert Evaluation.objects.exclude(remarks="").exists()
    assert (
        Evaluation.objects.filter(user__isnull=True).count()
        > 2 * Evaluation.objects.filter(user__isnull=False).count()
    )

    daan = User.objects.get(email="deelnemer@example.org")
    last = past[-1]
    assert Registration.objects.filter(meeting=last, user=daan, attended_at__isnull=False).exists()
    assert not EvaluationReceipt.objects.filter(meeting=last, user=daan).exists()
    assert 'id="evaluation"' in _meeting_page(last, daan).content.decode()

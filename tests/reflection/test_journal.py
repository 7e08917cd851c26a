"""Reflection: the edition's questions, reflecting after a meeting one attended, the personal
learning journal (private by default, shareable per entry), the facilitators' overview, a group's
joint reflection, the daily request to reflect, leaks, bad input, query counts and the demo."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from leerplatform.core import activity
from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.groups.models import GroupMembership, GroupStatus
from leerplatform.meetings.models import MeetingStatus, Registration
from leerplatform.notifications.models import Notification
from leerplatform.pages.queries.activity import recent_activity
from leerplatform.reflection.models import (
    DEFAULT_QUESTIONS,
    Evaluation,
    GroupReflection,
    JournalEntry,
    ReflectionQuestion,
    ReflectionRequest,
)
from leerplatform.reflection.queries import journal as queries
from leerplatform.reflection.services import journal as services
from leerplatform.search.engine import search
from tests import factories
from tests.conftest import client_for
from tests.groups.factories_activities import make_group

pytestmark = pytest.mark.django_db

SECRET = "Zwaluwstaartgeheim"  # a word that appears nowhere else


def attended_meeting(edition, *people, days: int = 3, **fields):
    """A published meeting that ended `days` days ago, with `people` checked in."""
    meeting = factories.make_meeting(
        edition, day=timezone.localdate() - dt.timedelta(days=days), **fields
    )
    for person in people:
        Registration.objects.create(meeting=meeting, user=person, attended_at=meeting.starts_at)
    return meeting


def answers(text: str = "Ik bracht een casus in.") -> list[str]:
    return [text, "", "", "", "Volgende keer meer vragen."]


def form_data(text: str = "Ik bracht een casus in.", share: str = "", note: str = "") -> dict:
    data = {f"answer_{i}": value for i, value in enumerate(answers(text))}
    return data | {"note": note, "share_with": share}


def _reflect_url(meeting):
    return reverse("reflection:reflect", kwargs={"pk": meeting.pk})


def _entry_url(entry):
    return reverse("reflection:entry", kwargs={"entry_pk": entry.pk})


def _journal_url(edition):
    return reverse("reflection:journal", kwargs={"slug": edition.slug})


def _overview_url(meeting):
    return reverse("reflection:overview", kwargs={"pk": meeting.pk})


def _group_url(group, meeting):
    return reverse("reflection:group_reflection", kwargs={"pk": group.pk, "meeting_pk": meeting.pk})


@pytest.fixture
def mate(edition):
    """The participant's fellow member in their learning group."""
    return factories.make_member(edition, name="Greet Groepsgenoot")


@pytest.fixture
def other(edition):
    """A participant of the same edition in another group."""
    return factories.make_member(edition, name="Olga Ander")


@pytest.fixture
def group(edition, participant, mate):
    return make_group(edition, members=[participant, mate], name="Werkgeluk")


@pytest.fixture
def other_group(edition, other):
    return make_group(edition, members=[other], name="Talent")


@pytest.fixture
def meeting(edition, participant, mate, other, group, other_group):
    return attended_meeting(edition, participant, mate, other, title="Tweede bijeenkomst")


# --- The questions -------------------------------------------------------------------------------


def test_the_default_questions_are_stored_once_in_dutch(edition):
    first = services.edition_questions(edition)
    again = services.edition_questions(edition)
    with translation.override("nl"):
        expected = [str(text) for text in DEFAULT_QUESTIONS]
    assert [q.text for q in first] == [q.text for q in again] == expected
    assert ReflectionQuestion.objects.filter(edition=edition).count() == len(expected)


def test_facilitators_set_the_questions_one_per_line_in_order(edition, facilitator, participant):
    url = reverse("reflection:questions", kwargs={"slug": edition.slug})
    client = client_for(facilitator)
    assert "Wat ga ik nu doen?" not in client.get(url).content.decode()
    response = client.post(url, {"questions": "Wat bracht ik?\n\n  Wat haalde ik?  \nWat nu?"})
    assert response.status_code == 302
    assert [q.text for q in services.edition_questions(edition)] == [
        "Wat bracht ik?",
        "Wat haalde ik?",
        "Wat nu?",
    ]
    assert client_for(participant).get(url).status_code == 403
    assert client_for(participant).post(url, {"questions": "Hack?"}).status_code == 403


@pytest.mark.parametrize(
    "text", ["   \n  ", "\n".join(f"Vraag {i}?" for i in range(13)), "x" * 301]
)
def test_bad_questions_are_refused_next_to_the_field(edition, facilitator, text):
    services.set_questions(edition=edition, texts=["Blijft staan?"], actor=facilitator)
    url = reverse("reflection:questions", kwargs={"slug": edition.slug})
    response = client_for(facilitator).post(url, {"questions": text})
    assert response.status_code == 200
    assert response.context["form"].errors["questions"]
    assert [q.text for q in services.edition_questions(edition)] == ["Blijft staan?"]


# --- Reflecting on a meeting ---------------------------------------------------------------------


def test_an_attendee_reflects_and_the_entry_is_private(participant, meeting, edition):
    client = client_for(participant)
    page = client.get(_reflect_url(meeting))
    assert page.status_code == 200
    response = client.post(_reflect_url(meeting), form_data())
    assert response.status_code == 302
    entry = JournalEntry.objects.get(user=participant, meeting=meeting)
    assert entry.shared_with is None and entry.edition == edition
    assert entry.answers[0] == {
        "question": services.edition_questions(edition)[0].text,
        "answer": "Ik bracht een casus in.",
    }
    [row] = ActivityEntry.objects.filter(actor=participant, verb=Verb.REFLECTED)
    assert row.visibility == Visibility.GROUP and row.direction == Direction.NEUTRAL
    assert "casus" not in row.target_label
    assert not ActivityEntry.objects.filter(verb=Verb.REFLECTION_SHARED).exists()


def test_a_second_reflection_on_the_same_meeting_edits_the_entry(participant, meeting):
    client = client_for(participant)
    client.post(_reflect_url(meeting), form_data("Eerste versie"))
    page = client.get(_reflect_url(meeting)).content.decode()
    assert "Eerste versie" in page  # the form shows the entry to edit
    client.post(_reflect_url(meeting), form_data("Tweede versie"))
    entry = JournalEntry.objects.get(user=participant, meeting=meeting)
    assert entry.answers[0]["answer"] == "Tweede versie"
    assert ActivityEntry.objects.filter(actor=participant, verb=Verb.REFLECTED).count() == 1
    # The service says the same: one entry, updated.
    services.reflect(user=participant, meeting=meeting, answers=answers("Derde versie"))
    assert JournalEntry.objects.filter(user=participant, meeting=meeting).count() == 1


def test_entries_keep_the_questions_as_they_were_asked(participant, facilitator, meeting, edition):
    entry = services.reflect(user=participant, meeting=meeting, answers=answers())
    asked = [pair["question"] for pair in entry.answers]
    services.set_questions(edition=edition, texts=["Een nieuwe vraag?"], actor=facilitator)
    client_for(participant).post(_reflect_url(meeting), form_data("Aangepast"))
    entry.refresh_from_db()
    assert [pair["question"] for pair in entry.answers] == asked
    assert entry.answers[0]["answer"] == "Aangepast"


def test_an_empty_reflection_is_refused(participant, meeting):
    empty = {f"answer_{i}": "  " for i in range(5)} | {"note": "", "share_with": ""}
    response = client_for(participant).post(_reflect_url(meeting), empty)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not JournalEntry.objects.exists()


def _refused(user, meeting):
    client = client_for(user)
    get = client.get(_reflect_url(meeting))
    post = client.post(_reflect_url(meeting), form_data())
    assert not JournalEntry.objects.filter(meeting=meeting).exists()
    return get, post


def test_no_reflection_on_a_meeting_one_did_not_attend(edition, participant):
    absent = attended_meeting(edition)  # nobody checked in
    Registration.objects.create(meeting=absent, user=participant)  # registered, not there
    get, post = _refused(participant, absent)
    assert get.status_code == post.status_code == 403
    assert "niet aanwezig" in post.content.decode()
    with pytest.raises(ValidationError):
        services.reflect(user=participant, meeting=absent, answers=answers())


def test_no_reflection_on_a_meeting_of_another_edition(participant):
    elsewhere = factories.make_edition()
    stranger_meeting = attended_meeting(elsewhere, participant)  # even if checked in there
    get, post = _refused(participant, stranger_meeting)
    assert get.status_code == post.status_code == 403
    assert "editie waaraan je niet meedoet" in post.content.decode()
    with pytest.raises(ValidationError):
        services.reflect(user=participant, meeting=stranger_meeting, answers=answers())


def test_no_reflection_on_a_meeting_that_has_not_ended(edition, participant):
    today = factories.make_meeting(edition, day=timezone.localdate() + dt.timedelta(days=1))
    Registration.objects.create(meeting=today, user=participant, attended_at=timezone.now())
    get, post = _refused(participant, today)
    assert get.status_code == post.status_code == 403
    assert "nog niet afgelopen" in post.content.decode()


def test_no_reflection_on_a_draft_or_a_cancelled_meeting(edition, participant):
    draft = attended_meeting(edition, participant, status=MeetingStatus.DRAFT)
    get, post = _refused(participant, draft)
    assert get.status_code == post.status_code == 404
    cancelled = attended_meeting(edition, participant, days=5, status=MeetingStatus.CANCELLED)
    get, post = _refused(participant, cancelled)
    assert get.status_code == post.status_code == 403


def test_the_ledger_also_counts_as_attendance(edition, participant):
    meeting = attended_meeting(edition)
    activity.record(actor=participant, verb=Verb.ATTENDED, edition=edition, target=meeting)
    assert client_for(participant).post(_reflect_url(meeting), form_data()).status_code == 302


# --- Sharing -------------------------------------------------------------------------------------


def test_sharing_with_ones_group_lets_the_group_and_the_facilitators_read_it(
    participant, mate, other, facilitator, staff, outsider, meeting, group
):
    client_for(participant).post(_reflect_url(meeting), form_data(SECRET, share=str(group.pk)))
    entry = JournalEntry.objects.get(user=participant, meeting=meeting)
    assert entry.shared_with == group
    [row] = ActivityEntry.objects.filter(verb=Verb.REFLECTION_SHARED)
    assert row.visibility == Visibility.GROUP and row.direction == Direction.BRING
    for reader in (mate, facilitator):
        response = client_for(reader).get(_entry_url(entry))
        assert response.status_code == 200
        assert SECRET in response.content.decode()
        assert response.context["form"] is None
        assert client_for(reader).post(_entry_url(entry), form_data("Van mij")).status_code == 403
    for stranger in (other, staff, outsider):
        assert client_for(stranger).get(_entry_url(entry)).status_code == 404
    entry.refresh_from_db()
    assert entry.answers[0]["answer"] == SECRET


def test_sharing_twice_is_recorded_once(participant, meeting, group):
    entry = services.reflect(user=participant, meeting=meeting, answers=answers(), share_with=group)
    services.set_sharing(entry=entry, user=participant, share_with=None)
    services.set_sharing(entry=entry, user=participant, share_with=group)
    assert ActivityEntry.objects.filter(verb=Verb.REFLECTION_SHARED).count() == 1


def test_one_shares_only_with_an_active_group_one_is_in(edition, participant, meeting, other_group):
    response = client_for(participant).post(
        _reflect_url(meeting), form_data(share=str(other_group.pk))
    )
    assert response.status_code == 200
    assert response.context["form"].errors["share_with"]
    with pytest.raises(ValidationError) as raised:
        services.reflect(
            user=participant, meeting=meeting, answers=answers(), share_with=other_group
        )
    assert "share_with" in raised.value.message_dict
    forming = make_group(edition, members=[participant], name="Nog in oprichting")
    forming.status = GroupStatus.FORMING
    forming.save()
    with pytest.raises(ValidationError):
        services.reflect(user=participant, meeting=meeting, answers=answers(), share_with=forming)
    assert not JournalEntry.objects.exists()


def test_without_a_group_there_is_no_sharing_choice(edition, meeting):
    loner = factories.make_member(edition, name="Lone Wolf")
    Registration.objects.create(meeting=meeting, user=loner, attended_at=meeting.starts_at)
    form = client_for(loner).get(_reflect_url(meeting)).context["form"]
    assert "share_with" not in form.fields


def test_the_writer_changes_an_entry_and_makes_it_private_again(participant, mate, meeting, group):
    entry = services.reflect(user=participant, meeting=meeting, answers=answers(), share_with=group)
    client = client_for(participant)
    assert client.get(_entry_url(entry)).status_code == 200
    response = client.post(_entry_url(entry), form_data("Herschreven", share=""))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.shared_with is None and entry.answers[0]["answer"] == "Herschreven"
    assert client_for(mate).get(_entry_url(entry)).status_code == 404


# --- The journal ---------------------------------------------------------------------------------


def test_the_journal_lists_my_entries_newest_first_and_free_notes(
    edition, participant, meeting, group
):
    older = attended_meeting(edition, participant, days=40, title="Eerste bijeenkomst")
    services.reflect(user=participant, meeting=older, answers=answers("Oud"))
    services.reflect(user=participant, meeting=meeting, answers=answers("Nieuw"), share_with=group)
    client = client_for(participant)
    response = client.post(_journal_url(edition), {"note": "Een losse notitie", "share_with": ""})
    assert response.status_code == 302
    page = client.get(_journal_url(edition))
    entries = page.context["page"].entries
    assert [e.meeting.title if e.meeting else e.note for e in entries] == [
        "Een losse notitie",
        "Tweede bijeenkomst",
        "Eerste bijeenkomst",
    ]
    html = page.content.decode()
    assert "Gedeeld met Werkgeluk" in html and "Privé: alleen jij" in html
    note = entries[0]
    assert note.meeting is None and note.shared_with is None
    assert ActivityEntry.objects.filter(actor=participant, verb=Verb.REFLECTED).count() == 3


def test_an_empty_note_is_refused(edition, participant):
    response = client_for(participant).post(_journal_url(edition), {"note": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    assert not JournalEntry.objects.exists()


def test_the_journal_and_the_dashboard_ask_for_the_open_reflections(edition, participant, meeting):
    attended_meeting(edition, days=20)  # not attended
    assert queries.open_reflections(participant, edition) == [meeting]
    assert (
        _reflect_url(meeting) in client_for(participant).get(_journal_url(edition)).content.decode()
    )
    services.reflect(user=participant, meeting=meeting, answers=answers())
    assert queries.open_reflections(participant, edition) == []


def test_only_members_keep_a_journal(edition, outsider, staff):
    assert client_for(outsider).get(_journal_url(edition)).status_code == 403
    assert client_for(staff).get(_journal_url(edition)).status_code == 403
    assert client_for(None).get(_journal_url(edition)).status_code == 302


# --- Leaks: a private entry is seen by its writer only -------------------------------------------


def test_a_private_entry_never_appears_to_anyone_else(
    edition, participant, mate, other, facilitator, staff, meeting, group
):
    entry = services.reflect(user=participant, meeting=meeting, answers=answers(SECRET))
    services.write_note(user=participant, edition=edition, note=f"Notitie {SECRET}")
    note = JournalEntry.objects.get(meeting__isnull=True)
    for person in (mate, other, facilitator, staff):
        client = client_for(person)
        # Not by URL.
        assert client.get(_entry_url(entry)).status_code == 404
        assert client.get(_entry_url(note)).status_code == 404
        # Not in their journal, the overview, the group's pages or the meeting page.
        pages = [
            _journal_url(edition),
            _overview_url(meeting),
            reverse("groups:detail", kwargs={"pk": group.pk}),
            _group_url(group, meeting),
            reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        ]
        for url in pages:
            assert SECRET not in client.get(url).content.decode(), (person, url)
        # Not in search.
        assert search(person, SECRET).hits == []
        # Not in the activity stream.
        stream = recent_activity(edition=edition, user=person, limit=100)
        assert not [row for row in stream if row.verb in (Verb.REFLECTED, Verb.REFLECTION_SHARED)]
    # The writer does see it (and the overview counts it without showing it).
    assert SECRET in client_for(participant).get(_journal_url(edition)).content.decode()
    overview = client_for(facilitator).get(_overview_url(meeting)).context["overview"]
    assert overview.responded == 1 and overview.shared == 0 and overview.groups == []


def test_a_shared_entry_stays_out_of_search_and_the_stream(
    edition, participant, mate, meeting, group
):
    services.reflect(user=participant, meeting=meeting, answers=answers(SECRET), share_with=group)
    for person in (participant, mate):
        assert search(person, SECRET).hits == []
        stream = recent_activity(edition=edition, user=person, limit=100)
        assert not [row for row in stream if row.verb == Verb.REFLECTION_SHARED]


# --- The facilitators' overview ------------------------------------------------------------------


def test_the_overview_counts_everyone_and_shows_only_shared_answers(
    edition, participant, mate, other, facilitator, meeting, group, other_group
):
    services.reflect(
        user=participant, meeting=meeting, answers=answers("Gedeeld A"), share_with=group
    )
    services.reflect(user=mate, meeting=meeting, answers=answers(SECRET))
    services.reflect(
        user=other, meeting=meeting, answers=answers("Gedeeld B"), share_with=other_group
    )
    response = client_for(facilitator).get(_overview_url(meeting))
    html = response.content.decode()
    overview = response.context["overview"]
    assert (overview.attendees, overview.responded, overview.shared, overview.private) == (
        3,
        3,
        2,
        1,
    )
    assert [share.group.name for share in overview.groups] == ["Talent", "Werkgeluk"]
    assert "Gedeeld A" in html and "Gedeeld B" in html and SECRET not in html
    assert mate.name not in html


def test_only_the_editions_facilitators_see_the_overview(meeting, participant, staff, outsider):
    for person in (participant, staff, outsider):
        assert client_for(person).get(_overview_url(meeting)).status_code == 403
    elsewhere = factories.make_member(factories.make_edition(), role=Role.FACILITATOR)
    assert client_for(elsewhere).get(_overview_url(meeting)).status_code == 403


# --- A group's joint reflection ------------------------------------------------------------------


def test_a_group_member_writes_the_joint_reflection_and_the_edition_reads_it(
    edition, participant, mate, other, facilitator, meeting, group
):
    url = _group_url(group, meeting)
    response = client_for(participant).post(url, {"text": "We leerden **samen**."})
    assert response.status_code == 302
    client_for(mate).post(url, {"text": "We leerden samen, en zagen veel."})
    reflection = GroupReflection.objects.get(group=group, meeting=meeting)
    assert reflection.text.startswith("We leerden samen, en") and reflection.author == mate
    rows = ActivityEntry.objects.filter(verb=Verb.GROUP_REFLECTED)
    assert sorted(r.actor_id for r in rows) == sorted([participant.pk, mate.pk])
    assert {(r.visibility, r.direction) for r in rows} == {(Visibility.PLATFORM, Direction.BRING)}
    client_for(mate).post(url, {"text": "Nog een keer."})
    assert ActivityEntry.objects.filter(verb=Verb.GROUP_REFLECTED).count() == 2
    for reader in (other, facilitator):
        page = client_for(reader).get(url)
        assert page.status_code == 200 and "Nog een keer." in page.content.decode()
        assert page.context["form"] is None
        assert client_for(reader).post(url, {"text": "Ik niet"}).status_code == 403
    # Beside the progress report: on the group page and on the meeting page.
    assert (
        url
        in client_for(other).get(reverse("groups:detail", kwargs={"pk": group.pk})).content.decode()
    )


def test_the_joint_reflection_sits_beside_the_report_on_the_meeting_page(
    edition, participant, other, meeting, group, other_group
):
    from leerplatform.groups.models import ProgressReport

    for each, author, text in (
        (group, participant, "Onze gezamenlijke blik."),
        (other_group, other, "Wat Talent leerde."),
    ):
        ProgressReport.objects.create(group=each, meeting=meeting, what_we_did="Intervisie.")
        services.write_group_reflection(group=each, meeting=meeting, author=author, text=text)
    html = client_for(other).get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).content
    html = html.decode()
    assert "Onze gezamenlijke blik." in html and "Wat Talent leerde." in html
    # Each region is named after its group: two reflections are two different landmarks.
    names = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", heading)).strip()
        for heading in re.findall(r'<h4 id="group-reflection-\d+">(.*?)</h4>', html, re.S)
    ]
    assert len(names) == 2 and len(set(names)) == 2
    assert any("Werkgeluk" in name for name in names) and any("Talent" in name for name in names)


def test_joint_reflections_are_refused_for_bad_input(
    edition, participant, outsider, meeting, group
):
    assert client_for(outsider).get(_group_url(group, meeting)).status_code == 403
    elsewhere = factories.make_meeting(factories.make_edition(), day=dt.date(2019, 1, 1))
    assert client_for(participant).get(_group_url(group, elsewhere)).status_code == 404
    future = factories.make_meeting(edition, day=timezone.localdate() + dt.timedelta(days=9))
    response = client_for(participant).post(_group_url(group, future), {"text": "Te vroeg"})
    assert response.status_code == 200 and response.context["form"] is None
    response = client_for(participant).post(_group_url(group, meeting), {"text": "  "})
    assert response.context["form"].errors["text"]
    group.status = GroupStatus.CLOSED
    group.save()
    with pytest.raises(ValidationError):
        services.write_group_reflection(
            group=group, meeting=meeting, author=participant, text="Gesloten"
        )
    assert not GroupReflection.objects.exists()


# --- The request to reflect ----------------------------------------------------------------------


def test_the_command_asks_each_attendee_once_even_when_run_twice(
    edition, participant, mate, other, meeting, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://leerplatform.example"
    absent = factories.make_member(edition, name="Afwezige Anna")
    Registration.objects.create(meeting=meeting, user=absent)  # registered, not checked in
    gone = factories.make_member(edition, name="Vertrokken Vera")
    Registration.objects.create(meeting=meeting, user=gone, attended_at=meeting.starts_at)
    gone.memberships.update(left_at=timezone.now())
    attended_meeting(edition, participant, days=30)  # ended too long ago: not asked any more
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reflection_requests")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reflection_requests")
    # The request is a notification ("reflection_requested"), emailed at once by default.
    asked = Notification.objects.filter(kind="reflection_requested")
    assert sorted(asked.values_list("recipient_id", flat=True)) == sorted(
        [participant.pk, mate.pk, other.pk]
    )
    assert {n.url for n in asked} == {_reflect_url(meeting)}
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([participant.email, mate.email, other.email])
    request = ReflectionRequest.objects.get(meeting=meeting)
    assert request.recipients == 3
    assert ReflectionRequest.objects.count() == 1
    message = mail.outbox[0]
    assert meeting.title in message.subject
    assert "https://leerplatform.example" + _reflect_url(meeting) in message.body


def test_the_claim_is_once_per_meeting(meeting):
    assert services.claim_reflection_request(meeting=meeting) is not None
    assert services.claim_reflection_request(meeting=meeting) is None


# --- Query counts --------------------------------------------------------------------------------


def _bulk_entries(edition, user, count, *, group=None):
    meetings = [
        factories.make_meeting(
            edition, day=dt.date(2019, 1, 1) + dt.timedelta(days=i), title=f"Bijeenkomst {i}"
        )
        for i in range(count)
    ]
    JournalEntry.objects.bulk_create(
        JournalEntry(
            user=user,
            edition=edition,
            meeting=m,
            answers=[{"question": "Vraag?", "answer": f"Antwoord {i}"}],
            shared_with=group if i % 2 else None,
        )
        for i, m in enumerate(meetings)
    )
    Registration.objects.bulk_create(
        Registration(meeting=m, user=user, attended_at=m.starts_at) for m in meetings[::3]
    )


@pytest.mark.parametrize("count", [10, 200])
def test_the_journal_costs_a_fixed_number_of_queries(
    edition, participant, group, django_assert_max_num_queries, count
):
    _bulk_entries(edition, participant, count, group=group)
    client = client_for(participant)
    with django_assert_max_num_queries(12):
        response = client.get(_journal_url(edition))
    assert len(response.context["page"].entries) == count


@pytest.mark.parametrize("count", [10, 200])
def test_the_overview_costs_a_fixed_number_of_queries(
    edition, meeting, facilitator, django_assert_max_num_queries, count
):
    people = [factories.make_user() for _ in range(count)] if count <= 10 else None
    if people is None:
        from leerplatform.accounts.models import User

        User.objects.bulk_create(
            User(email=f"bulk{i}@example.org", name=f"Bulk {i}") for i in range(count)
        )
        people = list(User.objects.filter(email__startswith="bulk"))
    groups = [make_group(edition, name=f"Groep {i}") for i in range(5)]
    Registration.objects.bulk_create(
        Registration(meeting=meeting, user=p, attended_at=meeting.starts_at) for p in people
    )
    JournalEntry.objects.bulk_create(
        JournalEntry(
            user=p,
            edition=edition,
            meeting=meeting,
            answers=[{"question": "Vraag?", "answer": "Antwoord"}],
            shared_with=groups[i % 5] if i % 2 else None,
        )
        for i, p in enumerate(people)
    )
    client = client_for(facilitator)
    with django_assert_max_num_queries(10):
        response = client.get(_overview_url(meeting))
    overview = response.context["overview"]
    assert overview.responded == count and overview.shared == count // 2
    assert overview.attendees == count + 3


@pytest.mark.parametrize("count", [10, 200])
def test_the_open_reflections_cost_one_query(
    edition, participant, django_assert_num_queries, count
):
    _bulk_entries(edition, participant, count)
    queries.open_reflections(participant, edition)  # the content type, cached from then on
    with django_assert_num_queries(1):
        queries.open_reflections(participant, edition)


@pytest.mark.parametrize("count", [10, 200])
def test_the_group_and_meeting_boxes_cost_the_same_whatever_the_number_of_meetings(
    edition, participant, group, django_assert_max_num_queries, count
):
    meetings = [
        factories.make_meeting(edition, day=dt.date(2019, 1, 1) + dt.timedelta(days=i))
        for i in range(count)
    ]
    GroupReflection.objects.bulk_create(
        GroupReflection(group=group, meeting=m, text="Samen.") for m in meetings[::2]
    )
    from django.template.loader import render_to_string

    # The viewer's roles and groups (cached on the user for the rest of a request), the meetings.
    with django_assert_max_num_queries(3):
        html = render_to_string(
            "reflection/_group_reflection_box.html", {"group": group, "user": participant}
        )
    assert html.count("share-state--shared") == len(meetings[::2])


# --- Admin ---------------------------------------------------------------------------------------


def test_the_admin_shows_no_signer_for_an_anonymous_evaluation_and_no_journal_text(
    staff, participant, meeting
):
    anonymous = Evaluation.objects.create(meeting=meeting, remarks="Goed")
    client = client_for(staff)
    page = client.get(reverse("admin:reflection_evaluation_change", args=[anonymous.pk]))
    assert page.status_code == 200
    assert 'name="user"' not in page.content.decode()
    assert "field-user" not in page.content.decode()
    services.reflect(user=participant, meeting=meeting, answers=answers(SECRET))
    listing = client.get(reverse("admin:reflection_journalentry_changelist"))
    assert listing.status_code == 200 and SECRET not in listing.content.decode()


def test_the_admin_page_of_a_journal_entry_shows_no_text(staff, participant, meeting):
    entry = services.reflect(user=participant, meeting=meeting, answers=answers(SECRET))
    client = client_for(staff)
    detail = client.get(reverse("admin:reflection_journalentry_change", args=[entry.pk]))
    assert detail.status_code == 200 and SECRET not in detail.content.decode()


# --- The demo ------------------------------------------------------------------------------------


def test_the_demo_gives_reflections_and_leaves_one_meeting_to_reflect_on():
    from leerplatform.accounts.models import User
    from leerplatform.demo.edition import load_demo
    from leerplatform.demo.journal import load_journal_examples

    edition = load_demo()
    load_journal_examples(edition)
    counts = (
        JournalEntry.objects.count(),
        GroupReflection.objects.count(),
        ActivityEntry.objects.count(),
        ReflectionRequest.objects.count(),
    )
    load_journal_examples(edition)
    assert counts == (
        JournalEntry.objects.count(),
        GroupReflection.objects.count(),
        ActivityEntry.objects.count(),
        ReflectionRequest.objects.count(),
    )
    daan = User.objects.get(email="deelnemer@example.org")
    mine = JournalEntry.objects.filter(user=daan, meeting__isnull=False)
    assert mine.filter(shared_with__isnull=True).exists()
    assert mine.filter(shared_with__isnull=False).exists()
    assert JournalEntry.objects.exclude(user=daan).exists()
    assert GroupReflection.objects.count() >= 3
    assert len(queries.open_reflections(daan, edition)) >= 1
    assert GroupMembership.objects.filter(user=daan).exists()
    response = client_for(daan).get(_journal_url(edition))
    assert response.status_code == 200

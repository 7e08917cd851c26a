"""Permission rows: the learning journal, the questions, reflecting, one entry, the facilitators'
overview, a group's joint reflection.

In the World's edition the participant and the other participant are the members of one active
learning group; the facilitator and staff are in no group. A meeting that ended, which the
participant and the other participant attended (nobody else), and a draft meeting. Entries: the
participant's private one, and the other participant's one shared with the group. Whoever may not
read an entry gets 404; a meeting one cannot reflect on answers 403 with the reason (a draft
404). Forms are posted with incomplete data: allowed means the form again (200).
"""

from __future__ import annotations

import datetime as dt


def _group(w):
    from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup

    group, created = LearningGroup.objects.get_or_create(
        edition=w.edition, name="Reflectiegroep", defaults={"status": GroupStatus.ACTIVE}
    )
    if created:
        for person in (w.users["participant"], w.other):
            GroupMembership.objects.create(group=group, user=person)
            person.__dict__.pop("_group_roles", None)
    return group


def _meeting(w, *, draft=False):
    from leerplatform.meetings.models import Meeting, MeetingStatus, Registration
    from tests import factories

    title = "Conceptbijeenkomst" if draft else "Afgelopen bijeenkomst"
    meeting = Meeting.objects.filter(edition=w.edition, title=title).first()
    if meeting is None:
        meeting = factories.make_meeting(
            w.edition,
            day=dt.date(2019, 10, 10),
            title=title,
            status=MeetingStatus.DRAFT if draft else MeetingStatus.PUBLISHED,
        )
        for person in (w.users["participant"], w.other):
            Registration.objects.create(meeting=meeting, user=person, attended_at=meeting.starts_at)
    return meeting


def _entry(w, *, shared=False):
    from leerplatform.reflection.models import JournalEntry
    from leerplatform.reflection.services.journal import reflect

    writer = w.other if shared else w.users["participant"]
    meeting = _meeting(w)
    entry = JournalEntry.objects.filter(user=writer, meeting=meeting).first()
    if entry is None:
        group = _group(w) if shared else None
        entry = reflect(
            user=writer,
            meeting=meeting,
            answers=["Een antwoord.", "", "", "", ""],
            share_with=group,
        )
    return entry


def _edition(name):
    from django.urls import reverse

    return lambda w: reverse(f"reflection:{name}", kwargs={"slug": w.edition.slug})


def _on_meeting(name, *, draft=False):
    from django.urls import reverse

    def url(w):
        _group(w)
        return reverse(f"reflection:{name}", kwargs={"pk": _meeting(w, draft=draft).pk})

    return url


def _on_entry(*, shared=False):
    from django.urls import reverse

    return lambda w: reverse("reflection:entry", kwargs={"entry_pk": _entry(w, shared=shared).pk})


def _group_reflection(w):
    from django.urls import reverse

    return reverse(
        "reflection:group_reflection",
        kwargs={"pk": _group(w).pk, "meeting_pk": _meeting(w).pk},
    )


def _rows():
    from tests.permission_support import Row

    def expect(visitor, outsider, participant, facilitator, staff):
        return {
            "visitor": visitor,
            "outsider": outsider,
            "participant": participant,
            "facilitator": facilitator,
            "staff": staff,
        }

    empty_answers = {f"answer_{i}": "" for i in range(5)} | {"note": "", "share_with": ""}
    return [
        # My journal (and a free note): the edition's members.
        Row("reflection:journal", _edition("journal"), expect(302, 403, 200, 200, 403)),
        Row(
            "reflection:journal",
            _edition("journal"),
            expect(302, 403, 200, 200, 403),
            method="post",
            data={"note": ""},
        ),
        # The questions: the edition's facilitators.
        Row("reflection:questions", _edition("questions"), expect(302, 403, 403, 200, 403)),
        Row(
            "reflection:questions",
            _edition("questions"),
            expect(302, 403, 403, 200, 403),
            method="post",
            data={"questions": ""},
        ),
        # Reflecting: who attended (the facilitator did not, staff and outsiders are no members).
        Row("reflection:reflect", _on_meeting("reflect"), expect(302, 403, 200, 403, 403)),
        Row(
            "reflection:reflect",
            _on_meeting("reflect"),
            expect(302, 403, 200, 403, 403),
            method="post",
            data=empty_answers,
        ),
        Row(
            "reflection:reflect",
            _on_meeting("reflect", draft=True),
            expect(302, 404, 404, 404, 404),
        ),
        # One entry: a private one for its writer only; a shared one also for the group and the
        # facilitators, who read but do not change it.
        Row("reflection:entry", _on_entry(), expect(302, 404, 200, 404, 404)),
        Row(
            "reflection:entry",
            _on_entry(),
            expect(302, 404, 200, 404, 404),
            method="post",
            data=empty_answers,
        ),
        Row("reflection:entry", _on_entry(shared=True), expect(302, 404, 200, 200, 404)),
        Row(
            "reflection:entry",
            _on_entry(shared=True),
            expect(302, 404, 403, 403, 404),
            method="post",
            data=empty_answers,
        ),
        # The overview of a meeting: the edition's facilitators.
        Row("reflection:overview", _on_meeting("overview"), expect(302, 403, 403, 200, 403)),
        Row(
            "reflection:overview",
            _on_meeting("overview", draft=True),
            expect(302, 404, 404, 404, 404),
        ),
        # A group's joint reflection: the edition and staff read, the group's members write.
        Row("reflection:group_reflection", _group_reflection, expect(302, 403, 200, 200, 200)),
        Row(
            "reflection:group_reflection",
            _group_reflection,
            expect(302, 403, 200, 403, 403),
            method="post",
            data={"text": ""},
        ),
    ]


ROWS = _rows()

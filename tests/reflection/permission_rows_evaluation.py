"""Permission rows: the meeting evaluation.

In the World's edition a past meeting with one programme item, at which the participant was
checked in (the facilitator was not). Members of the edition reach the evaluation page (the
participant gets the form, the facilitator the reason why not); the results and the CSV are for
facilitators and staff. A draft meeting is not there (404) for those who may not see drafts.
Forms are posted empty: allowed means the page again with the error (200).
"""

from __future__ import annotations

import datetime as dt


def _meeting(w, *, status="published"):
    from leerplatform.meetings.models import (
        Meeting,
        ProgrammeItem,
        ProgrammeItemKind,
        Registration,
    )
    from tests import factories

    title = f"Evaluation table meeting ({status})"
    meeting = Meeting.objects.filter(edition=w.edition, title=title).first()
    if meeting is None:
        meeting = factories.make_meeting(
            w.edition, day=dt.date(2019, 11, 14), status=status, title=title
        )
        ProgrammeItem.objects.create(
            meeting=meeting,
            starts_at=dt.time(9, 30),
            ends_at=dt.time(12, 0),
            kind=ProgrammeItemKind.PLENARY_WORKSHOP,
            title="Plenaire werkplaats",
        )
        Registration.objects.create(
            meeting=meeting, user=w.users["participant"], attended_at=meeting.starts_at
        )
    return meeting


def _url(name, status="published"):
    from django.urls import reverse

    return lambda w: reverse(f"reflection:{name}", kwargs={"pk": _meeting(w, status=status).pk})


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

    members = expect(302, 403, 200, 200, 403)
    facilitators = expect(302, 403, 403, 200, 200)
    drafts = expect(302, 404, 404, 200, 200)
    return [
        Row("reflection:evaluate", _url("evaluate"), members),
        Row("reflection:evaluate", _url("evaluate"), members, method="post", data={}),
        Row("reflection:evaluate", _url("evaluate", "draft"), expect(302, 404, 404, 200, 403)),
        Row("reflection:evaluation_results", _url("evaluation_results"), facilitators),
        Row("reflection:evaluation_results", _url("evaluation_results", "draft"), drafts),
        Row(
            "reflection:evaluation_results",
            _url("evaluation_results"),
            expect(302, 405, 405, 405, 405),
            method="post",
        ),
        Row("reflection:evaluation_export", _url("evaluation_export"), facilitators),
        Row("reflection:evaluation_export", _url("evaluation_export", "draft"), drafts),
    ]


ROWS = _rows()

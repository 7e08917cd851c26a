"""Rows of the permission table for the proposals app (see tests/test_permissions.py).

Every url function builds what its row needs in the World's edition — an upcoming published
meeting with an open call, a proposal by the other participant, one by the participant — and
is idempotent, because it may be called twice.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from leerplatform.meetings.models import Meeting, MeetingStatus
from leerplatform.proposals.models import Proposal, ProposalCall
from tests.permission_support import Row

TITLE = "Bijeenkomst met een oproep"


def _meeting(w, *, status=MeetingStatus.PUBLISHED, edition=None) -> Meeting:
    from tests.proposals.helpers import upcoming_meeting

    edition = edition or w.edition
    meeting = Meeting.objects.filter(edition=edition, title=TITLE, status=status).first()
    return meeting or upcoming_meeting(edition, title=TITLE, status=status)


def _call(w, **kwargs) -> ProposalCall:
    from tests.proposals.helpers import open_call

    meeting = _meeting(w, **kwargs)
    existing = ProposalCall.objects.filter(meeting=meeting).first()
    return existing or open_call(meeting, actor=w.users["facilitator"])


def _proposal(w, proposer, **kwargs) -> Proposal:
    from tests.proposals.helpers import propose

    call = _call(w, **kwargs)
    existing = Proposal.objects.filter(call=call, proposer=proposer).first()
    return existing or propose(call, proposer, title=f"Voorstel van {proposer.name}")


def _meeting_pk(w, **kwargs) -> dict:
    return {"meeting_pk": _call(w, **kwargs).meeting_id}


def _others(w) -> dict:
    return {"pk": _proposal(w, w.other).pk}


def _participants(w) -> dict:
    return {"pk": _proposal(w, w.users["participant"]).pk}


def _other_edition_meeting(w) -> dict:
    from tests import factories

    edition = factories.make_edition()
    return {"meeting_pk": _call(w, edition=edition).meeting_id}


_DEADLINE = (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
_PROPOSAL = {
    "kind": "work_format",
    "title": "Intervisie in trio's",
    "description": "We oefenen met intervisie in kleine groepjes.",
    "gains": "Een werkvorm om mee te nemen.",
    "duration_minutes": "60",
}


MEMBERS = {"visitor": 302, "outsider": 403, "participant": 200, "facilitator": 200, "staff": 200}
FACILITATORS = {
    "visitor": 302,
    "outsider": 403,
    "participant": 403,
    "facilitator": 200,
    "staff": 200,
}
ONLY_MEMBERS = {
    "visitor": 302,
    "outsider": 403,
    "participant": 200,
    "facilitator": 200,
    "staff": 403,
}
POST_ONLY = {"visitor": 302, "outsider": 405, "participant": 405, "facilitator": 405, "staff": 405}


ROWS = [
    Row("proposals:list", lambda w: reverse("proposals:list", kwargs=_meeting_pk(w)), MEMBERS),
    Row(
        "proposals:list",  # a meeting in draft: the facilitators' business only
        lambda w: reverse("proposals:list", kwargs=_meeting_pk(w, status=MeetingStatus.DRAFT)),
        FACILITATORS,
    ),
    Row(
        "proposals:list",  # another edition's meeting: its proposals are not ours to read
        lambda w: reverse("proposals:list", kwargs=_other_edition_meeting(w)),
        {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 403, "staff": 200},
    ),
    Row(
        "proposals:call",
        lambda w: reverse("proposals:call", kwargs={"meeting_pk": _meeting(w).pk}),
        FACILITATORS,
    ),
    Row(
        "proposals:call",
        lambda w: reverse("proposals:call", kwargs={"meeting_pk": _meeting(w).pk}),
        FACILITATORS | {"facilitator": 302, "staff": 302},
        method="post",
        data={"deadline": _DEADLINE, "description": "Wie weet een goede spreker?"},
    ),
    Row(
        "proposals:create",
        lambda w: reverse("proposals:create", kwargs=_meeting_pk(w)),
        ONLY_MEMBERS,
    ),
    Row(
        "proposals:create",  # without a theme the form comes back (200) with the error
        lambda w: reverse("proposals:create", kwargs=_meeting_pk(w)),
        ONLY_MEMBERS,
        method="post",
        data=_PROPOSAL,
    ),
    Row("proposals:detail", lambda w: reverse("proposals:detail", kwargs=_others(w)), MEMBERS),
    Row(
        "proposals:edit",
        lambda w: reverse("proposals:edit", kwargs=_participants(w)),
        {"visitor": 302, "outsider": 403, "participant": 200, "facilitator": 403, "staff": 403},
    ),
    Row(
        "proposals:edit",
        lambda w: reverse("proposals:edit", kwargs=_participants(w)),
        {"visitor": 302, "outsider": 403, "participant": 302, "facilitator": 403, "staff": 403},
        method="post",
        data={"withdraw": "1", "confirm_withdraw": "1"},
    ),
    Row("proposals:support", lambda w: reverse("proposals:support", kwargs=_others(w)), POST_ONLY),
    Row(
        "proposals:support",
        lambda w: reverse("proposals:support", kwargs=_others(w)),
        ONLY_MEMBERS | {"participant": 302, "facilitator": 302},
        method="post",
        data={"action": "support"},
    ),
    Row(
        "proposals:support",  # one's own proposal: no
        lambda w: reverse("proposals:support", kwargs=_participants(w)),
        ONLY_MEMBERS | {"participant": 403, "facilitator": 302},
        method="post",
        data={"action": "support"},
    ),
    Row("proposals:comment", lambda w: reverse("proposals:comment", kwargs=_others(w)), POST_ONLY),
    Row(
        "proposals:comment",
        lambda w: reverse("proposals:comment", kwargs=_others(w)),
        ONLY_MEMBERS | {"participant": 302, "facilitator": 302},
        method="post",
        data={"text": "Goed idee!"},
    ),
    Row("proposals:decide", lambda w: reverse("proposals:decide", kwargs=_others(w)), POST_ONLY),
    Row(
        "proposals:decide",
        lambda w: reverse("proposals:decide", kwargs=_others(w)),
        FACILITATORS | {"facilitator": 302, "staff": 302},
        method="post",
        data={"decision": "shortlisted", "note": ""},
    ),
]

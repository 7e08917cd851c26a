"""Permission rows: outputs to the field, consent, the public page and its feed.

In the World's edition the participant coordinates a learning group whose final report (its
progress report for the closing meeting, a month ahead) exists, and is the author of a document
for the edition, of a group-only document, and of an offered document whose consent is asked of
them. The other participant wrote a document of their own. The public page and the feed are for
everyone; the consents page for members (and authors asked); the overview for facilitators. Whoever
may not see a document or is no author of an output gets 404; who sees but may not act, 403.
"""

from __future__ import annotations

import datetime as dt


def _closing(w):
    from django.utils import timezone

    from leerplatform.meetings.models import Meeting, MeetingKind
    from tests import factories

    meeting = Meeting.objects.filter(edition=w.edition, kind=MeetingKind.CLOSING).first()
    if meeting is None:
        meeting = factories.make_meeting(
            w.edition,
            day=timezone.localdate() + dt.timedelta(days=30),
            kind=MeetingKind.CLOSING,
            title="Slotbijeenkomst",
        )
    return meeting


def _group(w):
    from leerplatform.groups.models import (
        GroupMembership,
        GroupStatus,
        LearningGroup,
        ProgressReport,
    )

    group, created = LearningGroup.objects.get_or_create(
        edition=w.edition, name="Opbrengstgroep", defaults={"status": GroupStatus.ACTIVE}
    )
    if created:
        participant = w.users["participant"]
        GroupMembership.objects.create(group=group, user=participant, is_coordinator=True)
        participant.__dict__.pop("_group_roles", None)
        ProgressReport.objects.create(
            group=group, meeting=_closing(w), author=participant, what_we_did="Een toolkit."
        )
    return group


def _document(w, visibility="platform", *, mine=True, offered=False):
    from leerplatform.library.models import Document
    from leerplatform.library.services.documents import create_document
    from leerplatform.showcase.services.outputs import offer_document

    _closing(w)
    author = w.users["participant"] if mine else w.other
    title = f"Opbrengst {visibility} {'mine' if mine else 'theirs'} {'offered' if offered else ''}"
    document = Document.objects.filter(edition=w.edition, title=title).first()
    if document is None:
        document = create_document(
            edition=w.edition,
            actor=author,
            title=title,
            summary="Een samenvatting.",
            kind="toolkit",
            visibility=visibility,
            group=_group(w) if visibility == "group" else None,
        )
        if offered:
            offer_document(document=document, actor=author, notify=False)
    return document


def _doc(visibility="platform", **kwargs):
    from django.urls import reverse

    return lambda w: reverse(
        "showcase:offer_document", args=[_document(w, visibility, **kwargs).pk]
    )


def _output(w):
    from django.urls import reverse

    document = _document(w, offered=True)
    return reverse("showcase:consent", args=[document.output.pk])


def _offer_report(w):
    from django.urls import reverse

    return reverse("showcase:offer_report", args=[_group(w).pk])


def _edition(name):
    from django.urls import reverse

    return lambda w: reverse(f"showcase:{name}", kwargs={"slug": w.edition.slug})


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

    return [
        # The public page and its feed: everyone.
        Row("showcase:outputs", _edition("outputs"), expect(200, 200, 200, 200, 200)),
        Row("showcase:feed", _edition("feed"), expect(200, 200, 200, 200, 200)),
        # An author's consents: the edition's members (each sees only their own).
        Row("showcase:consents", _edition("consents"), expect(302, 403, 200, 200, 403)),
        # The overview and reminders: facilitators.
        Row("showcase:manage", _edition("manage"), expect(302, 403, 403, 200, 403)),
        Row(
            "showcase:manage",
            _edition("manage"),
            expect(302, 403, 403, 302, 403),
            method="post",
            data={},
        ),
        # Offering a document: its authors and the facilitators, by POST; 404 for who cannot see it.
        Row(
            "showcase:offer_document",
            _doc("platform"),
            expect(302, 404, 302, 302, 404),
            method="post",
        ),
        Row(
            "showcase:offer_document",
            _doc("platform", mine=False),
            expect(302, 404, 403, 302, 404),
            method="post",
        ),
        Row(
            "showcase:offer_document",
            _doc("group"),
            expect(302, 404, 302, 404, 404),
            method="post",
        ),
        Row("showcase:offer_document", _doc("platform"), expect(302, 405, 405, 405, 405)),
        # Offering the final report: the group's coordinators and the facilitators.
        Row(
            "showcase:offer_report",
            _offer_report,
            expect(302, 403, 302, 302, 403),
            method="post",
        ),
        Row("showcase:offer_report", _offer_report, expect(302, 405, 405, 405, 405)),
        # Consent: the author asked, nobody else (404, as for an output that does not exist).
        Row(
            "showcase:consent",
            _output,
            expect(302, 404, 302, 404, 404),
            method="post",
            data={"decision": "give"},
        ),
        Row("showcase:consent", _output, expect(302, 405, 405, 405, 405)),
    ]


ROWS: list = _rows()

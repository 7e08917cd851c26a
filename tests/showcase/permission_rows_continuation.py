"""Permission rows: continuing an edition in a new one, and answering the invitation.

The World's edition is not closed: its facilitator sees the page with the reason it cannot be
continued yet (200, also after a POST). A closed edition with the World's facilitator and
participant in it is continued by that facilitator; its continuation invites the participant.
Starting is for the old edition's facilitators only (staff included in the refusal: 403); the
answer page is for the invited person only, everyone else gets 404 (as for an invitation that
does not exist). Forms are posted with incomplete data: allowed means the form again (200).
"""

from __future__ import annotations

import datetime as dt


def _closed(w):
    from leerplatform.editions.models import Edition, Phase, Role
    from leerplatform.editions.services import add_member
    from tests import factories

    slug = f"closed-{w.edition.pk}"
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None:
        edition = factories.make_edition(slug=slug, phase=Phase.CLOSED)
        add_member(edition=edition, user=w.users["facilitator"], role=Role.FACILITATOR)
        add_member(edition=edition, user=w.users["participant"], role=Role.PARTICIPANT)
    return edition


def _continuation(w):
    from leerplatform.editions.models import Edition
    from leerplatform.showcase.services.continuation import continue_edition

    slug = f"continued-{w.edition.pk}"
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None:
        facilitator = w.users["facilitator"]
        facilitator.__dict__.pop("_edition_roles", None)
        edition = continue_edition(
            edition=_closed(w),
            actor=facilitator,
            name="Vervolg",
            slug=slug,
            starts_on=dt.date(2021, 1, 1),
            ends_on=dt.date(2021, 12, 31),
        )
    return edition


def _url(name, edition_of):
    from django.urls import reverse

    return lambda w: reverse(f"showcase:{name}", kwargs={"slug": edition_of(w).slug})


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

    facilitators = expect(302, 403, 403, 200, 403)
    invited = expect(302, 404, 200, 404, 404)
    nobody = expect(302, 404, 404, 404, 404)
    incomplete = {"name": ""}

    def world_edition(w):
        return w.edition

    return [
        # Starting: the old edition's facilitators; an open edition shows why it cannot yet.
        Row("showcase:continue_edition", _url("continue_edition", world_edition), facilitators),
        Row(
            "showcase:continue_edition",
            _url("continue_edition", world_edition),
            facilitators,
            method="post",
            data=incomplete,
        ),
        Row("showcase:continue_edition", _url("continue_edition", _closed), facilitators),
        Row(
            "showcase:continue_edition",
            _url("continue_edition", _closed),
            facilitators,
            method="post",
            data=incomplete,
        ),
        # Answering: the invited person only.
        Row("showcase:continue_answer", _url("continue_answer", _continuation), invited),
        Row(
            "showcase:continue_answer",
            _url("continue_answer", _continuation),
            invited,
            method="post",
            data={},
        ),
        Row("showcase:continue_answer", _url("continue_answer", world_edition), nobody),
        Row(
            "showcase:continue_answer",
            _url("continue_answer", world_edition),
            nobody,
            method="post",
            data={"continues": "yes"},
        ),
    ]


ROWS: list = _rows()

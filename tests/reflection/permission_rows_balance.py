"""Permission rows: "Mijn brengen en halen" and the network's balance.

One's own page is for the edition's members (participants and facilitators), about themselves:
staff who are not in the edition have none there (403, like an outsider: they see the edition
exists). The network's balance is for the edition's facilitators and staff; participants 403.
"""

from __future__ import annotations


def _url(name):
    from django.urls import reverse

    return lambda w: reverse(f"reflection:{name}", kwargs={"slug": w.edition.slug})


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
        Row("reflection:balance", _url("balance"), expect(302, 403, 200, 200, 403)),
        Row("reflection:network_balance", _url("network_balance"), expect(302, 403, 403, 200, 200)),
        # Reading only: a POST is refused for whoever may read (405), as before for the others.
        Row(
            "reflection:balance",
            _url("balance"),
            expect(302, 405, 405, 405, 405),
            method="post",
        ),
    ]


ROWS = _rows()

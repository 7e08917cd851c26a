"""Permission rows: the search page. Everyone may search; what each person finds is the
visibility rule's business (tests/search/test_leaks.py)."""

from __future__ import annotations

from django.urls import reverse

from tests.permission_support import Row, _all

ROWS: list = [
    Row("search:search", lambda w: reverse("search:search"), _all(200)),
    Row("search:search", lambda w: reverse("search:search") + "?q=leergroepen", _all(200)),
    Row(
        "search:search",
        lambda w: (
            reverse("search:search")
            + f"?q=Olga&type=person&theme={w.edition.themes.first().pk}&page=2"
        ),
        _all(200),
    ),
    # Nonsense in every filter is reported on the form, never a server error.
    Row(
        "search:search",
        lambda w: (
            reverse("search:search")
            + "?q=%22*%28NEAR&type=x&kind=y&theme=abc&group=-1&year=99999&author=%00&page=-1"
        ),
        _all(200),
    ),
    # The page only reads.
    Row("search:search", lambda w: reverse("search:search"), _all(405), method="post"),
    # The name suggestions of the author and group filters: everyone may ask; what each person
    # is offered follows the same rule (tests/search/test_values.py).
    Row("search:authors", lambda w: reverse("search:authors") + "?author_q=Ol", _all(200)),
    Row("search:groups", lambda w: reverse("search:groups") + "?group_q=Le", _all(200)),
    Row("search:authors", lambda w: reverse("search:authors"), _all(405), method="post"),
    Row("search:groups", lambda w: reverse("search:groups"), _all(405), method="post"),
]

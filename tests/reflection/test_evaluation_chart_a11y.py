"""The evaluation chart's segments differ without colour: a pattern per rating and its number."""

from __future__ import annotations

import re

import pytest

from tests.conftest import client_for
from tests.reflection.test_evaluation import _url, evaluated, meeting  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_every_rating_has_its_own_pattern_and_wide_segments_show_their_number(
    meeting,  # noqa: F811
    facilitator,
    evaluated,  # noqa: F811
):
    html = client_for(facilitator).get(_url(meeting, "evaluation_results")).content.decode()
    patterns = dict(re.findall(r'<pattern id="rating-pattern-(\d)"[^>]*>(.*?)</pattern>', html))
    assert sorted(patterns) == ["1", "2", "3", "4", "5"]
    assert len(set(patterns.values())) == 5, "two ratings share a pattern"
    segments = re.findall(r'<svg [^>]*class="rating-segment" data-rating="(\d)">(.*?)</svg>', html)
    assert segments
    for rating, inner in segments:
        assert f'fill="url(#rating-pattern-{rating})"' in inner
    # The plenary item: one 3, two 4s, one 5; each segment at least 25 % wide, so numbered.
    assert any(f">{rating}</text>" in inner for rating, inner in segments if rating == "4")
    # The legend shows the same patterns.
    for rating in "12345":
        assert (
            f'fill="url(#rating-pattern-{rating})" class="rating-pattern" data-rating="{rating}"'
            in html
        )

"""Comparing two work-plan versions has a bounded cost: whatever two allowed versions (every part at
the form's maximum length, in the shapes that make a word-by-word diff slowest), the comparison
costs under 200 ms of CPU on a machine where a million Python additions take 40 ms (the bound
scales with the machine's speed, measured in the test); past its work budget it falls back to
whole lines, then to one replaced block, and still shows every character of both versions.

Without the budget the slowest shape costs seconds per part (about 9 s on such a machine), so a
bound that follows the machine's speed still fails at once if the budget stops working."""

from __future__ import annotations

import html
import random
import re
import time

import pytest
from django.urls import reverse

from leerplatform.groups import diff
from leerplatform.groups.models import WORKPLAN_MAX_PART as MAX_PART
from leerplatform.groups.models import WorkPlanVersion
from leerplatform.groups.services import workplan as services
from tests import factories
from tests.conftest import client_for
from tests.groups.factories_workplan import make_group

CPU_BOUND = 0.2  # seconds, on the reference machine below
REFERENCE_ADDITIONS = 1_000_000
REFERENCE_CPU = 0.04  # seconds for REFERENCE_ADDITIONS (in a function) on the reference machine


def _cpu(work, runs: int = 3) -> float:
    """The least CPU time of `runs` calls: other processes (a parallel test worker) only add."""
    spent = []
    for _ in range(runs):
        start = time.process_time()
        work()
        spent.append(time.process_time() - start)
    return min(spent)


def _additions() -> int:
    total = 0
    for number in range(REFERENCE_ADDITIONS):
        total += number
    return total


def _cpu_bound() -> float:
    """CPU_BOUND on this machine: as much slower (or faster) as plain Python is here."""
    return CPU_BOUND * _cpu(_additions) / REFERENCE_CPU


def _fit(text: str) -> str:
    return text[:MAX_PART]


def _short_lines(seed: int, alphabet: str = "abc") -> str:
    """20,000 characters of two-character lines from a small alphabet (many equal lines)."""
    rng = random.Random(seed)
    return _fit("".join(f"{rng.choice(alphabet)}\n" for _ in range(MAX_PART // 2)))


def _few_words(seed: int) -> str:
    """Just under the word limit: a word diff, with every word repeated thousands of times."""
    rng = random.Random(seed)
    return _fit(" ".join(rng.choice(["a", "b", "c", "d"]) for _ in range(diff.MAX_WORDS // 2 - 1)))


def _many_words(seed: int) -> str:
    rng = random.Random(seed)
    return _fit(" ".join(rng.choice(["een", "twee", "drie"]) for _ in range(MAX_PART // 4)))


def _line_pairs(seed: int) -> str:
    rng = random.Random(seed)
    return _fit("".join(f"{rng.choice('ab')} {rng.choice('cd')}\n" for _ in range(MAX_PART // 4)))


SHAPES = {
    "short lines": (_short_lines(1), _short_lines(2)),
    "short lines, two letters": (_short_lines(3, "ab"), _short_lines(4, "ab")),
    "short lines, one change each line": (_short_lines(5), _short_lines(5).replace("a", "b")),
    "few words repeated": (_few_words(1), _few_words(2)),
    "many words repeated": (_many_words(1), _many_words(2)),
    "short lines of two words": (_line_pairs(1), _line_pairs(2)),
    "nothing in common": (_fit("x " * MAX_PART), _fit("y\n" * MAX_PART)),
}


def _version(text: str) -> WorkPlanVersion:
    return WorkPlanVersion(**dict.fromkeys(WorkPlanVersion.PARTS, text))


def _unspoken(marked: str) -> str:
    """Without the visually hidden "removed:" / "added:" a screen reader says (diff._spoken)."""
    return re.sub(r'<span class="visually-hidden">[^<]*</span>', "", marked)


def _plain(marked: str) -> str:
    return html.unescape(re.sub(r"</?(del|ins)[^>]*>", "", _unspoken(marked)))


@pytest.mark.parametrize("shape", SHAPES)
def test_comparing_the_worst_allowed_versions_costs_under_200_ms_of_cpu(shape):
    old_text, new_text = SHAPES[shape]
    assert len(old_text) <= MAX_PART and len(new_text) <= MAX_PART
    old, new = _version(old_text), _version(new_text)
    parts = diff.diff_versions(old, new)  # also the warm-up (imports, regular expressions)
    spent, bound = _cpu(lambda: diff.diff_versions(old, new)), _cpu_bound()
    assert spent < bound, f"{shape}: {spent:.3f} s of CPU, over {bound:.3f} s on this machine"
    # Whatever the fallback, both texts are there in full, and something is marked as changed.
    for part in parts:
        assert _plain(part.old) == old_text
        assert _plain(part.new) == new_text
        assert part.changed


def test_a_small_change_in_a_large_plan_is_still_marked_word_by_word():
    old_text = _fit("Een zin over werkgeluk in teams.\n" * 600)
    new_text = old_text.replace("werkgeluk", "werkplezier", 1)
    left, right = diff.diff_texts(old_text, new_text)
    assert _cpu(lambda: diff.diff_texts(old_text, new_text)) < _cpu_bound()
    assert '<del class="diff-del">werkgeluk</del>' in _unspoken(left)
    assert '<ins class="diff-ins">werkplezier</ins>' in _unspoken(right)


def test_past_the_budget_whole_lines_are_compared():
    old_text, new_text = "a\nb\nc\nd\n", "a\nx\nc\nd\n"
    left, right = map(_unspoken, diff.diff_texts(old_text, new_text, budget=1))
    assert left == 'a\n<del class="diff-del">b</del>\nc\nd\n'
    assert right == 'a\n<ins class="diff-ins">x</ins>\nc\nd\n'


def test_past_every_budget_the_part_is_one_replaced_block_around_what_is_the_same():
    left, right = map(
        _unspoken, diff.diff_texts("kop\na\nb\nstaart", "kop\nc\nd\nstaart", budget=0)
    )
    assert left == 'kop\n<del class="diff-del">a\nb</del>\nstaart'
    assert right == 'kop\n<ins class="diff-ins">c\nd</ins>\nstaart'


@pytest.mark.django_db
def test_the_compare_page_answers_the_worst_allowed_versions(edition):
    member = factories.make_member(edition, name="Mees Member")
    group = make_group(edition, members=[member])
    for base, text in enumerate(SHAPES["short lines"]):
        services.save_workplan(
            group=group,
            author=member,
            base_number=base,
            parts=dict.fromkeys(WorkPlanVersion.PARTS, text),
        )
    start = time.process_time()
    response = client_for(member).get(
        reverse("groups:compare_workplan", kwargs={"pk": group.pk}), {"a": 1, "b": 2}
    )
    assert response.status_code == 200
    assert time.process_time() - start < 2  # the page, rendering included

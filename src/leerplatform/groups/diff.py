"""Comparing two versions of a work plan, part by part, with the changes marked.

The comparison works on the Markdown source, word by word (Python's difflib): the older text
with what was removed in <del class="diff-del">, the newer text with what was added in
<ins class="diff-ins">. Every piece of text is escaped before it is wrapped, so the result is safe
HTML whatever people wrote.

The cost is bounded whatever two allowed versions are compared (a GET must not burn CPU): the
matching runs on a work budget (the steps difflib's longest-match search takes, counted before it
takes them). Past the budget a part is compared again by whole lines, and past that it is shown as
one replaced block between the lines both versions share at the start and the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import models
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from leerplatform.groups.models import WorkPlanVersion

# Words, runs of punctuation and runs of white space are separate tokens: "teams." against
# "teams, en" marks only what differs, and line breaks survive in the output.
_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")
# Beyond this many changed words per side, compare whole lines: word matching grows with the square.
MAX_WORDS = 6000
# Steps of difflib's longest-match search per part and per level (words, then lines): a few
# milliseconds of CPU each, so that seven parts stay well under 200 ms.
BUDGET = 60_000


class _OverBudget(Exception):
    pass


class _BudgetedMatcher(SequenceMatcher):
    """A SequenceMatcher that stops (raises _OverBudget) before its work passes `budget` steps.

    Each longest-match search over a[alo:ahi] against b visits, for every token of a, the places
    where that token occurs in b: their total (from a running sum) is charged before the search."""

    def __init__(self, a, b, budget: int):
        super().__init__(None, a, b, autojunk=False)
        self.budget = budget
        running, total = [0], 0
        for token in a:
            total += len(self.b2j.get(token, ())) + 1  # type: ignore[attr-defined]
            running.append(total)
        self.running = running

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi  # type: ignore[attr-defined]
        self.budget -= self.running[ahi] - self.running[alo]
        if self.budget < 0:
            raise _OverBudget
        return super().find_longest_match(alo, ahi, blo, bhi)


@dataclass
class PartDiff:
    name: str
    label: str
    old: SafeString
    new: SafeString
    changed: bool
    old_empty: bool
    new_empty: bool


def _spoken(tag: str) -> str:
    """What a screen reader says before a change: <del> and <ins> are not announced by most of
    them, so the change is named in visually hidden text (WCAG 1.3.1)."""
    label = _("removed:") if tag == "del" else _("added:")
    return f'<span class="visually-hidden">{escape(label)} </span>'


def _wrap(tag: str, tokens: list[str]) -> str:
    text = "".join(tokens)
    # The mark covers words, not the white space around them.
    stripped = text.strip()
    if not stripped:
        return escape(text)
    start = text.index(stripped)
    head, tail = text[:start], text[start + len(stripped) :]
    return (
        f'{escape(head)}<{tag} class="diff-{tag}">{_spoken(tag)}{escape(stripped)}</{tag}>'
        f"{escape(tail)}"
    )


def _joined(opcodes: list[tuple], a: list[str]) -> list[tuple]:
    """Changes separated only by white space become one change: "<del>a</del> <del>b</del>"
    reads worse than "<del>a b</del>"."""
    result: list[list] = []
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        between = 0 < index < len(opcodes) - 1
        if op == "equal" and between and "".join(a[a1:a2]).isspace():
            op = "replace"
        if op != "equal" and result and result[-1][0] != "equal":
            result[-1][0] = "replace"
            result[-1][2], result[-1][4] = a2, b2
            continue
        result.append([op, a1, a2, b1, b2])
    return [tuple(item) for item in result]


def _shared_ends(a: list[str], b: list[str]) -> tuple[int, int]:
    """How many tokens both share at the start, and then at the end (linear)."""
    start, limit = 0, min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return start, end


def _opcodes(a: list[str], b: list[str], budget: int | None) -> list[tuple]:
    """Opcodes for a against b: what both share at the start and the end is equal; the middle
    is matched by difflib within `budget` (else _OverBudget), or is one replaced block (None)."""
    start, end = _shared_ends(a, b)
    a_end, b_end = len(a) - end, len(b) - end
    middle: list[tuple] = []
    if budget is None:
        middle = [("replace", 0, a_end - start, 0, b_end - start)]
    elif start < a_end or start < b_end:
        middle = _BudgetedMatcher(a[start:a_end], b[start:b_end], budget).get_opcodes()
    ops = [("equal", 0, start, 0, start)] if start else []
    ops += [(op, a1 + start, a2 + start, b1 + start, b2 + start) for op, a1, a2, b1, b2 in middle]
    if end:
        ops.append(("equal", a_end, len(a), b_end, len(b)))
    return ops


def _compared(old: str, new: str, budget: int) -> tuple[list[str], list[str], list[tuple]]:
    """Tokens and opcodes: by words; past the budget by lines; past that one replaced block."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    start, end = _shared_ends(a, b)
    if max(len(a), len(b)) - start - end <= MAX_WORDS:
        try:
            return a, b, _opcodes(a, b, budget)
        except _OverBudget:
            pass
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    try:
        return a, b, _opcodes(a, b, budget)
    except _OverBudget:
        return a, b, _opcodes(a, b, None)


def diff_texts(old: str, new: str, *, budget: int = BUDGET) -> tuple[SafeString, SafeString]:
    """(old with deletions marked, new with insertions marked), escaped HTML."""
    a, b, opcodes = _compared(old or "", new or "", budget)
    left: list[str] = []
    right: list[str] = []
    for op, a1, a2, b1, b2 in _joined(opcodes, a):
        if op == "equal":
            left.append(escape("".join(a[a1:a2])))
            right.append(escape("".join(b[b1:b2])))
            continue
        if a1 < a2:
            left.append(_wrap("del", a[a1:a2]))
        if b1 < b2:
            right.append(_wrap("ins", b[b1:b2]))
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - escaped above


def part_label(name: str) -> str:
    field = WorkPlanVersion._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(capfirst(field.verbose_name))


def diff_versions(old: WorkPlanVersion, new: WorkPlanVersion) -> list[PartDiff]:
    """Every part of the work plan, old against new, in the plan's order."""
    parts = []
    for name in WorkPlanVersion.PARTS:
        old_text, new_text = getattr(old, name) or "", getattr(new, name) or ""
        left, right = diff_texts(old_text, new_text)
        parts.append(
            PartDiff(
                name=name,
                label=part_label(name),
                old=left,
                new=right,
                changed=old_text != new_text,
                old_empty=not old_text,
                new_empty=not new_text,
            )
        )
    return parts

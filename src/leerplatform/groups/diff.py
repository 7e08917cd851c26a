"""Comparing two versions of a work plan, part by part, with the changes marked.

The comparison works on the Markdown source, word by word (Python's difflib): the older text
with what was removed in <del class="diff-del">, the newer text with what was added in
<ins class="diff-ins">. Every piece of text is escaped before it is wrapped, so the result is safe
HTML whatever people wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from leerplatform.groups.models import WorkPlanVersion

# Words, runs of punctuation and runs of white space are separate tokens: "teams." against
# "teams, en" marks only what differs, and line breaks survive in the output.
_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")
# Beyond this many words per side, compare whole lines: word matching grows with the square.
MAX_WORDS = 6000


@dataclass
class PartDiff:
    name: str
    label: str
    old: SafeString
    new: SafeString
    changed: bool
    old_empty: bool
    new_empty: bool


def _tokens(text: str) -> list[str]:
    tokens = _TOKEN.findall(text)
    if len(tokens) > MAX_WORDS:
        return text.splitlines(keepends=True)
    return tokens


def _wrap(tag: str, tokens: list[str]) -> str:
    text = "".join(tokens)
    # The mark covers words, not the white space around them.
    stripped = text.strip()
    if not stripped:
        return escape(text)
    start = text.index(stripped)
    head, tail = text[:start], text[start + len(stripped) :]
    return f'{escape(head)}<{tag} class="diff-{tag}">{escape(stripped)}</{tag}>{escape(tail)}'


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


def diff_texts(old: str, new: str) -> tuple[SafeString, SafeString]:
    """(old with deletions marked, new with insertions marked), escaped HTML."""
    a, b = _tokens(old or ""), _tokens(new or "")
    left: list[str] = []
    right: list[str] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, a1, a2, b1, b2 in _joined(matcher.get_opcodes(), a):
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
    return capfirst(WorkPlanVersion._meta.get_field(name).verbose_name)


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

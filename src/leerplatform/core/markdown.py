"""Markdown for user content, always sanitised: what people write can never run script."""

from __future__ import annotations

import functools
import re
import threading

import markdown as md  # type: ignore[import-untyped]  # (no types-Markdown among the dependencies)
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
_HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])", re.IGNORECASE)


def _shift_heading(match: re.Match) -> str:
    return f"<{match[1]}h{min(int(match[2]) + 1, 6)}"


def render_markdown(text: str | None) -> SafeString:
    """Markdown → HTML with only harmless tags, attributes and link schemes left."""
    if not text:
        return mark_safe("")
    if len(text) <= MEMO_MAX_CHARS:
        return mark_safe(_memo(text))  # noqa: S308 - sanitised by nh3 in _render
    return mark_safe(_render(text))  # noqa: S308 - sanitised by nh3 in _render


# The same text always gives the same HTML, so each process keeps the last few hundred short
# texts it rendered (a group's description, a meeting's directions: on every view of their page).
# Nothing but the text is the key: no person, no permission. Long texts are rendered each time.
MEMO_MAX_CHARS = 8_000
MEMO_ENTRIES = 256
_parsers = threading.local()


def _parser() -> md.Markdown:
    """One Markdown converter per thread, reset before each use (building one costs more than
    converting a short text)."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = md.Markdown(extensions=["extra", "sane_lists"], output_format="html")
        _parsers.parser = parser
    return parser


def _render(text: str) -> str:
    parser = _parser()
    try:
        html = parser.reset().convert(text)
    finally:
        parser.reset()
    # Headings in user text start at h2: the page itself owns the h1.
    html = _HEADING_TAG.sub(_shift_heading, html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


_memo = functools.lru_cache(maxsize=MEMO_ENTRIES)(_render)

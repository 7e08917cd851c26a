"""Markdown for user content, always sanitised: what people write can never run script."""

from __future__ import annotations

import re

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
    html = md.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    # Headings in user text start at h2: the page itself owns the h1.
    html = _HEADING_TAG.sub(_shift_heading, html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above

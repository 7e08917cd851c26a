"""Form widgets shared by every app.

`MarkdownTextarea` is the text field of every Markdown field: a textarea with a small toolbar
(bold, italic, heading, lists, link) and a preview the server renders with the same sanitiser as
the page will (`core.markdown`, through `core:markdown_preview`). The toolbar is rendered hidden
and shown by `core/js/markdown-editor.js`; without JavaScript the textarea and the one-line help
under it are all there is, and the form posts as before.
"""

from __future__ import annotations

from typing import Any

from django import forms


class MarkdownTextarea(forms.Textarea):
    template_name = "core/widgets/markdown.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"rows": 6} | (attrs or {}))

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        field_id = widget_attrs.get("id") or f"id_{name}"
        widget_attrs["id"] = field_id
        help_id = f"{field_id}_markdown_help"
        # Django points aria-describedby at the field's help text; the formatting help joins it.
        described_by = widget_attrs.get("aria-describedby", "")
        widget_attrs["aria-describedby"] = f"{described_by} {help_id}".strip()
        context["markdown"] = {
            "id": field_id,
            "help_id": help_id,
            "preview_id": f"{field_id}_preview",
        }
        return context


class LongSelect(forms.Select):
    """A `<select>` whose options are written in one loop of its own template instead of one
    included template per option (Django's `select_option.html`): a filter with a couple of
    hundred learning groups otherwise costs a page tens of milliseconds. Plain options only
    (value, label, selected); no option attributes of their own."""

    template_name = "core/widgets/long_select.html"

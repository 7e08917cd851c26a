"""The search form: the query and its filters, read from the query string (works without
JavaScript). A filter value that is not among the person's options (a theme of another edition,
`year=99999`, `theme=abc`) is reported next to its field and otherwise ignored."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leerplatform.library.models import DocumentKind
from leerplatform.search.engine import Filters
from leerplatform.search.queries import TYPE_LABELS, FilterOptions

# Enough for any real question; the rest of a pasted text is dropped, not refused.
MAX_QUERY_LENGTH = 200
INVALID_CHOICE = _("This is not one of the choices; it was left out of the search.")


def _choice(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    type = forms.ChoiceField(
        label=_("Type"), required=False, error_messages={"invalid_choice": INVALID_CHOICE}
    )
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        required=False,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    theme = _choice(_("Theme"))
    group = _choice(_("Learning group"))
    year = _choice(_("Year"))
    author = _choice(pgettext_lazy("search filter", "Author"))
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    FILTERS = ("type", "kind", "theme", "group", "year", "author")

    def __init__(self, data, *, options: FilterOptions):
        super().__init__(data)
        self.fields["q"].widget.attrs.update(
            {
                "type": "search",
                "autocomplete": "off",
                "maxlength": MAX_QUERY_LENGTH,
                "id": "search-q",
                "aria-describedby": "search-hint",
            }
        )
        cast(forms.ChoiceField, self.fields["type"]).choices = [
            ("", _("All types")),
            *TYPE_LABELS.items(),
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("All kinds")),
            *DocumentKind.choices,
        ]
        cast(forms.ChoiceField, self.fields["theme"]).choices = [
            ("", _("All themes")),
            *options.theme_choices,
        ]
        cast(forms.ChoiceField, self.fields["group"]).choices = [
            ("", _("All learning groups")),
            *options.group_choices,
        ]
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            ("", _("All years")),
            *((y, str(y)) for y in options.years),
        ]
        cast(forms.ChoiceField, self.fields["author"]).choices = [
            ("", _("All authors")),
            *options.author_choices,
        ]

    def clean_q(self) -> str:
        return (self.cleaned_data.get("q") or "")[:MAX_QUERY_LENGTH]

    def _valid(self) -> dict:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

    def query(self) -> str:
        return self._valid().get("q") or ""

    def page_number(self) -> int:
        return self._valid().get("page") or 1

    def filters(self) -> Filters:
        """The valid filters; an unknown value is left out (and reported on its field)."""
        data = self._valid()
        return Filters(
            entry_type=data.get("type") or "",
            document_kind=data.get("kind") or "",
            theme_id=data.get("theme"),
            group_id=data.get("group"),
            year=data.get("year"),
            author_id=data.get("author"),
        )

    @property
    def filter_errors(self) -> bool:
        return any(name in self.errors for name in self.FILTERS)

    @property
    def has_filters(self) -> bool:
        data = self._valid()
        return any(data.get(name) for name in self.FILTERS)

"""The search form: the query and its filters, read from the query string (works without
JavaScript). A filter value that is not among the person's options (a theme of another edition,
`year=99999`, `theme=abc`, an author they may not filter on) is reported next to its field and
otherwise ignored.

Authors and learning groups are radio buttons for the few the page lists (`FilterOptions`), plus
a text field each (`author_q`, `group_q`) that names more: the autocomplete fills in its
suggestions as the person types, and without JavaScript the form, sent, lists them."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leerplatform.library.models import DocumentKind
from leerplatform.search.engine import Filters
from leerplatform.search.queries import MAX_NAME_LENGTH, TYPE_LABELS, FilterOptions
from leerplatform.search.text import query_terms

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
    author_q = forms.CharField(label=_("Find another author"), required=False, strip=True)
    group_q = forms.CharField(label=_("Find another learning group"), required=False, strip=True)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    FILTERS = ("type", "kind", "theme", "group", "year", "author")

    def __init__(self, data, *, options: FilterOptions):
        super().__init__(data)
        self.options = options
        for name in ("author_q", "group_q"):
            self.fields[name].widget.attrs.update(
                {"type": "search", "autocomplete": "off", "maxlength": MAX_NAME_LENGTH}
            )
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

    @staticmethod
    def title_query(data) -> str:
        """What the page's title says was searched for ("" for nothing to search for), read
        without validating the form: the title stays outside the cached part of the page."""
        text = (data.get("q") or "").strip()[:MAX_QUERY_LENGTH]
        return text if "\x00" not in text and query_terms(text) else ""

    @staticmethod
    def requested_id(data, name: str) -> int | None:
        """The id asked for in `name` (`author`, `group`), before the form knows its choices: to
        look up whether the person may filter on it. Anything but a plain number is None."""
        value = (data.get(name) or "").strip()
        return int(value) if value.isdigit() and len(value) <= 18 else None

    def clean_q(self) -> str:
        return (self.cleaned_data.get("q") or "")[:MAX_QUERY_LENGTH]

    def clean_author_q(self) -> str:
        return (self.cleaned_data.get("author_q") or "")[:MAX_NAME_LENGTH]

    def clean_group_q(self) -> str:
        return (self.cleaned_data.get("group_q") or "")[:MAX_NAME_LENGTH]

    def names_typed(self) -> tuple[str, str]:
        """What the person typed to find another author and another learning group."""
        data = self._valid()
        return data.get("author_q") or "", data.get("group_q") or ""

    def offer(self, options: FilterOptions) -> None:
        """Offer the authors and groups counted after the search (the choices the form checked
        against stay valid: the chosen ones are among them)."""
        self.options = options
        cast(forms.ChoiceField, self.fields["group"]).choices = [
            ("", _("All learning groups")),
            *options.group_choices,
        ]
        cast(forms.ChoiceField, self.fields["author"]).choices = [
            ("", _("All authors")),
            *options.author_choices,
        ]

    @property
    def author_value(self) -> int | None:
        """The valid author chosen (for the template)."""
        return self._valid().get("author")

    @property
    def group_value(self) -> int | None:
        return self._valid().get("group")

    max_name_length = MAX_NAME_LENGTH

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
    def shows_filters(self) -> bool:
        """Whether the filters are open: one is chosen, wrong, or a name is being looked for."""
        return self.has_filters or self.filter_errors or any(self.names_typed())

    @property
    def has_filters(self) -> bool:
        data = self._valid()
        return any(data.get(name) for name in self.FILTERS)

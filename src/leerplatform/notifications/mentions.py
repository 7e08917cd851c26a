"""@mentions: how they are written, whom they name, and how they are shown.

A mention is written `@**Voornaam Achternaam**` (as in Zulip): the stars close the name, so a
name of several words ("Anne van der Berg") needs no guessing where it ends, a person can type it
by hand without JavaScript, and text whose name matches nobody still reads well as Markdown (an @
before a bold name). When two active members of an edition share a name, `@**Name|42**` names
the one with id 42 (the autocomplete writes that form only then).

A name is resolved against the active members of the thing's edition, case-insensitively, when
the text is shown and when it is posted: a mention never reaches outside the edition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

from leerplatform.accounts.models import User
from leerplatform.core.markdown import render_markdown
from leerplatform.editions.models import Membership

MAX_NAME = 150
# At most this many different people are told about one text (a pasted list is not a mention).
MAX_MENTIONS = 20
MENTION = re.compile(r"@\*\*(?P<name>[^*|\n]{1,150}?)(?:\|(?P<id>\d{1,10}))?\*\*")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()])")


@dataclass(frozen=True)
class Person:
    pk: int
    name: str


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def tokens(text: str | None) -> list[tuple[str, int | None]]:
    """The (name key, id or None) of every mention in `text`, in order, each once."""
    seen: dict[tuple[str, int | None], None] = {}
    for match in MENTION.finditer(text or ""):
        pk = int(match["id"]) if match["id"] else None
        seen.setdefault((_key(match["name"]), pk), None)
    return list(seen)


def token_for(person: Person, *, ambiguous: bool = False) -> str:
    """What the autocomplete inserts for `person`."""
    return f"@**{person.name}|{person.pk}**" if ambiguous else f"@**{person.name}**"


class Directory:
    """The active members of one edition by name: the one lookup a page or a post needs."""

    def __init__(self, people: Iterable[Person]):
        self.by_name: dict[str, list[Person]] = {}
        self.by_id: dict[int, Person] = {}
        for person in people:
            self.by_name.setdefault(_key(person.name), []).append(person)
            self.by_id[person.pk] = person

    @classmethod
    def for_edition(cls, edition_id: int | None, *, names: Iterable[str] | None = None):
        """One query: the edition's active members (only those named, when `names` is given)."""
        if edition_id is None:
            return cls([])
        users = User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.active().filter(edition_id=edition_id).values("user_id"),
        )
        if names is not None:
            keys = sorted({_key(name) for name in names})
            if not keys:
                return cls([])
            users = users.annotate(lower_name=Lower("name")).filter(lower_name__in=keys)
        return cls(Person(pk, name) for pk, name in users.values_list("pk", "name"))

    def find(self, key: str, pk: int | None) -> Person | None:
        if pk is not None:
            person = self.by_id.get(pk)
            return person if person is not None and _key(person.name) == key else None
        found = self.by_name.get(key, [])
        return found[0] if len(found) == 1 else None  # a shared name needs its id

    def mentioned(self, text: str | None) -> list[Person]:
        """The people `text` mentions (at most MAX_MENTIONS)."""
        people: dict[int, Person] = {}
        for key, pk in tokens(text):
            person = self.find(key, pk)
            if person is not None:
                people.setdefault(person.pk, person)
        return list(people.values())[:MAX_MENTIONS]


def mentioned_people(text: str | None, *, edition_id: int | None) -> list[Person]:
    """Whom `text` mentions among the edition's active members (one query, none without a
    mention)."""
    found = tokens(text)
    if not found:
        return []
    directory = Directory.for_edition(edition_id, names=[key for key, _pk in found])
    return directory.mentioned(text)


def plain(text: str | None) -> str:
    """`text` with each mention written as @Name (for an excerpt)."""
    return MENTION.sub(lambda match: "@" + " ".join(match["name"].split()), text or "")


def _escape(name: str) -> str:
    """A name as Markdown link text: its characters shown as written, never as markup."""
    name = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", name)


def with_links(text: str | None, directory: Directory) -> str:
    """`text` with every mention that names someone turned into a Markdown link to them."""

    def replace(match: re.Match) -> str:
        pk = int(match["id"]) if match["id"] else None
        person = directory.find(_key(match["name"]), pk)
        if person is None:
            return match[0]
        url = reverse("accounts:person", kwargs={"pk": person.pk})
        return f"[@{_escape(person.name)}]({url})"

    return MENTION.sub(replace, text or "")


def render(text: str | None, directory: Directory) -> SafeString:
    """Sanitised Markdown with the mentions as links to the people."""
    return render_markdown(with_links(text, directory))


def linebreaks_with_links(text: str | None, directory: Directory) -> SafeString:
    """Plain text (escaped, paragraphs and line breaks) with the mentions as links."""
    text = text or ""
    pieces: list[str] = []
    last = 0
    for match in MENTION.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pk = int(match["id"]) if match["id"] else None
        person = directory.find(_key(match["name"]), pk)
        if person is None:
            pieces.append(escape(match[0]))
        else:
            url = reverse("accounts:person", kwargs={"pk": person.pk})
            pieces.append(format_html('<a href="{}">@{}</a>', url, person.name))
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe(linebreaks("".join(pieces)))  # noqa: S308 - every piece escaped above

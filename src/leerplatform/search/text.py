"""Words, Dutch stems, and highlighted snippets: the same on SQLite and PostgreSQL.

PostgreSQL stems with its `dutch` text-search configuration, which is the original Snowball
("Porter") Dutch stemmer; on SQLite we stem with that same algorithm (snowballstemmer's
`dutch_porter`) before the text goes into FTS5, so both databases find the same things.
Snippets and highlights are made here in Python from the stored plain text, so both databases
show the same result pages.

How a query matches: every word but the last must match a word of the text by its whole stem
("leergroepen" finds "leergroep", "werk" does not find "werkplaats"); the last word also matches
as the beginning of a stem, so that a word still being typed ("werkpl") already finds something.
The database query (`query.py`), the title highlighting and the snippet follow this one rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Letters and digits only. Underscores and everything else separate words, as in FTS5's
# unicode61 tokenizer and PostgreSQL's parser; nothing that reaches a MATCH or a tsquery can be
# an operator or a quote.
WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 8
# Longer "words" are pasted hashes or noise; PostgreSQL would refuse lexemes of 2 KB anyway.
MAX_WORD_LENGTH = 60

# The Snowball Dutch stop list, exactly PostgreSQL's dutch.stop (a test compares them when the
# file is at hand): words too common to search for.
STOP_WORDS = frozenset(
    [
        "aan",
        "al",
        "alles",
        "als",
        "altijd",
        "andere",
        "ben",
        "bij",
        "daar",
        "dan",
        "dat",
        "de",
        "der",
        "deze",
        "die",
        "dit",
        "doch",
        "doen",
        "door",
        "dus",
        "een",
        "eens",
        "en",
        "er",
        "ge",
        "geen",
        "geweest",
        "haar",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "kan",
        "kon",
        "kunnen",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "onder",
        "ons",
        "ook",
        "op",
        "over",
        "reeds",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "werd",
        "wezen",
        "wie",
        "wil",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
        "zou",
    ]
)

_stemmer = snowballstemmer.stemmer("dutch_porter")


def _fold(text: str) -> str:
    """Lower case without diacritics ("Ideeën" → "ideeen"), as FTS5's tokenizer does and as the
    Dutch Snowball stemmer does first anyway; compatibility forms unfolded ("ﬁ" → "fi")."""
    text = text.lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of a text, folded: what both databases index and what a query looks for."""
    return WORD.findall(_fold(text or ""))


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    word = _fold(word)
    if any(c.isdigit() for c in word):
        # PostgreSQL's `dutch` configuration leaves words with digits ("2019", "h2o", "covid19")
        # unstemmed; so do we.
        return word
    return _stemmer.stemWord(word)


def stem_text(text: str) -> str:
    """The text as space-separated stems: what SQLite's FTS5 table holds."""
    return " ".join(stem(w) for w in words(text))


def plain_words(text: str) -> str:
    """The text as space-separated folded words: what PostgreSQL's `to_tsvector` is given, so
    that its parser sees the same words as FTS5 (no file names, URLs or hyphenated compounds
    read as one token) and stems them with the same algorithm."""
    return " ".join(words(text))


def query_words(query: str) -> list[str]:
    """The words of a search query worth searching for (no stop words, at most a few)."""
    found: list[str] = []
    for word in words(query):
        if word in STOP_WORDS or word in found or len(word) > MAX_WORD_LENGTH:
            continue
        found.append(word)
    return found[:MAX_QUERY_WORDS]


def has_only_stop_words(query: str) -> bool:
    """Whether the query has words, but none worth searching for ("de", "het is een")."""
    typed = words(query)
    return bool(typed) and all(w in STOP_WORDS for w in typed)


def has_only_long_words(query: str) -> bool:
    """Whether the query's words, stop words aside, are all longer than `MAX_WORD_LENGTH` (a
    pasted code, a run of letters): none of them is searched for."""
    typed = [w for w in words(query) if w not in STOP_WORDS]
    return bool(typed) and all(len(w) > MAX_WORD_LENGTH for w in typed)


@dataclass(frozen=True)
class Terms:
    """What a query looks for: whole stems, and the stem of the last word as a prefix.

    `exact_words`/`prefix_word` are the words as typed (folded), for PostgreSQL, which stems
    them itself; `exact`/`prefix` are their stems, for FTS5 and for highlighting."""

    exact_words: tuple[str, ...] = ()
    prefix_word: str = ""
    exact: tuple[str, ...] = ()
    prefix: str = ""

    def __bool__(self) -> bool:
        return bool(self.prefix)

    @property
    def stems(self) -> list[str]:
        return list(dict.fromkeys([*self.exact, self.prefix] if self.prefix else self.exact))

    def matches(self, word: str) -> bool:
        """Whether a word of a text is one the query looks for."""
        word_stem = stem(word)
        return word_stem in self.exact or bool(self.prefix and word_stem.startswith(self.prefix))


def query_terms(query: str) -> Terms:
    """The terms of `query`: every word's stem whole, the last one also as a prefix."""
    searched = [w for w in query_words(query) if stem(w)]
    if not searched:
        return Terms()
    *rest, last = searched
    exact_words, exact = [], []
    for word in rest:
        word_stem = stem(word)
        if word_stem not in exact:
            exact_words.append(word)
            exact.append(word_stem)
    return Terms(
        exact_words=tuple(exact_words),
        prefix_word=last,
        exact=tuple(exact),
        prefix=stem(last),
    )


def query_stems(query: str) -> list[str]:
    """The stems of the query's words (the last one is also matched as a prefix)."""
    return query_terms(query).stems


def _as_terms(terms: Terms | Iterable[str]) -> Terms:
    if isinstance(terms, Terms):
        return terms
    # A plain list of stems: all of them whole.
    stems = tuple(dict.fromkeys(terms))
    return Terms(exact=stems)


def highlight(text: str, terms: Terms | Iterable[str]) -> SafeString:
    """`text` escaped, with every word that matches the query in <mark>."""
    terms = _as_terms(terms)
    out: list[str] = []
    last = 0
    for match in WORD.finditer(text):
        if terms.matches(match.group()):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped above)


def snippet(text: str, terms: Terms | Iterable[str], *, words_around: int = 14) -> SafeString:
    """A short piece of `text` around its first match, highlighted; the start if nothing matches.

    Reads only as far as the piece it shows: a file's text may be 100,000 characters long."""
    terms = _as_terms(terms)
    before: deque[re.Match] = deque(maxlen=words_around // 2 + 1)
    matches = WORD.finditer(text)
    first = None
    for match in matches:
        before.append(match)
        if terms.matches(match.group()):
            first = match
            break
    if first is None:
        # No match in the text (the title matched): show its start.
        before.clear()
        matches = WORD.finditer(text)
    piece = list(before)
    more = False
    for match in matches:
        if len(piece) > words_around * 2:
            more = True
            break
        piece.append(match)
    if not piece:
        return mark_safe("")
    # From the text's start and to its end when the piece reaches them (punctuation included).
    start = piece[0].start()
    if WORD.search(text, 0, start) is None:
        start = 0
    end = piece[-1].end() if more else len(text)
    prefix = "… " if start > 0 else ""
    suffix = " …" if more else ""
    piece_text = text[start:end].strip()
    return mark_safe(f"{prefix}{highlight(piece_text, terms)}{suffix}")  # noqa: S308

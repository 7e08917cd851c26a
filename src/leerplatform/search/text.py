"""Words, Dutch stems, and highlighted snippets: the same on SQLite and PostgreSQL.

PostgreSQL stems with its `dutch` text-search configuration; on SQLite we stem with the same
Snowball algorithm (snowballstemmer) before the text goes into FTS5. Snippets and highlights are
made here in Python from the stored plain text, so both databases show the same result pages.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 8

# The Snowball Dutch stop list (as in PostgreSQL's dutch.stop): words too common to search for.
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

_stemmer = snowballstemmer.stemmer("dutch")


def _fold(word: str) -> str:
    """Lower case without diacritics ("ideeën" → "ideeen"), as FTS5's tokenizer does."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _fold(_stemmer.stemWord(word.lower()))


def stem_text(text: str) -> str:
    """The text as space-separated stems: what SQLite's FTS5 table holds."""
    return " ".join(stem(w) for w in WORD.findall(text))


def query_words(query: str) -> list[str]:
    """The words of a search query worth searching for (no stop words, at most a few)."""
    words = []
    for word in WORD.findall(query or ""):
        lowered = word.lower()
        if lowered in STOP_WORDS or lowered in words:
            continue
        words.append(lowered)
    return words[:MAX_QUERY_WORDS]


def query_stems(query: str) -> list[str]:
    return list(dict.fromkeys(stem(w) for w in query_words(query)))


def _matches(word: str, stems: list[str]) -> bool:
    word_stem = stem(word)
    return any(word_stem.startswith(s) for s in stems)


def highlight(text: str, stems: list[str]) -> SafeString:
    """`text` escaped, with every word that matches the query in <mark>."""
    out, last = [], 0
    for match in WORD.finditer(text):
        if _matches(match.group(), stems):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped above)


def snippet(text: str, stems: list[str], *, words_around: int = 14) -> SafeString:
    """A short piece of `text` around its first match, highlighted; the start if nothing matches."""
    matches = list(WORD.finditer(text))
    if not matches:
        return mark_safe("")
    first = next((i for i, m in enumerate(matches) if _matches(m.group(), stems)), None)
    if first is None:
        first = 0
    start_i = max(0, first - words_around // 2)
    end_i = min(len(matches) - 1, start_i + words_around * 2)
    start, end = matches[start_i].start(), matches[end_i].end()
    piece = highlight(text[start:end], stems)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text.rstrip()) else ""
    return mark_safe(f"{prefix}{piece}{suffix}")  # noqa: S308 (piece is escaped)

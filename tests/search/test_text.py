"""Words, stems, the query's terms, highlights and snippets (text.py), and the promise that
SQLite's stems are PostgreSQL's: the same stop words, the same stemmer."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from leerplatform.search.text import (
    MAX_QUERY_WORDS,
    STOP_WORDS,
    has_only_long_words,
    has_only_stop_words,
    highlight,
    query_terms,
    query_words,
    snippet,
    stem,
    words,
)

DUTCH_WORDS = [
    "leergroepen",
    "leergroep",
    "ontwikkeling",
    "ontwikkelen",
    "ontwikkeld",
    "werkplaats",
    "werkplaatsen",
    "werken",
    "ideeën",
    "geïnteresseerd",
    "kennisdeling",
    "professionalisering",
    "hogescholen",
    "studenten",
    "toolkits",
    "begeleiding",
    "docenten",
    "onderzoeken",
    "vaardigheden",
    "covid19",
    "2019",
    "h2o",
    "café",
]


def test_words_are_letters_and_digits_folded():
    assert words("Ideeën, *leer_groep* (NEAR) “x”: 2019!") == [
        "ideeen",
        "leer",
        "groep",
        "near",
        "x",
        "2019",
    ]


def test_query_words_drop_stop_words_repeats_and_noise():
    assert query_words("De leergroep en de LEERGROEP van " + "x" * 61) == ["leergroep"]
    assert len(query_words(" ".join(f"woord{i}" for i in range(50)))) == MAX_QUERY_WORDS


def test_the_last_word_is_a_prefix_the_others_whole():
    terms = query_terms("leergroepen werkpl")
    assert terms.exact == ("leergroep",)
    assert terms.prefix == "werkpl"
    assert terms.matches("Leergroep") and terms.matches("werkplaatsen")
    assert not terms.matches("leergroepsbijeenkomst")


def test_stop_words_only():
    assert has_only_stop_words("de het een")
    assert not has_only_stop_words("de leergroep")
    assert not has_only_stop_words("")


def test_only_overlong_words_are_told_apart_from_stop_words_and_no_words():
    assert has_only_long_words("x" * 61) and has_only_long_words("de " + "x" * 61)
    assert not has_only_long_words("x" * 60)
    assert not has_only_long_words("leergroep " + "x" * 61)
    assert not has_only_long_words("de het") and not has_only_long_words("")
    assert not query_terms("de het een")


def test_highlight_escapes_everything_else():
    html = highlight("<b>Leergroep</b> & co", query_terms("leergroep"))
    assert html == "&lt;b&gt;<mark>Leergroep</mark>&lt;/b&gt; &amp; co"


def test_snippet_of_a_short_text_is_the_whole_text():
    assert (
        snippet("Over leergroepen.", query_terms("leergroep")) == "Over <mark>leergroepen</mark>."
    )
    assert snippet("", query_terms("leergroep")) == ""


def test_snippet_reads_a_huge_text_only_as_far_as_needed():
    text = "begin " + "woord " * 10 + "leergroep " + "staart " * 200_000
    html = snippet(text, query_terms("leergroep"))
    assert "<mark>leergroep</mark>" in html and html.endswith(" …")


def test_the_stop_words_are_postgresqls():
    stop_file = next(Path("/usr/share/postgresql").glob("*/tsearch_data/dutch.stop"), None)
    if stop_file is None:
        pytest.skip("PostgreSQL's stop list is not installed here")
    assert set(stop_file.read_text().split()) == STOP_WORDS


@pytest.mark.django_db
def test_the_stems_are_postgresqls():
    if connection.vendor != "postgresql":
        pytest.skip("compares with PostgreSQL's dutch configuration")
    with connection.cursor() as cursor:
        for word in DUTCH_WORDS:
            folded = " ".join(words(word))
            cursor.execute("SELECT strip(to_tsvector('dutch', %s))::text", [folded])
            (lexemes,) = cursor.fetchone()
            assert lexemes.strip("'") == stem(word), word

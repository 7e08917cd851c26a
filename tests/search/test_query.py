"""The one search function on the database the suite runs on (CI runs it on SQLite and on
PostgreSQL): Dutch stemming, the prefix rule, order, highlighting, filters, pages, and queries
that must never break the full-text syntax."""

from __future__ import annotations

import pytest

from leerplatform.library.models import DocumentKind
from leerplatform.search.engine import search
from leerplatform.search.models import EntryType, SearchEntry
from tests import factories
from tests.search.support import dated, find, make_document, make_group, member


@pytest.fixture
def author(edition):
    return member(edition, name="Anna Auteur")


# --- Stemming and the prefix rule -----------------------------------------------------------------


def test_a_plural_finds_the_singular_in_a_title(edition, author):
    make_document(edition, author, "De leergroep")
    assert find(author, "leergroepen") == ["De leergroep"]


def test_a_verb_and_its_noun_find_each_other(edition, author):
    make_document(edition, author, "Ontwikkeling van docenten")
    make_document(edition, author, "Samen ontwikkelen", summary="Over ontwikkelen.")
    assert set(find(author, "ontwikkelen")) == {"Ontwikkeling van docenten", "Samen ontwikkelen"}
    assert set(find(author, "ontwikkeling")) == {"Ontwikkeling van docenten", "Samen ontwikkelen"}


def test_diacritics_do_not_matter(edition, author):
    make_document(edition, author, "Ideeën voor de werkvloer")
    assert find(author, "ideeen") == ["Ideeën voor de werkvloer"]
    assert find(author, "IDEEËN") == ["Ideeën voor de werkvloer"]


def test_the_last_word_may_be_the_start_of_a_word(edition, author):
    make_document(edition, author, "De werkplaats onderwijsonderzoek")
    assert find(author, "werkpl") == ["De werkplaats onderwijsonderzoek"]
    assert find(author, "werk") == ["De werkplaats onderwijsonderzoek"]


def test_earlier_words_must_match_whole(edition, author):
    make_document(edition, author, "De werkplaats onderwijsonderzoek")
    make_document(edition, author, "Werk en onderwijs")
    # "werk" is not the last word: it must be a whole word, so the workshop is not found.
    assert find(author, "werk onderwijs") == ["Werk en onderwijs"]
    assert find(author, "onderwijsonderzoek werk") == ["De werkplaats onderwijsonderzoek"]
    assert find(author, "onderwijs werk") == ["Werk en onderwijs"]


def test_every_word_must_occur(edition, author):
    make_document(edition, author, "Intervisie in leergroepen")
    make_document(edition, author, "Intervisie voor teams")
    assert find(author, "intervisie leergroep") == ["Intervisie in leergroepen"]


def test_the_text_of_attached_files_is_searched(edition, author):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from leerplatform.library.models import FileVersion, TextStatus
    from leerplatform.search import index

    upload = SimpleUploadedFile("notulen.txt", b"Verslag over kwaliteitszorg.", "text/plain")
    document = make_document(edition, author, "Notulen maart", uploads=[upload])
    # The text is read by a background task; here it is set as that task would.
    FileVersion.objects.filter(attachment__document=document).update(
        text="Verslag over kwaliteitszorg en accreditatie.", text_status=TextStatus.DONE
    )
    index.index(document)
    assert find(author, "accreditatie") == ["Notulen maart"]
    assert find(author, "notulen.txt") == ["Notulen maart"]


# --- Order --------------------------------------------------------------------------------------


def test_a_title_match_comes_before_a_match_in_the_text(edition, author):
    in_text = make_document(
        edition,
        author,
        "Werkvormen",
        summary="Mentoring mentoring mentoring: werkvormen voor mentoring van nieuwe docenten.",
    )
    in_title = make_document(
        edition, author, "Mentoring", summary="Een lange samenvatting " + "over iets anders " * 30
    )
    dated(in_title, 100)  # older, and still first
    assert find(author, "mentoring") == [in_title.title, in_text.title]


def test_newer_first_when_equally_good(edition, author):
    old = dated(make_document(edition, author, "Toolkit feedback"), 300)
    new = dated(make_document(edition, author, "Toolkit feedback"), 3)
    middle = dated(make_document(edition, author, "Toolkit feedback"), 30)
    hits = search(author, "feedback").hits
    assert [h.entry.object_id for h in hits] == [new.pk, middle.pk, old.pk]


# --- Highlighting and snippets ------------------------------------------------------------------


def test_titles_and_snippets_are_highlighted(edition, author):
    make_document(
        edition,
        author,
        "Leergroepen in de praktijk",
        summary="Hoe een leergroep werkt, en wat de leergroep oplevert voor het team.",
    )
    (hit,) = search(author, "leergroep").hits
    assert hit.title == "<mark>Leergroepen</mark> in de praktijk"
    assert hit.snippet.count("<mark>leergroep</mark>") == 2


def test_highlighting_follows_the_prefix_rule(edition, author):
    make_document(edition, author, "Werk in de werkplaats", summary="Werk in de werkplaats.")
    (hit,) = search(author, "werkplaats werk").hits
    # "werkplaats" whole, "werk" (the last word) as a prefix: both words marked.
    assert hit.title == "<mark>Werk</mark> in de <mark>werkplaats</mark>"
    (hit,) = search(author, "werk werkplaats").hits
    # Now "werk" must be whole: "werkplaats" is marked for itself, "Werk" for "werk".
    assert hit.title == "<mark>Werk</mark> in de <mark>werkplaats</mark>"
    make_document(edition, author, "Werkplaatsen", summary="Over werkplaatsen.")
    titles = {h.entry.title: h.title for h in search(author, "werk werkplaats").hits}
    assert titles == {
        "Werk in de werkplaats": "<mark>Werk</mark> in de <mark>werkplaats</mark>",
    }


def test_html_in_a_title_and_text_comes_out_escaped(edition, author):
    make_document(
        edition,
        author,
        "<script>alert('x')</script> toolkit",
        summary='Een <img src=x onerror="alert(1)"> toolkit & meer',
    )
    (hit,) = search(author, "toolkit").hits
    assert "<script>" not in hit.title
    assert "&lt;script&gt;" in hit.title
    assert "<mark>toolkit</mark>" in hit.title
    assert "<img" not in hit.snippet
    assert "&lt;img" in hit.snippet
    assert "&amp; meer" in hit.snippet


def test_a_long_text_is_cut_around_the_first_match(edition, author):
    body = " ".join(["vulling"] * 400 + ["kwaliteitszorg"] + ["staart"] * 400)
    make_document(edition, author, "Lang stuk", body=body)
    (hit,) = search(author, "kwaliteitszorg").hits
    assert "<mark>kwaliteitszorg</mark>" in hit.snippet
    assert hit.snippet.startswith("… ") and hit.snippet.endswith(" …")
    assert len(hit.snippet) < 400


def test_the_snippet_shows_the_start_when_only_the_title_matches(edition, author):
    make_document(edition, author, "Mentoring", summary="Begeleiding van startende docenten.")
    (hit,) = search(author, "mentoring").hits
    assert hit.snippet == "Begeleiding van startende docenten."


# --- Filters ------------------------------------------------------------------------------------


def test_every_filter_narrows_the_results(edition, author):
    other_author = member(edition, name="Bert Bijdrager")
    theme1, theme2 = list(edition.themes.all()[:2])
    group = make_group(edition, "Leergroep Toetsing", members=[author])
    toolkit = make_document(
        edition, author, "Toetsing toolkit", themes=[theme1], group=group, kind="toolkit"
    )
    research = make_document(
        edition,
        other_author,
        "Toetsing onderzoek",
        themes=[theme2],
        kind=DocumentKind.RESEARCH,
    )
    dated(research, 800)
    everything = set(find(author, "toetsing"))
    assert everything == {"Toetsing toolkit", "Toetsing onderzoek", "Leergroep Toetsing"}
    assert set(find(author, "toetsing", entry_type=EntryType.DOCUMENT)) == {
        "Toetsing toolkit",
        "Toetsing onderzoek",
    }
    assert find(author, "toetsing", entry_type=EntryType.GROUP) == ["Leergroep Toetsing"]
    assert find(author, "toetsing", document_kind="research") == ["Toetsing onderzoek"]
    assert find(author, "toetsing", theme_id=theme1.pk) == ["Toetsing toolkit"]
    assert find(author, "toetsing", entry_type="document", group_id=group.pk) == [toolkit.title]
    assert find(author, "toetsing", year=research.created_at.year) == ["Toetsing onderzoek"]
    assert find(author, "toetsing", author_id=other_author.pk) == ["Toetsing onderzoek"]
    assert find(author, "toetsing", edition_id=factories.make_edition().pk) == []


# --- Pages --------------------------------------------------------------------------------------


def test_pages_of_results_and_the_total(edition, author):
    for i in range(25):
        make_document(edition, author, f"Kennisdeling deel {i}")
    first = search(author, "kennisdeling", limit=20)
    second = search(author, "kennisdeling", limit=20, offset=20)
    beyond = search(author, "kennisdeling", limit=20, offset=40)
    assert (first.total, second.total, beyond.total) == (25, 25, 25)
    assert (len(first.hits), len(second.hits), len(beyond.hits)) == (20, 5, 0)
    seen = [h.entry.object_id for h in first.hits + second.hits]
    assert len(set(seen)) == 25


# --- What a person types ------------------------------------------------------------------------

# (query, whether "De leergroep toolkit" is found): only letters and digits count, and every
# word must occur, so an operator word ("NEAR", "OR") is a word that is not in the document.
AWKWARD_QUERIES = [
    ('"', False),
    ('"leergroep', True),
    ("leergroep*", True),
    ("*", False),
    ("-leergroep", True),
    ("leergroep -toolkit", True),
    ("title:leergroep", False),
    ("stems_title:leergroep", False),
    ("(leergroep", True),
    ("leergroep)", True),
    ("NEAR(leergroep toolkit)", False),
    ("leergroep NEAR toolkit", False),
    ("leergroep AND toolkit", False),
    ("leergroep OR toolkit", False),
    ("NOT leergroep", False),
    ("leergroep & toolkit | !x", False),
    ("leergroep <-> toolkit", True),
    ("'leergroep'", True),
    ("l'leergroep", False),
    ("leergroep:*", True),
    ("leergroep:*A & toolkit", False),
    ("^leergroep", True),
    ("{stems_title}: leergroep", False),
    ("leergroep\\", True),
    ("leergroep_toolkit", True),
    ("leergroep; DROP TABLE search_searchentry; --", False),
    ("🎓 leergroep 🚀", True),
    ("🎓", False),
    ("\x00leergroep", True),
    ("leer\u0301groep", None),
    ("ﬁlm leergroep", False),
    ("leergroep " * 2000, True),
    ("x" * 5000, False),
    ("a" * 70 + " leergroep", True),
    ("日本語 leergroep", False),
    ("٣ leergroep", False),
    ("toolkit " + " ".join(f"w{i}" for i in range(30)), False),
    ("", False),
    ("   ", False),
]


@pytest.mark.parametrize(("query", "found"), AWKWARD_QUERIES, ids=range(len(AWKWARD_QUERIES)))
def test_awkward_queries_never_break_the_full_text_syntax(edition, author, query, found):
    make_document(edition, author, "De leergroep toolkit")
    results = search(author, query)
    assert results.total == len(results.hits)
    if found is not None:
        assert [h.entry.title for h in results.hits] == (["De leergroep toolkit"] if found else [])


def test_operators_are_plain_words(edition, author):
    make_document(edition, author, "De leergroep toolkit")
    # In FTS5 or tsquery syntax these would mean "not" or "or"; here every word must occur.
    assert find(author, "leergroep -toolkit") == ["De leergroep toolkit"]
    assert find(author, "leergroep OR nergens") == []
    assert find(author, "leergroep NOT toolkit") == []


def test_a_query_of_stop_words_searches_nothing(edition, author):
    make_document(edition, author, "De leergroep en het team")
    results = search(author, "de het en een")
    assert not results.searched
    assert results.only_stop_words
    assert (results.total, results.hits) == (0, [])
    assert find(author, "de leergroep") == ["De leergroep en het team"]


def test_an_empty_query_searches_nothing(edition, author):
    make_document(edition, author, "De leergroep")
    results = search(author, "  ")
    assert not results.searched and not results.only_stop_words
    assert results.hits == []


def test_only_the_latest_candidates_are_ranked(edition, author, monkeypatch):
    """A common word's matches beyond the latest CANDIDATES are not ranked (nor shown); fewer
    matches are ranked whole (every other test here)."""
    from leerplatform.search import engine

    first = make_document(edition, author, "Mentoring")  # added first: the lowest id
    make_document(edition, author, "Werkvormen", summary="Over mentoring van nieuwe docenten.")
    make_document(edition, author, "Intervisie", summary="Mentoring en intervisie samen.")
    assert find(author, "mentoring")[0] == first.title  # the title match leads
    monkeypatch.setattr(engine, "CANDIDATES", 2)
    assert sorted(find(author, "mentoring")) == ["Intervisie", "Werkvormen"]


# --- Statements (compiled once per shape) --------------------------------------------------------


def test_a_page_read_through_a_statement_is_the_orms_order_for_every_shape(edition, author):
    """`search` reads a page's ids and the counted ids through SQL compiled once per shape
    (signed in or not, which filters are set); the same ORM query (`matching`) gives the same
    order and the same matches for each shape, whoever asks."""
    from leerplatform.search.engine import COUNT_LIMIT, Filters, _filtered, matching, sample_ids

    other = member(edition, name="Bert Bijdrager")
    theme = edition.themes.first()
    group = make_group(edition, "Leergroep Toetsing", members=[author])
    for n in range(7):
        document = make_document(
            edition,
            author if n % 2 else other,
            f"Toetsing {n}" if n % 3 else f"Verslag {n}",
            summary=f"Over toetsing, deel {n}.",
            themes=[theme] if n % 2 else [],
            group=group if n == 5 else None,
            visibility="group" if n == 5 else "platform",
            kind=DocumentKind.RESEARCH if n % 2 else DocumentKind.TOOLKIT,
        )
        dated(document, 400 * (n % 3))
    shapes = [
        Filters(),
        Filters(entry_type=EntryType.DOCUMENT),
        Filters(document_kind=DocumentKind.RESEARCH, theme_id=theme.pk),
        Filters(group_id=group.pk),
        Filters(year=document.created_at.year),
        Filters(author_id=author.pk, edition_id=edition.pk),
    ]
    outsider = factories.make_user()
    for person in (author, other, outsider, None):  # a visitor: None
        for filters in shapes:
            ordered = list(
                matching(person, "toetsing", filters=filters).values_list("pk", flat=True)
            )
            for offset in (0, 2):
                results = search(person, "toetsing", filters=filters, limit=3, offset=offset)
                assert [h.entry.pk for h in results.hits] == ordered[offset : offset + 3]
                assert results.total == len(ordered) <= COUNT_LIMIT
                assert sorted(results.sample) == sorted(ordered)
            assert sorted(sample_ids(person, "toetsing", filters=filters)) == sorted(ordered)
            # Without a word: everything the person may find with the filters (`_filtered`).
            everything = _filtered(person, filters).values_list("pk", flat=True)
            assert sorted(sample_ids(person, "", filters=filters)) == sorted(everything)
    # The group's own document: only its member finds it, through the same compiled statement.
    assert "Toetsing 5" in find(author, "toetsing", group_id=group.pk)
    assert find(other, "toetsing", group_id=group.pk) == ["Leergroep Toetsing"]


def test_a_common_word_counts_its_newest_matches_and_says_more(edition, author, monkeypatch):
    """Beyond `COUNT_LIMIT` matches the total is that limit and `more` is set; the counted ids
    (for the filters' counts) are one more than the limit, of the newest `CANDIDATES`."""
    from leerplatform.search import engine

    for n in range(6):
        make_document(edition, author, f"Toetsing {n}", summary="Over toetsing.")
    entries = SearchEntry.objects.filter(entry_type=EntryType.DOCUMENT).order_by("-pk")
    newest = set(entries.values_list("pk", flat=True)[:5])
    results = search(author, "toetsing", limit=2)
    assert (results.total, results.more, len(results.sample)) == (6, False, 6)
    monkeypatch.setattr(engine, "COUNT_LIMIT", 3)
    monkeypatch.setattr(engine, "CANDIDATES", 5)
    results = search(author, "toetsing", limit=2)
    assert (results.total, results.more) == (3, True)
    assert len(results.sample) == 4
    assert set(results.sample) <= newest
    assert len(results.hits) == 2
    assert len(engine.sample_ids(author, "toetsing")) == 4

"""User Markdown: formatting survives, anything that could run script does not."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from leerplatform.core.markdown import render_markdown


def test_script_tags_are_removed_with_their_content():
    html = render_markdown("Hallo <script>alert('xss')</script> wereld")

    assert "<script" not in html.lower()
    assert "alert" not in html
    assert "Hallo" in html and "wereld" in html


@pytest.mark.parametrize(
    "text",
    [
        "[klik](javascript:alert(1))",
        '<a href="javascript:alert(1)">klik</a>',
        '<a href="JaVaScRiPt:alert(1)">klik</a>',
        "[klik](data:text/html,<script>alert(1)</script>)",
    ],
)
def test_links_with_script_schemes_lose_their_target(text):
    html = render_markdown(text)

    assert "javascript" not in html.lower()
    assert "data:" not in html
    assert "href" not in html
    assert "klik" in html


@pytest.mark.parametrize(
    "text",
    [
        '<p onclick="steal()">tekst</p>',
        '<a href="https://example.org" onmouseover="steal()">tekst</a>',
        "<strong onclick=steal()>tekst</strong>",
    ],
)
def test_event_handler_attributes_are_removed(text):
    html = render_markdown(text)

    assert "steal" not in html
    assert "onclick" not in html and "onmouseover" not in html
    assert "tekst" in html


def test_images_with_onerror_are_stripped():
    html = render_markdown('Voor <img src="x" onerror="alert(1)"> na')

    assert "<img" not in html
    assert "onerror" not in html and "alert" not in html
    assert "Voor" in html and "na" in html


def test_iframes_are_stripped():
    html = render_markdown('<iframe src="https://evil.example"></iframe>\n\nDaarna tekst')

    assert "<iframe" not in html
    assert "evil.example" not in html
    assert "Daarna tekst" in html


def test_style_attributes_and_unknown_tags_are_stripped():
    html = render_markdown('<div style="position:fixed">blok</div> <svg onload="x()"></svg>')

    assert "style" not in html
    assert "<div" not in html and "<svg" not in html
    assert "blok" in html


def test_bold_italic_and_lists_are_kept():
    html = render_markdown("**vet** en *schuin*\n\n- een\n- twee\n\n1. eerst\n2. dan")

    assert "<strong>vet</strong>" in html
    assert "<em>schuin</em>" in html
    assert "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>" in html
    assert "<ol>\n<li>eerst</li>\n<li>dan</li>\n</ol>" in html


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("[Leerplatform](https://example.org/pagina)", "https://example.org/pagina"),
        ("[mail ons](mailto:info@example.org)", "mailto:info@example.org"),
    ],
)
def test_ordinary_links_are_kept_with_a_safe_rel(text, href):
    html = render_markdown(text)

    assert f'href="{href}"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_headings_start_below_the_pages_own_h1():
    html = render_markdown("# Titel\n\n## Onderdeel\n\ntekst")

    assert "<h1" not in html
    assert "<h2>Titel</h2>" in html
    assert "<h3>Onderdeel</h3>" in html


def test_html_in_code_is_shown_as_text():
    html = render_markdown("`<b>vet</b>`")

    assert "<code>&lt;b&gt;vet&lt;/b&gt;</code>" in html


@pytest.mark.parametrize("text", [None, ""])
def test_empty_input_gives_empty_output(text):
    assert render_markdown(text) == ""


def test_the_result_is_marked_safe_for_templates():
    assert isinstance(render_markdown("**vet**"), SafeString)


def _render_filter(text: str | None) -> str:
    template = Template("{% load leerplatform %}<div>{{ text|markdown }}</div>")
    return template.render(Context({"text": text}))


def test_markdown_filter_renders_formatting_without_escaping_it():
    html = _render_filter("**vet** en [link](https://example.org)")

    assert "<strong>vet</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">link</a>' in html
    assert "&lt;strong&gt;" not in html


def test_markdown_filter_sanitises_like_render_markdown():
    html = _render_filter('<script>alert(1)</script><img src=x onerror="alert(2)">ok')

    assert "<script" not in html and "<img" not in html
    assert "alert" not in html
    assert "ok" in html


def test_markdown_filter_renders_nothing_for_none():
    assert _render_filter(None) == "<div></div>"


def test_a_text_renders_the_same_the_second_time_and_leaves_nothing_for_the_next():
    # The process keeps short texts' HTML and reuses one converter per thread (core.markdown).
    first = "*[HTML]: HyperText\n\nHTML is fijn[^1]\n\n[^1]: Een noot."
    html = render_markdown(first)
    assert render_markdown(first) == html
    assert '<abbr title="HyperText">' in html and "fn:1" in html
    after = render_markdown("HTML zonder definitie[^1]")
    assert "<abbr" not in after and "fn:1" not in after
    for _ in range(2):
        cleaned = render_markdown("<script>alert(1)</script> **b**")
        assert (
            "<script" not in cleaned and "alert" not in cleaned and "<strong>b</strong>" in cleaned
        )

"""The closing report as a PDF: its context (from queries.reports), its HTML and CSS (templates in
showcase/pdf/), and WeasyPrint writing it.

The PDF is built from our own HTML only: WeasyPrint may fetch nothing (no remote fonts, images or
stylesheets; only `data:` addresses), so that text a user wrote can never make the server fetch a
URL. Fonts are the system's (DejaVu). Everything is rendered in the report's language.

Loading WeasyPrint (Pango, fontconfig and the fonts) takes seconds, once per process. A task
worker does it when it starts (`warm_up`, from a thread: see receivers.warm_up_fonts), so that the
first report of a fresh worker takes as long as the ones after it. Web processes never load it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leerplatform.editions.models import Edition
from leerplatform.groups.models import ProgressReport, WorkPlanVersion
from leerplatform.showcase.queries import reports as queries_reports
from leerplatform.showcase.queries.reports import BalancePeriod, ReportData

logger = logging.getLogger(__name__)

REPORT_SECTIONS = ["what_we_did", "what_we_learned", "results", "next_steps", "questions"]

# The chart's geometry (SVG user units; the chart scales to the text width).
CHART_WIDTH = 640
CHART_BAR_MAX = 560
CHART_LABEL = 16
CHART_BAR = 13
CHART_GAP = 3
CHART_ROW_GAP = 14
CHART_TOP = 30


@dataclass
class ChartBar:
    y: int
    width: int
    value: int
    text_x: int


@dataclass
class ChartRow:
    label: str
    label_y: int
    bring: ChartBar
    take: ChartBar


def _bar(value: int, top: int, maximum: int) -> ChartBar:
    width = round(CHART_BAR_MAX * value / maximum) if value else 0
    return ChartBar(y=top, width=max(width, 1 if value else 0), value=value, text_x=width + 5)


def balance_chart(periods: list[BalancePeriod], maximum: int) -> dict:
    """Grouped horizontal bars (bringing, taking) per period, with the label above each pair."""
    rows, y = [], CHART_TOP
    for period in periods:
        label = period.label if len(period.label) <= 70 else period.label[:69] + "…"
        bars_top = y + CHART_LABEL
        rows.append(
            ChartRow(
                label=label,
                label_y=y + CHART_LABEL - 4,
                bring=_bar(period.bring, bars_top, maximum),
                take=_bar(period.take, bars_top + CHART_BAR + CHART_GAP, maximum),
            )
        )
        y = bars_top + 2 * CHART_BAR + CHART_GAP + CHART_ROW_GAP
    return {
        "rows": rows,
        "width": CHART_WIDTH,
        "height": y - CHART_ROW_GAP + 4,
        "top": CHART_TOP,
        "bar": CHART_BAR,
    }


def _parts(obj, names: list[str]) -> list[tuple[str, str]]:
    """(label, text) of the filled-in parts of a work plan version or a progress report."""
    return [
        (str(obj._meta.get_field(name).verbose_name), getattr(obj, name))
        for name in names
        if getattr(obj, name).strip()
    ]


def workplan_parts(version: WorkPlanVersion | None) -> list[tuple[str, str]]:
    return _parts(version, WorkPlanVersion.PARTS) if version else []


def report_parts(report: ProgressReport | None) -> list[tuple[str, str]]:
    return _parts(report, REPORT_SECTIONS) if report else []


def build_context(*, edition: Edition, language: str) -> dict:
    """The template's context: the report's data (fixed queries) and the chart's geometry."""
    with translation.override(language):
        data: ReportData = queries_reports.report_data(edition=edition)
        for section in data.groups:
            section.workplan_parts = workplan_parts(section.workplan)
            section.report_parts = report_parts(section.final_report)
        return {
            "data": data,
            "edition": data.edition,
            "chart": balance_chart(data.balance, data.balance_max),
            "language": language,
            "generated_on": timezone.localdate(),
        }


def render_html(context: dict, *, language: str) -> tuple[str, str]:
    """The report's HTML and CSS in its language."""
    with translation.override(language):
        html = render_to_string("showcase/pdf/report.html", context)
        # The footer's words live in the CSS (@page content), which makemessages does not read.
        css_context = context | {
            "page_word": _("Page"),
            # Translators: in the report's footer, "Page 3 of 14".
            "of_word": _("of"),
        }
        css = render_to_string("showcase/pdf/report.css", css_context)
    return html, css


# A page in the report's fonts and styles (regular, bold, italic), so that warming up loads and
# subsets what a real report uses.
WARM_UP_HTML = "<h1>Leerplatform</h1><p>Slotrapport <strong>vet</strong> <em>cursief</em> ë €</p>"
WARM_UP_CSS = 'html { font-family: "DejaVu Sans", sans-serif; } @page { size: A4; }'


class _WarmUp:
    """Whether this process has loaded WeasyPrint and its fonts; a lock so that a report asked
    for while the warm-up runs waits for it instead of loading everything a second time."""

    lock = threading.Lock()
    done = False
    runs = 0  # how often this process did the work (tests: once per process)


def warm_up() -> bool:
    """Load WeasyPrint, Pango, fontconfig and the fonts once per process, by writing a small PDF.
    Returns whether this call did the work (False when it was done before)."""
    with _WarmUp.lock:
        if _WarmUp.done:
            return False
        _render_pdf(WARM_UP_HTML, WARM_UP_CSS)
        _WarmUp.done = True
        _WarmUp.runs += 1
        return True


def warm_up_quietly() -> None:
    """`warm_up` for a background thread: a failure is logged (the first report then pays)."""
    try:
        warm_up()
    except Exception:
        logger.exception("Could not load WeasyPrint's fonts in advance")


PDF_VARIANT = "pdf/ua-1"


def write_pdf(html: str, css: str) -> tuple[bytes, int]:
    """The PDF's bytes and its number of pages."""
    warm_up()  # at once if the worker did it; otherwise now, or wait for the worker's thread
    return _render_pdf(html, css)


def _render_pdf(html: str, css: str) -> tuple[bytes, int]:
    # Imported here, the one import inside a function outside the demo: WeasyPrint loads Pango
    # when imported (seconds, tens of MB), which no web request and no other task needs.
    from weasyprint import CSS, HTML  # noqa: PLC0415
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    fetcher = URLFetcher(allowed_protocols={"data"})
    # PDF/UA-1: a tagged PDF (headings, lists, tables, reading order) with its language and
    # title, so a screen reader reads the report as it reads the page (EN 301 549, chapter 10).
    document = HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[CSS(string=css, url_fetcher=fetcher)], pdf_variant=PDF_VARIANT
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)

"""Fonts loaded once per worker (issue 18, loose ends): a task worker that starts loads WeasyPrint
and its fonts in a thread (core.worker.worker_started -> showcase.receivers.warm_up_fonts), once
per process, so that its first closing report takes as long as the next; web processes never
load WeasyPrint."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from leerplatform.core.worker import Worker, worker_started
from leerplatform.showcase import pdf

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def renders(monkeypatch):
    """A fresh process's warm-up state; every PDF render recorded instead of made."""
    monkeypatch.setattr(pdf._WarmUp, "done", False)
    monkeypatch.setattr(pdf._WarmUp, "runs", 0)
    made: list[str] = []

    def fake_render(html: str, css: str) -> tuple[bytes, int]:
        made.append(html)
        return b"%PDF-1.7", 1

    monkeypatch.setattr(pdf, "_render_pdf", fake_render)
    return made


def _join_warm_up_threads() -> None:
    for thread in threading.enumerate():
        if thread.name == "weasyprint-warm-up":
            thread.join(timeout=30)


def _start_worker() -> None:
    Worker(worker_id="warm-up-test", interval=0.01, batch=True).run()
    _join_warm_up_threads()


def test_a_worker_says_it_started_once_per_run():
    calls = []

    def seen(sender, worker, **kwargs):
        calls.append(worker.worker_id)

    worker_started.connect(seen)
    try:
        Worker(worker_id="warm-up-test", interval=0.01, batch=True).run()
    finally:
        worker_started.disconnect(seen)
        _join_warm_up_threads()
    assert calls == ["warm-up-test"]


def test_the_warm_up_runs_once_per_worker_process(renders):
    _start_worker()
    assert renders == [pdf.WARM_UP_HTML]
    assert pdf._WarmUp.done and pdf._WarmUp.runs == 1

    _start_worker()  # the same process again: nothing more to load
    assert renders == [pdf.WARM_UP_HTML]
    assert pdf._WarmUp.runs == 1


def test_a_report_after_the_warm_up_renders_only_itself(renders):
    _start_worker()
    assert pdf.write_pdf("<p>report</p>", "") == (b"%PDF-1.7", 1)
    assert pdf.write_pdf("<p>second</p>", "") == (b"%PDF-1.7", 1)
    assert renders == [pdf.WARM_UP_HTML, "<p>report</p>", "<p>second</p>"]
    assert pdf._WarmUp.runs == 1


def test_a_report_in_a_process_that_did_not_warm_up_loads_the_fonts_first_once(renders):
    pdf.write_pdf("<p>report</p>", "")
    pdf.write_pdf("<p>second</p>", "")
    assert renders == [pdf.WARM_UP_HTML, "<p>report</p>", "<p>second</p>"]


def test_a_failed_warm_up_is_logged_and_the_worker_carries_on(monkeypatch, caplog):
    monkeypatch.setattr(pdf._WarmUp, "done", False)

    def broken(html: str, css: str):
        raise OSError("no fonts")

    monkeypatch.setattr(pdf, "_render_pdf", broken)
    with caplog.at_level(logging.ERROR):
        _start_worker()
    assert "Could not load WeasyPrint's fonts in advance" in caplog.text
    assert not pdf._WarmUp.done  # the first report tries again


def test_the_real_warm_up_writes_a_pdf(monkeypatch):
    monkeypatch.setattr(pdf._WarmUp, "done", False)
    monkeypatch.setattr(pdf._WarmUp, "runs", 0)
    assert pdf.warm_up() is True
    assert pdf.warm_up() is False
    assert pdf._WarmUp.runs == 1


def test_a_web_process_never_loads_weasyprint():
    code = (
        "import sys, django; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "import leerplatform.showcase.views.reports, leerplatform.showcase.tasks; "
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "leerplatform.settings.test",
            "PYTHONPATH": str(SRC),
        },
    )
    assert result.stdout.strip().splitlines()[-1] == "False"

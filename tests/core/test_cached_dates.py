"""core/templatetags/cached_dates.py: Django's `date` and `time` filters, each answer kept per
process."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template, defaultfilters
from django.utils import timezone, translation

from leerplatform.core.templatetags import cached_dates

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _empty():
    cached_dates._kept.clear()


def _render(value, fmt: str) -> str:
    source = "{{ value|date:'" + fmt + "' }}"
    return Template(source).render(Context({"value": value}))


@pytest.mark.parametrize("fmt", ["DATE_FORMAT", "SHORT_DATETIME_FORMAT", "j F Y, H:i", "l"])
def test_the_answers_are_djangos_in_each_language(fmt):
    moment = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)
    for language in ("nl", "en"):
        with translation.override(language), timezone.override(AMSTERDAM):
            expected = defaultfilters.date(timezone.localtime(moment), fmt)
            assert _render(moment, fmt) == expected  # made
            assert _render(moment, fmt) == expected  # kept
    with translation.override("nl"), timezone.override(AMSTERDAM):
        assert _render(moment, "DATE_FORMAT") == "2 december 2026"


def test_one_instant_in_two_time_zones_is_two_answers():
    moment = dt.datetime(2026, 12, 2, 23, 30, tzinfo=dt.UTC)
    with translation.override("nl"):
        with timezone.override(AMSTERDAM):
            assert _render(moment, "j F Y H:i") == "3 december 2026 00:30"
        with timezone.override(dt.UTC):
            assert _render(moment, "j F Y H:i") == "2 december 2026 23:30"


def test_a_date_and_nothing_as_django_answers():
    with translation.override("nl"):
        assert _render(dt.date(2026, 12, 2), "DATE_FORMAT") == "2 december 2026"
        assert _render(None, "DATE_FORMAT") == ""
        assert _render("", "DATE_FORMAT") == ""


def test_a_date_is_formatted_once(monkeypatch):
    calls = []
    django_date = defaultfilters.date

    def counted(value, arg=None):
        calls.append(arg)
        return django_date(value, arg)

    monkeypatch.setattr(cached_dates.defaultfilters, "date", counted)
    moment = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)
    with translation.override("nl"), timezone.override(AMSTERDAM):
        assert {_render(moment, "DATE_FORMAT") for _ in range(3)} == {"2 december 2026"}
    assert calls == ["DATE_FORMAT"]


def test_the_time_filter_answers_as_djangos_and_apart_from_the_date_filter():
    moment = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)
    source = "{{ value|date }}|{{ value|time }}|{{ value|time:'TIME_FORMAT' }}|{{ value|date }}"
    for language in ("nl", "en"):
        with translation.override(language), timezone.override(AMSTERDAM):
            local = timezone.localtime(moment)
            expected = "|".join(
                (
                    defaultfilters.date(local),
                    defaultfilters.time(local),
                    defaultfilters.time(local, "TIME_FORMAT"),
                    defaultfilters.date(local),
                )
            )
            for _ in range(2):  # made, then kept
                assert Template(source).render(Context({"value": moment})) == expected
    with translation.override("nl"), timezone.override(AMSTERDAM):
        assert Template("{{ value|time:'TIME_FORMAT' }}").render(Context({"value": moment})) == (
            "10:30"
        )

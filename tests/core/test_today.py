"""`visitor_cache.today()`: the day in every cached entry's key, worked out once per day."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from unittest import mock

import pytest
from django.utils import timezone

from leerplatform.core import visitor_cache

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    "moment",
    [
        # Either side of midnight in Amsterdam (22:59 and 23:00 UTC in winter).
        dt.datetime(2026, 12, 2, 22, 59, 59, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 2, 23, 0, 0, tzinfo=dt.UTC),
        # The nights the clocks go forward and back, and the days after.
        dt.datetime(2026, 3, 28, 22, 59, 59, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 28, 23, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 29, 21, 59, 59, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 29, 22, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 24, 21, 59, 59, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 24, 22, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 25, 22, 59, 59, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 25, 23, 0, 0, tzinfo=dt.UTC),
    ],
)
def test_today_is_the_local_date_at_every_moment(moment):
    with timezone.override(AMSTERDAM):
        # Asked a second before, so that the kept day must be given up at the right moment.
        for when in (moment - dt.timedelta(seconds=1), moment):
            with mock.patch("django.utils.timezone.now", return_value=when):
                assert visitor_cache.today() == timezone.localdate().isoformat()


def test_today_follows_the_time_zone():
    moment = dt.datetime(2026, 12, 2, 23, 30, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        with timezone.override(AMSTERDAM):
            assert visitor_cache.today() == "2026-12-03"
        with timezone.override(dt.UTC):
            assert visitor_cache.today() == "2026-12-02"

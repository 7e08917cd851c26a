"""Every request makes the site's own time zone the active one (core.middleware): the times
shown stay the same, and Django finds the zone at once for each date a template shows."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.template import Context, Template
from django.utils import timezone


def test_after_a_request_the_sites_zone_is_active_and_times_are_amsterdams(client, db):
    timezone.deactivate()
    assert not hasattr(timezone._active, "value")  # the slow path: a miss, then the default
    client.get("/")
    assert getattr(timezone._active, "value", None) == timezone.get_default_timezone()
    assert str(timezone.get_current_timezone()) == settings.TIME_ZONE == "Europe/Amsterdam"
    moment = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)
    shown = Template('{{ moment|date:"H:i" }}').render(Context({"moment": moment}))
    assert shown == "10:30"

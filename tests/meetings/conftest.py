"""Links in the meetings' emails and calendars are made from SITE_URL: here the test client's."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"

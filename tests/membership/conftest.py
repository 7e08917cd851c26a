import datetime as dt

import pytest
from django.utils import timezone

from tests import factories


@pytest.fixture(autouse=True)
def site_url(settings):
    """Absolute links in emails are made from SITE_URL (core.links): the test client's host."""
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def edition(db):
    """An edition that is still running: its calendar does not close applications (the tests
    of the calendar rule make their own ended edition)."""
    return factories.make_edition(ends_on=running_until())


def running_until() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=365)

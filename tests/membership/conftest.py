import pytest


@pytest.fixture(autouse=True)
def site_url(settings):
    """Absolute links in emails are made from SITE_URL (core.links): the test client's host."""
    settings.SITE_URL = "http://testserver"

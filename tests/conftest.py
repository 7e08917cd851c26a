"""Fixtures shared by the whole suite: one edition with a person in every role."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from leerplatform.editions.models import Role
from tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium where it exists (CI, these machines); Playwright's own elsewhere."""
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if Path(CHROMIUM).exists():
        args["executable_path"] = CHROMIUM
    return args


@pytest.fixture(autouse=True)
def _isolated_media(tmp_path, settings):
    """Uploads of each test go to a folder of its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_content_types_for_real_commits(request):
    """A test with real commits starts from a flushed and restored database: content types the
    process remembers from before may name rows that are not there (or are under other ids)."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
    yield


@pytest.fixture(autouse=True)
def _count_queries_without_the_visitor_cache(request, settings):
    """A test that counts a page's queries counts the page's own cost: for a visitor the second
    request would come from the visitor cache (core/visitor_cache.py) at no query at all, and the
    test's own bulk inserts send no signal to make it stale. Tests of the cache itself say so
    with the `visitor_cache` marker."""
    counting = {"django_assert_num_queries", "django_assert_max_num_queries"}
    if counting & set(request.fixturenames) and not request.node.get_closest_marker(
        "visitor_cache"
    ):
        settings.VISITOR_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache; every test starts without earlier attempts."""
    from django.core.cache import cache

    cache.clear()
    yield
    from leerplatform.core import version_watch

    version_watch.reset()  # a test that ran the local tier stops its thread


@pytest.fixture
def edition(db):
    return factories.make_edition()


@pytest.fixture
def participant(edition):
    return factories.make_member(edition, role=Role.PARTICIPANT, name="Pia Participant")


@pytest.fixture
def facilitator(edition):
    return factories.make_member(edition, role=Role.FACILITATOR, name="Fred Facilitator")


@pytest.fixture
def outsider(db):
    """Logged in, but a member of no edition."""
    return factories.make_user(name="Otto Outsider")


@pytest.fixture
def staff(db):
    return factories.make_user(name="Sam Staff", is_staff=True, is_superuser=True)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_user():
    return client_for


assert settings  # settings are imported for pytest-django's benefit


def pytest_collection_modifyitems(config, items):
    """Browser journeys last, the other tests with real commits just before them: both empty the
    database after each test (migration data such as institutions included), so no ordinary test
    may follow them in the same worker. With xdist's load scheduling the order of this list is the order of hand-out."""
    items.sort(key=lambda item: (item.get_closest_marker("e2e") is not None, _transactional(item)))


def _transactional(item) -> bool:
    """Tests with real commits empty the database afterwards: after the ordinary ones too.

    Each of them must ask for `serialized_rollback=True`. Django's flush after a test does not
    reset the id sequences, and without serialized rollback it runs post_migrate, which makes the
    content types again under new ids; the next test that restores the serialized data (with the
    old ids) then meets a duplicate content type (PostgreSQL). With serialized rollback throughout,
    every restore starts from an empty table or from the same ids."""
    marker = item.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return False
    if not marker.kwargs.get("serialized_rollback"):
        raise pytest.UsageError(
            f"{item.nodeid}: a test with transaction=True needs serialized_rollback=True "
            "(see tests/conftest.py, _transactional)"
        )
    return True


from tests.permission_support import world  # noqa: E402, F401  (the permission table's fixture)

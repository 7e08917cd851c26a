"""The visitor cache (core/visitor_cache.py): public pages for visitors, nothing personal.

Test settings turn it on (one process, one local cache), so every other test of a public page
goes through it too; these tests check its own promises.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from leerplatform.core import visitor_cache
from leerplatform.editions.models import Edition
from tests import factories
from tests.conftest import client_for
from tests.core.test_redis_optional import use_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return factories.make_edition(is_published=True, name="Zichtbare editie")


def page_key(path: str, **cookies) -> str:
    request = RequestFactory().get(path)
    request.COOKIES.update(cookies)
    # As stored: under this code's release (visitor_cache.versioned_get/versioned_set).
    return f"{visitor_cache.release()}:{visitor_cache.entry_key(request)}"


@pytest.mark.visitor_cache
def test_a_visitor_gets_the_second_request_from_the_cache_without_a_query(
    published, django_assert_num_queries
):
    path = reverse("editions:detail", args=[published.slug])
    first = Client().get(path)
    assert first.status_code == 200
    assert cache.get(page_key(path)) is not None
    with django_assert_num_queries(0):
        second = Client().get(path)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Zichtbare editie" in second.content.decode()


def test_a_logged_in_request_never_reads_the_visitor_cache(published, participant):
    path = reverse("editions:detail", args=[published.slug])
    Client().get(path)  # a visitor fills the cache
    assert cache.get(page_key(path)) is not None
    response = client_for(participant).get(path)
    assert response.status_code == 200
    assert reverse("account_logout") in response.content.decode()  # the logged-in header
    assert response.content != Client().get(path).content


def test_a_logged_in_request_never_fills_the_visitor_cache(published, participant):
    path = reverse("editions:detail", args=[published.slug])
    person = client_for(participant)
    assert person.get(path).status_code == 200
    assert person.get("/").status_code == 200
    assert cache.get(page_key(path)) is None
    assert cache.get(page_key("/")) is None


def test_someone_logged_out_with_a_session_cookie_is_not_served_from_it(published):
    path = reverse("editions:detail", args=[published.slug])
    Client().get(path)
    client = Client()
    client.cookies["sessionid"] = "not-a-session"
    response = client.get(path)
    assert response.status_code == 200
    assert not visitor_cache.is_visitor_request(response.wsgi_request)


def test_a_change_shows_at_once(published):
    path = reverse("editions:detail", args=[published.slug])
    assert "Zichtbare editie" in Client().get(path).content.decode()
    published.name = "Nieuwe naam van de editie"
    published.save()
    after = Client().get(path).content.decode()
    assert "Nieuwe naam van de editie" in after
    assert "Zichtbare editie" not in after


def test_a_change_through_an_update_shows_at_once_where_a_service_says_so(published):
    """QuerySet.update sends no signal; the services that use it call content_changed()."""
    path = reverse("editions:detail", args=[published.slug])
    Client().get(path)
    Edition.objects.filter(pk=published.pk).update(name="Stil veranderd")
    visitor_cache.content_changed()
    assert "Stil veranderd" in Client().get(path).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_stored_while_a_change_was_uncommitted_is_old_after_the_commit():
    """The bump after the commit: a page stored under the first new version is a miss."""
    published = factories.make_edition(is_published=True, name="Voor de commit")
    path = reverse("editions:detail", args=[published.slug])
    with transaction.atomic():
        published.name = "Na de commit"
        published.save()
        published.description = "Nog iets"
        published.save()
        # A request during the transaction stores its page under the first new version.
        assert Client().get(path).status_code == 200
        stored_version = cache.get(page_key(path))[0]
        assert cache.get(visitor_cache.VERSION_KEY) == stored_version
        queued = [c for _s, c, _r in transaction.get_connection().run_on_commit]
        assert queued.count(visitor_cache._bump) == 1  # queued once per transaction
    assert cache.get(visitor_cache.VERSION_KEY) != stored_version


def test_writing_private_rows_keeps_the_cache(published, participant):
    person = factories.make_user(name="Nog een persoon")
    version = visitor_cache.current_version(cache.get(visitor_cache.VERSION_KEY))
    person.save(update_fields=["last_login"])
    client_for(participant)  # a session row, and a login
    assert cache.get(visitor_cache.VERSION_KEY) == version


def test_each_language_has_its_own_page(published):
    path = reverse("editions:detail", args=[published.slug])
    dutch = Client().get(path).content.decode()
    english_client = Client()
    english_client.cookies["leerplatform_language"] = "en"
    english = english_client.get(path).content.decode()
    assert 'lang="nl"' in dutch
    assert 'lang="en"' in english
    assert page_key(path) != page_key(path, leerplatform_language="en")


def test_a_page_with_a_csrf_token_is_never_stored(db):
    path = reverse("account_login")
    assert Client().get(path).status_code == 200
    assert cache.get(page_key(path)) is None


def test_pages_that_are_not_a_plain_200_are_not_stored(db):
    missing = "/editions/bestaat-niet/"
    assert Client().get(missing).status_code == 404
    assert cache.get(page_key(missing)) is None
    private = reverse("editions:my_dashboard")
    assert Client().get(private).status_code == 302
    assert cache.get(page_key(private)) is None


def test_a_visitor_with_a_message_waiting_is_not_served_from_it(published):
    path = reverse("editions:detail", args=[published.slug])
    Client().get(path)
    client = Client()
    client.cookies["messages"] = "x"
    request = client.get(path).wsgi_request
    assert not visitor_cache.is_visitor_request(request)


def test_htmx_requests_are_not_served_from_it(published):
    path = reverse("editions:detail", args=[published.slug])
    Client().get(path)
    response = Client().get(path, headers={"HX-Request": "true"})
    assert not visitor_cache.is_visitor_request(response.wsgi_request)


def test_a_private_edition_never_reaches_the_cache(db):
    hidden = factories.make_edition(is_published=False, name="Verborgen editie")
    path = reverse("editions:detail", args=[hidden.slug])
    response = Client().get(path)
    assert response.status_code == 404
    assert cache.get(page_key(path)) is None


def test_the_language_switch_needs_no_csrf_token(published):
    """The switch is on every page; a token in it would keep every page out of the cache."""
    client = Client(enforce_csrf_checks=True)
    path = reverse("editions:detail", args=[published.slug])
    page = client.get(path).content.decode()
    switch = page.split('class="language-switch"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" not in switch
    response = client.post(reverse("set_language"), {"language": "en", "next": path})
    assert response.status_code == 302
    assert client.cookies["leerplatform_language"].value == "en"


def test_off_when_the_setting_is_zero(settings, published):
    settings.VISITOR_CACHE_SECONDS = 0
    path = reverse("editions:detail", args=[published.slug])
    Client().get(path)
    assert cache.get(page_key(path)) is None


def test_neither_read_nor_filled_during_a_redis_outage(settings, published):
    """Another worker could not learn of a change while each uses its own local cache."""
    use_cache(settings, "redis://127.0.0.1:1/0")  # nothing listens there: an outage
    path = reverse("editions:detail", args=[published.slug])
    assert Client().get(path).status_code == 200
    assert not visitor_cache.enabled()
    assert cache.get(page_key(path)) is None


def test_with_redis_a_visitor_page_is_served_from_redis(settings, published):
    use_cache(settings, "redis://127.0.0.1:6379/3")
    path = reverse("editions:detail", args=[published.slug])
    try:
        Client().get(path)
        assert visitor_cache.enabled()
        assert cache.get(page_key(path)) is not None
        published.name = "Via Redis veranderd"
        with transaction.atomic():
            published.save()
        assert "Via Redis veranderd" in Client().get(path).content.decode()
    finally:
        cache.clear()


def test_a_hit_carries_the_headers_of_every_middleware(published):
    """The cache is the outermost middleware: what it stores has passed all the others."""
    path = reverse("editions:detail", args=[published.slug])
    first = Client().get(path)
    second = Client().get(path)
    assert cache.get(page_key(path)) is not None
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert second.get(header) == first.get(header) is not None, header


@pytest.mark.visitor_cache
def test_a_plain_http_request_is_redirected_not_served_the_https_page(published, settings):
    settings.SECURE_SSL_REDIRECT = True
    path = reverse("editions:detail", args=[published.slug])
    assert Client().get(path, secure=True).status_code == 200  # stored under https
    plain = Client().get(path)
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")


def test_static_files_never_touch_the_cache(settings):
    request = RequestFactory().get(settings.STATIC_URL + "core/css/app.css")
    assert not visitor_cache.is_visitor_request(request)


@pytest.mark.visitor_cache
def test_what_another_release_stored_is_never_read(published, monkeypatch):
    """An upgrade may change what a read keeps or how a page looks: entries are kept under the
    code's release, so the new code reads none of the old one's, under the same content version."""
    path = f"/editions/{published.slug}/"
    client = Client()
    client.get(path)
    assert cache.get(page_key(path)) is not None
    version, _value = visitor_cache.versioned_get("shared-read:probe")
    visitor_cache.versioned_set("shared-read:probe", version, "stored by the old release")
    monkeypatch.setattr(visitor_cache, "release", lambda: "another-release")
    assert not visitor_cache.found(visitor_cache.versioned_get("shared-read:probe")[1])
    assert visitor_cache.versioned_get("shared-read:probe")[0] == version  # one content version

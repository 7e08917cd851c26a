"""Log in with SURFconext, in a real browser (issue 17, point 5), against a real OpenID Connect
provider (tests/oidc_provider, started once per session on 127.0.0.1): a newcomer logs in
through it and lands on the page that says how to join; later they confirm who they are through
it on allauth's reauthenticate page (the provider asks for their password again); with the
provider down the login page's button leads to a clear message and the password still works.
axe-core checks every page of ours; with E2E_SCREENSHOTS=<folder> it keeps screenshots of the
login page (and the other pages of ours) at 1280 and 390 px.

Labels are the catalogue's translations of our msgids, so the journey reads the same before and
after the Dutch catalogue has them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from allauth.account.decorators import reauthentication_required
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path
from django.utils import translation
from playwright.sync_api import Page, expect

from leerplatform import urls as project_urls
from leerplatform.accounts.models import Institution, User
from tests import factories
from tests.e2e.test_journeys import assert_accessible
from tests.oidc_provider import fixtures
from tests.oidc_provider.fixtures import CALLBACK_PATH, DOWN_PORT, PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls(__name__),
]

oidc_provider = fixtures.oidc_provider  # the session's provider process
SHOTS = os.environ.get("E2E_SCREENSHOTS", "")
WIDTHS = (1280, 390)


@login_required
@reauthentication_required
def sensitive(request):
    """Stands in for a page behind allauth's @reauthentication_required (erase my account)."""
    return HttpResponse(f"<!doctype html><title>ok</title><p>done: {request.method}</p>")


urlpatterns = [*project_urls.urlpatterns, path("test-sensitive/", sensitive)]


def nl(text: str) -> str:
    with translation.override("nl"):
        return translation.gettext(text)


def _screenshots(page: Page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(SHOTS) / f"sso-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 720})


@pytest.fixture
def surfconext(live_server, oidc_provider, settings):
    """SURFconext on against the test provider, which may send people back to this server."""
    settings.SURFCONEXT_ISSUER = oidc_provider.issuer
    settings.SURFCONEXT_CLIENT_ID = oidc_provider.client_id
    settings.SURFCONEXT_CLIENT_SECRET = oidc_provider.client_secret
    oidc_provider.allow_redirect_uri(f"{live_server.url}{CALLBACK_PATH}")
    factories.make_running_edition(name="Leerplatform 2027", is_published=True)
    # The hogeschool the journey's person comes from. The data migration loads it, but in a full
    # run an earlier test with real commits on other threads (tests/library/test_extract_limits.py)
    # can leave this test's restore of the migration data unseen; the mapping itself is tested
    # against the migration's rows in tests/accounts/test_surfconext.py.
    Institution.objects.get_or_create(name="Hogeschool Utrecht")
    return oidc_provider


def _log_in_at_provider(page: Page, username: str) -> None:
    expect(page.get_by_role("heading", name="Test-SURFconext")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen bij de instelling").click()


def test_a_newcomer_logs_in_with_surfconext_and_later_confirms_it_is_them(
    page: Page, live_server, surfconext
):
    base = live_server.url
    username = surfconext.add_person(
        "sanne",
        email="sanne.jansen@hu.nl",
        email_verified=True,
        name="Sanne Jansen",
        schac_home_organization="hu.nl",
    )

    # Our login page, with the SURFconext button under the password form.
    page.goto(f"{base}/accounts/login/")
    assert_accessible(page)
    _screenshots(page, "login")
    page.get_by_role("button", name=nl("Log in with SURFconext")).click()

    # At the provider (the form posts to us, we redirect there: CSP's form-action allows it).
    _log_in_at_provider(page, username)

    # Back: an account, no membership, on the page that says how to join.
    expect(page).to_have_url(f"{base}/")
    expect(page.locator(".messages")).to_contain_text(
        nl(
            "Welcome! You now have an account, but you do not take part in an edition yet: "
            "apply to take part, or wait for an invitation from its facilitators."
        )
    )
    expect(page.get_by_role("heading", name=nl("How to join"))).to_be_visible()
    expect(page.get_by_role("button", name=nl("Log out"))).to_be_attached()
    assert_accessible(page)
    _screenshots(page, "welcome")
    person = User.objects.get(email="sanne.jansen@hu.nl")
    assert person.institution == Institution.objects.get(name="Hogeschool Utrecht")
    assert SocialAccount.objects.filter(user=person, provider="surfconext").exists()

    # A page behind @reauthentication_required: without a password she confirms through
    # SURFconext, which asks for her password again although she is still logged in there.
    page.goto(f"{base}/test-sensitive/")
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/\?next="))
    expect(page.locator('main input[name="password"]')).to_have_count(0)
    assert_accessible(page)
    _screenshots(page, "reauthenticate")
    page.get_by_role("button", name=nl("Confirm with SURFconext")).click()
    _log_in_at_provider(page, username)
    expect(page.get_by_text("done: GET")).to_be_visible()
    # Confirmed: the next few minutes the page opens straight away.
    page.goto(f"{base}/test-sensitive/")
    expect(page.get_by_text("done: GET")).to_be_visible()


def test_with_surfconext_down_the_page_says_so_and_the_password_still_works(
    page: Page, live_server, surfconext, settings
):
    base = live_server.url
    settings.SURFCONEXT_ISSUER = f"http://127.0.0.1:{DOWN_PORT}/o"
    person = factories.make_user(email="ruud@hr.nl", name="Ruud")

    page.goto(f"{base}/accounts/login/")
    page.get_by_role("button", name=nl("Log in with SURFconext")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("SURFconext is not reachable"))
    expect(page.locator("main")).to_contain_text(
        nl(
            "SURFconext is not reachable right now, so you cannot log in with it. Log in with "
            "your email address and password, or try again later."
        )
    )
    assert_accessible(page)
    _screenshots(page, "unreachable")

    page.get_by_role("link", name=nl("Log in with your password")).click()
    page.get_by_label("E-mailadres").fill(person.email)
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.locator("main").get_by_role("button", name=nl("Log in"), exact=True).click()
    expect(page.get_by_role("button", name=nl("Log out"))).to_be_attached()

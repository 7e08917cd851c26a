"""Log in with SURFconext (issue 17, point 5), against a real OpenID Connect provider.

The provider is the small Django project in tests/oidc_provider (django-oauth-toolkit, RS256),
started once per session on 127.0.0.1; nothing of the HTTP exchange is mocked: our login view
fetches its discovery document, the person logs in at the provider, and our callback exchanges
the code, reads the ID token and the userinfo answer. Texts are compared with their translation,
so the tests read the same before and after the Dutch catalogue has them.
"""

from __future__ import annotations

import csv
import secrets
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.decorators import reauthentication_required
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.decorators import login_required
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse
from django.utils import translation

from leerplatform import urls as project_urls
from leerplatform.accounts import sso
from leerplatform.accounts.models import Institution, User
from leerplatform.editions.models import Membership
from leerplatform.privacy.receivers import LOGGED_IN_AT
from tests import factories
from tests.oidc_provider import fixtures
from tests.oidc_provider.fixtures import CALLBACK_PATH, DOWN_PORT, log_in_at_provider

oidc_provider = fixtures.oidc_provider  # the session's provider process
surfconext = fixtures.surfconext  # SURFconext on, against it, for one test

pytestmark = pytest.mark.django_db

LOGIN_PATH = "/accounts/oidc/surfconext/login/"
WELCOME = (
    "Welcome! You now have an account, but you do not take part in an edition yet: apply to "
    "take part, or wait for an invitation from its facilitators."
)
UNREACHABLE = (
    "SURFconext is not reachable right now, so you cannot log in with it. Log in with your "
    "email address and password, or try again later."
)
LOGGED_OUT = (
    "You are logged out of Leerplatform. SURFconext may still remember you: on a shared "
    "computer, close the browser as well."
)
DATA = Path(sso.__file__).resolve().parent / "data"


def dutch(text: str) -> str:
    with translation.override("nl"):
        return translation.gettext(text)


def person_at(provider, **claims) -> str:
    return provider.add_person(f"p-{secrets.token_hex(4)}", **claims)


def start(client: Client, data: dict | None = None, query: str = "") -> str:
    """Press "Log in with SURFconext": the address at the provider we are sent to."""
    response = client.post(f"{LOGIN_PATH}{query}", data or {"process": "login"})
    assert response.status_code == 302, response.content.decode()[:500]
    return response.url


def come_back(client: Client, callback: str):
    parts = urlsplit(callback)
    assert parts.path == CALLBACK_PATH
    return client.get(f"{parts.path}?{parts.query}")


def sso_login(client: Client, username: str, data: dict | None = None, query: str = ""):
    """The whole round trip: our login view, the provider's login, our callback."""
    return come_back(client, log_in_at_provider(start(client, data, query), username))


def logged_in_user(client: Client) -> User | None:
    pk = client.session.get(SESSION_KEY)
    return User.objects.get(pk=pk) if pk else None


# --- On and off ----------------------------------------------------------------------------------


def test_without_settings_there_is_no_button_and_no_login(db, client):
    page = client.get(reverse("account_login")).content.decode()
    assert LOGIN_PATH not in page
    assert client.post(LOGIN_PATH).status_code == 404


def test_the_login_page_offers_surfconext_when_configured(surfconext, client):
    response = client.get(reverse("account_login"))
    page = response.content.decode()
    assert f'action="{LOGIN_PATH}?process=login"' in page
    assert dutch("Log in with SURFconext") in page
    # The login form is redirected to SURFconext: CSP's form-action allows its origin.
    assert f"form-action 'self' {surfconext.base}" in response["Content-Security-Policy"]


def test_a_get_only_asks_before_it_leaves_the_site(surfconext, client):
    response = client.get(LOGIN_PATH)
    assert response.status_code == 200
    assert dutch("Continue to SURFconext") in response.content.decode()


def test_the_request_asks_for_the_configured_scopes_with_pkce(surfconext, client, settings):
    settings.SURFCONEXT_SCOPES = ["openid", "email"]
    query = parse_qs(urlsplit(start(client)).query)
    assert sorted(query["scope"][0].split()) == ["email", "openid"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [f"http://testserver{CALLBACK_PATH}"]


# --- First login ---------------------------------------------------------------------------------


def test_a_first_login_makes_a_person_with_their_hogeschool_and_no_membership(surfconext, client):
    username = person_at(
        surfconext,
        email="Fatima.Bakker@hva.nl",
        email_verified=True,
        name="Fatima Bakker",
        schac_home_organization="hva.nl",
    )
    response = sso_login(client, username)

    assert response.status_code == 302
    assert response.url == reverse("editions:home")  # says how to apply or to be invited
    person = logged_in_user(client)
    assert person is not None and person.email == "fatima.bakker@hva.nl"
    assert person.name == "Fatima Bakker"
    assert person.institution == Institution.objects.get(name="Hogeschool van Amsterdam")
    assert not person.has_usable_password()
    assert EmailAddress.objects.get(user=person).verified
    assert SocialAccount.objects.get(user=person).provider == "surfconext"
    assert not Membership.objects.filter(user=person).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert dutch(WELCOME) in messages


def test_the_next_login_finds_the_same_person(surfconext, client):
    username = person_at(surfconext, email="joost@hu.nl", email_verified=True, name="Joost")
    sso_login(client, username)
    first = logged_in_user(client)
    client.logout()
    sso_login(Client(), username)
    assert User.objects.filter(email="joost@hu.nl").count() == 1
    assert SocialAccount.objects.filter(user=first).count() == 1


def test_an_unknown_institution_is_left_empty(surfconext, client):
    username = person_at(
        surfconext,
        email="kim@example.edu",
        email_verified=True,
        schac_home_organization="example.edu",
    )
    sso_login(client, username)
    person = logged_in_user(client)
    assert person is not None and person.institution is None


def test_a_newcomer_whose_email_is_not_verified_confirms_it_first(surfconext, client):
    username = person_at(surfconext, email="nieuw@hr.nl", email_verified=False)
    response = sso_login(client, username)

    assert logged_in_user(client) is None
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    person = User.objects.get(email="nieuw@hr.nl")
    assert not EmailAddress.objects.get(user=person).verified
    assert [m.to for m in mail.outbox] == [["nieuw@hr.nl"]]


def test_without_an_email_address_the_newcomer_gives_one(surfconext, client):
    username = person_at(surfconext, name="Zonder Adres", schac_home_organization="fontys.nl")
    response = sso_login(client, username)
    assert response.url == reverse("socialaccount_signup")
    page = client.get(response.url).content.decode()
    assert dutch("One more step") in page

    response = client.post(reverse("socialaccount_signup"), {"email": "zonder.adres@fontys.nl"})
    assert response.status_code == 302
    person = User.objects.get(email="zonder.adres@fontys.nl")
    assert person.institution == Institution.objects.get(name="Fontys Hogescholen")
    assert [m.to for m in mail.outbox] == [["zonder.adres@fontys.nl"]]


# --- Linking an existing account -----------------------------------------------------------------


def test_a_verified_matching_email_links_the_existing_account(surfconext, client):
    existing = factories.make_user(email="anne@avans.nl", name="Anne de Vries")
    username = person_at(
        surfconext,
        email="ANNE@avans.nl",
        email_verified=True,
        schac_home_organization="avans.nl",
    )
    sso_login(client, username)

    assert logged_in_user(client) == existing
    assert SocialAccount.objects.get(provider="surfconext", uid=username).user == existing
    assert User.objects.filter(email__iexact="anne@avans.nl").count() == 1
    existing.refresh_from_db()
    assert existing.has_usable_password()  # the password login keeps working
    assert existing.institution == Institution.objects.get(name="Avans Hogeschool")
    assert existing.name == "Anne de Vries"


def test_linking_keeps_the_institution_the_person_chose(surfconext, client):
    chosen = Institution.objects.get(name="Saxion")
    existing = factories.make_user(email="bram@windesheim.nl", institution=chosen)
    username = person_at(
        surfconext,
        email="bram@windesheim.nl",
        email_verified=True,
        schac_home_organization="windesheim.nl",
    )
    sso_login(client, username)
    existing.refresh_from_db()
    assert existing.institution == chosen


@pytest.mark.parametrize("email_verified", [False, None], ids=["false", "absent"])
def test_an_unverified_email_links_nothing_and_logs_nobody_in(surfconext, client, email_verified):
    existing = factories.make_user(email="carla@han.nl")
    username = person_at(surfconext, email="carla@han.nl", email_verified=email_verified)
    response = sso_login(client, username)

    assert logged_in_user(client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email__iexact="carla@han.nl").count() == 1
    existing.refresh_from_db()
    assert existing.has_usable_password()
    # The same answer as for a newcomer (nothing tells whether the address has an account); the
    # owner of the address is told by email that someone tried.
    assert response.url == reverse("account_email_verification_sent")
    assert [m.to for m in mail.outbox] == [["carla@han.nl"]]


def test_an_address_in_a_domain_the_installation_trusts_links_without_the_claim(
    surfconext, client, settings
):
    settings.SURFCONEXT_VERIFIED_EMAIL_DOMAINS = ["HAN.nl"]
    existing = factories.make_user(email="carla@han.nl")
    stranger = factories.make_user(email="carla@example.org")
    sso_login(client, person_at(surfconext, email="carla@han.nl", email_verified=None))
    assert logged_in_user(client) == existing

    client.logout()
    sso_login(client, person_at(surfconext, email="carla@example.org", email_verified=None))
    assert logged_in_user(client) is None  # another domain: the claim is still needed
    assert not SocialAccount.objects.filter(user=stranger).exists()


def test_an_address_nobody_confirmed_here_links_nothing(surfconext, client):
    existing = factories.make_user(email="dirk@hhs.nl")
    EmailAddress.objects.filter(user=existing).update(verified=False)
    username = person_at(surfconext, email="dirk@hhs.nl", email_verified=True)
    sso_login(client, username)

    assert logged_in_user(client) is None
    assert not SocialAccount.objects.exists()
    existing.refresh_from_db()
    assert existing.has_usable_password()  # allauth would wipe it when linking such an address


# --- SURFconext down -----------------------------------------------------------------------------


def test_when_surfconext_is_down_the_page_says_so_and_the_password_still_works(
    surfconext, client, settings
):
    settings.SURFCONEXT_ISSUER = f"http://127.0.0.1:{DOWN_PORT}/o"
    response = client.post(LOGIN_PATH, {"process": "login"})

    assert response.status_code == 401
    page = response.content.decode()
    assert dutch("SURFconext is not reachable") in page
    assert dutch(UNREACHABLE) in page
    assert f'href="{reverse("account_login")}"' in page

    person = factories.make_user(email="eva@zuyd.nl")
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert logged_in_user(client) == person


def test_when_surfconext_goes_down_during_the_login_the_callback_says_so(
    surfconext, client, settings
):
    username = person_at(surfconext, email="frank@hz.nl", email_verified=True)
    callback = log_in_at_provider(start(client), username)
    settings.SURFCONEXT_ISSUER = f"http://127.0.0.1:{DOWN_PORT}/o"
    response = come_back(client, callback)
    assert response.status_code == 401
    assert dutch("SURFconext is not reachable") in response.content.decode()
    assert logged_in_user(client) is None


def test_a_login_cancelled_at_surfconext_says_so(surfconext, client):
    authorize = start(client)
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    response = client.get(f"{CALLBACK_PATH}?error=access_denied&state={state}")
    assert response.url == reverse("socialaccount_login_cancelled")
    assert dutch("Logging in cancelled") in client.get(response.url).content.decode()


# --- Logout --------------------------------------------------------------------------------------


def test_logout_ends_the_local_session(surfconext, client):
    username = person_at(surfconext, email="gijs@buas.nl", email_verified=True)
    sso_login(client, username)
    assert logged_in_user(client) is not None

    response = client.post(reverse("account_logout"), follow=True)
    assert logged_in_user(client) is None
    page = response.content.decode()
    assert dutch(LOGGED_OUT) in page
    assert client.get(reverse("editions:my_dashboard")).status_code == 302


# --- Reauthentication (the erase-my-account flow asks for it) -------------------------------------


@login_required
@reauthentication_required
def sensitive(request):
    """Stands in for a view behind allauth's @reauthentication_required (erase my account)."""
    return HttpResponse(f"done: {request.method} {request.POST.get('what', '')}")


urlpatterns = [*project_urls.urlpatterns, path("test-sensitive/", sensitive)]


def _sso_only_person(surfconext, client: Client) -> tuple[User, str]:
    username = person_at(
        surfconext, email=f"{secrets.token_hex(3)}@inholland.nl", email_verified=True
    )
    sso_login(client, username)
    person = logged_in_user(client)
    assert person is not None and not person.has_usable_password()
    return person, username


@pytest.mark.urls(__name__)
def test_a_surfconext_only_person_confirms_through_surfconext(surfconext, client):
    person, username = _sso_only_person(surfconext, client)

    # allauth would let someone without a password through unasked; ours is asked.
    response = client.post("/test-sensitive/", {"what": "erase"})
    assert response.status_code == 302
    assert response.url == f"{reverse('account_reauthenticate')}?next=%2Ftest-sensitive%2F"

    page = client.get(response.url).content.decode()
    assert 'name="password"' not in page  # there is no password to give
    action = f"{LOGIN_PATH}?process=reauthenticate&amp;auth_params=prompt%3Dlogin&amp;next=%2Ftest-sensitive%2F"
    assert f'action="{action}"' in page
    assert dutch("Confirm with SURFconext") in page

    # The provider is asked to log the person in again (prompt=login), then the suspended
    # request goes on, as after a password.
    authorize = start(
        client,
        {"next": "/test-sensitive/"},
        query="?process=reauthenticate&auth_params=prompt%3Dlogin",
    )
    assert parse_qs(urlsplit(authorize).query)["prompt"] == ["login"]
    response = come_back(client, log_in_at_provider(authorize, username))
    assert response.status_code == 200
    assert response.content.decode() == "done: POST erase"
    assert logged_in_user(client) == person

    # Confirmed: for the next few minutes it is not asked again.
    assert client.post("/test-sensitive/", {"what": "again"}).content.decode() == "done: POST again"


@pytest.mark.urls(__name__)
def test_another_surfconext_account_cannot_confirm(surfconext, client):
    person, _username = _sso_only_person(surfconext, client)
    someone_else = person_at(surfconext, email="iemand@saxion.nl", email_verified=True)
    sso_login(Client(), someone_else)  # their own account exists

    client.post("/test-sensitive/", {"what": "erase"})
    authorize = start(
        client,
        {"next": "/test-sensitive/"},
        query="?process=reauthenticate&auth_params=prompt%3Dlogin",
    )
    response = come_back(client, log_in_at_provider(authorize, someone_else))
    assert response.status_code == 403
    assert dutch("Another SURFconext account") in response.content.decode()
    assert logged_in_user(client) == person  # nobody was switched
    response = client.post("/test-sensitive/", {"what": "erase"})
    assert response.status_code == 302  # still not confirmed


@pytest.mark.urls(__name__)
def test_a_person_with_a_password_confirms_with_it_and_may_use_surfconext(surfconext, client):
    person = factories.make_user(email="hanna@hanze.nl")
    username = person_at(surfconext, email="hanna@hanze.nl", email_verified=True)
    sso_login(client, username)  # linked by verified email
    assert logged_in_user(client) == person

    response = client.post("/test-sensitive/", {"what": "erase"})
    page = client.get(response.url).content.decode()
    assert 'name="password"' in page
    assert "process=reauthenticate" in page

    response = client.post(
        reverse("account_reauthenticate") + "?next=/test-sensitive/",
        {"password": factories.PASSWORD, "next": "/test-sensitive/"},
    )
    assert response.content.decode() == "done: POST erase"


@pytest.mark.urls(__name__)
def test_a_password_only_person_sees_no_surfconext_on_the_reauthenticate_page(surfconext, client):
    client.force_login(factories.make_user())
    response = client.post("/test-sensitive/", {"what": "erase"})
    page = client.get(response.url).content.decode()
    assert 'name="password"' in page
    assert "process=reauthenticate" not in page


# --- The hogescholen ---------------------------------------------------------------------------


def test_every_mapped_name_is_one_of_our_hogescholen():
    names = {
        line.strip()
        for line in (DATA / "hogescholen.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    lines = [
        line
        for line in (DATA / "schac_home_organizations.csv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    rows = list(csv.DictReader(lines))
    assert rows, "the mapping has rows"
    assert {row["institution"] for row in rows} <= names
    domains = [row["schac_home_organization"] for row in rows]
    assert len(domains) == len(set(domains))
    assert all(domain == domain.strip().lower() and "." in domain for domain in domains)


@pytest.mark.parametrize(
    ("claim", "name"),
    [
        ("hva.nl", "Hogeschool van Amsterdam"),
        ("HvA.nl", "Hogeschool van Amsterdam"),
        ("student.hva.nl", "Hogeschool van Amsterdam"),
        ("nhlstenden.com", "NHL Stenden Hogeschool"),
        ("uva.nl", None),
        ("nl", None),
        ("", None),
        (None, None),
        (["hva.nl"], None),
    ],
)
def test_the_hogeschool_of_a_schac_home_organization(claim, name):
    assert sso.hogeschool_name(claim) == name


def test_a_surfconext_only_person_reaches_erase_my_account_through_surfconext(surfconext, client):
    """The erase page asks a person without a password for a recent login; a confirmation
    through SURFconext is one (it must not log them out and send them round again)."""
    person, username = _sso_only_person(surfconext, client)
    session = client.session
    session[LOGGED_IN_AT] = 0  # the login itself was long ago
    session.save()
    erase = reverse("privacy:erase")

    response = client.get(erase)
    assert response.url.startswith(reverse("account_reauthenticate"))
    authorize = start(
        client, {"next": erase}, query="?process=reauthenticate&auth_params=prompt%3Dlogin"
    )
    response = come_back(client, log_in_at_provider(authorize, username))
    assert response.status_code == 302 and response.url == erase

    page = client.get(erase)
    assert page.status_code == 200
    assert 'class="card erase__form"' in page.content.decode()
    assert logged_in_user(client) == person

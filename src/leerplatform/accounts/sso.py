"""Login with SURFconext: the app allauth logs in with, the hogeschool a login comes from, and how
a person who logs in with SURFconext only confirms who they are (reauthentication).

SURFconext is an OpenID Connect provider to allauth (`allauth.socialaccount.providers.
openid_connect`) under the provider id `surfconext`; the app is made from the `SURFCONEXT_*`
settings, so it is off while one of them is empty. SSO is a way to log in, not a way in: what a
login may link or create is decided in `accounts.adapters.SocialAccountAdapter`.

The hogeschool comes from the `schac_home_organization` claim (a domain such as "hva.nl"), looked
up in `data/schac_home_organizations.csv`: data, so a new or renamed hogeschool is a line there.
"""

from __future__ import annotations

import csv
import functools
import time
from pathlib import Path

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django.conf import settings
from django.http import HttpRequest

from leerplatform.accounts.models import Institution, User

PROVIDER_ID = "surfconext"
# The `process` of a SURFconext login that confirms who is already logged in (the reauthenticate
# page sends it); allauth runs any process it does not know as a login, our adapter intercepts it.
REAUTHENTICATE = "reauthenticate"
MAPPING_FILE = Path(__file__).resolve().parent / "data" / "schac_home_organizations.csv"


def is_configured() -> bool:
    """Whether "Inloggen met SURFconext" is on: issuer, client id and secret are all set."""
    return bool(
        settings.SURFCONEXT_ISSUER
        and settings.SURFCONEXT_CLIENT_ID
        and settings.SURFCONEXT_CLIENT_SECRET
    )


def surfconext_app() -> SocialApp | None:
    """The (unsaved) allauth app for SURFconext, or None while it is off."""
    if not is_configured():
        return None
    return SocialApp(
        provider="openid_connect",
        provider_id=PROVIDER_ID,
        name="SURFconext",
        client_id=settings.SURFCONEXT_CLIENT_ID,
        secret=settings.SURFCONEXT_CLIENT_SECRET,
        settings={
            "server_url": settings.SURFCONEXT_ISSUER,
            "scope": list(settings.SURFCONEXT_SCOPES),
            # allauth's own rule: an address in one of these domains counts as verified.
            "verified_email": [d.lower() for d in settings.SURFCONEXT_VERIFIED_EMAIL_DOMAINS],
        },
    )


# --- The hogeschool ------------------------------------------------------------------------------


@functools.cache
def hogeschool_names() -> dict[str, str]:
    """schacHomeOrganization (lower case) -> the hogeschool's name as in data/hogescholen.txt."""
    with MAPPING_FILE.open(encoding="utf-8", newline="") as data:
        lines = [line for line in data if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(lines)
    return {
        row["schac_home_organization"].strip().lower(): row["institution"].strip() for row in rows
    }


def hogeschool_name(schac_home_organization: object) -> str | None:
    """The hogeschool of a schacHomeOrganization value; a subdomain counts as its domain
    ("student.hva.nl" is the Hogeschool van Amsterdam). None for anything else."""
    if not isinstance(schac_home_organization, str):
        return None
    labels = schac_home_organization.strip().lower().rstrip(".").split(".")
    names = hogeschool_names()
    while len(labels) >= 2:
        name = names.get(".".join(labels))
        if name:
            return name
        labels = labels[1:]
    return None


def institution_for(schac_home_organization: object) -> Institution | None:
    """Our Institution for the claim, or None (unknown: the person picks one in their profile)."""
    name = hogeschool_name(schac_home_organization)
    if name is None:
        return None
    return Institution.objects.filter(name=name).first()


def claims(sociallogin: SocialLogin) -> dict:
    """What SURFconext said about the person: the userinfo answer, else the ID token."""
    data = sociallogin.account.extra_data or {}
    return data.get("userinfo") or data.get("id_token") or {}


# --- Reauthentication ----------------------------------------------------------------------------


def has_surfconext_account(user: User) -> bool:
    return bool(user.pk) and SocialAccount.objects.filter(user=user, provider=PROVIDER_ID).exists()


def can_confirm_with_surfconext(user: User) -> bool:
    """Whether `user` can confirm who they are through SURFconext (it is on and linked to them)."""
    return user.is_authenticated and is_configured() and has_surfconext_account(user)


def confirmed_recently(request: HttpRequest) -> bool:
    """Whether the person logged in confirmed who they are within allauth's reauthentication
    timeout (by password or through SURFconext: both leave a `reauthenticated` record)."""
    records = [
        record
        for record in get_authentication_records(request, request.user)
        if record.get("reauthenticated")
    ]
    if not records:
        return False
    return time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT


def must_confirm_with_surfconext(request: HttpRequest) -> bool:
    """allauth asks nobody without a usable password to reauthenticate (it has no way for them);
    ours can, through SURFconext, and so they must, like everyone with a password."""
    user = request.user
    return (
        user.is_authenticated
        and not user.has_usable_password()
        and can_confirm_with_surfconext(user)
        and not confirmed_recently(request)
    )


def record_confirmation(request: HttpRequest, sociallogin: SocialLogin) -> None:
    """Note in the session that the person logged in just confirmed who they are."""
    record_authentication(
        request,
        request.user,
        "socialaccount",
        reauthenticated=True,
        provider=sociallogin.account.provider,
        uid=sociallogin.account.uid,
    )

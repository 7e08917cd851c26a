"""Logging in and out, closed sign-up, email verification, passwords and rate limits (allauth)."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from leerplatform.accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
WRONG_PASSWORD = "not-the-right-password"


def log_in(client, email: str, password: str = factories.PASSWORD):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def logged_in_user_id(client) -> str | None:
    return client.session.get(SESSION_KEY)


def test_login_by_email_and_password_leads_to_the_persons_edition_dashboard(
    client, participant, edition
):
    response = log_in(client, participant.email)

    assert response.status_code == 302
    assert response.url == reverse("editions:my_dashboard")
    assert logged_in_user_id(client) == str(participant.pk)
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url == reverse("editions:dashboard", kwargs={"slug": edition.slug})
    assert client.get(response.url).status_code == 200


def test_login_ignores_the_case_of_the_email_address(client, participant):
    response = log_in(client, participant.email.upper())

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(participant.pk)


def test_a_wrong_password_does_not_log_in(client, participant):
    response = log_in(client, participant.email, WRONG_PASSWORD)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert logged_in_user_id(client) is None


def test_login_page_asks_for_email_and_password(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert {"login", "password"} <= set(form.fields)
    html = response.content.decode()
    assert 'name="login"' in html and 'name="password"' in html


def test_signup_is_closed_and_creates_nobody(client):
    email = "nieuw@example.org"
    response = client.post(
        "/accounts/signup/",
        {
            "email": email,
            "password1": "Een-lang-wachtwoord-42",
            "password2": "Een-lang-wachtwoord-42",
        },
    )

    assert response.status_code == 200
    assert "account/signup_closed" in response.templates[0].name
    assert not User.objects.filter(email=email).exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert logged_in_user_id(client) is None
    assert mail.outbox == []


def test_a_person_with_an_unverified_email_gets_a_verification_mail_and_stays_logged_out(
    client, db
):
    user = User.objects.create_user(
        email="onbevestigd@example.org", password=factories.PASSWORD, name="Olga Onbevestigd"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    response = log_in(client, user.email)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_following_the_verification_link_verifies_the_address(client, db):
    user = User.objects.create_user(
        email="bevestig@example.org", password=factories.PASSWORD, name="Bo Bevestig"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    log_in(client, user.email)
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body)[1]

    assert client.get(link).status_code == 200  # confirm with a POST, not on GET
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert logged_in_user_id(client) == str(user.pk)


def _reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body)[1]


def test_password_reset_mails_a_link_that_sets_a_new_password(client, participant):
    response = client.post("/accounts/password/reset/", {"email": participant.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [participant.email]
    assert mail.outbox[0].subject.startswith("[Leerplatform] ")

    response = client.get(_reset_link(mail.outbox[0]))
    # allauth moves the key out of the address before it shows the form.
    assert response.status_code == 302
    set_password_url = response.url
    new_password = "Nieuw-wachtwoord-voor-Pia-2024"
    response = client.post(set_password_url, {"password1": new_password, "password2": new_password})

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password(new_password)
    assert not participant.check_password(factories.PASSWORD)
    assert logged_in_user_id(client) is None  # ACCOUNT_LOGIN_ON_PASSWORD_RESET is off
    assert log_in(client, participant.email, new_password).status_code == 302
    assert logged_in_user_id(client) == str(participant.pk)


def test_a_reset_link_works_only_once(client, participant):
    client.post("/accounts/password/reset/", {"email": participant.email})
    link = _reset_link(mail.outbox[0])
    set_password_url = client.get(link).url
    client.post(
        set_password_url, {"password1": "Eerste-nieuw-2024!", "password2": "Eerste-nieuw-2024!"}
    )

    response = client.get(link, follow=True)

    assert response.context.get("token_fail") is True
    participant.refresh_from_db()
    assert participant.check_password("Eerste-nieuw-2024!")


def test_password_reset_for_an_unknown_address_contains_no_reset_link(client, db):
    client.post("/accounts/password/reset/", {"email": "niemand@example.org"})

    assert all("/accounts/password/reset/key/" not in m.body for m in mail.outbox)


def test_logout_happens_on_post(client, participant):
    log_in(client, participant.email)
    assert logged_in_user_id(client) == str(participant.pk)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response.url == reverse("editions:home")
    assert logged_in_user_id(client) is None


def test_logout_by_get_only_asks_for_confirmation(client, participant):
    log_in(client, participant.email)

    response = client.get("/accounts/logout/")

    assert response.status_code == 200
    assert logged_in_user_id(client) == str(participant.pk)


def test_changing_the_password_keeps_the_person_logged_in(client, participant):
    log_in(client, participant.email)
    new_password = "Een-ander-wachtwoord-2024"

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": factories.PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password(new_password)
    assert logged_in_user_id(client) == str(participant.pk)


def test_changing_the_password_needs_the_current_one(client, participant):
    log_in(client, participant.email)

    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": WRONG_PASSWORD,
            "password1": "Xyz-lang-genoeg-42",
            "password2": "Xyz-lang-genoeg-42",
        },
    )

    assert response.status_code == 200
    assert "oldpassword" in response.context["form"].errors
    participant.refresh_from_db()
    assert participant.check_password(factories.PASSWORD)


def test_a_visitor_is_sent_to_log_in_for_the_change_password_page(client):
    response = client.get("/accounts/password/change/")

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_after_five_failed_logins_even_the_right_password_is_refused(client, participant):
    for _ in range(5):
        response = log_in(client, participant.email, WRONG_PASSWORD)
        assert response.status_code == 200
        assert "too_many_login_attempts" not in _error_codes(response)

    response = log_in(client, participant.email)

    assert response.status_code == 200
    assert "too_many_login_attempts" in _error_codes(response)
    assert response.context["form"].non_field_errors()
    assert logged_in_user_id(client) is None


def test_four_failed_logins_still_allow_the_right_password(client, participant):
    for _ in range(4):
        log_in(client, participant.email, WRONG_PASSWORD)

    response = log_in(client, participant.email)

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(participant.pk)


def test_the_per_account_limit_does_not_lock_out_other_accounts(client, participant, facilitator):
    for _ in range(5):
        log_in(client, participant.email, WRONG_PASSWORD)

    response = log_in(client, facilitator.email)

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(facilitator.pk)


def _error_codes(response) -> set[str]:
    form = response.context["form"]
    return {error.code for errors in form.errors.as_data().values() for error in errors}


def test_a_superuser_is_created_with_an_email_address_only(db):
    user = User.objects.create_superuser(email="Beheer@Example.ORG", password="beheer-wachtwoord")

    assert user.email == "beheer@example.org"
    assert user.is_superuser and user.is_staff and user.is_active
    assert user.check_password("beheer-wachtwoord")
    assert not hasattr(user, "username")


def test_createsuperuser_command_needs_no_username(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "beheer-wachtwoord")

    call_command("createsuperuser", interactive=False, email="admin@example.org", name="Ada Admin")

    user = User.objects.get(email="admin@example.org")
    assert user.is_superuser and user.is_staff
    assert user.check_password("beheer-wachtwoord")


def test_creating_a_user_without_email_fails(db):
    with pytest.raises(ValueError):
        User.objects.create_superuser(email="", password="beheer-wachtwoord")

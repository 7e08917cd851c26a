"""The application form resists bots and tells nobody who takes part.

- limits per IP and per address; over a limit the form comes back (429) and nothing is saved;
- an address is mailed at most once per period;
- unconfirmed applications wait outside the review queue (counted) and cannot be admitted;
- the page answers the same for members, earlier applicants and unknown addresses; the email says
  what applies;
- an application attaches to an existing account only when the address is confirmed by the link.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from leerplatform.accounts.models import User, WorkLevel
from leerplatform.editions.models import Edition, Membership
from leerplatform.membership.models import Application
from leerplatform.membership.services import applications as services
from tests import factories
from tests.conftest import client_for
from tests.membership.factories_applications import PASSWORD, form_data, make_application

pytestmark = pytest.mark.django_db

BASE = "http://testserver/"


@pytest.fixture
def open_edition(edition):
    Edition.objects.filter(pk=edition.pk).update(
        applications_open=True, min_years_of_experience=0, expected_work_level=WorkLevel.TACTICAL
    )
    edition.refresh_from_db()
    return edition


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def apply_url(edition) -> str:
    return reverse("membership:apply", kwargs={"slug": edition.slug})


def visitor(ip: str = "203.0.113.5") -> Client:
    return Client(REMOTE_ADDR=ip)


def verify_link(body: str) -> str:
    match = re.search(r"https?://\S+/apply/verify/\S+/", body)
    assert match, body
    return match.group(0).replace("http://testserver", "")


# --- Limits -------------------------------------------------------------------------------------


def test_thirty_applications_in_a_burst_are_stopped_and_none_reaches_the_queue(
    open_edition, facilitator, on_commit
):
    client = visitor()
    statuses = []
    for i in range(30):
        with on_commit():
            response = client.post(
                apply_url(open_edition), form_data(open_edition, email=f"b{i}@x.org")
            )
        statuses.append(response.status_code)

    assert all(status < 500 for status in statuses)
    assert statuses.count(429) == 20  # the per-IP limit: 10 per 10 minutes
    assert Application.objects.count() == 10
    assert len(mail.outbox) == 10
    review = client_for(facilitator).get(
        reverse("membership:review", kwargs={"slug": open_edition.slug})
    )
    assert review.status_code == 200
    assert review.context["queue"].rows == []
    assert review.context["queue"].unconfirmed == 10
    assert 'id="unconfirmed-count"' in review.content.decode()


def test_over_the_limit_the_form_comes_back_with_the_message_and_nothing_is_saved(open_edition):
    client = visitor()
    for _ in range(3):
        client.post(apply_url(open_edition), form_data(open_edition))

    response = client.post(apply_url(open_edition), form_data(open_edition, name="Nog Eens"))

    assert response.status_code == 429
    assert response.context["limited"] is True
    html = response.content.decode()
    assert 'id="limit-message"' in html
    assert 'value="Nog Eens"' in html
    assert Application.objects.count() == 1


def test_one_address_is_mailed_once_per_period(open_edition, on_commit):
    for ip in ["198.51.100.1", "198.51.100.2", "198.51.100.3"]:
        with on_commit():
            response = visitor(ip).post(apply_url(open_edition), form_data(open_edition))
        assert response.status_code == 302
    assert len(mail.outbox) == 1
    cache.clear()  # the period has passed
    with on_commit():
        visitor().post(apply_url(open_edition), form_data(open_edition))
    assert len(mail.outbox) == 2


def test_posting_to_the_confirmation_link_is_limited_per_ip(open_edition):
    application = make_application(open_edition, confirmed=False)
    client = visitor()
    for _ in range(30):
        client.post(reverse("membership:verify_application", kwargs={"token": "y" * 40}))

    response = client.post(
        reverse("membership:verify_application", kwargs={"token": application.verification_token}),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )

    assert response.status_code == 429
    application.refresh_from_db()
    assert application.email_verified_at is None


# --- One answer, the email says what applies ----------------------------------------------------


def test_members_earlier_applicants_and_newcomers_get_the_same_page(
    open_edition, participant, on_commit
):
    make_application(open_edition, email="earlier@example.org", confirmed=False)
    answers = []
    for email in [participant.email, "earlier@example.org", "new@example.org"]:
        with on_commit():
            answers.append(
                visitor().post(apply_url(open_edition), form_data(open_edition, email=email))
            )
        cache.clear()

    assert {(a.status_code, a.url) for a in answers} == {
        (302, reverse("membership:apply_sent", kwargs={"slug": open_edition.slug}))
    }
    to_member, to_earlier, to_new = mail.outbox
    assert to_member.to == [participant.email]
    assert reverse("account_login") in to_member.body and "/apply/verify/" not in to_member.body
    assert to_earlier.to == ["earlier@example.org"]
    earlier = Application.objects.get(email="earlier@example.org")
    assert earlier.verification_token in to_earlier.body  # not yet confirmed: the link again
    assert to_new.to == ["new@example.org"]
    assert "/apply/verify/" in to_new.body
    # Nothing was stored for the member; the earlier applicant still has one application.
    assert not Application.objects.filter(email=participant.email).exists()
    assert Application.objects.filter(email="earlier@example.org").count() == 1


def test_a_confirmed_earlier_applicant_is_mailed_where_to_follow_the_application(
    open_edition, on_commit
):
    earlier = make_application(open_edition, email="earlier@example.org", password=PASSWORD)

    with on_commit():
        response = visitor().post(
            apply_url(open_edition), form_data(open_edition, email=earlier.email)
        )

    assert response.status_code == 302
    [message] = mail.outbox
    assert reverse("membership:my_applications") in message.body
    assert "/apply/verify/" not in message.body


# --- No attaching before the owner confirms ------------------------------------------------------


def test_an_application_with_the_address_of_an_account_waits_for_the_owner(
    open_edition, facilitator, on_commit
):
    owner = factories.make_user(email="kees@example.org", name="Kees Bestaand", job_title="Manager")
    users = User.objects.count()

    with on_commit():
        visitor().post(apply_url(open_edition), form_data(open_edition, email="KEES@example.org"))

    application = Application.objects.get()
    assert application.user is None
    assert User.objects.count() == users
    assert not Application.objects.filter(user=owner).exists()
    with pytest.raises(ValidationError):
        services.accept_application(application=application, actor=facilitator)
    assert not Membership.objects.filter(user=owner, edition=open_edition).exists()

    # The owner opens the link from their mailbox and confirms.
    link = verify_link(mail.outbox[0].body)
    owners_browser = visitor("198.51.100.7")
    assert 'name="new_password1"' not in owners_browser.get(link).content.decode()
    response = owners_browser.post(link)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.user == owner and application.email_verified_at is not None
    owner.refresh_from_db()
    assert (owner.name, owner.job_title) == ("Kees Bestaand", "Manager")
    assert User.objects.count() == users
    # Having the link is not a login: the owner logs in with their own password.
    assert SESSION_KEY not in owners_browser.session
    assert response.url.startswith(reverse("account_login"))


def test_a_newcomer_becomes_a_person_only_when_confirming(open_edition, on_commit):
    users = User.objects.count()
    with on_commit():
        visitor().post(apply_url(open_edition), form_data(open_edition, email="nieuw@example.org"))
    application = Application.objects.get()
    assert application.user is None and User.objects.count() == users

    link = verify_link(mail.outbox[0].body)
    client = visitor()
    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    assert response.status_code == 302
    application.refresh_from_db()
    person = application.user
    assert person.email == "nieuw@example.org" and person.check_password(PASSWORD)
    assert person.job_title == "HRD-adviseur"  # the profile facts from the form
    assert client.session[SESSION_KEY] == str(person.pk)


def test_unconfirmed_applications_cannot_be_admitted_or_opened(open_edition, facilitator):
    application = make_application(open_edition, confirmed=False)
    assert application.email_verified_at is None

    with pytest.raises(ValidationError):
        services.accept_application(application=application, actor=facilitator)
    outcome = services.decide_applications(
        edition=open_edition,
        applications=[application],
        decision=services.ACCEPT,
        actor=facilitator,
    )
    assert outcome.done == [] and len(outcome.refused) == 1
    detail = client_for(facilitator).get(
        reverse(
            "membership:application_detail",
            kwargs={"slug": open_edition.slug, "pk": application.pk},
        )
    )
    assert detail.status_code == 404
    assert not Membership.objects.filter(edition=open_edition, user=application.user).exists()

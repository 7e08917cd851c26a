"""Applying to take part, confirming the address, and the facilitators' review and decisions."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django_tasks.signals import task_finished

from leerplatform.accounts.models import Institution, User, WorkLevel
from leerplatform.core import email as core_email
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.editions.models import Edition, Membership, Phase, Role, Theme
from leerplatform.membership import tasks as tasks_applications
from leerplatform.membership.models import Application, ApplicationStatus
from leerplatform.membership.queries.applications import REVIEW_PAGE_SIZE
from leerplatform.membership.services import applications as services
from leerplatform.pages.queries.activity import recent_activity
from tests import factories
from tests.conftest import client_for
from tests.membership.conftest import running_until
from tests.membership.factories_applications import PASSWORD, form_data, make_application

pytestmark = pytest.mark.django_db

BASE = "http://testserver/"


@pytest.fixture
def open_edition(edition):
    Edition.objects.filter(pk=edition.pk).update(
        applications_open=True,
        criteria="Voor **HRD-professionals** in het hbo.",
        min_years_of_experience=5,
        expected_work_level=WorkLevel.TACTICAL,
    )
    edition.refresh_from_db()
    return edition


@pytest.fixture
def ran_tasks():
    """The names of the django-tasks tasks that ran (the immediate backend runs them at once)."""
    names: list[str] = []

    def receiver(sender, task_result, **kwargs):
        names.append(task_result.task.name)

    task_finished.connect(receiver)
    yield names
    task_finished.disconnect(receiver)


def apply_url(edition) -> str:
    return reverse("membership:apply", kwargs={"slug": edition.slug})


def review_url(edition, query: str = "") -> str:
    return reverse("membership:review", kwargs={"slug": edition.slug}) + query


def detail_url(application) -> str:
    return reverse(
        "membership:application_detail",
        kwargs={"slug": application.edition.slug, "pk": application.pk},
    )


def link_in(body: str) -> str:
    match = re.search(r"https?://\S+/apply/verify/\S+/", body)
    assert match, body
    return match.group(0).replace("http://testserver", "")


def entries(verb: str) -> list[ActivityEntry]:
    return list(ActivityEntry.objects.filter(verb=verb).order_by("id"))


# --- The application page ------------------------------------------------------------------------


def test_the_page_shows_the_criteria_and_eligibility_facts_before_the_form(client, open_edition):
    response = client.get(apply_url(open_edition))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>HRD-professionals</strong>" in html  # the criteria, as Markdown
    with translation.override("nl"):
        level = str(WorkLevel.TACTICAL.label)
    assert level in html
    assert re.search(r"<dd>[^<]*5[^<]*</dd>", html)  # at least 5 years
    assert html.index("HRD-professionals") < html.index('<form method="post" class="card form')
    for theme in open_edition.themes.all():
        assert theme.title in html
    assert reverse("privacy:statement") in html
    # Every input has a label, and the groups of choices are fieldsets with a legend.
    for name in ["name", "email", "institution", "institution_other", "job_title"]:
        assert f'<label for="id_{name}"' in html
    assert html.count("<legend") >= 2


@pytest.mark.parametrize(
    "change",
    [{"applications_open": False}, {"applications_open": True, "phase": Phase.CLOSED}],
    ids=["not-open", "edition-closed"],
)
def test_an_edition_without_applications_shows_a_clear_page_and_saves_nothing(
    client, edition, change
):
    Edition.objects.filter(pk=edition.pk).update(**change)

    response = client.get(apply_url(edition))
    posted = client.post(apply_url(edition), form_data(edition))

    assert response.status_code == 200
    assert "<form" not in response.content.decode().split('id="main"')[1]
    assert "membership/apply_closed.html" in [t.name for t in response.templates]
    assert posted.status_code == 200
    assert Application.objects.count() == 0


def test_members_are_sent_to_their_dashboard(open_edition, participant):
    response = client_for(participant).get(apply_url(open_edition))
    assert response.status_code == 302
    assert response.url == reverse("editions:dashboard", kwargs={"slug": open_edition.slug})


def test_applying_records_the_application_and_mails_the_link_the_person_comes_on_confirmation(
    client, open_edition, django_capture_on_commit_callbacks, ran_tasks
):
    data = form_data(open_edition, email="Anna@Example.org")
    users_before = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(open_edition), data)

    assert response.status_code == 302
    assert response.url == reverse("membership:apply_sent", kwargs={"slug": open_edition.slug})
    application = Application.objects.get()
    assert application.email == "anna@example.org"
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.years_of_experience == 7
    assert application.consented_at is not None
    assert application.email_verified_at is None
    assert {t.pk for t in application.themes.all()} == {int(pk) for pk in data["themes"]}
    # Nobody is made or attached before the address is confirmed; no ledger row yet.
    assert application.user is None
    assert User.objects.count() == users_before
    assert entries(Verb.APPLIED) == []
    # The confirmation email, sent by the task, with a link that works.
    assert ran_tasks == ["send_application_answer"]
    [message] = mail.outbox
    assert message.to == ["anna@example.org"]
    assert open_edition.name in message.subject
    link = link_in(message.body)
    assert application.verification_token in link
    assert client.get(link).status_code == 200

    # Confirming makes the person, with the facts from the form, and records the ledger row.
    client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    application.refresh_from_db()
    user = application.user
    assert user.email == "anna@example.org"
    assert user.name == "Anna Aanmelder"
    assert user.institution_id == int(data["institution"])
    assert (user.job_title, user.years_of_experience, user.work_level) == (
        "HRD-adviseur",
        7,
        WorkLevel.TACTICAL,
    )
    address = EmailAddress.objects.get(user=user)
    assert address.primary and address.verified
    [entry] = entries(Verb.APPLIED)
    assert entry.actor == user and entry.target == application and entry.edition == open_edition


def test_the_confirmation_email_waits_for_the_commit(
    client, open_edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(apply_url(open_edition), form_data(open_edition))

    assert Application.objects.count() == 1
    assert mail.outbox == []  # nothing is sent on the request path
    assert len(callbacks) == 1


def test_the_task_function_is_what_sends_the_confirmation(open_edition):
    application = make_application(open_edition, confirmed=False)

    assert tasks_applications.send_application_received.call(application.pk) is True

    [message] = mail.outbox
    assert f"{BASE}apply/verify/{application.verification_token}/" in message.body


def test_an_existing_person_is_attached_on_confirmation_and_their_profile_kept(
    client, open_edition, django_capture_on_commit_callbacks
):
    person = factories.make_user(
        email="kees@example.org", name="Kees Bestaand", job_title="Manager"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            apply_url(open_edition), form_data(open_edition, email="KEES@example.org", name="Kees")
        )

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.user is None  # not before the owner confirms
    client.post(link_in(mail.outbox[0].body))
    application.refresh_from_db()
    assert application.user == person
    assert application.name == "Kees"  # the facts are kept as they were given
    person.refresh_from_db()
    assert (person.name, person.job_title) == ("Kees Bestaand", "Manager")
    assert User.objects.count() == 1 + User.objects.exclude(pk=person.pk).count()
    assert EmailAddress.objects.filter(user=person).count() == 1


def test_a_logged_in_person_applies_with_their_own_address(open_edition, outsider):
    client = client_for(outsider)
    page = client.get(apply_url(open_edition))
    assert f'value="{outsider.email}"' in page.content.decode()

    response = client.post(
        apply_url(open_edition), form_data(open_edition, email="someone.else@example.org")
    )

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.user == outsider
    assert application.email == outsider.email
    # Applying again sends them to their applications.
    again = client.get(apply_url(open_edition))
    assert again.url == reverse("membership:my_applications")


def _field_html(html: str, name: str) -> str:
    """The HTML of the form field group that holds the input called `name`."""
    groups = html.split('<div class="field')
    return next(g for g in groups if f'name="{name}"' in g)


BAD_INPUTS = [
    ("email", {"email": "not-an-address"}),
    ("years_of_experience", {"years_of_experience": "-1"}),
    ("years_of_experience", {"years_of_experience": "61"}),
    ("years_of_experience", {"years_of_experience": "500"}),
    ("years_of_experience", {"years_of_experience": "seven"}),
    ("years_of_experience", {"years_of_experience": "7.5"}),
    ("motivation", {"motivation": "x" * 2001}),
    ("consent", {"consent": None}),
    ("themes", {"themes": None}),
    ("institution_other", {"institution": "other", "institution_other": "  "}),
    ("institution", {"institution": "999999"}),
    ("work_level", {"work_level": "chief"}),
    ("name", {"name": ""}),
]


@pytest.mark.parametrize(
    "field, change", BAD_INPUTS, ids=[f"{f}-{i}" for i, (f, _c) in enumerate(BAD_INPUTS)]
)
def test_bad_input_is_shown_beside_the_field_nothing_is_saved_and_typing_is_kept(
    client, open_edition, field, change
):
    data = form_data(open_edition, **change)
    users_before = User.objects.count()

    response = client.post(apply_url(open_edition), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    html = response.content.decode()
    group = _field_html(html, field)
    assert f'id="id_{field}_error"' in group
    for message in form.errors[field]:
        assert escape(message) in group
    assert Application.objects.count() == 0
    assert User.objects.count() == users_before
    # What was typed is still there.
    assert 'value="HRD-adviseur"' in html
    if field != "motivation":
        assert data["motivation"].replace("'", "&#x27;") in html


def test_other_institution_with_a_name_is_accepted(client, open_edition):
    response = client.post(
        apply_url(open_edition),
        form_data(open_edition, institution="other", institution_other="Stichting Leren"),
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.institution is None
    assert application.institution_name == "Stichting Leren"


@pytest.mark.parametrize("email", ["anna@example.org", "ANNA@Example.ORG"])
def test_one_application_per_address_per_edition_whatever_the_letter_case(
    client, open_edition, email
):
    make_application(open_edition, email="anna@example.org")

    response = client.post(apply_url(open_edition), form_data(open_edition, email=email))

    # The same answer as for a new address (the page tells nobody who applied).
    assert response.status_code == 302
    assert response.url == reverse("membership:apply_sent", kwargs={"slug": open_edition.slug})
    assert Application.objects.count() == 1


def test_the_same_address_may_apply_to_another_edition(client, open_edition):
    make_application(open_edition, email="anna@example.org")
    other = factories.make_edition(applications_open=True, ends_on=running_until())

    response = client.post(apply_url(other), form_data(other))

    assert response.status_code == 302
    assert Application.objects.filter(email="anna@example.org").count() == 2
    assert User.objects.filter(email="anna@example.org").count() == 1


def test_a_duplicate_that_slips_past_the_check_is_caught_by_the_database(
    client, open_edition, monkeypatch
):
    """Two submissions at the same moment: both pass the check, the database keeps one."""
    make_application(open_edition, email="anna@example.org", confirmed=False)
    monkeypatch.setattr(services, "earlier_application", lambda **kwargs: None)

    response = client.post(apply_url(open_edition), form_data(open_edition))

    assert response.status_code == 302  # the same answer
    assert Application.objects.count() == 1
    assert entries(Verb.APPLIED) == []


def test_themes_of_another_edition_are_refused(client, open_edition):
    other = factories.make_edition()
    theme = Theme.objects.filter(edition=other).first()

    response = client.post(apply_url(open_edition), form_data(open_edition, themes=[str(theme.pk)]))

    assert response.status_code == 200
    assert "themes" in response.context["form"].errors
    assert Application.objects.count() == 0


def test_application_ledger_rows_stay_out_of_activity_streams(open_edition, participant):
    application = make_application(open_edition)
    services.decline_application(application=application, actor=participant, reason="Geen hbo")
    submitted = services.submit_application(
        edition=open_edition, **_service_facts(open_edition, "b@example.org")
    )
    services.confirm_application_email(application=submitted, password=PASSWORD)

    assert entries(Verb.DECLINED) and entries(Verb.APPLIED)
    assert recent_activity(edition=open_edition, user=participant) == [
        e
        for e in recent_activity(edition=open_edition, user=participant)
        if e.verb not in {Verb.APPLIED, Verb.DECLINED}
    ]


def _service_facts(edition, email: str) -> dict:
    return {
        "name": "Bea",
        "email": email,
        "institution": Institution.objects.first(),
        "job_title": "HR-adviseur",
        "years_of_experience": 6,
        "work_level": WorkLevel.TACTICAL,
        "motivation": "Graag.",
        "themes": list(edition.themes.all()[:1]),
    }


# --- The confirmation link -----------------------------------------------------------------------


def verify_url(application) -> str:
    return reverse(
        "membership:verify_application", kwargs={"token": application.verification_token}
    )


def test_opening_the_link_changes_nothing_until_the_person_confirms(client, open_edition):
    application = make_application(open_edition, confirmed=False)

    response = client.get(verify_url(application))

    assert response.status_code == 200
    assert 'name="new_password1"' in response.content.decode()
    application.refresh_from_db()
    assert application.email_verified_at is None
    assert SESSION_KEY not in client.session


def test_confirming_sets_the_password_verifies_logs_in_and_shows_the_status(client, open_edition):
    application = make_application(open_edition, email="anna@example.org", confirmed=False)

    response = client.post(
        verify_url(application), {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("membership:my_applications")
    application.refresh_from_db()
    assert application.email_verified_at is not None
    user = application.user
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session[SESSION_KEY]) == user.pk
    page = client.get(response.url)
    with translation.override("nl"):
        status = str(ApplicationStatus.SUBMITTED.label)
    assert status in page.content.decode()
    assert open_edition.name in page.content.decode()
    # The person can now log in with that password.
    assert client_for(None).login(email="anna@example.org", password=PASSWORD)


def test_passwords_that_do_not_match_are_refused_and_nothing_changes(client, open_edition):
    application = make_application(open_edition, confirmed=False)

    response = client.post(
        verify_url(application), {"new_password1": PASSWORD, "new_password2": "Anders-123-xyz"}
    )

    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    application.refresh_from_db()
    assert application.email_verified_at is None
    assert SESSION_KEY not in client.session


def test_a_person_with_a_password_confirms_with_one_button(client, open_edition):
    application = make_application(open_edition, password=PASSWORD, confirmed=False)

    page = client.get(verify_url(application))
    assert 'name="new_password1"' not in page.content.decode()
    response = client.post(verify_url(application))

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.email_verified_at is not None
    assert application.user.email == application.email
    # The link confirms the address; it is no login: the owner logs in with their password.
    assert SESSION_KEY not in client.session
    assert response.url.startswith(reverse("account_login"))


def test_a_used_link_and_an_unknown_link_explain_themselves(client, open_edition):
    application = make_application(open_edition, confirmed=False)
    client.post(verify_url(application), {"new_password1": PASSWORD, "new_password2": PASSWORD})

    used = client_for(None).get(verify_url(application))
    unknown = client_for(None).get(
        reverse("membership:verify_application", kwargs={"token": "x" * 200})
    )

    assert used.status_code == 410
    assert "membership/application_link_invalid.html" in [t.name for t in used.templates]
    assert reverse("account_login") in used.content.decode()
    assert unknown.status_code == 404
    assert "membership/application_link_invalid.html" in [t.name for t in unknown.templates]


def test_my_dashboard_sends_applicants_without_membership_to_their_applications(open_edition):
    application = make_application(open_edition, password=PASSWORD)
    nobody = factories.make_user()

    assert client_for(application.user).get(reverse("editions:my_dashboard")).url == reverse(
        "membership:my_applications"
    )
    assert client_for(nobody).get(reverse("editions:my_dashboard")).url == reverse(
        "accounts:profile"
    )


# --- Review --------------------------------------------------------------------------------------


def test_the_queue_flags_what_does_not_meet_the_criteria(open_edition, facilitator):
    not_hbo = Institution.objects.create(name="Bedrijf BV", is_hbo=False)
    eligible = make_application(open_edition, name="Eva Eligible")
    junior = make_application(open_edition, name="Jan Junior", years_of_experience=3)
    operational = make_application(
        open_edition, name="Olga Operational", work_level=WorkLevel.OPERATIONAL
    )
    other = make_application(
        open_edition, name="Otto Other", institution=None, institution_other="Bureau X"
    )
    company = make_application(open_edition, name="Carla Company", institution=not_hbo)

    response = client_for(facilitator).get(review_url(open_edition))

    assert response.status_code == 200
    rows = {
        row.application.pk: {f.code for f in row.flags} for row in response.context["queue"].rows
    }
    assert rows[eligible.pk] == set()
    assert rows[junior.pk] == {"years"}
    assert rows[operational.pk] == {"work_level"}
    assert rows[other.pk] == {"institution"}
    assert rows[company.pk] == {"institution"}
    html = response.content.decode()
    assert html.count("application-card--flagged") == 4
    assert "flag--years" in html and "Bureau X" in html


def test_no_expected_level_means_no_level_flag(open_edition, facilitator):
    Edition.objects.filter(pk=open_edition.pk).update(expected_work_level="")
    make_application(open_edition, work_level=WorkLevel.STRATEGIC)

    response = client_for(facilitator).get(review_url(open_edition))

    assert [f.code for f in response.context["queue"].rows[0].flags] == []


def test_the_queue_shows_undecided_first_and_filters_by_status(open_edition, facilitator):
    declined = make_application(open_edition, status=ApplicationStatus.DECLINED)
    accepted = make_application(open_edition, status=ApplicationStatus.ACCEPTED)
    waiting = make_application(open_edition, status=ApplicationStatus.WAITLISTED)
    new = make_application(open_edition)
    client = client_for(facilitator)

    everything = client.get(review_url(open_edition)).context["queue"]
    waitlisted = client.get(review_url(open_edition, "?status=waitlisted")).context["queue"]

    assert [r.application for r in everything.rows] == [new, waiting, accepted, declined]
    assert [r.application for r in waitlisted.rows] == [waiting]
    assert everything.counts["waitlisted"] == 1 and everything.total == 4


def _many_applications(edition, count: int) -> None:
    """`count` applications with people and themes, in a handful of queries."""
    institution = Institution.objects.first()
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"bulk{start + i}@example.org", name=f"Bulk {i}", password="!")
        for i in range(count)
    )
    applications = Application.objects.bulk_create(
        Application(
            edition=edition,
            user=user,
            name=user.name,
            email=user.email,
            institution=institution if i % 3 else None,
            institution_other="" if i % 3 else "Elders",
            job_title="Adviseur",
            years_of_experience=i % 12,
            work_level=WorkLevel.TACTICAL,
            motivation="M" * 300,
            consented_at=timezone.now(),
            status=list(ApplicationStatus)[i % 4],
            email_verified_at=timezone.now(),
            verification_token=f"bulk-token-{start + i}",
        )
        for i, user in enumerate(users)
    )
    themes = list(edition.themes.all()[:3])
    Through = Application.themes.through
    Through.objects.bulk_create(
        Through(application_id=a.pk, theme_id=t.pk) for a in applications for t in themes
    )


def test_the_review_page_costs_the_same_queries_for_10_and_1000_applications(
    open_edition, facilitator, django_assert_max_num_queries
):
    client = client_for(facilitator)
    _many_applications(open_edition, 10)
    client.get(review_url(open_edition))  # warm the session and content types
    with CaptureQueriesContext(connection) as small:
        assert client.get(review_url(open_edition)).status_code == 200
    bound = len(small.captured_queries)

    _many_applications(open_edition, 990)
    assert Application.objects.filter(edition=open_edition).count() == 1000
    with django_assert_max_num_queries(bound):
        response = client.get(review_url(open_edition))
    with django_assert_max_num_queries(bound):
        client.get(review_url(open_edition, "?status=submitted&page=3"))

    assert response.status_code == 200
    assert len(response.context["queue"].rows) == REVIEW_PAGE_SIZE
    assert bound <= 12, [q["sql"] for q in small.captured_queries]


def test_bulk_accept_makes_participants_records_and_mails(
    open_edition, facilitator, django_capture_on_commit_callbacks, ran_tasks
):
    first, second = make_application(open_edition), make_application(open_edition)
    untouched = make_application(open_edition)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(facilitator).post(
            review_url(open_edition),
            {"applications": [first.pk, second.pk], "decision": "accept"},
        )

    assert response.status_code == 302
    for application in (first, second):
        application.refresh_from_db()
        assert application.status == ApplicationStatus.ACCEPTED
        assert application.decided_by == facilitator and application.decided_at
        assert Membership.objects.get(user=application.user, edition=open_edition).role == (
            Role.PARTICIPANT
        )
    untouched.refresh_from_db()
    assert untouched.status == ApplicationStatus.SUBMITTED
    admitted = entries(Verb.ADMITTED)
    assert [e.target for e in admitted] == [first, second]
    assert all(e.data["decided_by"] == facilitator.pk for e in admitted)
    joined_users = {e.target for e in entries(Verb.JOINED)}
    assert {first.user, second.user} <= joined_users
    assert ran_tasks == ["send_application_decision"] * 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])


def test_bulk_decline_needs_a_reason_and_sends_it(
    open_edition, facilitator, django_capture_on_commit_callbacks
):
    a, b = make_application(open_edition), make_application(open_edition)
    client = client_for(facilitator)

    refused = client.post(
        review_url(open_edition), {"applications": [a.pk, b.pk], "decision": "decline"}
    )
    assert refused.status_code == 200
    assert "reason" in refused.context["form"].errors
    assert 'id="id_reason_error"' in refused.content.decode()
    assert Application.objects.filter(status=ApplicationStatus.DECLINED).count() == 0
    # The selection is kept.
    assert f'value="{a.pk}" id="select-{a.pk}" class="application-card__select" checked' in (
        refused.content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review_url(open_edition),
            {"applications": [a.pk, b.pk], "decision": "decline", "reason": "Niet in het hbo."},
        )

    assert response.status_code == 302
    assert set(Application.objects.values_list("status", flat=True)) == {"declined"}
    declined = entries(Verb.DECLINED)
    assert len(declined) == 2 and declined[0].data["reason"] == "Niet in het hbo."
    assert all("Niet in het hbo." in m.body for m in mail.outbox)
    assert len(mail.outbox) == 2


def test_bulk_waitlist(open_edition, facilitator, django_capture_on_commit_callbacks):
    a, b = make_application(open_edition), make_application(open_edition)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(facilitator).post(
            review_url(open_edition), {"applications": [a.pk, b.pk], "decision": "waitlist"}
        )

    assert set(Application.objects.values_list("status", flat=True)) == {"waitlisted"}
    assert len(entries(Verb.WAITLISTED)) == 2
    assert len(mail.outbox) == 2


def test_a_full_edition_accepts_in_order_until_full_and_offers_the_waiting_list(
    open_edition, facilitator, participant
):
    Edition.objects.filter(pk=open_edition.pk).update(max_participants=2)  # one place left
    first, second, third = (make_application(open_edition) for _ in range(3))
    client = client_for(facilitator)

    response = client.post(
        review_url(open_edition),
        {"applications": [third.pk, first.pk, second.pk], "decision": "accept"},
    )

    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "accepted", second.pk: "submitted", third.pk: "submitted"}
    assert response.status_code == 302
    assert "decision=waitlist" in response.url
    assert f"select={second.pk}" in response.url and f"select={third.pk}" in response.url
    page = client.get(response.url)
    html = page.content.decode()
    assert second.name in html and third.name in html  # named in the message
    assert f'id="select-{second.pk}" class="application-card__select" checked' in html
    assert 'value="waitlist" required id="id_decision_1" checked' in html or (
        page.context["form"].initial["decision"] == "waitlist"
    )


def test_accepting_on_the_detail_page_when_full_offers_the_waiting_list(
    open_edition, facilitator, participant
):
    Edition.objects.filter(pk=open_edition.pk).update(max_participants=1)
    application = make_application(open_edition)
    client = client_for(facilitator)

    response = client.post(detail_url(application), {"decision": "accept"})

    assert response.status_code == 302
    assert response.url.endswith("?decision=waitlist")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    page = client.get(response.url)
    assert page.context["form"].initial == {"decision": "waitlist"}
    assert "1" in page.content.decode()


def test_the_detail_page_shows_the_whole_application(open_edition, facilitator):
    application = make_application(open_edition, motivation="Lang verhaal. " * 40)

    response = client_for(facilitator).get(detail_url(application))

    html = response.content.decode()
    assert response.status_code == 200
    assert ("Lang verhaal. " * 40).strip() in html
    assert application.email in html
    assert 'name="decision"' in html


def test_an_application_of_another_edition_is_not_found(open_edition, facilitator):
    elsewhere = make_application(factories.make_edition())
    url = reverse(
        "membership:application_detail", kwargs={"slug": open_edition.slug, "pk": elsewhere.pk}
    )
    assert client_for(facilitator).get(url).status_code == 404


def test_a_decided_application_cannot_be_decided_again(open_edition, facilitator):
    application = make_application(open_edition, status=ApplicationStatus.ACCEPTED)

    response = client_for(facilitator).post(
        review_url(open_edition),
        {"applications": [application.pk], "decision": "decline", "reason": "Toch niet"},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert entries(Verb.DECLINED) == []


def test_promote_accepts_from_the_waiting_list(
    open_edition, facilitator, django_capture_on_commit_callbacks
):
    application = make_application(open_edition, status=ApplicationStatus.WAITLISTED)
    url = reverse("membership:promote", kwargs={"slug": open_edition.slug, "pk": application.pk})

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(facilitator).post(url)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert Membership.objects.active().filter(user=application.user, edition=open_edition).exists()
    assert len(entries(Verb.ADMITTED)) == 1
    assert len(mail.outbox) == 1


def test_promote_keeps_the_capacity_rule(open_edition, facilitator, participant):
    Edition.objects.filter(pk=open_edition.pk).update(max_participants=1)
    application = make_application(open_edition, status=ApplicationStatus.WAITLISTED)
    url = reverse("membership:promote", kwargs={"slug": open_edition.slug, "pk": application.pk})

    response = client_for(facilitator).post(url, follow=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WAITLISTED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_only_waitlisted_applications_are_promoted(open_edition, facilitator):
    application = make_application(open_edition)
    url = reverse("membership:promote", kwargs={"slug": open_edition.slug, "pk": application.pk})

    client_for(facilitator).post(url)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_facilitators_do_not_count_as_participants(open_edition, facilitator):
    Edition.objects.filter(pk=open_edition.pk).update(max_participants=1)
    application = make_application(open_edition)

    services.accept_application(application=application, actor=facilitator)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_accepting_a_facilitator_does_not_demote_them(open_edition, facilitator):
    application = make_application(open_edition, email=facilitator.email)

    with pytest.raises(services.ValidationError):
        services.accept_application(application=application, actor=facilitator)

    assert Membership.objects.get(user=facilitator, edition=open_edition).role == Role.FACILITATOR


# --- Decision emails -----------------------------------------------------------------------------


def test_decision_emails_are_written_in_the_platform_language(
    open_edition, facilitator, monkeypatch
):
    languages = []
    render = core_email.render_to_string

    def spy(*args, **kwargs):
        languages.append(translation.get_language())
        return render(*args, **kwargs)

    monkeypatch.setattr(core_email, "render_to_string", spy)
    application = make_application(open_edition)
    with translation.override("en"):
        tasks_applications.send_application_decision.call(
            application.pk, ApplicationStatus.WAITLISTED
        )

    assert languages and set(languages) == {"nl"}
    assert len(mail.outbox) == 1


def test_the_accepted_email_links_to_setting_a_password_when_there_is_none(open_edition):
    application = make_application(open_edition)

    tasks_applications.send_application_decision.call(application.pk, ApplicationStatus.ACCEPTED)

    [message] = mail.outbox
    assert message.to == [application.email]
    assert open_edition.name in message.subject
    assert f"apply/verify/{application.verification_token}/" in message.body
    assert reverse("editions:dashboard", kwargs={"slug": open_edition.slug}) in message.body


def test_the_accepted_email_points_to_the_login_when_there_is_a_password(open_edition):
    application = make_application(open_edition, password=PASSWORD)

    tasks_applications.send_application_decision.call(application.pk, ApplicationStatus.ACCEPTED)

    [message] = mail.outbox
    assert application.verification_token not in message.body
    assert f"{BASE.rstrip('/')}{reverse('account_login')}" in message.body


def test_the_decision_email_is_sent_by_the_task_after_commit(
    open_edition, facilitator, django_capture_on_commit_callbacks, ran_tasks
):
    application = make_application(open_edition)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.waitlist_application(application=application, actor=facilitator)
    assert mail.outbox == [] and ran_tasks == []

    for callback in callbacks:
        callback()

    assert ran_tasks == ["send_application_decision"]
    assert len(mail.outbox) == 1


# --- Admin ---------------------------------------------------------------------------------------


def test_staff_read_applications_in_the_admin_but_do_not_change_them(open_edition, staff):
    application = make_application(open_edition)
    client = client_for(staff)

    change = client.get(reverse("admin:membership_application_change", args=[application.pk]))
    add = client.get(reverse("admin:membership_application_add"))

    assert change.status_code == 200
    assert application.verification_token not in change.content.decode()
    assert 'name="_save"' not in change.content.decode()
    assert add.status_code == 403


def test_the_decline_service_itself_refuses_an_empty_reason(open_edition, facilitator):
    application = make_application(open_edition)

    with pytest.raises(services.ValidationError):
        services.decline_application(application=application, actor=facilitator, reason="  ")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

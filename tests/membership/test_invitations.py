"""Invitations: one by one, by CSV file, and accepting the personal link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from leerplatform.accounts.models import Institution, User
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.editions.models import Membership, Role
from leerplatform.membership import csv_import
from leerplatform.membership.models import Invitation
from leerplatform.membership.services import invitations as services
from leerplatform.membership.services.invitations import RowStatus
from leerplatform.membership.tasks import send_invitation_emails
from tests import factories
from tests.conftest import client_for
from tests.membership.factories_invitations import (
    csv_text,
    csv_upload,
    make_invitation,
    many_rows,
)

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
PASSWORD = "Zonnige-Dinsdag-42"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what services enqueue after the commit (the emails), as in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def invite(edition, actor, email="nina@example.org", **fields):
    return services.invite_person(edition=edition, email=email, actor=actor, **fields)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def invitations_url(edition) -> str:
    return reverse("membership:invitations", kwargs={"slug": edition.slug})


def import_url(edition) -> str:
    return reverse("membership:import_invitations", kwargs={"slug": edition.slug})


def accept_url(invitation) -> str:
    return reverse("membership:accept_invitation", kwargs={"token": invitation.token})


# --- Inviting one person ------------------------------------------------------------------------


def test_a_facilitator_invites_a_person_and_the_email_with_the_link_goes_out(
    edition, facilitator, on_commit
):
    institution = Institution.objects.get(name="Avans Hogeschool")
    client = client_for(facilitator)
    with on_commit():
        response = client.post(
            invitations_url(edition),
            {"email": " Nina@Example.org ", "name": "Nina Nieuw", "institution": institution.pk},
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get(edition=edition)
    assert (invitation.email, invitation.name, invitation.institution) == (
        "nina@example.org",
        "Nina Nieuw",
        institution,
    )
    assert invitation.invited_by == facilitator
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nina@example.org"]
    assert link_in(mail.outbox[0]) == SITE + accept_url(invitation)
    entry = ActivityEntry.objects.get(verb=Verb.INVITED)
    assert (entry.actor, entry.edition, entry.target) == (facilitator, edition, invitation)
    assert entry.data["email"] == "nina@example.org"
    assert entry.data["renewed"] is False


def test_the_invitation_email_is_dutch_names_the_edition_and_carries_the_personal_link(
    edition, facilitator, on_commit
):
    with translation.override("en"), on_commit():  # the facilitator reads the site in English
        outcome = invite(edition, facilitator, name="Nina Nieuw")

    message = mail.outbox[0]
    invitation = outcome.invitation
    invitation.refresh_from_db()
    assert edition.name in message.subject
    assert "Nina Nieuw" in message.body
    assert facilitator.name in message.body
    assert invitation.token in link_in(message)
    # The date is written the Dutch way, with a Dutch month name, whatever the inviter's language.
    with translation.override("nl"):
        dutch_date = date_format(timezone.localtime(invitation.expires_at), "j F Y")
    assert dutch_date in message.body


def test_the_email_task_sets_sent_at_and_does_not_mail_twice(edition, facilitator):
    invitation = make_invitation(edition)

    first = send_invitation_emails.call(invitation_ids=[invitation.pk])
    second = send_invitation_emails.call(invitation_ids=[invitation.pk])

    invitation.refresh_from_db()
    assert (first, second) == (1, 0)
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1


def test_the_email_is_only_sent_after_the_transaction_commits(edition, facilitator):
    invite(edition, facilitator)  # no on_commit capture: the test's transaction never commits

    assert mail.outbox == []
    assert Invitation.objects.get().sent_at is None


def test_an_active_member_is_not_invited_and_the_facilitator_is_told(
    edition, facilitator, participant, on_commit
):
    client = client_for(facilitator)
    with on_commit():
        response = client.post(invitations_url(edition), {"email": participant.email.upper()})

    assert response.status_code == 200
    assert participant.email in response.content.decode()
    assert response.context["form"].errors["email"]
    assert not Invitation.objects.exists()
    assert mail.outbox == []
    with pytest.raises(services.AlreadyMember):
        invite(edition, facilitator, email=participant.email)


def test_someone_who_left_can_be_invited_again(edition, facilitator, participant):
    Membership.objects.filter(user=participant).update(left_at=timezone.now())

    outcome = invite(edition, facilitator, email=participant.email)

    assert outcome.invitation.email == participant.email


def test_an_invalid_address_is_refused(edition, facilitator):
    with pytest.raises(services.ValidationError):
        invite(edition, facilitator, email="not-an-address")
    response = client_for(facilitator).post(invitations_url(edition), {"email": "nope@"})
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_inviting_again_renews_the_open_invitation_with_a_new_link_and_expiry(
    edition, facilitator, on_commit
):
    with on_commit():
        first = invite(edition, facilitator).invitation
    old_token, old_expiry = first.token, first.expires_at
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))

    with on_commit():
        outcome = invite(edition, facilitator, email="NINA@example.org")

    renewed = Invitation.objects.get()
    assert outcome.renewed is True
    assert renewed.pk == first.pk
    assert renewed.token != old_token
    assert renewed.expires_at > old_expiry
    assert not renewed.is_expired
    assert len(mail.outbox) == 2
    assert renewed.token in link_in(mail.outbox[1])
    assert ActivityEntry.objects.filter(verb=Verb.INVITED).count() == 2
    # The old link no longer works.
    assert client_for(None).get(f"/invitations/{old_token}/").status_code == 404


@pytest.mark.parametrize("days", [3, 30])
def test_an_invitation_expires_after_the_configured_number_of_days(
    edition, facilitator, settings, days
):
    settings.INVITATION_VALID_DAYS = days
    before = timezone.now()

    invitation = invite(edition, facilitator).invitation

    assert before + dt.timedelta(days=days) <= invitation.expires_at
    assert invitation.expires_at <= timezone.now() + dt.timedelta(days=days)


def test_the_page_lists_open_accepted_and_expired_invitations(edition, facilitator, participant):
    now = timezone.now()
    make_invitation(edition, email="open@example.org")
    make_invitation(edition, email="expired@example.org", expires_at=now - dt.timedelta(hours=1))
    make_invitation(edition, email="accepted@example.org", accepted_at=now, accepted_by=participant)
    client = client_for(facilitator)

    pages = {
        state: client.get(invitations_url(edition), {"state": state}).content.decode()
        for state in ("pending", "accepted", "expired")
    }

    assert "open@example.org" in pages["pending"]
    assert "expired@example.org" not in pages["pending"]
    assert "expired@example.org" in pages["expired"]
    assert "accepted@example.org" in pages["accepted"]
    assert "accepted@example.org" not in pages["pending"]


def test_the_invitations_page_costs_the_same_queries_for_10_and_1000_invitations(
    edition, facilitator
):
    client = client_for(facilitator)
    client.get(invitations_url(edition))  # warm up: sessions, content types

    def queries_with(total: int) -> int:
        existing = Invitation.objects.filter(edition=edition).count()
        now = timezone.now()
        Invitation.objects.bulk_create(
            Invitation(
                edition=edition,
                email=f"bulk{i}@example.org",
                invited_by=facilitator,
                institution=factories.an_institution(),
                expires_at=now + dt.timedelta(days=1 if i % 3 else -1),
            )
            for i in range(existing, total)
        )
        with CaptureQueriesContext(connection) as context:
            response = client.get(invitations_url(edition))
        assert response.status_code == 200
        return len(context.captured_queries)

    assert queries_with(10) == queries_with(1000)
    assert queries_with(1000) <= 12


# --- Accepting ----------------------------------------------------------------------------------


def test_accepting_creates_a_verified_participant_logs_them_in_and_goes_to_the_dashboard(
    edition, facilitator
):
    institution = factories.an_institution()
    invitation = invite(edition, facilitator, name="Nina Nieuw", institution=institution).invitation
    client = client_for(None)

    page = client.get(accept_url(invitation))
    assert page.status_code == 200
    assert page.context["form"]["name"].value() == "Nina Nieuw"

    response = client.post(
        accept_url(invitation),
        {"name": "Nina de Nieuw", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("editions:dashboard", kwargs={"slug": edition.slug})
    user = User.objects.get(email="nina@example.org")
    assert (user.name, user.institution) == ("Nina de Nieuw", institution)
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.filter(
        user=user, email="nina@example.org", verified=True, primary=True
    ).exists()
    assert Membership.objects.get(user=user, edition=edition).role == Role.PARTICIPANT
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None
    joined = ActivityEntry.objects.get(verb=Verb.JOINED, target_id=str(user.pk))
    assert (joined.actor, joined.edition, joined.data["role"]) == (user, edition, Role.PARTICIPANT)
    assert client.get(reverse("accounts:profile")).status_code == 200  # logged in


def test_a_link_works_once_and_a_second_use_changes_nothing(edition, facilitator):
    invitation = invite(edition, facilitator).invitation
    data = {"name": "Nina", "password1": PASSWORD, "password2": PASSWORD}
    assert client_for(None).post(accept_url(invitation), data).status_code == 302

    again = client_for(None).post(accept_url(invitation), data | {"name": "Someone Else"})
    page = client_for(None).get(accept_url(invitation))

    assert again.status_code == 410
    assert page.status_code == 410
    assert User.objects.filter(email="nina@example.org").count() == 1
    assert User.objects.get(email="nina@example.org").name == "Nina"
    assert (
        ActivityEntry.objects.filter(verb=Verb.JOINED, edition=edition).count() == 2
    )  # + facilitator


def test_a_double_submit_cannot_make_two_accounts(edition, facilitator):
    """The service re-reads the invitation under a row lock; a stale copy is refused."""
    invitation = invite(edition, facilitator).invitation
    stale = Invitation.objects.get(pk=invitation.pk)

    services.accept_with_new_account(invitation=invitation, name="Nina", password=PASSWORD)
    with pytest.raises(services.InvitationError) as error:
        services.accept_with_new_account(invitation=stale, name="Nina", password=PASSWORD)

    assert error.value.reason == services.InvitationError.USED
    assert User.objects.filter(email="nina@example.org").count() == 1


def test_an_expired_link_is_refused_and_changes_nothing(edition, facilitator):
    invitation = invite(edition, facilitator).invitation
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client = client_for(None)

    page = client.get(accept_url(invitation))
    response = client.post(
        accept_url(invitation), {"name": "Nina", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert page.status_code == response.status_code == 410
    assert page.context["invitation"].is_expired
    assert not User.objects.filter(email="nina@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_unknown_link_is_not_found(db):
    assert client_for(None).get("/invitations/nothing-like-this/").status_code == 404


@pytest.mark.parametrize(
    ("password1", "password2", "field"),
    [
        ("Zonnige-Dinsdag-42", "Zonnige-Dinsdag-43", "password2"),
        ("12345678", "12345678", "password1"),
    ],
)
def test_passwords_must_match_and_pass_the_validators(
    edition, facilitator, password1, password2, field
):
    invitation = invite(edition, facilitator).invitation

    response = client_for(None).post(
        accept_url(invitation), {"name": "Nina", "password1": password1, "password2": password2}
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not User.objects.filter(email="nina@example.org").exists()


def test_someone_with_an_account_logs_in_and_then_accepts_with_one_click(edition, facilitator):
    person = factories.make_user(email="nina@example.org", name="Nina Bestaand")
    invitation = invite(edition, facilitator, email="Nina@Example.org").invitation

    visitor_page = client_for(None).get(accept_url(invitation))
    assert visitor_page.status_code == 200
    assert "account_login" in str(visitor_page.templates[0].name) or (
        reverse("account_login") in visitor_page.content.decode()
    )
    assert "password1" not in visitor_page.content.decode()

    client = client_for(person)
    assert client.get(accept_url(invitation)).status_code == 200
    response = client.post(accept_url(invitation))

    assert response.status_code == 302
    assert Membership.objects.get(user=person, edition=edition).is_active
    assert User.objects.filter(email__iexact="nina@example.org").count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


def test_someone_logged_in_with_another_account_is_asked_to_log_out(edition, facilitator, outsider):
    invitation = invite(edition, facilitator).invitation
    client = client_for(outsider)

    page = client.get(accept_url(invitation))
    response = client.post(
        accept_url(invitation), {"name": "Nina", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert page.status_code == response.status_code == 200
    assert "nina@example.org" in page.content.decode()
    assert not User.objects.filter(email="nina@example.org").exists()
    assert not Membership.objects.filter(user=outsider).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


# --- Import from a CSV file ---------------------------------------------------------------------


def post_csv(client, edition, upload, **extra):
    return client.post(import_url(edition), {"file": upload}, **extra)


def test_a_good_file_invites_everyone_in_one_email_task(edition, facilitator, on_commit):
    text = csv_text(
        [
            ("Anna de Vries", "anna@example.org", "Avans Hogeschool"),
            ("Bram Jansen", "bram@example.org", ""),
        ]
    )
    with on_commit() as callbacks:
        response = post_csv(client_for(facilitator), edition, csv_upload(text))

    assert response.status_code == 200
    assert len(callbacks) == 1  # one task for all emails
    invitations = Invitation.objects.filter(edition=edition).order_by("email")
    assert [i.email for i in invitations] == ["anna@example.org", "bram@example.org"]
    assert invitations[0].institution.name == "Avans Hogeschool"
    assert all(i.sent_at is not None and i.invited_by == facilitator for i in invitations)
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "bram@example.org"]
    assert ActivityEntry.objects.filter(verb=Verb.INVITED, actor=facilitator).count() == 2
    result = response.context["result"]
    assert [r.status for r in result.rows] == [RowStatus.INVITED, RowStatus.INVITED]


def test_each_row_gets_its_own_result(edition, facilitator, participant, on_commit):
    renewed = make_invitation(edition, email="renew@example.org")
    old_token = renewed.token
    text = csv_text(
        [
            ("Anna", "anna@example.org", "avans hogeschool"),  # any capitals
            ("Pia", participant.email.upper(), ""),
            ("Kapot", "not-an-address", ""),
            ("Onbekend", "onbekend@example.org", "Hogeschool Nergenshuizen"),
            ("Anna again", "ANNA@example.org", ""),
            ("Renate", "renew@example.org", ""),
            ("X" * 151, "long@example.org", ""),
            ("Leeg", "", ""),
        ]
    )
    with on_commit():
        response = post_csv(client_for(facilitator), edition, csv_upload(text))

    statuses = {r.line: r.status for r in response.context["result"].rows}
    assert statuses == {
        2: RowStatus.INVITED,
        3: RowStatus.ALREADY_MEMBER,
        4: RowStatus.INVALID_EMAIL,
        5: RowStatus.UNKNOWN_INSTITUTION,
        6: RowStatus.DUPLICATE,
        7: RowStatus.RENEWED,
        8: RowStatus.INVALID_NAME,
        9: RowStatus.INVALID_EMAIL,
    }
    assert set(Invitation.objects.values_list("email", flat=True)) == {
        "anna@example.org",
        "renew@example.org",
    }
    renewed.refresh_from_db()
    assert renewed.token != old_token
    assert renewed.name == "Renate"
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "renew@example.org"]
    page = response.content.decode()
    for label in RowStatus.LABELS.values():
        assert str(label) in page


@pytest.mark.parametrize(
    ("delimiter", "bom", "header"),
    [
        (";", False, ("name", "email", "institution")),
        (",", True, ("name", "email", "institution")),
        (";", True, ("Naam", "E-mail", "Instelling")),
        (",", False, ("email", "institution", "name")),
    ],
)
def test_semicolons_a_byte_order_mark_dutch_headings_and_any_column_order_are_fine(
    edition, facilitator, delimiter, bom, header
):
    values = {"name": "Zoë Öztürk", "email": "zoe@example.org", "institution": "Avans Hogeschool"}
    canonical = [csv_import.COLUMN_ALIASES[h.lower()] for h in header]
    text = csv_text([tuple(values[c] for c in canonical)], delimiter=delimiter, header=header)

    response = post_csv(client_for(facilitator), edition, csv_upload(text, bom=bom))

    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert (invitation.name, invitation.email, invitation.institution.name) == (
        "Zoë Öztürk",
        "zoe@example.org",
        "Avans Hogeschool",
    )


def test_quoted_values_may_contain_the_delimiter(edition, facilitator):
    text = 'name,email,institution\n"Vries, Anna de",anna@example.org,\n'

    post_csv(client_for(facilitator), edition, csv_upload(text))

    assert Invitation.objects.get().name == "Vries, Anna de"


def assert_refused(response, *fragments: str) -> None:
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    for fragment in fragments:
        assert fragment in errors, errors
    assert response.context["result"] is None
    assert not Invitation.objects.exists()
    assert not ActivityEntry.objects.filter(verb=Verb.INVITED).exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("header", "named"),
    [
        (("name", "mail", "institution"), "mail"),
        (("name", "email"), "institution"),
        (("name", "email", "institution", "phone"), "phone"),
    ],
)
def test_wrong_or_missing_columns_are_refused_naming_the_expected_ones(
    edition, facilitator, header, named
):
    text = csv_text([("a",) * len(header)], header=header)

    response = post_csv(client_for(facilitator), edition, csv_upload(text))

    assert_refused(response, "name, email, institution", named)


def test_a_file_in_another_encoding_is_refused_with_the_reason(edition, facilitator):
    data = "name;email;institution\nZoë;zoe@example.org;\n".encode("latin-1")

    response = post_csv(client_for(facilitator), edition, csv_upload(data))

    assert_refused(response, "UTF-8", "2")


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(edition, facilitator, content):
    assert_refused(post_csv(client_for(facilitator), edition, csv_upload(content)))


def test_a_file_with_only_the_header_is_refused(edition, facilitator):
    response = post_csv(client_for(facilitator), edition, csv_upload("name,email,institution\n"))
    assert_refused(response)


def test_a_file_over_the_size_limit_is_refused(edition, facilitator):
    text = csv_text(many_rows(1)) + ("#" * 80 + "\n") * 70_000  # a little over 5 MB

    response = post_csv(client_for(facilitator), edition, csv_upload(text))

    assert_refused(response, "5,0")


def test_a_file_over_the_row_limit_is_refused(edition, facilitator, settings):
    settings.INVITATION_IMPORT_MAX_ROWS = 5

    response = post_csv(client_for(facilitator), edition, csv_upload(csv_text(many_rows(6))))

    assert_refused(response, "5")


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("people.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("people.csv", "application/pdf"),
        ("people.txt", "text/plain"),
        ("people", "text/csv"),
    ],
)
def test_files_that_are_not_csv_are_refused(edition, facilitator, name, content_type):
    upload = csv_upload(csv_text(many_rows(2)), name=name, content_type=content_type)
    assert_refused(post_csv(client_for(facilitator), edition, upload), ".csv")


def test_a_binary_file_named_csv_is_refused(edition, facilitator):
    upload = csv_upload(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)))
    assert_refused(post_csv(client_for(facilitator), edition, upload))


def test_a_malformed_line_deep_in_the_file_means_nobody_is_invited(edition, facilitator):
    rows = many_rows(1_000)
    rows[700] = ("Te veel", "teveel@example.org", "", "extra", "cellen")

    response = post_csv(client_for(facilitator), edition, csv_upload(csv_text(rows)))

    assert_refused(response, "702")


def test_ten_thousand_rows_are_all_invited_ledgered_and_mailed(edition, facilitator, on_commit):
    # Correctness only: how long it takes is measured by bench/invitations.py, not asserted here.
    upload = csv_upload(csv_text(many_rows(10_000), delimiter=";"))
    client = client_for(facilitator)

    with on_commit():
        response = post_csv(client, edition, upload)

    assert response.status_code == 200
    assert Invitation.objects.filter(edition=edition, sent_at__isnull=False).count() == 10_000
    assert ActivityEntry.objects.filter(verb=Verb.INVITED, edition=edition).count() == 10_000
    assert len(mail.outbox) == 10_000


def test_with_htmx_only_the_import_area_comes_back(edition, facilitator):
    upload = csv_upload(csv_text(many_rows(2)))

    response = post_csv(client_for(facilitator), edition, upload, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="import-area"' in page
    assert "persoon1@example.org" in page


def test_the_upload_form_works_without_javascript_and_offers_a_progress_bar(edition, facilitator):
    page = client_for(facilitator).get(import_url(edition)).content.decode()

    assert 'enctype="multipart/form-data"' in page
    assert 'method="post"' in page
    assert "<progress" in page
    assert 'hx-encoding="multipart/form-data"' in page
    assert "leerplatform/js/bundle.js" in page  # htmx and upload-progress.js, one script
    assert "<script>" not in page  # the CSP allows no inline scripts


@pytest.mark.parametrize("role", ["visitor", "outsider", "participant"])
def test_only_facilitators_and_staff_import(edition, role, outsider, participant):
    user = {"visitor": None, "outsider": outsider, "participant": participant}[role]

    response = post_csv(client_for(user), edition, csv_upload(csv_text(many_rows(2))))

    assert response.status_code in (302, 403)
    assert not Invitation.objects.exists()


def test_staff_may_import_too(edition, staff):
    response = post_csv(client_for(staff), edition, csv_upload(csv_text(many_rows(2))))

    assert response.status_code == 200
    assert Invitation.objects.count() == 2


def test_each_email_in_a_batch_greets_its_own_person_with_their_own_link(edition, facilitator):
    people = [
        make_invitation(edition, name="Siobhán O'Brien & Zoë", invited_by=facilitator),
        make_invitation(edition, name="", invited_by=facilitator),
        make_invitation(edition, name="Bram", invited_by=None),
    ]

    send_invitation_emails.call(invitation_ids=[i.pk for i in people])

    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert len(bodies) == 3
    for invitation in people:
        body = bodies[invitation.email]
        assert SITE + accept_url(invitation) in body
        assert "\x00" not in body
        others = [i for i in people if i != invitation]
        assert all(other.token not in body for other in others)
    assert "Siobhán O'Brien & Zoë" in bodies[people[0].email]  # not HTML-escaped
    assert facilitator.name in bodies[people[0].email]
    assert facilitator.name not in bodies[people[2].email]

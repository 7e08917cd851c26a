"""Erase my account (issue 17, point 2): asking, the grace period, and the erasure kind by kind.

Erika asks to erase her account; after the grace period `erase_due` (the daily command's call)
carries it out. Each test looks at one kind of data: what must be gone is gone (rows and files),
what was shared stays and reads "Voormalig deelnemer" (`former_participant_name()`: the
platform's word, in Dutch once the catalogue has it), the ledger counts as before, search no
longer knows her name, and nothing is mailed to her any more.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from leerplatform.accounts.models import ConsentKind, ConsentRecord, Session, User
from leerplatform.core import activity, visitor_cache
from leerplatform.core.email import send_email
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership, Role
from leerplatform.groups.models import GroupMembership, Post
from leerplatform.library.models import Document, DocumentKind, FileVersion
from leerplatform.library.services.documents import create_document
from leerplatform.library.services.files import add_file
from leerplatform.meetings.models import CalendarFeed, RegistrationStatus
from leerplatform.meetings.services.registrations import register_for_meeting
from leerplatform.membership.models import Application, Invitation
from leerplatform.notifications.models import Follow, Notification, Preference
from leerplatform.notifications.services import follow, notify, set_preference
from leerplatform.privacy.models import DataExport, ExportStatus
from leerplatform.privacy.receivers import LOGGED_IN_AT
from leerplatform.privacy.services.erasure import (
    cancel_erasure,
    erase_due,
    erase_person,
    former_participant_name,
    request_erasure,
)
from leerplatform.reflection.models import JournalEntry
from leerplatform.reflection.queries.balance import network_balance, summary
from leerplatform.reflection.services.journal import write_note
from leerplatform.search.models import EntryType, SearchEntry
from tests import factories
from tests.conftest import client_for
from tests.groups.factories_discussions import make_group, reply, start
from tests.search.support import find

ERIKA = "erika@example.org"
LATER = dt.timedelta(days=settings.ERASURE_GRACE_DAYS + 1)


@pytest.fixture
def edition(db):
    return factories.make_running_edition()


@pytest.fixture
def erika(edition):
    person = factories.make_member(
        edition,
        name="Erika Erasmus",
        email=ERIKA,
        job_title="Adviseur leren",
        bio="Ik werk aan de Erasmusbrug van het leren.",
    )
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    person.photo.save("erika.png", ContentFile(buffer.getvalue()))
    return person


@pytest.fixture
def olga(edition):
    return factories.make_member(edition, name="Olga Other")


@pytest.fixture
def group(edition, erika, olga):
    return make_group(edition, members=[olga], coordinators=[erika])


@pytest.fixture
def thread(group, erika, olga):
    thread = start(group, erika, title="Wat leren we?", text="Mijn eerste bericht.")
    reply(thread, olga, "Een antwoord van Olga.")
    return thread


def _document(edition, actor, title, **fields):
    fields.setdefault("summary", "Een korte samenvatting.")
    fields.setdefault("kind", DocumentKind.TOOLKIT)
    return create_document(edition=edition, actor=actor, title=title, **fields)


def _erase_later(now=None) -> int:
    """The daily command's call, a grace period and a day after now."""
    return erase_due(now=(now or timezone.now()) + LATER)


@pytest.fixture
def asked_and_erased(django_capture_on_commit_callbacks):
    """Ask to erase `person`'s account, then run the daily command after the grace period, each
    with what happens after its commit (files leave the storage then)."""

    def erase(person, **choices) -> User:
        with django_capture_on_commit_callbacks(execute=True):
            request_erasure(user=person, **choices)
        with django_capture_on_commit_callbacks(execute=True):
            assert _erase_later() == 1
        return User.objects.get(pk=person.pk)

    return erase


def _logged_in_elsewhere(person) -> Client:
    return client_for(person)


# --- Asking, the grace period, cancelling --------------------------------------------------------


def test_asking_sets_the_day_mails_once_and_ends_every_session(
    erika, mailoutbox, django_capture_on_commit_callbacks
):
    phone, laptop = _logged_in_elsewhere(erika), _logged_in_elsewhere(erika)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        due_at = request_erasure(user=erika, now=now)
    assert due_at == now + dt.timedelta(days=settings.ERASURE_GRACE_DAYS)
    assert User.objects.get(pk=erika.pk).erasure_due_at == due_at
    (email,) = mailoutbox
    assert email.to == [ERIKA]
    assert str(timezone.localdate(due_at).year) in email.subject
    assert reverse("account_login") in email.body
    for client in (phone, laptop):
        assert client.get(reverse("accounts:profile")).status_code == 302  # logged out
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]


def test_nothing_happens_before_the_grace_period_is_over(erika):
    now = timezone.now()
    request_erasure(user=erika, now=now)
    assert (
        erase_due(now=now + dt.timedelta(days=settings.ERASURE_GRACE_DAYS) - dt.timedelta(1)) == 0
    )
    erika.refresh_from_db()
    assert erika.erased_at is None and erika.name == "Erika Erasmus"


def test_logging_in_during_the_grace_period_cancels_it_with_a_message(erika):
    request_erasure(user=erika)
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": ERIKA, "password": factories.PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert User.objects.get(pk=erika.pk).erasure_due_at is None
    assert "will not be erased" in response.content.decode() or "niet gewist" in (
        response.content.decode()
    )
    assert _erase_later() == 0
    assert User.objects.get(pk=erika.pk).name == "Erika Erasmus"


def test_cancelling_brings_the_chosen_documents_back_from_the_bin(edition, erika, olga):
    alone = _document(edition, erika, "Alleen van Erika")
    together = _document(edition, erika, "Samen geschreven", authors=[erika, olga])
    request_erasure(user=erika, delete_documents=True)
    alone.refresh_from_db()
    together.refresh_from_db()
    assert alone.deleted_at is not None and alone.deleted_by_id == erika.pk
    assert together.deleted_at is None
    assert cancel_erasure(user=erika) is True
    alone.refresh_from_db()
    assert alone.deleted_at is None
    assert cancel_erasure(user=erika) is False  # nothing left to cancel


def test_erase_due_runs_twice_and_erases_once(erika):
    request_erasure(user=erika)
    assert _erase_later() == 1
    assert _erase_later() == 0
    assert erase_person(user=erika) is False


def test_an_erased_person_cannot_log_in_and_a_login_cancels_nothing(erika, asked_and_erased):
    erased = asked_and_erased(erika)
    client = Client()
    for login in (ERIKA, erased.email):
        client.post(reverse("account_login"), {"login": login, "password": factories.PASSWORD})
        assert client.get(reverse("accounts:profile")).status_code == 302
    assert User.objects.get(pk=erika.pk).erased_at is not None


# --- The page: re-authentication, the summary, the choice --------------------------------------


def test_the_page_asks_for_the_password_again_then_shows_what_goes_and_what_stays(
    edition, erika, thread
):
    _document(edition, erika, "Mijn eigen toolkit")
    client = client_for(erika)
    url = reverse("privacy:erase")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    response = client.post(
        response.url, {"password": factories.PASSWORD}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == url
    page = response.content.decode()
    assert "Mijn eigen toolkit" in page  # the documents she alone wrote, to choose
    assert 'name="delete_documents"' in page
    assert response.context["page"].posts_count == 1
    assert response.context["page"].documents_count == 1


def test_confirming_asks_for_erasure_and_logs_out(edition, erika):
    document = _document(edition, erika, "Mijn eigen toolkit")
    client = client_for(erika)
    client.post(
        reverse("account_reauthenticate"), {"password": factories.PASSWORD}
    )  # re-authenticated
    response = client.post(reverse("privacy:erase"), {"delete_documents": "on"})
    assert response.status_code == 302
    assert response.url == reverse("editions:home")
    erika.refresh_from_db()
    assert erika.erasure_due_at is not None
    document.refresh_from_db()
    assert document.deleted_at is not None
    assert client.get(reverse("accounts:profile")).status_code == 302  # logged out


def test_the_page_reads_as_many_queries_for_one_document_as_for_many(edition, erika):
    client = client_for(erika)
    client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    _document(edition, erika, "Het eerste")

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("privacy:erase")).status_code == 200
        return len(context)

    few = queries()
    for n in range(25):
        _document(edition, erika, f"Nog een document {n}")
    assert queries() == few


def test_a_post_without_recent_re_authentication_asks_for_it_first(erika):
    client = client_for(erika)
    response = client.post(reverse("privacy:erase"), {})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    erika.refresh_from_db()
    assert erika.erasure_due_at is None


def test_someone_without_a_password_confirms_by_a_recent_login(erika):
    erika.set_unusable_password()
    erika.save(update_fields=["password"])
    client = client_for(erika)  # just logged in (single sign-on)
    assert client.get(reverse("privacy:erase")).status_code == 200
    session = client.session
    session[LOGGED_IN_AT] = 0  # long ago
    session.save()
    response = client.get(reverse("privacy:erase"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client.get(reverse("accounts:profile")).status_code == 302  # logged out to log in anew


# --- Facilitators and staff can neither ask for it nor undo it -----------------------------------


def test_a_facilitator_erases_only_their_own_account_and_cannot_undo_anyones(edition, erika):
    facilitator = factories.make_member(edition, role=Role.FACILITATOR, name="Fred Facilitator")
    request_erasure(user=erika)
    client = client_for(facilitator)
    client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    # The page acts on whoever is logged in: there is no person to name in it.
    client.post(reverse("privacy:erase") + f"?user={erika.pk}", {"user": erika.pk})
    facilitator.refresh_from_db()
    erika.refresh_from_db()
    assert facilitator.erasure_due_at is not None
    assert erika.erasure_due_at is not None  # still due: only her own login cancels it


def test_the_admin_neither_shows_nor_changes_the_erasure(erika, staff):
    request_erasure(user=erika)
    client = client_for(staff)
    url = reverse("admin:accounts_user_change", args=[erika.pk])
    page = client.get(url).content.decode()
    assert 'name="erasure_due_at"' not in page and 'name="erased_at"' not in page
    actions = client.get(reverse("admin:accounts_user_changelist")).context["action_form"]
    assert not any("eras" in name for name, _label in actions.fields["action"].choices)


# --- Carrying it out, kind by kind ----------------------------------------------------------------


def test_profile_photo_and_login_are_gone(erika, asked_and_erased):
    photo = erika.photo.name
    assert default_storage.exists(photo)
    SocialAccount.objects.create(
        user=erika, provider="surfconext", uid="erika-idp", extra_data={"email": ERIKA}
    )
    erased = asked_and_erased(erika)
    assert erased.name == former_participant_name()
    assert erased.email.endswith(".invalid") and ERIKA not in erased.email
    assert not erased.has_usable_password()
    assert not erased.is_active
    assert (erased.job_title, erased.bio, erased.photo.name, erased.visible_fields) == (
        "",
        "",
        "",
        [],
    )
    assert erased.erased_at is not None and erased.erasure_due_at is None
    assert not default_storage.exists(photo)
    assert not EmailAddress.objects.filter(user=erika).exists()
    assert not EmailAddress.objects.filter(email__iexact=ERIKA).exists()
    assert not SocialAccount.objects.filter(user=erika).exists()  # and the claims it kept


def test_the_person_page_and_photo_are_gone_for_everyone(erika, olga, asked_and_erased):
    asked_and_erased(erika)
    client = client_for(olga)
    assert client.get(reverse("accounts:person", args=[erika.pk])).status_code == 404
    assert client.get(reverse("accounts:photo", args=[erika.pk])).status_code == 404
    assert Client().get(reverse("accounts:person", args=[erika.pk])).status_code == 302


def test_the_whole_journal_is_gone_private_and_shared(edition, erika, group, asked_and_erased):
    write_note(user=erika, edition=edition, note="Alleen voor mij.")
    write_note(user=erika, edition=edition, note="Voor de groep.", share_with=group)
    assert JournalEntry.objects.filter(user=erika).count() == 2
    asked_and_erased(erika)
    assert not JournalEntry.objects.filter(user=erika).exists()


def test_notifications_follows_and_preferences_are_gone(
    edition, erika, olga, thread, asked_and_erased
):
    notify("phase_changed", [erika], edition=edition, visibility=Visibility.PLATFORM)
    set_preference(user=erika, kind="post", channel="app")
    follow(user=erika, target=edition.themes.first(), edition=edition)
    assert Notification.objects.filter(recipient=erika).exists()
    # Olga was told of Erika's post: that line stays hers, with the tombstone as its actor.
    olgas = list(Notification.objects.filter(recipient=olga, actor=erika))
    asked_and_erased(erika)
    assert not Notification.objects.filter(recipient=erika).exists()
    assert not Follow.objects.filter(user=erika).exists()
    assert not Preference.objects.filter(user=erika).exists()
    for notification in Notification.objects.filter(pk__in=[n.pk for n in olgas]):
        assert "Erika" not in notification.sentence()


def test_her_post_stays_with_the_tombstone_as_author(
    edition, erika, olga, thread, asked_and_erased
):
    asked_and_erased(erika)
    post = Post.objects.get(thread=thread, author=erika)
    assert post.text == "Mijn eerste bericht."
    client = client_for(olga)
    page = client.get(reverse("groups:thread", kwargs={"thread_pk": thread.pk})).content.decode()
    assert "Mijn eerste bericht." in page
    assert former_participant_name() in page
    assert "Erika" not in page


def test_documents_stay_unless_she_chose_to_delete_those_she_alone_wrote(
    edition, erika, olga, asked_and_erased
):
    together = _document(edition, erika, "Samen geschreven", authors=[erika, olga])
    alone = _document(edition, erika, "Alleen van Erika")
    kept = asked_and_erased(erika)
    assert (
        Document.objects.filter(pk__in=[together.pk, alone.pk], deleted_at__isnull=True).count()
        == 2
    )
    assert set(Document.objects.get(pk=together.pk).authors.all()) == {kept, olga}


def test_chosen_documents_are_deleted_for_good_with_their_files(
    edition, erika, olga, asked_and_erased
):
    alone = _document(edition, erika, "Alleen van Erika")
    add_file(
        document=alone,
        upload=ContentFile(b"Wat Erika alleen schreef.\n", name="notities.txt"),
        actor=erika,
    )
    names = list(
        FileVersion.objects.filter(attachment__document=alone).values_list("file", flat=True)
    )
    assert names and all(default_storage.exists(n) for n in names)
    together = _document(edition, erika, "Samen geschreven", authors=[erika, olga])
    asked_and_erased(erika, delete_documents=True)
    assert not Document.objects.filter(pk=alone.pk).exists()
    assert not any(default_storage.exists(n) for n in names)
    assert Document.objects.filter(pk=together.pk, deleted_at__isnull=True).exists()


def test_the_ledger_keeps_every_count_and_loses_her_name(
    edition, erika, olga, thread, asked_and_erased
):
    _document(edition, erika, "Samen geschreven", authors=[erika, olga])
    application = Application.objects.create(
        edition=edition,
        user=erika,
        name="Erika Erasmus",
        email=ERIKA,
        job_title="Adviseur",
        years_of_experience=5,
        work_level="tactical",
        motivation="Ik wil leren.",
        consented_at=timezone.now(),
    )
    activity.record(
        actor=erika,
        verb=Verb.APPLIED,
        edition=edition,
        target=application,
        visibility=Visibility.GROUP,
    )
    invitation = Invitation.objects.create(
        edition=edition, email=ERIKA, name="Erika", expires_at=timezone.now()
    )
    activity.record(
        actor=olga, verb=Verb.INVITED, edition=edition, target=invitation, data={"email": ERIKA}
    )
    before = summary(erika, edition)
    network_before = network_balance(edition=edition)
    rows_before = ActivityEntry.objects.count()
    assert before[0] > 0
    erased = asked_and_erased(erika)
    assert summary(erased, edition) == before
    network = network_balance(edition=edition)
    assert (network.brought, network.taken) == (network_before.brought, network_before.taken)
    assert ActivityEntry.objects.count() >= rows_before  # rows are never removed
    assert ActivityEntry.objects.filter(actor=erased).exists()  # the actor is the tombstone
    named = [
        e
        for e in ActivityEntry.objects.all()
        if "Erika" in e.target_label or ERIKA in str(e.data) or "Erika" in str(e)
    ]
    assert named == []


def test_applications_invitations_consents_and_exports_are_gone(
    edition, erika, olga, asked_and_erased
):
    Application.objects.create(
        edition=factories.make_running_edition(),
        email=ERIKA.upper(),
        name="Erika Erasmus",
        job_title="Adviseur",
        years_of_experience=5,
        work_level="tactical",
        motivation="Nog niet bevestigd.",
        consented_at=timezone.now(),
    )
    Invitation.objects.create(edition=edition, email=ERIKA, expires_at=timezone.now())
    ConsentRecord.objects.create(user=erika, kind=ConsentKind.AGREEMENTS, subject="x", version="1")
    ConsentRecord.objects.create(
        email=ERIKA, kind=ConsentKind.PRIVACY_STATEMENT, subject="x", version="1"
    )
    export = DataExport.objects.create(user=erika, status=ExportStatus.READY)
    export.file.save("x.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    export_file = export.file.name
    asked_and_erased(erika)
    assert not Application.objects.filter(email__iexact=ERIKA).exists()
    assert not Invitation.objects.filter(email__iexact=ERIKA).exists()
    assert not ConsentRecord.objects.filter(user=erika).exists()
    assert not ConsentRecord.objects.filter(email__iexact=ERIKA).exists()
    assert not DataExport.objects.filter(user=erika).exists()
    assert not default_storage.exists(export_file)


def test_memberships_end_and_she_leaves_who_is_who(edition, erika, olga, group, asked_and_erased):
    asked_and_erased(erika)
    membership = Membership.objects.get(edition=edition, user=erika)
    assert membership.left_at is not None  # kept, for the counts
    assert not GroupMembership.objects.active().filter(user=erika).exists()
    assert GroupMembership.objects.get(group=group, user=olga).is_coordinator  # she took over
    page = client_for(olga).get(reverse("membership:directory", kwargs={"slug": edition.slug}))
    assert "Erika" not in page.content.decode()
    assert former_participant_name() not in page.content.decode()


def test_her_place_at_a_coming_meeting_goes_to_the_first_waiting(edition, erika, olga):
    day = timezone.localdate() + dt.timedelta(days=30)
    meeting = factories.make_meeting(edition, day=day, capacity=1)
    mine = register_for_meeting(meeting=meeting, user=erika, dietary_wishes="Halal")
    waiting = register_for_meeting(meeting=meeting, user=olga)
    assert waiting.status == RegistrationStatus.WAITLISTED
    CalendarFeed.objects.create(user=erika)
    request_erasure(user=erika)
    erase_person(user=erika)  # now: the meeting is still to come
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED
    assert mine.dietary_wishes == ""
    assert waiting.status == RegistrationStatus.REGISTERED
    assert not CalendarFeed.objects.filter(user=erika).exists()


def test_search_no_longer_finds_her_name(edition, erika, olga, asked_and_erased):
    _document(edition, erika, "Samen geschreven", authors=[erika, olga])
    assert "Erika Erasmus" in find(olga, "Erasmus")
    asked_and_erased(erika)
    assert find(olga, "Erasmus") == []
    assert find(olga, "Erasmusbrug") == []
    person_type = ContentType.objects.get_for_model(User)
    assert not SearchEntry.objects.filter(content_type=person_type, object_id=erika.pk).exists()
    assert not SearchEntry.objects.filter(entry_type=EntryType.PERSON, title__contains="Erika")
    assert "Samen geschreven" in find(olga, "Samen geschreven")  # shared work is still found


def test_every_cached_page_is_old_after_the_erasure(erika):
    request_erasure(user=erika)
    before = visitor_cache.current_version(None)
    _erase_later()
    assert visitor_cache.current_version(None) != before


def test_no_email_reaches_her_after(edition, erika, olga, thread, mailoutbox, asked_and_erased):
    erased = asked_and_erased(erika)
    mailoutbox.clear()
    assert send_email("privacy/email/erasure_requested", {"name": "x", "due_on": "x"}, erased) == 0
    assert send_email("privacy/email/erasure_requested", {"name": "x"}, erased.email) == 0
    reply(thread, olga, "Nog iemand?")  # she followed the thread
    assert mailoutbox == []

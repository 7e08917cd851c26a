"""Notifications from the library: a document added to a group or a theme people follow, and a
new version of a file of a document they follow. The document's visibility decides who may be
told; a confidential document's notification and email carry no title and no text."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.groups.models import GroupMembership
from leerplatform.library.models import FileVersion
from leerplatform.library.services.files import restore_version, upload_version
from leerplatform.notifications import services
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.models import Notification
from tests import factories
from tests.library.factories import make_document, make_group, text_upload

pytestmark = pytest.mark.django_db

SECRET = "Zilverreiger"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def author(edition):
    return factories.make_member(edition, name="Anna Auteur")


@pytest.fixture
def mo(edition):
    return factories.make_member(edition, name="Mo Lid")


@pytest.fixture
def nina(edition):
    """In the edition, not in the group; she follows the group and the first theme."""
    return factories.make_member(edition, name="Nina Buiten")


@pytest.fixture
def group(edition, author, mo, nina):
    group = make_group(edition, members=[author, mo], name="Leiders die leren")
    for person in (author, mo, nina):
        services.follow(user=person, target=group, edition=edition)
    return group


@pytest.fixture
def theme(edition):
    return edition.themes.order_by("position").first()


def told(kind: str) -> dict[int, str]:
    return dict(Notification.objects.filter(kind=kind).values_list("recipient_id", "where_label"))


# --- A document added ------------------------------------------------------------------------------


def test_a_document_for_the_edition_tells_the_groups_and_the_themes_followers(
    edition, group, theme, author, mo, nina
):
    reader = factories.make_member(edition, name="Thea Thema")
    services.follow(user=reader, target=theme, edition=edition)
    services.follow(user=nina, target=theme, edition=edition)  # and the group: told once
    services.follow(user=author, target=theme, edition=edition)
    document = make_document(edition, author, group=group, themes=[theme])
    assert told("document_added") == {
        mo.pk: "Leiders die leren",
        nina.pk: "Leiders die leren",
        reader.pk: str(theme),
    }  # never the author who added it
    row = Notification.objects.filter(kind="document_added").first()
    assert row.url == reverse("library:document", kwargs={"pk": document.pk})
    assert row.target_label == "Toolkit intervisie" and row.actor == author


def test_a_group_only_document_reaches_only_the_groups_active_members(
    edition, group, theme, author, mo, nina
):
    gone = factories.make_member(edition)
    GroupMembership.objects.create(group=group, user=gone)
    services.follow(user=gone, target=group, edition=edition)
    GroupMembership.objects.filter(user=gone).update(left_at="2020-01-01T00:00Z")
    facilitator = factories.make_member(edition, role=Role.FACILITATOR)
    services.follow(user=facilitator, target=theme, edition=edition)
    make_document(edition, author, group=group, themes=[theme], visibility=Visibility.GROUP)
    assert set(told("document_added")) == {mo.pk}


def test_a_document_without_group_tells_the_themes_followers(edition, theme, author, mo):
    services.follow(user=mo, target=theme, edition=edition)
    other_theme = edition.themes.order_by("position")[1]
    make_document(edition, author, themes=[other_theme])
    assert told("document_added") == {}
    make_document(edition, author, title="Tweede", themes=[theme, other_theme])
    assert told("document_added") == {mo.pk: str(theme)}


def test_a_confidential_documents_email_names_neither_title_nor_text(
    edition, group, author, mo, django_capture_on_commit_callbacks
):
    services.set_preference(user=mo, kind="document_added", channel=Channel.INSTANT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        document = make_document(
            edition,
            author,
            group=group,
            title=f"Casus {SECRET}",
            summary=f"Wat er met {SECRET} gebeurde.",
            visibility=Visibility.CONFIDENTIAL,
        )
    (row,) = Notification.objects.filter(kind="document_added")
    assert row.confidential and row.target_label == "" and row.excerpt == ""
    (message,) = mail.outbox
    assert message.to == [mo.email]
    assert reverse("library:document", kwargs={"pk": document.pk}) in message.body
    for part in (message.subject, message.body, message.alternatives[0][0]):
        assert SECRET not in part
    # An ordinary document's email names it.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_document(edition, author, group=group, title="Open toolkit")
    (message,) = mail.outbox
    assert "Open toolkit" in message.subject


# --- A new version -----------------------------------------------------------------------------------


def test_a_new_version_tells_the_documents_followers_who_may_see_it(
    edition, group, author, mo, nina
):
    document = make_document(
        edition,
        author,
        group=group,
        authors=[author, mo],
        visibility=Visibility.GROUP,
        uploads=[text_upload()],
    )
    assert not Notification.objects.filter(kind="document_version").exists()  # made, not changed
    services.follow(user=nina, target=document, edition=edition)  # cannot see it: never told
    attachment = document.attachments.get()
    version = upload_version(attachment=attachment, upload=text_upload(text="Versie 2"), actor=mo)
    assert set(told("document_version")) == {author.pk}  # not the uploader
    (row,) = Notification.objects.filter(kind="document_version")
    assert row.url == reverse("library:history", kwargs={"attachment_pk": attachment.pk})
    assert row.actor == mo and row.target_label == document.title
    first = FileVersion.objects.get(attachment=attachment, number=1)
    Notification.objects.all().delete()
    restore_version(version=first, actor=author)
    assert set(told("document_version")) == {mo.pk}
    assert version.pk != first.pk


def test_someone_who_left_the_group_hears_of_no_new_version(edition, group, author, mo):
    document = make_document(
        edition, author, group=group, authors=[author, mo], uploads=[text_upload()]
    )
    services.follow(user=mo, target=document, edition=edition)
    GroupMembership.objects.filter(user=mo).update(left_at="2020-01-01T00:00Z")
    document.visibility = Visibility.GROUP
    document.save(update_fields=["visibility"])
    upload_version(attachment=document.attachments.get(), upload=text_upload(), actor=author)
    assert told("document_version") == {}

"""The confidential tier (vertrouwelijk), issue 11 point 3.

A learning group marks a document, a discussion or an activity confidential: only the group's
active members see it. Nobody else does — not a facilitator of the edition outside the group, not
another participant, not a visitor, not an ex-member — on any channel: pages, lists, search,
files, the activity stream, emails, the outputs feed, the closing report's data, give-and-take
details. Even the group's own members never see it in the activity stream, an email's text, the
closing report or their give-and-take list (a count only), and it is never published.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from leerplatform.core.activity import record
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.visibility import GROUP_TIERS, Visibility
from leerplatform.editions.models import Role
from leerplatform.groups.models import GroupActivity, Thread
from leerplatform.groups.services import activities as activity_services
from leerplatform.groups.visibility import filter_visible, is_visible
from leerplatform.library.models import Document
from leerplatform.library.services.documents import change_document
from leerplatform.membership.services.participation import leave_edition
from leerplatform.notifications import services as notifications
from leerplatform.pages.queries.activity import recent_activity
from leerplatform.reflection.queries.balance import my_balance
from leerplatform.search.engine import search
from leerplatform.showcase.queries.reports import report_data
from tests import factories
from tests.conftest import client_for
from tests.groups import factories_activities as acts
from tests.groups import factories_discussions as talk
from tests.library.factories import make_document, text_upload

SECRET = "burnoutcasus"
OUTSIDERS = ["facilitator", "participant", "visitor", "ex"]


def english(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


class Vault:
    """An edition with a group (activities open to the edition) where `member`, `friend` and
    `ex` work together, and a confidential document with a file, a confidential thread and a
    confidential activity, all with SECRET in title and text. `ex` leaves the edition."""

    def __init__(self):
        self.edition = factories.make_edition(is_published=True)
        self.member = factories.make_member(self.edition, name="Mia Lid")
        self.friend = factories.make_member(self.edition, name="Frits Vriend")
        self.ex = factories.make_member(self.edition, name="Eva Ex")
        self.participant = factories.make_member(self.edition, name="Piet Anders")
        self.facilitator = factories.make_member(
            self.edition, role=Role.FACILITATOR, name="Fien Facilitator"
        )
        self.group = acts.make_group(
            self.edition,
            name="Intervisiegroep",
            coordinators=[self.member],
            members=[self.friend, self.ex],
            activities=Visibility.PLATFORM,
        )
        self.document = make_document(
            self.edition,
            self.member,
            title=f"Casus {SECRET}",
            summary=f"Onze {SECRET} besproken.",
            group=self.group,
            visibility=Visibility.CONFIDENTIAL,
            uploads=[text_upload(text=f"Verslag van de {SECRET}.")],
        )
        self.thread = talk.start(
            self.group,
            self.member,
            title=f"Intervisie {SECRET}",
            text=f"Mijn {SECRET} in detail.",
            visibility=Visibility.CONFIDENTIAL,
        )
        talk.reply(self.thread, self.friend, text=f"Herkenbaar, die {SECRET}.")
        self.activity = activity_services.log_activity(
            group=self.group,
            actor=self.member,
            **acts.activity_fields(
                title=f"Intervisie over {SECRET}", description=f"De {SECRET}.", outcome=""
            ),
            confidential=True,
        )
        # An ordinary, shared activity of the same group: others do see that one.
        self.shared = activity_services.log_activity(
            group=self.group, actor=self.member, **acts.activity_fields(title="Werkbezoek")
        )
        leave_edition(edition=self.edition, user=self.ex)
        for user in (self.member, self.friend, self.ex):
            for attr in ("_group_roles", "_edition_roles"):
                user.__dict__.pop(attr, None)

    def user(self, who: str):
        return None if who == "visitor" else getattr(self, who)

    def client(self, who: str):
        from django.test import Client

        return Client() if who == "visitor" else client_for(self.user(who))

    def urls(self) -> list[str]:
        attachment = self.document.attachments.get()
        return [
            reverse("library:document", kwargs={"pk": self.document.pk}),
            reverse("library:download", kwargs={"attachment_pk": attachment.pk}),
            reverse("library:history", kwargs={"attachment_pk": attachment.pk}),
            reverse("groups:thread", kwargs={"thread_pk": self.thread.pk}),
        ]

    def lists(self) -> list[str]:
        slug = self.edition.slug
        return [
            reverse("library:library", kwargs={"slug": slug}),
            reverse(
                "library:theme", kwargs={"slug": slug, "theme_pk": self.edition.themes.first().pk}
            ),
            reverse("groups:detail", kwargs={"pk": self.group.pk}),
            reverse("groups:threads", kwargs={"pk": self.group.pk}),
            reverse("groups:activities", kwargs={"pk": self.group.pk}),
            reverse("editions:dashboard", kwargs={"slug": slug}),
            reverse("showcase:outputs", kwargs={"slug": slug}),
            reverse("showcase:feed", kwargs={"slug": slug}),
            reverse("reflection:balance", kwargs={"slug": slug}),
        ]


@pytest.fixture
def vault(db) -> Vault:
    return Vault()


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


# --- The rule -------------------------------------------------------------------------------------


def test_confidential_is_a_group_tier_and_group_still_works():
    assert Visibility.CONFIDENTIAL == "confidential"
    assert set(GROUP_TIERS) == {Visibility.GROUP, Visibility.CONFIDENTIAL}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_rule_shows_confidential_work_to_the_groups_active_members_only(vault, who):
    user = vault.user(who)
    for obj, model in ((vault.document, Document), (vault.thread, Thread)):
        edition_field = "edition" if model is Document else "group__edition"
        assert is_visible(vault.member, obj, group_field="group")
        assert is_visible(vault.friend, obj, group_field="group")
        assert not is_visible(user, obj, group_field="group"), (who, model)
        visible = filter_visible(
            model.objects.filter(pk=obj.pk), user, edition_field=edition_field, group_field="group"
        )
        assert not visible.exists(), (who, model)


def test_staff_outside_the_group_do_not_see_it_either(vault):
    staff = factories.make_user(is_staff=True, is_superuser=True, name="Sam Staff")
    assert not is_visible(staff, vault.document, group_field="group")
    response = client_for(staff).get(reverse("library:document", kwargs={"pk": vault.document.pk}))
    assert response.status_code == 404


# --- Pages, lists, files, search, feeds ----------------------------------------------------------


def test_the_members_see_it_with_the_badge(vault):
    client = english(vault.client("member"))
    for url in vault.urls():
        response = client.get(url)
        assert response.status_code == 200, url
    for url in (
        reverse("library:document", kwargs={"pk": vault.document.pk}),
        reverse("groups:thread", kwargs={"thread_pk": vault.thread.pk}),
        reverse("groups:activities", kwargs={"pk": vault.group.pk}),
        reverse("library:library", kwargs={"slug": vault.edition.slug}),
    ):
        page = _text(client.get(url))
        assert SECRET in page, url
        assert 'class="confidential-badge"' in page, url
    assert search(vault.member, SECRET).total == 1


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_nothing_from_its_addresses(vault, who):
    client = vault.client(who)
    for url in vault.urls():
        response = client.get(url)
        assert response.status_code in (302, 403, 404), f"{who} {url}: {response.status_code}"
        assert SECRET not in _text(response)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_find_nothing_in_lists_search_feeds_or_the_stream(vault, who):
    client = vault.client(who)
    for url in vault.lists():
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), f"{who} {url}"
        assert SECRET not in _text(response), f"{who} sees the secret on {url}"
    assert search(vault.user(who), SECRET).total == 0
    # The search page repeats the query itself, so look for what would be found instead.
    page = _text(client.get(reverse("search:search"), {"q": SECRET}))
    for url in vault.urls():
        assert url not in page


def test_the_shared_activity_still_shows_to_the_edition(vault):
    page = _text(
        vault.client("participant").get(reverse("groups:activities", args=[vault.group.pk]))
    )
    assert "Werkbezoek" in page
    assert SECRET not in page


# --- The activity stream and the ledger ---------------------------------------------------------


def test_ledger_rows_about_confidential_work_have_no_label_and_no_audience(vault):
    rows = ActivityEntry.objects.filter(edition=vault.edition, visibility=Visibility.CONFIDENTIAL)
    verbs = set(rows.values_list("verb", flat=True))
    assert {Verb.DOCUMENT_ADDED, Verb.FILE_UPLOADED, Verb.POSTED, Verb.ACTIVITY_LOGGED} <= verbs
    assert not rows.exclude(target_label="").exists()
    assert not ActivityEntry.objects.filter(target_label__icontains=SECRET).exists()
    for user in (vault.member, vault.friend, vault.facilitator, vault.participant, None):
        assert not filter_visible(rows, user).exists()


@pytest.mark.parametrize("who", ["member", "friend", *OUTSIDERS])
def test_the_stream_never_shows_confidential_work_even_to_its_members(vault, who):
    entries = recent_activity(edition=vault.edition, user=vault.user(who), limit=100)
    assert all(entry.visibility != Visibility.CONFIDENTIAL for entry in entries)
    assert all(SECRET not in str(entry) for entry in entries)
    page = _text(vault.client(who).get(reverse("editions:dashboard", args=[vault.edition.slug])))
    assert SECRET not in page


def test_work_made_confidential_later_leaves_the_stream_with_its_old_rows(vault):
    document = make_document(
        vault.edition,
        vault.member,
        title="Eerst gedeeld verslag",
        group=vault.group,
        visibility=Visibility.PLATFORM,
    )
    seen = recent_activity(edition=vault.edition, user=vault.participant, limit=100)
    assert any("Eerst gedeeld verslag" in str(entry) for entry in seen)
    change_document(document=document, actor=vault.member, visibility=Visibility.CONFIDENTIAL)
    for user in (vault.participant, vault.facilitator, vault.member):
        entries = recent_activity(edition=vault.edition, user=user, limit=100)
        assert all("Eerst gedeeld verslag" not in str(entry) for entry in entries)
    assert search(vault.participant, "gedeeld verslag").total == 0
    # The same for an activity marked confidential afterwards.
    activity_services.update_activity(
        item=vault.shared,
        actor=vault.member,
        **acts.activity_fields(title="Werkbezoek"),
        confidential=True,
    )
    entries = recent_activity(edition=vault.edition, user=vault.participant, limit=100)
    assert all("Werkbezoek" not in str(entry) for entry in entries)
    page = _text(
        vault.client("participant").get(reverse("groups:activities", args=[vault.group.pk]))
    )
    assert "Werkbezoek" not in page


def test_the_ledger_record_keeps_no_label_for_confidential_rows(vault):
    entry = record(
        actor=vault.member,
        verb=Verb.DOCUMENT_CHANGED,
        edition=vault.edition,
        target=vault.document,
        visibility=Visibility.CONFIDENTIAL,
    )
    assert entry.target_label == ""
    assert entry.target_id == str(vault.document.pk)


# --- Emails ---------------------------------------------------------------------------------------


def test_emails_about_a_confidential_thread_say_only_that_there_is_a_new_post(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    edition = factories.make_edition()
    author = factories.make_member(edition, name="Mia Lid")
    reader = factories.make_member(edition, name="Rik Lezer")
    group = talk.make_group(edition, name="Intervisiegroep", members=[author, reader])
    for person in (author, reader):  # they follow their group and want posts at once
        notifications.follow(user=person, target=group, edition=edition)
        notifications.set_preference(user=person, kind="post", channel="instant")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        thread = talk.start(
            group,
            author,
            title=f"Intervisie {SECRET}",
            text=f"Mijn {SECRET} in detail.",
            visibility=Visibility.CONFIDENTIAL,
        )
        talk.reply(thread, reader, text=f"Herkenbaar, die {SECRET}.")
    assert len(mailoutbox) == 2
    link = reverse("groups:thread", kwargs={"thread_pk": thread.pk})
    for message in mailoutbox:
        assert SECRET not in message.subject
        assert SECRET not in message.body
        other = "Mia Lid" if message.to == [reader.email] else "Rik Lezer"
        assert other not in message.body and other not in message.subject  # nor who wrote
        assert link in message.body
    # An ordinary thread's email still carries the text.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        talk.start(group, author, title="Gewone vraag", text="Wie weet iets over leerrendement?")
    assert "leerrendement" in mailoutbox[0].body
    assert mail.outbox is mailoutbox


# --- Give and take, the closing report, publication ---------------------------------------------


def test_give_and_take_details_show_confidential_work_only_as_a_count(vault):
    balance = my_balance(user=vault.member, edition=vault.edition)
    assert balance.confidential >= 4  # the document, its file, the post, the activity
    assert all(SECRET not in str(entry) for entry in balance.entries.object_list)
    assert all(entry.visibility != Visibility.CONFIDENTIAL for entry in balance.entries.object_list)
    assert balance.brought >= balance.confidential  # still counted
    page = _text(
        english(vault.client("member")).get(
            reverse("reflection:balance", args=[vault.edition.slug])
        )
    )
    assert SECRET not in page
    assert "confidential group work" in page


def test_the_closing_report_leaves_confidential_work_out(vault):
    data = report_data(edition=vault.edition)
    section = next(s for s in data.groups if s.group.pk == vault.group.pk)
    titles = [a.title for a in section.activities]
    assert "Werkbezoek" in titles
    assert all(SECRET not in title for title in titles)
    products = [p.title for p in section.products] + [p.title for p in data.other_products]
    assert all(SECRET not in title for title in products)


def test_a_confidential_document_is_never_offered_or_made_public(vault):
    from django.core.exceptions import ValidationError

    from leerplatform.showcase.services.outputs import offer_document

    assert not vault.member.has_perm("showcase.offer_document", vault.document)
    with pytest.raises((ValidationError, Exception)):
        offer_document(document=vault.document, actor=vault.member, notify=False)
    with pytest.raises(ValidationError):
        change_document(document=vault.document, actor=vault.member, visibility=Visibility.PUBLIC)
    vault.document.refresh_from_db()
    assert vault.document.visibility == Visibility.CONFIDENTIAL
    response = vault.client("member").get(
        reverse("showcase:offer_document", args=[vault.document.pk])
    )
    assert response.status_code in (403, 404, 405)
    response = vault.client("member").post(
        reverse("showcase:offer_document", args=[vault.document.pk])
    )
    assert response.status_code in (403, 404)


def test_an_offered_document_made_confidential_is_withdrawn(vault):
    from leerplatform.showcase.models import ConsentStatus, Output
    from leerplatform.showcase.services.confidential import withdraw_confidential

    document = make_document(
        vault.edition,
        vault.member,
        title="Toolkit die vertrouwelijk wordt",
        group=vault.group,
        visibility=Visibility.PLATFORM,
    )
    output = Output.objects.create(
        edition=vault.edition, group=vault.group, document=document, proposed_by=vault.member
    )
    output.consents.create(author=vault.member, status=ConsentStatus.GIVEN)
    Output.objects.filter(pk=output.pk).update(published_at=output.proposed_at)
    change_document(document=document, actor=vault.member, visibility=Visibility.CONFIDENTIAL)
    output.refresh_from_db()
    assert output.published_at is None
    assert not output.consents.exclude(status=ConsentStatus.WITHDRAWN).exists()
    document.refresh_from_db()
    assert document.visibility == Visibility.CONFIDENTIAL
    assert (
        withdraw_confidential(Document(visibility=Visibility.PLATFORM)) is None
    )  # not confidential: untouched
    for url in (
        reverse("showcase:outputs", args=[vault.edition.slug]),
        reverse("showcase:feed", args=[vault.edition.slug]),
    ):
        assert "Toolkit die vertrouwelijk wordt" not in _text(vault.client("visitor").get(url))


# --- Forms ----------------------------------------------------------------------------------------


def test_a_member_marks_a_document_confidential_in_the_library_form(vault):
    client = vault.client("member")
    response = client.post(
        reverse("library:create", args=[vault.edition.slug]),
        {
            "title": "Nieuwe casus",
            "summary": "Alleen voor ons.",
            "kind": Document.objects.get(pk=vault.document.pk).kind,
            "group": vault.group.pk,
            "authors": [vault.member.pk],
            "visibility": Visibility.CONFIDENTIAL,
            "licence": "cc-by-4.0",
            "files": [text_upload(text="Alleen voor ons.")],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    document = Document.objects.get(title="Nieuwe casus")
    assert document.visibility == Visibility.CONFIDENTIAL
    assert not is_visible(vault.facilitator, document, group_field="group")


def test_a_facilitator_outside_the_group_cannot_make_it_confidential_for_the_group(vault):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_document(
            vault.edition,
            vault.facilitator,
            title="Stiekem",
            group=vault.group,
            visibility=Visibility.CONFIDENTIAL,
        )


def test_confidential_needs_a_group(vault):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_document(vault.edition, vault.member, title="Zonder groep", visibility="confidential")


def test_a_member_starts_a_confidential_thread_and_logs_a_confidential_activity(vault):
    client = vault.client("member")
    response = client.post(
        reverse("groups:create_thread", args=[vault.group.pk]),
        {"title": "Nieuwe intervisie", "text": "Een casus.", "visibility": "confidential"},
    )
    assert response.status_code == 302
    assert Thread.objects.get(title="Nieuwe intervisie").visibility == Visibility.CONFIDENTIAL
    response = client.post(
        reverse("groups:create_activity", args=[vault.group.pk]),
        acts.form_data(title="Nieuwe intervisiesessie", confidential="on"),
    )
    assert response.status_code == 302
    item = GroupActivity.objects.get(title="Nieuwe intervisiesessie")
    assert item.confidential
    page = _text(
        vault.client("facilitator").get(reverse("groups:activities", args=[vault.group.pk]))
    )
    assert "Nieuwe intervisiesessie" not in page

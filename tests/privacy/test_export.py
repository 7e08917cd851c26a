"""Download my data (issue 17, point 1): a person asks for an export, a background task builds it
with its progress and emails them; the ZIP holds one JSON per kind with exactly the person's rows
(counted here against the database), their files and a readable index.html, and nothing of
anyone else's beyond a name they saw: no other person's address, private journal or group. Only
the owner downloads it, through a signed link, for 7 days; then it is purged, file and all."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from leerplatform.accounts.models import ConsentKind, ConsentRecord
from leerplatform.core import activity
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import (
    ContinuationInvitation,
    Membership,
    Role,
)
from leerplatform.groups.models import (
    ActivityKind,
    GroupActivity,
    GroupMembership,
    JoinRequest,
    Post,
    ProgressReport,
    Thread,
    WorkPlanVersion,
)
from leerplatform.meetings.models import ProgrammeItem, ProgrammeItemKind, Registration
from leerplatform.membership.models import (
    Agreement,
    AgreementAcceptance,
    Application,
    Invitation,
)
from leerplatform.membership.services.invitations import invite_person
from leerplatform.notifications.models import DigestDelivery, Follow, Notification, Preference
from leerplatform.privacy import export as export_file
from leerplatform.privacy.collect import KINDS, activities_of, documents_of
from leerplatform.privacy.models import EXPORT_VALID_DAYS, DataExport, ExportStatus
from leerplatform.privacy.queries import exports as queries
from leerplatform.privacy.services import export as services
from leerplatform.privacy.tasks import build_export
from leerplatform.proposals.models import Comment, Proposal, ProposalCall, Support
from leerplatform.reflection.models import (
    Evaluation,
    EvaluationRating,
    EvaluationReceipt,
    GroupReflection,
    JournalEntry,
)
from leerplatform.showcase.models import Consent, Output
from tests import factories
from tests.conftest import client_for
from tests.library.factories import make_document, make_group, text_upload

pytestmark = pytest.mark.django_db

OTHER_EMAIL = "olga.geheim@example.org"
INVITED_EMAIL = "uitgenodigd.geheim@example.org"
OTHER_PRIVATE_JOURNAL = "Olga's eigen geheime gedachte"
OTHER_POST = "Olga's bericht in de draad"
HIDDEN_GROUP = "Leergroep Binnenskamers"
HIDDEN_TOPIC = "Geheim onderwerp van een andere groep"
MY_PRIVATE_JOURNAL = "Mijn privé-notitie na de bijeenkomst"
FILE_TEXT = "De handleiding van Pia, versie 1."


def _photo() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return ContentFile(buffer.getvalue())


@pytest.fixture
def pia(db):
    """A participant with rows of every kind the export knows, beside another person (Olga) whose
    address, private journal and posts must never reach Pia's export."""
    edition = factories.make_running_edition(name="Leerplatform Privacy")
    second = factories.make_running_edition(name="Leerplatform Twee")
    pia = factories.make_member(edition, name="Pia Privé", email="pia@example.org")
    factories.services.add_member(edition=second, user=pia, role=Role.FACILITATOR)
    pia.photo.save("pia.png", _photo())
    olga = factories.make_member(edition, name="Olga Ander", email=OTHER_EMAIL)
    meeting = factories.make_meeting(edition, day=timezone.localdate() - dt.timedelta(days=10))
    item = ProgrammeItem.objects.create(
        meeting=meeting,
        starts_at=dt.time(10),
        ends_at=dt.time(11),
        kind=ProgrammeItemKind.PLENARY_WORKSHOP,
        title="Werkplaats",
    )

    # applications and invitations
    Application.objects.create(
        edition=edition,
        user=pia,
        name=pia.name,
        email=pia.email,
        job_title="Adviseur",
        years_of_experience=5,
        work_level="tactical",
        motivation="Ik wil leren.",
        consented_at=timezone.now(),
        status="accepted",
    )
    Invitation.objects.create(
        edition=second,
        email=pia.email,
        expires_at=timezone.now() + dt.timedelta(days=7),
        accepted_at=timezone.now(),
        accepted_by=pia,
    )
    # As a facilitator of the second edition Pia invites someone: a ledger row with their address.
    invite_person(edition=second, email=INVITED_EMAIL, name="Iris Uitgenodigd", actor=pia)

    # memberships, groups, requests, continuation
    group = make_group(edition, members=[pia, olga], name="Leergroep Samen")
    other_group = make_group(edition, members=[olga], name="Leergroep Elders")
    hidden = make_group(edition, members=[olga], name=HIDDEN_GROUP)
    JoinRequest.objects.create(group=other_group, user=pia, message="Mag ik erbij?")
    ContinuationInvitation.objects.create(edition=second, user=pia)

    # registrations and attendance
    Registration.objects.create(
        meeting=meeting, user=pia, dietary_wishes="Vegetarisch", attended_at=meeting.starts_at
    )

    # journal (private and shared), and Olga's private one
    JournalEntry.objects.create(user=pia, edition=edition, meeting=meeting, note=MY_PRIVATE_JOURNAL)
    JournalEntry.objects.create(user=pia, edition=edition, note="Gedeeld", shared_with=group)
    JournalEntry.objects.create(user=olga, edition=edition, note=OTHER_PRIVATE_JOURNAL)

    # group reflection, work plan, progress report, activities
    GroupReflection.objects.create(group=group, meeting=meeting, text="Wij leerden.", author=pia)
    WorkPlanVersion.objects.create(group=group, number=1, ambition="Samen leren", author=pia)
    ProgressReport.objects.create(group=group, meeting=meeting, what_we_did="Veel.", author=pia)
    GroupActivity.objects.create(
        group=group,
        kind=ActivityKind.INTERVISION,
        title="Intervisie",
        date=timezone.localdate(),
        created_by=pia,
    )
    joined = GroupActivity.objects.create(
        group=group,
        kind=ActivityKind.WORK_VISIT,
        title="Werkbezoek",
        date=timezone.localdate(),
        created_by=olga,
    )
    joined.participants.set([pia, olga])

    # evaluations: one signed, a receipt, and an anonymous one that is nobody's
    signed = Evaluation.objects.create(meeting=meeting, remarks="Goed", user=pia)
    EvaluationRating.objects.create(evaluation=signed, item=item, rating=4)
    EvaluationReceipt.objects.create(meeting=meeting, user=pia)
    Evaluation.objects.create(meeting=meeting, remarks="Anoniem")

    # proposals, supports, comments
    call = ProposalCall.objects.create(meeting=meeting, deadline=meeting.starts_at)
    mine = Proposal.objects.create(
        call=call,
        proposer=pia,
        kind="topic",
        title="Pia's voorstel",
        description="Beschrijving",
        gains="Inzicht",
        duration_minutes=45,
    )
    olgas = Proposal.objects.create(
        call=call,
        proposer=olga,
        kind="topic",
        title="Olga's voorstel",
        description="Beschrijving",
        gains="Inzicht",
        duration_minutes=45,
    )
    Support.objects.create(proposal=olgas, user=pia)
    Support.objects.create(proposal=mine, user=olga)
    Comment.objects.create(proposal=olgas, author=pia, text="Mooi idee")

    # discussions: Pia's thread and post (in which she typed Olga's address), Olga's post
    thread = Thread.objects.create(group=group, title="Onze draad", author=pia)
    Post.objects.create(thread=thread, author=pia, text=f"Mail ook {OTHER_EMAIL} even.")
    Post.objects.create(thread=thread, author=olga, text=OTHER_POST)

    # a document with a file, written with Olga
    document = make_document(
        edition,
        pia,
        title="Pia's handleiding",
        authors=[pia, olga],
        uploads=[text_upload(text=FILE_TEXT)],
    )

    # consents
    ConsentRecord.objects.create(
        user=pia, kind=ConsentKind.PRIVACY_STATEMENT, subject="Privacyverklaring", version="1"
    )
    agreement = Agreement.objects.create(edition=edition, version=1, text="Afspraken")
    AgreementAcceptance.objects.create(agreement=agreement, user=pia)
    output = Output.objects.create(edition=edition, document=document, proposed_by=pia)
    Consent.objects.create(output=output, author=pia, status="given", decided_at=timezone.now())
    Consent.objects.create(output=output, author=olga)

    # notifications: one Pia may see, one about a group she is not in
    Notification.objects.create(
        recipient=pia,
        kind="post",
        actor=olga,
        edition=edition,
        group=group,
        visibility=Visibility.GROUP,
        target_label="Onze draad",
        channel="weekly",
    )
    Notification.objects.create(
        recipient=pia,
        kind="post",
        actor=olga,
        edition=edition,
        group=hidden,
        visibility=Visibility.GROUP,
        target_label=HIDDEN_TOPIC,
        where_label=HIDDEN_GROUP,
        excerpt=OTHER_POST,
        channel="weekly",
    )

    # preferences, follows, digests
    Preference.objects.create(user=pia, kind="post", channel="daily")
    Follow.objects.create(user=pia, target=thread, edition=edition)
    DigestDelivery.objects.create(user=pia, period="weekly", period_key="2026-W49", count=2)

    # the ledger: something Pia did (the invitation above is one too)
    activity.record(actor=pia, verb=Verb.POSTED, edition=edition, target=thread)

    # a login through SURFconext, with what it said about her
    SocialAccount.objects.create(
        user=pia,
        provider="surfconext",
        uid="pia-at-the-idp",
        extra_data={"email": pia.email, "schac_home_organization": "hva.nl"},
    )
    return pia


def expected_counts(person) -> dict[str, dict[str, int]]:
    """Per kind and section, the person's rows, counted straight from the database."""
    return {
        "profile": {
            "profile": 1,
            "email_addresses": 1,
            "linked_logins": SocialAccount.objects.filter(user=person).count(),
        },
        "memberships": {
            "editions": Membership.objects.filter(user=person).count(),
            "learning_groups": GroupMembership.objects.filter(user=person).count(),
            "join_requests": JoinRequest.objects.filter(user=person).count(),
            "continuation_invitations": ContinuationInvitation.objects.filter(user=person).count(),
        },
        "applications": {
            "applications": Application.objects.filter(user=person).count(),
            "invitations": Invitation.objects.filter(accepted_by=person).count(),
        },
        "registrations": {
            "registrations": Registration.objects.filter(user=person).count(),
            "attended": Registration.objects.filter(user=person, attended_at__isnull=False).count(),
        },
        "journal": {"entries": JournalEntry.objects.filter(user=person).count()},
        "reflections": {"group_reflections": GroupReflection.objects.filter(author=person).count()},
        "evaluations": {
            "signed_evaluations": Evaluation.objects.filter(user=person).count(),
            "evaluated_meetings": EvaluationReceipt.objects.filter(user=person).count(),
        },
        "proposals": {
            "proposals": Proposal.objects.filter(proposer=person).count(),
            "supports": Support.objects.filter(user=person).count(),
            "comments": Comment.objects.filter(author=person).count(),
        },
        "posts": {
            "discussions_started": Thread.objects.filter(author=person).count(),
            "posts": Post.objects.filter(author=person).count(),
        },
        "documents": {"documents": documents_of(person).count()},
        "activities": {
            "activities": activities_of(person).count(),
            "work_plan_versions": WorkPlanVersion.objects.filter(author=person).count(),
            "progress_reports": ProgressReport.objects.filter(author=person).count(),
        },
        "consents": {
            "consent_records": ConsentRecord.objects.filter(user=person).count(),
            "privacy_statement_on_applications": Application.objects.filter(user=person).count(),
            "agreements_accepted": AgreementAcceptance.objects.filter(user=person).count(),
            "publication_consents": Consent.objects.filter(author=person).count(),
        },
        "notifications": {"notifications": Notification.objects.filter(recipient=person).count()},
        "preferences": {
            "notification_preferences": Preference.objects.filter(user=person).count(),
            "follows": Follow.objects.filter(user=person).count(),
            "digests": DigestDelivery.objects.filter(user=person).count(),
        },
        "ledger": {"ledger": ActivityEntry.objects.filter(actor=person).count()},
    }


def build(person, django_capture_on_commit_callbacks) -> DataExport:
    """Ask for an export as the page does; the task runs once the request commits."""
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_export(user=person)
    export.refresh_from_db()
    return export


def members(export: DataExport) -> dict[str, bytes]:
    with export.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --- What is in it -------------------------------------------------------------------------------


def test_the_exports_counts_are_the_persons_rows_of_every_kind(
    pia, django_capture_on_commit_callbacks
):
    export = build(pia, django_capture_on_commit_callbacks)
    assert export.status == ExportStatus.READY
    assert export.progress == 100
    files = members(export)

    expected = expected_counts(pia)
    assert [kind.key for kind in KINDS] == list(expected)
    for kind, sections in expected.items():
        data = json.loads(files[f"{kind}.json"])
        assert data["kind"] == kind
        assert data["counts"] == sections, kind
        for section, count in sections.items():
            if section == "profile":
                assert data["profile"]["email"] == pia.email
            else:
                assert len(data[section]) == count, (kind, section)
    # Every kind the issue names has at least one row for Pia (the fixture is complete).
    empty = [
        (kind, section)
        for kind, sections in expected.items()
        for section, count in sections.items()
        if count == 0
    ]
    assert empty == []
    [login] = json.loads(files["profile.json"])["linked_logins"]
    assert login["claims"]["schac_home_organization"] == "hva.nl"


def test_the_export_holds_the_private_journal_the_photo_and_the_documents_files(
    pia, django_capture_on_commit_callbacks
):
    files = members(build(pia, django_capture_on_commit_callbacks))
    journal = json.loads(files["journal.json"])["entries"]
    assert {entry["note"] for entry in journal} == {MY_PRIVATE_JOURNAL, "Gedeeld"}
    assert [e["shared_with_group"] for e in journal if e["note"] == MY_PRIVATE_JOURNAL] == [None]

    profile = json.loads(files["profile.json"])["profile"]
    assert profile["photo"] == "files/profile/photo.png"
    assert files[profile["photo"]][:8] == b"\x89PNG\r\n\x1a\n"

    (document,) = json.loads(files["documents.json"])["documents"]
    assert document["other_authors"] == ["Olga Ander"]
    (attached,) = document["files"]
    assert files[attached["in_this_export"]].decode() == FILE_TEXT

    # Dates are ISO 8601 with their offset; the anonymous evaluation is nobody's.
    (registration,) = json.loads(files["registrations.json"])["registrations"]
    assert dt.datetime.fromisoformat(registration["checked_in_at"]).utcoffset() is not None
    evaluations = json.loads(files["evaluations.json"])
    assert [e["remarks"] for e in evaluations["signed_evaluations"]] == ["Goed"]


def test_no_one_elses_address_private_journal_or_hidden_group_is_in_the_export(
    pia, django_capture_on_commit_callbacks
):
    files = members(build(pia, django_capture_on_commit_callbacks))
    everything = b"\n".join(files.values()).decode("utf-8", errors="replace")
    for secret in (OTHER_EMAIL, INVITED_EMAIL, OTHER_PRIVATE_JOURNAL, OTHER_POST, HIDDEN_GROUP):
        assert secret not in everything, secret
    assert HIDDEN_TOPIC not in everything
    # No address at all but Pia's own.
    addresses = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", everything))
    assert addresses == {pia.email}
    # What Pia wrote stays, without the address; the invitation's row stays, without it too.
    (own_post,) = json.loads(files["posts.json"])["posts"]
    assert own_post["text"].startswith("Mail ook ") and OTHER_EMAIL not in own_post["text"]
    ledger = json.loads(files["ledger.json"])["ledger"]
    assert "invited" in {row["what"] for row in ledger}
    # The notification about a group Pia is not in says only that there was one.
    notifications = json.loads(files["notifications.json"])["notifications"]
    hidden = [n for n in notifications if n.get("details_left_out")]
    assert len(hidden) == 1 and "sentence" not in hidden[0] and "excerpt" not in hidden[0]


def test_index_html_summarises_every_kind_in_the_persons_language_without_outside_assets(
    pia, django_capture_on_commit_callbacks
):
    pia.language = "en"
    pia.save(update_fields=["language"])
    files = members(build(pia, django_capture_on_commit_callbacks))
    index = files["index.html"].decode()
    assert '<html lang="en">' in index
    assert "Your data on Leerplatform" in index
    for kind in KINDS:
        assert f'href="{kind.key}.json"' in index
        assert f'id="{kind.key}"' in index
    assert 'href="files/profile/photo.png"' in index
    assert "Pia&#x27;s handleiding" in index
    # Self-contained: no script, no stylesheet or image from elsewhere, no absolute link.
    assert "<script" not in index and "<link" not in index
    assert not re.search(r'(src|href)="(https?:)?//', index)


def test_a_file_past_the_size_limit_stays_out_and_the_export_says_so(
    pia, django_capture_on_commit_callbacks, settings
):
    settings.PRIVACY_EXPORT_MAX_FILE_BYTES = 10  # the photo and the text file are larger
    files = members(build(pia, django_capture_on_commit_callbacks))
    assert not [name for name in files if name.startswith("files/")]
    (document,) = json.loads(files["documents.json"])["documents"]
    assert document["files"][0]["in_this_export"] is None
    assert json.loads(files["profile.json"])["profile"]["photo"] is None
    assert (
        "library" in files["index.html"].decode() or "bibliotheek" in files["index.html"].decode()
    )


# --- Asking for it, its progress, the email ------------------------------------------------------


def test_the_owner_is_emailed_a_link_to_my_data_when_it_is_ready(
    pia, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    build(pia, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == [pia.email]
    assert "/profile/data/#export" in message.body
    assert "/download/" not in message.body and not message.attachments


def test_one_export_at_a_time_and_three_a_day(pia, django_capture_on_commit_callbacks):
    waiting = services.request_export(user=pia)  # not built: the request did not commit
    assert waiting.status == ExportStatus.PENDING
    with pytest.raises(ValidationError):
        services.request_export(user=pia)
    # A lost one (its worker died) no longer stands in the way.
    DataExport.objects.filter(pk=waiting.pk).update(
        requested_at=timezone.now() - services.STALE_AFTER - dt.timedelta(minutes=1)
    )
    build(pia, django_capture_on_commit_callbacks)
    build(pia, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        services.request_export(user=pia)
    assert DataExport.objects.filter(user=pia).count() == 3


def test_progress_moves_through_every_kind_and_ends_ready(pia):
    steps: list[tuple[str, int]] = []
    with io.BytesIO() as out:
        export_file.write_export(user=pia, out=out, progress=lambda s, p: steps.append((s, p)))
    assert [step for step, _ in steps] == [kind.key for kind in KINDS] + ["files", "index"]
    percentages = [progress for _, progress in steps]
    assert percentages == sorted(percentages) and percentages[-1] < 100

    export = services.request_export(user=pia)
    assert queries.step_label(export)  # waiting
    assert services.run_export(export_id=export.pk) == ExportStatus.READY
    export.refresh_from_db()
    assert (export.status, export.progress, export.step) == (ExportStatus.READY, 100, "")
    assert export.size == export.file.size
    assert export.expires_at - export.finished_at == dt.timedelta(days=EXPORT_VALID_DAYS)
    # Run again (the queue retried the task): nothing is built twice.
    assert services.run_export(export_id=export.pk) == ExportStatus.READY
    assert DataExport.objects.get(pk=export.pk).file.name == export.file.name


def test_the_box_polls_while_it_is_made_and_then_offers_the_download(pia):
    client = client_for(pia)
    export = services.request_export(user=pia)
    page = client.get(reverse("privacy:my_data"))
    assert page.status_code == 200
    html = page.content.decode()
    status_url = reverse("privacy:export_status", args=[export.pk])
    assert f'hx-get="{status_url}"' in html and 'role="status"' in html
    assert 'aria-disabled="true"' in html  # one at a time

    DataExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.RUNNING, progress=40, step="journal"
    )
    partial = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-get="' in partial and 'value="40"' in partial and "export-form" not in partial

    services.run_export(export_id=export.pk)
    export.refresh_from_db()
    partial = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in partial
    assert export_file.download_url(export).replace("&", "&amp;") in partial
    assert 'id="export-form"' in partial and 'hx-swap-oob="true"' in partial
    assert 'type="submit"' in partial  # the button is back
    # Without JavaScript: a page of its own.
    assert client.get(status_url).status_code == 200


def test_a_failed_export_says_so_and_can_be_asked_for_again(pia, settings):
    # The photo's name points at a folder: reading it fails in the middle of the build.
    folder = "profile-photos/not-a-file.png"
    default_storage.save(f"{folder}/inside.txt", ContentFile(b"x"))
    type(pia).objects.filter(pk=pia.pk).update(photo=folder)
    export = services.request_export(user=pia)
    assert services.run_export(export_id=export.pk) == ExportStatus.FAILED
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and export.error and not export.file
    row = queries.row_for(export)
    assert not row.in_progress and not row.download_url
    services.request_export(user=pia)  # a failed one does not stand in the way


# --- Downloading it ------------------------------------------------------------------------------


@pytest.fixture
def ready(pia, django_capture_on_commit_callbacks):
    return build(pia, django_capture_on_commit_callbacks)


def test_the_owner_downloads_it_as_a_private_attachment(ready):
    response = client_for(ready.user).get(export_file.download_url(ready))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".zip" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None


@pytest.mark.parametrize("who", ["other", "staff"])
def test_no_one_else_downloads_it_even_with_the_link(ready, who):
    someone = factories.make_user(is_staff=who == "staff", is_superuser=who == "staff")
    client = client_for(someone)
    assert client.get(export_file.download_url(ready)).status_code == 404
    assert client.get(reverse("privacy:export_status", args=[ready.pk])).status_code == 404


def test_the_link_must_be_signed_for_this_export_and_this_owner(ready, pia):
    client = client_for(pia)
    path = reverse("privacy:export_download", args=[ready.pk])
    assert client.get(path).status_code == 404
    assert client.get(path, {"t": "forged"}).status_code == 404
    other = DataExport.objects.create(user=pia, status=ExportStatus.FAILED)
    other_token = export_file.download_token(other)
    assert client.get(path, {"t": other_token}).status_code == 404
    token = export_file.download_token(ready)
    assert client.get(path, {"t": token[:-2] + "xx"}).status_code == 404
    assert client.get(path, {"t": token}).status_code == 200


def test_an_expired_link_or_export_gets_a_clear_page_not_an_error(ready, pia, settings):
    client = client_for(pia)
    path = reverse("privacy:export_download", args=[ready.pk])
    # A link signed more than 7 days ago.
    long_ago = timezone.now() - dt.timedelta(days=EXPORT_VALID_DAYS, hours=1)
    signed_long_ago = _signed_at(long_ago, ready, pia)
    response = client.get(path, {"t": signed_long_ago})
    assert response.status_code == 410
    assert "privacy/export/expired.html" in [t.name for t in response.templates]

    DataExport.objects.filter(pk=ready.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = client.get(export_file.download_url(ready))
    assert response.status_code == 410
    assert reverse("privacy:my_data") in response.content.decode()


def _signed_at(when: dt.datetime, export: DataExport, owner) -> str:
    """A token as `download_token` made it at `when`."""

    class Then(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(when.timestamp()))

    return Then(salt=export_file.SALT).sign(f"{export.pk}.{owner.pk}")


# --- Purging it ----------------------------------------------------------------------------------


def test_purge_removes_expired_exports_file_and_row_and_is_safe_to_run_twice(ready, pia):
    name = ready.file.name
    assert default_storage.exists(name)
    lost = DataExport.objects.create(
        user=pia, status=ExportStatus.FAILED, requested_at=timezone.now() - dt.timedelta(days=8)
    )
    later = ready.expires_at + dt.timedelta(minutes=1)
    kept = DataExport.objects.create(
        user=pia,
        status=ExportStatus.READY,
        requested_at=later,
        finished_at=later,
        expires_at=later + dt.timedelta(days=EXPORT_VALID_DAYS),
    )

    assert services.purge_expired_exports(now=later) == 2
    assert not default_storage.exists(name)
    assert set(DataExport.objects.values_list("pk", flat=True)) == {kept.pk}
    assert not DataExport.objects.filter(pk=lost.pk).exists()
    assert services.purge_expired_exports(now=later) == 0


def test_purge_copes_with_a_file_already_gone(ready):
    default_storage.delete(ready.file.name)
    assert services.purge_expired_exports(now=ready.expires_at) == 1
    assert services.purge_expired_exports(now=ready.expires_at) == 0


def test_erasing_the_person_can_delete_all_their_exports(ready, pia):
    name = ready.file.name
    assert services.delete_exports_of(user=pia) == 1
    assert not default_storage.exists(name)


def test_the_task_builds_an_export_when_called(pia):
    export = DataExport.objects.create(user=pia)
    assert build_export.call(export.pk) == ExportStatus.READY


def test_the_status_poll_reads_a_fixed_few_queries(ready, pia, django_assert_max_num_queries):
    client = client_for(pia)
    for _ in range(3):
        DataExport.objects.create(user=pia, status=ExportStatus.FAILED)
    url = reverse("privacy:export_status", args=[ready.pk])
    with django_assert_max_num_queries(4):
        response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200

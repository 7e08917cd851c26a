"""Files and versions: adding a file to a document, a new version, restoring one, downloads and
reads (what a person takes from the library), and storing the text a background task read from a
file.

Every function is keyword-only, runs in one transaction, writes the ledger, and stores uploads
inside `files.storing()` so that a failure leaves no orphan file. Uploads must have passed
`files.check_upload` (forms do that; `upload.checked` holds the result) — the functions check
again when it is missing. After every change of versions `events.document_changed` is sent (search
indexes the document again); every version stored sends `events.version_stored`, on which a PDF,
DOCX or text upload has its text read once the transaction commits (a rolled-back upload never
reaches it), never in the request: `tasks.read_text_later` hands it to the task worker or to a
background thread, and `read_text` reads it in a limited child process (`extract_worker`).
"""

from __future__ import annotations

import datetime as dt
import logging

import rules
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from leerplatform.core import activity, visitor_cache
from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.library import events, extract, extract_worker, files, ownership
from leerplatform.library.models import Attachment, Document, FileVersion, TextStatus

logger = logging.getLogger(__name__)


def _checked(upload) -> files.CheckedUpload:
    checked = getattr(upload, "checked", None)
    return checked if checked is not None else files.check_upload(upload)


def _changeable(document: Document, actor) -> Document:
    """The document again from the database; refused when it is in the bin or when `actor` may not
    change it (the views check first; this keeps the admin, scripts and tests to the same rule)."""
    document = Document.objects.select_related("edition", "group").get(pk=document.pk)
    if document.deleted_at is not None:
        raise ValidationError(_("This document is in the bin: restore it first."), code="deleted")
    if not rules.has_perm("library.change_document", actor, document):
        raise PermissionDenied
    return document


def _changed(document: Document) -> None:
    events.document_changed.send(sender=Document, document=document)


def _store(*, attachment, upload, actor, note, number, stored) -> FileVersion:
    checked = _checked(upload)
    version = FileVersion(
        attachment=attachment,
        number=number,
        original_name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
        sha256=checked.sha256,
        note=(note or "").strip()[:500],
        uploaded_by=actor,
        text_status=TextStatus.PENDING if checked.extractable else TextStatus.NONE,
    )
    # An image is stored as Pillow wrote it again (no EXIF, no trailing bytes), not as uploaded.
    stored_content = upload if checked.content is None else ContentFile(checked.content)
    version.file.save("upload", stored_content, save=False)
    stored.append(version.file.name)
    version.save()
    attachment.current = version
    attachment.save(update_fields=["current"])
    events.version_stored.send(sender=FileVersion, version=version)
    return version


def _record_upload(*, document: Document, version: FileVersion, actor) -> None:
    activity.record(
        actor=actor,
        verb=Verb.FILE_UPLOADED,
        edition=document.edition,
        target=document,
        visibility=document.visibility,
        data={"group": document.group_id, "file": version.original_name, "version": version.number},
    )


@transaction.atomic
def add_file(*, document, upload, actor, note: str = "") -> Attachment:
    """A new file on `document` (version 1)."""
    document = _changeable(document, actor)
    with files.storing() as stored:
        attachment = Attachment.objects.create(document=document)
        version = _store(
            attachment=attachment, upload=upload, actor=actor, note=note, number=1, stored=stored
        )
        _record_upload(document=document, version=version, actor=actor)
        _changed(document)
    return attachment


def _locked(attachment: Attachment) -> Attachment:
    # Locks the attachment row: two versions uploaded at once get numbers one after the other.
    # (No select_related here: PostgreSQL refuses FOR UPDATE on the nullable side of a join.)
    return Attachment.objects.select_for_update().get(pk=attachment.pk)


def _next_number(attachment: Attachment) -> int:
    last = attachment.versions.aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


@transaction.atomic
def upload_version(*, attachment, upload, actor, note: str = "") -> FileVersion:
    """A new version of a file; it becomes the current one."""
    attachment = _locked(attachment)
    document = _changeable(attachment.document, actor)
    with files.storing() as stored:
        version = _store(
            attachment=attachment,
            upload=upload,
            actor=actor,
            note=note,
            number=_next_number(attachment),
            stored=stored,
        )
        _record_upload(document=document, version=version, actor=actor)
        _changed(document)
    return version


@transaction.atomic
def restore_version(*, version, actor) -> FileVersion:
    """An earlier version becomes current again, as a NEW version with the same stored file (the
    history only grows)."""
    attachment = _locked(version.attachment)
    document = _changeable(attachment.document, actor)
    old = FileVersion.objects.get(pk=version.pk, attachment=attachment)
    if attachment.current_id == old.pk:
        raise ValidationError(_("This is already the current version."), code="current")
    # A restore of a file whose text is still being read reads it again for the new version.
    status = TextStatus.PENDING if old.text_status == TextStatus.PENDING else old.text_status
    restored = FileVersion.objects.create(
        attachment=attachment,
        number=_next_number(attachment),
        file=old.file.name,
        original_name=old.original_name,
        size=old.size,
        content_type=old.content_type,
        sha256=old.sha256,
        uploaded_by=actor,
        restored_from=old,
        text=old.text,
        text_status=status,
    )
    attachment.current = restored
    attachment.save(update_fields=["current"])
    events.version_stored.send(sender=FileVersion, version=restored)
    activity.record(
        actor=actor,
        verb=Verb.VERSION_RESTORED,
        edition=document.edition,
        target=document,
        visibility=document.visibility,
        data={
            "group": document.group_id,
            "file": restored.original_name,
            "version": restored.number,
            "restored_from": old.number,
            "note": f"Restored version {old.number}",
        },
    )
    _changed(document)
    return restored


def record_read(*, document: Document, user) -> ActivityEntry | None:
    """A logged-in person read a document's page: taking (DOCUMENT_READ), once per person per
    document, ever; reading one's own document records nothing (`ownership.is_own`).

    Called by the document's page on every view: a second view costs one query. Two first views
    at once are kept to one row by the ledger's unique constraint (the loser records nothing)."""
    if user is None or not user.is_authenticated or document.is_deleted:
        return None
    already = ActivityEntry.objects.filter(
        actor=user,
        verb=Verb.DOCUMENT_READ,
        target_type=ContentType.objects.get_for_model(Document),
        target_id=str(document.pk),
    )
    if already.exists() or ownership.is_own(document=document, user=user):
        return None
    try:
        with transaction.atomic():
            return activity.record(
                actor=user,
                verb=Verb.DOCUMENT_READ,
                edition=document.edition,
                target=document,
                visibility=document.visibility,
            )
    except IntegrityError:
        return None


@transaction.atomic
def record_download(*, version, user, from_this_site: bool = True) -> ActivityEntry | None:
    """A logged-in person took a file (the ledger's *take*); visitors' downloads are not kept.

    Recorded only when the person came from our own pages or typed the address (`from_this_site`,
    which the view reads from the Fetch Metadata headers: a link or image on another site must not
    write to someone's balance), and at most once per person per file (any of its versions) per
    day, so that reloading a file does not count again. The balance counts a document taken once
    per person, reading and downloading together (reflection.counting); a download of one's own
    document (`ownership.is_own`) is recorded as neutral.
    """
    if user is None or not user.is_authenticated or not from_this_site:
        return None
    attachment = version.attachment
    document = attachment.document
    # Two downloads at once wait for each other here, so that only one of them is recorded.
    Attachment.objects.select_for_update().filter(pk=attachment.pk).first()
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    already = ActivityEntry.objects.filter(
        actor=user,
        verb=Verb.DOWNLOADED,
        target_type=ContentType.objects.get_for_model(Document),
        target_id=str(document.pk),
        data__attachment=attachment.pk,
        created_at__gte=today,
    )
    if already.exists():
        return None
    # One's own file is kept as neutral: it is in one's list, it is not taking.
    own = ownership.is_own(document=document, user=user)
    return activity.record(
        actor=user,
        verb=Verb.DOWNLOADED,
        edition=document.edition,
        target=document,
        direction=Direction.NEUTRAL if own else None,
        visibility=document.visibility,
        data={
            "file": version.original_name,
            "version": version.number,
            "attachment": attachment.pk,
            **({"own": True} if own else {}),
        },
    )


def read_text(*, version_id: int) -> str:
    """Read the text of a version's file and make it searchable (the `extract_text` task).

    Returns the status written. Never raises for a bad file: a damaged or encrypted one is marked
    "could not be read" and logged; the document works as before.
    """
    version = (
        FileVersion.objects.select_related("attachment__document").filter(pk=version_id).first()
    )
    if version is None:  # Rolled back or purged since.
        return ""
    # Outside any transaction: reading a large PDF may take a while. The reading itself runs in a
    # child process with limits on CPU time and memory; past a limit the file "could not be read".
    try:
        with version.file.open("rb") as handle:
            data = handle.read(settings.LIBRARY_MAX_UPLOAD_BYTES + 1)
        if len(data) > settings.LIBRARY_MAX_UPLOAD_BYTES:
            raise extract.ExtractionError("larger than an upload may be")
        text = extract_worker.read(data, version.content_type)
        status = TextStatus.DONE
    except Exception:
        logger.warning("Could not read the text of file version %s", version.pk, exc_info=True)
        text, status = "", TextStatus.FAILED
    with transaction.atomic():
        # The restored versions sharing this stored file and still waiting get the text too.
        FileVersion.objects.filter(file=version.file.name, text_status=TextStatus.PENDING).update(
            text=text, text_status=status
        )
        FileVersion.objects.filter(pk=version.pk).update(text=text, text_status=status)
        visitor_cache.content_changed()  # an update sends no model signal
        _changed(version.attachment.document)
    return str(status)


def read_stale_texts(*, older_than: dt.timedelta | None = None) -> int:
    """Read again the text of every version still "being read" after `older_than` (default:
    twice the reading's time limit): its reader was lost (a web process restarted while its
    background thread waited). Returns how many were read; each ends with a final status."""
    if older_than is None:
        older_than = dt.timedelta(seconds=2 * settings.LIBRARY_EXTRACT_TIMEOUT_SECONDS)
    stale = FileVersion.objects.filter(
        text_status=TextStatus.PENDING, created_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
    ids = list(stale)
    for version_id in ids:
        read_text(version_id=version_id)
    return len(ids)

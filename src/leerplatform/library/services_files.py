"""Files and versions: adding a file to a document, a new version, restoring one, downloads.
(Interface first; the files work fills it in.)

Every function is keyword-only, runs in one transaction, writes the ledger, and stores uploads
inside `files.storing()` so that a failure leaves no orphan file. Uploads must have passed
`files.check_upload` (forms do that; `upload.checked` holds the result) — the functions check
again when it is missing.
"""

from __future__ import annotations

from django.db import transaction

from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.library import files
from leerplatform.library.models import Attachment, FileVersion


def _checked(upload) -> files.CheckedUpload:
    checked = getattr(upload, "checked", None)
    return checked if checked is not None else files.check_upload(upload)


def _store(*, attachment, upload, actor, note, number, stored) -> FileVersion:
    checked = _checked(upload)
    version = FileVersion(
        attachment=attachment,
        number=number,
        original_name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
        sha256=checked.sha256,
        note=note,
        uploaded_by=actor,
    )
    version.file.save("upload", upload, save=False)
    stored.append(version.file.name)
    version.save()
    attachment.current = version
    attachment.save(update_fields=["current"])
    return version


@transaction.atomic
def add_file(*, document, upload, actor, note: str = "") -> Attachment:
    """A new file on `document` (version 1)."""
    with files.storing() as stored:
        attachment = Attachment.objects.create(document=document)
        version = _store(
            attachment=attachment, upload=upload, actor=actor, note=note, number=1, stored=stored
        )
        activity.record(
            actor=actor,
            verb=Verb.FILE_UPLOADED,
            edition=document.edition,
            target=document,
            visibility=document.visibility,
            data={"file": version.original_name, "version": 1},
        )
    return attachment

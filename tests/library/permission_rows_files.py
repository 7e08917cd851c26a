"""Permission rows: files, versions, downloads.

In the World's edition: a document shared with the edition by the participant (its author), with
one file in two versions; a public document by the other participant; and a group-only document
of a group the other participant is in (the participant, the facilitator and staff are not). Who
may not see a document gets 404 on its files; who sees it but does not look after it gets 403 on
changes; visitors are sent to log in for changes, whatever the id.
"""

from __future__ import annotations

from django.urls import reverse

from tests.permission_support import Row


def _document(w, key: str):
    cache = w.__dict__.setdefault("_file_documents", {})
    if key in cache:
        return cache[key]
    from leerplatform.core.visibility import Visibility
    from leerplatform.groups.models import GroupMembership, LearningGroup
    from leerplatform.library.services import files as services_files
    from tests.library.factories_files import make_document, pdf_bytes, upload

    if key == "edition":
        document = make_document(
            w.edition,
            w.users["participant"],
            title="Toolkit van de deelnemer",
            uploads=[upload("toolkit.pdf", pdf_bytes("versie een"))],
        )
        services_files.upload_version(
            attachment=document.attachments.get(),
            upload=upload("toolkit.pdf", pdf_bytes("versie twee")),
            actor=w.users["participant"],
            note="tweede ronde",
        )
    elif key == "public":
        document = make_document(
            w.edition,
            w.other,
            title="Openbare handreiking",
            visibility=Visibility.PUBLIC,
            uploads=[upload("handreiking.txt", b"Voor iedereen")],
        )
    else:
        group, _ = LearningGroup.objects.get_or_create(edition=w.edition, name="Bestandengroep")
        GroupMembership.objects.get_or_create(group=group, user=w.other)
        document = make_document(
            w.edition,
            w.other,
            title="Notulen van de groep",
            visibility=Visibility.GROUP,
            group=group,
            uploads=[upload("notulen.txt", b"Alleen voor de groep")],
        )
    cache[key] = document
    return document


def _attachment(w, key):
    return _document(w, key).attachments.get()


def _version(w, key, number=1):
    return _attachment(w, key).versions.get(number=number)


def _url(name, kwargs_of):
    return lambda w: reverse(f"library:{name}", kwargs=kwargs_of(w))


def _expect(visitor, outsider, participant, facilitator, staff):
    return {
        "visitor": visitor,
        "outsider": outsider,
        "participant": participant,
        "facilitator": facilitator,
        "staff": staff,
    }


def _doc(key):
    return lambda w: {"pk": _document(w, key).pk}


def _att(key):
    return lambda w: {"attachment_pk": _attachment(w, key).pk}


def _ver(key, number=1):
    return lambda w: {"version_pk": _version(w, key, number).pk}


ROWS: list = [
    # Adding a file: those who look after the document (its author, the facilitators).
    Row("library:add_file", _url("add_file", _doc("edition")), _expect(302, 404, 200, 200, 404)),
    Row(
        "library:add_file",
        _url("add_file", _doc("edition")),
        _expect(302, 404, 200, 200, 404),  # no file chosen: the form again, with the error
        method="post",
        data={"note": "zonder bestand"},
    ),
    Row("library:add_file", _url("add_file", _doc("public")), _expect(302, 403, 403, 200, 403)),
    Row("library:add_file", _url("add_file", _doc("group")), _expect(302, 404, 404, 404, 404)),
    # A file's history: whoever sees the document.
    Row("library:history", _url("history", _att("edition")), _expect(404, 404, 200, 200, 404)),
    Row("library:history", _url("history", _att("public")), _expect(200, 200, 200, 200, 200)),
    Row("library:history", _url("history", _att("group")), _expect(404, 404, 404, 404, 404)),
    # A new version: those who look after the document.
    Row(
        "library:upload_version",
        _url("upload_version", _att("edition")),
        _expect(302, 404, 200, 200, 404),
    ),
    Row(
        "library:upload_version",
        _url("upload_version", _att("public")),
        _expect(302, 403, 403, 200, 403),
    ),
    Row(
        "library:upload_version",
        _url("upload_version", _att("group")),
        _expect(302, 404, 404, 404, 404),
    ),
    # Downloads: whoever sees the document.
    Row("library:download", _url("download", _att("edition")), _expect(404, 404, 200, 200, 404)),
    Row("library:download", _url("download", _att("public")), _expect(200, 200, 200, 200, 200)),
    Row("library:download", _url("download", _att("group")), _expect(404, 404, 404, 404, 404)),
    Row(
        "library:download_version",
        _url("download_version", _ver("edition")),
        _expect(404, 404, 200, 200, 404),
    ),
    Row(
        "library:download_version",
        _url("download_version", _ver("public")),
        _expect(200, 200, 200, 200, 200),
    ),
    Row(
        "library:download_version",
        _url("download_version", _ver("group")),
        _expect(404, 404, 404, 404, 404),
    ),
    # Restoring: POST only, those who look after the document.
    Row(
        "library:restore_version",
        _url("restore_version", _ver("edition")),
        _expect(302, 405, 405, 405, 405),
    ),
    Row(
        "library:restore_version",
        _url("restore_version", _ver("edition")),
        _expect(302, 404, 302, 302, 404),
        method="post",
    ),
    Row(
        "library:restore_version",
        _url("restore_version", _ver("public")),
        _expect(302, 403, 403, 302, 403),
        method="post",
    ),
    Row(
        "library:restore_version",
        _url("restore_version", _ver("group")),
        _expect(302, 404, 404, 404, 404),
        method="post",
    ),
]

"""Documents: adding, changing, the bin.

Keyword-only functions, one transaction each, a ledger row for every change, and
`events.document_changed` sent once a document and its relations are saved (search indexes it
again: the indexer skips documents in the bin, so a deleted document's entries go and a restored
one's come back). Choosing "public" is a request to the field (`events.public_chosen`): the
library keeps the document at most edition-wide until the showcase publishes it.

Domain rules are checked here, whoever calls (a view, the admin, the demo): a document's group,
meeting and themes belong to its edition; a group-only document has a group, and only the group's
active members may keep a document for it; authors are active members of the edition. Errors are
raised as ValidationError keyed by field name, so that a form shows each next to its field.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leerplatform.accounts.models import User
from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.core.visibility import GROUP_TIERS, Visibility
from leerplatform.editions.models import Edition, Membership, Role
from leerplatform.groups.models import GroupMembership
from leerplatform.library import events, files
from leerplatform.library.models import Document, FileVersion
from leerplatform.library.queries.documents import is_offer_open
from leerplatform.library.services.files import add_file

# The fields `change_document` accepts, in the order a ledger row lists them.
FIELDS = (
    "title",
    "summary",
    "body",
    "kind",
    "themes",
    "group",
    "meeting",
    "authors",
    "visibility",
    "licence",
)
_MANY = ("themes", "authors")
# What `clean_fields` leaves to the rules that span objects (or that nobody types).
_NOT_OWN_FIELDS = [
    "id",
    "edition",
    "group",
    "meeting",
    "created_by",
    "created_at",
    "updated_at",
    "deleted_at",
    "deleted_by",
]


def _active_group_ids(actor: User) -> set[int]:
    return set(
        GroupMembership.objects.active().filter(user=actor).values_list("group_id", flat=True)
    )


def _role_in(edition: Edition, actor: User) -> str | None:
    if actor is None or not actor.is_authenticated:
        return None
    return (
        Membership.objects.active()
        .filter(edition=edition, user=actor)
        .values_list("role", flat=True)
        .first()
    )


def _clean(
    *,
    edition: Edition,
    actor: User,
    values: dict,
    document: Document | None = None,
) -> dict:
    """Every field of a document checked against the domain rules; raises one ValidationError
    with the message for each field at fault. `document` is the one being changed, if any: what
    it holds already (a group the actor left since, an author who left the edition) may stay."""
    errors: dict[str, list[str]] = {}

    def fault(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    role = _role_in(edition, actor)
    if role is None:
        fault(NON_FIELD_ERRORS, _("Only members of this edition can add or change its documents."))

    title = (values.get("title") or "").strip()
    summary = (values.get("summary") or "").strip()
    body = (values.get("body") or "").strip()
    kind = values.get("kind") or ""
    visibility = values.get("visibility") or ""
    licence = values.get("licence") or ""
    # The rules of each field live on the model; the rules below span objects.
    try:
        Document(
            title=title,
            summary=summary,
            body=body,
            kind=kind,
            visibility=visibility,
            licence=licence,
        ).clean_fields(exclude=_NOT_OWN_FIELDS)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                fault(field, message)

    themes = list(values.get("themes") or ())
    if any(theme.edition_id != edition.pk for theme in themes):
        fault("themes", _("Choose themes of this edition's learning agenda."))

    group = values.get("group")
    old_group_id = document.group_id if document is not None else None
    if group is not None:
        my_groups = _active_group_ids(actor) if actor is not None else set()
        if group.edition_id != edition.pk:
            fault("group", _("Choose a learning group of this edition."))
        elif visibility in GROUP_TIERS and group.pk not in my_groups:
            # Nobody hides a document in a group they cannot look into themselves.
            fault(
                "group",
                _("Only members of a learning group can keep a document for that group only."),
            )
        elif group.pk != old_group_id and group.pk not in my_groups and role != Role.FACILITATOR:
            fault("group", _("Choose one of your own learning groups."))
    elif visibility in GROUP_TIERS:
        fault("group", _("Choose the learning group that may see this document."))
    if (
        document is not None
        and document.visibility == Visibility.CONFIDENTIAL
        and visibility == Visibility.PUBLIC
    ):
        # Confidential work is never published in one step: the group opens it up first.
        fault(
            "visibility",
            _(
                "A confidential document cannot be made public directly. Make it visible to the "
                "learning group or the edition first."
            ),
        )

    meeting = values.get("meeting")
    if meeting is not None and meeting.edition_id != edition.pk:
        fault("meeting", _("Choose a meeting of this edition."))

    authors = list(dict.fromkeys(values.get("authors") or ()))
    if not authors:
        fault("authors", _("Name at least one author."))
    else:
        allowed = set(
            Membership.objects.active()
            .filter(edition=edition, user__in=authors)
            .values_list("user_id", flat=True)
        )
        if document is not None:
            # Someone who wrote it and left the edition since stays its author.
            allowed |= set(document.authors.values_list("pk", flat=True))
        if any(author.pk not in allowed for author in authors):
            fault("authors", _("Authors must be participants or facilitators of this edition."))

    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "summary": summary,
        "body": body,
        "kind": kind,
        "themes": themes,
        "group": group,
        "meeting": meeting,
        "authors": authors,
        "visibility": visibility,
        "licence": licence,
    }


def _record(*, actor: User, verb: str, document: Document, data: dict | None = None) -> None:
    activity.record(
        actor=actor,
        verb=verb,
        edition=document.edition,
        target=document,
        # A library row is never public: a published document can be withdrawn, its row stays.
        visibility=(
            Visibility.PLATFORM if document.visibility == Visibility.PUBLIC else document.visibility
        ),
        data={"group": document.group_id, **(data or {})},
    )


def _locked(document: Document) -> Document:
    return (
        Document.objects.select_for_update(of=("self",))
        .select_related("edition", "group")
        .get(pk=document.pk)
    )


def _allowed(perm: str, actor: User, document: Document) -> None:
    # The views check first; this keeps the admin, scripts and tests to the same rule.
    if not rules.has_perm(perm, actor, document):
        raise PermissionDenied


@transaction.atomic
def create_document(
    *,
    edition,
    actor,
    title: str,
    summary: str,
    kind: str,
    body: str = "",
    themes=(),
    group=None,
    meeting=None,
    authors=(),
    visibility: str = "platform",
    licence: str = "cc-by-4.0",
    uploads=(),
    notify: bool = True,
) -> Document:
    """A new document with its files; the actor is an author unless others are named. A failed
    upload undoes everything: no half-made document, no orphan file (`files.storing`).

    "public" asks every author for consent (`events.public_chosen`: the actor's own yes counts
    if they are an author, the others are emailed unless `notify` is false): the document is
    edition-wide until all have said yes."""
    fields = _clean(
        edition=edition,
        actor=actor,
        values={
            "title": title,
            "summary": summary,
            "body": body,
            "kind": kind,
            "themes": themes,
            "group": group,
            "meeting": meeting,
            "authors": list(authors) or [actor],
            "visibility": visibility,
            "licence": licence,
        },
    )
    themes, authors = fields.pop("themes"), fields.pop("authors")
    wants_public = fields["visibility"] == Visibility.PUBLIC
    if wants_public:
        fields["visibility"] = Visibility.PLATFORM  # until every author has said yes
    with files.storing():
        document = Document(edition=edition, created_by=actor, **fields)
        document.full_clean(exclude=["created_by"])
        document.save()
        document.themes.set(themes)
        document.authors.set(authors)
        _record(actor=actor, verb=Verb.DOCUMENT_ADDED, document=document)
        for upload in uploads:
            add_file(document=document, upload=upload, actor=actor)
        if wants_public:
            events.public_chosen.send(
                sender=Document, document=document, actor=actor, chosen=True, notify=notify
            )
            document.refresh_from_db(fields=["visibility"])
        events.document_changed.send(sender=Document, document=document)
        events.document_added.send(sender=Document, document=document, actor=actor)
    return document


def _changed(document: Document, fields: dict) -> list[str]:
    changed = []
    for name in FIELDS:
        new = fields[name]
        if name in _MANY:
            old_ids = set(getattr(document, name).values_list("pk", flat=True))
            if old_ids != {item.pk for item in new}:
                changed.append(name)
        elif name in ("group", "meeting"):
            if getattr(document, f"{name}_id") != (new.pk if new is not None else None):
                changed.append(name)
        elif getattr(document, name) != new:
            changed.append(name)
    return changed


@transaction.atomic
def change_document(*, document: Document, actor: User, notify: bool = True, **changes) -> Document:
    """Change any of a document's fields (FIELDS); the ledger row names the fields that changed.
    Fields not given keep their value; nothing changed, nothing recorded.

    The visibility a document's people chose is "public" while it is public or offered to the
    field (`queries.is_offer_open`). Choosing "public" asks every author (the actor's
    yes counts if they are an author) and keeps the document edition-wide until all have said
    yes; a new author takes a public document off every public place until they say yes too;
    choosing anything else takes the offer back (`events.public_taken_back`)."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"change_document() got unexpected fields: {', '.join(sorted(unknown))}")
    document = _locked(document)
    _allowed("library.change_document", actor, document)
    current: dict[str, Any] = {
        "title": document.title,
        "summary": document.summary,
        "body": document.body,
        "kind": document.kind,
        "themes": list(document.themes.all()),
        "group": document.group,
        "meeting": document.meeting,
        "authors": list(document.authors.all()),
        "visibility": document.visibility,
        "licence": document.licence,
    }
    chosen_before = Visibility.PUBLIC if is_offer_open(document) else document.visibility
    current["visibility"] = chosen_before
    fields = _clean(
        edition=document.edition, actor=actor, values=current | changes, document=document
    )
    wants_public = fields["visibility"] == Visibility.PUBLIC
    newly_public = wants_public and chosen_before != Visibility.PUBLIC
    taking_back = not wants_public and chosen_before == Visibility.PUBLIC
    if wants_public:
        old_authors = {author.pk for author in current["authors"]}
        added = {author.pk for author in fields["authors"]} - old_authors
        if document.visibility == Visibility.PUBLIC:
            # Public stays public only with the same people's consent.
            fields["visibility"] = Visibility.PLATFORM if added else Visibility.PUBLIC
        elif chosen_before == Visibility.PUBLIC:
            fields["visibility"] = document.visibility  # offered already: waits where it is
        else:
            fields["visibility"] = Visibility.PLATFORM  # until every author has said yes
    changed = _changed(document, fields)
    if newly_public or taking_back:
        changed = [name for name in FIELDS if name in changed or name == "visibility"]
    if not changed:
        return document
    themes, authors = fields.pop("themes"), fields.pop("authors")
    for name, value in fields.items():
        setattr(document, name, value)
    document.full_clean(exclude=["created_by", "deleted_by"])
    document.save()
    document.themes.set(themes)
    document.authors.set(authors)
    document.__dict__.pop("_author_ids", None)
    if wants_public:
        events.public_chosen.send(
            sender=Document, document=document, actor=actor, chosen=newly_public, notify=notify
        )
        document.refresh_from_db(fields=["visibility"])
    elif taking_back:
        events.public_taken_back.send(sender=Document, document=document)
    if "visibility" in changed and document.visibility == Visibility.CONFIDENTIAL:
        # Confidential work is never offered to the field.
        events.made_confidential.send(sender=Document, document=document)
    _record(actor=actor, verb=Verb.DOCUMENT_CHANGED, document=document, data={"fields": changed})
    events.document_changed.send(sender=Document, document=document)
    return document


@transaction.atomic
def delete_document(*, document: Document, actor: User) -> Document:
    """Move a document to the bin; its authors, its group and the facilitators can restore it
    for LIBRARY_BIN_DAYS days. It leaves the library and the search at once."""
    document = _locked(document)
    _allowed("library.delete_document", actor, document)
    document.deleted_at = timezone.now()
    document.deleted_by = actor
    document.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    _record(actor=actor, verb=Verb.DOCUMENT_DELETED, document=document)
    events.document_changed.send(sender=Document, document=document)
    return document


@transaction.atomic
def restore_document(*, document: Document, actor: User) -> Document:
    """Take a document out of the bin, as it was, within LIBRARY_BIN_DAYS days of deleting."""
    document = _locked(document)
    if document.deleted_at is None:
        raise ValidationError(_("This document is not in the bin."), code="not_deleted")
    _allowed("library.restore_document", actor, document)
    if document.purge_at <= timezone.now():
        raise ValidationError(
            ngettext(
                "This document was deleted more than %(days)s day ago and can no longer be restored.",
                "This document was deleted more than %(days)s days ago and can no longer be restored.",
                settings.LIBRARY_BIN_DAYS,
            )
            % {"days": settings.LIBRARY_BIN_DAYS},
            code="too_late",
        )
    document.deleted_at = None
    document.deleted_by = None
    document.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    _record(actor=actor, verb=Verb.DOCUMENT_RESTORED, document=document)
    events.document_changed.send(sender=Document, document=document)
    return document


PURGE_BATCH = 100


def _delete_stored(names: Iterable[str]) -> None:
    for name in names:
        default_storage.delete(name)


def purge_bin(now: datetime | None = None) -> int:
    """Remove for good the documents deleted more than LIBRARY_BIN_DAYS days ago, with every
    version's stored file; returns how many documents went. Each batch is one transaction, and
    its files leave the storage only once the rows are gone (a failed batch keeps both)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.LIBRARY_BIN_DAYS)
    expired = list(
        Document.objects.filter(deleted_at__isnull=False, deleted_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    purged = 0
    for start in range(0, len(expired), PURGE_BATCH):
        with transaction.atomic():
            # Locked and checked again: one restored meanwhile stays, with its files.
            batch = list(
                Document.objects.select_for_update()
                .filter(pk__in=expired[start : start + PURGE_BATCH], deleted_at__lt=cutoff)
                .values_list("pk", flat=True)
            )
            names = [
                name
                for name in FileVersion.objects.filter(
                    attachment__document_id__in=batch
                ).values_list("file", flat=True)
                if name
            ]
            Document.objects.filter(pk__in=batch).delete()
            transaction.on_commit(partial(_delete_stored, names))
            purged += len(batch)
    return purged

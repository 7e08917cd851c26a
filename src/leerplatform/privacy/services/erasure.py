"""Erase my account (AVG art. 17): asked for, a grace period, then carried out.

- `request_erasure`: the person (re-authenticated, on the page "Erase my account") asks for it.
  `User.erasure_due_at` is set ERASURE_GRACE_DAYS ahead, one email says when and that logging in
  cancels it, every session of theirs ends. Documents they alone wrote go to the library's bin
  at once when they chose so (that choice is remembered by the bin itself: deleted by them, at
  the moment of asking).
- `cancel_erasure`: logging in during the grace period (privacy.receivers) takes it back, with
  those documents.
- `erase_due(now=)` (daily, from the retention command) carries out every erasure that is due;
  `erase_person` carries out one. Both can run twice: an erased person is left alone.

What erasing does, kind by kind, is in `erase_person`'s steps. The person's row stays as an
anonymous tombstone named "Voormalig deelnemer" (the platform's language): shared work keeps an
author to show, the ledger keeps its actor so that every count (once per person per thing, one's
own documents) comes out as before, and nothing on it names or reaches the person any more.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterable
from functools import partial

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from leerplatform.accounts.models import ConsentRecord, Session, User
from leerplatform.core import activity, visitor_cache
from leerplatform.core.email import language_of
from leerplatform.core.links import absolute_reverse
from leerplatform.core.models import ActivityEntry, SentEmail, Verb
from leerplatform.core.tasks import email_on_commit
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import (
    ContinuationStatus,
    Edition,
    EditionContact,
    Membership,
)
from leerplatform.groups.models import GroupMembership, JoinRequest
from leerplatform.groups.services.groups import end_memberships_in_edition
from leerplatform.library.models import Document, FileVersion
from leerplatform.meetings.models import CalendarFeed, Registration, RegistrationStatus
from leerplatform.meetings.services.registrations import unregister_from_meeting
from leerplatform.membership.models import Application, Invitation
from leerplatform.notifications.models import DigestDelivery, Follow, Notification, Preference
from leerplatform.notifications.services import forget_unread
from leerplatform.privacy.models import DataExport
from leerplatform.privacy.queries.erasure import alone_authored
from leerplatform.proposals.models import Proposal
from leerplatform.reflection.models import Evaluation, JournalEntry
from leerplatform.search import index

logger = logging.getLogger(__name__)

# An erased person's address: unique, and never delivered (RFC 2606's "invalid"; core.email
# sends nothing to it).
ERASED_DOMAIN = "erased.invalid"
EMAIL_TEMPLATE = "privacy/email/erasure_requested"


def former_participant_name() -> str:
    """What an erased person is called, in the platform's language ("Voormalig deelnemer").

    Stored on the row, not worked out when shown: every page, email, PDF, CSV and search facet
    reads `User.name`, so the tombstone reads right everywhere without a change there. The price:
    an English reader also sees the platform's word."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Former participant")


def erased_email(user: User) -> str:
    return f"erased-{user.pk}@{ERASED_DOMAIN}"


def _grace() -> dt.timedelta:
    return dt.timedelta(days=settings.ERASURE_GRACE_DAYS)


def _delete_files(storage: Storage, names: Iterable[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # gone already, or the storage is away: the row is gone either way
            logger.warning("Could not delete the stored file %s of an erased person", name)


def _delete_after_commit(storage: Storage, names: Iterable[str]) -> None:
    names = [name for name in names if name]
    if names:
        transaction.on_commit(partial(_delete_files, storage, names))


def end_sessions(user: User) -> int:
    """End every session of `user` on every device (the database sessions: SESSION_ENGINE,
    whose rows name their person)."""
    ended, _by_model = Session.objects.filter(user=user).delete()
    return ended


# --- Asking, and taking it back --------------------------------------------------------------


@transaction.atomic
def request_erasure(
    *, user: User, delete_documents: bool = False, now: dt.datetime | None = None
) -> dt.datetime:
    """`user` asks to erase their account: it is erased after the grace period unless they log in
    before then. Returns when. With `delete_documents` the documents they alone wrote go to the
    bin now and are deleted for good with the account."""
    now = now or timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        raise ValidationError(gettext("This account has been erased."))
    user.erasure_due_at = now + _grace()
    user.save(update_fields=["erasure_due_at"])
    if delete_documents:
        _bin_documents(user, now=now)
    with translation.override(language_of(user)):
        due_on = formats.date_format(timezone.localdate(user.erasure_due_at), "DATE_FORMAT")
    email_on_commit(
        EMAIL_TEMPLATE,
        {
            "name": user.name,
            "due_on": due_on,
            "days": settings.ERASURE_GRACE_DAYS,
            "login_url": absolute_reverse("account_login"),
        },
        user,
    )
    end_sessions(user)
    return user.erasure_due_at


def _record(user: User, verb: str, document: Document) -> None:
    # As the library records it: a library row is never public.
    public = document.visibility == Visibility.PUBLIC
    activity.record(
        actor=user,
        verb=verb,
        edition=document.edition,
        target=document,
        visibility=Visibility.PLATFORM if public else document.visibility,
        data={"group": document.group_id, "erasure": True},
    )


def _bin_documents(user: User, *, now: dt.datetime) -> int:
    """Documents `user` alone wrote go to the bin, as deleted by them at `now` (which is what
    marks them as chosen: cancelling brings them back, erasing deletes them for good). Not
    through the library's service: its rule asks that one may still see the document, and
    someone who left the edition may erase their account and take their documents too."""
    documents = list(alone_authored(user).select_related("edition"))
    for document in documents:
        document.deleted_at = now
        document.deleted_by = user
        document.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        _record(user, Verb.DOCUMENT_DELETED, document)
        index.index(document)  # a document in the bin is not found
    return len(documents)


def _chosen_documents(user: User) -> Q:
    """The documents `user` sent to the bin by asking for erasure (see `_bin_documents`)."""
    asked_at = user.erasure_due_at - _grace() if user.erasure_due_at else None
    with_others = Document.authors.through.objects.exclude(user_id=user.pk).values("document_id")
    return (
        Q(authors=user, deleted_by=user, deleted_at__gte=asked_at, output__isnull=True)
        & ~Q(pk__in=with_others)
        if asked_at is not None
        else Q(pk__in=[])
    )


@transaction.atomic
def cancel_erasure(*, user: User) -> bool:
    """Take back the asked-for erasure of `user` (they logged in); their documents come back
    out of the bin. False when there was nothing to cancel (or the erasure was carried out)."""
    locked = User.objects.select_for_update().filter(pk=user.pk).first()
    if locked is None or locked.erasure_due_at is None or locked.erased_at is not None:
        return False
    documents = list(
        Document.objects.filter(_chosen_documents(locked)).select_related("edition").distinct()
    )
    for document in documents:
        document.deleted_at = None
        document.deleted_by = None
        document.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        _record(locked, Verb.DOCUMENT_RESTORED, document)
        index.index(document)
    locked.erasure_due_at = None
    locked.save(update_fields=["erasure_due_at"])
    user.erasure_due_at = None
    return True


# --- Carrying it out -------------------------------------------------------------------------


def erase_due(*, now: dt.datetime) -> int:
    """Carry out every erasure due at `now` (the daily retention command); returns how many
    accounts were erased. Each person is one transaction; one that fails is logged and tried
    again the next day, and does not stop the others."""
    due = list(
        User.objects.filter(erasure_due_at__lte=now, erased_at__isnull=True)
        .order_by("erasure_due_at", "pk")
        .values_list("pk", flat=True)
    )
    erased = 0
    for pk in due:
        try:
            erased += _erase_if_due(pk, now=now)
        except Exception:
            logger.exception("Erasing account %s failed; it is tried again on the next run", pk)
    return erased


@transaction.atomic
def _erase_if_due(pk: int, *, now: dt.datetime) -> bool:
    # Checked again under the lock: a login that cancelled it meanwhile wins.
    user = (
        User.objects.select_for_update()
        .filter(pk=pk, erasure_due_at__lte=now, erased_at__isnull=True)
        .first()
    )
    if user is None:
        return False
    _erase(user, now=now)
    return True


@transaction.atomic
def erase_person(*, user: User, now: dt.datetime | None = None) -> bool:
    """Erase `user` now (what `erase_due` does for each person whose grace period has passed).
    False when the account was erased already."""
    locked = User.objects.select_for_update().filter(pk=user.pk, erased_at__isnull=True).first()
    if locked is None:
        return False
    _erase(locked, now=now or timezone.now())
    return True


def _erase(user: User, *, now: dt.datetime) -> None:
    """The steps, kind by kind, inside the caller's transaction with the person's row locked."""
    email = user.email
    _end_participation(user, now=now)
    _forget_meetings(user, email=email, now=now)
    _delete_private(user)
    application_ids, invitation_ids = _delete_way_in(user, email=email)
    _forget_in_ledger(user, application_ids=application_ids, invitation_ids=invitation_ids)
    _delete_chosen_documents(user)
    _forget_account(user, email=email)
    _make_tombstone(user, now=now)
    _forget_in_search_and_caches(user)


def _end_participation(user: User, *, now: dt.datetime) -> None:
    """Memberships of editions and groups end (`left_at`), as leaving does: the person is no
    longer in "Who is who" or any member list, their coordinator roles pass on, their requests
    to join are withdrawn. The rows stay for the counts and the history."""
    edition_ids = set(
        Membership.objects.active().filter(user=user).values_list("edition_id", flat=True)
    ) | set(
        GroupMembership.objects.filter(user=user, left_at__isnull=True).values_list(
            "group__edition_id", flat=True
        )
    )
    for edition in Edition.objects.filter(pk__in=edition_ids).order_by("pk"):
        end_memberships_in_edition(edition=edition, user=user, actor=None)
    for membership in Membership.objects.active().filter(user=user):
        membership.left_at = now
        membership.save(update_fields=["left_at"])
    JoinRequest.objects.filter(user=user).exclude(message="").update(message="")


def _forget_meetings(user: User, *, email: str, now: dt.datetime) -> None:
    """A place at a meeting still to come is given up (the first one waiting gets it); every
    registration loses its free texts (dietary wishes can say much about a person). Past
    registrations stay, for who came."""
    coming = Registration.objects.filter(user=user, meeting__starts_at__gt=now).exclude(
        status=RegistrationStatus.CANCELLED
    )
    for registration in coming.select_related("meeting"):
        # Started meanwhile, or a draft: nothing to give up.
        with contextlib.suppress(ValidationError):
            unregister_from_meeting(meeting=registration.meeting, user=user)
    Registration.objects.filter(user=user).update(dietary_wishes="", remark="", check_in_reason="")
    Registration.objects.filter(user__isnull=True, guest_email__iexact=email).delete()
    CalendarFeed.objects.filter(user=user).delete()


def _delete_private(user: User) -> None:
    """What was the person's own: the learning journal (entries shared with a group too: a
    reflection is about oneself, not joint work), notifications, follows, preferences, consents,
    data exports (with their files). A signed evaluation becomes anonymous."""
    JournalEntry.objects.filter(user=user).delete()
    Evaluation.objects.filter(user=user).update(user=None)
    Notification.objects.filter(recipient=user).delete()
    Follow.objects.filter(user=user).delete()
    Preference.objects.filter(user=user).delete()
    DigestDelivery.objects.filter(user=user).delete()
    ConsentRecord.objects.filter(Q(user=user) | Q(email__iexact=user.email)).delete()
    exports = DataExport.objects.filter(user=user)
    _delete_after_commit(
        DataExport._meta.get_field("file").storage,
        [name for name in exports.values_list("file", flat=True) if name],
    )
    exports.delete()
    # Others' notifications keep the person as their actor (shown as the tombstone), but not
    # the message they wrote with a request to join.
    Notification.objects.filter(actor=user, kind="join_requested").update(excerpt="")
    forget_unread([user.pk])


def _delete_way_in(user: User, *, email: str) -> tuple[list[str], list[str]]:
    """Applications (by the person, or to their address) and invitations to their address: the
    facts they hold are the person's. Also the notifications about them, an unanswered
    invitation to continue, and an edition's contact person with their address. Returns the ids
    of the applications and invitations, as the ledger keeps them."""
    applications = Application.objects.filter(Q(user=user) | Q(email__iexact=email))
    invitations = Invitation.objects.filter(Q(email__iexact=email) | Q(accepted_by=user))
    application_ids = [str(pk) for pk in applications.values_list("pk", flat=True)]
    invitation_ids = [str(pk) for pk in invitations.values_list("pk", flat=True)]
    for model, ids in ((Application, application_ids), (Invitation, invitation_ids)):
        Notification.objects.filter(
            target_type=ContentType.objects.get_for_model(model), target_id__in=ids
        ).delete()
    applications.delete()
    invitations.delete()
    user.continuation_invitations.filter(status=ContinuationStatus.ASKED).delete()
    EditionContact.objects.filter(email__iexact=email).delete()
    return application_ids, invitation_ids


def _forget_in_ledger(user: User, *, application_ids: list[str], invitation_ids: list[str]) -> None:
    """The ledger keeps its rows and their actor (the tombstone): the counts stay as they were.
    Rows about the person, their applications and their invitations lose the label and the
    details that named them (core.activity.forget)."""
    about = Q(target_type=ContentType.objects.get_for_model(User), target_id=str(user.pk))
    for model, ids in ((Application, application_ids), (Invitation, invitation_ids)):
        if ids:
            about |= Q(target_type=ContentType.objects.get_for_model(model), target_id__in=ids)
    activity.forget(ActivityEntry.objects.filter(about))


def _delete_chosen_documents(user: User) -> None:
    """The documents the person chose to take along go for good, with every version's file:
    not to the bin, from which others could bring them back against that choice."""
    chosen = Document.objects.filter(_chosen_documents(user)).values_list("pk", flat=True)
    ids = list(chosen.distinct())
    if not ids:
        return
    names = FileVersion.objects.filter(attachment__document_id__in=ids).values_list(
        "file", flat=True
    )
    _delete_after_commit(default_storage, list(names))
    Document.objects.filter(pk__in=ids).delete()


def _forget_account(user: User, *, email: str) -> None:
    """The ways to log in and the traces the address left: allauth's addresses (with their
    confirmations) and social accounts, the admin's history of the person's row, the record of
    emails sent to the address."""
    EmailAddress.objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        apps.get_model("socialaccount", "SocialAccount").objects.filter(user=user).delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()
    SentEmail.objects.filter(key__endswith=f":{email.strip().lower()}").delete()


def _make_tombstone(user: User, *, now: dt.datetime) -> None:
    """The row that stays: no name, address, password, profile, photo or rights of the person."""
    _delete_after_commit(user.photo.storage, [user.photo.name] if user.photo else [])
    user.name = former_participant_name()
    user.email = erased_email(user)
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.institution = None
    user.job_title = ""
    user.years_of_experience = None
    user.work_level = ""
    user.bio = ""
    user.photo = ""
    user.language = ""
    user.visible_fields = []
    user.last_login = None
    user.erased_at = now
    user.erasure_due_at = None
    user.save()
    user.expertise.clear()
    user.groups.clear()
    user.user_permissions.clear()
    end_sessions(user)


def _forget_in_search_and_caches(user: User) -> None:
    """The person's own entries leave the index; their shared work is indexed again (its author
    facet now names the tombstone); every cached page and fragment is old."""
    index.remove(user)
    index.index_queryset(Document.objects.filter(authors=user))
    index.index_queryset(Proposal.objects.filter(proposer=user))
    visitor_cache.content_changed()

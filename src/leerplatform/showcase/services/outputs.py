"""Outputs to the field: offering a document or a group's final report, consent, publication.

The rule of this part: an output is public only when every author has consented, and it stops
being public the moment one of them withdraws.

- Offering creates the Output and one Consent (asked) per author: a document's authors, or the
  group's active members for its final report (the group's progress report for the edition's
  closing meeting). The authors are told (`events.consent_asked`: a notification, emailed at
  once unless they chose otherwise) with a link to their consents.
- When the last author consents, `published_at` is set and a document becomes *public* in the
  library (and so for search: `events.document_publication_changed`). Each author gets an OUTPUT_PUBLISHED ledger row
  (bringing), once per output, so that every author sees it in their own give-and-take and a
  withdrawal followed by new consent does not count twice.
- When an author withdraws, `published_at` is cleared at once and a document that is public goes
  back to what it was before it was published, as recorded in the OUTPUT_PUBLISHED row
  (`visibility_before`); a document that was public already before it was offered goes back to
  *platform* (withdrawal must take it out of every public place), and without a record a
  document goes back to *group* if it has a group, else to *platform* — never further open than
  needed. No field is added for this: the ledger says what happened.
- Consent once given can be withdrawn until the edition's closing meeting has ended; after that
  it stands (what was shared with the field at the closing meeting stays shared). An asked
  consent can always be declined (it has never been public).

Consent decisions are personal: CONSENT_GIVEN / CONSENT_WITHDRAWN are recorded with *group*
visibility and no group, which no activity stream shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import rules
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leerplatform.accounts.consent import record_consent
from leerplatform.accounts.models import ConsentKind, User
from leerplatform.core import activity, visitor_cache
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.shared_reads import shared
from leerplatform.core.statements import InstanceStatement
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition
from leerplatform.groups.models import GroupMembership, LearningGroup, ProgressReport
from leerplatform.library.models import Document
from leerplatform.meetings.models import Meeting, MeetingKind, MeetingStatus
from leerplatform.showcase import events
from leerplatform.showcase.models import ClosingReport, Consent, ConsentStatus, Output
from leerplatform.showcase.queries.outputs import consented_documents

# --- The closing meeting and the withdrawal deadline ---------------------------------------------


def closing_meeting(edition: Edition) -> Meeting | None:
    """The edition's closing meeting (the last one, if there were several), not cancelled."""
    return (
        Meeting.objects.filter(edition=edition, kind=MeetingKind.CLOSING)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-ends_at")
        .first()
    )


def edition_end(edition: Edition) -> dt.datetime:
    """The moment the edition is over: midnight after its last day, Dutch time."""
    day_after = edition.ends_on + dt.timedelta(days=1)
    return dt.datetime.combine(day_after, dt.time(0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def withdrawal_deadline(edition: Edition) -> dt.datetime | None:
    """Until when given consent can be withdrawn: the end of the closing meeting, but never
    after the edition's end (a closing meeting saved outside the period does not stretch the
    edition's promises). None: no closing meeting planned, so until one is."""
    meeting = closing_meeting(edition)
    if meeting is None:
        return None
    return min(meeting.ends_at, edition_end(edition))


def may_still_withdraw(deadline: dt.datetime | None, *, now: dt.datetime | None = None) -> bool:
    return deadline is None or (now or timezone.now()) < deadline


def _when(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --- Helpers -------------------------------------------------------------------------------------


def _record_decision(output: Output, author: User, *, given: bool) -> None:
    """The author's yes or no on their record, with the version of the work they decided on
    (the moment its text or files last changed)."""
    content = output.document if output.document_id else output.report
    changed = getattr(content, "updated_at", None) or output.proposed_at
    record_consent(
        kind=ConsentKind.PUBLICATION,
        subject=str(output),
        version=timezone.localtime(changed).strftime("%Y-%m-%d %H:%M"),
        user=author,
        given=given,
    )


def _private(*, actor: User, verb: str, output: Output, data: dict | None = None) -> None:
    # Consent is one person's decision: recorded, but shown in no stream.
    activity.record(
        actor=actor,
        verb=verb,
        edition=output.edition,
        target=output,
        visibility=Visibility.GROUP,
        data={"output": output.pk, **(data or {})},
    )


def _visibility_of(output: Output) -> str:
    """Who may see the thing offered, in the edition: the document's visibility, or the
    edition for a progress report."""
    if output.document is not None:
        return output.document.visibility
    return Visibility.PLATFORM


def _notify(output: Output, author_ids: list[int], *, reminder: bool, actor=None) -> None:
    if author_ids:
        events.consent_asked.send(
            sender=Output, output=output, author_ids=author_ids, reminder=reminder, actor=actor
        )


def _create(
    *,
    edition: Edition,
    group,
    actor: User,
    authors: list[User],
    notify: bool,
    **thing,
) -> Output:
    output = Output(edition=edition, group=group, proposed_by=actor, **thing)
    output.full_clean(exclude=["proposed_by"])
    output.save()
    Consent.objects.bulk_create(Consent(output=output, author=author) for author in authors)
    visibility = _visibility_of(output)
    activity.record(
        actor=actor,
        verb=Verb.OUTPUT_OFFERED,
        edition=edition,
        target=output,
        visibility=visibility,
        data={"group": group.pk if group else None, "output": output.pk},
    )
    if notify:
        _notify(output, [a.pk for a in authors], reminder=False, actor=actor)
    return output


# --- Offering ------------------------------------------------------------------------------------


@transaction.atomic
def offer_document(*, document: Document, actor: User, notify: bool = True) -> Output:
    """An author of a document, or a facilitator of its edition, offers it to the field: each of
    its authors is asked for consent (by email unless `notify` is false, as in the demo). A
    document is offered once."""
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("edition", "group")
        .get(pk=document.pk)
    )
    if not rules.has_perm("showcase.offer_document", actor, document):
        raise PermissionDenied
    if document.visibility == Visibility.CONFIDENTIAL:
        raise ValidationError(_("A confidential document is never offered to the field."))
    if Output.objects.filter(document=document, taken_back_at__isnull=True).exists():
        raise ValidationError(_("This document has been offered to the field already."))
    return _open_offer(document=document, actor=actor, chooser_consents=False, notify=notify)


def _final_report_query(group_id: int):
    closing = (
        Meeting.objects.filter(edition_id=OuterRef("group__edition_id"), kind=MeetingKind.CLOSING)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-ends_at")
        .values("pk")[:1]
    )
    return ProgressReport.objects.filter(group_id=group_id, meeting_id=Subquery(closing))


# On every group page (the offer box): SQL built once per process (core.statements).
_FINAL_REPORT = InstanceStatement(ProgressReport, _final_report_query)


def final_report_of(group: LearningGroup) -> ProgressReport | None:
    """The group's final report: its progress report for the edition's closing meeting (the
    one `closing_meeting` finds). One query, kept under the content version (`core.
    shared_reads`): it is the same for everyone who may see the group."""
    return shared(f"final-report:{group.pk}", lambda: _FINAL_REPORT.instance(group.pk))


@transaction.atomic
def offer_report(*, group: LearningGroup, actor: User, notify: bool = True) -> Output:
    """A coordinator of the group, or a facilitator, offers the group's final report to the
    field: each active member of the group is asked for consent."""
    group = (
        LearningGroup.objects.select_for_update(of=("self",))
        .select_related("edition")
        .get(pk=group.pk)
    )
    if not rules.has_perm("showcase.offer_report", actor, group):
        raise PermissionDenied
    report = final_report_of(group)
    if report is None:
        raise ValidationError(
            _(
                "The group has no final report yet: its progress report for the closing meeting "
                "is the report that goes to the field."
            )
        )
    if Output.objects.filter(report=report).exists():
        raise ValidationError(_("This final report has been offered to the field already."))
    authors = [
        membership.user
        for membership in GroupMembership.objects.active()
        .filter(group=group)
        .select_related("user")
        .order_by("user__name", "user_id")
    ]
    if not authors:
        raise ValidationError(_("The group has no members to ask for consent."))
    return _create(
        edition=group.edition,
        group=group,
        actor=actor,
        authors=authors,
        notify=notify,
        report=report,
    )


# --- Consent -------------------------------------------------------------------------------------


def _locked(output: Output) -> Output:
    return (
        Output.objects.select_for_update(of=("self",))
        .select_related("edition", "document", "document__group", "report", "group")
        .get(pk=output.pk)
    )


def _consent_of(output: Output, author: User) -> Consent:
    consent = (
        Consent.objects.select_for_update()
        .filter(output=output, author_id=author.pk)
        .order_by("pk")  # the default ordering joins the output's group, which cannot be locked
        .first()
        if author is not None and author.is_authenticated
        else None
    )
    if consent is None:
        # Only the authors asked decide; the views answer 404 before this.
        raise PermissionDenied
    return consent


def _published_before(output: Output, user: User) -> bool:
    return ActivityEntry.objects.filter(
        actor=user,
        verb=Verb.OUTPUT_PUBLISHED,
        target_type=ContentType.objects.get_for_model(Output),
        target_id=str(output.pk),
    ).exists()


def _publish(output: Output, now: dt.datetime, *, actor: User | None = None) -> None:
    if (
        output.document_id
        and Document.objects.filter(
            pk=output.document_id, visibility=Visibility.CONFIDENTIAL
        ).exists()
    ):
        return  # confidential work is never published, whoever consents
    before = _visibility_of(output)
    output.published_at = now
    output.save(update_fields=["published_at"])
    if output.document_id:
        document = Document.objects.select_for_update().get(pk=output.document_id)
        if document.visibility != Visibility.PUBLIC:
            document.visibility = Visibility.PUBLIC
            document.save(update_fields=["visibility", "updated_at"])
        events.document_publication_changed.send(sender=Output, output=output, document=document)
    authors = User.objects.filter(output_consents__output=output).order_by("pk")
    for author in authors:
        if _published_before(output, author):
            continue
        # Seen by whoever could see the work before it went public: a withdrawal later must not
        # leave its title in a more open stream than it was.
        activity.record(
            actor=author,
            verb=Verb.OUTPUT_PUBLISHED,
            edition=output.edition,
            target=output,
            visibility=before,
            data={
                "group": output.group_id,
                "output": output.pk,
                "visibility_before": before,
            },
        )
    events.output_published.send(sender=Output, output=output, actor=actor)


def _visibility_after_withdrawal(output: Output, document: Document) -> str:
    entry = (
        ActivityEntry.objects.filter(
            verb=Verb.OUTPUT_PUBLISHED,
            target_type=ContentType.objects.get_for_model(Output),
            target_id=str(output.pk),
        )
        .order_by("-pk")
        .first()
    )
    before = (entry.data or {}).get("visibility_before") if entry is not None else None
    if before == Visibility.GROUP and document.group_id:
        return Visibility.GROUP
    if before == Visibility.PLATFORM or (before == Visibility.PUBLIC):
        return Visibility.PLATFORM
    return Visibility.GROUP if document.group_id else Visibility.PLATFORM


def _off_the_closing_reports(output: Output, since: dt.datetime | None) -> None:
    """A closing report of the edition requested since the output was published may name it:
    such a report is no longer published (a facilitator makes a new one), so that the output
    leaves the closing report at the same moment as every other public place."""
    if since is None:
        return
    ClosingReport.objects.filter(
        edition_id=output.edition_id, published_at__isnull=False, requested_at__gte=since
    ).update(published_at=None)
    visitor_cache.content_changed()  # an update sends no model signal


def _unpublish(output: Output) -> None:
    _off_the_closing_reports(output, output.published_at)
    output.published_at = None
    output.save(update_fields=["published_at"])
    if output.document_id:
        document = Document.objects.select_for_update().get(pk=output.document_id)
        if document.visibility == Visibility.PUBLIC:
            document.visibility = _visibility_after_withdrawal(output, document)
            document.save(update_fields=["visibility", "updated_at"])
        events.document_publication_changed.send(sender=Output, output=output, document=document)


@transaction.atomic
def give_consent(*, output: Output, author: User, now: dt.datetime | None = None) -> Output:
    """An author consents to the publication of the output; the last consent publishes it."""
    output = _locked(output)
    consent = _consent_of(output, author)
    if consent.status == ConsentStatus.GIVEN:
        return output
    now = now or timezone.now()
    consent.status = ConsentStatus.GIVEN
    consent.decided_at = now
    consent.save(update_fields=["status", "decided_at"])
    _record_decision(output, author, given=True)
    _private(actor=author, verb=Verb.CONSENT_GIVEN, output=output)
    if output.published_at is None and output.taken_back_at is None and _everyone_consented(output):
        _publish(output, now, actor=author)
    return output


@transaction.atomic
def withdraw_consent(*, output: Output, author: User, now: dt.datetime | None = None) -> Output:
    """An author withdraws (or declines) consent: the output stops being public at once. Given
    consent can be withdrawn until the edition's closing meeting has ended."""
    output = _locked(output)
    consent = _consent_of(output, author)
    if consent.status == ConsentStatus.WITHDRAWN:
        return output
    now = now or timezone.now()
    deadline = withdrawal_deadline(output.edition)
    if (
        consent.status == ConsentStatus.GIVEN
        and deadline is not None
        and not may_still_withdraw(deadline, now=now)
    ):
        if deadline == edition_end(output.edition):
            text = _(
                "The edition ended on %(date)s: consent given before then can no longer be "
                "withdrawn. Please contact the facilitators if something must be changed."
            )
            when = date_format(output.edition.ends_on, "DATE_FORMAT")
        else:
            text = _(
                "The closing meeting ended on %(date)s: consent given before then can no longer "
                "be withdrawn. Please contact the facilitators if something must be changed."
            )
            when = _when(deadline)
        raise ValidationError(
            text % {"date": when},
            code="too_late",
        )
    withdrawn = consent.status == ConsentStatus.GIVEN
    consent.status = ConsentStatus.WITHDRAWN
    consent.decided_at = now
    consent.save(update_fields=["status", "decided_at"])
    _record_decision(output, author, given=False)
    _private(actor=author, verb=Verb.CONSENT_WITHDRAWN, output=output)
    unpublished = output.published_at is not None
    if unpublished:
        _unpublish(output)
    events.consent_refused.send(
        sender=Output, output=output, actor=author, withdrawn=withdrawn, unpublished=unpublished
    )
    return output


# --- Choosing "public" on the document's page ---------------------------------------------------
#
# The library's create and edit pages let a person choose "public". That choice is a request,
# never a publication: the library keeps the document at most edition-wide and calls
# `ask_to_publish`, which asks every author (the chooser's own yes counts when they are an
# author) and publishes only when all of them have said yes. Choosing anything else takes the
# offer back (`take_back`). The library sends its events (`library.events.public_chosen`,
# `public_taken_back`) and `receivers` calls these. Nothing else ever makes a document public:
# `may_be_public` is the one decision, and `receivers` refuses to save a public document it does
# not allow.


def _everyone_consented(output: Output) -> bool:
    """Every consent asked for the output is given (and there is at least one); for a
    document, every one of its current authors has given theirs."""
    consents = list(output.consents.values_list("author_id", "status"))
    if not consents or any(status != ConsentStatus.GIVEN for _a, status in consents):
        return False
    if output.document_id:
        given = {author_id for author_id, _s in consents}
        authors = set(
            Document.authors.through.objects.filter(document_id=output.document_id).values_list(
                "user_id", flat=True
            )
        )
        return bool(authors) and authors <= given
    return True


def may_be_public(document: Document) -> bool:
    """The one decision whether a document may be public: it is an open, published offer to the
    field and every one of its authors has consented."""
    if document.pk is None:
        return False
    return consented_documents().filter(pk=document.pk).exists()


def _open_offer(
    *,
    document: Document,
    actor: User,
    chooser_consents: bool,
    notify: bool,
    now: dt.datetime | None = None,
) -> Output:
    """Offer the document (or offer it again): its consents follow its current authors — a new
    author is asked, a former one is no longer — and the output is published exactly when every
    author has consented. Call inside a transaction with the document locked."""
    if document.visibility == Visibility.CONFIDENTIAL:
        raise ValidationError(_("A confidential document is never offered to the field."))
    now = now or timezone.now()
    authors = list(document.authors.order_by("name", "pk"))
    if not authors:
        raise ValidationError(_("This document has no authors to ask for consent."))
    output = (
        Output.objects.filter(document_id=document.pk)
        .order_by()  # Output orders by its nullable group: no outer join under FOR UPDATE
        .select_for_update(of=("self",))
        .first()
    )
    if output is None:
        output = _create(
            edition=document.edition,
            group=document.group,
            actor=actor,
            authors=authors,
            notify=False,
            document=document,
        )
        asked = [a.pk for a in authors]
    else:
        author_ids = {a.pk for a in authors}
        Consent.objects.filter(output=output).exclude(author_id__in=author_ids).delete()
        have = set(Consent.objects.filter(output=output).values_list("author_id", flat=True))
        asked = [a.pk for a in authors if a.pk not in have]
        Consent.objects.bulk_create(Consent(output=output, author_id=pk) for pk in asked)
        if output.taken_back_at is not None or output.group_id != document.group_id:
            reopened = output.taken_back_at is not None
            output.taken_back_at = None
            output.group_id = document.group_id
            output.save(update_fields=["taken_back_at", "group"])
            if reopened:
                activity.record(
                    actor=actor,
                    verb=Verb.OUTPUT_OFFERED,
                    edition=output.edition,
                    target=output,
                    visibility=_visibility_of(output),
                    data={"group": output.group_id, "output": output.pk, "again": True},
                )
    if chooser_consents and any(a.pk == actor.pk for a in authors):
        consent = (
            Consent.objects.select_for_update(of=("self",))
            .filter(output=output, author_id=actor.pk)
            .order_by("pk")
            .get()
        )
        if consent.status != ConsentStatus.GIVEN:
            consent.status = ConsentStatus.GIVEN
            consent.decided_at = now
            consent.save(update_fields=["status", "decided_at"])
            _record_decision(output, actor, given=True)
            _private(actor=actor, verb=Verb.CONSENT_GIVEN, output=output)
        asked = [pk for pk in asked if pk != actor.pk]
    if _everyone_consented(output):
        if output.published_at is None:
            _publish(output, now, actor=actor)
    elif output.published_at is not None:
        _unpublish(output)
    if notify:
        _notify(output, asked, reminder=False, actor=actor)
    return output


def ask_to_publish(
    *,
    document: Document,
    actor: User,
    chosen: bool = True,
    notify: bool = True,
) -> Output:
    """Someone chose "public" for the document (`chosen`), or it is public or offered already and
    was saved again (not `chosen`: nobody's consent is given by that). Called by the library
    inside its transaction, after the document's authors are saved, with the document at most
    edition-wide or public already."""
    return _open_offer(document=document, actor=actor, chooser_consents=chosen, notify=notify)


def take_back(*, document: Document, now: dt.datetime | None = None) -> Output | None:
    """Someone chose less than public for the document on its page: the offer is off and the
    output is off every public place at once; consents stay as they are, for when "public" is
    chosen again. The library has set the document's visibility already."""
    output = (
        Output.objects.filter(document_id=document.pk)
        .order_by()  # Output orders by its nullable group: no outer join under FOR UPDATE
        .select_for_update(of=("self",))
        .first()
    )
    if output is None or output.taken_back_at is not None:
        return output
    _off_the_closing_reports(output, output.published_at)
    output.taken_back_at = now or timezone.now()
    output.published_at = None
    output.save(update_fields=["taken_back_at", "published_at"])
    return output


# --- Reminders -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminded:
    outputs: int
    people: int


@transaction.atomic
def remind_authors(*, edition: Edition, actor: User, outputs: list[Output]) -> Reminded:
    """Remind the authors whose consent is still asked for these outputs of the edition (the
    facilitators' overview passes the outputs they see)."""
    if not rules.has_perm("showcase.manage_outputs", actor, edition):
        raise PermissionDenied
    waiting = (
        Consent.objects.filter(
            output__in=[o.pk for o in outputs],
            output__edition=edition,
            status=ConsentStatus.ASKED,
        )
        .order_by("output_id", "author_id")
        .values_list("output_id", "author_id")
    )
    per_output: dict[int, list[int]] = {}
    for output_id, author_id in waiting:
        per_output.setdefault(output_id, []).append(author_id)
    for output in outputs:
        if output.pk in per_output:
            _notify(output, per_output[output.pk], reminder=True, actor=actor)
    people = {author for authors in per_output.values() for author in authors}
    return Reminded(outputs=len(per_output), people=len(people))

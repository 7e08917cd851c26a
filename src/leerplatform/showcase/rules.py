"""Who may do what in the showcase: outputs to the field and their consents, the closing report,
and continuing an edition in a new one.

Outputs (opbrengsten):
- The public page and its feed are for everyone (of a published edition; the views check that).
- A library document is offered by one of its authors or a facilitator of its edition, who must
  see it (object: a Document with `edition` and `group` loaded; the library's predicates).
- A group's final report is offered by a coordinator of the group or a facilitator of the
  edition (object: a LearningGroup).
- The consents page of an edition is for its members and for anyone asked for consent there (an
  author who left the edition still decides about their work); it shows each person only their
  own consents (object: an Edition).
- Giving or withdrawing consent is for the author asked, nobody else (object: an Output; the
  view answers 404 to everyone else, as for an output that does not exist).
- The overview with every author's consent is for the edition's facilitators (object: an
  Edition); it lists only the outputs they may see.

The closing report: the facilitators of the edition (and staff) ask for reports, follow their
progress, publish and take them back, and download every finished one (object: an Edition for the
page, a ClosingReport otherwise). A published report is for everyone, visitors included: it is
the edition's report to the field. An unpublished one does not exist for anyone else (404).

Continuation:
- Starting a new edition from an old one is for the old edition's facilitators (object: the old
  Edition). Staff are not included on purpose: continuing is the facilitators' decision, and they
  become the new edition's facilitators. Whether the edition is closed is the service's business,
  so that the page can say why it cannot be continued yet.
- Answering an invitation to continue is for the invited person only (object: a
  ContinuationInvitation); the view answers 404 to anyone without an invitation, as for an
  invitation that does not exist.
"""

from __future__ import annotations

import rules

from leerplatform.accounts.rules import is_staff
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.editions.rules import is_facilitator, is_member, roles_of
from leerplatform.groups.rules import facilitates_group, is_coordinator
from leerplatform.library.rules import edition_member, facilitates, is_alive, is_author, sees
from leerplatform.showcase.models import Consent

# --- Outputs -------------------------------------------------------------------------------------


@rules.predicate
def asked_in_edition(user, edition) -> bool:
    """Whether `user` is asked (or was asked) for consent to an output of this edition."""
    if edition is None or not user.is_authenticated:
        return False
    return Consent.objects.filter(author=user, output__edition=edition).exists()


@rules.predicate
def is_asked_author(user, output) -> bool:
    """Whether `user` is one of the authors whose consent the output needs."""
    if output is None or not user.is_authenticated:
        return False
    cached = getattr(output, "_author_ids", None)
    if cached is None:
        cached = set(output.consents.values_list("author_id", flat=True))
        output._author_ids = cached
    return user.pk in cached


@rules.predicate
def is_not_confidential(user, document) -> bool:
    """Confidential documents (vertrouwelijk) are never offered to the field."""
    return document is not None and document.visibility != Visibility.CONFIDENTIAL


# Offering, without the visibility check: for the document page, which has checked it already.
may_offer_seen_document = (
    is_alive & edition_member & is_not_confidential & (is_author | facilitates)
)

# On an Edition
rules.add_perm("showcase.view_outputs", rules.always_allow)
rules.add_perm("showcase.view_consents", is_member | asked_in_edition)
rules.add_perm("showcase.manage_outputs", is_facilitator)
# On a Document
rules.add_perm("showcase.offer_document", sees & may_offer_seen_document)
# On a LearningGroup
rules.add_perm("showcase.offer_report", is_coordinator | facilitates_group)
# On an Output
rules.add_perm("showcase.decide_consent", is_asked_author)


# --- The closing report --------------------------------------------------------------------------


@rules.predicate
def facilitates_reports_edition(user, report) -> bool:
    return report is not None and roles_of(user).get(report.edition_id) == Role.FACILITATOR


@rules.predicate
def is_published_report(user, report) -> bool:
    return (
        report is not None
        and report.published_at is not None
        and report.status == "done"
        and bool(report.file)
    )


# On an Edition
rules.add_perm("showcase.manage_reports", is_facilitator | is_staff)
# On a ClosingReport
rules.add_perm("showcase.manage_report", facilitates_reports_edition | is_staff)
rules.add_perm("showcase.view_report", is_published_report | facilitates_reports_edition | is_staff)


# --- Continuation --------------------------------------------------------------------------------


@rules.predicate
def is_invited_person(user, invitation) -> bool:
    return invitation is not None and user.is_authenticated and invitation.user_id == user.pk


# On an Edition (the old one)
rules.add_perm("showcase.continue_edition", is_facilitator)
# On a ContinuationInvitation
rules.add_perm("showcase.answer_continuation", is_invited_person)

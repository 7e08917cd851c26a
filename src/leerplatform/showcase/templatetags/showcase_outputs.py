"""The "offer to the field" boxes on a document page and a group page (showcase/_offer_box.html).

Each tag costs at most two queries, whatever the number of authors: the consents of the thing's
output (if offered) with the output itself, and for a group its final report. The pages that
include the box have checked already that the viewer may see the document or the group. A
document read with select_related("output") that was never offered costs no query at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import rules
from django import template

from leerplatform.showcase.models import Consent, ConsentStatus, Output
from leerplatform.showcase.rules import may_offer_seen_document
from leerplatform.showcase.services.outputs import final_report_of

register = template.Library()


@dataclass
class OfferState:
    output: Output | None = None
    consents: list[Consent] = field(default_factory=list)
    may_offer: bool = False
    is_author: bool = False  # asked for consent
    can_offer_now: bool = True  # e.g. a group without a final report cannot
    report: object = None

    @property
    def given(self) -> int:
        return sum(1 for c in self.consents if c.status == ConsentStatus.GIVEN)

    @property
    def total(self) -> int:
        return len(self.consents)

    @property
    def is_published(self) -> bool:
        return self.output is not None and self.output.published_at is not None

    @property
    def is_open(self) -> bool:
        """Offered and not taken back (by choosing less than public on the document's page)."""
        return self.output is not None and self.output.taken_back_at is None

    @property
    def waiting_for(self) -> list[str]:
        """The names of the authors who have not said yes (yet)."""
        return [c.author.name for c in self.consents if c.status != ConsentStatus.GIVEN]

    @property
    def shows(self) -> bool:
        return self.is_open or self.may_offer

    @property
    def fragment_key(self) -> str:
        """Everything `showcase/_offer_box.html` shows of this state, beside the thing's own id
        (the key of its shared fragment, core.fragments): the viewer's part in it (an author
        asked, may offer) and the output's state with each author's consent."""
        if not self.shows:
            return "-"
        output = self.output
        report = self.report
        return "|".join(
            (
                f"{int(self.is_author)}{int(self.may_offer)}{int(self.can_offer_now)}",
                "" if output is None else f"{output.pk} {output.edition.slug}",
                f"{int(self.is_open)}{int(self.is_published)}",
                "" if report is None else str(getattr(report, "pk", "")),
                *(f"{c.author_id} {c.status} {c.author.name}" for c in self.consents),
            )
        )


def _state(user, consents: list[Consent]) -> OfferState:
    output = consents[0].output if consents else None
    return OfferState(
        output=output,
        consents=consents,
        is_author=any(c.author_id == getattr(user, "pk", None) for c in consents),
    )


@register.simple_tag
def document_offer(document, user) -> OfferState:
    """Whether the document has been offered, how many authors consented, and whether the viewer
    may offer it (an author or a facilitator)."""
    cached = document._state.fields_cache
    if "output" in cached and cached["output"] is None:
        # Read with select_related("output") and never offered: no query needed.
        consents = []
    else:
        consents = list(
            Consent.objects.filter(output__document=document)
            .select_related("output", "output__edition", "author")
            .order_by("author__name", "author_id")
        )
    state = _state(user, consents)
    state.may_offer = not state.is_open and may_offer_seen_document(user, document)
    return state


@register.simple_tag
def group_offer(group, user) -> OfferState:
    """The group's final report, whether it has been offered and how many members consented, and
    whether the viewer may offer it (a coordinator or a facilitator)."""
    report = final_report_of(group)
    consents = (
        list(
            Consent.objects.filter(output__report=report)
            .select_related("output", "output__edition", "author")
            .order_by("author__name", "author_id")
        )
        if report is not None
        else []
    )
    state = _state(user, consents)
    state.report = report
    state.can_offer_now = report is not None
    state.may_offer = state.output is None and rules.has_perm("showcase.offer_report", user, group)
    return state

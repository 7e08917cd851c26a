"""Reads for the outputs pages: the public "Opbrengsten" page and its feed, an author's consents,
the facilitators' overview. Each costs a fixed number of SQL queries whatever the number of
outputs, groups or authors.

What is public is decided in one place, `public_outputs`: published (every author consented), and
for a document: in the library, not in the bin, and public. Everything the public page and the
feed show starts there, so an output that lacks one consent, was withdrawn, or whose document was
made less public since, shows nowhere public.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition, Theme
from leerplatform.groups.models import LearningGroup
from leerplatform.library.models import Attachment, Document
from leerplatform.library.queries.documents import visible_documents
from leerplatform.showcase.models import ClosingReport, Consent, ConsentStatus, Output

FEED_SIZE = 50


def _consents() -> Prefetch:
    return Prefetch(
        "consents",
        queryset=Consent.objects.select_related("author").order_by("author__name", "author_id"),
    )


def _files() -> Prefetch:
    return Prefetch(
        "document__attachments",
        queryset=Attachment.objects.filter(current__isnull=False)
        .select_related("current")
        .defer("current__text")
        .order_by("id"),
    )


def _consented_outputs() -> QuerySet[Output]:
    """Outputs published on an open offer with every consent given (at least one), and for a
    document every one of its current authors among those who consented."""
    not_given = Consent.objects.filter(output=OuterRef("pk")).exclude(status=ConsentStatus.GIVEN)
    any_consent = Consent.objects.filter(output=OuterRef("pk"))
    given = Consent.objects.filter(output=OuterRef(OuterRef("pk")), status=ConsentStatus.GIVEN)
    author_without_consent = Document.authors.through.objects.filter(
        document_id=OuterRef("document_id")
    ).exclude(user_id__in=given.values("author_id"))
    return Output.objects.filter(published_at__isnull=False, taken_back_at__isnull=True).filter(
        Exists(any_consent), ~Exists(not_given), ~Exists(author_without_consent)
    )


def consented_documents() -> QuerySet[Document]:
    """The documents that may be public: the one rule (`services.outputs.may_be_public`, the
    guard on saving, the public page, the feed and the closing report all read it)."""
    return Document.objects.filter(
        Exists(_consented_outputs().filter(document_id=OuterRef("pk"))),
        Exists(Document.authors.through.objects.filter(document_id=OuterRef("pk"))),
    )


def public_outputs(*, edition: Edition) -> QuerySet[Output]:
    """The edition's outputs everyone may see: every author consented, and a document is alive
    and public."""
    return _consented_outputs().filter(
        Q(report__isnull=False)
        | Q(document__deleted_at__isnull=True, document__visibility=Visibility.PUBLIC),
        edition=edition,
    )


def _for_display(outputs: QuerySet[Output]) -> QuerySet[Output]:
    return outputs.select_related(
        "group", "document", "report", "report__meeting", "proposed_by"
    ).prefetch_related(
        _consents(),
        _files(),
        Prefetch("document__themes", queryset=Theme.objects.order_by("position")),
    )


# --- The public page -----------------------------------------------------------------------------


@dataclass
class GroupOutputs:
    group: LearningGroup
    products: list[Output] = field(default_factory=list)
    final_report: Output | None = None


@dataclass
class ThemeOutputs:
    theme: Theme | None  # None: outputs without a theme
    groups: list[GroupOutputs] = field(default_factory=list)
    products: list[Output] = field(default_factory=list)  # outputs of no group

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.products


# Outputs per page of "Opbrengsten": the page stays small however much an edition publishes.
OUTPUTS_PAGE_SIZE = 30


@dataclass
class PublicPage:
    themes: list[ThemeOutputs]  # this page's part, in the agenda's order
    closing_reports: list[ClosingReport]
    output_count: int
    group_count: int
    pages: Page | None = None  # the paging of the outputs in that order

    @property
    def is_empty(self) -> bool:
        return all(t.is_empty for t in self.themes)


def public_page(*, edition: Edition, page_number: int | str | None = 1) -> PublicPage:
    """Per theme of the learning agenda, each group's published products and its published final
    report (a group under the first of its themes in the agenda's order); outputs of no group
    under their document's first theme; the published closing reports. The outputs are paged in
    that order, `OUTPUTS_PAGE_SIZE` a page, each page keeping its theme and group headings.
    Seven queries. A public
    document is always a published output (`consented_documents`), so there are no others."""
    themes = list(Theme.objects.filter(edition=edition).order_by("position", "pk"))
    outputs = list(_for_display(public_outputs(edition=edition)).order_by("published_at", "pk"))
    group_ids = {o.group_id for o in outputs if o.group_id}
    groups = list(
        LearningGroup.objects.filter(pk__in=group_ids)
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("position", "pk")))
        .order_by("name", "pk")
    )
    blocks = {g.pk: GroupOutputs(group=g) for g in groups}
    for output in outputs:
        if output.group_id is None:
            continue
        block = blocks[output.group_id]
        if output.report_id:
            block.final_report = output
        else:
            block.products.append(output)

    by_theme = {t.pk: ThemeOutputs(theme=t) for t in themes}
    without = ThemeOutputs(theme=None)
    for group in groups:
        group_themes = list(group.themes.all())
        target = by_theme.get(group_themes[0].pk) if group_themes else None
        (target or without).groups.append(blocks[group.pk])
    for output in outputs:
        if output.group_id is not None:
            continue
        doc_themes = list(output.document.themes.all()) if output.document is not None else []
        target = by_theme.get(doc_themes[0].pk) if doc_themes else None
        (target or without).products.append(output)
    ordered = [by_theme[t.pk] for t in themes if not by_theme[t.pk].is_empty]
    if not without.is_empty:
        ordered.append(without)
    closing_reports = list(
        ClosingReport.objects.filter(edition=edition, published_at__isnull=False)
        .exclude(file="")
        .order_by("language", "-published_at")
    )
    pages = Paginator(_in_order(ordered), OUTPUTS_PAGE_SIZE).get_page(page_number)
    return PublicPage(
        themes=_regrouped(pages.object_list),
        closing_reports=closing_reports,
        output_count=len(outputs),
        group_count=len(groups),
        pages=pages,
    )


_Entry = tuple[Theme | None, LearningGroup | None, Output, bool]  # theme, group, output, final?


def _in_order(themes: list[ThemeOutputs]) -> list[_Entry]:
    entries: list[_Entry] = []
    for block in themes:
        for item in block.groups:
            entries.extend((block.theme, item.group, output, False) for output in item.products)
            if item.final_report is not None:
                entries.append((block.theme, item.group, item.final_report, True))
        entries.extend((block.theme, None, output, False) for output in block.products)
    return entries


def _regrouped(entries) -> list[ThemeOutputs]:
    themes: list[ThemeOutputs] = []
    for theme, group, output, final in entries:
        if not themes or themes[-1].theme != theme:
            themes.append(ThemeOutputs(theme=theme))
        block = themes[-1]
        if group is None:
            block.products.append(output)
            continue
        if not block.groups or block.groups[-1].group != group:
            block.groups.append(GroupOutputs(group=group))
        if final:
            block.groups[-1].final_report = output
        else:
            block.groups[-1].products.append(output)
    return themes


def feed_items(*, edition: Edition, limit: int = FEED_SIZE) -> list[Output]:
    """The edition's published outputs, newest first, with what an Atom entry needs (four
    queries)."""
    return list(
        _for_display(public_outputs(edition=edition)).order_by("-published_at", "-pk")[:limit]
    )


# --- An author's consents ------------------------------------------------------------------------


def my_consents(*, edition: Edition, user) -> list[Consent]:
    """What `user` is asked to consent to in this edition, with what would be public and who the
    other authors are; the newest offers first (four queries)."""
    if user is None or not user.is_authenticated:
        return []
    consents = list(
        Consent.objects.filter(author=user, output__edition=edition)
        .select_related(
            "output",
            "output__group",
            "output__document",
            "output__report",
            "output__report__meeting",
            "output__proposed_by",
        )
        .prefetch_related(
            Prefetch(
                "output__consents",
                queryset=Consent.objects.select_related("author").order_by(
                    "author__name", "author_id"
                ),
            ),
            Prefetch(
                "output__document__attachments",
                queryset=Attachment.objects.filter(current__isnull=False)
                .select_related("current")
                .defer("current__text")
                .order_by("id"),
            ),
        )
        .order_by("-output__proposed_at", "-output_id")
    )
    for consent in consents:
        _count(consent.output)
    return consents


def _count(output: Output) -> Output:
    """Sets `given_count` and `author_count` from the prefetched consents."""
    consents = list(output.consents.all())
    output.given_count = sum(1 for c in consents if c.status == ConsentStatus.GIVEN)
    output.author_count = len(consents)
    return output


# --- The facilitators' overview ------------------------------------------------------------------


def manage_page(*, edition: Edition, user) -> list[Output]:
    """The edition's outputs with every author's consent, for a facilitator: final reports, and
    documents only when the facilitator may see them (a group keeps its own work private, also
    from facilitators, until it is published). Three queries."""
    visible = visible_documents(user=user, edition=edition).values("pk")
    outputs = (
        Output.objects.filter(edition=edition)
        .filter(Q(report__isnull=False) | Q(document__in=visible))
        .select_related("group", "document", "report", "report__meeting", "proposed_by")
        .prefetch_related(_consents())
        .order_by("group__name", "proposed_at", "pk")
    )
    return [_count(output) for output in outputs]


def load_output(*, pk: int) -> Output:
    """The loader of `permission_required` for deciding on consent: the output with its edition,
    or a 404."""
    output = Output.objects.select_related("edition").filter(pk=pk).first()
    if output is None:
        raise Http404(_("This output does not exist."))
    return output


# --- Small helpers for templates, the feed and emails --------------------------------------------


def output_title(output: Output) -> str:
    """The title an output goes by: its document's, or "Final report of <group>"."""
    if output.document is not None:
        return output.document.title
    return _("Final report of %(group)s") % {"group": output.group.name if output.group else ""}


def consented_names(output: Output) -> list[str]:
    """The names of the authors who consented (from the prefetched consents)."""
    return [
        c.author.name for c in output.consents.all() if c.status == ConsentStatus.GIVEN and c.author
    ]


def waiting_consents(*, edition: Edition, user) -> int:
    """How many outputs of the edition wait for `user`'s consent (one query; for the dashboard's
    consolidation phase: "consents to give")."""
    if user is None or not user.is_authenticated:
        return 0
    return Consent.objects.filter(
        author=user, output__edition=edition, status=ConsentStatus.ASKED
    ).count()

"""The Atom feed of an edition's published outputs (django.contrib.syndication).

It reads `queries.outputs.feed_items`, which starts from `public_outputs`: an output that is not
(or no longer) published never appears. Links are absolute (the syndication framework adds the
address of the request); each entry names the authors who consented.
"""

from __future__ import annotations

from typing import cast

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from leerplatform.core.markdown import render_markdown
from leerplatform.editions.models import Edition
from leerplatform.editions.queries import PUBLIC_EDITION_Q
from leerplatform.groups.models import ProgressReport
from leerplatform.showcase.models import Output
from leerplatform.showcase.queries import outputs as queries


class OutputsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug: str) -> Edition:
        # Feed readers have no account: only published editions have a feed.
        edition = Edition.objects.filter(PUBLIC_EDITION_Q, slug=slug).first()
        if edition is None:
            raise Http404(_("This edition does not exist."))
        return edition

    def title(self, edition: Edition) -> str:
        return _("Outputs of %(edition)s") % {"edition": edition.name}

    def subtitle(self, edition: Edition) -> str:
        return _(
            "Toolkits, publications and final reports that the learning groups of %(edition)s "
            "share with the field."
        ) % {"edition": edition.name}

    def link(self, edition: Edition) -> str:
        return reverse("showcase:outputs", kwargs={"slug": edition.slug})

    def feed_url(self, edition: Edition) -> str:
        return reverse("showcase:feed", kwargs={"slug": edition.slug})

    def items(self, edition: Edition) -> list[Output]:
        self._page = reverse("showcase:outputs", kwargs={"slug": edition.slug})
        return queries.feed_items(edition=edition)

    def item_title(self, item: Output) -> str:
        return queries.output_title(item)

    def item_description(self, item: Output) -> str:
        if item.document is not None:
            return item.document.summary
        # Not a document, so a final report (the model's constraint: one or the other).
        report = cast(ProgressReport, item.report)
        text = " ".join(strip_tags(render_markdown(report.what_we_did)).split())
        return Truncator(text).words(80)

    def item_link(self, item: Output) -> str:
        if item.document is not None:
            return item.document.get_absolute_url()
        return f"{self._page}#output-{item.pk}"

    def item_author_name(self, item: Output) -> str:
        return ", ".join(queries.consented_names(item))

    def item_pubdate(self, item: Output):
        return item.published_at

    def item_updateddate(self, item: Output):
        return item.published_at

    def item_categories(self, item: Output) -> list[str]:
        if item.document is not None:
            return [item.document.get_kind_display()]
        return [_("Final report")]

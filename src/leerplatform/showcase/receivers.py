"""What the showcase does when a library document changes.

- The library's choice of visibility (`library.events`): choosing "public" asks every author for
  consent (`services.outputs.ask_to_publish`), choosing less takes the offer back (`take_back`),
  and a document made confidential has its output withdrawn (`services.confidential`).
- The guard behind the consent flow: a library document is saved as public only when
  `services.outputs.may_be_public` allows it, and a public document never gains an author who has
  not consented. The services keep to this already (the library never stores "public";
  `services.outputs` does, once every author has consented). The guard is there for whatever else
  saves a document — the admin, a script, a fixture, code of the future — so that no path around
  the consent flow exists: such a save fails loudly instead of publishing. (Bulk
  `QuerySet.update` and `bulk_create` skip signals; nothing in the project writes a document's
  visibility that way.)
- A task worker that starts loads WeasyPrint and its fonts in a thread (`pdf.warm_up`), so that
  its first closing report takes no longer than the next.
"""

from __future__ import annotations

import threading

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from leerplatform.core.visibility import Visibility
from leerplatform.core.worker import worker_started
from leerplatform.library import events as library_events
from leerplatform.library.models import Document
from leerplatform.showcase.pdf import warm_up_quietly
from leerplatform.showcase.services.confidential import withdraw_confidential
from leerplatform.showcase.services.outputs import ask_to_publish, may_be_public, take_back

# --- The library's choice of visibility ----------------------------------------------------------


@receiver(library_events.public_chosen, dispatch_uid="showcase_public_chosen")
def public_chosen(sender, document: Document, actor, chosen: bool, notify: bool, **kwargs):
    ask_to_publish(document=document, actor=actor, chosen=chosen, notify=notify)


@receiver(library_events.public_taken_back, dispatch_uid="showcase_public_taken_back")
def public_taken_back(sender, document: Document, **kwargs) -> None:
    take_back(document=document)


@receiver(library_events.made_confidential, dispatch_uid="showcase_made_confidential")
def made_confidential(sender, document: Document, **kwargs) -> None:
    withdraw_confidential(document)


# --- The guard -----------------------------------------------------------------------------------


class PublicationRefused(ValidationError):
    """A document was about to become (or stay) public without every author's consent."""


def _refuse() -> None:
    raise PublicationRefused(
        _("A document becomes public only when every author has consented."),
        code="needs_consent",
    )


@receiver(pre_save, sender=Document, dispatch_uid="showcase_public_needs_consent")
def public_needs_consent(sender, instance: Document, raw: bool = False, **kwargs) -> None:
    if instance.visibility == Visibility.PUBLIC and not may_be_public(instance):
        _refuse()


@receiver(m2m_changed, sender=Document.authors.through, dispatch_uid="showcase_new_author")
def public_author_needs_consent(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    if action != "post_add":
        return
    documents = (
        [instance]
        if not reverse
        else list(Document.objects.filter(pk__in=kwargs.get("pk_set") or ()))
    )
    for document in documents:
        if document.visibility == Visibility.PUBLIC and not may_be_public(document):
            _refuse()


# --- A task worker starts ------------------------------------------------------------------------


@receiver(worker_started, dispatch_uid="showcase_warm_up_fonts")
def warm_up_fonts(sender, **kwargs) -> threading.Thread:
    """Load WeasyPrint's fonts beside the worker's loop: the worker takes tasks meanwhile, and a
    closing report asked for before it is done waits for it (pdf.warm_up's lock)."""
    thread = threading.Thread(target=warm_up_quietly, name="weasyprint-warm-up", daemon=True)
    thread.start()
    return thread

"""Keeps the search index in step with the models it covers.

Groups, proposals, meetings and people change in several apps' services and in the admin; a
signal after each save or delete refreshes their entries, so no code path can forget it.
Documents are indexed when the library says so (`library.events.document_changed`, sent once
their themes, authors and files are saved: a post_save would see them half made) and when the
showcase publishes or unpublishes one (`showcase.events.document_publication_changed`), inside
the same transaction as before; a deleted document's entries go with it here.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from leerplatform.accounts.models import User
from leerplatform.editions.models import Membership, Theme
from leerplatform.groups.models import LearningGroup
from leerplatform.library import events as library_events
from leerplatform.library.models import Document
from leerplatform.meetings.models import Meeting
from leerplatform.proposals.models import Proposal
from leerplatform.search import index
from leerplatform.showcase import events as showcase_events

# Saving only these fields of a person changes nothing anyone can find (every login saves one).
_UNINDEXED_USER_FIELDS = frozenset({"last_login", "password"})


@receiver(post_save, sender=LearningGroup)
@receiver(post_save, sender=Proposal)
def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index.index(instance)


@receiver(post_save, sender=User)
def _person_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and set(update_fields) <= _UNINDEXED_USER_FIELDS):
        return
    index.index(instance)


@receiver(post_save, sender=Meeting)
def _meeting_saved(sender, instance, raw=False, **kwargs):
    # Publishing a meeting (or taking it back to draft) also decides whether its call's
    # proposals can be found.
    if raw:
        return
    index.index(instance)
    index.index_queryset(Proposal.objects.filter(call__meeting=instance))


@receiver(post_save, sender=Theme)
def _theme_saved(sender, instance, raw=False, created=False, **kwargs):
    # A theme's title is part of the text of groups, meetings and people (their expertise).
    if raw or created:
        return
    index.index_queryset(LearningGroup.objects.filter(themes=instance))
    index.index_queryset(Meeting.objects.filter(theme=instance))
    index.index_queryset(User.objects.filter(expertise=instance))


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def _membership_changed(sender, instance, raw=False, **kwargs):
    # Who may find a person depends on the editions they are active in (left_at ends that).
    if not raw:
        index.index(instance.user)


@receiver(m2m_changed, sender=LearningGroup.themes.through)
@receiver(m2m_changed, sender=User.expertise.through)
def _themes_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        index.index(instance)


@receiver(library_events.document_changed, dispatch_uid="search_document_changed")
@receiver(showcase_events.document_publication_changed, dispatch_uid="search_document_published")
def _document_changed(sender, document, **kwargs):
    index.index(document)


@receiver(post_delete, sender=LearningGroup)
@receiver(post_delete, sender=Proposal)
@receiver(post_delete, sender=Meeting)
@receiver(post_delete, sender=User)
@receiver(post_delete, sender=Document)
def _deleted(sender, instance, **kwargs):
    index.remove(instance)

"""The activity ledger: what `record` writes, and that nothing can change or remove it."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from leerplatform.core import activity
from leerplatform.core.models import (
    VERB_DIRECTIONS,
    ActivityEntry,
    AppendOnlyError,
    Direction,
    Verb,
)
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme(edition) -> Theme:
    return edition.themes.first()


@pytest.fixture
def entry(edition, facilitator, theme) -> ActivityEntry:
    return activity.record(
        actor=facilitator,
        verb=Verb.PROFILE_UPDATED,
        edition=edition,
        target=theme,
        data={"fields": ["title"]},
    )


def test_record_writes_actor_verb_edition_target_and_data(edition, facilitator, theme):
    entry = activity.record(
        actor=facilitator,
        verb=Verb.PHASE_CHANGED,
        edition=edition,
        target=theme,
        data={"from": "startup", "to": "connecting"},
        visibility=Visibility.PUBLIC,
    )

    stored = ActivityEntry.objects.get(pk=entry.pk)
    assert stored.actor == facilitator
    assert stored.verb == Verb.PHASE_CHANGED
    assert stored.edition == edition
    assert stored.target_type == ContentType.objects.get_for_model(Theme)
    assert stored.target_id == str(theme.pk)
    assert stored.target == theme
    assert stored.target_label == theme.title
    assert stored.data == {"from": "startup", "to": "connecting"}
    assert stored.visibility == Visibility.PUBLIC
    assert stored.created_at is not None


def test_target_label_keeps_the_name_the_target_had_at_the_time(edition, facilitator, theme):
    old_title = theme.title
    entry = activity.record(actor=facilitator, verb=Verb.JOINED, edition=edition, target=theme)
    theme.title = "A new title"
    theme.save()

    stored = ActivityEntry.objects.get(pk=entry.pk)
    assert stored.target_label == old_title
    assert stored.target.title == "A new title"


def test_record_without_target_or_data_leaves_them_empty(edition, facilitator):
    entry = activity.record(actor=facilitator, verb=Verb.JOINED, edition=edition)

    stored = ActivityEntry.objects.get(pk=entry.pk)
    assert stored.target_type is None
    assert stored.target_id == ""
    assert stored.target_label == ""
    assert stored.data == {}


def test_record_defaults_to_platform_visibility(edition, facilitator):
    entry = activity.record(actor=facilitator, verb=Verb.JOINED, edition=edition)

    assert ActivityEntry.objects.get(pk=entry.pk).visibility == Visibility.PLATFORM


def test_anonymous_actor_is_stored_as_nobody(edition):
    from django.contrib.auth.models import AnonymousUser

    entry = activity.record(actor=AnonymousUser(), verb=Verb.JOINED, edition=edition)

    assert ActivityEntry.objects.get(pk=entry.pk).actor is None


@pytest.mark.parametrize("verb", list(Verb))
def test_direction_defaults_to_the_verbs_own_direction(edition, facilitator, verb):
    entry = activity.record(actor=facilitator, verb=verb, edition=edition)

    assert ActivityEntry.objects.get(pk=entry.pk).direction == VERB_DIRECTIONS[verb]


def test_default_direction_follows_the_verb_table(edition, facilitator, monkeypatch):
    monkeypatch.setitem(VERB_DIRECTIONS, Verb.JOINED, Direction.TAKE)

    entry = activity.record(actor=facilitator, verb=Verb.JOINED, edition=edition)

    assert ActivityEntry.objects.get(pk=entry.pk).direction == Direction.TAKE


def test_a_service_may_pass_another_direction(edition, facilitator):
    entry = activity.record(
        actor=facilitator, verb=Verb.JOINED, edition=edition, direction=Direction.BRING
    )

    assert ActivityEntry.objects.get(pk=entry.pk).direction == Direction.BRING


def _snapshot(entry: ActivityEntry) -> dict:
    return ActivityEntry.objects.filter(pk=entry.pk).values().get()


def test_saving_an_existing_entry_again_is_refused(entry):
    before = _snapshot(entry)
    entry.target_label = "rewritten history"
    entry.data = {"fields": []}

    with pytest.raises(AppendOnlyError):
        entry.save()

    assert _snapshot(entry) == before


def test_deleting_an_entry_is_refused(entry):
    before = _snapshot(entry)

    with pytest.raises(AppendOnlyError):
        entry.delete()

    assert _snapshot(entry) == before


def test_updating_entries_through_a_queryset_is_refused(entry):
    before = _snapshot(entry)

    with pytest.raises(AppendOnlyError):
        ActivityEntry.objects.filter(pk=entry.pk).update(target_label="rewritten history")
    with pytest.raises(AppendOnlyError):
        ActivityEntry.objects.all().update(verb=Verb.JOINED)

    assert _snapshot(entry) == before


def test_deleting_entries_through_a_queryset_is_refused(entry):
    before = _snapshot(entry)

    with pytest.raises(AppendOnlyError):
        ActivityEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        ActivityEntry.objects.all().delete()

    assert _snapshot(entry) == before

"""core.shared_reads: what is kept, for whom, and when it is read again."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils.functional import SimpleLazyObject

from leerplatform.accounts.models import User
from leerplatform.accounts.services import private_changed
from leerplatform.core.shared_reads import personal, shared
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.visitor_cache]


class Reads:
    def __init__(self, value="v"):
        self.count, self.value = 0, value

    def __call__(self):
        self.count += 1
        return self.value


def test_a_shared_read_is_kept_until_content_changes():
    read = Reads()
    assert shared("thing", read) == "v"
    assert shared("thing", read) == "v"
    assert read.count == 1
    make_user()  # a person saved: content changed
    assert shared("thing", read) == "v"
    assert read.count == 2


def test_a_personal_read_is_kept_per_person_and_private_version():
    ann, ben = make_user(), make_user()
    read = Reads()
    fresh_ann = User.objects.get(pk=ann.pk)
    personal("totals", fresh_ann, read)
    personal("totals", User.objects.get(pk=ann.pk), read)
    assert read.count == 1
    # Through a lazy object, as request.user can be: the person inside is the one asked about.
    personal("totals", SimpleLazyObject(lambda: User.objects.get(pk=ann.pk)), read)
    assert read.count == 1
    personal("totals", User.objects.get(pk=ben.pk), read)  # never another's
    assert read.count == 2
    private_changed([ann.pk])
    assert User.objects.get(pk=ann.pk).private_version == fresh_ann.private_version + 1
    personal("totals", User.objects.get(pk=ann.pk), read)
    assert read.count == 3


def test_a_person_whose_version_is_not_known_is_read_every_time():
    ann = make_user()
    read = Reads()
    personal("totals", User.objects.get(pk=ann.pk), read)  # kept under version 0
    assert read.count == 1
    # Not read from the database: its version 0 is only the field's default.
    personal("totals", User(pk=ann.pk), read)
    assert read.count == 2
    # Read without the column.
    personal("totals", User.objects.only("pk").get(pk=ann.pk), read)
    assert read.count == 3
    # Changed in this request: the object no longer knows its version.
    changed = User.objects.get(pk=ann.pk)
    private_changed([changed])
    assert changed.private_version is None
    personal("totals", changed, read)
    assert read.count == 4


def test_inside_a_transaction_the_database_is_read_and_nothing_kept():
    read = Reads()
    with transaction.atomic():
        shared("thing", read)
        shared("thing", read)
    assert read.count == 2
    shared("thing", read)
    shared("thing", read)
    assert read.count == 3


def test_a_whole_save_of_an_older_copy_keeps_the_private_version():
    ann = make_user()
    old_copy = User.objects.get(pk=ann.pk)
    private_changed([ann.pk])
    old_copy.name = "Ann Anders (fictief)"
    old_copy.save()
    fresh = User.objects.get(pk=ann.pk)
    assert (fresh.name, fresh.private_version) == ("Ann Anders (fictief)", 1)


def test_a_rolled_back_change_leaves_the_private_version():
    ann = make_user()
    with pytest.raises(RuntimeError), transaction.atomic():
        private_changed([ann.pk])
        raise RuntimeError
    assert User.objects.get(pk=ann.pk).private_version == 0

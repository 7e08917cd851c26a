"""The data migration loads the real Dutch hogescholen into Institution."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from leerplatform.accounts.models import Institution

pytestmark = pytest.mark.django_db

migration = importlib.import_module("leerplatform.accounts.migrations.0003_load_hogescholen")


@pytest.mark.parametrize(
    "name",
    [
        "Hogeschool Utrecht",
        "Fontys Hogescholen",
        "Hogeschool van Amsterdam",
        "Hanzehogeschool Groningen",
        "Saxion",
        "Zuyd Hogeschool",
    ],
)
def test_well_known_hogescholen_are_there(name):
    assert Institution.objects.filter(name=name, is_hbo=True).exists()


def test_at_least_thirty_institutions_all_hbo():
    assert Institution.objects.count() >= 30
    assert not Institution.objects.filter(is_hbo=False).exists()


def test_the_loaded_institutions_are_exactly_the_list_in_the_data_file():
    names = migration.names()

    assert len(names) == len(set(names))
    assert set(Institution.objects.values_list("name", flat=True)) == set(names)
    assert not any(name.startswith("#") for name in names)


def test_running_the_migration_again_adds_no_duplicates():
    before = Institution.objects.count()

    migration.load(apps, schema_editor=None)

    assert Institution.objects.count() == before

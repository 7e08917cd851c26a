"""Stored files that no row refers to (`manage.py orphaned_files`).

Every FileField and ImageField of every installed model names the files it keeps; whatever else
lies in those fields' storages is an orphan: left by a transaction that stored a file and then
rolled back, by a crash between storing and saving, or brought back by a restore of a backup
whose rows were later removed. Storages are read through the storage API only (`listdir`,
`size`, `get_modified_time`, `delete`), so this works on the file system and on S3 alike.

The storage is listed BEFORE the rows are read, and files younger than `min_age` are left alone:
a file being uploaded right now, whose row is not committed yet, is never taken for an orphan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone

from leerplatform.core.backup import walk_storage

# Files younger than this are never orphans: their row may still be on its way.
DEFAULT_MIN_AGE = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Orphan:
    name: str
    size: int
    modified: dt.datetime


@dataclass
class Survey:
    """What one look at the storages found."""

    orphans: list[Orphan] = field(default_factory=list)
    young: int = 0  # unreferenced, but too young to judge
    referenced: int = 0  # files in the storages that a row names
    missing: list[str] = field(default_factory=list)  # names in rows without a stored file

    @property
    def orphan_bytes(self) -> int:
        return sum(orphan.size for orphan in self.orphans)


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """(model, field) for every concrete FileField/ImageField of every installed model."""
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        for model_field in meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                found.append((model, model_field))
    return found


def _storages(fields: Iterable[tuple[type[models.Model], models.FileField]]) -> list[Storage]:
    seen: dict[int, Storage] = {}
    for _model, model_field in fields:
        seen.setdefault(id(model_field.storage), model_field.storage)
    return list(seen.values())


def _referenced_names(
    fields: Iterable[tuple[type[models.Model], models.FileField]], storage: Storage
) -> set[str]:
    """Every file name a row keeps in `storage`; the base manager, so that rows a default
    manager hides (documents in the bin) keep their files too."""
    names: set[str] = set()
    for model, model_field in fields:
        if model_field.storage is not storage:
            continue
        rows = model._base_manager.exclude(**{model_field.attname: ""}).exclude(
            **{f"{model_field.attname}__isnull": True}
        )
        names.update(rows.values_list(model_field.attname, flat=True).iterator())
    return names


def _listing(storage: Storage) -> Iterator[tuple[str, int, dt.datetime | None]]:
    for name in walk_storage(storage):
        try:
            modified: dt.datetime | None = storage.get_modified_time(name)
        except NotImplementedError:
            modified = None  # a storage that cannot tell: never old enough to remove
        yield name, storage.size(name), modified


def survey(
    min_age: dt.timedelta = DEFAULT_MIN_AGE,
) -> list[tuple[Storage, Survey]]:
    """Look at every storage a file field uses; remove nothing."""
    fields = file_fields()
    cutoff = timezone.now() - min_age
    results = []
    for storage in _storages(fields):
        listing = list(_listing(storage))  # first the files, then the rows (see the docstring)
        referenced = _referenced_names(fields, storage)
        found = Survey()
        stored = set()
        for name, size, modified in listing:
            stored.add(name)
            if name in referenced:
                found.referenced += 1
            elif modified is None or _aware(modified) > cutoff:
                found.young += 1
            else:
                found.orphans.append(Orphan(name=name, size=size, modified=_aware(modified)))
        found.missing = sorted(referenced - stored)
        results.append((storage, found))
    return results


def _aware(moment: dt.datetime) -> dt.datetime:
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, dt.UTC)
    return moment


def delete_orphans(storage: Storage, orphans: Iterable[Orphan]) -> int:
    """Remove the orphans a survey found, checking once more just before that no row has come
    to name one of them; returns how many were removed."""
    still_referenced = _referenced_names(file_fields(), storage)
    removed = 0
    for orphan in orphans:
        if orphan.name in still_referenced:
            continue
        storage.delete(orphan.name)
        removed += 1
    return removed

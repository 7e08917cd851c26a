"""`manage.py orphaned_files` (issue 18, loose ends): stored files that no row refers to are listed
with their sizes in a dry run and removed only with --delete; young files (an upload in flight)
and every file a row names are left alone. On the file system storage."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from leerplatform.core.orphans import file_fields
from leerplatform.showcase.models import ClosingReport, ReportStatus
from tests import factories

pytestmark = pytest.mark.django_db

TWO_HOURS = 2 * 3600


def _age(name: str, seconds: int = TWO_HOURS) -> None:
    path = default_storage.path(name)
    then = time.time() - seconds
    os.utime(path, (then, then))


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("orphaned_files", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def stored():
    """A photo and a closing report that rows refer to, an old stray file and a young one."""
    user = factories.make_user()
    user.photo.save("me.png", ContentFile(b"png"))
    report = ClosingReport.objects.create(
        edition=factories.make_edition(), language="nl", status=ReportStatus.DONE, progress=100
    )
    report.file.save("slot.pdf", ContentFile(b"%PDF-1.4"))
    stray = default_storage.save("library/ab/stray", ContentFile(b"x" * 1234))
    young = default_storage.save("library/cd/young", ContentFile(b"y" * 10))
    for name in (user.photo.name, report.file.name, stray):
        _age(name)
    return {"photo": user.photo.name, "report": report.file.name, "stray": stray, "young": young}


def test_every_file_field_of_the_project_is_looked_at():
    labels = {f"{model._meta.label}.{field.name}" for model, field in file_fields()}
    assert {
        "accounts.User.photo",
        "library.FileVersion.file",
        "showcase.ClosingReport.file",
        "privacy.DataExport.file",
    } <= labels


def test_the_default_is_a_dry_run_listing_orphans_with_their_sizes(stored):
    output = _run()
    assert stored["stray"] in output and "1,234" in output
    assert "1 orphaned file(s), 1,234 bytes." in output
    assert "Dry run" in output
    for name in (stored["photo"], stored["report"], stored["young"]):
        assert name not in output
    assert "Left alone: 1 unreferenced file(s) younger than 60 minutes." in output
    assert all(default_storage.exists(name) for name in stored.values())


def test_delete_removes_only_the_old_orphans(stored):
    output = _run("--delete")
    assert "Removed 1." in output
    assert not default_storage.exists(stored["stray"])
    for key in ("photo", "report", "young"):
        assert default_storage.exists(stored[key])
    assert "0 orphaned file(s)" in _run()


def test_min_age_zero_takes_young_files_too(stored):
    _run("--delete", "--min-age", "0")
    assert not default_storage.exists(stored["young"])
    assert default_storage.exists(stored["photo"])


def test_a_file_stored_in_a_transaction_that_rolled_back_is_found(db):
    user = factories.make_user()
    with pytest.raises(RuntimeError), transaction.atomic():
        user.photo.save("rolled-back.png", ContentFile(b"png"))
        raise RuntimeError("the service failed after storing the file")
    user.refresh_from_db()
    assert not user.photo
    (name,) = [
        f"{root}/{file}"
        for root, _dirs, files in os.walk(default_storage.location)
        for file in files
    ]
    relative = str(Path(name).relative_to(default_storage.location))
    _age(relative)
    assert relative in _run()
    _run("--delete")
    assert not default_storage.exists(relative)


def test_a_row_that_names_a_missing_file_is_reported_and_nothing_breaks(stored):
    default_storage.delete(stored["photo"])
    err = io.StringIO()
    call_command("orphaned_files", stdout=io.StringIO(), stderr=err)
    assert stored["photo"] in err.getvalue()


def test_an_empty_storage_has_no_orphans(db):
    assert "0 orphaned file(s), 0 bytes." in _run()

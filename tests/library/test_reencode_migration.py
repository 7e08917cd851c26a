"""The data migration library 0003: images stored before issue 11 (byte for byte, with EXIF, GPS
and trailing bytes) are re-encoded, for library file versions and profile photos alike."""

from __future__ import annotations

import hashlib
import importlib
import io

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from leerplatform.accounts.models import User
from leerplatform.library.models import FileVersion
from tests import factories
from tests.images import GPS_IFD, TRAILER, camera_jpeg
from tests.library import factories_files as ff

pytestmark = pytest.mark.django_db

migration = importlib.import_module("leerplatform.library.migrations.0003_reencode_stored_images")


def _stored_as_before(content: bytes, name: str) -> str:
    """What the old code did: the uploaded bytes as they came."""
    return default_storage.save(name, ContentFile(content))


def _is_clean(content: bytes) -> bool:
    with Image.open(io.BytesIO(content)) as image:
        exif = image.getexif()
        return (
            TRAILER not in content
            and not exif.get_ifd(GPS_IFD)
            and 0x0112 not in exif
            and image.size == (20, 40)  # turned upright
        )


def test_old_library_images_and_profile_photos_are_re_encoded(edition):
    author = factories.make_member(edition, name="Anouk Auteur")
    document = ff.make_document(edition, author, uploads=[ff.upload("toolkit.pdf", ff.pdf_bytes())])
    version = document.attachments.get().current
    pdf_name, pdf_sha = version.file.name, version.sha256
    # An image version stored byte for byte, and a restored version sharing its file.
    old_name = _stored_as_before(camera_jpeg(), "library/ab/oldimage")
    image_version = FileVersion.objects.create(
        attachment=version.attachment,
        number=2,
        file=old_name,
        original_name="foto.jpg",
        size=len(camera_jpeg()),
        content_type="image/jpeg",
        sha256=hashlib.sha256(camera_jpeg()).hexdigest(),
        uploaded_by=author,
    )
    restored = FileVersion.objects.create(
        attachment=version.attachment,
        number=3,
        file=old_name,
        original_name="foto.jpg",
        size=image_version.size,
        content_type="image/jpeg",
        sha256=image_version.sha256,
        uploaded_by=author,
        restored_from=image_version,
    )
    photo_name = _stored_as_before(camera_jpeg(), "profile-photos/oldphoto.jpg")
    User.objects.filter(pk=author.pk).update(photo=photo_name)
    broken = factories.make_member(edition, name="Bart Kapot")
    User.objects.filter(pk=broken.pk).update(photo="profile-photos/missing.jpg")

    migration.forwards(apps, None)

    image_version.refresh_from_db()
    restored.refresh_from_db()
    assert image_version.file.name == restored.file.name != old_name
    assert not default_storage.exists(old_name)
    content = default_storage.open(image_version.file.name).read()
    assert _is_clean(content)
    assert image_version.size == restored.size == len(content)
    assert image_version.sha256 == hashlib.sha256(content).hexdigest()
    # Not an image: untouched.
    version.refresh_from_db()
    assert (version.file.name, version.sha256) == (pdf_name, pdf_sha)
    # The photo, under a new name; the old file is gone; a missing photo is left as it was.
    author.refresh_from_db()
    assert author.photo.name != photo_name and not default_storage.exists(photo_name)
    assert _is_clean(default_storage.open(author.photo.name).read())
    broken.refresh_from_db()
    assert broken.photo.name == "profile-photos/missing.jpg"

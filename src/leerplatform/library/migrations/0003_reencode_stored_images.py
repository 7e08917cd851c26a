"""Images stored before issue 11 are re-encoded like new uploads (no EXIF/GPS, no trailing bytes,
orientation applied): library file versions of an image type and profile photos.

Each stored file is read once, written again by Pillow under a new generated name, every version
that points at it (restored versions share their file) is updated with the new name, size and
SHA-256, and the old file is deleted after the rows are saved. A file that cannot be read or is
missing is left as it is (and counted in the migration's output): the migration never fails on one
bad file. Runs once, as every migration does; running its function again changes nothing that is
already clean in a way a person would see, but does re-save images, so it is not repeated.
"""

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations

IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
PHOTO_SIDE = 1600  # accounts.validators.MAX_PHOTO_SIDE when this was written


def _reencode(name, **options):
    from leerplatform.core import images

    with default_storage.open(name, "rb") as stored:
        return images.reencoded(stored, **options)


def library_images(apps):
    FileVersion = apps.get_model("library", "FileVersion")
    names = (
        FileVersion.objects.filter(content_type__in=IMAGE_TYPES)
        .values_list("file", flat=True)
        .distinct()
        .order_by("file")
    )
    done = skipped = 0
    for name in list(names):
        try:
            content = _reencode(name, keep_frames=True)
        except Exception:  # missing or unreadable: leave it, never fail the upgrade on one file
            skipped += 1
            continue
        new_name = default_storage.save(
            f"library/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}", ContentFile(content)
        )
        FileVersion.objects.filter(file=name).update(
            file=new_name, size=len(content), sha256=hashlib.sha256(content).hexdigest()
        )
        default_storage.delete(name)
        done += 1
    return done, skipped


def profile_photos(apps):
    User = apps.get_model("accounts", "User")
    done = skipped = 0
    for user in User.objects.exclude(photo="").exclude(photo__isnull=True).order_by("pk"):
        old = user.photo.name
        try:
            content = _reencode(old, max_side=PHOTO_SIDE)
        except Exception:  # as above
            skipped += 1
            continue
        suffix = old[old.rfind(".") :] if "." in old.rsplit("/", 1)[-1] else ""
        new_name = default_storage.save(
            f"profile-photos/{uuid.uuid4().hex}{suffix}", ContentFile(content)
        )
        User.objects.filter(pk=user.pk).update(photo=new_name)
        default_storage.delete(old)
        done += 1
    return done, skipped


def forwards(apps, schema_editor):
    for label, step in (("library images", library_images), ("profile photos", profile_photos)):
        done, skipped = step(apps)
        if done or skipped:
            print(f"\n  re-encoded {done} {label}; {skipped} could not be read and were left")


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_confidential_visibility"),
        ("accounts", "0003_load_hogescholen"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]

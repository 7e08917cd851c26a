"""Profile photos are re-encoded before they are stored: what others download carries no EXIF (no
GPS position), no bytes hidden after the image, and is turned the way the camera meant it."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from leerplatform.accounts.models import User
from tests.conftest import client_for
from tests.images import GPS_IFD, ORIENTATION, TRAILER, camera_jpeg

pytestmark = pytest.mark.django_db


def _save(user: User, content: bytes, name: str = "vakantie.jpg"):
    client = client_for(user)
    data = {"name": user.name, "photo": SimpleUploadedFile(name, content, "image/jpeg")}
    return client.post(reverse("accounts:profile"), data)


def _stored(user: User) -> bytes:
    user.refresh_from_db()
    with default_storage.open(user.photo.name) as handle:
        return handle.read()


def test_the_crafted_photo_really_has_what_we_strip():
    content = camera_jpeg()
    with Image.open(io.BytesIO(content)) as image:
        assert image.getexif()[ORIENTATION] == 6
        assert image.getexif().get_ifd(GPS_IFD)
    assert content.endswith(TRAILER)


def test_a_photo_is_stored_without_exif_gps_or_trailing_bytes_and_turned(participant):
    response = _save(participant, camera_jpeg())
    assert response.status_code == 302
    stored = _stored(participant)
    assert TRAILER not in stored
    assert b"Camera maker" not in stored
    assert stored.endswith(b"\xff\xd9")  # the JPEG ends where the image ends
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info
        # Turned: 20 wide and 40 high, red on top (the left half, turned clockwise).
        assert image.size == (20, 40)
        red, _green, blue = image.convert("RGB").getpixel((10, 5))
        assert red > 200 and blue < 60
        red, _green, blue = image.convert("RGB").getpixel((10, 35))
        assert blue > 200 and red < 60


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_png_and_webp_photos_lose_their_metadata_and_trailing_bytes_too(participant, image_format):
    image = Image.new("RGBA" if image_format == "PNG" else "RGB", (10, 10), "green")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    out = io.BytesIO()
    image.save(out, image_format, exif=exif)
    response = _save(participant, out.getvalue() + TRAILER, name="foto.bin")
    assert response.status_code == 302
    stored = _stored(participant)
    assert TRAILER not in stored
    assert b"Camera maker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == image_format
        assert not image.getexif()

"""Images in the library are written again by Pillow before they are stored: what others download
carries no EXIF (no GPS position), no ICC profile or text chunks, no bytes hidden after the image,
and is turned the way the camera meant it. Size and digest are those of the stored bytes."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageSequence, PngImagePlugin

from leerplatform.library import files
from leerplatform.library.models import FileVersion
from leerplatform.library.services import files as services_files
from tests import factories
from tests.conftest import client_for
from tests.images import GPS_IFD, ORIENTATION, TRAILER, camera_jpeg
from tests.library import factories_files as ff

pytestmark = pytest.mark.django_db


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Geheime Auteur")
    info.add_itxt("Comment", "Thuisadres Dorpsstraat 1", zip=True)
    out = io.BytesIO()
    Image.new("RGBA", (16, 16), (0, 128, 0, 200)).save(out, "PNG", pnginfo=info)
    return out.getvalue() + TRAILER


def animated_gif() -> bytes:
    frames = [Image.new("P", (10, 10), color) for color in (1, 2, 3)]
    for frame in frames:
        frame.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * (256 * 3 - 12))
    out = io.BytesIO()
    frames[0].save(
        out,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=[100, 200, 300],
        loop=0,
        comment=b"Gemaakt op Dorpsstraat 1",
    )
    return out.getvalue() + TRAILER


@pytest.fixture
def author(edition):
    return factories.make_member(edition, name="Anouk Auteur")


@pytest.fixture
def document(edition, author):
    return ff.make_document(edition, author, uploads=[ff.upload("toolkit.pdf", ff.pdf_bytes())])


def _upload_through_the_page(document, author, name: str, content: bytes) -> FileVersion:
    client = client_for(author)
    response = client.post(
        reverse("library:add_file", args=[document.pk]),
        {"file": ff.upload(name, content), "note": ""},
    )
    assert response.status_code == 302
    return FileVersion.objects.filter(attachment__document=document).latest("pk")


def _downloaded(client, version: FileVersion) -> bytes:
    response = client.get(
        reverse("library:download", args=[version.attachment_id]),
        headers={"sec-fetch-site": "same-origin"},
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _stored(version: FileVersion) -> bytes:
    with version.file.open("rb") as handle:
        return handle.read()


def test_the_crafted_files_really_have_what_we_strip():
    with Image.open(io.BytesIO(camera_jpeg())) as image:
        assert image.getexif()[ORIENTATION] == 6
        assert image.getexif().get_ifd(GPS_IFD)
    with Image.open(io.BytesIO(png_with_text())) as image:
        assert image.text["Author"] == "Geheime Auteur"
    with Image.open(io.BytesIO(animated_gif())) as image:
        assert image.n_frames == 3
        assert image.info["comment"]
    assert all(make().endswith(TRAILER) for make in (camera_jpeg, png_with_text, animated_gif))


def test_a_jpeg_is_stored_and_downloaded_without_exif_or_trailing_bytes_and_turned(
    document, author
):
    version = _upload_through_the_page(document, author, "vakantie.jpg", camera_jpeg())
    stored = _stored(version)
    downloaded = _downloaded(client_for(author), version)
    assert downloaded == stored
    assert TRAILER not in stored
    assert b"Camera maker" not in stored
    assert b"Exif" not in stored
    assert stored.endswith(b"\xff\xd9")  # the JPEG ends where the image ends
    assert version.size == len(stored)
    assert version.sha256 == hashlib.sha256(stored).hexdigest()
    assert version.content_type == "image/jpeg"
    assert version.original_name == "vakantie.jpg"
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info
        assert "icc_profile" not in image.info
        # Turned: 20 wide and 40 high, red on top (the left half, turned clockwise).
        assert image.size == (20, 40)
        red, _green, blue = image.convert("RGB").getpixel((10, 5))
        assert red > 200 and blue < 60
        red, _green, blue = image.convert("RGB").getpixel((10, 35))
        assert blue > 200 and red < 60


def test_a_png_loses_its_text_chunks_and_trailing_bytes(document, author):
    version = _upload_through_the_page(document, author, "schema.png", png_with_text())
    stored = _downloaded(client_for(author), version)
    assert TRAILER not in stored
    assert b"Geheime Auteur" not in stored
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP"):
        assert chunk not in stored
    assert stored.endswith(b"IEND\xaeB`\x82")
    assert version.size == len(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG"
        assert not image.text
        assert image.size == (16, 16)
        assert image.convert("RGBA").getpixel((3, 3)) == (0, 128, 0, 200)


def test_an_animated_gif_keeps_its_frames_and_durations_but_not_its_comment(document, author):
    version = _upload_through_the_page(document, author, "animatie.gif", animated_gif())
    stored = _stored(version)
    assert TRAILER not in stored
    assert b"Dorpsstraat" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "GIF"
        assert "comment" not in image.info
        frames = [
            (frame.convert("RGB").getpixel((5, 5)), frame.info.get("duration"))
            for frame in ImageSequence.Iterator(image)
        ]
    assert frames == [((255, 0, 0), 100), ((0, 255, 0), 200), ((0, 0, 255), 300)]


def test_a_webp_loses_its_exif(document, author):
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    out = io.BytesIO()
    Image.new("RGB", (10, 10), "green").save(out, "WEBP", exif=exif)
    version = _upload_through_the_page(document, author, "foto.webp", out.getvalue())
    stored = _stored(version)
    assert b"Camera maker" not in stored
    assert b"EXIF" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "WEBP"
        assert not image.getexif()


def test_a_new_version_of_an_image_is_written_again_too(document, author):
    attachment = services_files.add_file(
        document=document, upload=ff.upload("a.png", ff.image_bytes()), actor=author
    )
    version = services_files.upload_version(
        attachment=attachment, upload=ff.upload("b.jpg", camera_jpeg()), actor=author
    )
    stored = _stored(version)
    assert TRAILER not in stored
    assert version.sha256 == hashlib.sha256(stored).hexdigest()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (20, 40)


def test_other_files_are_stored_byte_for_byte(document, author):
    content = ff.pdf_bytes() + b"\n%trailing comment\n"
    checked = files.check_upload(ff.upload("a.pdf", content))
    assert checked.content is None
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded():
    out = io.BytesIO()
    Image.new("1", (8000, 5001)).save(out, "PNG")  # 40,008,000 pixels, a small file
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        files.check_upload(ff.upload("groot.png", out.getvalue()))
    assert caught.value.code == "too_many_pixels"
    assert "too many pixels" in caught.value.messages[0]


def test_a_damaged_image_body_is_refused_as_unreadable():
    content = camera_jpeg()
    broken = content[:200] + b"\x00" * 10  # a valid header, then nothing usable
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        files.check_upload(ff.upload("kapot.jpg", broken))
    assert caught.value.code == "bad_image"

"""Crafted images for the re-encoding tests: what a phone camera leaves in a photo."""

from __future__ import annotations

import io

from PIL import Image

TRAILER = b"SECRET-TRAILING-BYTES-after-the-image"
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def camera_jpeg() -> bytes:
    """A 40x20 JPEG, left half red, right half blue, with a GPS position, orientation 6 (turn 90°
    clockwise to show it), a camera name and bytes after the end of the image."""
    image = Image.new("RGB", (40, 20), "blue")
    image.paste((255, 0, 0), (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "Camera maker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (4.0, 53.0, 0.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue() + TRAILER

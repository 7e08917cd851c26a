"""Checks for uploaded images: size, real type (by content, not by name) and dimensions; and
`reencoded_profile_photo`, which stores only the picture: a photo others may download is decoded
and encoded again by Pillow (`core.images`, shared with the library), so no EXIF (GPS position,
camera), no other metadata and no bytes after the image survive, and the camera's orientation is
applied to the pixels.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from leerplatform.core import images

ALLOWED_IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
MAX_IMAGE_PIXELS = images.MAX_IMAGE_PIXELS
# A stored photo is never larger than this on its longest side (a profile shows it small).
MAX_PHOTO_SIDE = 1600


def validate_profile_photo(upload) -> str:
    """Raise ValidationError unless `upload` is a JPEG, PNG or WebP image within the size limit.

    Returns the extension that matches the image's real format.
    """
    limit = settings.PROFILE_PHOTO_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The photo is %(size)s; the maximum is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG or WebP photo."),
            code="invalid_image",
        ) from None
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("Photos must be JPEG, PNG or WebP."),
            code="invalid_type",
        )
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(_("The photo has too many pixels."), code="too_many_pixels")
    return ALLOWED_IMAGE_FORMATS[image_format]


def reencoded_profile_photo(upload) -> ContentFile:
    """A checked (`validate_profile_photo`) upload decoded and written again, turned upright,
    scaled down to MAX_PHOTO_SIDE, as a new file named `photo.<its real extension>`."""
    extension = validate_profile_photo(upload)
    try:
        content = images.reencoded(upload, max_side=MAX_PHOTO_SIDE)
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG or WebP photo."),
            code="invalid_image",
        ) from None
    return ContentFile(content, name=f"photo{extension}")

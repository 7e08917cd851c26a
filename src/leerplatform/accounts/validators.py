"""Checks for uploaded images: size, real type (by content, not by name) and dimensions."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
MAX_IMAGE_PIXELS = 40_000_000


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

"""Images others download are only the picture: `reencoded(upload)` decodes an image with Pillow and
writes it again in the same format, so no EXIF (GPS position, camera), XMP, ICC profile, text
chunks, comments or bytes after the image survive, and the camera's orientation is applied to the
pixels (`ImageOps.exif_transpose`). Used for profile photos (`accounts.validators`) and for images
in the library (`library.files`).

Callers check the format and the pixel count first (`pixel_count`); the work is then small enough
to do inside the upload request. Animated GIF, WebP and PNG keep their frames, durations and loop
when `keep_frames` is set (the library); a profile photo keeps its first frame only.
ICC profiles are dropped, not converted: a wide-gamut photo may look slightly less saturated.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps

# At most this many pixels (over all frames, for the library) are decoded to write an image again.
MAX_IMAGE_PIXELS = 40_000_000
ORIENTATION = 0x0112
# EXIF orientation -> the transposition that shows the picture upright (as ImageOps does).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def frame_count(image: Image.Image) -> int:
    return max(1, int(getattr(image, "n_frames", 1) or 1))


def pixel_count(image: Image.Image, *, all_frames: bool = False) -> int:
    """The pixels Pillow will hold to re-encode `image` (every frame when `all_frames`)."""
    width, height = image.size
    return width * height * (frame_count(image) if all_frames else 1)


def _bare(image: Image.Image, mode: str) -> Image.Image:
    """`image` in `mode` with nothing but pixels: Pillow's savers read some metadata (ICC
    profile, comments, transparency) from `info`, so it is emptied."""
    clean = image.convert(mode)
    if clean is image:
        clean = image.copy()
    clean.info = {}
    return clean


def _mode_for(image: Image.Image, image_format: str) -> str:
    has_alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    if image_format == "JPEG":
        return "L" if image.mode in ("1", "L") else "RGB"
    if image_format == "PNG" and not has_alpha:
        return image.mode if image.mode in ("1", "L", "I;16", "RGB") else "RGB"
    if image_format == "PNG" and image.mode == "LA":
        return "LA"
    return "RGBA" if has_alpha else "RGB"  # GIF (quantised again on save) and WebP


def encoded(image: Image.Image, image_format: str) -> bytes:
    """One frame written in `image_format` (JPEG, PNG, GIF or WEBP) with pixels only."""
    out = io.BytesIO()
    clean = _bare(image, _mode_for(image, image_format))
    if image_format == "JPEG":
        clean.save(out, "JPEG", quality=90, optimize=True)
    elif image_format == "PNG":
        clean.save(out, "PNG", optimize=True)
    elif image_format == "GIF":
        clean.save(out, "GIF", optimize=True)
    else:
        clean.save(out, "WEBP", quality=90)
    return out.getvalue()


def _encoded_frames(image: Image.Image, image_format: str) -> bytes:
    """Every frame, turned upright, with its duration; the loop count is kept."""
    turn = _UPRIGHT.get(image.getexif().get(ORIENTATION, 1))
    loop = image.info.get("loop", 0)
    frames, durations = [], []
    for number in range(frame_count(image)):
        image.seek(number)
        # Pillow hands out GIF/WebP/APNG frames already composed on the ones before them.
        frame = image.convert("RGBA")
        if turn is not None:
            frame = frame.transpose(turn)
        frame.info = {}
        frames.append(frame)
        durations.append(int(image.info.get("duration", 100) or 100))
    out = io.BytesIO()
    first, rest = frames[0], frames[1:]
    options = {"save_all": True, "append_images": rest, "duration": durations, "loop": loop}
    if image_format == "GIF":
        # Each frame is whole (composed), so the one before it is cleared, keeping transparency.
        first.save(out, "GIF", disposal=2, optimize=False, **options)
    elif image_format == "PNG":
        first.save(out, "PNG", disposal=1, **options)
    else:
        first.save(out, "WEBP", quality=90, **options)
    return out.getvalue()


def reencoded(upload, *, max_side: int | None = None, keep_frames: bool = False) -> bytes:
    """The image in `upload` (a file object) written again by Pillow in its own format.

    Raises what Pillow raises for an image it cannot read (OSError, ValueError, SyntaxError,
    Image.DecompressionBombError); callers turn that into a ValidationError.
    """
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            if image_format is None:  # an opened file always has one; never guess
                raise ValueError("The image's format is unknown.")
            if keep_frames and frame_count(image) > 1 and image_format in ("GIF", "WEBP", "PNG"):
                return _encoded_frames(image, image_format)
            image.seek(0)  # the first frame of an animated image
            upright = ImageOps.exif_transpose(image)
            if max_side:
                upright.thumbnail((max_side, max_side))
            return encoded(upright, image_format)
    finally:
        upload.seek(0)

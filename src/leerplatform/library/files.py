"""Checking uploads and storing them.

`check_upload(upload)` says whether an uploaded file may enter the library: its size, its type
read from the CONTENT (a program renamed `.pdf` is refused; so is a PDF named `.docx`), and a safe
display name. It raises ValidationError with a translated message, or returns what it found; the
type found is the type we serve. An image (PNG, JPEG, GIF, WebP) is never stored as uploaded:
`check_upload` has Pillow write it again (`core.images`: turned upright, no EXIF/GPS, ICC profile,
text chunks or trailing bytes; animations keep their frames) and the result carries those bytes,
with their size and digest. The pixel count is limited, so this is quick enough for the request. `storing()` is a context manager for services: files saved inside
it are deleted from the storage again when the block fails, so a failed upload leaves no orphan.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import unicodedata
import zipfile
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from leerplatform.core import images

logger = logging.getLogger(__name__)

MB = 1024 * 1024
MAX_NAME = 150
# Enough to recognise every signature we know; text is checked over the whole file.
HEAD = 8192


@dataclass(frozen=True)
class FileType:
    key: str
    content_type: str
    extensions: tuple[str, ...]  # the first one is added to a name that has none
    label: object  # a lazy translated label: "PDF", "Word document", ...
    extractable: bool = False


_TYPES = [
    FileType("pdf", "application/pdf", (".pdf",), gettext_lazy("PDF"), extractable=True),
    FileType("png", "image/png", (".png",), gettext_lazy("Image (PNG)")),
    FileType("jpeg", "image/jpeg", (".jpg", ".jpeg", ".jfif"), gettext_lazy("Image (JPEG)")),
    FileType("gif", "image/gif", (".gif",), gettext_lazy("Image (GIF)")),
    FileType("webp", "image/webp", (".webp",), gettext_lazy("Image (WebP)")),
    FileType(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
        gettext_lazy("Word document"),
        extractable=True,
    ),
    FileType(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (".xlsx",),
        gettext_lazy("Excel spreadsheet"),
    ),
    FileType(
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (".pptx",),
        gettext_lazy("PowerPoint presentation"),
    ),
    FileType(
        "odt",
        "application/vnd.oasis.opendocument.text",
        (".odt",),
        gettext_lazy("OpenDocument text"),
    ),
    FileType(
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        (".ods",),
        gettext_lazy("OpenDocument spreadsheet"),
    ),
    FileType(
        "odp",
        "application/vnd.oasis.opendocument.presentation",
        (".odp",),
        gettext_lazy("OpenDocument presentation"),
    ),
    FileType("doc", "application/msword", (".doc",), gettext_lazy("Word document (old format)")),
    FileType(
        "xls", "application/vnd.ms-excel", (".xls",), gettext_lazy("Excel spreadsheet (old format)")
    ),
    FileType(
        "ppt",
        "application/vnd.ms-powerpoint",
        (".ppt",),
        gettext_lazy("PowerPoint presentation (old format)"),
    ),
    FileType("text", "text/plain; charset=utf-8", (".txt", ".text"), gettext_lazy("Text"), True),
    FileType("markdown", "text/markdown; charset=utf-8", (".md", ".markdown"), "Markdown", True),
    FileType("csv", "text/csv; charset=utf-8", (".csv",), "CSV", True),
]
TYPES = {t.key: t for t in _TYPES}
_BY_CONTENT_TYPE = {t.content_type: t for t in _TYPES}
# Text in the Windows code page is served as such, so that a browser shows its accents right.
CP1252 = "; charset=windows-1252"

# For the file chooser only (a hint to the browser); the server decides by content.
ACCEPT = ",".join(ext for t in _TYPES for ext in t.extensions)

_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PROGRAMS = (
    b"MZ",  # Windows .exe/.dll
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # Mach-O (macOS), 32 and 64 bits, both byte orders
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary / Java class
)


def limit_in_mb() -> str:
    """The upload limit as people read it: "25", "0,5" (in the language in use)."""
    value = round(settings.LIBRARY_MAX_UPLOAD_BYTES / MB, 1)
    return str(int(value)) if value == int(value) else number_format(value, decimal_pos=1)


def type_label(content_type: str) -> str:
    """What a person calls a file of this stored type: "PDF", "Word document", ..."""
    known = _BY_CONTENT_TYPE.get(content_type.replace(CP1252, "; charset=utf-8"))
    return str(known.label) if known else content_type


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # a safe display name
    content_type: str
    size: int
    sha256: str
    extractable: bool  # PDF, DOCX or plain text: a background task reads its text for search
    # What to store instead of the upload: an image written again by Pillow (None: the upload).
    content: bytes | None = None


# --- The display name --------------------------------------------------------------------------

# Bidirectional controls let "gpj.exe" read as "exe.jpg"; they go, with every control character.
_BIDI = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C], None
)


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or not ext or len(ext) > 10 or not ext.isalnum():
        return ""
    return "." + ext


def safe_name(name: str, *, default_extension: str = "") -> str:
    """The name an upload is shown and downloaded as: no folders, no control characters, at most
    150 characters with its extension kept, never empty."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]  # both kinds of path separators: "..\\evil.txt"
    name = " ".join(name.split())  # tabs and newlines become spaces
    name = "".join(c for c in name.translate(_BIDI) if unicodedata.category(c) != "Cc")
    # No hidden or Windows-troublesome names: ".htaccess", "name. ", "..".
    name = name.strip(" .")
    extension = _extension(name)
    if not extension and default_extension:
        extension = default_extension
        name = f"{name}{extension}" if name else ""
    stem = name[: -len(extension)] if extension and name.endswith(extension) else name
    stem = stem.strip(" .")
    if not stem:
        stem = _("file")
    stem = stem[: MAX_NAME - len(extension)].rstrip(" .\u200d")
    return stem + extension


# --- The type, by content ----------------------------------------------------------------------


def _not_accepted() -> ValidationError:
    return ValidationError(
        _(
            "The library does not accept this kind of file. Upload a PDF, an office document "
            "(Word, Excel, PowerPoint or OpenDocument), an image (PNG, JPEG, GIF or WebP), a text, "
            "Markdown or CSV file."
        ),
        code="type_not_accepted",
    )


def _read_head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    return head


def _image_type(upload, expected: str) -> FileType:
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            found = (image.format or "").lower()
            pixels = images.pixel_count(image, all_frames=True)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This image is damaged or not an image we can read."), code="bad_image"
        ) from None
    finally:
        upload.seek(0)
    if found != expected:
        raise _not_accepted()
    if pixels > images.MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "This image has too many pixels (%(pixels)s million; at most %(limit)s million). "
                "Make it smaller and upload it again."
            )
            % {
                "pixels": number_format(round(pixels / 1_000_000, 1), decimal_pos=1),
                "limit": images.MAX_IMAGE_PIXELS // 1_000_000,
            },
            code="too_many_pixels",
        )
    return TYPES[expected]


_IMAGES = {"png", "jpeg", "gif", "webp"}


def _reencoded_image(upload) -> bytes:
    """The image written again by Pillow in its own format (see the module's docstring)."""
    try:
        return images.reencoded(upload, keep_frames=True)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This image is damaged or not an image we can read."), code="bad_image"
        ) from None


def _zip_type(upload) -> FileType:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                mimetype = archive.read("mimetype").strip() if info.file_size < 200 else b""
            else:
                mimetype = b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise _not_accepted() from None
    finally:
        upload.seek(0)
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ValidationError(
            _(
                "This office document contains macros (small programs), which the library does not "
                "accept. Save it without macros, for example as .docx, .xlsx or .pptx."
            ),
            code="macros",
        )
    if "[Content_Types].xml" in names:
        for folder, key in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
            if any(n.startswith(folder) for n in names):
                return TYPES[key]
    if mimetype in _ODF_MIMETYPES:
        return TYPES[_ODF_MIMETYPES[mimetype]]
    raise _not_accepted()


def _text_encoding(upload) -> str | None:
    """ "utf-8" or "cp1252" when the whole file reads as text in it, otherwise None."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        upload.seek(0)
        try:
            for chunk in upload.chunks():
                if b"\x00" in chunk:
                    return None
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        finally:
            upload.seek(0)
        return "utf-8" if encoding == "utf-8-sig" else "cp1252"
    return None


def _text_type(extension: str) -> FileType:
    for key in ("markdown", "csv", "text"):
        if extension in TYPES[key].extensions:
            return TYPES[key]
    return TYPES["text"]


def _detect(upload, head: bytes, extension: str) -> tuple[FileType, str]:
    """The type of the upload by its content, and the content type to serve it with."""
    if head.startswith(b"%PDF-"):
        return TYPES["pdf"], TYPES["pdf"].content_type
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = _image_type(upload, "png")
    elif head.startswith(b"\xff\xd8\xff"):
        kind = _image_type(upload, "jpeg")
    elif head.startswith((b"GIF87a", b"GIF89a")):
        kind = _image_type(upload, "gif")
    elif head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        kind = _image_type(upload, "webp")
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_type(upload)
    elif head.startswith(_OLE2):
        # The old binary Office formats share one container; which one it is, the name says.
        legacy = {".doc": "doc", ".xls": "xls", ".ppt": "ppt"}
        if extension not in legacy:
            raise ValidationError(
                _(
                    "This is an old-style Office file; its name must end in .doc, .xls or .ppt "
                    "to match."
                ),
                code="wrong_extension",
            )
        kind = TYPES[legacy[extension]]
    elif head.startswith(_PROGRAMS):
        raise ValidationError(
            _("This file is a program, not a document. Programs cannot be uploaded."),
            code="program",
        )
    else:
        encoding = _text_encoding(upload)
        if encoding is None:
            raise _not_accepted()
        kind = _text_type(extension)
        if encoding == "cp1252":
            return kind, kind.content_type.replace("; charset=utf-8", CP1252)
    return kind, kind.content_type


def check_upload(upload) -> CheckedUpload:
    """What the library needs to know about `upload`, or a ValidationError saying why not."""
    if not upload.size:
        raise ValidationError(_("This file is empty."), code="empty")
    limit = settings.LIBRARY_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; files may be at most %(limit)s MB.")
            % {"size": filesizeformat(upload.size), "limit": limit_in_mb()},
            code="too_large",
        )
    extension = _extension(safe_name(upload.name)).lower()
    kind, content_type = _detect(upload, _read_head(upload), extension)
    if extension and extension not in kind.extensions:
        raise ValidationError(
            _(
                "By its content this file is of the type %(type)s, but its name ends in "
                "%(extension)s. Give it the right extension (%(expected)s), or choose the file "
                "you meant."
            )
            % {
                "type": kind.label,
                "extension": extension,
                "expected": " ".join(kind.extensions),
            },
            code="wrong_extension",
        )
    content = _reencoded_image(upload) if kind.key in _IMAGES else None
    if content is not None:
        digest, size = hashlib.sha256(content), len(content)
    else:
        digest, size = hashlib.sha256(), upload.size
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
    return CheckedUpload(
        name=safe_name(upload.name, default_extension=kind.extensions[0]),
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        extractable=kind.extractable,
        content=content,
    )


# --- Storing -----------------------------------------------------------------------------------


class StoredFiles(list):
    """The storage names saved inside a `storing()` block."""


_current: ContextVar[StoredFiles | None] = ContextVar("library_stored_files", default=None)


@contextmanager
def storing():
    """Nested blocks share the outermost list: a failure anywhere removes every file saved.

    Keep the block inside the service's transaction (services are `@transaction.atomic` and open
    `storing()` within), so that whatever rolls the rows back also passes through here."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    stored = StoredFiles()
    token = _current.set(stored)
    try:
        yield stored
    except BaseException:
        for name in stored:
            try:
                default_storage.delete(name)
            except Exception:  # Never hide the failure that brought us here.
                logger.exception("Could not remove %s after a failed upload", name)
        raise
    finally:
        _current.reset(token)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files in one field (Django's documented recipe); each one is checked."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        errors: list[ValidationError] = []
        for upload in files:
            try:
                upload.checked = check_upload(upload)
            except ValidationError as error:
                errors.extend(
                    ValidationError(f"{safe_name(upload.name)[:80]}: {m}", code=error.code)
                    for m in error.messages
                )
        if errors:
            raise ValidationError(errors)
        return files

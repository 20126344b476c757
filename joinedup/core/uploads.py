"""Upload checks: a file's type and size are decided by its content, never by its name
or by the content type the browser sent, and stored files are only ever served as
attachments. See docs/adr/0007-uploads.md.

    checked = check_upload(uploaded, allowed={"csv", "xlsx"})
    stored = store_upload(uploaded, allowed={"pdf", "docx"}, partnership_id=..., uploaded_by=user)
    return attachment_response(stored)
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django import forms
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.http import FileResponse, Http404

from joinedup.core.models import StoredFile

# Kinds we accept anywhere, with the content type they are served as and how users name them.
KINDS: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", "PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint (PPTX)",
    ),
    "odt": ("application/vnd.oasis.opendocument.text", "OpenDocument text (ODT)"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet (ODS)"),
    "csv": ("text/csv", "CSV"),
    "txt": ("text/plain", "plain text"),
    "png": ("image/png", "PNG"),
    "jpg": ("image/jpeg", "JPEG"),
}

# What browsers treat as HTML when they sniff the start of a file (WHATWG MIME sniffing),
# plus SVG and XML, which can carry script too.
_HTML_START = re.compile(
    rb"^\s*<(!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p"
    rb"|!--|\?xml|svg)[\s>/]",
    re.IGNORECASE,
)
_HTML_ANYWHERE = re.compile(rb"<(script|html|iframe|svg)[\s>/]", re.IGNORECASE)
_HEAD_BYTES = 64 * 1024
# A zip that expands to more than this many times its own size is treated as a zip bomb.
_MAX_ZIP_RATIO = 200


class UploadRejected(Exception):
    """The file may not be accepted; `message` is written for the person who chose it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    content_type: str
    size: int
    sha256: str
    encoding: str = ""  # for text files: which encoding decoded it


def max_upload_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 100 * 1024 * 1024))


def describe_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def describe_kinds(kinds: Iterable[str]) -> str:
    names = [label for kind, (_type, label) in KINDS.items() if kind in set(kinds)]
    # "an Excel (XLSX) or CSV file", in the order KINDS lists them (most common first).
    article = "an" if names and names[0][0] in "AEIOU" else "a"
    if len(names) == 1:
        return f"{article} {names[0]}"
    return f"{article} " + ", ".join(names[:-1]) + " or " + names[-1]


def _open(source: File | IO[bytes] | bytes) -> IO[bytes]:
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(source)
    return source


def _size_of(stream: IO[bytes]) -> int:
    size = getattr(stream, "size", None)
    if isinstance(size, int):
        return size
    position = stream.tell()
    stream.seek(0, io.SEEK_END)
    end = stream.tell()
    stream.seek(position)
    return end


def _digest(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text the way spreadsheet users save it: UTF-8 (with or without a byte-order
    mark), else Windows-1252. Returns (text, encoding label). Raises UnicodeDecodeError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252"), "Windows-1252"
    return text, ("UTF-8 with byte-order mark" if data.startswith(b"\xef\xbb\xbf") else "UTF-8")


def _zip_kind(stream: IO[bytes], size: int) -> str:
    """Tell Office Open XML and OpenDocument files apart by their members, not their name."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            expanded = sum(info.file_size for info in archive.infolist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise UploadRejected("The selected file is damaged or is not a document we can read") from exc
    finally:
        stream.seek(0)
    if expanded > max(size, 1) * _MAX_ZIP_RATIO:
        raise UploadRejected("The selected file is damaged or is not a document we can read")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UploadRejected("The selected file contains macros. Save it without macros and try again")
    if "[Content_Types].xml" in names:
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
        if "ppt/presentation.xml" in names:
            return "pptx"
    if mimetype == b"application/vnd.oasis.opendocument.text":
        return "odt"
    if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
        return "ods"
    raise UploadRejected("The selected file is a zip archive, not a document we can read")


def _sniff(stream: IO[bytes], size: int, allowed: set[str]) -> tuple[str, str]:
    head = stream.read(_HEAD_BYTES)
    stream.seek(0)
    guess = filetype.guess(head)
    if guess is not None:
        if guess.extension in {"zip", "docx", "xlsx", "pptx", "odt", "ods"}:
            return _zip_kind(stream, size), ""
        kind = {"jpeg": "jpg"}.get(guess.extension, guess.extension)
        if kind not in KINDS:
            raise UploadRejected(f"The selected file must be {describe_kinds(allowed)}")
        return kind, ""
    # No magic number: it can only be acceptable as text.
    if b"\x00" in head:
        raise UploadRejected(f"The selected file must be {describe_kinds(allowed)}")
    if _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")) or _HTML_ANYWHERE.search(head):
        raise UploadRejected("The selected file is a web page, not a document or spreadsheet")
    data = stream.read()
    stream.seek(0)
    if b"\x00" in data:
        raise UploadRejected(f"The selected file must be {describe_kinds(allowed)}")
    try:
        _, encoding = decode_text(data)
    except UnicodeDecodeError as exc:
        raise UploadRejected("The selected file must be saved as UTF-8 or Windows-1252 text") from exc
    return ("csv" if "csv" in allowed or "txt" not in allowed else "txt"), encoding


def check_upload(
    source: File | IO[bytes] | bytes, *, allowed: Iterable[str], max_bytes: int | None = None
) -> CheckedUpload:
    """Decide what a file really is and whether it may be accepted.

    Raises UploadRejected with a GOV.UK-style message. The stream is left at its start.
    """
    allowed_kinds = set(allowed)
    unknown = allowed_kinds - set(KINDS)
    if unknown:
        raise ValueError(f"Unknown upload kinds: {sorted(unknown)}")
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    stream = _open(source)
    stream.seek(0)
    size = _size_of(stream)
    if size == 0:
        raise UploadRejected("The selected file is empty")
    if size > limit:
        raise UploadRejected(f"The selected file must be smaller than {describe_size(limit)}")
    kind, encoding = _sniff(stream, size, allowed_kinds)
    if kind not in allowed_kinds:
        raise UploadRejected(f"The selected file must be {describe_kinds(allowed_kinds)}")
    content_type = KINDS[kind][0]
    if encoding:
        content_type += "; charset=" + ("windows-1252" if encoding == "Windows-1252" else "utf-8")
    return CheckedUpload(
        kind=kind, content_type=content_type, size=size, sha256=_digest(stream), encoding=encoding
    )


def safe_file_name(name: str, kind: str) -> str:
    """The name to store and serve: no path, printable, and ending in the real kind's extension."""
    base = PurePath(name.replace("\\", "/")).name or "file"
    base = re.sub(r"[^\w.\- ()]+", "_", base).strip(" .") or "file"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    extension = "jpg" if kind == "jpg" else kind
    return f"{stem[:200]}.{extension}"


def store_upload(
    source: File | IO[bytes] | bytes,
    *,
    allowed: Iterable[str],
    partnership_id: int | None,
    uploaded_by=None,
    original_name: str | None = None,
    max_bytes: int | None = None,
) -> StoredFile:
    """Check a file by content and keep it. Raises UploadRejected."""
    checked = check_upload(source, allowed=allowed, max_bytes=max_bytes)
    stream = _open(source)
    name = original_name or getattr(source, "name", None) or f"upload.{checked.kind}"
    stored = StoredFile(
        original_name=safe_file_name(str(name), checked.kind),
        content_type=checked.content_type,
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
        partnership_id=partnership_id,
        uploaded_by=uploaded_by,
    )
    stream.seek(0)
    content = source if isinstance(source, File) else ContentFile(stream.read())
    with transaction.atomic():
        stored.file.save(stored.original_name, content, save=False)
        stored.save()
    return stored


def attachment_response(stored_file: StoredFile) -> FileResponse:
    """Serve a stored file for download only: never inline, never as HTML, never sniffed.

    The caller must already have checked the reader's access to whatever owns the file.
    """
    name = stored_file.file.name
    if not name or not stored_file.file.storage.exists(name):
        raise Http404("The file is no longer available")
    content_type = stored_file.content_type or "application/octet-stream"
    if "html" in content_type.lower() or "xml" in content_type.lower() or "svg" in content_type:
        content_type = "application/octet-stream"
    response = FileResponse(
        stored_file.file.open("rb"),
        as_attachment=True,
        filename=safe_file_name(stored_file.original_name, stored_file.kind or "bin"),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


class UploadField(forms.FileField):
    """A file field that checks the file by content (see `check_upload`).

    After cleaning, `field.checked[name]`-style access is not needed: the cleaned value
    carries the result as `uploaded.checked` (a CheckedUpload).
    """

    def __init__(self, *, allowed: Iterable[str], max_bytes: int | None = None, **kwargs):
        self.allowed = set(allowed)
        self.max_bytes = max_bytes
        kwargs.setdefault("error_messages", {}).setdefault("required", "Select a file")
        kwargs["error_messages"].setdefault("empty", "The selected file is empty")
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded:
            try:
                uploaded.checked = check_upload(uploaded, allowed=self.allowed, max_bytes=self.max_bytes)
            except UploadRejected as exc:
                raise forms.ValidationError(exc.message, code="rejected") from exc
        return uploaded

"""Checking evidence uploads: allowed types by content (not only by name), size, and a safe stored name."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_OOXML_MARKER = {".xlsx": "xl/", ".docx": "word/"}


@dataclass
class CheckedFile:
    safe_name: str
    content_type: str
    size: int


def safe_filename(name: str) -> str:
    """The base name only (no directories, no ``..``), ASCII letters, digits, dot, dash and underscore."""
    base = PurePath(str(name).replace("\\", "/")).name
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "file"
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    return (stem[:100] or "file") + (f".{ext.lower()[:10]}" if ext else "")


def _detect(head: bytes, uploaded_file, ext: str) -> str | None:
    kind = filetype.guess(head)
    if ext in (".xlsx", ".docx"):
        # Office files are ZIP containers: check for the part that makes them a workbook or a document.
        if not head.startswith(b"PK"):
            return None
        try:
            uploaded_file.seek(0)
            with zipfile.ZipFile(uploaded_file) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            uploaded_file.seek(0)
        if "[Content_Types].xml" in names and any(n.startswith(_OOXML_MARKER[ext]) for n in names):
            return ALLOWED[ext]
        return None
    return kind.mime if kind else None


def validate_evidence_file(uploaded_file) -> CheckedFile:
    """Raise ValidationError with a clear message unless the file is an allowed type, by content, within size."""
    if uploaded_file is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    size = uploaded_file.size or 0
    limit = settings.EVIDENCE_MAX_BYTES
    if size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(size / 1024 / 1024, 1), "limit": round(limit / 1024 / 1024, 1)}
            }
        )
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    name = safe_filename(uploaded_file.name or "")
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError({"file": _("Only PDF, JPG, PNG, XLSX and DOCX files are accepted.")})
    uploaded_file.seek(0)
    head = uploaded_file.read(2048)
    uploaded_file.seek(0)
    detected = _detect(head, uploaded_file, ext)
    if detected != ALLOWED[ext]:
        raise ValidationError({"file": _("The file's content is not a %(ext)s file.") % {"ext": ext[1:].upper()}})
    return CheckedFile(safe_name=name, content_type=detected, size=size)

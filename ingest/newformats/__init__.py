"""Readers for e-mails, spreadsheets, slide decks and OpenDocument files (scratch package, to be moved
into ingest/readers/ once it exists)."""
from __future__ import annotations

import io
import zipfile

from ingest.blocks import ReadResult
from ingest.readers import Limits, read_bytes

from . import eml, msg, odf, sheet, slides

READERS = {
    "eml": eml.read,
    "msg": msg.read,
    "xlsx": sheet.read_xlsx,
    "ods": sheet.read_ods,
    "csv": sheet.read_csv,
    "pptx": slides.read_pptx,
    "odp": slides.read_odp,
    "odt": odf.read,
}


def refine(data: bytes, kind: str) -> str:
    """The kind once the new formats are known: an OpenDocument zip by its mimetype, e-mail and CSV
    among what looked like text."""
    if kind in ("odt", "opendocument-other"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return odf.odf_kind(zf) or kind
        except (zipfile.BadZipFile, OSError, ValueError):
            return kind
    if kind == "zip":  # a damaged zip: its local headers still name the parts
        return damaged_zip_kind(data) or kind
    if kind in ("txt", "md", "html") and eml.looks_like_email(data):  # an HTML body must not hide the headers
        return "eml"
    if kind in ("txt", "md"):
        if sheet.looks_like_csv(data):
            return "csv"
    return kind


def damaged_zip_kind(data: bytes) -> str:
    """xlsx, pptx, ods, odp or '' from the raw local file headers of a zip that does not open."""
    head = data[:4_000_000]
    for marker, kind in ((b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet", "ods"),
                         (b"mimetypeapplication/vnd.oasis.opendocument.presentation", "odp"),
                         (b"mimetypeapplication/vnd.oasis.opendocument.text", "odt"),
                         (b"xl/workbook.xml", "xlsx"), (b"xl/worksheets/", "xlsx"),
                         (b"ppt/presentation.xml", "pptx"), (b"ppt/slides/", "pptx")):
        if marker in head:
            return kind
    return ""


def read(data: bytes, name: str = "", limits: Limits | None = None) -> ReadResult:
    """Until the reader package routes them: read_bytes, with the new formats read here."""
    from ingest.readers import _sniff

    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        return read_bytes(data, name, limits=limits)  # its "file too large"
    kind = refine(data, _sniff(data, name))
    if kind in READERS:
        return READERS[kind](data, name, limits)
    return read_bytes(data, name, limits=limits)

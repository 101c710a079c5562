"""The table from a detected format to its reader, and what is said about formats that have none.

Every reader has the same contract, ``read(data: bytes, name: str, limits: Limits) -> ReadResult``,
and raises ``ReadError`` with a reason a person can act on. ``read_bytes`` looks the detected format
up in ``READERS``; a format that is not there is refused with ``unsupported_reason``.
"""
from __future__ import annotations

from collections.abc import Callable

from ..blocks import ReadResult
from . import docx, eml, html, md, msg, odf, pdf, sheet, slides, txt
from .convert import read_doc, read_rtf
from .limits import Limits

Reader = Callable[[bytes, str, Limits], ReadResult]


FORMAT_LABEL = {
    "pdf": "PDF", "docx": "DOCX", "doc": "legacy Word .doc", "odt": "OpenDocument text (.odt)",
    "html": "HTML", "md": "Markdown", "txt": "text", "eml": "e-mail (.eml)", "msg": "Outlook message (.msg)",
    "xlsx": "XLSX", "ods": "OpenDocument spreadsheet (.ods)", "csv": "CSV", "pptx": "PPTX",
    "odp": "OpenDocument presentation (.odp)",
}


def unsupported_reason(kind: str) -> str:
    return {
        "xls": "old Excel spreadsheet (.xls): not a supported document type; save it as PDF to include it",
        "ppt": "old PowerPoint presentation (.ppt): not a supported document type; save it as PDF to include it",
        "encrypted-office": "encrypted Word/Office document: needs a password; save an unprotected copy",
        "opendocument-other": "OpenDocument file that is not a text, spreadsheet or presentation (a drawing, a "
        "formula, a template): not supported; save it as PDF",
        "zip": "zip archive: not a document; extract the files it contains and add them one by one",
        "archive": "compressed archive: not a document; extract the files it contains and add them one by one",
        "image": "image file: not a document with text; scan to a PDF or add the original document instead",
        "postscript": "PostScript file: not supported; convert it to PDF",
        "media": "audio/video file: not a document",
        "xml": "XML data file: not a document type that can be read; save it as PDF or DOCX instead",
        "binary": "not a text document: the file holds binary data",
    }.get(kind, "unknown file type: not a PDF, Word, OpenDocument, HTML, Markdown, text, e-mail, spreadsheet or "
             "slide document")


READERS: dict[str, Reader] = {
    "pdf": pdf.read,
    "docx": docx.read,
    "doc": read_doc,
    "odt": odf.read,
    "rtf": read_rtf,
    "html": html.read,
    "md": md.read,
    "txt": txt.read,
    "eml": eml.read,
    "msg": msg.read,
    "xlsx": sheet.read_xlsx,
    "ods": sheet.read_ods,
    "csv": sheet.read_csv,
    "pptx": slides.read_pptx,
    "odp": slides.read_odp,
}

"""The table from a detected format to its reader, and what is said about formats that have none.

Every reader has the same contract, ``read(data: bytes, name: str, limits: Limits) -> ReadResult``,
and raises ``ReadError`` with a reason a person can act on. ``read_bytes`` looks the detected format
up in ``READERS``; a format that is not there is refused with ``unsupported_reason``.
"""
from __future__ import annotations

from collections.abc import Callable

from ..blocks import ReadResult
from . import docx, html, md, pdf, txt
from .convert import read_doc, read_odt, read_rtf
from .limits import Limits

Reader = Callable[[bytes, str, Limits], ReadResult]


FORMAT_LABEL = {
    "pdf": "PDF", "docx": "DOCX", "doc": "legacy Word .doc", "odt": "OpenDocument text (.odt)",
    "html": "HTML", "md": "Markdown", "txt": "text",
}


def unsupported_reason(kind: str) -> str:
    return {
        "xlsx": "Excel spreadsheet (.xlsx): not a supported document type; save it as PDF to include it",
        "xls": "old Excel spreadsheet (.xls): not a supported document type; save it as PDF to include it",
        "pptx": "PowerPoint presentation (.pptx): not a supported document type; save it as PDF to include it",
        "ppt": "old PowerPoint presentation (.ppt): not a supported document type; save it as PDF to include it",
        "msg": "Outlook message (.msg): not a supported document type; save the attachment or the text instead",
        "encrypted-office": "encrypted Word/Office document: needs a password; save an unprotected copy",
        "opendocument-other": "OpenDocument file that is not a text document (spreadsheet or presentation): "
        "not supported; save it as PDF",
        "zip": "zip archive: not a document; extract the files it contains and add them one by one",
        "archive": "compressed archive: not a document; extract the files it contains and add them one by one",
        "image": "image file: not a document with text; scan to a PDF or add the original document instead",
        "postscript": "PostScript file: not supported; convert it to PDF",
        "media": "audio/video file: not a document",
        "xml": "XML data file: not a document type that can be read; save it as PDF or DOCX instead",
        "binary": "not a text document: the file holds binary data",
    }.get(kind, "unknown file type: not a PDF, Word, HTML, Markdown or text document")


READERS: dict[str, Reader] = {
    "pdf": pdf.read,
    "docx": docx.read,
    "doc": read_doc,
    "odt": read_odt,
    "rtf": read_rtf,
    "html": html.read,
    "md": md.read,
    "txt": txt.read,
}

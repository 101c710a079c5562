"""Readers: pure functions from the bytes of one file to text blocks.

Public API
----------
- ``read_bytes(data, name="", *, limits=None) -> ReadResult``: detect the format from the
  content (magic bytes, never the extension) and read it into ``Block`` objects.
- ``read_path(path, *, limits=None) -> ReadResult``: read a file from disk, then ``read_bytes``.
  It is the only function here that touches the file system for input.
- ``detect_format(data, name="") -> str``: one of pdf, docx, doc, odt, html, md, txt, eml, msg, xlsx,
  ods, csv, pptx, odp, unknown.
- ``Limits``: size and time limits.
- ``clean_text(text) -> str``: the text normalisation applied to every block.

Every failure is a ``ReadError`` whose ``reason`` is one sentence a municipal officer can act
on, starting with what the file is ("encrypted PDF: needs a password", "corrupt DOCX: ...",
"empty document: no text", ...). No other exception escapes ``read_bytes`` except
``KeyboardInterrupt``, ``SystemExit`` and ``MemoryError``.

Block conventions: headings have level 1 (top) and deeper; list items have level 1 for a
top-level item, 2 for an item nested once, and so on; list markers (bullets, "1.", "α)") are
removed from list item text and ``ordered`` says whether it was numbered; tables carry
``rows`` and their ``text`` is the rows as "cell | cell" lines. PDF blocks carry the 1-based
page they start on. ``style`` holds optional hints (bold, align, size).

How each format is read:
- PDF (pypdf): pypdf's text visitor gives every run of text with its position, font size and
  font; runs are grouped into lines, runs far apart on a line become cells, lines sharing
  columns become tables, and the rest is rebuilt into paragraphs from line spacing, indents and
  short last lines (a line ends a paragraph when the next word would have fitted). Headings come
  from font size and bold, or, in single-font documents, from numbering, capitals and short
  title lines. Running headers/footers and page numbers are dropped; words hyphenated at line
  ends are rejoined. Plain ``extract_text()`` output is only a fallback (for rotated text).
  Two-column pages are read column by column (pdf/columns); Greek in legacy 8-bit fonts is re-read
  as Windows-1253, or OCR'd when it cannot be (pdf/legacy); pages of letters drawn as shapes are
  OCR'd; filled-in form fields are read where they stand (pdf/forms).
- DOCX (python-docx, walking the XML body in order): headings from heading/Title styles (also
  localised names such as "Επικεφαλίδα 1") or outline levels, bold short paragraphs only when
  the document has no heading styles; list items from numbering or list styles; tables with
  merged cells once; headers, footers, text boxes and deleted revisions left out. The zip is
  checked for bombs and for DTD/entity declarations before python-docx opens it (python-docx
  itself parses with ``resolve_entities=False`` and lxml does not load DTDs or use the network).
- HTML (BeautifulSoup + lxml): the main content found first (<main>, <article>, else the densest text
  container), so menus, cookie banners, sidebars and footers never become text (html_main); Markdown
  and plain text (with Greek code page detection).
- E-mail (.eml with the standard library, .msg with extract-msg): the subject as a level-1 heading,
  the plain or HTML body, and each attachment read by its own reader as one of ``ReadResult.parts``
  (eml, msg, mail).
- Spreadsheets (.xlsx with openpyxl, .ods from its XML, .csv): a sheet whose rows are practices gives
  one record heading per row with "Header: value" paragraphs; other sheets give tables (sheet).
- Slide decks (.pptx with python-pptx, .odp from its XML): titles as headings, body text, tables and
  speaker notes, slide by slide (slides). OpenDocument text (.odt) is read from its XML (odf).

External tools are optional and only used when present on PATH: ``tesseract`` (with the
``ell`` and ``eng`` language data) and ``pdftoppm`` for OCR of scanned PDFs (and of image-only
pages inside text PDFs), ``soffice`` / ``libreoffice`` to convert legacy .doc and .rtf
files to .docx. They run in a temporary directory that is removed afterwards, in their own
process group, with a timeout.

Layout: one module per format behind one contract, ``read(data, name, limits) -> ReadResult``
(txt, md, html, docx, convert for LibreOffice formats, the pdf subpackage); ``registry`` maps a
detected format to its reader; ``detect`` finds the format; ``charset`` decodes text; ``clean``,
``markers``, ``tables`` and ``paragraphs`` are text helpers the readers share.
"""
from __future__ import annotations

import shutil  # noqa: F401  (tests patch readers.shutil.which)
from pathlib import Path

from ..blocks import ReadError, ReadResult
from .charset import DECODE_CACHE
from .clean import clean_text, without_byte_literals
from .convert import soffice as _soffice  # noqa: F401  (used by tests)
from .detect import detect_format, sniff
from .limits import FATAL, MB, Limits
from .pdf.ocr import tesseract_ready as _tesseract_ready  # noqa: F401  (used by tests)
from .registry import FORMAT_LABEL, READERS, unsupported_reason

_READERS = READERS  # the same dict: tests replace a reader in it


__all__ = [
    "Limits",
    "ReadError",
    "ReadResult",
    "clean_text",
    "detect_format",
    "read_bytes",
    "read_path",
]


def read_path(path, *, limits: Limits | None = None) -> ReadResult:
    """Read a file from disk (the only I/O here) and hand its bytes to read_bytes."""
    limits = limits or Limits()
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > limits.max_bytes:
            raise ReadError(f"file too large: {size / MB:.1f} MB, limit {limits.max_bytes / MB:.0f} MB")
        data = p.read_bytes()
    except ReadError:
        raise
    except FATAL:
        raise
    except OSError as exc:
        raise ReadError(f"unreadable file: {exc.strerror or exc.__class__.__name__}") from exc
    return read_bytes(data, p.name, limits=limits)


def read_bytes(data: bytes, name: str = "", *, limits: Limits | None = None) -> ReadResult:
    """Detect the format of `data` from its content and read it into blocks."""
    limits = limits or Limits()
    data = bytes(data)
    if len(data) > limits.max_bytes:
        raise ReadError(f"file too large: {len(data) / MB:.1f} MB, limit {limits.max_bytes / MB:.0f} MB")
    if not data.strip():
        raise ReadError("empty file")
    kind = "unknown"
    try:
        kind = sniff(data, name or "")
        reader = READERS.get(kind)
        if reader is None:
            raise ReadError(unsupported_reason(kind))
        result = reader(data, name or "", limits)
        if not result.blocks:
            raise ReadError("empty document: no text")
        return result
    except ReadError:
        raise
    except FATAL:
        raise
    except RecursionError as exc:
        label = FORMAT_LABEL.get(kind, kind)
        raise ReadError(f"unreadable {label} file: RecursionError: structure nested too deeply") from exc
    except Exception as exc:  # anything a parser library throws
        label = FORMAT_LABEL.get(kind, kind)
        msg = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else "no details"
        msg = without_byte_literals(msg)
        raise ReadError(f"unreadable {label} file: {exc.__class__.__name__}: {msg}") from exc
    finally:
        DECODE_CACHE[:] = [None, None]

"""PDF: glyph runs (glyphs, with form field values from forms) -> lines (lines, never joined across a
two-column gutter: columns) -> legacy 8-bit Greek re-read (legacy) -> running headers/footers (headers)
-> column reading order (columns) -> tables (tables) -> paragraphs, lists and headings (layout); scanned
pages, undecodable legacy-font pages and pages of letters drawn as shapes go to OCR (ocr). The reader
(reader) ties them together."""
from __future__ import annotations

from .reader import read

__all__ = ["read"]

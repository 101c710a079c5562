"""PDF: glyph runs (glyphs) -> lines (lines) -> running headers/footers (headers) -> tables and page
columns (tables) -> paragraphs, lists and headings (layout); scanned pages go to OCR (ocr). The reader
(reader) ties them together."""
from __future__ import annotations

from .reader import read

__all__ = ["read"]

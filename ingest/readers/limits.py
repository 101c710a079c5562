"""Size and time limits shared by every reader."""
from __future__ import annotations

from dataclasses import dataclass


MB = 1024 * 1024
FATAL = (KeyboardInterrupt, SystemExit, MemoryError)


@dataclass(frozen=True)
class Limits:
    """Limits that protect the reader against huge or hostile files."""

    max_bytes: int = 50 * MB  # the file itself
    max_unzipped_bytes: int = 200 * MB  # total uncompressed size of a DOCX/ODT zip
    max_zip_ratio: float = 100.0  # compression ratio of one zip member bigger than 1 MB
    ocr_timeout: float = 300.0  # seconds for OCR of a whole scanned PDF
    convert_timeout: float = 120.0  # seconds for a LibreOffice conversion
    max_pages: int = 2000  # PDF pages read (the rest are skipped, meta["truncated"] = True)

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
    # seconds for OCR of a whole scanned PDF: shorter than the batch's file timeout (KB_FILE_TIMEOUT,
    # 120 s), so a long scan keeps the pages OCR read instead of being killed with nothing (issue 9)
    ocr_timeout: float = 90.0
    convert_timeout: float = 120.0  # seconds for a LibreOffice conversion
    max_pages: int = 2000  # PDF pages read (the rest are skipped, meta["truncated"] = True)

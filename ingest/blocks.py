"""Text blocks: what every reader returns and what extraction consumes.

A reader turns the bytes of one file into an ordered list of blocks. A block is
one heading, one paragraph, one list item or one table, in document order, with
the page it came from (PDF) when the format has pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
TABLE = "table"
KINDS = (HEADING, PARAGRAPH, LIST_ITEM, TABLE)


@dataclass(frozen=True)
class Block:
    kind: str
    text: str
    level: int = 0  # heading level (1 = top); list nesting depth for list items
    page: int | None = None  # 1-based page number, for paged formats
    rows: tuple[tuple[str, ...], ...] = ()  # table cells, row by row (TABLE only)
    ordered: bool = False  # numbered list item
    style: dict = field(default_factory=dict, compare=False, hash=False)  # optional hints: bold, align, font size

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")


@dataclass
class ReadResult:
    """A reader's output: the blocks plus what the format told us about the file."""

    blocks: list[Block]
    format: str  # pdf, docx, txt, md, html (the format detected from the content)
    meta: dict = field(default_factory=dict)  # e.g. title, author, pages, encoding, ocr=True
    # Files inside this one, each read by its own reader: an e-mail's attachments as (file name, result).
    # Extraction reads each part separately, so a practice names "the e-mail › the attachment" as its source.
    parts: list[tuple[str, "ReadResult"]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


class ReadError(Exception):
    """A file that cannot be read. `reason` is a sentence a person understands."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

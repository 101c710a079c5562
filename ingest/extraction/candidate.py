"""The unit extraction works on: a stretch of a document that presents one practice."""
from __future__ import annotations

from dataclasses import dataclass, field

from ingest.blocks import TABLE, Block
from ingest.extraction.text import fold


@dataclass
class Candidate:
    """A stretch of a document that presents one practice."""

    title: str
    body: list[Block] = field(default_factory=list)
    kind: str = "section"  # form, section, overview, minutes_item, list_item, named_programme, paragraph, document
    text: str = ""  # explicit text (named programmes); otherwise title + body
    context: str = ""
    path: tuple[str, ...] = ()  # heading path
    page: int | None = None
    status: str = ""  # a status the shape implies (a plan list, a plan sentence)
    municipality: str = ""  # a municipality the shape names (form field, presenter)
    fields: dict[str, str] = field(default_factory=dict)  # values stated as fields (forms, field sections)
    axes: list[int] = field(default_factory=list)
    evidence: str = ""  # other sentences about the practice (fields are read from them too)
    title_in_text: bool = True  # the title is a heading of the document (not one made from the text)

    def full_text(self) -> str:
        """The practice's own text: its heading (when the document has one) and its blocks."""
        if self.text:
            return self.text
        parts = [block_text(b) for b in self.body if block_text(b)]
        if self.title and self.title_in_text and not (parts and fold(parts[0]) == fold(self.title)):
            parts.insert(0, self.title)
        return "\n".join(parts)

    def body_text(self) -> str:
        """The text without the heading."""
        if self.text:
            return self.text
        return "\n".join(block_text(b) for b in self.body if block_text(b))


def block_text(block: Block) -> str:
    if block.kind == TABLE and block.rows:
        return "\n".join(" | ".join(c.strip() for c in row if c and c.strip()) for row in block.rows if any(c.strip() for c in row))
    return block.text.strip()

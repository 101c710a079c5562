"""Records a reader marks as such: one practice per spreadsheet row.

A spreadsheet reader that sees a register (one practice per row) gives, for each row, a HEADING
with ``style["record"]`` (the row's name) followed by "Header: value" paragraphs. Each such heading
starts its own candidate; the paragraphs whose header is a known field label (ingest.extraction.finders) fill
that field, and every paragraph is part of the record's text. A small hook of its own, so that the
extraction package can place it as its first step.
"""
from __future__ import annotations

from ingest.blocks import HEADING, Block
from ingest.extraction.candidate import Candidate
from ingest.extraction.finders import axis_numbers
from ingest.extraction.finders import label_value


def is_record(block: Block) -> bool:
    return block.kind == HEADING and bool(block.style.get("record"))


def record_candidates(blocks: list[Block]) -> list[Candidate]:
    """One candidate per record heading, with the blocks up to the next heading; [] when none."""
    candidates: list[Candidate] = []
    current: Candidate | None = None
    for b in blocks:
        if is_record(b):
            current = Candidate(title=b.text, kind="form", page=b.page, fields={"title": b.text})
            candidates.append(current)
        elif b.kind == HEADING:
            current = None  # another sheet or section: not part of the record
        elif current is not None:
            current.body.append(b)
            name, _label, value = label_value(b.text)
            if name and name not in ("ignore", "title"):
                current.fields[name] = (current.fields[name] + "\n" + value) if name in current.fields else value
                if name == "axes":
                    current.axes = axis_numbers(value)
                if name == "municipality":
                    current.municipality = value
    return candidates

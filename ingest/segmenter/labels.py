"""B/I/O labels for the blocks of the gold documents, inferred from each practice's marker.

The gold gives, for every practice, its document and a marker: a verbatim passage of six or
more words inside the practice's own text. A document is read with the readers and cleaned
exactly as extraction cleans it; each marker is located in one block; then the extents:

- a practice starts at the closest title-like block (a heading, a bold or short line, a list
  item, in that order of preference) at or before its marker block and after the previous
  practice's marker block, provided the stretch that block heads reaches the marker and does
  not also hold the next practice's marker (a heading over several practices is a group
  heading, not a practice's name); a marker in a heading starts there; when there is no such
  block the practice starts at its marker block;
- it extends until the next heading of the same or a higher level (for a heading start), the
  next heading or sibling item (for a list item or short-line start), or the next practice's
  start, and always at least to its marker block;
- blocks outside every practice are O.

The oracle check (bench/segment_cv.py) segments with these labels and measures own record.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block, ReadError
from ingest.extraction.candidate import block_text
from ingest.extraction.s1_clean import clean_blocks, drop_non_practice_lists
from ingest.readers import read_bytes
from ingest.extraction.text import fold

B, I, O = "B", "I", "O"
LABELS = (B, I, O)


def prepare(blocks: list[Block], meta: dict | None = None) -> tuple[list[Block], list[list[str]]]:
    """The blocks the segmenter works on: the reader's blocks cleaned as extraction cleans them
    (furniture, false headings, broken paragraphs, the lists that are never practices), with
    tables of activities opened into rows (expand_tables); and the rule-based shapes' hints for
    each (ingest.extraction.s6_assemble.rule_hints)."""
    from ingest.extraction.s6_assemble import rule_hints

    cleaned = drop_non_practice_lists(clean_blocks(list(blocks)))
    known = {id(b): h for b, h in zip(cleaned, rule_hints(cleaned, meta))}
    expanded = expand_tables(cleaned)
    return expanded, [known.get(id(b), ["r:row"]) for b in expanded]


def _words(cell: str) -> int:
    return len(cell.split())


def expand_tables(blocks: list[Block]) -> list[Block]:
    """A table whose rows each describe something (a header row of short labels, two rows or more,
    a column of running text, at least 12 words a cell on average) becomes one short block per
    row, marked {"row": True}, whose text is the row's name (its first short non-number cell),
    followed by one paragraph per other cell ("Header: value"). Tables of figures or of short
    cells (an agenda's times and topics) stay whole. The segmenter then decides which rows begin
    a practice, as it does for list items."""
    out: list[Block] = []
    for b in blocks:
        rows = [r for r in b.rows if any(c.strip() for c in r)] if b.kind == TABLE else []
        if len(rows) < 3 or any(_words(c) > 6 for c in rows[0]):
            out.append(b)
            continue
        width = len(rows[0])
        body = [r for r in rows[1:] if len(r) == width]
        means = [sum(_words(r[k]) for r in body) / max(len(body), 1) for k in range(width)]
        if len(body) < 2 or max(means) < 12:
            out.append(b)
            continue
        text_col = means.index(max(means))
        name_col = next((k for k in range(width) if k != text_col and 1 <= means[k] <= 12
                         and not all(re.fullmatch(r"[\W\d_]*\w?[.)]?", r[k].strip()) for r in body)), None)
        if name_col is None:
            out.append(b)
            continue
        for r in body:
            out.append(Block(PARAGRAPH, r[name_col].strip(), page=b.page, style={"row": True}))
            for k in range(width):
                if k != name_col and r[k].strip() and _words(r[k]) > 1:
                    out.append(Block(PARAGRAPH, f"{rows[0][k].strip()}: {r[k].strip()}", page=b.page))
    return out


def is_record(b: Block) -> bool:
    """A spreadsheet row that is one practice (the reader marks it)."""
    return b.kind == HEADING and bool(b.style.get("record"))


def short_line(b: Block) -> bool:
    """A bold paragraph or a short line that does not end a sentence: the look of a name."""
    words = len(b.text.split())
    if b.kind != PARAGRAPH or not words:
        return False
    if b.style.get("row") or (b.style.get("bold") and words <= 15):
        return True
    return words <= 10 and not b.text.rstrip().endswith((".", ",", ";", ":"))


def title_rank(b: Block) -> int:
    """How strongly a block looks like the start of a named stretch: 3 heading, 2 short or bold
    line, 1 list item, 0 none."""
    if b.kind == HEADING:
        return 3
    if short_line(b):
        return 2
    if b.kind == LIST_ITEM:
        return 1
    return 0


def _folded_blocks(blocks: list[Block]) -> list[str]:
    return [fold(block_text(b)) for b in blocks]


def locate(folded: list[str], marker: str) -> int | None:
    """The index of the block that holds the marker (or where it begins, when a cleaning step
    left it across two blocks)."""
    m = fold(marker)
    for i, text in enumerate(folded):
        if m in text:
            return i
    for i in range(len(folded) - 1):
        if m in folded[i] + " " + folded[i + 1]:
            return i
    return None


def _section_end(blocks: list[Block], start: int) -> int:
    """One past the last block of the stretch `start` heads (by layout alone)."""
    head = blocks[start]
    rank = title_rank(head)
    for j in range(start + 1, len(blocks)):
        b = blocks[j]
        if is_record(head) and is_record(b):
            return j
        if head.kind == HEADING:
            if b.kind == HEADING and (b.level or 1) <= (head.level or 1):
                return j
        elif b.kind == HEADING:
            return j
        elif rank == 2 and short_line(b) and all(bool(b.style.get(k)) == bool(head.style.get(k)) for k in ("bold", "row")):
            return j
        elif rank == 1 and b.kind == LIST_ITEM and (b.level or 1) <= (head.level or 1):
            return j
    return len(blocks)


def _start(blocks: list[Block], lo: int, marker: int, next_marker: int | None) -> int:
    """The practice's first block: see the module docstring. A candidate block must head a
    stretch that reaches the marker and stops before the next practice's marker."""
    if blocks[marker].kind == HEADING:
        return marker
    best: dict[int, int] = {}
    for j in range(marker - 1, lo - 1, -1):
        rank = title_rank(blocks[j])
        if not rank or rank in best:
            continue
        end = _section_end(blocks, j)
        if end <= marker or (next_marker is not None and end > next_marker):
            continue
        best[rank] = j
    if title_rank(blocks[marker]) == 1:
        best.pop(1, None)
        best.setdefault(1, marker)
    for rank in (3, 2, 1):
        if rank in best:
            return best[rank]
    return marker


def infer_labels(blocks: list[Block], markers: list[int]) -> list[str]:
    """B/I/O for every block, given the marker block of each practice."""
    labels = [O] * len(blocks)
    ordered = sorted(set(markers))
    starts: list[int] = []
    lo = 0
    for k, m in enumerate(ordered):
        nxt = ordered[k + 1] if k + 1 < len(ordered) else None
        s = max(_start(blocks, lo, m, nxt), starts[-1] + 1 if starts else 0)
        starts.append(min(s, m))
        lo = m + 1
    for k, s in enumerate(starts):
        limit = starts[k + 1] if k + 1 < len(starts) else len(blocks)
        end = min(max(_section_end(blocks, s), ordered[k] + 1), limit)
        labels[s] = B
        for j in range(s + 1, end):
            labels[j] = I
    return labels


@dataclass
class LabelledDocument:
    file: str
    blocks: list[Block]
    meta: dict
    labels: list[str]
    hints: list[list[str]]
    practices: int  # gold practices of the document
    located: int  # of which the marker was found in a block
    gold: list[dict] = field(default_factory=list)


def load_gold(corpus: Path) -> tuple[list[dict], list[dict]]:
    """(documents, practices) of a corpus's gold folder."""
    def lines(name: str) -> list[dict]:
        with open(corpus / "gold" / name, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    return lines("documents.jsonl"), lines("practices.jsonl")


def read_document(corpus: Path, file: str) -> tuple[list[Block], dict] | None:
    """A corpus document's blocks (as the reader gives them) and metadata; None when the readers
    refuse it."""
    try:
        result = read_bytes((corpus / "docs" / file).read_bytes(), file)
    except (ReadError, OSError):
        return None
    return result.blocks, result.meta


def labelled_documents(corpus: Path, docs: set[str] | None = None,
                       read: Callable[[str], tuple[list[Block], dict] | None] | None = None) -> list[LabelledDocument]:
    """The gold documents (all, or those in `docs`) that the readers can read, labelled. Broken
    files and duplicates are left out; a document that describes no practice is all O; a
    document none of whose markers could be located is left out (its labels would all be wrong).
    `read` (file -> (blocks, meta) or None) replaces reading from disk, for callers that cache."""
    documents, practices = load_gold(corpus)
    out = []
    for d in documents:
        if d.get("expect", "ok") != "ok" or (docs is not None and d["file"] not in docs):
            continue
        got = read(d["file"]) if read is not None else read_document(corpus, d["file"])
        if got is None:
            continue
        meta = got[1]
        blocks, hints = prepare(got[0], meta)
        gold = [g for g in practices if g["doc"] == d["file"]]
        folded = _folded_blocks(blocks)
        markers = [i for i in (locate(folded, g["marker"]) for g in gold) if i is not None]
        if gold and not markers:
            continue
        out.append(LabelledDocument(d["file"], blocks, meta, infer_labels(blocks, markers), hints, len(gold), len(markers), gold))
    return out

"""Step 3 of extraction, candidates of a submission form: practice fields laid out as a form.

Three layouts: a two-column table (label | value), "Label: value" paragraphs, and a register
table whose header row holds the labels and whose every other row is one practice. Field labels
are recognised by finders.field_for_label (a bilingual label dictionary, compared folded
and by prefix), so a form with other wording or other fields still reads.
"""
from __future__ import annotations

import re

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block
from ingest.extraction.candidate import Candidate
from ingest.extraction.finders import axis_numbers, field_for_label, label_value


def _form_rows(blocks: list[Block]) -> list[tuple[int, str, str, str]]:
    """(block index, field, label, value) for every row/paragraph that reads as a form field."""
    rows = []
    for i, b in enumerate(blocks):
        if b.kind == TABLE:
            for row in b.rows:
                cells = [c for c in row if c and c.strip()]
                if len(cells) >= 2:
                    name = field_for_label(cells[0])
                    if name:
                        rows.append((i, name, cells[0], " ".join(cells[1:])))
        elif b.kind in (PARAGRAPH, LIST_ITEM, HEADING):  # a plain-text reader may set "Τίτλος: ..." as a heading
            name, label, value = label_value(b.text)
            if name:
                rows.append((i, name, label, value))
            elif b.kind != HEADING and rows and rows[-1][0] == i - 1 and rows[-1][1] not in ("ignore", "title") \
                    and blocks[rows[-1][0]].kind != TABLE:
                # a paragraph or bullet that continues the previous field's value
                j, prev_name, label, value = rows[-1]
                rows[-1] = (i, prev_name, label, value + "\n" + b.text)
    return rows


def form_candidates(blocks: list[Block]) -> list[Candidate]:
    """One candidate per filled-in practice form (or register row); [] when the document is not
    mainly a form."""
    registers = [c for b in blocks if b.kind == TABLE for c in _register_candidates(b)]
    if registers:
        return registers
    rows = _form_rows(blocks)
    fields_present = {name for _, name, _, _ in rows if name != "ignore"}
    has_body = any(name == "summary" and len(value.split()) >= 15 for _, name, _, value in rows)
    if not has_body or len(fields_present) < 3:
        return []
    form_words = sum(len(value.split()) for _, _, _, value in rows)
    all_words = sum(len(b.text.split()) for b in blocks)
    if form_words < 0.4 * all_words:
        return []  # a form-like table inside a longer document: the sections carry it
    candidates: list[Candidate] = []
    current: Candidate | None = None
    for index, name, label, value in rows:
        if name == "ignore":
            continue
        if current is None or (name == "title" and "title" in current.fields):
            current = Candidate(title="", kind="form", page=blocks[index].page, title_in_text=False)
            candidates.append(current)
        current.fields[name] = (current.fields.get(name, "") + " " + value).strip() if name in current.fields else value
        current.body.append(Block(PARAGRAPH, f"{label}: {value}", page=blocks[index].page))
        if name == "axes":
            current.axes = axis_numbers(value)
    for c in candidates:
        c.title = c.fields.get("title") or first_words(c.fields.get("summary", ""))
        c.municipality = c.fields.get("municipality", "")
    return [c for c in candidates if c.fields.get("summary") or c.fields.get("title")]


def _register_candidates(table: Block) -> list[Candidate]:
    """A table whose header row names practice fields (Τίτλος | Δήμος | Περιγραφή ...): one candidate per row."""
    if len(table.rows) < 2:
        return []
    header = [field_for_label(c) if c and c.strip() else None for c in table.rows[0]]
    named = {h for h in header if h and h != "ignore"}
    if "title" not in named or len(named) < 3 or not named & {"summary", "target_groups", "results", "municipality"}:
        return []
    candidates = []
    for row in table.rows[1:]:
        cand = Candidate(title="", kind="form", page=table.page, title_in_text=False)
        for label, name, value in zip(table.rows[0], header, row):
            if name and name != "ignore" and value and value.strip():
                cand.fields[name] = value.strip()
                cand.body.append(Block(PARAGRAPH, f"{label.strip()}: {value.strip()}", page=table.page))
        if cand.fields.get("title"):
            cand.title = cand.fields["title"]
            cand.municipality = cand.fields.get("municipality", "")
            cand.axes = axis_numbers(cand.fields.get("axes", ""))
            candidates.append(cand)
    return candidates


def fact_table_fields(blocks: list[Block]) -> dict[str, str]:
    """Field values from key-value tables that are not a whole form (a project summary's fact box)."""
    values: dict[str, str] = {}
    for _, name, _, value in _form_rows([b for b in blocks if b.kind == TABLE]):
        if name not in ("ignore", "title", "summary"):
            values[name] = (values[name] + "; " + value) if name in values else value
    return values


def first_words(text: str, n: int = 10) -> str:
    words = text.split()
    out = " ".join(words[:n])
    return out.rstrip(",.;:") + (" …" if len(words) > n else "")

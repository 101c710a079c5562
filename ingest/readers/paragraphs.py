"""Blocks from plain text (TXT files, OCR output, the PDF fallback): blank lines separate
paragraphs, hard wraps are joined, headings and list items come from the text's own cues.
"""
from __future__ import annotations

import re

from ..blocks import HEADING, LIST_ITEM, PARAGRAPH, Block
from .clean import clean_text, is_caps
from .markers import ORDERED_RE, TERMINAL, is_heading_text, join_lines, numbered_depth, parse_marker, vocabulary
from .tables import table_block, table_runs


_UNDERLINE_RE = re.compile(r"^\s*(=+|-+)\s*$")


def text_blocks(text: str, *, page: int | None = None) -> list[Block]:
    """Blocks from plain text: blank lines separate paragraphs, hard wraps are joined."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [ln.rstrip() for ln in raw_lines]
    nonblank = [ln.expandtabs(4) for ln in lines if ln.strip()]
    if not nonblank:
        return []
    vocab = vocabulary(nonblank)
    lengths = sorted(len(ln.strip()) for ln in nonblank)
    width = lengths[-1]
    if len(lengths) > 20:  # ignore a few over-long lines (URLs, tables)
        width = lengths[int(len(lengths) * 0.97)]

    # chunks: runs of non-blank lines; a table inside a run is a chunk of its own
    chunks: list[object] = []
    cur: list[str] = []
    for ln in lines + [""]:
        if ln.strip():
            cur.append(ln)
        elif cur:
            for kind, run in table_runs(cur):
                chunks.append(run if kind == "text" else {"table": run})
            cur = []

    # hard-wrapped? most lines that are followed by another line of their chunk are long
    inner = [len(c[i].strip()) for c in chunks if isinstance(c, list) for i in range(len(c) - 1)]
    hard_wrapped = bool(inner) and width >= 40 and sum(1 for n in inner if n >= 0.6 * width) >= 0.6 * len(inner)

    units: list[dict] = []  # {"lines": [...], "marker": kind|None, "indent": n, "chunk": i, "heading": lvl}
    for ci, chunk in enumerate(chunks):
        if isinstance(chunk, dict):
            units.append({"table": chunk["table"], "chunk": ci})
            continue
        i = 0
        while i < len(chunk):
            ln = chunk[i]
            nxt = chunk[i + 1] if i + 1 < len(chunk) else None
            # setext heading: a line underlined with === or ---
            if nxt is not None and _UNDERLINE_RE.match(nxt) and not _UNDERLINE_RE.match(ln) and len(nxt.strip()) >= 3:
                units.append({"lines": [ln], "marker": None, "indent": 0, "chunk": ci,
                              "heading": 1 if nxt.strip()[0] == "=" else 2})
                i += 2
                continue
            if _UNDERLINE_RE.match(ln) and len(ln.strip()) >= 3:  # horizontal rule
                i += 1
                continue
            stripped = ln.expandtabs(4)
            indent = len(stripped) - len(stripped.lstrip())
            marker, _rest = parse_marker(ln)
            prev_unit = units[-1] if units and units[-1].get("chunk") == ci and "lines" in units[-1] else None
            if ((marker == "ordered" or (marker == "bullet" and ln.lstrip()[:1] in "-–—"))
                    and prev_unit is not None and prev_unit.get("heading") is None):
                prev_line = prev_unit["lines"][-1].strip()
                if not (prev_unit["marker"] or prev_line.endswith(TERMINAL)):
                    marker = None  # "... 15." or "... – " wrapped to a line start is not a list
            if prev_unit is None or marker or prev_unit.get("heading") is not None:
                units.append({"lines": [ln], "marker": marker, "indent": indent, "chunk": ci, "heading": None})
                i += 1
                continue
            prev_line = prev_unit["lines"][-1]
            if prev_unit["marker"] and indent > prev_unit["indent"]:
                cont = True  # indented continuation of a list item
            elif hard_wrapped:
                first_word = ln.split()[0] if ln.split() else ""
                fits = len(prev_line.strip()) + 1 + len(first_word) <= width
                cont = not fits
                if fits and ln.strip()[:1].islower() and not prev_line.rstrip().endswith(TERMINAL):
                    cont = True  # a sentence going on in lower case
            else:
                s = ln.strip()
                cont = s[:1].islower() or prev_line.rstrip().endswith((",", "-", "\u00ad"))
            if cont:
                prev_unit["lines"].append(ln)
            else:
                units.append({"lines": [ln], "marker": None, "indent": indent, "chunk": ci, "heading": None})
            i += 1

    # classify units
    blocks: list[Block] = []
    list_indents: list[int] = []
    for ui, u in enumerate(units):
        if "table" in u:
            b = table_block(u["table"], page)
            if b:
                blocks.append(b)
            list_indents = []
            continue
        texts = [clean_text(x) for x in u["lines"]]
        if u["heading"] is not None:
            blocks.append(Block(HEADING, clean_text(" ".join(texts)), u["heading"], page))
            list_indents = []
            continue
        if u["marker"]:
            kind, first = parse_marker(u["lines"][0])
            body = clean_text(join_lines([first] + u["lines"][1:], vocab))
            # a lone numbered line followed by text is a numbered heading, not a list
            nxt = units[ui + 1] if ui + 1 < len(units) else None
            prv = units[ui - 1] if ui > 0 else None
            lone = (len(u["lines"]) == 1 and not (nxt and nxt.get("marker") == "ordered")
                    and not (prv and prv.get("marker") == "ordered"))
            if kind == "ordered" and lone and is_heading_text(texts[0], numbered=True):
                depth = max(1, numbered_depth(texts[0]))
                blocks.append(Block(HEADING, texts[0], 1 + depth, page))
                list_indents = []
                continue
            if not body:
                continue
            ind = u["indent"]
            while list_indents and list_indents[-1] > ind:
                list_indents.pop()
            if not list_indents or list_indents[-1] < ind:
                list_indents.append(ind)
            blocks.append(Block(LIST_ITEM, body, len(list_indents), page, ordered=(kind == "ordered")))
            continue
        list_indents = []
        text1 = clean_text(join_lines(u["lines"], vocab))
        if not text1:
            continue
        if len(u["lines"]) == 1:
            nxt = units[ui + 1] if ui + 1 < len(units) else None
            followed = nxt is not None and ("table" in nxt or nxt.get("heading") is None)
            if is_caps(text1) and is_heading_text(text1, caps=True):
                blocks.append(Block(HEADING, text1, 1, page))
                continue
            depth = numbered_depth(text1)
            if depth and is_heading_text(text1, numbered=True) and not ORDERED_RE.match(text1):
                blocks.append(Block(HEADING, text1, 1 + depth, page))
                continue
            if depth and is_heading_text(text1, numbered=True) and followed:
                blocks.append(Block(HEADING, text1, 1 + depth, page))
                continue
            short = len(text1) <= 90 and (not hard_wrapped or len(u["lines"][0].strip()) <= 0.8 * width)
            if followed and short and is_heading_text(text1) and text1[:1].isupper():
                blocks.append(Block(HEADING, text1, 2, page))
                continue
        blocks.append(Block(PARAGRAPH, text1, 0, page))
    return blocks

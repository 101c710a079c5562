"""PDF paragraphs, list items and headings rebuilt from lines: line spacing, indents and short last
lines (a line ends a paragraph when the next word would have fitted); headings from font size and
bold, or, in single-font documents, from numbering, capitals and short title lines.
"""
from __future__ import annotations

from collections import Counter
from statistics import median

from ...blocks import HEADING, LIST_ITEM, PARAGRAPH, Block
from ..clean import clean_text, has_letters, is_caps
from ..markers import TERMINAL, is_heading_text, join_lines, normalise_levels, numbered_depth, parse_marker, vocabulary
from ..tables import table_block
from .glyphs import Line
from .columns import column_order
from .tables import find_tables


def _right_edge(lines: list[Line], left: float, default: float) -> float:
    """The right margin of the text: the median end of the longer lines."""
    ends = sorted(ln.x1 for ln in lines)
    if not ends:
        return default
    far = ends[-1]
    long_ends = [x for x in ends if x >= left + 0.8 * (far - left)]
    return median(long_ends) if long_ends else far


def _median_leading(lines: list[Line], body: float) -> float:
    ratios = []
    for a, b in zip(lines, lines[1:]):
        if abs(a.size - body) < 0.6 and abs(b.size - body) < 0.6:
            dy = a.y - b.y
            if 0 < dy < 2.5 * body:
                ratios.append(dy / body)
    return median(ratios) if ratios else 1.25


def pdf_blocks(pages_lines: list[list[Line]], page_boxes: list[tuple[float, float, float, float]]) -> list[Block]:
    all_lines = [ln for pl in pages_lines for ln in pl]
    if not all_lines:
        return []
    sizes: Counter = Counter()
    for ln in all_lines:
        sizes[ln.size] += sum(s.nchars for s in ln.segs)
    body = sizes.most_common(1)[0][0]
    leading = _median_leading(all_lines, body)
    vocab = vocabulary([clean_text(ln.text) for ln in all_lines])

    raw_blocks: list[dict] = []
    for pi, lines in enumerate(pages_lines):
        if not lines:
            continue
        x_left, _, x_right, _ = page_boxes[pi]
        items = find_tables(column_order(lines))
        flow = [it[1] for it in items if it[0] == "line"]
        body_lines = [ln for ln in flow if abs(ln.size - body) < 0.6] or flow
        left_edge = min((ln.x0 for ln in body_lines), default=x_left)
        right_edge = _right_edge(body_lines, left_edge, x_right)
        cur: dict | None = None

        def flush():
            nonlocal cur
            if cur is not None:
                raw_blocks.append(cur)
            cur = None

        for kind, payload in items:
            if kind == "table":
                flush()
                raw_blocks.append({"table": payload, "page": pi + 1})
                continue
            ln: Line = payload
            text = clean_text(ln.text)
            if not text:
                continue
            marker, rest = parse_marker(text)
            if (marker == "ordered" or (marker == "bullet" and text[:1] in "-–—")) and not ln.strong_marker:
                # typed "12. ..." or "– ..." at a line start is a list item only after a finished
                # sentence or another item: otherwise it is a wrapped line of running text
                ended = cur is not None and cur["lines"][-1].rstrip().endswith(TERMINAL + (")",))
                if cur is not None and not (cur.get("marker") or ended):
                    marker = None
            if marker and cur is not None and cur.get("marker") is None and len(rest) < 2:
                marker = None
            start = cur is None or marker is not None
            if not start:
                prev: Line = cur["line_objs"][-1]
                dy = prev.y - ln.y
                size = max(prev.size, ln.size)
                if dy <= 0 or dy > (leading + 0.4) * size:
                    start = True
                elif abs(prev.size - ln.size) >= 0.6 or prev.bold != ln.bold:
                    start = True
                elif cur.get("marker"):
                    tx = cur.get("text_x") or prev.x0
                    if ln.x0 < tx - 0.5 * ln.size and abs(ln.x0 - cur["x0"]) < 1.0 * ln.size:
                        start = True  # back at the marker's column: the list item ended
                    elif ln.x0 < tx - 0.5 * ln.size and ln.x0 < cur["x0"] - 0.5 * ln.size:
                        start = True
                elif ln.x0 > prev.x0 + 1.2 * ln.size and len(cur["lines"]) >= 1 and abs(prev.x0 - left_edge) < 2:
                    start = True  # first-line indent of a new paragraph
                if (not start and ln.size < 1.12 * body and not (prev.bold and ln.bold)
                        and not text[:1].islower()):
                    # a line that stops short although the next word would have fitted ends a paragraph
                    first_word = text.split()[0]
                    span = max(1.0, ln.x1 - ln.x0)
                    word_w = span * (len(first_word) + 1) / max(1, len(text))
                    room = right_edge - prev.x1
                    width = max(1.0, right_edge - left_edge)
                    ended = cur["lines"][-1].rstrip().endswith(TERMINAL)
                    if prev.exact and ln.exact:
                        if room > (word_w + max(0.6 * size, 0.03 * width) if ended else max(word_w + 0.6 * size,
                                                                                          0.3 * width)):
                            start = True
                    elif ended and room > 0.25 * width:
                        start = True
            if start:
                flush()
                cur = {"lines": [], "line_objs": [], "page": pi + 1, "marker": marker, "x0": ln.x0,
                       "text_x": ln.text_x, "strong": ln.strong_marker, "full": text}
                if marker:
                    cur["lines"].append(rest)
                else:
                    cur["lines"].append(text)
            else:
                cur["lines"].append(text)
            cur["line_objs"].append(ln)
        flush()

    # merge a paragraph cut by a page break
    merged: list[dict] = []
    for rb in raw_blocks:
        if (merged and "table" not in rb and "table" not in merged[-1] and rb.get("marker") is None
                and rb["page"] == merged[-1]["page"] + 1):
            prev = merged[-1]
            last = prev["lines"][-1].rstrip()
            first = rb["lines"][0].lstrip()
            p_ln, n_ln = prev["line_objs"][-1], rb["line_objs"][0]
            if (first[:1].islower() and not last.endswith(TERMINAL) and abs(p_ln.size - n_ln.size) < 0.6
                    and p_ln.bold == n_ln.bold):
                prev["lines"].extend(rb["lines"])
                prev["line_objs"].extend(rb["line_objs"])
                continue
        merged.append(rb)

    # classify
    blocks_info = []
    for rb in merged:
        if "table" in rb:
            blocks_info.append(("table", rb))
            continue
        objs = rb["line_objs"]
        text = clean_text(join_lines(rb["lines"], vocab))
        if not text:
            continue
        rb["full_text"] = (clean_text(join_lines([rb.get("full", "")] + rb["lines"][1:], vocab))
                           if rb["marker"] else text)
        c: Counter = Counter()
        for ln in objs:
            c[ln.size] += sum(s.nchars for s in ln.segs)
        size = c.most_common(1)[0][0]
        bold = all(ln.bold for ln in objs)
        x0 = min(ln.x0 for ln in objs)
        x1 = max(ln.x1 for ln in objs)
        page_left, _, page_right, _ = page_boxes[rb["page"] - 1]
        center = (page_left + page_right) / 2
        align = None
        width = page_right - page_left
        if x0 > center - 0.05 * width and x1 > center + 0.2 * width:
            align = "right"
        elif abs((x0 + x1) / 2 - center) < 0.03 * width and x0 > page_left + 0.15 * width:
            align = "center"
        rb.update(text=text, size=size, bold=bold, align=align, nlines=len(objs))
        blocks_info.append(("text", rb))

    heading_keys: dict = {}
    for kind, rb in blocks_info:
        if kind != "text" or rb["marker"] == "bullet":
            continue
        t = rb["full_text"]
        if len(t) > 200 or not has_letters(t) or rb["align"] == "right":
            continue
        ends = t.endswith(TERMINAL)
        big = rb["size"] >= 1.12 * body
        if rb["marker"] == "ordered" and (rb["strong"] or not (big or rb["bold"]) or ends):
            continue  # a numbered list item, not a numbered heading
        hkey = None
        if big and rb["nlines"] <= 4 and not (ends and len(t) > 100):
            hkey = (-rb["size"], 0)
        elif rb["bold"] and not ends and len(t) <= 150 and rb["nlines"] <= 2:
            hkey = (-rb["size"], 1)
        elif (is_caps(t) and is_heading_text(t, caps=True) and rb["nlines"] == 1 and rb["size"] >= 0.95 * body
              and not rb["marker"]):
            hkey = (-rb["size"], 2)
        if hkey is not None:
            rb["hkey"] = hkey
            rb["text"] = t
            heading_keys.setdefault(hkey, []).append(rb)
    if not any(k[1] in (0, 1) for k in heading_keys):
        # one font size, no bold (a typed or printed-from-text document): use the text's own cues
        heading_keys = {}
        for idx, (kind, rb) in enumerate(blocks_info):
            if kind != "text" or rb["marker"] == "bullet" or rb["nlines"] != 1 or rb["align"] == "right":
                continue
            nxt = blocks_info[idx + 1] if idx + 1 < len(blocks_info) else None
            followed = nxt is not None and (nxt[0] == "table" or (len(nxt[1].get("full_text", "")) > 60
                                                                  or nxt[1].get("marker")))
            t = rb["full_text"]
            depth = numbered_depth(t)
            if is_caps(t) and is_heading_text(t, caps=True):
                key = (0, 0)
            elif depth and is_heading_text(t, numbered=True) and followed and not rb["strong"]:
                key = (0, depth)
            elif followed and len(t) <= 60 and is_heading_text(t) and t[:1].isupper() and not rb["marker"]:
                key = (0, 1)
            else:
                continue
            rb["text"] = t
            heading_keys.setdefault(key, []).append(rb)
    ranked = sorted(heading_keys)
    for rank, key in enumerate(ranked):
        group = heading_keys[key]
        depths = [numbered_depth(rb["text"]) for rb in group]
        dmin = min((d for d in depths if d), default=0)
        for rb, d in zip(group, depths):
            extra = (d - dmin) if (d and dmin) else 0
            rb["level"] = (rank + 1) * 10 + extra

    blocks: list[Block] = []
    list_x: list[float] = []
    for kind, rb in blocks_info:
        if kind == "table":
            b = table_block(rb["table"], rb["page"])
            if b:
                blocks.append(b)
            list_x = []
            continue
        style = {"size": rb["size"]}
        if rb["bold"]:
            style["bold"] = True
        if rb["align"]:
            style["align"] = rb["align"]
        if "level" in rb:
            blocks.append(Block(HEADING, rb["text"], rb["level"], rb["page"], style=style))
            list_x = []
        elif rb["marker"]:
            x = rb["x0"]
            while list_x and list_x[-1] > x + 2:
                list_x.pop()
            if not list_x or list_x[-1] < x - 2:
                list_x.append(x)
            blocks.append(Block(LIST_ITEM, rb["text"], len(list_x), rb["page"], ordered=rb["marker"] == "ordered",
                                style=style))
        else:
            blocks.append(Block(PARAGRAPH, rb["text"], 0, rb["page"], style=style))
            list_x = []
    return normalise_levels(blocks)

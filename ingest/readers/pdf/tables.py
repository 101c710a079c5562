"""PDF tables and page columns: lines sharing columns become tables; long flowing columns are
read one after the other.
"""
from __future__ import annotations

from statistics import median

from ..markers import join_lines
from .glyphs import Line
from .lines import split_at_columns


def find_tables(lines: list[Line]) -> list[tuple[str, object]]:
    """Split a page's lines into ("line", Line) and ("table", rows) items in reading order."""
    items: list[tuple[str, object]] = []
    lines = list(lines)
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if len(ln.segs) < 2 or ln.strong_marker and len(ln.segs) < 3:
            items.append(("line", ln))
            i += 1
            continue
        # grow a region of lines that share columns
        region = [ln]
        j = i + 1
        while j < n:
            cols_x = sorted({s.x0 for r in region if len(r.segs) >= 2 for s in r.segs})
            nx = split_at_columns(lines[j], cols_x[1:])
            lines[j] = nx
            prev = region[-1]
            dy = prev.y - nx.y
            if dy <= 0 or dy > 3.2 * max(prev.size, nx.size):
                break
            if len(nx.segs) >= 2:
                region.append(nx)
                j += 1
                continue
            # a single run inside the table: a wrapped cell, or a row with one filled cell
            first_col_x1 = min((r.segs[1].x0 for r in region if len(r.segs) >= 2), default=nx.x1)
            aligned_later = any(abs(nx.x0 - cx) <= 4 for cx in cols_x[1:])
            fits_first = abs(nx.x0 - region[0].segs[0].x0) <= 4 and nx.x1 < first_col_x1
            if aligned_later or fits_first:
                # only keep it when the table goes on after it
                k = j + 1
                if k < n and len(lines[k].segs) >= 2 and lines[j].y - lines[k].y <= 3.2 * lines[k].size:
                    region.append(nx)
                    j += 1
                    continue
                if aligned_later and not fits_first:
                    region.append(nx)
                    j += 1
                    continue
            break
        multi = [r for r in region if len(r.segs) >= 2]
        table = None
        if len(multi) >= 2:
            table = _region_table(_extend_region(region, lines, i, j, items))
        if table is None:
            items.append(("line", ln))
            i += 1
            continue
        kind, payload, j = table
        if kind == "columns":
            for col_lines in payload:
                for cl in col_lines:
                    items.append(("line", cl))
        else:
            items.append(("table", payload))
        i = j
    return items


def _extend_region(region: list[Line], lines: list[Line], i: int, j: int, items: list) -> tuple:
    """Add the one-cell rows just above and below a table (letterheads), keeping their row pitch."""
    multi = [r for r in region if len(r.segs) >= 2]
    col0_x = multi[0].segs[0].x0
    col1_x = min(r.segs[1].x0 for r in multi)
    pitches = [a.y - b.y for a, b in zip(multi, multi[1:]) if a.y > b.y]
    if not pitches:
        return region, j
    pitch = median(pitches)

    cell_size = median(r.size for r in multi)

    def fits(ln: Line, dy: float) -> bool:
        return (len(ln.segs) == 1 and abs(ln.x0 - col0_x) <= 1.5 and ln.x1 < col1_x - 2
                and abs(ln.size - cell_size) < 0.3 and 0.85 * pitch <= dy <= 1.15 * pitch)

    before: list[Line] = []
    while items and items[-1][0] == "line":
        cand = items[-1][1]
        top = before[0] if before else region[0]
        if cand.page == top.page and fits(cand, cand.y - top.y):
            before.insert(0, cand)
            items.pop()
        else:
            break
    after: list[Line] = []
    k = j
    while k < len(lines):
        bottom = after[-1] if after else region[-1]
        if fits(lines[k], bottom.y - lines[k].y):
            after.append(lines[k])
            k += 1
        else:
            break
    return before + region + after, k


def _region_table(arg):
    region, j = arg
    # columns: cluster the x-ranges of the segments of multi-segment lines
    segs = sorted((s for r in region if len(r.segs) >= 2 for s in r.segs), key=lambda s: s.x0)
    cols: list[list[float]] = []
    for s in segs:
        if cols and s.x0 < cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], s.x1)
        else:
            cols.append([s.x0, s.x1])
    if len(cols) < 2:
        return None
    # two or three long flowing text columns are page columns, not a table
    avg_len = sum(len(s.text) for s in segs) / max(1, len(segs))
    multi = [r for r in region if len(r.segs) >= 2]
    if len(multi) >= 6 and avg_len >= 30 and len(cols) <= 3:
        columns = []
        for c0, c1 in cols:
            col_lines = []
            for r in region:
                parts = [s for s in r.segs if s.x0 >= c0 - 2 and s.x0 <= c1]
                if parts:
                    col_lines.append(Line(parts, r.y, r.page))
            columns.append(col_lines)
        return ("columns", columns, j)

    def col_of(s) -> int:
        best, best_ov = 0, -1e9
        for ci, (c0, c1) in enumerate(cols):
            ov = min(s.x1, c1) - max(s.x0, c0)
            if ov > best_ov:
                best, best_ov = ci, ov
        return best

    dys = [region[k - 1].y - region[k].y for k in range(1, len(region))]
    sizes = [r.size for r in region]
    # rows: a taller gap than a wrapped line inside a cell starts a new row
    ratios = [dy / max(1.0, min(sizes[k], sizes[k + 1])) for k, dy in enumerate(dys)]
    bimodal = bool(ratios) and max(ratios) > 1.25 * min(ratios) and min(ratios) < 1.45
    threshold = (max(ratios) + min(ratios)) / 2 if bimodal else None
    rows: list[list[list[str]]] = []
    for k, r in enumerate(region):
        new_row = k == 0
        if k > 0:
            if threshold is not None:
                new_row = ratios[k - 1] > threshold
            else:
                new_row = len(r.segs) >= 2 or any(col_of(s) == 0 for s in r.segs)
        if new_row:
            rows.append([[] for _ in cols])
        for s in r.segs:
            rows[-1][col_of(s)].append(s.text)
    out = [[join_lines(cell) for cell in row] for row in rows]
    return ("table", out, j)

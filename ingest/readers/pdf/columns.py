"""Two-column pages: find the gutter between the columns and read the left column before the right one.

Lines are built across the whole page width, so on a two-column page the left and the right column's
lines at one height were one line, and columns whose baselines do not match (the right column starting
half a line lower, a heading in one of them) alternated line by line: the two texts came out
interleaved (issue 9). The reading order is now decided from a gutter:

- ``find_gutter`` looks, between a quarter and three quarters of the text's width, for the widest
  vertical strip crossed by the fewest lines, when those are at most 35% of the page's lines (a title or
  a footer may span both columns), at least 0.6 of the body font size wide and with 3+ lines on each
  side of it;
- ``page_lines`` does not join two glyph runs whose gap (0.6 em or more) holds the strip's middle, even
  when the gutter is narrower than the gap that joins runs of a line;
- ``column_order`` reads each stretch of lines that do not cross the gutter as the left column's lines,
  then the right column's, when both sides are prose: lines of 15+ characters that fill most of their
  column's width, and at least 30% of them go on in a next line that starts in lower case. A table
  also has empty vertical strips, but its cells are short or start their own capitalised phrase, so it
  stays for ``find_tables``.

Measured on two-column pages written by fpdf2 (tests/test_readers_pdf_columns.py): gutters of 3-15 mm,
9-11 pt, ragged and justified, columns on the same or on different baselines, 190 and 120 mm wide:
before, 46 of 64 variants came out interleaved or as a table; after, none.
"""
from __future__ import annotations

import re
from statistics import median

from .glyphs import Line

_MIN_SIDE_LINES = 3
_MAX_CROSSING = 0.35
_SENTENCE_END = re.compile(r"[.!?;:»”)]\s*$")


def find_gutter(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float] | None:
    """(left, right) x of the gutter of a two-column page, from (x0, x1, y, size) boxes of text runs."""
    if len(boxes) < 2 * _MIN_SIDE_LINES:
        return None
    x_min = min(b[0] for b in boxes)
    x_max = max(b[1] for b in boxes)
    width = x_max - x_min
    if width < 100:
        return None
    size = median(b[3] for b in boxes)
    # the lines crossing each 1-pt column of the page (a line counted once however many runs it has)
    rows: dict[int, list[tuple[float, float]]] = {}
    for x0, x1, y, s in boxes:
        rows.setdefault(round(y / max(1.0, 0.5 * s)), []).append((x0, x1))
    n_bins = int(width) + 1
    diff = [0] * (n_bins + 1)
    for spans in rows.values():
        covered: list[tuple[int, int]] = []
        for x0, x1 in sorted(spans):
            a, b = int(x0 - x_min), int(x1 - x_min) + 1
            if covered and a <= covered[-1][1]:
                covered[-1] = (covered[-1][0], max(covered[-1][1], b))
            else:
                covered.append((a, b))
        for a, b in covered:
            diff[max(0, a)] += 1
            diff[min(n_bins, b)] -= 1
    counts = []
    run = 0
    for k in range(n_bins):
        run += diff[k]
        counts.append(run)
    lo, hi = int(0.25 * width), int(0.75 * width)
    # the strip is where the fewest lines cross (a title, a footer): ragged line ends do not narrow it
    limit = min(counts[lo:hi + 1])
    if limit > _MAX_CROSSING * len(rows):
        return None
    best: tuple[int, int] | None = None
    k = lo
    while k <= hi:
        if counts[k] <= limit:
            start = k
            while k < n_bins and counts[k] <= limit:
                k += 1
            if best is None or (k - start) > (best[1] - best[0]):
                best = (start, k)
        k += 1
    if best is None or best[1] - best[0] < 0.6 * size:
        return None
    g0, g1 = x_min + best[0], x_min + best[1]
    left = sum(1 for spans in rows.values() if any(x1 <= g0 + 1 for _, x1 in spans))
    right = sum(1 for spans in rows.values() if any(x0 >= g1 - 1 for x0, _ in spans))
    if left < _MIN_SIDE_LINES or right < _MIN_SIDE_LINES:
        return None
    return g0, g1


def _crosses(line: Line, middle: float) -> bool:
    return any(s.x0 < middle < s.x1 for s in line.segs)


def _fills(lines: list[Line]) -> bool:
    """Lines of prose: 15+ characters on average, most reaching 60% of the column's width."""
    if len(lines) < _MIN_SIDE_LINES or sum(len(ln.text) for ln in lines) < 15 * len(lines):
        return False
    left = min(ln.x0 for ln in lines)
    width = max(1.0, max(ln.x1 for ln in lines) - left)
    return median((ln.x1 - ln.x0) / width for ln in lines) >= 0.6


def _running_on(lines: list[Line]) -> tuple[int, int]:
    """(lines whose sentence goes on in the next line, lines that could): the next line starts in lower
    case after a line that ends without a full stop. Table cells start their own capitalised phrase."""
    n = 0
    for ln, nxt in zip(lines, lines[1:]):
        first = next((ch for ch in nxt.text if ch.isalpha()), "")
        if not _SENTENCE_END.search(ln.text) and first.islower():
            n += 1
    return n, max(0, len(lines) - 1)


def _prose(lefts: list[Line], rights: list[Line]) -> bool:
    if not (_fills(lefts) and _fills(rights)):
        return False
    (a, b), (c, d) = _running_on(lefts), _running_on(rights)
    return (a + c) >= 0.3 * max(1, b + d)


def column_order(lines: list[Line]) -> list[Line]:
    """The page's lines in reading order: each two-column stretch left column first (see the docstring)."""
    boxes = [(s.x0, s.x1, ln.y, s.size) for ln in lines for s in ln.segs]
    gutter = find_gutter(boxes)
    if gutter is None:
        return lines
    middle = (gutter[0] + gutter[1]) / 2  # a few lines may reach into the strip; none crosses its middle
    out: list[Line] = []
    stretch: list[Line] = []

    def flush() -> None:
        lefts: list[Line] = []
        rights: list[Line] = []
        for ln in stretch:
            for side, segs in ((lefts, [s for s in ln.segs if s.x1 <= middle]),
                               (rights, [s for s in ln.segs if s.x0 >= middle])):
                if not segs:
                    continue
                if segs[0] is ln.segs[0]:  # the side that starts the line keeps its list marker
                    side.append(Line(segs, ln.y, ln.page, ln.marker, ln.marker_x, ln.text_x, ln.strong_marker))
                else:
                    side.append(Line(segs, ln.y, ln.page))
        if _prose(lefts, rights):
            out.extend(lefts)
            out.extend(rights)
        else:
            out.extend(stretch)
        stretch.clear()

    for ln in lines:
        if _crosses(ln, middle):
            flush()
            out.append(ln)
        else:
            stretch.append(ln)
    flush()
    return out

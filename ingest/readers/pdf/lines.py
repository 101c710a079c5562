"""PDF lines: glyph runs grouped into lines, runs far apart on a line become separate segments."""
from __future__ import annotations


from ..markers import MARKER_ONLY_RE
from .columns import find_gutter
from .glyphs import Frag, Line, Seg


def page_lines(frags: list[Frag], page_no: int) -> list[Line]:
    # runs on either side of a two-column page's gutter are never joined, however narrow it is
    gutter = find_gutter([(fr.x0, fr.x1, fr.y, fr.size) for fr in frags])
    middle = (gutter[0] + gutter[1]) / 2 if gutter else None
    frags = sorted(frags, key=lambda fr: (-fr.y, fr.x0))
    groups: list[list[Frag]] = []
    ys: list[float] = []
    for fr in frags:
        placed = False
        for gi in range(len(groups) - 1, max(-1, len(groups) - 4), -1):
            tol = 0.45 * min(fr.size, max(g.size for g in groups[gi]))
            if abs(ys[gi] - fr.y) <= tol:
                groups[gi].append(fr)
                placed = True
                break
        if not placed:
            groups.append([fr])
            ys.append(fr.y)
    lines: list[Line] = []
    for g, y in zip(groups, ys):
        g.sort(key=lambda fr: fr.x0)
        segs: list[Seg] = []
        last_frag: Frag | None = None
        for fr in g:
            if segs:
                s = segs[-1]
                # the same text drawn twice at (almost) the same place: fake bold, shadows
                if last_frag is not None and fr.text == last_frag.text and abs(fr.x0 - last_frag.x0) < 0.5 * fr.size:
                    continue
                gap = fr.x0 - s.x1
                exact = s.exact and fr.exact
                limit = (1.6 if exact else 3.0) * max(s.size, fr.size)
                if gap <= limit and not (middle is not None and gap >= 0.6 * fr.size and s.x1 <= middle <= fr.x0):
                    sep = "" if gap < 0.12 * fr.size or s.text.endswith(" ") else " "
                    s.starts = s.starts + ((fr.x0, len(s.text) + len(sep)),)
                    s.text = s.text + sep + fr.text
                    s.x1 = max(s.x1, fr.x1)
                    s.bold = s.bold and fr.bold
                    s.exact = exact
                    if fr.size > s.size and len(fr.text) > s.nchars:
                        s.size = fr.size
                    s.nchars += len(fr.text)
                    last_frag = fr
                    continue
            segs.append(Seg(fr.x0, fr.x1, fr.text, fr.size, fr.bold, fr.exact, len(fr.text)))
            last_frag = fr
        line = Line(segs, y, page_no)
        # a list marker drawn apart from its text ("•", "1.") belongs to the text
        if (len(segs) >= 2 and MARKER_ONLY_RE.match(segs[0].text.strip())
                and segs[1].x0 - segs[0].x1 < 6 * segs[1].size):
            mk, nxt = segs[0], segs[1]
            merged = Seg(mk.x0, nxt.x1, mk.text.strip() + " " + nxt.text, nxt.size, nxt.bold, nxt.exact, nxt.nchars)
            line.segs = [merged] + segs[2:]
            line.strong_marker = True
            line.text_x = nxt.x0
        lines.append(line)
    return lines


def split_at_columns(line: Line, cols_x: list[float]) -> Line:
    """Cut a line's segments where a glyph run starts exactly at a known table column."""
    new: list[Seg] = []
    changed = False
    for s in line.segs:
        cuts = [(x, idx) for x, idx in s.starts if idx > 0 and any(abs(x - cx) <= 3 for cx in cols_x)]
        if not cuts:
            new.append(s)
            continue
        changed = True
        prev_idx, prev_x = 0, s.x0
        pieces = []
        per_char = (s.x1 - s.x0) / max(1, len(s.text))
        for x, idx in cuts:
            pieces.append((prev_x, min(x - 1, prev_x + per_char * (idx - prev_idx)), s.text[prev_idx:idx].strip()))
            prev_idx, prev_x = idx, x
        pieces.append((prev_x, s.x1, s.text[prev_idx:].strip()))
        for x0, x1, t in pieces:
            if t:
                new.append(Seg(x0, max(x0 + 1, x1), t, s.size, s.bold, s.exact, len(t)))
    if not changed:
        return line
    return Line(new, line.y, line.page, line.marker, line.marker_x, line.text_x, line.strong_marker)

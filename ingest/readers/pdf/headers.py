"""Running headers, footers and page numbers of a PDF."""
from __future__ import annotations

import re
from collections import Counter

from ..clean import clean_text
from .glyphs import Line


_PAGE_NUMBER_RE = re.compile(
    r"^(?:(?:page|σελίδα|σελ\.?|σ\.|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|of|από|απο|-)\s*\d{1,4})?$", re.I
)


def drop_headers_footers(pages: list[tuple[list[Line], float, float]]) -> list[list[Line]]:
    """Remove page numbers and running headers/footers. pages: (lines, y_bottom, y_top).

    Only the two outermost lines at the top and at the bottom of a page are candidates, inside
    the top/bottom 12% of the page; a candidate goes when it is a page number, when (roughly) the
    same short line is on at least half of the pages, or, on any page, when it is printed smaller
    than the body text at the very edge of the page.
    """
    n = len(pages)
    all_sizes: Counter = Counter()
    for lines, _, _ in pages:
        for ln in lines:
            all_sizes[ln.size] += sum(s.nchars for s in ln.segs)
    body = all_sizes.most_common(1)[0][0] if all_sizes else 10.0

    def key_of(text: str) -> str:
        t = clean_text(text).lower()
        if len(re.findall(r"\d+", t)) <= 2 and len(t) <= 80:
            t = re.sub(r"\d+", "#", t)
        return t

    candidates: list[list[tuple[Line, str]]] = []
    keyed: Counter = Counter()
    for lines, y0, y1 in pages:
        h = max(1.0, y1 - y0)
        ordered = sorted(lines, key=lambda ln: -ln.y)
        edge = ordered[:2] + ordered[-2:] if len(ordered) > 4 else ordered
        cand = []
        keys = set()
        for ln in edge:
            if not (ln.y >= y1 - 0.12 * h or ln.y <= y0 + 0.12 * h):
                continue
            ln.segs = [s for s in ln.segs if not _PAGE_NUMBER_RE.match(clean_text(s.text))]
            if not ln.segs:
                continue
            if ln.size > body + 0.5 or len(clean_text(ln.text)) > 120:
                continue  # a heading or body text, not a running header
            k = key_of(ln.text)
            cand.append((ln, k))
            keys.add(k)
        candidates.append(cand)
        for k in keys:
            keyed[k] += 1
    out: list[list[Line]] = []
    for (lines, y0, y1), cand in zip(pages, candidates):
        h = max(1.0, y1 - y0)
        drop = set()
        for ln, k in cand:
            if n >= 2 and keyed[k] >= 2 and keyed[k] >= 0.5 * n:
                drop.add(id(ln))
            elif (ln.y >= y1 - 0.065 * h or ln.y <= y0 + 0.065 * h) and ln.size < 0.9 * body:
                drop.add(id(ln))
        kept = [ln for ln in lines if ln.segs and id(ln) not in drop]
        if not kept:
            # every line of the page repeats on the others (identical pages, a one-line form
            # printed N times): that is the content, not a running header (issue 9)
            kept = [ln for ln in lines if ln.segs]
        out.append(kept)
    return out

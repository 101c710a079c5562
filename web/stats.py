"""Counts over published practices: per MoU axis, and the municipality × axis coverage table."""
from __future__ import annotations

import math

from web.extension import praxis

LEVELS = 5


def axis_counts() -> dict[int, int]:
    rows = praxis().store.execute(
        "SELECT pa.axis, COUNT(DISTINCT pa.practice_id) FROM practice_axes pa JOIN practices p "
        "ON p.id = pa.practice_id WHERE p.review_state = 'published' GROUP BY pa.axis"
    ).fetchall()
    counts = {n: 0 for n in range(1, 9)}
    counts.update({int(a): int(c) for a, c in rows})
    return counts


def coverage() -> dict:
    """{"rows": [{"municipality", "total", "cells": [{"axis", "count", "level"}]}], "max": n}.

    `level` (0 to LEVELS) shades a cell relative to the fullest one; 0 only for an empty cell.
    """
    store = praxis().store
    totals = dict(store.execute(
        "SELECT municipality, COUNT(*) FROM practices WHERE review_state = 'published' AND municipality <> '' "
        "GROUP BY municipality"
    ).fetchall())
    counts: dict[tuple[str, int], int] = {}
    for muni, axis, n in store.execute(
        "SELECT p.municipality, pa.axis, COUNT(DISTINCT p.id) FROM practices p JOIN practice_axes pa "
        "ON pa.practice_id = p.id WHERE p.review_state = 'published' AND p.municipality <> '' "
        "GROUP BY p.municipality, pa.axis"
    ):
        counts[(muni, int(axis))] = int(n)
    top = max(counts.values(), default=0)
    rows = []
    for muni in sorted(totals):
        cells = []
        for axis in range(1, 9):
            n = counts.get((muni, axis), 0)
            cells.append({"axis": axis, "count": n, "level": math.ceil(LEVELS * n / top) if n else 0})
        rows.append({"municipality": muni, "total": totals[muni], "cells": cells})
    return {"rows": rows, "max": top}

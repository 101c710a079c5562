"""Counts over published practices: per MoU axis, and the municipality × axis coverage table."""
from __future__ import annotations

import math

from web.extension import praxis

LEVELS = 5


def axis_counts() -> dict[int, int]:
    return praxis().store.axis_counts()


def coverage() -> dict:
    """{"rows": [{"municipality", "total", "cells": [{"axis", "count", "level"}]}], "max": n}.

    `level` (0 to LEVELS) shades a cell relative to the fullest one; 0 only for an empty cell.
    """
    totals, counts = praxis().store.coverage_counts()
    top = max(counts.values(), default=0)
    rows = []
    for muni in sorted(totals):
        cells = []
        for axis in range(1, 9):
            n = counts.get((muni, axis), 0)
            cells.append({"axis": axis, "count": n, "level": math.ceil(LEVELS * n / top) if n else 0})
        rows.append({"municipality": muni, "total": totals[muni], "cells": cells})
    return {"rows": rows, "max": top}

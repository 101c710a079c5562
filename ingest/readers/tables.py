"""Table helpers shared by the readers: a table block from rows, and pipe/tab tables in text."""
from __future__ import annotations

import re
from collections import Counter

from ..blocks import TABLE, Block
from .clean import clean_text


def table_block(rows: list[list[str]], page: int | None = None, style: dict | None = None) -> Block | None:
    rows = [[clean_text(c) for c in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return None
    width = max(len(r) for r in rows)
    # drop columns that are empty in every row
    keep = [i for i in range(width) if any(i < len(r) and r[i] for r in rows)]
    rows = [[r[i] if i < len(r) else "" for i in keep] for r in rows]  # rectangular
    text = "\n".join(" | ".join(c for c in r if c) for r in rows)
    return Block(TABLE, text, page=page, rows=tuple(tuple(r) for r in rows), style=style or {})


MD_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def split_cells(line: str, sep: str) -> list[str]:
    s = line.strip()
    if sep == "|":
        if s.startswith("|"):
            s = s[1:]
        if s.endswith("|"):
            s = s[:-1]
    return [c.strip() for c in s.split(sep)]


def table_from_lines(lines: list[str]) -> list[list[str]] | None:
    """Rows of a pipe- or tab-separated table, or None when the lines are not one."""
    if len(lines) < 2:
        return None
    for sep in ("|", "\t"):
        content = [ln for ln in lines if not (sep == "|" and MD_TABLE_SEP_RE.match(ln))]
        if len(content) < 2 or not all(sep in ln for ln in content):
            continue
        rows = [split_cells(ln, sep) for ln in content]
        counts = Counter(len(r) for r in rows)
        ncols, freq = counts.most_common(1)[0]
        if ncols >= 2 and freq >= 0.75 * len(rows):
            return rows
    return None


def table_runs(chunk: list[str]) -> list[tuple[str, object]]:
    """Split a chunk of lines into ("text", lines) and ("table", rows) runs."""
    def tabular(ln: str) -> bool:
        return "|" in ln or "\t" in ln.strip()

    runs: list[tuple[str, object]] = []
    i = 0
    while i < len(chunk):
        j = i
        if tabular(chunk[i]):
            while j < len(chunk) and tabular(chunk[j]):
                j += 1
            rows = table_from_lines(chunk[i:j]) if j - i >= 2 else None
            if rows is not None:
                runs.append(("table", rows))
                i = j
                continue
        else:
            while j < len(chunk) and not tabular(chunk[j]):
                j += 1
        if runs and runs[-1][0] == "text":
            runs[-1][1].extend(chunk[i:j])
        else:
            runs.append(("text", list(chunk[i:j])))
        i = j
    return runs

"""Spreadsheets (.xlsx, .ods, .csv): a sheet whose rows are practices gives one record per row.

Every sheet is read into rows of text cells, then classified by its structure alone:

- a *register* (one practice per row): a header row of short labels, at least two data rows, at
  least three columns, one column of long text (median >= 8 words: a description, where labels,
  names, figures, phone numbers and e-mail addresses have 1-4) and a column of short, mostly
  distinct values left of it (the name of each row). Each row becomes a HEADING (its name,
  ``style={"record": True}``) followed by one PARAGRAPH "Header: value" per other non-empty cell,
  so extraction makes one practice per row with the columns as fields.
- a single column of text (notes, a description sheet): one paragraph per cell.
- anything else (statistics, contact lists): one TABLE block.

Rows above the header (a title, a subtitle) become paragraphs; the sheet's name is a heading when
the workbook has more than one non-empty sheet. Header words are never looked up: the same rules
read a register in any language with any column names.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from statistics import median

from ..blocks import HEADING, PARAGRAPH, Block, ReadError, ReadResult
from .charset import decode as decode_text
from .clean import clean_text
from .limits import FATAL, Limits
from .markers import normalise_levels
from .paragraphs import text_blocks as _text_blocks
from .tables import table_block
from .zipcheck import check_zip
from .odf import TABLE_NS, odf_body, table_rows


def text_blocks(text: str) -> list[Block]:
    """Paragraphs, lists and headings from plain text, as the text reader makes them."""
    return normalise_levels(_text_blocks(text))


MAX_ROWS = 20_000  # per sheet; the rest is cut and meta["truncated"] set
MAX_COLS = 200
_NUMBER_RE = re.compile(r"^[\s\d.,%€$+\-/:()]*$")
_LONG_WORDS = 8  # median words of a description column
_NAME_MAX_WORDS = 20


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value).strip()


def _words(text: str) -> int:
    return len(text.split())


def _is_number(text: str) -> bool:
    return bool(text) and bool(_NUMBER_RE.match(text))


def _trim(rows: list[list[str]]) -> list[list[str]]:
    rows = [[clean_text(c) if "\n" not in c else c.strip() for c in r] for r in rows]
    while rows and not any(rows[-1]):
        rows.pop()
    while rows and not any(rows[0]):
        rows.pop(0)
    width = max((len(r) for r in rows), default=0)
    keep = [i for i in range(width) if any(i < len(r) and r[i] for r in rows)]
    return [[r[i] if i < len(r) else "" for i in keep] for r in rows]


def _header_index(rows: list[list[str]]) -> int | None:
    """The first row with two or more short non-numeric labels that is followed by a row as wide."""
    for i, row in enumerate(rows[:30]):
        filled = [c for c in row if c]
        if len(filled) < 2 or any(_is_number(c) or _words(c) > 8 for c in filled):
            continue
        if i + 1 < len(rows) and sum(1 for c in rows[i + 1] if c) >= 2:
            return i
    return None


def register_columns(header: list[str], data: list[list[str]]) -> tuple[int, int] | None:
    """(name column, description column) when the rows are practices, else None."""
    if len(data) < 2 or sum(1 for h in header if h) < 3:
        return None
    stats = []
    for j in range(len(header)):
        values = [r[j] for r in data if j < len(r) and r[j]]
        if not values:
            stats.append((0.0, 0.0, 0.0, 1.0))
            continue
        words = [_words(v) for v in values]
        numeric = sum(_is_number(v) for v in values) / len(values)
        distinct = len(set(values)) / len(values)
        filled = len(values) / len(data)
        stats.append((median(words), distinct, filled, numeric))
    desc = max(range(len(header)), key=lambda j: (stats[j][0] * stats[j][2], -j))
    if stats[desc][0] < _LONG_WORDS or stats[desc][2] < 0.5:
        return None
    for j in list(range(desc)) + list(range(desc + 1, len(header))):
        med, distinct, filled, numeric = stats[j]
        if 1 <= med <= _NAME_MAX_WORDS and distinct >= 0.8 and filled >= 0.8 and numeric < 0.5 and med < stats[desc][0]:
            return j, desc
    return None


def sheet_blocks(name: str, rows: list[list[str]], *, level: int, show_name: bool) -> list[Block]:
    """The blocks of one sheet (see the module docstring)."""
    rows = _trim(rows)
    if not rows:
        return []
    blocks: list[Block] = []
    if show_name and clean_text(name):
        blocks.append(Block(HEADING, clean_text(name), level=level))
    width = max(len(r) for r in rows)
    if width == 1:
        for r in rows:
            if r[0] and fold_eq(r[0], name) and len(blocks) == 1:
                continue
            blocks.extend(text_blocks(r[0]) if "\n" in r[0] else [Block(PARAGRAPH, clean_text(r[0]))])
        return [b for b in blocks if b.text]
    h = _header_index(rows)
    start = 0 if h is None else h
    for r in rows[:start]:  # title lines above the header
        text = " ".join(c for c in r if c)
        if text and not (len(blocks) == 1 and fold_eq(text, name)):
            blocks.append(Block(PARAGRAPH, clean_text(text)))
    header, data = (rows[h], [r for r in rows[h + 1:] if any(r)]) if h is not None else ([], rows)
    cols = register_columns(header, data) if header else None
    if cols is None:
        table = table_block(([header] if header else []) + data)
        if table is not None:
            blocks.append(table)
        return blocks
    name_col, _desc = cols
    for i, r in enumerate(data):
        title = clean_text(r[name_col]) if name_col < len(r) else ""
        if not title:
            continue
        blocks.append(Block(HEADING, title, level=level + 1, style={"record": True, "row": h + 2 + i}))
        for j, value in enumerate(r):
            if j == name_col or not value:
                continue
            label = clean_text(header[j]) if j < len(header) else ""
            text = clean_text(value)
            blocks.append(Block(PARAGRAPH, f"{label}: {text}" if label else text, style={"field": label}))
    return blocks


def fold_eq(a: str, b: str) -> bool:
    return clean_text(a).casefold() == clean_text(b).casefold()


def workbook_result(sheets: list[tuple[str, list[list[str]]]], fmt: str, meta: dict) -> ReadResult:
    nonempty = [(n, r) for n, r in sheets if any(any(c for c in row) for row in r)]
    blocks: list[Block] = []
    for sheet_name, rows in nonempty:
        blocks.extend(sheet_blocks(sheet_name, rows, level=1, show_name=len(nonempty) > 1))
    if not blocks:
        raise ReadError("empty document: no text")
    if not any(b.kind == HEADING and b.level == 1 for b in blocks):
        blocks = [Block(b.kind, b.text, b.level - 1 if b.kind == HEADING else b.level, b.page, b.rows, b.ordered,
                        b.style) for b in blocks]
    meta["sheets"] = len(nonempty)
    return ReadResult(blocks, fmt, meta)


# -- the three formats --------------------------------------------------------------------


def read_xlsx(data: bytes, name: str, limits: Limits) -> ReadResult:
    zf = check_zip(data, limits, "XLSX")
    zf.close()
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FATAL:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        cause = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else exc.__class__.__name__
        raise ReadError(f"corrupt XLSX: the file is damaged ({cause})") from exc
    meta: dict = {}
    truncated = False
    sheets: list[tuple[str, list[list[str]]]] = []
    try:
        props = wb.properties
        for key, value in (("title", props.title), ("author", props.creator)):
            if value and clean_text(str(value)):
                meta[key] = clean_text(str(value))
        for ws in wb.worksheets:
            rows: list[list[str]] = []
            for k, row in enumerate(ws.iter_rows(values_only=True)):
                if k >= MAX_ROWS:
                    truncated = True
                    break
                rows.append([_cell(v) for v in row[:MAX_COLS]])
            sheets.append((ws.title, rows))
    finally:
        wb.close()
    if truncated:
        meta["truncated"] = True
    return workbook_result(sheets, "xlsx", meta)


def read_ods(data: bytes, name: str, limits: Limits) -> ReadResult:
    _styles, meta, body = odf_body(data, limits, "ods", "spreadsheet", "the file has no spreadsheet body",
                                   with_styles=False)
    sheets = []
    for table in body.iter(TABLE_NS + "table"):
        rows = table_rows(table, max_cells=MAX_ROWS * 20)
        sheets.append((table.get(TABLE_NS + "name") or "", [r[:MAX_COLS] for r in rows[:MAX_ROWS]]))
    return workbook_result(sheets, "ods", meta)


_DELIMITERS = ",;\t|"


def csv_rows(text: str) -> list[list[str]] | None:
    """The rows of `text` when it is delimited data: one delimiter, two or more fields, and at least
    90% of the rows (three or more) with the same number of fields; None for prose (whose commas vary
    from line to line)."""
    # csv.Sniffer's quote regex is quadratic in the length of a line (20 s for one 100,000-character
    # line of brackets; fuzzing, issue 9): it sees lines cut to 2,000 characters, and the rows are then
    # read in full and checked for a consistent width below
    sample = "\n".join(line[:2000] for line in text[:65536].split("\n"))
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        return None
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error:
        return None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if len(rows) < 3:
        return None
    counts: dict[int, int] = {}
    for r in rows:
        counts[len(r)] = counts.get(len(r), 0) + 1
    width, most = max(counts.items(), key=lambda kv: kv[1])
    if width < 2 or most < 0.9 * len(rows):
        return None
    return rows


def looks_like_csv(data: bytes) -> bool:
    try:
        text, _enc = decode_text(data)
    except ReadError:
        return False
    if re.search(r"^\s*\|?\s*:?-{3,}:?\s*\|", text[:20000], re.M):  # a Markdown table
        return False
    return csv_rows(text) is not None


def read_csv(data: bytes, name: str, limits: Limits) -> ReadResult:
    text, enc = decode_text(data)
    rows = csv_rows(text.lstrip("\ufeff"))
    if rows is None:
        raise ReadError("CSV file: the rows do not have a consistent number of columns")
    truncated = len(rows) > MAX_ROWS
    result = workbook_result([("", [r[:MAX_COLS] for r in rows[:MAX_ROWS]])], "csv", {"encoding": enc})
    if truncated:
        result.meta["truncated"] = True
    return result

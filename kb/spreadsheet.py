"""CSV cells a spreadsheet will not run as formulas.

Document text can start with = + - @ (a bullet, a sum, a mention), and a spreadsheet that opens the
export runs such a cell as a formula (OWASP "CSV injection"). A leading apostrophe makes it text;
tab and carriage return are prefixed too, as some programs skip them before looking. Both exports
use this: the web's search.csv and `kb export --format csv`.
"""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """The value as one CSV cell: lists joined with "; ", None empty, formulas neutralised."""
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text

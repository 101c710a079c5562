"""Contact details (e-mail addresses, telephone numbers) hidden from what anonymous users can read.

Member documents name their staff: "Επικοινωνία: name@city.gr, 210 1234567". The `contact`
field is only one place they land; the same details are in the practice text, its summary, its
results, in snippets and in exports (issue 10). `redact` replaces each of them with a marker.

Telephone numbers are told from other numbers by their digit count, which is what separates them
from years, amounts and ranges in these documents: a Greek number has exactly 10 digits, landlines
starting with 2, mobiles with 69 and free lines with 80 ("2019 - 2021" has 8 digits, "5.000" 4);
an international one starts with + or 00 and has 11 to 15 digits (E.164). Separators between the
groups may be spaces, dots, dashes, slashes or brackets.
"""
from __future__ import annotations

import re

MARK = "[…]"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*", re.UNICODE)
# A run of digits and separators that starts and ends with a digit (or + / 00 at the start).
_NUMBER = re.compile(r"(?<![\w+])(?:\+|\b00)?\(?\d[\d\s().\-/]{6,}\d(?!\w)")
_GREEK_PREFIX = ("2", "69", "80")


def _is_phone(run: str) -> bool:
    digits = re.sub(r"\D", "", run)
    if run.startswith(("+", "00")):
        return 11 <= len(digits) <= 15
    return len(digits) == 10 and digits.startswith(_GREEK_PREFIX)


def contact_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every e-mail address and telephone number in the text, in order."""
    spans = [m.span() for m in EMAIL.finditer(text)]
    for m in _NUMBER.finditer(text):
        run = m.group().rstrip(" .-/(")
        if _is_phone(run):
            spans.append((m.start(), m.start() + len(run)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def redact(text, mark: str = MARK):
    """The text with every contact detail replaced by `mark`; lists item by item; anything else as it is."""
    if isinstance(text, list):
        return [redact(t, mark) for t in text]
    if not isinstance(text, str) or not text:
        return text
    spans = contact_spans(text)
    if not spans:
        return text
    out, pos = [], 0
    for s, e in spans:
        out.append(text[pos:s])
        out.append(mark)
        pos = e
    out.append(text[pos:])
    return "".join(out)

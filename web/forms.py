"""The practice form shared by submission and editing: which fields, how they are read and checked.

Plain request.form parsing rather than WTForms classes: the fields are data
driven (one list for both forms), labels come from web.i18n, and CSRF is
enforced for every POST by CSRFProtect whatever the form.
"""
from __future__ import annotations

import re

from kb import vocab
from kb.model import LANGUAGES, STATUSES
from kb.municipalities import canonical_municipality

LIST = "list"  # one item per line
TEXT = "text"  # one line
AREA = "area"  # a paragraph
LONG = "long"  # the practice's text
CHOICE = "choice"
YEAR = "year"

KINDS = {
    "title": TEXT, "municipality": TEXT, "summary": AREA, "text": LONG, "target_groups": LIST,
    "services": LIST, "partners": LIST, "status": CHOICE, "start_year": YEAR, "language": CHOICE,
    "funding": AREA, "results": AREA, "lessons": AREA, "transferability": AREA, "contact": AREA, "timescale": TEXT,
}
CHOICES = {"status": STATUSES, "language": LANGUAGES}
SUBMIT_FIELDS = ("title", "municipality", "language", "summary", "text", "target_groups", "status", "start_year",
                 "funding", "results", "transferability", "contact")
EDIT_FIELDS = ("title", "municipality", "language", "summary", "text", "target_groups", "services", "partners",
               "status", "start_year", "timescale", "funding", "results", "lessons", "transferability", "contact")
LIMITS = {TEXT: 300, AREA: 5_000, LONG: 200_000, LIST: 2_000}
# Lists with a controlled vocabulary: "μετανάστες" and "migrants" are one facet value.
VOCABULARIES = {"target_groups": vocab.target_groups, "services": vocab.services}


def _labelled(items: list[str], labels_of) -> list[str]:
    """Each item as its vocabulary labels, or as written when the vocabulary does not know it."""
    out: list[str] = []
    for item in items:
        for label in labels_of(item) or [item]:
            if label not in out:
                out.append(label)
    return out


def parse(form, names: tuple[str, ...], required: tuple[str, ...] = ("title",)) -> tuple[dict, dict]:
    """(values for the store, {field: error message}) from a submitted form."""
    values, errors = {}, {}
    for name in names:
        kind = KINDS[name]
        raw = (form.get(name) or "").replace("\r\n", "\n").strip()
        if len(raw) > LIMITS.get(kind, 300):
            errors[name] = "This field is too long."
            continue
        if kind == LIST:
            items = [item.strip() for item in re.split(r"[\n;]", raw) if item.strip()]
            values[name] = _labelled(items, VOCABULARIES[name]) if name in VOCABULARIES else items
        elif kind == CHOICE:
            if raw and raw not in CHOICES[name]:
                errors[name] = "Choose one of the options."
            values[name] = raw
        elif kind == YEAR:
            digits = raw.isascii() and raw.isdigit()  # not "²", whose int() fails
            if raw and not (digits and 1950 <= int(raw) <= 2100):
                errors[name] = "A year such as 2021."
            values[name] = int(raw) if digits else None
        elif kind == TEXT:
            values[name] = " ".join(raw.split())
        else:
            values[name] = raw
    if "municipality" in values and values["municipality"]:
        values["municipality"] = canonical_municipality(values["municipality"]) or values["municipality"]
    if "title" in required and not values.get("title") and "title" not in errors:
        errors["title"] = "A title is required."
    return values, errors


def as_form(values: dict) -> dict:
    """Store values as form strings (lists one per line)."""
    out = {}
    for name, value in values.items():
        if isinstance(value, list):
            out[name] = "\n".join(map(str, value))
        else:
            out[name] = "" if value is None else str(value)
    return out

"""The practice record and the values its fields take.

A practice is one thing a municipality does (or plans) for the integration of
migrants and refugees: a centre, a course, a service, a programme. Its fields
follow the good-practice templates of the European Website on Integration and
Interreg Europe: title, timescale, target groups and people reached, resources
and funding, results and evidence, lessons, transferability. A field the
document does not state stays empty; nothing is invented.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

from .language import text_language  # noqa: F401  (el | en | other | '': kb.language)

STATUSES = ("running", "planned", "ended")
LANGUAGES = ("el", "en")


# List fields hold short labels; text fields hold prose from the document.
LIST_FIELDS = ("target_groups", "services", "partners")
TEXT_FIELDS = (
    "summary",
    "funding",
    "results",
    "lessons",
    "transferability",
    "contact",
    "timescale",
)


@dataclass
class Practice:
    title: str
    text: str  # the practice's own text, as it stands in the document
    municipality: str = ""
    summary: str = ""
    language: str = ""  # el | en
    status: str = ""  # running | planned | ended | "" (not stated)
    start_year: int | None = None
    target_groups: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    funding: str = ""
    results: str = ""
    lessons: str = ""
    transferability: str = ""
    contact: str = ""
    timescale: str = ""
    location: str = ""  # where in the source: "p. 3", "§ Ελληνομάθεια", "table row 4"
    page: int | None = None
    axes_hint: list[int] = field(default_factory=list)  # axes the document itself names (e.g. a form field)
    kind: str = "section"  # how it was found: form, section, overview, list_item, minutes_item, named_programme, paragraph, document
    ordinal: int = 0  # position in the document
    context: str = ""  # the sentences around a practice named in running prose (display and search aid)

    def to_dict(self) -> dict:
        return asdict(self)

    def content_key(self) -> str:
        """A hash of what makes two records the same practice text (used to store a text once, and to
        know when a practice must be embedded again: its title, summary and text are what is embedded)."""
        h = hashlib.sha256()
        for part in (self.title.strip(), self.summary.strip(), self.text.strip()):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()


def practice_id(document_sha256: str, ordinal: int, title: str) -> str:
    """A stable id: the same document content gives the same ids on every run."""
    h = hashlib.sha256(f"{document_sha256}:{ordinal}:{title}".encode("utf-8")).hexdigest()
    return "p" + h[:15]

"""Step 2 of extraction, shape: what kind of document the cleaned blocks make, and what its
headings and stretches of text are.

- a heading's class (classify_heading): a topic of its own, or a field section (contact, results,
  funding, partners, lessons, transferability), a plan, an overview, a container of practices, or
  one to skip; its text without numbering (clean_heading);
- whether a stretch of text presents something a municipality does or plans for integration
  (describes_practice), scored on the services, target groups and activity words it names;
- minutes (is_minutes): read as agenda items; a document of several "ΘΕΜΑ:" decisions gets one
  heading per subject line (promote_subject_lines).

The candidates of each shape are read in step 3 (s3_forms, s3_sections, s3_prose). Everything
works on generic cues (cues: heading words, numbering, Greek and English cue words), never on
particular documents.
"""
from __future__ import annotations

import re

from ingest.blocks import HEADING, PARAGRAPH, Block
from ingest.extraction.cues import ACTIVITY, HEADING_CLASSES, META, MINUTES_DOC, NUMBERING
from ingest.extraction.s1_clean import AGENDA_HEADING, SUBJECT_LINE
from ingest.extraction.text import fold, sentences
from kb import vocab


def classify_heading(title: str) -> str:
    """The class of a section heading: skip, contact, results, lessons, transferability, funding,
    partners, plan, overview, container, or "" for a heading that names a topic of its own."""
    f = fold(title)
    words = f.split()
    if not words:
        return ""
    if len(words) > 8:
        return "plan" if re.match(r"(?:κοινη\s+)?(?:προταση|προτασεισ|proposal|joint proposal)\b", f) else ""
    for name, _, anywhere in HEADING_CLASSES:
        if anywhere is not None and anywhere.search(f):
            return name
    for name, head, _ in HEADING_CLASSES:
        match = head.search(f)
        if match and (match.start() <= len(words[0]) or len(words) <= 3):
            return name
    return ""


def clean_heading(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    previous = None
    while previous != text:
        previous = text
        text = NUMBERING.sub("", text, count=1).strip()
    return text.strip(" :–—-") or previous


# -- practice content tests ----------------------------------------------------------------


def practice_score(text: str) -> int:
    f = fold(text)
    return len(vocab.services(f, folded=True)) + len(vocab.target_groups(f, folded=True)) + (2 if ACTIVITY.search(f) else 0)


def describes_practice(text: str, *, strict: bool = False) -> bool:
    """Whether a stretch of text presents something a municipality does (or plans) for integration."""
    words = text.split()
    if len(words) < (15 if strict else 6):
        return False
    if strict:
        substantive = [s for s in sentences(text) if not META.search(fold(s)) and len(s.split()) >= 5]
        if not substantive:
            return False
        return practice_score(" ".join(substantive)) >= 4
    return practice_score(text) >= 2



# -- minutes -----------------------------------------------------------------------------


def is_minutes(blocks: list[Block], meta: dict | None = None) -> bool:
    head = " ".join(b.text for b in blocks[:8] if b.kind in (HEADING, PARAGRAPH))
    title = (meta or {}).get("title", "") or ""
    f = fold(head[:600] + " " + title)
    agenda = sum(1 for b in blocks if b.kind == HEADING and AGENDA_HEADING.match(fold(b.text)))
    subjects = sum(1 for b in blocks if b.kind == PARAGRAPH and SUBJECT_LINE.match(b.text))
    return bool(MINUTES_DOC.search(f)) and (agenda >= 1 or subjects >= 2 or sum(b.kind == HEADING for b in blocks) >= 2)


def promote_subject_lines(blocks: list[Block]) -> list[Block]:
    """In a document of several decisions, each "ΘΕΜΑ:" line starts an item."""
    subjects = [i for i, b in enumerate(blocks) if b.kind == PARAGRAPH and SUBJECT_LINE.match(b.text)]
    if len(subjects) < 2:
        return blocks
    deepest = max((b.level for b in blocks if b.kind == HEADING), default=0)
    return [Block(HEADING, b.text, level=deepest + 1, page=b.page, style=b.style) if i in subjects else b
            for i, b in enumerate(blocks)]



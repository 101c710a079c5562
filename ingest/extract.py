"""Extraction: from a document's blocks to practice records.

    extract_practices(blocks, *, source="", meta=None, folder_municipality="") -> list[Practice]

A pure function: the same blocks give the same records. The pipeline:

- ingest.cleaning: normalise the reader's blocks (page furniture, false and missing headings,
  broken paragraphs) and drop lists that are not practices (the MoU axes, a memo's requests);
- ingest.forms / ingest.shapes / ingest.prose: read the document's shape (submission form,
  sectioned document, minutes, a page under one title, prose memo) into candidates, one per
  practice (ingest.enumerations for programmes named in running prose);
- ingest.titles: every record is titled by a name (a heading, a form's title, a named
  programme, the document's own title, a short noun phrase), never by a sentence cut short;
- here: turn each candidate into a Practice with the fields its own text states
  (ingest.fields, kb.vocab), resolve the municipality (kb.municipalities), merge records that
  name the same programme twice, and pair the two halves of a bilingual document.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Protocol

from ingest import fields as F
from ingest.blocks import HEADING, TABLE, Block
from ingest.candidate import Candidate, block_text
from ingest.cleaning import block_is_furniture, clean_blocks, drop_non_practice_lists
from ingest.cues import META, ONE_PRACTICE
from ingest.shapes import clean_heading
from ingest.forms import fact_table_fields, form_candidates
from ingest.prose import document_titles, is_aside, name_paragraphs, one_subject, prose_candidates, title_heading
from ingest.shapes import (
    describes_practice,
    is_minutes,
    practice_score,
    promote_subject_lines,
    section_candidates,
    subject_title,
)
from ingest.segmenter.labels import expand_tables
from ingest.segmenter.model import load_model, segment_candidates
from ingest.titles import noun_phrase
from ingest.text import fold
from kb import vocab
from kb.model import Practice
from kb.municipalities import canonical_municipality, municipality_mentions

__all__ = ["extract_practices", "document_municipality"]


def extract_practices(
    blocks: list[Block],
    *,
    source: str = "",
    meta: dict | None = None,
    folder_municipality: str = "",
    models_dir: str | Path | None = None,
    segmenter: Segmenter | None = None,
    rules_only: bool = False,
) -> list[Practice]:
    """The practices a document presents, one record each, in document order.

    The learned segmenter (ingest.segmenter: models_dir/segment.json when that exists, else the
    shipped model; or `segmenter` itself) decides where practices begin and end, except in a
    submission form, which is one practice per form whatever its layout. `rules_only` uses the
    rule-based shapes instead (kept for comparison: bench/segment_cv.py measures both)."""
    meta = meta or {}
    blocks = drop_non_practice_lists(clean_blocks(list(blocks)))
    if not blocks:
        return []
    doc_municipality = document_municipality(blocks, meta, folder_municipality)
    if segmenter is None and not rules_only:
        segmenter = load_model(models_dir)
    candidates = _candidates(blocks, meta, source) if segmenter is None else _learned_candidates(blocks, meta, segmenter)
    practices = [_practice(c, doc_municipality) for c in candidates]
    practices = _merge_same_programme(practices)
    practices = _pair_translations(practices)
    for i, p in enumerate(practices):
        p.ordinal = i
    return practices


class Segmenter(Protocol):
    def segment(self, blocks: list[Block]) -> list[str]: ...


# -- shapes --------------------------------------------------------------------------


def _learned_candidates(blocks: list[Block], meta: dict, segmenter: Segmenter) -> list[Candidate]:
    """Candidates from the learned segmentation: one per B..I run of blocks."""
    forms = form_candidates(blocks)
    if forms:
        return forms
    blocks = expand_tables(blocks)
    candidates = segment_candidates(blocks, segmenter.segment(blocks), minutes=is_minutes(blocks, meta))
    if _is_proposal(blocks, meta):
        for c in candidates:
            c.status = c.status or "planned"
    if len(candidates) == 1:
        for name, value in fact_table_fields(blocks).items():
            candidates[0].fields.setdefault(name, value)
    return candidates


def _candidates(blocks: list[Block], meta: dict, source: str = "") -> list[Candidate]:
    """The document's practice candidates; fields stated for the document as a whole (a fact box,
    a figures or contact section) go to its main candidate (the overview, or the only one)."""
    forms = form_candidates(blocks)
    if forms:
        return forms

    minutes = is_minutes(blocks, meta)
    if minutes:
        blocks = promote_subject_lines(blocks)
    extras: dict[str, list[str]] = {}
    main: Candidate | None = None
    if sum(1 for b in blocks if b.kind == HEADING) >= 2:
        sections = section_candidates(blocks, minutes=minutes)
        candidates = sections.candidates
        extras = sections.extras
        subject = subject_title(blocks, sections.title_heading, meta, sections.overview)
        overview_text = "\n".join(block_text(b) for b in sections.overview)
        titles = document_titles(subject, source, overview_text)
        if overview_text and describes_practice(overview_text, strict=True):
            main = Candidate(title=(titles[0] if titles else "") or noun_phrase(overview_text) or subject,
                             body=sections.overview, kind="overview", page=sections.overview[0].page)
            if ONE_PRACTICE.search(fold(sections.title_heading + " " + str(meta.get("title", "") or ""))):
                _absorb(main, candidates, blocks)
                candidates = []
            candidates = [main] + candidates
    else:
        candidates, extras = prose_candidates(blocks)
        heading = title_heading(blocks)
        subject = subject_title(blocks, clean_heading(heading.text) if heading else "", meta)
        titles = document_titles(subject, source, "\n".join(block_text(b) for b in blocks))
        if heading is not None:
            candidates = one_subject(blocks, candidates, heading, titles)
        name_paragraphs(candidates, titles)

    if _is_proposal(blocks, meta):
        for c in candidates:
            c.status = c.status or "planned"
    if not candidates:
        document = _document_candidate(blocks, subject, titles)
        if document is not None:
            candidates = [document]
    if main is None and candidates and (len(candidates) == 1 or candidates[0].kind == "paragraph"):
        main = candidates[0]
    if main is not None:
        facts = fact_table_fields(blocks)
        for name, value in facts.items():
            main.fields.setdefault(name, value)
        for name, texts in extras.items():
            main.fields[name] = (main.fields.get(name, "") + "\n" + "\n".join(texts)).strip()
    return candidates


def _absorb(main: Candidate, sections: list[Candidate], blocks: list[Block]) -> None:
    """A document that says it describes one practice: its sections are parts of that practice,
    in document order, headings included."""
    position = {id(b): i for i, b in enumerate(blocks)}
    for c in sections:
        first = position.get(id(c.body[0])) if c.body else None
        heading = [blocks[first - 1]] if first and blocks[first - 1].kind == HEADING else []
        main.body += [b for b in heading + c.body if b not in main.body]
        for name, value in c.fields.items():
            main.fields[name] = (main.fields.get(name, "") + "\n" + value).strip()
    main.body.sort(key=lambda b: position.get(id(b), len(blocks)))


# A funding application or a draft proposal describes planned work.
_PROPOSAL = re.compile(
    r"(?<!\w)(?:call for proposals|application form|funding application|grant application|proposal (?:for|to)|draft (?:for|proposal)|"
    r"αιτηση χρηματοδοτησησ|προταση χρηματοδοτησησ|υποβολη προτασησ|προσκληση υποβολησ|σχεδιο προτασησ|status\s*\|?\s*planned)"
)


def _is_proposal(blocks: list[Block], meta: dict) -> bool:
    opening = " ".join(s for b in blocks[:8] for s in F.sentences(block_text(b)) if not META.search(fold(s)))
    opening += " " + " ".join(str(meta.get(k, "") or "") for k in ("title", "subject"))
    return bool(_PROPOSAL.search(fold(opening)))


def _document_candidate(blocks: list[Block], subject: str, titles: list[str]) -> Candidate | None:
    """The whole document as one record, for a substantive document with no detectable structure."""
    body = [b for b in blocks if not block_is_furniture(b) and b.kind != HEADING]
    text = "\n".join(block_text(b) for b in body if not is_aside(block_text(b)))
    if len(text.split()) < 25 or practice_score(text) < 2:
        return None
    title = (titles[0] if titles else "") or noun_phrase(text) or subject
    return Candidate(title=title, body=body, kind="document", page=body[0].page if body else None,
                     title_in_text=any(b.kind == HEADING and b.text.strip() == title for b in blocks))


# -- one record ------------------------------------------------------------------------

_STATUS_WORDS = (
    ("planned", re.compile(r"σχεδιαζ|προγραμματιζ|planned|proposed|προταση|future|μελλοντ")),
    ("ended", re.compile(r"ολοκληρ|ended|completed|finished|εληξε|closed")),
    ("running", re.compile(r"λειτουργ|running|ongoing|active|in operation|συνεχιζ|υλοποιειται|σε εξελιξη")),
)


def _status_from_field(value: str) -> str:
    f = fold(value)
    for name, pattern in _STATUS_WORDS:
        if pattern.search(f):
            return name
    return ""


def _municipality(name: str, fallback: str) -> str:
    if not name:
        return fallback
    known = canonical_municipality(name)
    if known:
        return known
    mentions = municipality_mentions(name)
    return mentions[0][0] if mentions else fallback


def _location(c: Candidate) -> str:
    parts = []
    if c.page:
        parts.append(f"p. {c.page}")
    if c.path:
        parts.append("§ " + " › ".join(c.path))
    elif c.kind == "form":
        parts.append("form")
    return ", ".join(parts)


def _split_list(value: str) -> list[str]:
    parts = re.split(r";\s*|,\s+(?=[A-ZΑ-Ω])|\n", value)
    return [p.strip(" .") for p in parts if p.strip(" .") and len(p.split()) <= 12]


def _practice(c: Candidate, doc_municipality: str) -> Practice:
    text = c.full_text().strip()
    body = c.body_text().strip()
    stated = c.fields
    about = (body + "\n" + c.evidence).strip()  # the practice's text (without its heading) and other sentences about it
    if c.kind == "named_programme":
        # the passage also names its neighbours in the list: themes come from the name and what is
        # said of it, target groups from the whole sentence ("δομές για την ένταξη προσφύγων ...")
        labels_text, themes_text = about + "\n" + c.context, c.title + "\n" + c.evidence
    else:
        labels_text = themes_text = text + "\n" + c.evidence
    summary_source = stated.get("summary") or (c.context if c.kind == "named_programme" else _prose(c.body)) or body

    partners = F.partners(about)
    for name in _split_list(stated.get("partners", "")):
        known = vocab.known_partners(name)
        for p in known or [name]:
            if p not in partners:
                partners.append(p)

    return Practice(
        title=_tidy_title(c.title),
        text=text,
        municipality=_municipality(c.municipality, doc_municipality),
        summary=F.summary(summary_source),
        language=F.language(text),
        status=_status_from_field(stated.get("status", "")) or F.status(body or text, c.status, title=c.title),
        start_year=F.start_year(about + "\n" + stated.get("timescale", "")),
        target_groups=vocab.target_groups(labels_text + "\n" + stated.get("target_groups", "")),
        services=vocab.services(themes_text),
        partners=partners,
        funding=stated.get("funding", "").strip() or F.funding(about),
        results=stated.get("results", "").strip() or F.results(about),
        lessons=stated.get("lessons", "").strip(),
        transferability=stated.get("transferability", "").strip(),
        contact=stated.get("contact", "").strip() or F.contact(text),
        timescale=stated.get("timescale", "").strip() or F.timescale(about),
        location=_location(c),
        page=c.page,
        axes_hint=list(c.axes),
        kind=c.kind,
        context=c.context,
    )


def _prose(blocks: list[Block]) -> str:
    """The running text among a candidate's blocks: sentences, not a subtitle, a caption or a table."""
    long = [b for b in blocks if b.kind != TABLE and len(b.text.split()) >= 8]
    sentences_ = [b for b in long if re.search(r"[.!?;…»)]\s*$", b.text)]
    return "\n".join(b.text for b in (sentences_ or long))


def _tidy_title(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip(" :;,.–—-")
    if len(title) > 160:
        title = title[:160].rsplit(" ", 1)[0] + " …"
    return title


# -- the document's municipality ----------------------------------------------------------


def document_municipality(blocks: list[Block], meta: dict | None = None, folder_municipality: str = "") -> str:
    """The municipality a document belongs to: the one its letterhead or opening names (weighted
    up), else the one it names most; else the caller's folder hint; else the file's author."""
    meta = meta or {}
    votes: Counter = Counter()
    first_seen: dict[str, int] = {}
    position = 0
    for i, b in enumerate(blocks):
        text = block_text(b)
        weight = 3 if i < 8 else 1
        for name, _, _ in municipality_mentions(text):
            votes[name] += weight
            first_seen.setdefault(name, position)
            position += 1
    for key in ("title", "author"):
        for name, _, _ in municipality_mentions(str(meta.get(key, "") or "")):
            votes[name] += 2
            first_seen.setdefault(name, position)
            position += 1
    if votes:
        return max(votes, key=lambda n: (votes[n], -first_seen[n]))
    if folder_municipality:
        return canonical_municipality(folder_municipality) or folder_municipality
    return ""


# -- merging -------------------------------------------------------------------------------

_STOP = {
    "ο", "η", "το", "οι", "τα", "του", "τησ", "των", "τον", "την", "τη", "και", "στο", "στη", "στην", "για", "με", "σε",
    "δημου", "δημοσ", "δημοτικου", "the", "of", "and", "a", "an", "in", "for", "municipality", "city",
}


def _title_key(title: str) -> str:
    words = [w for w in re.findall(r"\w+", fold(title)) if w not in _STOP]
    words = [w for w in words if not canonical_municipality(w)]
    return " ".join(words)


def _merge_same_programme(practices: list[Practice]) -> list[Practice]:
    """One record per programme: a programme named in a sentence and again as a section is merged,
    keeping the fuller text and adding the other's text to the context."""
    out: list[Practice] = []
    by_key: dict[str, Practice] = {}
    for p in practices:
        key = _title_key(p.title)
        other = by_key.get(key) if key else None
        if other is None:
            out.append(p)
            if key:
                by_key[key] = p
            continue
        keep, drop = (other, p) if len(other.text) >= len(p.text) else (p, other)
        if keep is p:
            out[out.index(other)] = p
            by_key[key] = p
        extra = drop.text if drop.text not in keep.text else ""
        keep.context = "\n".join(x for x in (keep.context, drop.context, extra) if x).strip()
        for name in ("target_groups", "services", "partners"):
            merged = getattr(keep, name) + [v for v in getattr(drop, name) if v not in getattr(keep, name)]
            setattr(keep, name, merged)
        for name in ("funding", "results", "contact", "timescale", "lessons", "transferability"):
            if not getattr(keep, name):
                setattr(keep, name, getattr(drop, name))
        keep.start_year = keep.start_year or drop.start_year
    return out


def _pair_translations(practices: list[Practice]) -> list[Practice]:
    """A bilingual document (one language, then the other, section for section) gives one record
    per practice with both versions in its text."""
    if len(practices) < 2:
        return practices
    runs: list[list[Practice]] = []
    for p in practices:
        if runs and runs[-1][0].language == p.language:
            runs[-1].append(p)
        else:
            runs.append([p])
    if len(runs) != 2 or len(runs[0]) != len(runs[1]) or {runs[0][0].language, runs[1][0].language} != {"el", "en"}:
        return practices
    merged = []
    for first, second in zip(*runs):
        first.text = first.text + "\n\n" + second.text
        for name in ("target_groups", "services", "partners"):
            setattr(first, name, getattr(first, name) + [v for v in getattr(second, name) if v not in getattr(first, name)])
        for name in ("funding", "results", "contact", "timescale", "lessons", "transferability", "summary"):
            if not getattr(first, name):
                setattr(first, name, getattr(second, name))
        first.start_year = first.start_year or second.start_year
        first.status = first.status or second.status
        first.context = (first.context + "\n" + second.title).strip() if second.title != first.title else first.context
        merged.append(first)
    return merged

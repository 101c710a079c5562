"""Extraction: from a document's blocks to practice records.

    extract_practices(blocks, *, source="", meta=None, folder_municipality="", models_dir=None) -> list[Practice]

A pure function: the same blocks (and models) give the same records. The steps, one module each
in pipeline order (a step imports only earlier steps and the shared helpers text, cues, candidate,
enumerations, phrases, finders):

1. s1_clean: normalise the reader's blocks (page furniture, false and missing headings, broken
   paragraphs) and drop lists that are not practices (the MoU axes, a memo's requests);
2. s2_shape: what the document is (minutes, sectioned, prose) and what its headings are;
3. s3_forms / s3_sections / s3_prose: the candidates of each shape, one per practice
   (enumerations for programmes named in running prose);
4. s4_titles: every record is titled by a name (a heading, a form's title, a named programme, the
   document's own title, a short noun phrase), never by a sentence cut short;
5. s5_fields: each candidate becomes a Practice with the fields its own text states, and its
   municipality;
6. here, assemble: run the steps in order, give the document's fields to its main candidate,
   merge records that name the same programme twice, and pair the halves of a bilingual document.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from ingest.blocks import HEADING, TABLE, Block
from ingest.extraction.candidate import Candidate, block_text
from ingest.extraction.cues import ASPECT, FIELD_CLASSES, META, ONE_PRACTICE
from ingest.extraction.phrases import noun_phrase
from ingest.extraction.s1_clean import block_is_furniture, clean_blocks, drop_non_practice_lists
from ingest.extraction.s2_shape import classify_heading, clean_heading, describes_practice, is_minutes, practice_score, promote_subject_lines
from ingest.extraction.s3_forms import _form_rows, fact_table_fields, form_candidates
from ingest.extraction.s3_records import record_candidates
from ingest.extraction.s3_prose import is_aside, prose_candidates
from ingest.extraction.s3_sections import section_candidates
from ingest.extraction.s4_titles import document_titles, name_paragraphs, one_subject, subject_title, title_heading
from ingest.extraction.s5_fields import document_municipality, practice_from
from ingest.extraction.text import fold, sentences
from kb.model import Practice
from kb.municipalities import canonical_municipality

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
    combine: str = "hybrid",
) -> list[Practice]:
    """The practices a document presents, one record each, in document order.

    The rule-based shapes propose candidates and the learned segmenter (ingest.segmenter:
    models_dir/segment.json when that folder holds one, else the shipped model; or `segmenter`
    itself) checks them: see _hybrid_candidates. Record rows and submission forms stay one
    practice each whatever the segmenter says. `combine="learned"` uses the segmentation alone,
    `rules_only` the rules alone (both kept for comparison: bench/segment_cv.py measures all)."""
    meta = meta or {}
    records = record_candidates(list(blocks))  # rows a reader marked as one practice each (a register sheet)
    blocks = drop_non_practice_lists(clean_blocks(list(blocks)))
    if not blocks:
        return []
    doc_municipality = document_municipality(blocks, meta, folder_municipality)
    if segmenter is None and not rules_only and not records:
        from ingest.segmenter.model import load_model  # the segmenter imports extraction helpers: import it late

        segmenter = load_model(models_dir)
    if records:
        candidates = records
    elif segmenter is None:
        candidates = _candidates(blocks, meta, source)
    elif combine == "learned":
        candidates = _learned_candidates(blocks, meta, segmenter)
    else:
        candidates = _hybrid_candidates(blocks, meta, source, segmenter)
    practices = [practice_from(c, doc_municipality) for c in candidates]
    practices = _merge_same_programme(practices)
    practices = _pair_translations(practices)
    for i, p in enumerate(practices):
        p.ordinal = i
    return practices


class Segmenter(Protocol):
    def segment(self, blocks: list[Block], hints: list[list[str]] | None = None) -> list[str]: ...


def _positions(blocks: list[Block], c: Candidate) -> list[int]:
    """The indices of a candidate's blocks in `blocks`, with the heading just above them."""
    index = {id(b): i for i, b in enumerate(blocks)}
    by_text: dict[str, int] = {}
    for i, b in enumerate(blocks):
        by_text.setdefault(b.text, i)
    positions = sorted({index.get(id(b), by_text.get(b.text, -1)) for b in c.body} - {-1})
    if c.kind in _HEADED and positions and positions[0] and blocks[positions[0] - 1].kind == HEADING:
        positions.insert(0, positions[0] - 1)
    return positions


_HEADED = ("section", "minutes_item", "overview", "segment")  # candidates the heading above them names


def rule_hints(blocks: list[Block], meta: dict | None = None,
               candidates: list[Candidate] | None = None) -> list[list[str]]:
    """What the rule-based shapes say of each cleaned block, as segmenter features: the block
    begins a rule candidate (its heading, or its first block), lies inside one, or holds several
    named programmes. The learned model weighs these against layout and words: it learns where
    the rules hold and where they do not."""
    hints: list[list[str]] = [[] for _ in blocks]
    for c in _candidates(blocks, meta or {}) if candidates is None else candidates:
        positions = _positions(blocks, c)
        if not positions:
            continue
        hints[positions[0]].append(f"r:start:{c.kind}")
        for i in positions:
            hints[i].append("r:in" if c.kind != "named_programme" else "r:named")
    return [sorted(set(h)) or ["r:none"] for h in hints]


# -- shapes --------------------------------------------------------------------------


def _learned_candidates(blocks: list[Block], meta: dict, segmenter: Segmenter) -> list[Candidate]:
    """Candidates from the learned segmentation: one per B..I run of blocks."""
    forms = form_candidates(blocks)
    if forms:
        return forms
    from ingest.segmenter.labels import expand_tables
    from ingest.segmenter.model import segment_candidates

    hints = rule_hints(blocks, meta)
    known = {id(b): h for b, h in zip(blocks, hints)}
    blocks = expand_tables(blocks)
    hints = [known.get(id(b), ["r:row"]) for b in blocks]
    candidates = segment_candidates(blocks, segmenter.segment(blocks, hints), minutes=is_minutes(blocks, meta))
    if _is_proposal(blocks, meta):
        for c in candidates:
            c.status = c.status or "planned"
    if len(candidates) == 1:
        for name, value in fact_table_fields(blocks).items():
            candidates[0].fields.setdefault(name, value)
    return candidates


def _holds_form(blocks: list[Block]) -> bool:
    """A filled-in practice form (a table with a title row) inside a section: a practice whatever the segmenter says."""
    return any(name == "title" for _, name, _, _ in _form_rows([b for b in blocks if b.kind == TABLE]))


def _aspect(b: Block) -> bool:
    if b.kind != HEADING:
        return False
    title = clean_heading(b.text)
    return bool(ASPECT.search(fold(title))) or classify_heading(title) in FIELD_CLASSES


def _hybrid_candidates(blocks: list[Block], meta: dict, source: str, segmenter: Segmenter) -> list[Candidate]:
    """The rule-based candidates, checked by the learned segmentation:
    - a section candidate all of whose blocks the segmenter calls O is dropped (an introduction,
      decisions, an agenda, a job's duties), unless it is the document's only candidate, its
      overview, the section of its first heading, or holds a filled-in practice form;
    - a candidate in which the segmenter begins several practices is split there (not at an
      aspect or field heading, nor at a subheading of a section whose own text already
      presents a practice);
    - a heading-led segment no rule candidate covers is added when it describes a practice.
    Forms and programmes named in running prose stay as the rules give them.

    Measured out of fold (bench/segment_cv.py: 5 folds by document, the 62-document corpus read
    with the e-mail, spreadsheet, slide and ODF readers): recall 0.939, own record 0.874, records
    per gold practice 1.13, 6 invented records from the 4 no-practice documents; the rules alone
    0.949 / 0.823 / 1.11 / 8; the segmenter alone 0.894 / 0.813 / 1.11 / 4. The guards cost
    0.01 own record and 2 invented records out of fold, and keep the short one-practice pages
    and bilingual pages the extraction tests describe."""
    from ingest.segmenter.labels import expand_tables
    from ingest.segmenter.model import segment_candidates

    rules = _candidates(blocks, meta, source)
    if rules and rules[0].kind == "form":
        return rules
    hints = rule_hints(blocks, meta, rules)
    known = {id(b): h for b, h in zip(blocks, hints)}
    expanded = expand_tables(blocks)
    predicted = dict(zip(map(id, expanded), segmenter.segment(expanded, [known.get(id(b), ["r:row"]) for b in expanded])))
    labels = [predicted.get(id(b), "I") for b in blocks]  # a table opened into rows: kept inside
    out: list[Candidate] = []
    covered: set[int] = set()
    first_heading = next((i for i, b in enumerate(blocks) if b.kind == HEADING), -1)
    for c in rules:
        positions = _positions(blocks, c)
        covered.update(positions)
        if c.kind == "named_programme" or not positions:
            out.append(c)
            continue
        if len(rules) > 1 and c.kind != "overview" and blocks[positions[0]].kind == HEADING and positions[0] != first_heading \
                and all(labels[i] == "O" for i in positions) and not _holds_form([blocks[i] for i in positions]):
            continue  # a section that holds no practice: an introduction, decisions, an agenda, duties
        # a heading the rules keep with its practice as an aspect or a field ("Who can apply",
        # "Contact") is no new practice
        cuts = [i for i in positions[1:] if labels[i] == "B" and not _aspect(blocks[i])]
        # a subheading under a heading whose own text already presents a practice is a part of it
        # ("Volunteers" under "Social Kitchen"); under a group heading it begins a practice
        head_text = "\n".join(block_text(blocks[i]) for i in positions[1:cuts[0]]) if cuts else ""
        if cuts and blocks[positions[0]].kind == HEADING and describes_practice(head_text, strict=True):
            cuts = [i for i in cuts if blocks[i].kind != HEADING]
        if not cuts:
            out.append(c)
            continue
        keep = [b for b in c.body if positions and _positions(blocks, Candidate(title="", body=[b]))[-1:] < [cuts[0]]]
        if keep and any(labels[i] != "O" for i in positions if i < cuts[0]):
            c.body = keep
            out.append(c)
        local = ["O"] * len(blocks)
        for i in positions:
            if i >= cuts[0]:
                local[i] = "B" if i in cuts else "I"
        for part in segment_candidates(blocks, local, minutes=is_minutes(blocks, meta)):
            part.status = part.status or c.status
            part.municipality = part.municipality or c.municipality
            out.append(part)
    extra = ["O" if i in covered else label for i, label in enumerate(labels)]
    extra = [("B" if label == "I" and (i == 0 or extra[i - 1] == "O") else label) for i, label in enumerate(extra)]
    added = segment_candidates(blocks, extra, minutes=is_minutes(blocks, meta))
    return out + [c for c in added if c.path and describes_practice(c.body_text(), strict=True)]


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
    opening = " ".join(s for b in blocks[:8] for s in sentences(block_text(b)) if not META.search(fold(s)))
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

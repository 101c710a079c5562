"""Documents without sections: memos, letters, news items, a page under one title.

- Enumerations (ingest.enumerations): a sentence that lists programmes the municipality has or
  plans ("δομές όπως ...", "our plans include ...", "ο Δήμος διαθέτει Κοινωνικό Παντοπωλείο και
  Κοινωνικό Φαρμακείο") gives one record per programme. A structure named in passing ("... στο
  Κέντρο Κοινότητας", "in the Migrant Integration Centre") is not one.
- Other paragraphs that describe an activity of the municipality give one record each; a paragraph
  that refers back to the one before it ("Οι εθελοντές ...", "The mediators also ...") continues it.
- A document under one title heading (a markdown "#", an ALL-CAPS first line, an HTML <h1>) that
  describes something is one practice titled by that heading, with the heading in its text. When
  its body enumerates programmes, those are the records, and the heading keeps a record of its own
  (the umbrella) only when it names a structure and the rest of the body describes it.

Records are titled by names (ingest.titles): a programme the paragraph is about, the document's
title for a document of one practice, else a short noun phrase.
"""
from __future__ import annotations

from ingest import fields as F
from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block
from ingest.candidate import Candidate, block_text
from ingest.cleaning import SUBJECT_LINE, block_is_furniture
from ingest.cues import ARTICLES, INVITATION, OWN_ACTOR
from ingest.enumerations import CARRY_OVER, NETWORK_TALK, find_named_items, list_lead_in, name_spans, word
from ingest.shapes import classify_heading, clean_heading, describes_practice
from ingest.text import fold, sentences
from ingest.titles import (
    ACTOR_NOUNS,
    LEAD_WORDS,
    ends_phrase,
    file_title,
    is_generic_title,
    item_title,
    name_in,
    noun_phrase,
    short_title,
)

__all__ = ["prose_candidates", "title_heading", "one_subject", "name_paragraphs", "document_titles", "is_aside"]


# -- candidates ---------------------------------------------------------------------------------


def prose_candidates(blocks: list[Block]) -> tuple[list[Candidate], dict[str, list[str]]]:
    """Candidates from a document without sections: named programmes, then activity paragraphs
    (untitled: name_paragraphs titles them once it is known how many the document has)."""
    candidates: list[Candidate] = []
    extras: dict[str, list[str]] = {}
    last: Candidate | None = None
    lead_in = ""  # a paragraph that introduces a list of the municipality's programmes
    for b in blocks:
        if block_is_furniture(b) or b.kind == HEADING or SUBJECT_LINE.match(b.text):
            continue
        text = block_text(b)
        if b.kind == LIST_ITEM and lead_in and len(text.split()) >= 2:
            candidates.append(Candidate(title=item_title(text), body=[b], kind="list_item", page=b.page,
                                        status=list_lead_in(lead_in), context=lead_in, title_in_text=False))
            continue
        lead_in = text if b.kind == PARAGRAPH and list_lead_in(text) else ""
        if lead_in:
            last = None
            continue
        if b.kind == LIST_ITEM:
            last = _list_item(b, last, candidates)
            continue
        if b.kind == TABLE:
            if last is not None:
                last.body.append(b)
            continue
        named = _enumerated(text, b)
        if named:
            candidates += named
            last = None
            continue
        if _is_funding_paragraph(text):
            extras.setdefault("funding", []).append(text)
            continue
        if last is not None and last.kind == "paragraph" and continues(text, last.body_text()):
            last.body.append(b)
            continue
        first = sentences(text)[0] if sentences(text) else text
        owned = OWN_ACTOR.search(fold(text)) or (last is not None and CARRY_OVER.match(fold(first)))
        if is_aside(text) or not owned or not describes_practice(text):
            last = None
            continue
        last = Candidate(title="", body=[b], kind="paragraph", page=b.page, title_in_text=False)
        candidates.append(last)
    return candidates, extras


def _list_item(b: Block, last: Candidate | None, candidates: list[Candidate]) -> Candidate | None:
    """A bullet goes with the practice above it; on its own, it is one when it describes one."""
    text = block_text(b)
    if last is not None and len(text.split()) >= 3:
        last.body.append(b)
        return last
    if describes_practice(text) and len(text.split()) >= 6:
        item = Candidate(title=short_title(text), body=[b], kind="list_item", page=b.page, title_in_text=False)
        candidates.append(item)
        return item
    return last


def is_aside(text: str) -> bool:
    """A paragraph about the Network itself or an invitation to a meeting: no practice's description."""
    parts = sentences(text)
    first = fold(parts[0] if parts else text)
    return bool(NETWORK_TALK.search(first) or INVITATION.search(first))


def _enumerated(text: str, block: Block) -> list[Candidate]:
    """One candidate per programme a paragraph enumerates: items of sentences with a list or plan
    cue, or sentences that name two programmes or more."""
    items = find_named_items(text)
    per_sentence: dict[str, list] = {}
    for it in items:
        per_sentence.setdefault(it.context, []).append(it)
    chosen = [it for group in per_sentence.values() if any(i.listed for i in group) or len(group) >= 2 for it in group]
    # the record's text is the item's window (text=); body only tells one_subject which paragraph it came from
    return [Candidate(title=it.title, text=it.text, context=(it.context + " " + it.mentions).strip(), kind="named_programme",
                      page=block.page, status=it.status, evidence=it.mentions, body=[block])
            for it in chosen]


def _is_funding_paragraph(text: str) -> bool:
    """A paragraph mostly about money: a field of the practice it follows, not a practice."""
    chosen = F.funding(text)
    return bool(sentences(text)) and bool(chosen) and len(chosen) >= 0.6 * len(text)


# -- continuation ------------------------------------------------------------------------------

_PRONOUNS = {"αυτο", "αυτη", "αυτα", "αυτεσ", "αυτοι", "αυτοσ", "ετσι", "εκει", "they", "it", "this", "these", "those",
             "there", "its", "their"}


def _stems(text: str) -> set[str]:
    return {w[:5] for w in (word(t) for t in text.split()) if len(w) >= 4}


def _names_another(sentence: str, previous: str) -> bool:
    """The sentence opens on a programme the previous paragraph did not name ("Το πρόγραμμα HELIOS ...")."""
    opening = len(" ".join(sentence.split()[:5]))
    known = _stems(previous)
    return any(start <= opening and not _stems(sentence[start:end]) <= known for start, end, _ in name_spans(sentence))


def continues(text: str, previous: str) -> bool:
    """Whether a paragraph goes on about what the previous one described: it opens on a pronoun or
    on a definite noun phrase whose head the previous paragraph used ("Οι εθελοντές ...", "The course
    ..."), and not on the municipality as actor."""
    parts = sentences(text)
    if not parts:
        return False
    tokens = [t for t in parts[0].split()]
    while tokens and (word(tokens[0]) in LEAD_WORDS or word(tokens[0]) in ("and", "και", "also")):
        tokens = tokens[1:]
    words = [word(t) for t in tokens[:6]]
    if not words:
        return False
    if words[0] in _PRONOUNS:
        return True
    if words[0] not in ARTICLES or words[0] in ("a", "an"):
        return False
    phrase = []
    for w in words[1:5]:
        if ends_phrase(w) or w in ("του", "τησ", "των", "of", "για", "for", "στο", "στη", "στην", "in", "at"):
            break
        phrase.append(w)
    if not phrase or _names_another(parts[0], previous):
        return False
    head = phrase[-1]
    if head in ACTOR_NOUNS or len(head) < 4:
        return False
    return head[:5] in _stems(previous)


# -- a document under one title ------------------------------------------------------------------


def title_heading(blocks: list[Block]) -> Block | None:
    """The document's only heading when it opens the document (only furniture or a short line before
    it); in a document without headings, a short bold or capitalised first line over running text."""
    headings = [i for i, b in enumerate(blocks) if b.kind == HEADING]
    if not headings:
        return _title_line(blocks)
    if len(headings) != 1:
        return None
    before = [b for b in blocks[: headings[0]] if not block_is_furniture(b)]
    if any(b.kind != PARAGRAPH or len(b.text.split()) > 12 for b in before) or len(before) > 2:
        return None
    return blocks[headings[0]]


def _title_line(blocks: list[Block]) -> Block | None:
    body = [b for b in blocks if not block_is_furniture(b)]
    if len(body) < 2 or body[0].kind != PARAGRAPH or body[1].kind not in (PARAGRAPH, LIST_ITEM):
        return None
    first = body[0].text.strip()
    words = first.split()
    emphasised = bool((body[0].style or {}).get("bold")) or (first.upper() == first and any(c.isalpha() for c in first))
    if not emphasised or not 1 <= len(words) <= 12 or first.endswith((".", ":", ",", ";")) or SUBJECT_LINE.match(first):
        return None
    if len(body[1].text.split()) < 12 or is_generic_title(first):
        return None
    return body[0]


def _names_structure(title: str) -> bool:
    """A heading that is the name of a structure or programme ("Κέντρο Κοινότητας Δήμου Κατερίνης")."""
    spans = name_spans(title)
    if not spans:
        return title.strip().startswith(("«", "\"", "“"))
    lead = [w for w in (word(t) for t in title[: spans[0][0]].split()) if w and w not in ARTICLES]
    return not lead


def one_subject(blocks: list[Block], candidates: list[Candidate], heading: Block, titles: list[str]) -> list[Candidate]:
    """The candidates of a document under one title heading (see the module's docstring)."""
    at = blocks.index(heading)
    body = [b for b in blocks[at + 1:] if not block_is_furniture(b) and not SUBJECT_LINE.match(b.text)]
    title = clean_heading(heading.text)
    named = [c for c in candidates if c.kind == "named_programme" or c.kind == "list_item" and c.context]
    cls = classify_heading(title)
    if cls in ("container", "plan") and not named:
        items = [b for b in body if b.kind == LIST_ITEM and len(b.text.split()) >= 4]
        if len(items) >= 2:
            status = "planned" if cls == "plan" else ""
            return [Candidate(title=item_title(b.text), body=[b], kind="list_item", page=b.page, status=status,
                              title_in_text=False) for b in items]
    if len(named) < 2:  # one plan or one programme named in a description: part of it
        text = "\n".join(block_text(b) for b in body if not is_aside(block_text(b)))
        if not candidates and not describes_practice(text, strict=True):
            return []
        return [_whole(heading, title, body, titles)]
    consumed = {id(c.body[0]) for c in named if c.body}
    rest = [b for b in body if id(b) not in consumed]
    rest_text = "\n".join(block_text(b) for b in rest)
    if _names_structure(title) and not is_generic_title(title) and describes_practice(rest_text):
        umbrella = Candidate(title=title, body=rest, kind="document", page=heading.page)
        return [umbrella] + named
    return candidates


def _whole(heading: Block, title: str, body: list[Block], titles: list[str]) -> Candidate:
    """The whole document as one practice: titled by its heading, or, when the heading only says
    what kind of document it is ("Ανακοίνωση", "Newsletter"), by a name from its text."""
    if not is_generic_title(title):
        return Candidate(title=title, body=body, kind="document", page=heading.page)
    text = "\n".join(block_text(b) for b in body if b.kind == PARAGRAPH)
    chosen = name_in(text) or next((t for t in titles if t), "") or noun_phrase(text) or title
    return Candidate(title=chosen, body=[heading] + body, kind="document", page=heading.page, title_in_text=False)


# -- titles -------------------------------------------------------------------------------------


def document_titles(subject: str, source: str, text: str) -> list[str]:
    """Titles the document gives itself, best first: its subject (metadata title, subject line,
    title heading) unless generic, and its file name when written in the text's language."""
    out = []
    if subject and not is_generic_title(subject):
        out.append(subject.strip())
    stem = file_title(source)
    if stem and F.language(stem) == F.language(text):
        out.append(stem)
    return out


def name_paragraphs(candidates: list[Candidate], titles: list[str]) -> None:
    """Title the paragraph candidates: the programme the paragraph is about; for the document's only
    practice, the document's own title; else a short noun phrase; else the leading clause."""
    paragraphs = [c for c in candidates if c.kind == "paragraph" and not c.title]
    sole = len(candidates) == 1
    for c in paragraphs:
        text = c.body_text()
        own = titles[0] if sole and titles else ""
        c.title = name_in(text) or own or noun_phrase(text) or short_title(sentences(text)[0] if sentences(text) else text)

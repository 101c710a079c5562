"""Step 3 of extraction, candidates of a document without sections: memos, letters, news items,
a page under one title.

- Enumerations (enumerations): a sentence that lists programmes the municipality has or
  plans ("δομές όπως ...", "our plans include ...", "ο Δήμος διαθέτει Κοινωνικό Παντοπωλείο και
  Κοινωνικό Φαρμακείο") gives one record per programme. A structure named in passing ("... στο
  Κέντρο Κοινότητας", "in the Migrant Integration Centre") is not one.
- Other paragraphs that describe an activity of the municipality give one record each; a paragraph
  that refers back to the one before it ("Οι εθελοντές ...", "The mediators also ...") continues it.

A document under one title heading is settled in s4_titles (one_subject), once its titles are known.
"""
from __future__ import annotations

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block
from ingest.extraction import finders as F
from ingest.extraction.candidate import Candidate, block_text
from ingest.extraction.cues import ARTICLES, INVITATION, OWN_ACTOR
from ingest.extraction.enumerations import CARRY_OVER, NETWORK_TALK, find_named_items, list_lead_in, name_spans, word
from ingest.extraction.phrases import ACTOR_NOUNS, LEAD_WORDS, ends_phrase, item_title, short_title
from ingest.extraction.s1_clean import SUBJECT_LINE, block_is_furniture
from ingest.extraction.s2_shape import describes_practice
from ingest.extraction.text import fold, sentences

__all__ = ["prose_candidates", "is_aside", "continues"]


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



"""Step 4 of extraction, titles: what the document calls itself, and the title of each record.

Records are titled by names (phrases): a heading of the document or a form's title as they are; a
programme or structure the text is about; for a document of one practice, the document's own title
(document_titles: its metadata title, subject line or title heading, else its file name); else a
short noun phrase.

- subject_title: what the document is about (its title heading, or for a generic one a front-matter
  line that names a structure, the overview's subject, the memo's subject line, the metadata title);
- a document under one title heading (a markdown "#", an ALL-CAPS first line, an HTML <h1>) that
  describes something is one practice titled by that heading, with the heading in its text. When
  its body enumerates programmes, those are the records, and the heading keeps a record of its own
  (the umbrella) only when it names a structure and the rest of the body describes it (one_subject);
- name_paragraphs titles the paragraph candidates of s3_prose.
"""
from __future__ import annotations

import re

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, Block
from ingest.extraction import finders as F
from ingest.extraction.candidate import Candidate, block_text
from ingest.extraction.cues import ARTICLES, DOC_TYPE, META
from ingest.extraction.enumerations import NAMED_PROGRAMME, STRUCTURE, name_spans, word
from ingest.extraction.phrases import file_title, is_generic_title, item_title, name_in, noun_phrase, short_title
from ingest.extraction.s1_clean import SUBJECT_LINE, block_is_furniture, is_boilerplate
from ingest.extraction.s2_shape import classify_heading, clean_heading, describes_practice
from ingest.extraction.s3_prose import is_aside
from ingest.extraction.text import fold, original_position, sentences

__all__ = ["title_heading", "one_subject", "name_paragraphs", "document_titles", "subject_title", "tidy_title"]


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

# -- the document's subject -------------------------------------------------------------------

_DATE_LINE = re.compile(r"(?:19|20)\d\d")
_NP_END = re.compile(r"\s(?:λειτουργ|ειναι|αποτελει|παρεχ|ιδρυθηκε|δημιουργηθηκε|απευθυνεται|εχει|υλοποιει|ξεκινησε|is|was|has|provides|"
                     r"operates|runs|offers|opened|started)\w*|[,.;:]")


def subject_title(blocks: list[Block], title_heading: str, meta: dict | None, overview: list[Block] | None = None) -> str:
    """What the document is about: its title heading; for a generic title ("Ετήσια Έκθεση 2021",
    "Good practice form") a line of the front matter that names a structure or programme, the
    subject of the overview's first sentence, the memo's subject line, a headline, or the file's
    metadata title."""
    if title_heading and not DOC_TYPE.search(fold(title_heading)):
        return title_heading
    front = []
    for b in blocks[:15]:
        if b.kind == HEADING and clean_heading(b.text) != title_heading:
            break
        if b.kind in (PARAGRAPH, HEADING) and not is_boilerplate(b.text) and clean_heading(b.text) != title_heading:
            front.append(b.text.strip())
    for text in front:
        if len(text.split()) <= 16 and _starts_with_name(text):
            return _strip_unit_suffix(text)
    first = next((s for b in (overview or []) if b.kind == PARAGRAPH and len(b.text.split()) >= 12
                  for s in sentences(b.text)), "")
    if first and _starts_with_name(first):
        cut = _NP_END.search(fold(first))
        np = first[: original_position(first, cut.start())] if cut else first
        np = re.sub(r"^(?:το|η|ο|οι|τα|the)\s+", "", np.strip(), flags=re.IGNORECASE)
        if 2 <= len(np.split()) <= 14:
            return np[:1].upper() + np[1:]
    for b in blocks[:15]:
        if b.kind == PARAGRAPH and SUBJECT_LINE.match(b.text):
            return b.text[SUBJECT_LINE.match(b.text).end():].strip()
    for text in front:
        words = text.split()
        if 3 <= len(words) <= 20 and not text.endswith(".") and not (_DATE_LINE.search(text) and len(words) <= 8) \
                and not DOC_TYPE.search(fold(text)) and not META.search(fold(text)):
            return text
    meta_title = (meta or {}).get("title", "") or ""
    if meta_title and not DOC_TYPE.search(fold(meta_title)):
        return meta_title.strip()
    return title_heading or meta_title.strip()


def _starts_with_name(text: str) -> bool:
    f = re.sub(r"^(?:το|η|ο|οι|τα|the)\s+", "", fold(text))
    return bool(STRUCTURE.match(f)) or bool(NAMED_PROGRAMME.match(re.sub(r"^(?:Το|Η|Ο|Οι|Τα|The)\s+", "", text.strip())))


def _strip_unit_suffix(text: str) -> str:
    return re.split(r"\s[–—-]\s(?=Δ/?ν?ση|Διεύθυνση|Τμήμα|Directorate|Department)", text)[0].strip()

# -- a record's title ---------------------------------------------------------------------------


def tidy_title(title: str) -> str:
    """A title on one line, without trailing punctuation, cut at a word under 160 characters."""
    title = re.sub(r"\s+", " ", title).strip(" :;,.–—-")
    if len(title) > 160:
        title = title[:160].rsplit(" ", 1)[0] + " …"
    return title


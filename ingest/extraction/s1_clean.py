"""Step 1 of extraction, clean: normalise a reader's blocks before anything else reads them.

Readers recover headings, paragraphs and lists heuristically, PDF especially. Before a document's
shape is read, its blocks are normalised here: page furniture (running headers and footers, page
numbers) goes; numbered paragraphs become list items; letterhead lines, memo subject lines and
signatures that a reader set as headings become paragraphs again, as do a subtitle or fact-box
caption set deeper than the sections below them and a heading that stops mid-sentence; short
bold or numbered lines become headings when the reader found none; a paragraph broken at a page
or line end is joined again. Boilerplate (letterheads, recipients, protocol numbers, signatures,
web page chrome) is recognised here, and lists that are not practices (the MoU axes, a memo's
"please decide on the following" list) are dropped with their lead-in.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block
from ingest.extraction.cues import rx
from ingest.extraction.enumerations import STRUCTURE
from ingest.extraction.finders import field_for_label
from ingest.extraction.phrases import is_place
from ingest.extraction.text import fold
from kb.axes import all_axes


_BOILERPLATE = re.compile(
    r"^(?:ελληνικη δημοκρατια|hellenic republic|νομοσ \w+|περιφερεια \w+$|αποκεντρωμενη διοικηση|αρ\.?\s*πρωτ|αριθ\w*\.?\s*(?:πρωτ|αποφασ)|"
    r"ταχ\.?\s*δ/?νση|ταχυδρομικη|τ\.\s?κ\.|[tτ]ηλ|tel\b|fax|φαξ|e-?mail|ηλ\.?\s*ταχ|website|ιστοσελιδα|www\.|πληροφοριεσ\s*:\s*\w+\s+\w+$|"
    r"προσ\s*:|κοιν(?:οποιηση)?\s*:|συνημμεν\w*\s*:|εσωτερικη διανομη|πινακασ αποδεκτων|σχετ(?:\.|ικο)\s*:|"
    r"κυριε|κυρια\b|αξιοτιμ|αγαπητ|dear\b|to whom|yours sincerely|kind regards|με (?:εκτιμηση|τιμη)|ακριβεσ αποσπασμα|"
    r"σελιδα \d|page \d|-\s*\d+\s*-$|\d+\s*/\s*\d+$|©|copyright|ολα τα δικαιωματα|all rights reserved|οροι χρησησ|πολιτικη απορρητου|"
    r"privacy|cookies?\b|δημοσιευθηκε|published\s*:|κατηγορια\s*:|αρχικη\s*[›>»]|home\s*[›>»]|\[image|εικονα\s*:|image\s*:)"
)
_SIGNATURE_ROLE = re.compile(
    r"^(?:ο|η|οι|the|for the)\s+(?:\w+\s+){0,2}?(?:δημαρχ\w*|αντιδημαρχ\w*|προεδρ\w*|αντιπροεδρ\w*|γραμματε\w*|προισταμεν\w*|διευθυντ\w*|"
    r"συνταξ\w*|συντονιστ\w*|εισηγητ\w*|υπευθυν\w*|mayor|deputy mayor|president|chair\w*|secretary|director|head|coordinator)\b"
)
_PLACE_DATE = re.compile(r"^[^\W\d]+(?:\s[^\W\d]+)?,\s*\d{1,2}(?:[-/.]\d{1,2}[-/.]\d{2,4}|\s+\w+\s+\d{4})")
_LETTERHEAD_UNIT = re.compile(r"^(?:δημοσ|δημου|διευθυνση|δ/νση|τμημα|γραφειο|αυτοτελεσ|υπηρεσια|νομοσ|περιφερεια|municipality|city of|directorate|department)\b")
AGENDA_HEADING = re.compile(r"^(?:θεμα\s*\d+\s*(?:ο|ον)?|item\s*\d+|agenda item\s*\d+|σημειο\s*\d+|θεμα\s*:)", re.IGNORECASE)
SUBJECT_LINE = re.compile(r"^(?:θ[εέ]μα|subject|re)\s*:\s*", re.IGNORECASE)

_REQUEST = rx(r"παρακαλ(?:ουμε|ειται|ω)", r"αιτουμαστε", r"εισηγουμαστε", r"εισηγειται", r"ληψη αποφασησ", r"we (?:kindly )?(?:ask|request)",
               r"is (?:kindly )?requested", r"to approve", r"for approval", r"προτεινεται η εγκριση", r"αποφασιζει", r"decides")
_REQUEST_ITEM = re.compile(r"^(?:την |τη |το |τον )?(?:εγκριση|εξουσιοδοτηση|εγγραφη (?:των )?(?:αντιστοιχων )?πιστωσ|ορισμο|διαθεση πιστωσ|"
                           r"approval|approve|authori[sz])")
_AXES_INTRO = rx(r"αξον(?:εσ|ασ|ων|α)", r"axes", r"axis", r"μνημονι\w*", r"memorandum", r"mou\b")


# -- boilerplate ----------------------------------------------------------------------------


def is_boilerplate(text: str) -> bool:
    """Letterhead, address, recipient, signature and page-furniture lines."""
    t = text.strip()
    if not t:
        return True
    f = fold(t)
    words = t.split()
    if len(words) <= 20 and _BOILERPLATE.search(f):
        return True
    if len(words) <= 14 and not t.endswith(".") and (_SIGNATURE_ROLE.search(f) or _PLACE_DATE.search(f)):
        return True
    if 2 <= len(words) <= 10 and _LETTERHEAD_UNIT.search(f) and (_is_caps(t) or _all_name_words(t)):
        return True
    if re.fullmatch(r"[\d\s./|–—-]+", t):
        return True
    return False


def _all_name_words(text: str) -> bool:
    """Every word capitalised but "και"/"&"/"of"/"and": a unit's name ("Τμήμα Κοινωνικής Ένταξης")."""
    words = [w for w in re.findall(r"[^\W\d_][\w/.-]*", text) if w.lower() not in ("και", "of", "and", "the", "for", "&")]
    return bool(words) and all(w[0].isupper() for w in words)


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_name_line(text: str) -> bool:
    """A person's name on its own line (a signature): two to four capitalised words."""
    words = text.strip().split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not text.strip().endswith((".", ":")) and \
        not STRUCTURE.search(fold(text)) and not any(ch.isdigit() for ch in text)


def _table_is_boilerplate(block: Block) -> bool:
    cells = [c.strip() for row in block.rows for c in row if c and c.strip()]
    if not cells:
        return True
    if any(len(c.split()) > 15 for c in cells):
        return False
    furniture = sum(1 for c in cells if is_boilerplate(c) or _is_caps(c) or _is_name_line(c) or is_place(c))
    return furniture >= 0.6 * len(cells)



def _repeated_lines(blocks: list[Block]) -> set[str]:
    """Short lines that recur on several pages: running headers and footers."""
    counts = Counter(b.text.strip() for b in blocks if b.kind == PARAGRAPH and len(b.text) < 150)
    pages = {b.page for b in blocks if b.page}
    limit = 3 if len(pages) < 3 else max(2, len(pages) // 2)
    return {text for text, n in counts.items() if n >= limit}


_LIST_MARKER = re.compile(r"^\s*(?:(\d{1,2})[.)]|[•●▪■◦‣∙·*–-])\s+(?=\S)")


def clean_blocks(blocks: list[Block]) -> list[Block]:
    """Normalise the reader's blocks: drop empties and running headers/footers, numbered paragraphs
    as list items, false headings back to paragraphs, broken paragraphs joined, and headings for
    numbered/bold short lines when the reader found (almost) none."""
    repeated = _repeated_lines(blocks)
    out: list[Block] = []
    for b in blocks:
        text = re.sub(r"[ \t\u00a0]+", " ", b.text or "").strip()
        if b.kind == TABLE:
            rows = tuple(tuple(re.sub(r"\s+", " ", c or "").strip() for c in row) for row in b.rows)
            rows = tuple(r for r in rows if any(r))
            if not rows and not text:
                continue
            out.append(Block(TABLE, text, level=b.level, page=b.page, rows=rows, style=b.style))
            continue
        if not text or text in repeated:
            continue
        if b.kind == PARAGRAPH:
            marker = _LIST_MARKER.match(text)
            if marker and len(text) > 12:
                out.append(Block(LIST_ITEM, text[marker.end():], level=1, page=b.page, ordered=bool(marker.group(1)), style=b.style))
                continue
        out.append(Block(b.kind, text, level=b.level, page=b.page, rows=b.rows, ordered=b.ordered, style=b.style))
    out = join_broken_paragraphs(_demote_false_headings(out))
    if sum(1 for b in out if b.kind == HEADING) < 2:
        out = _infer_headings(out)
    return out


_FIELD_LINE = re.compile(r"^([^:]{2,60}):\s+\S")
_FUNCTION_END = re.compile(r"(?<!\w)(?:ο|η|το|τα|οι|τη|την|τον|του|της|των|τους|τις|και|με|σε|από|απο|για|στο|στη|στην|στα|"
                           r"στον|στις|στους|ως|ή|the|a|an|of|and|or|to|with|for|in|on|by|from)$|,$", re.IGNORECASE)


_FINITE_VERB = re.compile(r"(?<!\w)(?:ειναι|εχει|εχουν|θα|ηταν|is|are|was|were|has|have|will)(?!\w)")


def _is_sentence_fragment(text: str) -> bool:
    """A line of running text a reader took for a heading: it stops on a function word, or it is a
    long line with a finite verb in it."""
    t = text.strip()
    return bool(_FUNCTION_END.search(t)) or (len(t.split()) >= 7 and bool(_FINITE_VERB.search(fold(t))))


def _after_signature(blocks: list[Block], i: int) -> bool:
    """A person's name right under a signature line ("Η Αντιδήμαρχος ..." / "ΕΛΕΝΗ ΑΥΓΕΡΙΝΟΥ")."""
    return i > 0 and _is_name_line(blocks[i].text) and is_boilerplate(blocks[i - 1].text)


def _demote_false_headings(blocks: list[Block]) -> list[Block]:
    """Headings that are not section titles become paragraphs: letterhead lines a reader took for
    headings, a line that stops mid-sentence, and front matter (a kicker above the title, a subtitle
    or fact-box caption below it) set at a level deeper than the sections that follow."""
    heading_at = [i for i, b in enumerate(blocks) if b.kind == HEADING]
    demote = {i for i in heading_at if is_boilerplate(blocks[i].text) or SUBJECT_LINE.match(blocks[i].text)
              or _after_signature(blocks, i) or is_place(blocks[i].text)}
    body_text = {i for i in heading_at if _is_sentence_fragment(blocks[i].text)}
    kept = [i for i in heading_at if i not in demote and i not in body_text]
    if kept:
        top = min(blocks[i].level for i in kept)
        tops = [i for i in kept if blocks[i].level == top]
        title = tops[0] if len(tops) == 1 else None
        after = [i for i in kept if title is None or i > title]
        if after:
            main = min(blocks[i].level for i in after)
            first_main = next(i for i in after if blocks[i].level == main)
            for i in kept:
                if i < first_main and i != title and blocks[i].level > main:
                    demote.add(i)
    if not demote and not body_text:
        return blocks
    out = []
    for i, b in enumerate(blocks):
        if i in body_text:
            out.append(Block(PARAGRAPH, b.text, page=b.page))
        elif i in demote:
            style = dict(b.style or {})
            style.setdefault("bold", True)
            out.append(Block(PARAGRAPH, b.text, page=b.page, style=style))
        else:
            out.append(b)
    return out


_NUMBERED_HEADING = re.compile(r"^(\d+(?:\.\d+)*)[.)]?\s+\S")


def _heading_like(block: Block, nxt: Block | None) -> int:
    """The heading level a paragraph (or numbered list item) seems to have, or 0."""
    text = block.text.strip()
    words = text.split()
    if not words or len(words) > 14 or len(text) > 120 or text.endswith((".", ",", ";")) or is_boilerplate(text):
        return 0
    if SUBJECT_LINE.match(text) or nxt is None or nxt.kind == HEADING:
        return 0
    agenda = AGENDA_HEADING.match(fold(text))
    numbered = _NUMBERED_HEADING.match(text)
    bold = bool(block.style.get("bold")) if block.style else False
    if agenda:
        return 2
    if block.kind == LIST_ITEM:
        # "1. Title" lines a reader took for a list: a heading only when a longer paragraph follows
        if block.ordered and nxt.kind == PARAGRAPH and len(nxt.text.split()) > 2 * len(words) + 8 and not text.endswith(":"):
            return 2
        return 0
    if numbered:
        return 1 + numbered.group(1).count(".") + 1
    if bold and len(words) <= 12 and not text.endswith(":"):
        return 2
    if _is_caps(text) and 2 <= len(words) <= 10 and nxt.kind in (PARAGRAPH, LIST_ITEM) and len(nxt.text.split()) > 12:
        return 2
    return 0


def _infer_headings(blocks: list[Block]) -> list[Block]:
    guesses = []
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        level = _heading_like(b, nxt) if b.kind in (PARAGRAPH, LIST_ITEM) and not _after_signature(blocks, i) else 0
        guesses.append(level)
    existing = sum(1 for b in blocks if b.kind == HEADING)
    if sum(1 for g in guesses if g) + existing < 2:
        return blocks
    return [Block(HEADING, b.text, level=g, page=b.page, style=b.style) if g else b for b, g in zip(blocks, guesses)]


def join_broken_paragraphs(blocks: list[Block]) -> list[Block]:
    """Join a paragraph that stops mid-sentence with the paragraph that continues it (a page or
    line break a reader kept): the first has no closing punctuation and either the second starts in
    lower case, or the first ends on a function word, or the first is a long line and the second a
    long paragraph."""
    out: list[Block] = []
    for b in blocks:
        if out and b.kind == PARAGRAPH and out[-1].kind == PARAGRAPH and _continues(out[-1], b):
            prev = out[-1]
            out[-1] = Block(PARAGRAPH, prev.text + " " + b.text, page=prev.page, style=prev.style)
            continue
        out.append(b)
    return out


def _continues(prev: Block, nxt: Block) -> bool:
    a, b = prev.text.strip(), nxt.text.strip()
    if not a or not b or re.search(r"[.;:!?·»)\"”]\s*$", a) or _is_caps(a) or _is_caps(b):
        return False
    if is_boilerplate(a) or is_boilerplate(b) or prev_style_bold(prev) != prev_style_bold(nxt):
        return False
    if _FIELD_LINE.match(b) and field_for_label(_FIELD_LINE.match(b).group(1)):
        return False  # the next field of a form ("Description: ...")
    if b[0].islower() or _FUNCTION_END.search(a):
        return True
    return len(a.split()) >= 8 and len(b.split()) >= 12


def prev_style_bold(block: Block) -> bool:
    return bool(block.style.get("bold")) if block.style else False

def own_body(blocks: list[Block]) -> list[Block]:
    """The blocks that are not page furniture, letterhead or signature."""
    return [b for b in blocks if not block_is_furniture(b)]


def block_is_furniture(b: Block) -> bool:
    """A letterhead or signature table, a boilerplate line, or a person's name on its own."""
    if b.kind == TABLE:
        return _table_is_boilerplate(b)
    return is_boilerplate(b.text) or _is_name_line(b.text) and b.kind == PARAGRAPH


# -- lists that are not practices ----------------------------------------------------------


@lru_cache(maxsize=1)
def _axis_words() -> tuple[frozenset[str], ...]:
    return tuple(frozenset(_content_words(a.text_el + " " + a.text_en + " " + a.title_el + " " + a.title_en)) for a in all_axes())


def _content_words(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"\w+", fold(text)) if len(w) >= 4}


def resembles_axis(text: str) -> bool:
    """An item that restates one of the MoU axes."""
    words = _content_words(text)
    if len(words) < 3:
        return False
    return any(len(words & axis) / len(words) >= 0.5 for axis in _axis_words())


def drop_non_practice_lists(blocks: list[Block]) -> list[Block]:
    """Remove the MoU axes list and request lists ("παρακαλούμε για ... τα εξής:") with their lead-in."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        j = i + 1
        while j < len(blocks) and blocks[j].kind == LIST_ITEM:
            j += 1
        items = blocks[i + 1:j]
        if b.kind == PARAGRAPH and items and b.text.rstrip().endswith(":"):
            f = fold(b.text)
            axes_list = _AXES_INTRO.search(f) and sum(resembles_axis(x.text) for x in items) >= len(items) / 2
            axes_list = axes_list or (_AXES_INTRO.search(f) and re.search(r"(?:αξον|axes|axis)", f))
            request = _REQUEST.search(f) and sum(bool(_REQUEST_ITEM.match(fold(x.text))) for x in items) >= len(items) / 2
            if axes_list or request or (_REQUEST.search(f) and len(f.split()) < 30):
                i = j
                continue
        if b.kind == LIST_ITEM:
            k = i
            while k < len(blocks) and blocks[k].kind == LIST_ITEM:
                k += 1
            run = blocks[i:k]
            if len(run) >= 3 and sum(resembles_axis(x.text) for x in run) >= 0.6 * len(run):
                i = k
                continue
        out.append(b)
        i += 1
    return out

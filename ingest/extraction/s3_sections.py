"""Step 3 of extraction, candidates of a sectioned document: from its headings to practices.

- sectioned documents (reports, factsheets, newsletters, project summaries, slides): one
  candidate per heading-delimited section that describes a service or programme. A group
  heading ("Υπηρεσίες", "Work packages", "Our services") gives one per subsection; intro,
  "about" and background sections describe the document's own subject (the overview); figures,
  contact, budget, partners, lessons and transferability sections are fields, not practices;
  priorities and proposals give one planned candidate per list item; child headings that are an
  aspect of their parent ("Who can apply", "Ωράριο") stay with it, and so do the aspect sections
  under a title that names the subject; a section headed only "Practice to showcase" is titled
  by what its text names.
- minutes: the same sections read as agenda items; procedural items (approval of the minutes,
  attendance, other business, next meeting) are skipped; an item a named city presents belongs
  to that city, and an item where several cities each present something is split.

Forms are read in s3_forms, documents without sections in s3_prose; boilerplate is dropped in
s1_clean. Everything works on generic cues (cues), never on particular documents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block
from ingest.extraction.candidate import Candidate, block_text
from ingest.extraction.cues import ASPECT, DOC_TYPE, FIELD_CLASSES, MINUTES_PROCEDURE, PRESENT_VERB
from ingest.extraction.phrases import is_generic_title, name_in, noun_phrase, short_title
from ingest.extraction.s1_clean import SUBJECT_LINE, own_body
from ingest.extraction.s2_shape import classify_heading, clean_heading, describes_practice
from ingest.extraction.text import fold, folded_position, original_position, sentences
from kb.municipalities import municipality_mentions


def _has_prose(blocks: list[Block]) -> bool:
    """Some running text, not only tables of figures (a table cell of running text counts)."""
    return any(len(b.text.split()) >= 6 if b.kind != TABLE else any(len(c.split()) >= 12 for row in b.rows for c in row)
               for b in blocks)


# -- sections ------------------------------------------------------------------------------


@dataclass
class _Node:
    heading: Block | None
    level: int
    body: list[Block] = field(default_factory=list)
    children: list["_Node"] = field(default_factory=list)

    @property
    def title(self) -> str:
        return clean_heading(self.heading.text) if self.heading else ""

    def all_blocks(self) -> list[Block]:
        out = list(self.body)
        for c in self.children:
            if c.heading:
                out.append(c.heading)
            out += c.all_blocks()
        return out


def _tree(blocks: list[Block]) -> _Node:
    root = _Node(None, 0)
    stack = [root]
    for b in blocks:
        if b.kind == HEADING:
            level = max(1, b.level or 1)
            while len(stack) > 1 and stack[-1].level >= level:
                stack.pop()
            node = _Node(b, level)
            stack[-1].children.append(node)
            stack.append(node)
        else:
            stack[-1].body.append(b)
    return root


@dataclass
class Sections:
    candidates: list[Candidate]
    overview: list[Block]  # the document's own subject: preamble and intro sections
    extras: dict[str, list[str]]  # field sections that belong to the document as a whole
    title_heading: str


def section_candidates(blocks: list[Block], *, minutes: bool = False) -> Sections:
    root = _tree(blocks)
    title_heading = ""
    preamble = list(root.body)
    tops = root.children
    if len(root.children) == 1:
        title_node = root.children[0]
        title_heading = title_node.title
        preamble += title_node.body
        tops = title_node.children
    result = Sections([], [] if minutes else own_body(preamble), {}, title_heading)
    # a title that names the subject (not "Newsletter", "Annual report 2023"): its aspects are its own
    about_one_subject = bool(title_heading) and not minutes and not DOC_TYPE.search(fold(title_heading))
    for node in tops:
        if about_one_subject and not node.children and ASPECT.search(fold(node.title)) \
                and classify_heading(node.title) in ("", "overview"):
            # "Ποιοι μπορούν να συμμετέχουν", "Where and when": an aspect of the document's subject
            result.overview += [node.heading] + own_body(node.body)
            continue
        _walk(node, (), None, result, minutes)
    return result


def _extra(result: Sections, parent: Candidate | None, cls: str, node: _Node) -> None:
    blocks = node.all_blocks() if cls == "contact" else own_body(node.all_blocks())  # phone and e-mail lines are the point
    text = "\n".join(block_text(b) for b in blocks)
    if not text:
        return
    if parent is not None:
        parent.fields[cls] = (parent.fields.get(cls, "") + "\n" + text).strip()
    else:
        result.extras.setdefault(cls, []).append(text)


def _walk(node: _Node, path: tuple[str, ...], parent: Candidate | None, result: Sections, minutes: bool) -> None:
    title = node.title
    cls = classify_heading(title)
    subject = SUBJECT_LINE.match(node.body[0].text) if node.body and node.body[0].kind == PARAGRAPH else None
    body = list(node.body)
    if subject:  # "ΘΕΜΑ: ..." right under a heading names the item better than the heading
        title = node.body[0].text[subject.end():].strip()
        body = body[1:]
        cls = "plan" if classify_heading(title) == "plan" else ""
    if minutes and (MINUTES_PROCEDURE.search(fold(title)) or _is_attendance(body)):
        return
    if cls in FIELD_CLASSES:
        _extra(result, parent, cls, node)
        return
    if cls == "skip":
        return
    here = path + (title,)
    if cls == "overview" and parent is None and not path and not minutes:
        # "About the centre" describes the document's subject; "Our services" with a subsection
        # per service is a group whose subsections are practices of their own.
        if len(node.children) >= 2:
            result.overview += own_body(body)
            for child in node.children:
                _walk(child, here, None, result, minutes)
        else:
            result.overview += own_body(node.all_blocks())
        return
    if cls == "plan":
        _plan_candidates(node, body, here, result, minutes)
        for child in node.children:
            _walk(child, here, None, result, minutes)
        return
    own = own_body(body)
    own_text = "\n".join(block_text(b) for b in own)
    if node.children and (cls == "container" or not describes_practice(own_text)):
        for child in node.children:
            _walk(child, here, None, result, minutes)
        return
    cand = Candidate(title=title, body=own, kind="minutes_item" if minutes else "section", path=here,
                     page=node.heading.page if node.heading else None)
    separate = []
    for child in node.children:
        child_cls = classify_heading(child.title)
        if child_cls in FIELD_CLASSES:
            _extra(result, cand, child_cls, child)
            cand.body += [child.heading] + own_body(child.all_blocks())
        elif ASPECT.search(fold(child.title)) or child_cls in ("overview",):
            cand.body += [child.heading] + own_body(child.all_blocks())
        else:
            separate.append(child)
    _name_generic_section(cand, node)
    if _has_prose(cand.body) and describes_practice(cand.full_text()):
        if minutes:
            cand.municipality = presenter(cand.body_text())
            result.candidates += [c for c in _split_presentations(cand) if describes_practice(c.full_text())]
        else:
            result.candidates.append(cand)
    for child in separate:
        _walk(child, here, None, result, minutes)


def _name_generic_section(cand: Candidate, node: _Node) -> None:
    """A section headed "Practice to showcase" or "Καλή πρακτική" is titled by what its text names;
    the heading stays in the text."""
    if node.heading is None or not is_generic_title(cand.title):
        return
    text = cand.body_text()
    better = name_in(text) or noun_phrase(text)
    if better:
        cand.body = [node.heading] + cand.body
        cand.title = better
        cand.title_in_text = False


def _is_attendance(body: list[Block]) -> bool:
    """A minutes section that only records who took part."""
    text = fold(" ".join(b.text for b in body[:2]))
    return bool(re.search(r"^(?:συντονισμοσ|συμμετειχαν|παροντεσ|παρευρεθηκαν|participants|present|attendees|in attendance)\b", text)) \
        and not any(b.kind == PARAGRAPH and len(b.text.split()) > 40 for b in body)


def _plan_candidates(node: _Node, body: list[Block], path: tuple[str, ...], result: Sections, minutes: bool) -> None:
    """A priorities / proposals section: each substantive list item is a planned practice."""
    own = own_body(body)
    items = [b for b in own if b.kind == LIST_ITEM and len(b.text.split()) >= 5]
    prose_words = sum(len(b.text.split()) for b in own if b.kind == PARAGRAPH)
    decisions = sum(1 for b in items if _DECISION_ITEM.search(fold(b.text)))
    if items and prose_words < sum(len(b.text.split()) for b in items) and decisions < len(items) / 2:
        for b in items:
            result.candidates.append(Candidate(title=_item_title(b.text), body=[b], kind="list_item", path=path,
                                               page=b.page, status="planned", title_in_text=False))
        return
    text = "\n".join(block_text(b) for b in own)
    if describes_practice(text):
        cand = Candidate(title=path[-1], body=own, kind="minutes_item" if minutes else "section", path=path,
                         page=node.heading.page if node.heading else None, status="planned")
        if minutes:
            cand.municipality = presenter(text)
        result.candidates.append(cand)


# A list item that records a decision or a task rather than a practice ("Να συγκροτηθεί ...", "... έως τις 15 Ιανουαρίου").
_DECISION_ITEM = re.compile(r"^(?:να|ο δημοσ \w+ να|η \w+ να|to be|the \w+ (?:will|to) send)\b|(?<!\w)(?:εωσ τισ|εωσ την|by \d{1,2} \w+|deadline|προθεσμια)")


def _item_title(text: str, max_words: int = 12) -> str:
    """A list item's leading clause as its title."""
    return short_title(text, max_words=max_words)


def presenter(text: str) -> str:
    """The municipality that presents the item ("η εκπρόσωπος του Δήμου Λαρισαίων παρουσίασε ...")."""
    found = _presentation(text)
    return found[0] if found else ""


def _presentation(text: str) -> tuple[str, str] | None:
    """(municipality, what it presented) for the first sentence where a named municipality presents something."""
    for s in sentences(text):
        f = fold(s)
        verb = PRESENT_VERB.search(f)
        if not verb:
            continue
        before = [m for m in municipality_mentions(s) if folded_position(s, m[1]) <= verb.start()]
        if before:
            return before[-1][0], _presented_title(s, verb.end())
    return None


def _presented_title(sentence: str, folded_verb_end: int) -> str:
    rest = sentence[original_position(sentence, folded_verb_end):].strip()
    rest = re.split(r"[,.;:(]|\s(?:που|το οποίο|η οποία|τα οποία|which|that|who)\s|\s(?:με|with)\s+\d", rest, maxsplit=1)[0]
    rest = re.sub(r"^(?:(?:το|τη|την|τον|τα|τις|τους|the|its|their|a|an)\s+)", "", rest.strip(), flags=re.IGNORECASE)
    words = rest.split()
    if len(words) < 2:
        return ""
    title = " ".join(words[:12])
    return title[:1].upper() + title[1:]


def _split_presentations(cand: Candidate) -> list[Candidate]:
    """A minutes item in which several cities each present something: one candidate per presentation."""
    starts = []
    for i, b in enumerate(cand.body):
        if b.kind == PARAGRAPH:
            found = _presentation(b.text)
            if found:
                starts.append((i, found))
    if len({m for _, (m, _) in starts}) < 2:
        return [cand]
    parts = []
    for n, (i, (municipality, what)) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(cand.body)
        begin = 0 if n == 0 else i
        part = Candidate(title=what or f"{cand.title} – {municipality}", body=cand.body[begin:end], kind=cand.kind,
                         path=cand.path, page=cand.body[i].page or cand.page, municipality=municipality,
                         title_in_text=not what)
        parts.append(part)
    return parts



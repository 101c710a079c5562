"""Programmes and structures named in running prose.

Memos and letters often name several practices in one sentence: "Ο Δήμος έχει
ήδη δημιουργήσει δομές όπως το Κέντρο Ένταξης Μεταναστών, το πρόγραμμα
Ελληνομάθειας, ..." or "Στα επόμενα σχέδια μας είναι η σύσταση του ..., η
ενίσχυση του ...". Each named item becomes its own record.

A sentence is read as a list of top-level segments (split at commas, "καθώς
και", "και" + article, "and" + article, outside brackets and quotes). Items
come from

- a list cue: a class noun (δομές, προγράμματα, δράσεις, services, ...) followed
  by "όπως" / "such as" / "including": the segments after the cue;
- a plan cue ("Στα επόμενα σχέδια μας είναι", "our plans include", ...): the
  segments after the cue, status planned;
- a segment that names a programme or a known kind of municipal structure
  ("... μέσω του Προγράμματος Εστία", "το Κοινωνικό Παντοπωλείο").

Only sentences where the municipality owns or plans the items count
("έχει δημιουργήσει", "διαθέτει", "λειτουργεί", "σχέδια", "has set up", "will"):
a sentence listing what the Network aims at in general does not.

Each item's text is a window of the sentence: the item's segment, with the
sentence's lead-in for the first item after a cue, and with the preceding item
when that one is a bare name (so "Κοινωνικό Φαρμακείο" reads as "το Κοινωνικό
Παντοπωλείο, το Κοινωνικό Φαρμακείο"). The whole sentence is kept as context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extraction.cues import ARTICLES, GENITIVE, PREPOSITIONS
from ingest.extraction.text import cut_at_folded, fold, sentence_spans
from kb.municipalities import fold_with_offsets


@dataclass
class NamedItem:
    title: str
    text: str  # the window of the sentence that presents the item
    context: str  # the sentence that names it
    mentions: str  # other sentences of the paragraph that mention it again (results, start year, ...)
    status: str  # running | planned | ""
    listed: bool  # named in a list after a cue ("δομές όπως ...", "our plans include ...")
    start: int  # offset of the window in the paragraph
    end: int


# -- vocabularies (folded) --------------------------------------------------------------

_CLASS_NOUN = (
    r"(?:δομ(?:εσ|ων)|προγραμμα(?:τα|των)|δρασ(?:εισ|εων)|υπηρεσι(?:εσ|ων)|πρωτοβουλι(?:εσ|ων)|θεσμ(?:ουσ|ων|οι)|"
    r"παρεμβασ(?:εισ|εων)|εργα|εργων|κεντρα|ιατρεια|structures|programmes|programs|services|initiatives|projects|"
    r"facilities|schemes|activities|actions|institutions)"
)
_LIST_CUE = re.compile(
    _CLASS_NOUN + r"(?:\s+[^\s,.;]+){0,9}?\s*,?\s+(οπωσ|such as|including|like|π\.?χ\.?|e\.g\.?|μεταξυ των οποιων)\s+"
)
_PLAN_CUE = re.compile(
    r"(?:(?:στα|τα|στισ)\s+(?:επομεν\w*|μελλοντικ\w*|αμεσ\w*)\s+(?:σχεδια|σχεδιασμουσ|βηματα|στοχουσ|προτεραιοτητεσ)\s+(?:μασ\s+)?"
    r"(?:ειναι|περιλαμβανονται|περιλαμβανουν|συγκαταλεγονται)?|"
    r"(?:στα|τα)\s+σχεδια\s+(?:μασ|του\s+δημου)\s+(?:ειναι|περιλαμβανονται|περιλαμβανουν)|"
    r"σχεδιαζουμε|προγραμματιζουμε|προτιθεμεθα|"
    r"(?:ο\s+δημοσ(?:\s+\w+)?|η\s+(?:διευθυνση|υπηρεσια)|το\s+κεμ)\s+(?:σχεδιαζει|προγραμματιζει|προτιθεται)|"
    r"our\s+(?:next\s+|future\s+)?(?:plans|priorities|next steps)\s+(?:include|are)|"
    r"(?:we|it|the (?:municipality|city))\s+(?:plans?|intends?)\s+to|next steps include|plans include)\s*:?\s+"
)
_OWNERSHIP = re.compile(
    r"(?<!\w)(?:εχ(?:ει|ουν|ουμε)\s+(?:ηδη\s+)?(?:δημιουργησει|αναπτυξει|συστησει|ιδρυσει|θεσει σε λειτουργια)|δημιουργησαμε|"
    r"διαθετ(?:ει|ουν|ουμε)|λειτουργ(?:ει|ουν|ουμε)|υλοποι(?:ει|ουν|ουμε)|υπαρξη|ιδρυσε|συστησε)(?!\w)|(?<!\w)(?:"
    r"ha(?:s|ve)\s+(?:already\s+)?(?:set up|created|established|developed|launched|opened)|runs|operates|offers|"
    r"(?:our|its)\s+(?:structures|services|programmes)\s+include)(?!\w)"
)
_PLANNED = re.compile(r"(?<!\w)(?:σχεδι|σχεδιαζ|προγραμματιζ|προκειται|μελλοντικ|θα\s|plan|will\s|intend|future)")
# Conjunctions that open a sentence and carry the previous sentence's subject over.
CARRY_OVER = re.compile(r"^(?:επισησ|ακομη|επιπλεον|επιπροσθετα|also|in addition|moreover|furthermore)\b")

# Named programmes and structures (original text, case-sensitive).
_CAP = r"[A-ZΑ-ΩΆΈΉΊΌΎΏ]"
NAMED_PROGRAMME = re.compile(
    r"(?:[Ππ]ρ[οό]γρ[αά]μμα(?:τος|τα|των)?|[Pp]rogram(?:me)?s?|[Pp]roject|[Έέ]ργ(?:ο|ου)|[Δδ]ράση|[Δδ]ράσης)\s+"
    r"(?:[a-zα-ωάέήίόύώϊϋΐΰς]+\s+){0,3}(?:«[^»]{2,80}»|\"[^\"]{2,80}\"|“[^”]{2,80}”|" + _CAP + r"[\w-]+)"
)
STRUCTURE = re.compile(
    r"(?<!\w)(?:κεντρ\w*\s+ενταξησ\s+μεταναστ\w*|συμβουλι\w*\s+ενταξησ\s+μεταναστ\w*|συμβουλι\w*\s+μεταναστ\w*|κεντρ\w*\s+κοινοτητασ|"
    r"κοινωνικ\w*\s+(?:παντοπωλει\w*|φαρμακει\w*|ιματιοθηκ\w*|κουζιν\w*|ιατρει\w*|ξενων\w*|φροντιστηρι\w*)|δημοτικ\w*\s+ιατρει\w*|"
    r"συσσιτι\w*|βοηθεια\s+στο\s+σπιτι|κδαπ|κδηφ|ξενων\w*\s+φιλοξενιασ|κεντρ\w*\s+ημερασ|κεντρ\w*\s+υποδοχησ|"
    r"migrant\s+integration\s+(?:centre|center|council)|community\s+cent(?:re|er)|social\s+(?:grocery|pharmacy|kitchen|clinic)|"
    r"one-stop\s+shop|municipal\s+clinic)"
)
# Items that talk about the Network itself, not about a practice of the municipality.
_NETWORK = re.compile(r"(?<!\w)(?:δικτυ|μνημονι|network|memorandum|mou\b|δημουσ-μελη|δημων-μελων|member cities)")
# A sentence about the Network or about joining it ("Το Δίκτυο ... είναι", "η συμμετοχή μας στο Δίκτυο").
NETWORK_TALK = re.compile(
    r"^(?:το|του|η|the)\s+(?:cities\s+)?(?:δικτυο|network)|συμμετοχ\w*\s+(?:\w+\s+){0,3}στο\s+δικτυο|join(?:ing)?\s+the\s+(?:cities\s+)?network|"
    r"membership of the network"
)
_GENERIC_START = re.compile(r"^(?:των|of the|του|της)\s")
_ARTICLE = r"(?:η|ο|το|τα|οι|τη|την|τον|τουσ|τισ|των|του|τησ|the|a|an)"
_NOMINATIVE_ONLY = {"η", "ο", "οι"}
_ACCUSATIVE_ONLY = {"την", "τη", "τον", "τουσ", "τισ"}
_LEADING = re.compile(r"^(?:(?:επισησ|ακομη|επιπλεον|also|and|και|καθωσ και)\s+)+")
_MODIFIER = re.compile(r"\s(?:σε|στο|στη|στην|στα|στον|στουσ|με|για|μεσω|απο|κατα|που|οι οποι\w+|τα οποια|η οποια|ο οποιοσ|"
                       r"in|for|with|through|by|which|that|who|to)\s")
_PARTNER_CLAUSE = re.compile(r"\s(?:σε συνεργασια|σε συμπραξη|με τη συνεργασια|με τη στηριξη|in (?:partnership|cooperation|collaboration) with|together with)\b")
_RELATIVE = re.compile(r"\s(?:που|οι οποι\w+|τα οποια|η οποια|ο οποιοσ|το οποιο|which|that|who)\s|\s*\(")


@dataclass
class _Segment:
    start: int  # offsets in the sentence
    end: int


def _depths(text: str) -> list[int]:
    depth = 0
    out = []
    for ch in text:
        if ch in "(«[“":
            depth += 1
        out.append(depth)
        if ch in ")»]”" and depth:
            depth -= 1
    return out


_SPLIT = re.compile(
    r",\s+|;\s+|\s+καθώς\s+και\s+|\s+και\s+(?=(?:η|ο|το|τα|οι|τη|την|τον|τους|τις|των)\s)|\s+as\s+well\s+as\s+"
    r"|,?\s+and\s+(?=(?:the|a|an)\s)",
    re.IGNORECASE,
)


# "για τη στέγαση και την απασχόληση": two objects of one preposition, not two items.
_SHARED_PREPOSITION = re.compile(
    r"(?<!\w)(?:για|σε|με|απο|μεσω|κατα|στη|στην|στο|στον|στα|στισ|στουσ|for|in|with|to|of|on)\s+"
    r"(?:(?:τη|την|το|τον|τα|τισ|τουσ|των|the)\s+)?\w+\s*$"
)


def _segments(sentence: str) -> list[_Segment]:
    depth = _depths(sentence)
    segs = []
    start = 0
    for match in _SPLIT.finditer(sentence):
        if depth[match.start()]:
            continue
        if re.fullmatch(r"\s+και\s+", match.group(0)) and _SHARED_PREPOSITION.search(fold(sentence[start:match.start()])[-60:]):
            continue
        if match.start() > start:
            segs.append(_Segment(start, match.start()))
        start = match.end()
    if start < len(sentence):
        segs.append(_Segment(start, len(sentence)))
    return [part for seg in segs for part in _split_named_pair(sentence, seg, depth)]


_AND = re.compile(r"\s+(?:και|and|&)\s+")


def _split_named_pair(sentence: str, seg: _Segment, depth: list[int]) -> list[_Segment]:
    """ "Κοινωνικό Παντοπωλείο και Κοινωνικό Φαρμακείο" without articles: two names joined by "και"
    are two items when a known kind of structure ends on the left and starts on the right."""
    text = sentence[seg.start:seg.end]
    for match in _AND.finditer(text):
        if depth[seg.start + match.start()]:
            continue
        left, right = fold(text[: match.start()]), fold(text[match.end():])
        ends_named = any(m.end() == len(left) for m in STRUCTURE.finditer(left))
        if ends_named and STRUCTURE.match(right):
            cut = seg.start + match.start()
            rest = _Segment(seg.start + match.end(), seg.end)
            return [_Segment(seg.start, cut)] + _split_named_pair(sentence, rest, depth)
    return [seg]


def _clean_title(text: str) -> str:
    """A short name from an item: no leading article or conjunction, cut before a relative clause."""
    folded, offsets = fold_with_offsets(text)
    lead = _LEADING.match(folded)
    start = offsets[lead.end()] if lead and lead.end() < len(offsets) else 0
    article = re.match(_ARTICLE + r"\s+", folded[lead.end() if lead else 0:])
    if article:
        pos = (lead.end() if lead else 0) + article.end()
        start = offsets[pos] if pos < len(offsets) else start
    title = text[start:]
    rel = _RELATIVE.search(fold(title))
    if rel and rel.start() > 0:
        title = cut_at_folded(title, rel.start())
    partner = _PARTNER_CLAUSE.search(fold(title))
    if partner and partner.start() > 0:
        title = cut_at_folded(title, partner.start())
    words = title.split()
    if len(words) > 12:
        f = fold(title)
        for match in _MODIFIER.finditer(f):
            if len(f[: match.start()].split()) >= 3:
                title = cut_at_folded(title, match.start())
                break
    title = title.strip(" ,.;:·-–")
    return title[:1].upper() + title[1:]


def _is_bare(item: str) -> bool:
    """A bare name: a few words, no preposition or relative clause."""
    f = " " + fold(item) + " "
    return len(item.split()) <= 6 and not _MODIFIER.search(f)


_RELATIVE_START = re.compile(r"^(?:που|οπου|οι οποι\w*|ο οποιοσ|η οποια|το οποιο|τα οποια|των οποιων|ενω|ωστε|αλλα|which|who|where|that|while|but)\b")


def _looks_like_item(text: str, *, plan: bool) -> bool:
    stripped = _LEADING.sub("", fold(text)).strip()
    if not stripped or len(stripped.split()) > 30 or _RELATIVE_START.match(stripped):
        return False
    if _GENERIC_START.match(stripped):
        return False
    if re.match(_ARTICLE + r"\s", stripped):
        return True
    raw = text.strip()
    return bool(raw[:1].isupper()) or plan


def _article(text: str) -> str:
    match = re.match(r"(\w+)\s", _LEADING.sub("", fold(text)).strip() + " ")
    return match.group(1) if match else ""


def _about_network(text: str) -> bool:
    f = fold(text)
    return bool(_NETWORK.search(f)) and not STRUCTURE.search(f)


def _names_something(text: str) -> bool:
    return bool(NAMED_PROGRAMME.search(text) or STRUCTURE.search(fold(text)))


def word(token: str) -> str:
    """A token folded, without the punctuation around it."""
    return fold(token.strip("«»\"“”‘’'()[]{},.;:·!?…–—-"))


def name_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the named programmes ("programme") and known kinds of municipal
    structure ("structure") in `text`, in order, without overlaps."""
    spans = [(m.start(), m.end(), "programme") for m in NAMED_PROGRAMME.finditer(text)]
    folded, offsets = fold_with_offsets(text)
    for m in STRUCTURE.finditer(folded):
        end = offsets[m.end() - 1] + 1 if m.end() - 1 < len(offsets) else len(text)
        spans.append((offsets[m.start()], end, "structure"))
    out: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda x: (x[0], -x[1])):
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def governed(text: str, start: int) -> bool:
    """Whether the phrase at `start` of `text` stands after a preposition or a genitive article:
    "στο Κέντρο Κοινότητας", "in the Centre", "οι υπηρεσίες του Κέντρου" name a place or an owner,
    not the subject or object of the sentence."""
    before = [w for w in (word(t) for t in text[:start].split()) if w]
    while before and before[-1] in ARTICLES:
        before.pop()
    return bool(before) and (before[-1] in PREPOSITIONS or before[-1] in GENITIVE)


_CONNECTIVES = {"και", "and", "επισησ", "also", "ακομη", "καθωσ", "as", "well"}


def _names_directly(segment: str) -> bool:
    """A segment that is a name, or a clause whose object is one ("το Κοινωνικό Παντοπωλείο",
    "ο Δήμος λειτουργεί Κοινωνικό Φαρμακείο"), not one that names a place in passing ("τα μαθήματα
    γίνονται στο Κέντρο Κοινότητας")."""
    text = segment.strip()
    for start, end, _ in name_spans(text):
        if governed(text, start):
            continue
        lead = [w for w in (word(t) for t in text[:start].split()) if w and w not in ARTICLES and w not in _CONNECTIVES]
        tail = [w for w in (word(t) for t in text[end:].split()) if w]
        if not lead or not tail or tail[0] in GENITIVE and len(tail) <= 3 or text[end:].lstrip().startswith("("):
            return True
    return False


def _sentence_items(sentence: str, previous: str) -> list[tuple[int, int, int, str, bool]]:
    """Items in one sentence: (window start, window end, item start, status, listed), offsets in the sentence."""
    folded, offsets = fold_with_offsets(sentence)

    def orig(pos: int) -> int:
        return offsets[pos] if pos < len(offsets) else len(sentence)

    owner_text = folded
    if CARRY_OVER.match(folded.strip()):
        owner_text = fold(previous) + " " + folded
    planned = bool(_PLAN_CUE.search(folded)) or bool(_PLANNED.search(folded) and not _OWNERSHIP.search(folded))
    owned = bool(_OWNERSHIP.search(owner_text))
    if not (owned or planned):
        return []
    status = "planned" if planned else "running"

    segs = _segments(sentence)
    cue = _PLAN_CUE.search(folded)
    cue_kind = "plan" if cue else ""
    if not cue:
        cue = _LIST_CUE.search(folded)
        cue_kind = "list" if cue else ""
    cue_word = orig(cue.start(1)) if cue and cue_kind == "list" else None
    cue_end = orig(cue.end()) if cue else None

    items: list[tuple[int, int, int, str, bool]] = []
    prev_item: tuple[int, int, str] | None = None  # (lead start, item start, item text)
    for seg in segs:
        seg_text = sentence[seg.start:seg.end]
        if cue_end is not None and seg.end <= cue_end:
            # before the cue: a segment that names a programme is an item of its own
            if _names_something(seg_text) and not _about_network(seg_text):
                items.append((seg.start, seg.end, seg.start, status, False))
            continue
        if cue_end is not None and seg.start < cue_end <= seg.end:
            item_start = cue_end
            window_start = seg.start
            lead_start = cue_word if cue_word is not None else item_start
        else:
            item_start = seg.start
            window_start = seg.start
            lead_start = seg.start
        item_text = sentence[item_start:seg.end]
        if cue_end is None:
            if _names_directly(item_text) and not _about_network(item_text):
                items.append((window_start, seg.end, item_start, status, False))
            continue
        if not _looks_like_item(item_text, plan=cue_kind == "plan"):
            break
        if prev_item and _article(item_text) in _ACCUSATIVE_ONLY and _article(prev_item[2]) in _NOMINATIVE_ONLY:
            continue  # "..., τη διάχυση ...": an object of the previous item, not a new one
        if _about_network(item_text):
            prev_item = (lead_start, item_start, item_text)
            continue
        if prev_item and _is_bare(prev_item[2]) and not (seg.start < cue_end <= seg.end):
            window_start = prev_item[0]
        items.append((window_start, seg.end, item_start, status, True))
        prev_item = (lead_start, item_start, item_text)
    return items


_CLASS_NOUN_RE = re.compile(r"(?<!\w)" + _CLASS_NOUN + r"(?!\w)")
_OWN_SUBJECT = re.compile(r"(?<!\w)(?:ο δημοσ|του δημου|the (?:city|municipality)|municipality of|city of|we|our|μασ)(?!\w)")


def list_lead_in(paragraph: str) -> str:
    """ "planned" or "running" when a paragraph introduces a list of the municipality's own
    programmes ("Ο Δήμος διαθέτει τις εξής δομές:", "Our plans for 2024 include:"), else "".
    A list of what one centre offers ("Το Κέντρο προσφέρει τις εξής υπηρεσίες:") describes that
    centre: its items are not practices of their own."""
    f = fold(paragraph).rstrip()
    if not f.endswith(":") or not (_CLASS_NOUN_RE.search(f) or _PLAN_CUE.search(f + " ")):
        return ""
    if _PLAN_CUE.search(f + " ") or (_PLANNED.search(f) and _OWN_SUBJECT.search(f)):
        return "planned"
    return "running" if _OWN_SUBJECT.search(f) else ""


def find_named_items(paragraph: str) -> list[NamedItem]:
    """The programmes and structures a paragraph names in lists or one by one, in order."""
    found: list[NamedItem] = []
    spans = sentence_spans(paragraph)
    previous = ""
    for s, e in spans:
        sentence = paragraph[s:e]
        if NETWORK_TALK.search(fold(sentence)):
            previous = sentence
            continue
        for ws, we, item_start, status, listed in _sentence_items(sentence, previous):
            item_text = sentence[item_start:we]
            title = _clean_title(item_text)
            if len(title) < 3:
                continue
            found.append(NamedItem(
                title=title,
                text=sentence[ws:we].strip(" ,;"),
                context=sentence.strip(),
                mentions="",
                status=status,
                listed=listed,
                start=s + ws,
                end=s + we,
            ))
        previous = sentence
    for item in found:
        key = _name_key(item.title)
        if key:
            again = [paragraph[s:e] for s, e in spans if key in fold(paragraph[s:e]) and paragraph[s:e].strip() != item.context]
            item.mentions = " ".join(x.strip() for x in again)
    return found


def _name_key(title: str) -> str:
    """The first two words of a name, folded, to spot it again in other sentences ("κεντρο ενταξησ")."""
    words = [w for w in re.findall(r"\w+", fold(title)) if len(w) > 2]
    return " ".join(words[:2]) if len(words) >= 2 else ""

"""List markers, numbered headings, heading-like lines and line joining (with dehyphenation):
shared by the PDF, text, Markdown and OCR readers.
"""
from __future__ import annotations

import re

from ..blocks import HEADING, Block
from .clean import GREEK_RE, has_letters


_BULLET_GLYPHS = "•·▪▫◦●○■□►▸‣⁃∙➢➤✓✔❖◆◇→"
_BULLET_RE = re.compile(r"^\s*(?:([" + _BULLET_GLYPHS + r"])|([-–—*+])(?=\s))\s*")
ORDERED_RE = re.compile(
    r"^\s*(?:"
    r"\((\d{1,3}|[a-zα-ω]|[ivx]{1,4})\)"  # (1) (a) (iv)
    r"|(\d{1,3})[.)]"  # 1. 1)
    r"|([a-zα-ω])\)"  # a) α)
    r"|([a-zα-ω])\."  # a. α.  (lower-case only: "Α." is usually a heading or an initial)
    r"|([ivx]{1,4})[.)]"  # iv.
    r")\s+(?=\S)"
)
MARKER_ONLY_RE = re.compile(
    r"^(?:[" + _BULLET_GLYPHS + r"\-–—*+]|\(?\d{1,3}[.)]|\(?[a-zα-ω][.)]|\(?[ivx]{1,4}[.)]|\d{1,3}(?:\.\d{1,3})+\.?)$"
)
_NUMBERED_HEADING_RE = re.compile(
    r"^(?:(\d{1,2}(?:\.\d{1,2}){0,4})\.?|([Α-ΩA-Z]|[IVX]{1,5})[.)])\s+(?=\S)"
)
TERMINAL = tuple(".,;:!·…")
_DATE_LINE_RE = re.compile(
    r"(^|,\s*)\d{1,2}(\s+|[./-])(\w+|\d{1,2})(\s+|[./-])\d{4}\s*$|^\w+\s+\d{1,2},\s*\d{4}$", re.UNICODE
)


def parse_marker(text: str) -> tuple[str | None, str]:
    """("bullet" | "ordered" | None, text without the marker)."""
    m = _BULLET_RE.match(text)
    if m and text[m.end():].strip():
        return "bullet", text[m.end():]
    m = ORDERED_RE.match(text)
    if m:
        return "ordered", text[m.end():]
    return None, text


def numbered_depth(text: str) -> int:
    """Depth of a numbered heading ("1." -> 1, "2.3" -> 2, "Α." -> 1); 0 when not numbered."""
    m = _NUMBERED_HEADING_RE.match(text)
    if not m:
        return 0
    if m.group(1):
        return m.group(1).count(".") + 1
    return 1


_GREEK_ACCENTED = set("άέήίόύώΐΰΆΈΉΊΌΎΏ")


def _dehyphenate(first: str, second: str, vocab: set[str] | None) -> bool:
    """Whether "first-" at a line end followed by "second" is one hyphenated-for-wrapping word."""
    joined = (first + second).lower()
    if vocab:
        if joined in vocab:
            return True
        if f"{first}-{second}".lower() in vocab:
            return False
    if GREEK_RE.search(first) and GREEK_RE.search(second):
        # A Greek word carries exactly one accent: two accented halves are two words.
        acc1 = any(ch in _GREEK_ACCENTED for ch in first)
        acc2 = any(ch in _GREEK_ACCENTED for ch in second)
        return not (acc1 and acc2)
    if vocab and first.lower() in vocab and second.lower() in vocab and len(first) > 2 and len(second) > 2:
        return False
    return True


_HYPHEN_END_RE = re.compile(r"(\w+)[-\u2010]$")
_WORD_START_RE = re.compile(r"\w+")


def join_lines(parts: list[str], vocab: set[str] | None = None) -> str:
    """Join hard-wrapped lines into one paragraph, repairing words hyphenated at line ends.

    The paragraph is kept as a list of pieces and only its last 64 characters are searched for a
    hyphenated word: growing one string and searching all of it was quadratic (13 s for a 50 KB base64
    block read as text, 11 s for 200,000 hyphen-ended lines; fuzzing, issue 9).
    """
    pieces: list[str] = []
    tail = ""  # the last 64 characters of the paragraph so far
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not pieces:
            pieces.append(part)
            tail = part[-64:]
            continue
        last = pieces[-1]
        if last.endswith("\u00ad"):
            pieces[-1] = last[:-1]
            pieces.append(part)
            tail = (tail[:-1] + part)[-64:]
            continue
        m = _HYPHEN_END_RE.search(tail) if last[-1] in "-\u2010" else None
        if m and part[0].isalpha() and part[0].islower():
            w = _WORD_START_RE.match(part)
            second = w.group(0) if w else part
            if _dehyphenate(m.group(1), second, vocab):
                pieces[-1] = last[:-1]
                tail = tail[:-1]
            pieces.append(part)
            tail = (tail + part)[-64:]
            continue
        pieces.append(" ")
        pieces.append(part)
        tail = (tail + " " + part)[-64:]
    return "".join(pieces)


def vocabulary(lines: list[str]) -> set[str]:
    words: set[str] = set()
    for line in lines:
        tokens = line.split()
        # the last token of a line may be a hyphenation fragment: leave it out
        for tok in tokens[:-1] if tokens and tokens[-1].endswith(("-", "\u00ad")) else tokens:
            tok = tok.strip(".,;:!?()[]«»\"'“”‘’").lower()
            if tok:
                words.add(tok)
    return words


def normalise_levels(blocks: list[Block]) -> list[Block]:
    """Renumber heading levels so that the used levels are 1..n without gaps."""
    used = sorted({b.level for b in blocks if b.kind == HEADING})
    if not used or used == list(range(1, len(used) + 1)):
        return blocks
    remap = {lvl: i + 1 for i, lvl in enumerate(used)}
    return [
        Block(b.kind, b.text, remap[b.level], b.page, b.rows, b.ordered, b.style) if b.kind == HEADING else b
        for b in blocks
    ]


def is_heading_text(text: str, *, numbered: bool = False, caps: bool = False) -> bool:
    """Short, has letters, does not end like a sentence, is not a date line."""
    t = text.strip()
    if not t or not has_letters(t) or len(t) > (120 if (numbered or caps) else 90):
        return False
    if t.endswith(TERMINAL):
        return False
    if len(t.split()) > (16 if (numbered or caps) else 12):
        return False
    if _DATE_LINE_RE.search(t):
        return False
    return True

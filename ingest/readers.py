"""Readers: pure functions from the bytes of one file to text blocks.

Public API
----------
- ``read_bytes(data, name="", *, limits=None) -> ReadResult``: detect the format from the
  content (magic bytes, never the extension) and read it into ``Block`` objects.
- ``read_path(path, *, limits=None) -> ReadResult``: read a file from disk, then ``read_bytes``.
  It is the only function here that touches the file system for input.
- ``detect_format(data, name="") -> str``: one of pdf, docx, doc, odt, html, md, txt, unknown.
- ``Limits``: size and time limits.
- ``clean_text(text) -> str``: the text normalisation applied to every block.

Every failure is a ``ReadError`` whose ``reason`` is one sentence a municipal officer can act
on, starting with what the file is ("encrypted PDF: needs a password", "corrupt DOCX: ...",
"empty document: no text", ...). No other exception escapes ``read_bytes`` except
``KeyboardInterrupt``, ``SystemExit`` and ``MemoryError``.

Block conventions: headings have level 1 (top) and deeper; list items have level 1 for a
top-level item, 2 for an item nested once, and so on; list markers (bullets, "1.", "α)") are
removed from list item text and ``ordered`` says whether it was numbered; tables carry
``rows`` and their ``text`` is the rows as "cell | cell" lines. PDF blocks carry the 1-based
page they start on. ``style`` holds optional hints (bold, align, size).

How each format is read:
- PDF (pypdf): pypdf's text visitor gives every run of text with its position, font size and
  font; runs are grouped into lines, runs far apart on a line become cells, lines sharing
  columns become tables, and the rest is rebuilt into paragraphs from line spacing, indents and
  short last lines (a line ends a paragraph when the next word would have fitted). Headings come
  from font size and bold, or, in single-font documents, from numbering, capitals and short
  title lines. Running headers/footers and page numbers are dropped; words hyphenated at line
  ends are rejoined. Plain ``extract_text()`` output is only a fallback (for rotated text).
- DOCX (python-docx, walking the XML body in order): headings from heading/Title styles (also
  localised names such as "Επικεφαλίδα 1") or outline levels, bold short paragraphs only when
  the document has no heading styles; list items from numbering or list styles; tables with
  merged cells once; headers, footers, text boxes and deleted revisions left out. The zip is
  checked for bombs and for DTD/entity declarations before python-docx opens it (python-docx
  itself parses with ``resolve_entities=False`` and lxml does not load DTDs or use the network).
- HTML (BeautifulSoup + lxml), Markdown and plain text (with Greek code page detection).

External tools are optional and only used when present on PATH: ``tesseract`` (with the
``ell`` and ``eng`` language data) and ``pdftoppm`` for OCR of scanned PDFs (and of image-only
pages inside text PDFs), ``soffice`` / ``libreoffice`` to convert legacy .doc, .odt and .rtf
files to .docx. They run in a temporary directory that is removed afterwards, in their own
process group, with a timeout.
"""
from __future__ import annotations

import functools
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from .blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block, ReadError, ReadResult

__all__ = [
    "Limits",
    "ReadError",
    "ReadResult",
    "clean_text",
    "detect_format",
    "read_bytes",
    "read_path",
]

MB = 1024 * 1024
_FATAL = (KeyboardInterrupt, SystemExit, MemoryError)


@dataclass(frozen=True)
class Limits:
    """Limits that protect the reader against huge or hostile files."""

    max_bytes: int = 50 * MB  # the file itself
    max_unzipped_bytes: int = 200 * MB  # total uncompressed size of a DOCX/ODT zip
    max_zip_ratio: float = 100.0  # compression ratio of one zip member bigger than 1 MB
    ocr_timeout: float = 300.0  # seconds for OCR of a whole scanned PDF
    convert_timeout: float = 120.0  # seconds for a LibreOffice conversion
    max_pages: int = 2000  # PDF pages read (the rest are skipped, meta["truncated"] = True)


# --------------------------------------------------------------------------------------
# Text cleaning
# --------------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u180e"), None)
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})
# Symbol-font bullets that Word exports as private-use code points.
_PUA_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf076": "•", "\uf0d8": "•", "\uf0fc": "•",
                              "\uf0a8": "•", "\uf06c": "•", "\uf06e": "▪", "\uf0e8": "•", "\uf0be": "•"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_WS = re.compile(r"\s+")
# OCR and some fonts put the micro sign where Greek mu belongs
_MICRO_IN_GREEK = re.compile(r"(?<=[\u0370-\u03ff\u1f00-\u1fff])\u00b5|\u00b5(?=[\u0370-\u03ff\u1f00-\u1fff])")


def clean_text(text: str) -> str:
    """NFC, no soft hyphens / zero-width / control characters, single spaces, stripped."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_INVISIBLE).translate(_LIGATURES).translate(_PUA_BULLETS)
    text = _CONTROL.sub(" ", text)
    if "\u00b5" in text:
        text = _MICRO_IN_GREEK.sub("\u03bc", text)
    return _WS.sub(" ", text).strip()


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _is_caps(text: str) -> bool:
    """Mostly upper-case letters (Greek or Latin), with at least a few letters."""
    cased = [ch for ch in text if ch.isalpha() and (ch.isupper() or ch.islower())]
    if len(cased) < 4:
        return False
    upper = sum(1 for ch in cased if ch.isupper())
    return upper / len(cased) >= 0.9


# --------------------------------------------------------------------------------------
# List markers, headings, line joining: shared by the PDF, text and OCR readers
# --------------------------------------------------------------------------------------

_BULLET_GLYPHS = "•·▪▫◦●○■□►▸‣⁃∙➢➤✓✔❖◆◇→"
_BULLET_RE = re.compile(r"^\s*(?:([" + _BULLET_GLYPHS + r"])|([-–—*+])(?=\s))\s*")
_ORDERED_RE = re.compile(
    r"^\s*(?:"
    r"\((\d{1,3}|[a-zα-ω]|[ivx]{1,4})\)"  # (1) (a) (iv)
    r"|(\d{1,3})[.)]"  # 1. 1)
    r"|([a-zα-ω])\)"  # a) α)
    r"|([a-zα-ω])\."  # a. α.  (lower-case only: "Α." is usually a heading or an initial)
    r"|([ivx]{1,4})[.)]"  # iv.
    r")\s+(?=\S)"
)
_MARKER_ONLY_RE = re.compile(
    r"^(?:[" + _BULLET_GLYPHS + r"\-–—*+]|\(?\d{1,3}[.)]|\(?[a-zα-ω][.)]|\(?[ivx]{1,4}[.)]|\d{1,3}(?:\.\d{1,3})+\.?)$"
)
_NUMBERED_HEADING_RE = re.compile(
    r"^(?:(\d{1,2}(?:\.\d{1,2}){0,4})\.?|([Α-ΩA-Z]|[IVX]{1,5})[.)])\s+(?=\S)"
)
_TERMINAL = tuple(".,;:!·…")
_DATE_LINE_RE = re.compile(
    r"(^|,\s*)\d{1,2}(\s+|[./-])(\w+|\d{1,2})(\s+|[./-])\d{4}\s*$|^\w+\s+\d{1,2},\s*\d{4}$", re.UNICODE
)


def _parse_marker(text: str) -> tuple[str | None, str]:
    """("bullet" | "ordered" | None, text without the marker)."""
    m = _BULLET_RE.match(text)
    if m and text[m.end():].strip():
        return "bullet", text[m.end():]
    m = _ORDERED_RE.match(text)
    if m:
        return "ordered", text[m.end():]
    return None, text


def _numbered_depth(text: str) -> int:
    """Depth of a numbered heading ("1." -> 1, "2.3" -> 2, "Α." -> 1); 0 when not numbered."""
    m = _NUMBERED_HEADING_RE.match(text)
    if not m:
        return 0
    if m.group(1):
        return m.group(1).count(".") + 1
    return 1


_GREEK_RE = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_GREEK_ACCENTED = set("άέήίόύώΐΰΆΈΉΊΌΎΏ")


def _dehyphenate(first: str, second: str, vocab: set[str] | None) -> bool:
    """Whether "first-" at a line end followed by "second" is one hyphenated-for-wrapping word."""
    joined = (first + second).lower()
    if vocab:
        if joined in vocab:
            return True
        if f"{first}-{second}".lower() in vocab:
            return False
    if _GREEK_RE.search(first) and _GREEK_RE.search(second):
        # A Greek word carries exactly one accent: two accented halves are two words.
        acc1 = any(ch in _GREEK_ACCENTED for ch in first)
        acc2 = any(ch in _GREEK_ACCENTED for ch in second)
        return not (acc1 and acc2)
    if vocab and first.lower() in vocab and second.lower() in vocab and len(first) > 2 and len(second) > 2:
        return False
    return True


_HYPHEN_END_RE = re.compile(r"(\w+)[-\u2010]$")
_WORD_START_RE = re.compile(r"\w+")


def _join_lines(parts: list[str], vocab: set[str] | None = None) -> str:
    """Join hard-wrapped lines into one paragraph, repairing words hyphenated at line ends."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
            continue
        if out.endswith("\u00ad"):
            out = out[:-1] + part
            continue
        m = _HYPHEN_END_RE.search(out)
        if m and part[0].isalpha() and part[0].islower():
            w = _WORD_START_RE.match(part)
            second = w.group(0) if w else part
            if _dehyphenate(m.group(1), second, vocab):
                out = out[:-1] + part
            else:
                out = out + part
            continue
        out = out + " " + part
    return out


def _vocabulary(lines: list[str]) -> set[str]:
    words: set[str] = set()
    for line in lines:
        tokens = line.split()
        # the last token of a line may be a hyphenation fragment: leave it out
        for tok in tokens[:-1] if tokens and tokens[-1].endswith(("-", "\u00ad")) else tokens:
            tok = tok.strip(".,;:!?()[]«»\"'“”‘’").lower()
            if tok:
                words.add(tok)
    return words


def _normalise_levels(blocks: list[Block]) -> list[Block]:
    """Renumber heading levels so that the used levels are 1..n without gaps."""
    used = sorted({b.level for b in blocks if b.kind == HEADING})
    if not used or used == list(range(1, len(used) + 1)):
        return blocks
    remap = {lvl: i + 1 for i, lvl in enumerate(used)}
    return [
        Block(b.kind, b.text, remap[b.level], b.page, b.rows, b.ordered, b.style) if b.kind == HEADING else b
        for b in blocks
    ]


def _table_block(rows: list[list[str]], page: int | None = None, style: dict | None = None) -> Block | None:
    rows = [[clean_text(c) for c in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return None
    width = max(len(r) for r in rows)
    # drop columns that are empty in every row
    keep = [i for i in range(width) if any(i < len(r) and r[i] for r in rows)]
    rows = [[r[i] if i < len(r) else "" for i in keep] for r in rows]  # rectangular
    text = "\n".join(" | ".join(c for c in r if c) for r in rows)
    return Block(TABLE, text, page=page, rows=tuple(tuple(r) for r in rows), style=style or {})


# --------------------------------------------------------------------------------------
# Plain text paragraphs (TXT files, OCR output, PDF fallback)
# --------------------------------------------------------------------------------------

_UNDERLINE_RE = re.compile(r"^\s*(=+|-+)\s*$")
_MD_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _split_cells(line: str, sep: str) -> list[str]:
    s = line.strip()
    if sep == "|":
        if s.startswith("|"):
            s = s[1:]
        if s.endswith("|"):
            s = s[:-1]
    return [c.strip() for c in s.split(sep)]


def _table_from_lines(lines: list[str]) -> list[list[str]] | None:
    """Rows of a pipe- or tab-separated table, or None when the lines are not one."""
    if len(lines) < 2:
        return None
    for sep in ("|", "\t"):
        content = [ln for ln in lines if not (sep == "|" and _MD_TABLE_SEP_RE.match(ln))]
        if len(content) < 2 or not all(sep in ln for ln in content):
            continue
        rows = [_split_cells(ln, sep) for ln in content]
        counts = Counter(len(r) for r in rows)
        ncols, freq = counts.most_common(1)[0]
        if ncols >= 2 and freq >= 0.75 * len(rows):
            return rows
    return None


def _table_runs(chunk: list[str]) -> list[tuple[str, object]]:
    """Split a chunk of lines into ("text", lines) and ("table", rows) runs."""
    def tabular(ln: str) -> bool:
        return "|" in ln or "\t" in ln.strip()

    runs: list[tuple[str, object]] = []
    i = 0
    while i < len(chunk):
        j = i
        if tabular(chunk[i]):
            while j < len(chunk) and tabular(chunk[j]):
                j += 1
            rows = _table_from_lines(chunk[i:j]) if j - i >= 2 else None
            if rows is not None:
                runs.append(("table", rows))
                i = j
                continue
        else:
            while j < len(chunk) and not tabular(chunk[j]):
                j += 1
        if runs and runs[-1][0] == "text":
            runs[-1][1].extend(chunk[i:j])
        else:
            runs.append(("text", list(chunk[i:j])))
        i = j
    return runs


def _text_blocks(text: str, *, page: int | None = None) -> list[Block]:
    """Blocks from plain text: blank lines separate paragraphs, hard wraps are joined."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [ln.rstrip() for ln in raw_lines]
    nonblank = [ln.expandtabs(4) for ln in lines if ln.strip()]
    if not nonblank:
        return []
    vocab = _vocabulary(nonblank)
    lengths = sorted(len(ln.strip()) for ln in nonblank)
    width = lengths[-1]
    if len(lengths) > 20:  # ignore a few over-long lines (URLs, tables)
        width = lengths[int(len(lengths) * 0.97)]

    # chunks: runs of non-blank lines; a table inside a run is a chunk of its own
    chunks: list[object] = []
    cur: list[str] = []
    for ln in lines + [""]:
        if ln.strip():
            cur.append(ln)
        elif cur:
            for kind, run in _table_runs(cur):
                chunks.append(run if kind == "text" else {"table": run})
            cur = []

    # hard-wrapped? most lines that are followed by another line of their chunk are long
    inner = [len(c[i].strip()) for c in chunks if isinstance(c, list) for i in range(len(c) - 1)]
    hard_wrapped = bool(inner) and width >= 40 and sum(1 for n in inner if n >= 0.6 * width) >= 0.6 * len(inner)

    units: list[dict] = []  # {"lines": [...], "marker": kind|None, "indent": n, "chunk": i, "heading": lvl}
    for ci, chunk in enumerate(chunks):
        if isinstance(chunk, dict):
            units.append({"table": chunk["table"], "chunk": ci})
            continue
        i = 0
        while i < len(chunk):
            ln = chunk[i]
            nxt = chunk[i + 1] if i + 1 < len(chunk) else None
            # setext heading: a line underlined with === or ---
            if nxt is not None and _UNDERLINE_RE.match(nxt) and not _UNDERLINE_RE.match(ln) and len(nxt.strip()) >= 3:
                units.append({"lines": [ln], "marker": None, "indent": 0, "chunk": ci,
                              "heading": 1 if nxt.strip()[0] == "=" else 2})
                i += 2
                continue
            if _UNDERLINE_RE.match(ln) and len(ln.strip()) >= 3:  # horizontal rule
                i += 1
                continue
            stripped = ln.expandtabs(4)
            indent = len(stripped) - len(stripped.lstrip())
            marker, _rest = _parse_marker(ln)
            prev_unit = units[-1] if units and units[-1].get("chunk") == ci and "lines" in units[-1] else None
            if ((marker == "ordered" or (marker == "bullet" and ln.lstrip()[:1] in "-–—"))
                    and prev_unit is not None and prev_unit.get("heading") is None):
                prev_line = prev_unit["lines"][-1].strip()
                if not (prev_unit["marker"] or prev_line.endswith(_TERMINAL)):
                    marker = None  # "... 15." or "... – " wrapped to a line start is not a list
            if prev_unit is None or marker or prev_unit.get("heading") is not None:
                units.append({"lines": [ln], "marker": marker, "indent": indent, "chunk": ci, "heading": None})
                i += 1
                continue
            prev_line = prev_unit["lines"][-1]
            if prev_unit["marker"] and indent > prev_unit["indent"]:
                cont = True  # indented continuation of a list item
            elif hard_wrapped:
                first_word = ln.split()[0] if ln.split() else ""
                fits = len(prev_line.strip()) + 1 + len(first_word) <= width
                cont = not fits
                if fits and ln.strip()[:1].islower() and not prev_line.rstrip().endswith(_TERMINAL):
                    cont = True  # a sentence going on in lower case
            else:
                s = ln.strip()
                cont = s[:1].islower() or prev_line.rstrip().endswith((",", "-", "\u00ad"))
            if cont:
                prev_unit["lines"].append(ln)
            else:
                units.append({"lines": [ln], "marker": None, "indent": indent, "chunk": ci, "heading": None})
            i += 1

    # classify units
    blocks: list[Block] = []
    list_indents: list[int] = []
    for ui, u in enumerate(units):
        if "table" in u:
            b = _table_block(u["table"], page)
            if b:
                blocks.append(b)
            list_indents = []
            continue
        texts = [clean_text(x) for x in u["lines"]]
        if u["heading"] is not None:
            blocks.append(Block(HEADING, clean_text(" ".join(texts)), u["heading"], page))
            list_indents = []
            continue
        if u["marker"]:
            kind, first = _parse_marker(u["lines"][0])
            body = clean_text(_join_lines([first] + u["lines"][1:], vocab))
            # a lone numbered line followed by text is a numbered heading, not a list
            nxt = units[ui + 1] if ui + 1 < len(units) else None
            prv = units[ui - 1] if ui > 0 else None
            lone = (len(u["lines"]) == 1 and not (nxt and nxt.get("marker") == "ordered")
                    and not (prv and prv.get("marker") == "ordered"))
            if kind == "ordered" and lone and _is_heading_text(texts[0], numbered=True):
                depth = max(1, _numbered_depth(texts[0]))
                blocks.append(Block(HEADING, texts[0], 1 + depth, page))
                list_indents = []
                continue
            if not body:
                continue
            ind = u["indent"]
            while list_indents and list_indents[-1] > ind:
                list_indents.pop()
            if not list_indents or list_indents[-1] < ind:
                list_indents.append(ind)
            blocks.append(Block(LIST_ITEM, body, len(list_indents), page, ordered=(kind == "ordered")))
            continue
        list_indents = []
        text1 = clean_text(_join_lines(u["lines"], vocab))
        if not text1:
            continue
        if len(u["lines"]) == 1:
            nxt = units[ui + 1] if ui + 1 < len(units) else None
            followed = nxt is not None and ("table" in nxt or nxt.get("heading") is None)
            if _is_caps(text1) and _is_heading_text(text1, caps=True):
                blocks.append(Block(HEADING, text1, 1, page))
                continue
            depth = _numbered_depth(text1)
            if depth and _is_heading_text(text1, numbered=True) and not _ORDERED_RE.match(text1):
                blocks.append(Block(HEADING, text1, 1 + depth, page))
                continue
            if depth and _is_heading_text(text1, numbered=True) and followed:
                blocks.append(Block(HEADING, text1, 1 + depth, page))
                continue
            short = len(text1) <= 90 and (not hard_wrapped or len(u["lines"][0].strip()) <= 0.8 * width)
            if followed and short and _is_heading_text(text1) and text1[:1].isupper():
                blocks.append(Block(HEADING, text1, 2, page))
                continue
        blocks.append(Block(PARAGRAPH, text1, 0, page))
    return blocks


def _is_heading_text(text: str, *, numbered: bool = False, caps: bool = False) -> bool:
    """Short, has letters, does not end like a sentence, is not a date line."""
    t = text.strip()
    if not t or not _has_letters(t) or len(t) > (120 if (numbered or caps) else 90):
        return False
    if t.endswith(_TERMINAL):
        return False
    if len(t.split()) > (16 if (numbered or caps) else 12):
        return False
    if _DATE_LINE_RE.search(t):
        return False
    return True


# --------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------

_ATX_RE = re.compile(r"^\s{0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_ATX_NOSPACE_RE = re.compile(r"^\s{0,3}(#{1,6})([^\s#].{0,80})$")
_MD_LIST_RE = re.compile(r"^(\s*)([-*+•]|\d{1,9}[.)])[ \t]+(.*)$")
_MD_HR_RE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_FENCE_RE = re.compile(r"^\s{0,3}(```+|~~~+)")
_MD_REFDEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")


def _md_inline(text: str) -> str:
    s = text
    s = re.sub(r"<!--.*?-->", " ", s)
    s = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", s)  # images -> alt text
    s = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", s)  # [text](url)
    s = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", s)  # [text][ref]
    s = re.sub(r"<((?:https?|mailto):[^>\s]+)>", r"\1", s)  # autolinks
    s = re.sub(r"</?[A-Za-z][^>]*>", " ", s)  # inline html tags
    s = re.sub(r"`+([^`]*)`+", r"\1", s)
    for _ in range(2):
        s = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", s)
        s = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", s)
        s = re.sub(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])", r"\1", s)
        s = re.sub(r"~~(?=\S)(.+?)(?<=\S)~~", r"\1", s)
    s = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>~<])", r"\1", s)
    return clean_text(s)


def _md_all_bold(text: str) -> bool:
    t = text.strip()
    return bool(re.fullmatch(r"(\*\*|__)(?=\S).+(?<=\S)\1", t)) and t.count("**") <= 2 and t.count("__") <= 2


def _markdown_blocks(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    para: list[str] = []
    list_indents: list[int] = []
    item: dict | None = None  # current list item being collected

    def flush_para():
        nonlocal para
        if para:
            raw = " ".join(p.strip() for p in para)
            t = _md_inline(raw)
            if t:
                style = {"bold": True} if _md_all_bold(raw) else {}
                blocks.append(Block(PARAGRAPH, t, style=style))
            para = []

    def flush_item():
        nonlocal item
        if item:
            t = _md_inline(" ".join(item["lines"]))
            t = re.sub(r"^\[[ xX]\]\s+", "", t)  # task lists
            if t:
                blocks.append(Block(LIST_ITEM, t, item["level"], ordered=item["ordered"]))
            item = None

    def flush_all():
        flush_para()
        flush_item()

    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if _MD_FENCE_RE.match(line):
            flush_all()
            fence = _MD_FENCE_RE.match(line).group(1)
            code: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence[:3]):
                code.append(lines[i])
                i += 1
            i += 1
            t = clean_text(" ".join(code))
            if t:
                blocks.append(Block(PARAGRAPH, t, style={"code": True}))
            continue
        if not s:
            flush_para()
            if item is not None:
                # a blank line ends the item unless an indented continuation follows
                j = i + 1
                while j < len(lines) and not lines[j].strip():
                    j += 1
                if j < len(lines) and (len(lines[j]) - len(lines[j].lstrip())) >= 2 and not _MD_LIST_RE.match(lines[j]):
                    i = j
                    continue
                flush_item()
            i += 1
            continue
        if re.match(r"^\s*<!--.*-->\s*$", line) or _MD_REFDEF_RE.match(line):
            i += 1
            continue
        m = _ATX_RE.match(line) or (_ATX_NOSPACE_RE.match(line) if not para and item is None else None)
        if m and (m.group(2) or "").strip("# "):
            flush_all()
            list_indents = []
            t = _md_inline(m.group(2))
            if t:
                blocks.append(Block(HEADING, t, len(m.group(1))))
            i += 1
            continue
        if para and re.match(r"^\s{0,3}=+\s*$", line):
            raw = " ".join(p.strip() for p in para)
            para = []
            blocks.append(Block(HEADING, _md_inline(raw), 1))
            i += 1
            continue
        if para and re.match(r"^\s{0,3}-+\s*$", line) and item is None:
            raw = " ".join(p.strip() for p in para)
            para = []
            blocks.append(Block(HEADING, _md_inline(raw), 2))
            i += 1
            continue
        if _MD_HR_RE.match(line):
            flush_all()
            i += 1
            continue
        # tables
        if "|" in line and i + 1 < len(lines) and _MD_TABLE_SEP_RE.match(lines[i + 1]) and "-" in lines[i + 1]:
            flush_all()
            list_indents = []
            tlines = [line]
            i += 2
            while i < len(lines) and lines[i].strip() and "|" in lines[i]:
                tlines.append(lines[i])
                i += 1
            rows = [[_md_inline(c) for c in _split_cells(t, "|")] for t in tlines]
            b = _table_block(rows)
            if b:
                blocks.append(b)
            continue
        if "|" in line and not para and item is None:
            j = i
            tlines = []
            while j < len(lines) and lines[j].strip() and "|" in lines[j]:
                tlines.append(lines[j])
                j += 1
            rows = _table_from_lines(tlines) if len(tlines) >= 2 else None
            if rows:
                flush_all()
                b = _table_block([[_md_inline(c) for c in r] for r in rows])
                if b:
                    blocks.append(b)
                i = j
                continue
        lm = _MD_LIST_RE.match(line)
        if lm and not (_MD_HR_RE.match(line)):
            flush_para()
            flush_item()
            indent = len(lm.group(1).expandtabs(4))
            while list_indents and list_indents[-1] > indent:
                list_indents.pop()
            if not list_indents or list_indents[-1] < indent - 1:
                list_indents.append(indent)
            marker = lm.group(2)
            item = {"lines": [lm.group(3)], "level": len(list_indents), "ordered": marker[0].isdigit()}
            i += 1
            continue
        if s.startswith(">"):
            s = re.sub(r"^(>\s?)+", "", s)
            if not s:
                flush_para()
                i += 1
                continue
        if item is not None:
            item["lines"].append(s)
        else:
            if not para:
                list_indents = []
            para.append(s)
        i += 1
    flush_all()
    return blocks


# --------------------------------------------------------------------------------------
# Decoding text files
# --------------------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


_BAD_CHAR_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def _bad_chars(text: str) -> int:
    return len(_BAD_CHAR_RE.findall(text))


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    if "\x00" in text:
        return True
    return _bad_chars(text) > max(2, len(text) * 0.01)


def _greek_plausibility(text: str) -> float:
    """Share of words with non-ASCII letters that are cleanly Greek (not mixed with Latin letters)."""
    greek_words = 0
    mixed = 0
    other = 0
    for word in re.findall(r"[^\W\d_]+", text[:200_000]):
        has_ascii = any(ch.isascii() for ch in word)
        has_greek = bool(_GREEK_RE.search(word))
        has_other = any(not ch.isascii() and not _GREEK_RE.match(ch) for ch in word)
        if has_greek and not has_ascii and not has_other:
            greek_words += 1
        elif has_greek or has_other:
            if has_ascii:
                mixed += 1
            else:
                other += 1
    total = greek_words + mixed + other
    return greek_words / total if total else 0.0


def _utf16_without_bom(data: bytes) -> str | None:
    """utf-16-le / utf-16-be when the bytes look like UTF-16 text without a BOM, else None.

    In UTF-16 text one byte of each pair comes from a handful of values (0x00 for ASCII, 0x03 for
    Greek, 0x20 for punctuation) while the other varies; 8-bit text and binary data vary in both.
    """
    sample = data[:4000]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = Counter(sample[0:pairs * 2:2])
    odd = Counter(sample[1:pairs * 2:2])

    def concentrated(c: Counter) -> bool:
        top = sum(n for _, n in c.most_common(2))
        return top >= 0.85 * pairs and set(dict(c.most_common(2))) <= {0x00, 0x03, 0x04, 0x05, 0x06, 0x1e, 0x1f,
                                                                          0x20, 0x21, 0x22, 0x25, 0x30}

    if concentrated(odd) and not concentrated(even) and (0x00 in odd or 0x03 in odd):
        enc = "utf-16-le"
    elif concentrated(even) and not concentrated(odd) and (0x00 in even or 0x03 in even):
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data[: len(data) // 2 * 2].decode(enc)
    except UnicodeDecodeError:
        return None
    if _looks_binary(text) or sum(ch.isalpha() for ch in text) < 0.3 * len(text.strip() or "x"):
        return None
    return enc


_DECODE_CACHE: list = [None, None]  # the last (bytes, result): sniffing and reading decode the same bytes


def _decode(data: bytes) -> tuple[str, str]:
    """(text, encoding). Raises ReadError when the bytes are not text."""
    cached_data, cached = _DECODE_CACHE
    if cached_data is data:
        return cached
    result = _decode_uncached(data)
    _DECODE_CACHE[:] = [data, result]
    return result


def _decode_uncached(data: bytes) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "") + " (BOM)"
            except UnicodeDecodeError:
                text = data.decode(enc, errors="replace")
                if not _looks_binary(text):
                    return text, enc + " (BOM, with errors)"
                raise ReadError("not a text document: the file holds binary data") from None
    enc16 = _utf16_without_bom(data)
    if enc16:
        return data[: len(data) // 2 * 2].decode(enc16), enc16
    if b"\x00" in data:
        raise ReadError("not a text document: the file holds binary data")
    try:
        text = data.decode("utf-8")
        if _looks_binary(text):
            raise ReadError("not a text document: the file holds binary data")
        return text, "utf-8"
    except UnicodeDecodeError:
        pass
    # Greek code pages first: charset detectors confuse them with Cyrillic or Latin pages.
    best = None
    for enc in ("cp1253", "iso-8859-7"):
        text = data.decode(enc, errors="replace")
        sample = text[:200_000]
        greek = len(_GREEK_RE.findall(sample))
        odd = _bad_chars(sample) + sample.count("¶") + sample.count("΅")
        score = greek - 5 * odd
        if best is None or score > best[0]:
            best = (score, enc, text, greek, odd)
    score, enc, text, greek, odd = best
    if greek >= 3 and odd <= max(1, greek * 0.02) and _greek_plausibility(text) >= 0.8 and not _looks_binary(text):
        return text, enc
    # mostly UTF-8 with a stray byte or two
    text = data.decode("utf-8", errors="replace")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if text.count("\ufffd") <= max(1, non_ascii * 0.005) and non_ascii > 10:
        return text, "utf-8 (with errors)"
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(data).best()
    except _FATAL:
        raise
    except Exception:
        match = None
    if match is not None:
        text = str(match)
        if not _looks_binary(text):
            return text, match.encoding
    raise ReadError("not a text document: the file holds binary data or an unknown encoding")


# --------------------------------------------------------------------------------------
# Format detection
# --------------------------------------------------------------------------------------

_HTML_START_RE = re.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*\?>)*<(?:!doctype\s+html|html|head|body|meta|title|link|base|style|script)\b",
    re.I | re.S,
)
_HTML_ANY_RE = re.compile(r"<(html|body)\b[^>]*>", re.I)
_MD_STRONG_RE = re.compile(r"^\s{0,3}#{1,6}\s+\S", re.M)


def _ole_kind(data: bytes) -> str:
    """doc, xls, ppt, msg or encrypted-office for an OLE2 compound file (doc when unsure)."""
    names = {
        "WordDocument": "doc",
        "EncryptedPackage": "encrypted-office",
        "Workbook": "xls",
        "Book": "xls",
        "PowerPoint Document": "ppt",
        "__substg1.0_": "msg",
    }
    regions = [data[:2_000_000], data[-2_000_000:]]
    try:  # the first directory sector, wherever it is
        shift = int.from_bytes(data[30:32], "little")
        first_dir = int.from_bytes(data[48:52], "little")
        if 7 <= shift <= 16:
            size = 1 << shift
            off = (first_dir + 1) * size
            regions.insert(0, data[off:off + size])
    except (ValueError, OverflowError):
        pass
    for region in regions:
        for stream, kind in names.items():
            if stream.encode("utf-16-le") in region:
                return kind
    return "doc"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200:
                    mt = zf.read("mimetype")
                    if mt.startswith(b"application/vnd.oasis.opendocument.text"):
                        return "odt"
                    if mt.startswith(b"application/vnd.oasis.opendocument"):
                        return "opendocument-other"
            if "[Content_Types].xml" in names:
                info = zf.getinfo("[Content_Types].xml")
                if info.file_size < 1_000_000:
                    ct = zf.read("[Content_Types].xml")
                    if b"wordprocessingml.document.main" in ct or b"ms-word.document" in ct:
                        return "docx"
                    if b"spreadsheetml" in ct:
                        return "xlsx"
                    if b"presentationml" in ct:
                        return "pptx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "ppt/presentation.xml" in names:
                return "pptx"
            return "zip"
    except _FATAL:
        raise
    except Exception:
        # a damaged zip: look at the raw local headers
        head = data[:4_000_000]
        if b"word/document.xml" in head or b"word/_rels" in head:
            return "docx"
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in head:
            return "odt"
        if b"[Content_Types].xml" in head and b"word/" in head:
            return "docx"
        return "zip"


def _sniff(data: bytes, name: str = "") -> str:
    """Fine-grained kind from the content: pdf, docx, doc, odt, html, md, txt or a kind we reject."""
    head = data[:1024]
    if data.lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(b"%PDF-") or (b"%PDF-" in head and b"obj" in data[:65536]):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or data.startswith(b"\xd0\xcf\x11\xe0"):
        return _ole_kind(data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(data)
    if data.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    magics = (
        (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"), (b"II*\x00", "image"),
        (b"MM\x00*", "image"), (b"BM", None), (b"%!PS", "postscript"), (b"\x1f\x8b", "archive"),
        (b"7z\xbc\xaf", "archive"), (b"Rar!", "archive"), (b"\x7fELF", "binary"), (b"MZ", None),
        (b"RIFF", "media"), (b"ID3", "media"), (b"OggS", "media"), (b"fLaC", "media"),
    )
    for magic, kind in magics:
        if kind and data.startswith(magic):
            return kind
    # text-like: HTML?
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                sample = data[:8192].decode(enc, errors="ignore").lstrip("\ufeff").encode("utf-8", "ignore")
            except LookupError:
                sample = data[:8192]
            break
    else:
        enc16 = _utf16_without_bom(data[:8192])
        sample = data[:8192].decode(enc16, errors="ignore").encode("utf-8", "ignore") if enc16 else data[:8192]
    if _HTML_START_RE.match(sample):
        return "html"
    try:
        text, _enc = _decode(data)
    except ReadError:
        return "binary"
    if _HTML_ANY_RE.search(text[:20000]) and re.search(r"</(p|div|body|html|h\d|table)>", text, re.I):
        return "html"
    if re.match(r"\s*<\?xml\b", text.lstrip("\ufeff")) or re.match(r"\s*<svg\b", text.lstrip("\ufeff")):
        return "xml"
    return _md_or_txt(text, name)


def _md_or_txt(text: str, name: str) -> str:
    ext = Path(name).suffix.lower() if name else ""
    text = text[:200_000]
    score = 0
    score += 3 * len(_MD_STRONG_RE.findall(text))
    score += 3 * len(re.findall(r"^\s*\|?\s*:?-{3,}:?\s*\|", text, re.M))
    score += len(re.findall(r"\[[^\]\n]+\]\([^)\s]+\)", text))
    score += len(re.findall(r"\*\*[^*\n]+\*\*", text))
    score += 2 * len(re.findall(r"^```", text, re.M))
    if ext in (".md", ".markdown", ".mdown", ".mkd"):
        return "md"
    if ext in (".txt", ".text"):
        return "md" if score >= 6 else "txt"
    return "md" if score >= 3 else "txt"


_PUBLIC_KINDS = {"pdf", "docx", "doc", "odt", "html", "md", "txt"}


def detect_format(data: bytes, name: str = "") -> str:
    """pdf | docx | doc | odt | html | md | txt | unknown, from the content (name only hints md vs txt)."""
    try:
        kind = _sniff(bytes(data), name)
    except _FATAL:
        raise
    except Exception:
        return "unknown"
    return kind if kind in _PUBLIC_KINDS else "unknown"


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------

_FORMAT_LABEL = {
    "pdf": "PDF", "docx": "DOCX", "doc": "legacy Word .doc", "odt": "OpenDocument text (.odt)",
    "html": "HTML", "md": "Markdown", "txt": "text",
}


def read_path(path, *, limits: Limits | None = None) -> ReadResult:
    """Read a file from disk (the only I/O here) and hand its bytes to read_bytes."""
    limits = limits or Limits()
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > limits.max_bytes:
            raise ReadError(f"file too large: {size / MB:.1f} MB, limit {limits.max_bytes / MB:.0f} MB")
        data = p.read_bytes()
    except ReadError:
        raise
    except _FATAL:
        raise
    except OSError as exc:
        raise ReadError(f"unreadable file: {exc.strerror or exc.__class__.__name__}") from exc
    return read_bytes(data, p.name, limits=limits)


def read_bytes(data: bytes, name: str = "", *, limits: Limits | None = None) -> ReadResult:
    """Detect the format of `data` from its content and read it into blocks."""
    limits = limits or Limits()
    data = bytes(data)
    if len(data) > limits.max_bytes:
        raise ReadError(f"file too large: {len(data) / MB:.1f} MB, limit {limits.max_bytes / MB:.0f} MB")
    if not data.strip():
        raise ReadError("empty file")
    kind = "unknown"
    try:
        kind = _sniff(data, name or "")
        reader = _READERS.get(kind)
        if reader is None:
            raise ReadError(_unsupported_reason(kind))
        result = reader(data, name or "", limits)
        if not result.blocks:
            raise ReadError("empty document: no text")
        return result
    except ReadError:
        raise
    except _FATAL:
        raise
    except RecursionError as exc:
        label = _FORMAT_LABEL.get(kind, kind)
        raise ReadError(f"unreadable {label} file: RecursionError: structure nested too deeply") from exc
    except Exception as exc:  # anything a parser library throws
        label = _FORMAT_LABEL.get(kind, kind)
        msg = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else "no details"
        raise ReadError(f"unreadable {label} file: {exc.__class__.__name__}: {msg}") from exc
    finally:
        _DECODE_CACHE[:] = [None, None]


def _unsupported_reason(kind: str) -> str:
    return {
        "xlsx": "Excel spreadsheet (.xlsx): not a supported document type; save it as PDF to include it",
        "xls": "old Excel spreadsheet (.xls): not a supported document type; save it as PDF to include it",
        "pptx": "PowerPoint presentation (.pptx): not a supported document type; save it as PDF to include it",
        "ppt": "old PowerPoint presentation (.ppt): not a supported document type; save it as PDF to include it",
        "msg": "Outlook message (.msg): not a supported document type; save the attachment or the text instead",
        "encrypted-office": "encrypted Word/Office document: needs a password; save an unprotected copy",
        "opendocument-other": "OpenDocument file that is not a text document (spreadsheet or presentation): "
        "not supported; save it as PDF",
        "zip": "zip archive: not a document; extract the files it contains and add them one by one",
        "archive": "compressed archive: not a document; extract the files it contains and add them one by one",
        "image": "image file: not a document with text; scan to a PDF or add the original document instead",
        "postscript": "PostScript file: not supported; convert it to PDF",
        "media": "audio/video file: not a document",
        "xml": "XML data file: not a document type that can be read; save it as PDF or DOCX instead",
        "binary": "not a text document: the file holds binary data",
    }.get(kind, "unknown file type: not a PDF, Word, HTML, Markdown or text document")


# --------------------------------------------------------------------------------------
# TXT, MD
# --------------------------------------------------------------------------------------


def _read_txt(data: bytes, name: str, limits: Limits) -> ReadResult:
    text, enc = _decode(data)
    if not text.strip("\ufeff \t\r\n\f\v\x00"):
        raise ReadError("empty file")
    blocks = _normalise_levels(_text_blocks(text))
    meta = {"encoding": enc}
    if "\r\n" in text:
        meta["newline"] = "crlf"
    return ReadResult(blocks, "txt", meta)


def _read_md(data: bytes, name: str, limits: Limits) -> ReadResult:
    text, enc = _decode(data)
    if not text.strip("\ufeff \t\r\n\f\v\x00"):
        raise ReadError("empty file")
    text = text.lstrip("\ufeff")
    meta: dict = {"encoding": enc}
    # YAML front matter
    fm = re.match(r"^---\s*\n(.*?)\n(---|\.\.\.)\s*\n", text, re.S)
    if fm:
        for line in fm.group(1).splitlines():
            k, _, v = line.partition(":")
            if k.strip().lower() in ("title", "author", "date") and v.strip():
                meta[k.strip().lower()] = v.strip().strip("'\"")
        text = text[fm.end():]
    blocks = _markdown_blocks(text)
    first_h1 = next((b.text for b in blocks if b.kind == HEADING and b.level == 1), None)
    if first_h1 and "title" not in meta:
        meta["title"] = first_h1
    return ReadResult(blocks, "md", meta)


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

_HTML_DROP = ("script", "style", "noscript", "template", "nav", "footer", "aside", "form", "svg", "iframe",
              "button", "select", "input", "textarea", "canvas", "object", "embed", "map", "dialog", "math",
              "audio", "video", "picture", "source", "link", "meta")
_HTML_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_HTML_BLOCK_CONTAINERS = {"div", "section", "article", "main", "body", "html", "figure", "details", "fieldset",
                          "dl", "hgroup", "center", "header", "span_block", "tbody", "thead", "tfoot", "tr", "td",
                          "th", "blockquote", "address"}
_HTML_TEXT_BLOCKS = {"p", "pre", "dt", "dd", "figcaption", "caption", "summary", "legend", "li"}
_HTML_BLOCK_TAGS = _HTML_BLOCK_CONTAINERS | _HTML_TEXT_BLOCKS | set(_HTML_HEADINGS) | {"ul", "ol", "table", "hr",
                                                                                       "br"}
_HTML_NESTED_BLOCKS = frozenset({"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"})
_NOISE_RE = re.compile(r"cookie|breadcrumb|share|social|skip-?link|navbar|menu|sidebar|banner|newsletter-signup",
                       re.I)


def _html_text(data: bytes) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _decode(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", data[:8192], re.I)
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        if enc not in ("utf-8", "utf8"):
            try:
                return data.decode(enc, errors="replace"), enc
            except LookupError:
                pass
    return _decode(data)


def _read_html(data: bytes, name: str, limits: Limits) -> ReadResult:
    from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

    text, enc = _html_text(data)
    try:
        soup = BeautifulSoup(text, "lxml")
    except _FATAL:
        raise
    except Exception:
        soup = BeautifulSoup(text, "html.parser")

    meta: dict = {"encoding": enc}
    if soup.title and soup.title.string and clean_text(soup.title.string):
        meta["title"] = clean_text(soup.title.string)
    for key, attrs in (("author", {"name": "author"}), ("description", {"name": "description"})):
        tag = soup.find("meta", attrs=attrs)
        if tag and tag.get("content") and clean_text(tag["content"]):
            meta[key] = clean_text(tag["content"])
    if "title" not in meta:
        og = soup.find("meta", attrs={"property": "og:title"})
        if og and og.get("content"):
            meta["title"] = clean_text(og["content"])
    html_tag = soup.find("html")
    if html_tag is not None and html_tag.get("lang"):
        meta["lang"] = str(html_tag.get("lang"))

    drop_names = set(_HTML_DROP) | {"head"}
    to_drop = []
    strays = []
    for el in soup.descendants:
        if isinstance(el, Tag):
            name = el.name
            if name in drop_names:
                to_drop.append(el)
                continue
            if name == "header" and el.find_parent(["article", "main"]) is None:
                to_drop.append(el)
                continue
            attrs = el.attrs or {}
            if not attrs:
                continue
            style = str(attrs.get("style", "")).replace(" ", "").lower()
            role = str(attrs.get("role", "")).lower()
            hidden = ("hidden" in attrs or str(attrs.get("aria-hidden", "")).lower() == "true"
                      or "display:none" in style or "visibility:hidden" in style
                      or role in ("navigation", "banner", "contentinfo", "search", "complementary"))
            if not hidden and name not in ("body", "html", "main", "article"):
                cls = attrs.get("class", [])
                ident = (" ".join(cls) if isinstance(cls, list) else str(cls)) + " " + str(attrs.get("id", ""))
                if ident.strip() and _NOISE_RE.search(ident):
                    hidden = len(el.get_text(" ", strip=True)) < 300
            if hidden:
                to_drop.append(el)
        elif isinstance(el, (Comment, Declaration, Doctype, ProcessingInstruction)):
            strays.append(el)
    for el in strays:
        el.extract()
    for el in to_drop:
        if not el.__dict__.get("_decomposed", False):
            el.decompose()

    root = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup
    body = soup.body or soup
    if root is not body:
        main_len = len(root.get_text(" ", strip=True))
        body_len = len(body.get_text(" ", strip=True))
        if main_len < 0.3 * body_len:
            root = body

    blocks: list[Block] = []
    buf: list[str] = []

    def inline_text(node) -> str:
        parts: list[str] = []

        def rec(n):
            for c in n.children:
                if isinstance(c, NavigableString):
                    if not isinstance(c, (Comment, Declaration, Doctype, ProcessingInstruction)):
                        parts.append(str(c))
                elif isinstance(c, Tag):
                    if c.name == "br":
                        parts.append(" ")
                    elif c.name in _HTML_BLOCK_TAGS:
                        parts.append(" ")
                        rec(c)
                        parts.append(" ")
                    elif c.name == "img":
                        continue
                    else:
                        rec(c)

        rec(node)
        return clean_text("".join(parts))

    def flush():
        if buf:
            t = clean_text("".join(buf))
            buf.clear()
            if t:
                blocks.append(Block(PARAGRAPH, t))

    def descendants_named(node, names) -> list:
        return [d for d in node.descendants if isinstance(d, Tag) and d.name in names]

    def is_bold_only(node) -> bool:
        strong = descendants_named(node, ("strong", "b"))
        if not strong:
            return False
        inner = clean_text(" ".join(s.get_text(" ") for s in strong))
        return inner and inner == clean_text(node.get_text(" "))

    def handle_list(node, level: int):
        ordered = node.name == "ol"
        for li in [c for c in node.children if isinstance(c, Tag) and c.name == "li"]:
            nested = [x for x in descendants_named(li, ("ul", "ol")) if x.find_parent("li") is li]
            for x in nested:
                x.extract()
            t = inline_text(li)
            if t:
                blocks.append(Block(LIST_ITEM, t, level, ordered=ordered))
            for x in nested:
                handle_list(x, level + 1)
        # stray content directly in the list (invalid HTML)
        for c in node.children:
            if isinstance(c, Tag) and c.name in ("ul", "ol"):
                handle_list(c, level + 1)

    def is_layout_table(table) -> bool:
        if table.find("table") is not None:
            return True
        cells = [c for c in table.find_all(["td", "th"]) if c.find_parent("table") is table]
        if not cells:
            return True
        if any(c.find(list(_HTML_HEADINGS)) is not None or len(c.find_all(["p", "div", "ul", "ol"])) > 2
               for c in cells):
            return True
        rows = [r for r in table.find_all("tr") if r.find_parent("table") is table]
        max_cols = max((len([c for c in r.find_all(["td", "th"]) if c.find_parent("tr") is r]) for r in rows),
                       default=0)
        return max_cols <= 1

    def handle_table(table):
        if is_layout_table(table):
            walk(table)
            flush()
            return
        rows = []
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue
            row = [inline_text(c) for c in tr.find_all(["td", "th"]) if c.find_parent("tr") is tr]
            rows.append(row)
        cap = table.find("caption")
        if cap is not None and cap.find_parent("table") is table:
            t = inline_text(cap)
            if t:
                blocks.append(Block(PARAGRAPH, t))
        b = _table_block(rows)
        if b:
            blocks.append(b)

    def walk(node):
        for c in list(node.children):
            if isinstance(c, NavigableString):
                if not isinstance(c, (Comment, Declaration, Doctype, ProcessingInstruction)):
                    buf.append(str(c))
                continue
            if not isinstance(c, Tag):
                continue
            name = c.name
            if name == "br":
                buf.append(" ")
            elif name in _HTML_HEADINGS:
                flush()
                t = inline_text(c)
                if t:
                    blocks.append(Block(HEADING, t, _HTML_HEADINGS[name]))
            elif name in ("ul", "ol"):
                flush()
                handle_list(c, 1)
            elif name == "table":
                flush()
                handle_table(c)
            elif name == "li":
                flush()
                t = inline_text(c)
                if t:
                    blocks.append(Block(LIST_ITEM, t, 1))
            elif name in _HTML_TEXT_BLOCKS:
                flush()
                if descendants_named(c, _HTML_NESTED_BLOCKS):
                    walk(c)
                    flush()
                else:
                    t = inline_text(c)
                    if t:
                        style = {"bold": True} if is_bold_only(c) else {}
                        blocks.append(Block(PARAGRAPH, t, style=style))
            elif name in _HTML_BLOCK_CONTAINERS or name == "hr":
                flush()
                walk(c)
                flush()
            elif name == "img":
                continue
            else:
                walk(c)  # inline element: its text joins the running paragraph

    walk(root)
    flush()
    blocks = _normalise_levels(blocks)
    return ReadResult(blocks, "html", meta)


# --------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_HEADING_STYLE_RE = re.compile(
    r"^(?:heading|επικεφαλίδα|titre|überschrift|título|titolo|kop|nagłówek|rubrik|overskrift|otsikko)\s*(\d)\b",
    re.I,
)
_XML_DANGER_RE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


def _check_zip(data: bytes, limits: Limits, label: str) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except _FATAL:
        raise
    except Exception as exc:
        raise ReadError(f"corrupt {label}: the file is damaged or incomplete (not a readable zip archive)") from exc
    if len(infos) > 10000:
        raise ReadError(f"{label} rejected: looks like a zip bomb ({len(infos)} parts inside)")
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise ReadError(
            f"{label} rejected: looks like a zip bomb (it would unpack to {total / MB:.0f} MB, "
            f"limit {limits.max_unzipped_bytes / MB:.0f} MB)"
        )
    for i in infos:
        if i.file_size > MB and i.file_size > limits.max_zip_ratio * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            raise ReadError(
                f"{label} rejected: looks like a zip bomb ({i.filename} is compressed {ratio:.0f} to 1, "
                f"limit {limits.max_zip_ratio:.0f} to 1)"
            )
    # XML entity attacks: a genuine Office/OpenDocument part never declares a DOCTYPE or entities.
    for i in infos:
        if i.filename.lower().endswith((".xml", ".rels")) and i.file_size:
            try:
                with zf.open(i) as fh:
                    head = fh.read(8192)
            except _FATAL:
                raise
            except Exception as exc:
                raise ReadError(f"corrupt {label}: the part {i.filename} is damaged") from exc
            if _XML_DANGER_RE.search(head):
                raise ReadError(f"{label} rejected: it contains XML entity declarations "
                                "(a known attack on XML readers)")
    return zf


class _DocxStyles:
    """Just the style facts the reader needs, resolved through basedOn chains."""

    def __init__(self, styles_el, numbering_el):
        self.styles: dict[str, dict] = {}
        self.default_para: str | None = None
        if styles_el is not None:
            for st in styles_el.iter(_W + "style"):
                sid = st.get(_W + "styleId")
                if not sid:
                    continue
                name_el = st.find(_W + "name")
                based = st.find(_W + "basedOn")
                ppr = st.find(_W + "pPr")
                rpr = st.find(_W + "rPr")
                info = {
                    "type": st.get(_W + "type"),
                    "name": (name_el.get(_W + "val") if name_el is not None else sid) or sid,
                    "based": based.get(_W + "val") if based is not None else None,
                    "outline": None,
                    "num": None,
                    "bold": None,
                    "align": None,
                }
                if ppr is not None:
                    ol = ppr.find(_W + "outlineLvl")
                    if ol is not None and (ol.get(_W + "val") or "").isdigit():
                        info["outline"] = int(ol.get(_W + "val"))
                    np_ = ppr.find(_W + "numPr")
                    if np_ is not None:
                        info["num"] = _num_pr(np_)
                    jc = ppr.find(_W + "jc")
                    if jc is not None:
                        info["align"] = jc.get(_W + "val")
                if rpr is not None:
                    info["bold"] = _on_off(rpr.find(_W + "b"))
                self.styles[sid] = info
                if info["type"] == "paragraph" and st.get(_W + "default") in ("1", "true", "on"):
                    self.default_para = sid
        self.num_formats: dict[str, dict[int, str]] = {}
        if numbering_el is not None:
            abstract: dict[str, dict[int, str]] = {}
            for an in numbering_el.iter(_W + "abstractNum"):
                aid = an.get(_W + "abstractNumId")
                lv: dict[int, str] = {}
                for lvl in an.iter(_W + "lvl"):
                    il = lvl.get(_W + "ilvl")
                    fmt = lvl.find(_W + "numFmt")
                    if il is not None and il.isdigit():
                        lv[int(il)] = fmt.get(_W + "val") if fmt is not None else "decimal"
                abstract[aid] = lv
            for num in numbering_el.iter(_W + "num"):
                nid = num.get(_W + "numId")
                a = num.find(_W + "abstractNumId")
                fmts = dict(abstract.get(a.get(_W + "val") if a is not None else "", {}))
                for ov in num.iter(_W + "lvlOverride"):
                    il = ov.get(_W + "ilvl")
                    lvl = ov.find(_W + "lvl")
                    if lvl is not None and il is not None and il.isdigit():
                        fmt = lvl.find(_W + "numFmt")
                        if fmt is not None:
                            fmts[int(il)] = fmt.get(_W + "val")
                self.num_formats[nid] = fmts

    def chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            yield self.styles[sid]
            sid = self.styles[sid]["based"]

    def lookup(self, sid: str | None, key: str):
        for st in self.chain(sid):
            if st[key] is not None:
                return st[key]
        return None

    def heading_level(self, sid: str | None) -> int | None:
        for st in self.chain(sid):
            name = (st["name"] or "").strip()
            m = _HEADING_STYLE_RE.match(name)
            if m:
                return max(1, int(m.group(1)))
            if name.lower() in ("title", "τίτλος", "titre", "titel"):
                return 1
        ol = self.lookup(sid, "outline")
        if ol is not None and 0 <= ol <= 8:
            return ol + 1
        return None

    def style_name(self, sid: str | None) -> str:
        st = self.styles.get(sid or "")
        return (st["name"] if st else "") or ""

    def is_ordered(self, num_id: str | None, ilvl: int) -> bool | None:
        if num_id is None or num_id not in self.num_formats:
            return None
        fmt = self.num_formats[num_id].get(ilvl) or self.num_formats[num_id].get(0)
        if fmt is None:
            return None
        return fmt not in ("bullet", "none")


def _on_off(el) -> bool | None:
    if el is None:
        return None
    val = el.get(_W + "val")
    return val is None or val.lower() not in ("0", "false", "off", "none")


def _num_pr(np_el) -> tuple[str | None, int]:
    nid = np_el.find(_W + "numId")
    il = np_el.find(_W + "ilvl")
    num_id = nid.get(_W + "val") if nid is not None else None
    ilvl = il.get(_W + "val") if il is not None else "0"
    return num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0


_DOCX_SKIP = {_W + "del", _W + "moveFrom", _W + "txbxContent", _MC + "Fallback", _W + "instrText", _W + "delText",
              _W + "pPr", _W + "rPr", _W + "footnoteReference", _W + "endnoteReference", _W + "commentReference"}


def _docx_runs(p_el, styles: _DocxStyles, para_style: str | None):
    """(text, bold) pieces of a paragraph in reading order."""
    pieces: list[tuple[str, bool]] = []
    para_bold = styles.lookup(para_style, "bold")

    def run_bold(r) -> bool:
        rpr = r.find(_W + "rPr")
        if rpr is not None:
            b = _on_off(rpr.find(_W + "b"))
            if b is not None:
                return b
            rs = rpr.find(_W + "rStyle")
            if rs is not None:
                sb = styles.lookup(rs.get(_W + "val"), "bold")
                if sb is not None:
                    return sb
        return bool(para_bold)

    def rec(el, in_run_bold=None):
        for c in el:
            tag = c.tag
            if not isinstance(tag, str) or tag in _DOCX_SKIP:
                continue
            if tag == _W + "r":
                b = run_bold(c)
                for rc in c:
                    t = rc.tag
                    if t == _W + "t":
                        pieces.append((rc.text or "", b))
                    elif t == _W + "tab":
                        pieces.append(("\t", b))
                    elif t in (_W + "br", _W + "cr"):
                        pieces.append(("\n", b))
                    elif t == _W + "noBreakHyphen":
                        pieces.append(("-", b))
                    elif t == _W + "sym":
                        ch = rc.get(_W + "char") or ""
                        try:
                            code = int(ch, 16)
                            if code >= 0xF000:
                                code -= 0xF000
                                pieces.append(("•" if code in (0xB7, 0xA7, 0x6C, 0xFC) else "", b))
                            else:
                                pieces.append((chr(code), b))
                        except ValueError:
                            pass
                    elif t == _MC + "AlternateContent":
                        continue
            elif tag == _MC + "AlternateContent":
                ch = c.find(_MC + "Choice")
                if ch is not None:
                    rec(ch)
            else:
                rec(c)

    rec(p_el)
    return pieces


def _docx_para_info(p_el, styles: _DocxStyles) -> dict:
    ppr = p_el.find(_W + "pPr")
    sid = None
    outline = None
    num = None
    align = None
    if ppr is not None:
        ps = ppr.find(_W + "pStyle")
        if ps is not None:
            sid = ps.get(_W + "val")
        ol = ppr.find(_W + "outlineLvl")
        if ol is not None and (ol.get(_W + "val") or "").isdigit():
            outline = int(ol.get(_W + "val"))
        np_ = ppr.find(_W + "numPr")
        if np_ is not None:
            num = _num_pr(np_)
        jc = ppr.find(_W + "jc")
        if jc is not None:
            align = jc.get(_W + "val")
    if sid is None:
        sid = styles.default_para
    pieces = _docx_runs(p_el, styles, sid)
    raw = "".join(t for t, _ in pieces)
    text = clean_text(raw)
    visible = [(t, b) for t, b in pieces if t.strip()]
    bold = bool(visible) and all(b for _, b in visible)
    if num is None:
        num = styles.lookup(sid, "num")
    if num is not None and (num[0] in (None, "0")):
        num = None
    if align is None:
        align = styles.lookup(sid, "align")
    level = None
    if outline is not None and 0 <= outline <= 8:
        level = outline + 1
    else:
        level = styles.heading_level(sid)
    return {"text": text, "bold": bold, "num": num, "align": align, "heading": level,
            "style": styles.style_name(sid)}


def _docx_cell_text(tc, styles: _DocxStyles) -> str:
    parts = []
    for c in tc:
        if c.tag == _W + "p":
            t = _docx_para_info(c, styles)["text"]
            if t:
                parts.append(t)
        elif c.tag == _W + "tbl":
            rows = _docx_table_rows(c, styles)
            parts.extend(" | ".join(x for x in r if x) for r in rows if any(r))
        elif c.tag in (_W + "sdt", _W + "customXml"):
            content = c.find(_W + "sdtContent") if c.tag == _W + "sdt" else c
            if content is not None:
                t = _docx_cell_text(content, styles)
                if t:
                    parts.append(t)
    return clean_text(" ".join(parts))


def _docx_children(element, tag: str):
    """Child elements with this tag, looking through content controls (sdt) and custom XML wrappers."""
    for c in element:
        if c.tag == _W + tag:
            yield c
        elif c.tag in (_W + "sdt", _W + "customXml"):
            content = c.find(_W + "sdtContent") if c.tag == _W + "sdt" else c
            if content is not None:
                yield from _docx_children(content, tag)


def _docx_rows_elements(tbl):
    return _docx_children(tbl, "tr")


def _docx_cells_elements(tr):
    return _docx_children(tr, "tc")


def _docx_table_rows(tbl, styles: _DocxStyles) -> list[list[str]]:
    rows = []
    for tr in _docx_rows_elements(tbl):
        row = []
        for tc in _docx_cells_elements(tr):
            tcpr = tc.find(_W + "tcPr")
            continuation = False
            if tcpr is not None:
                vm = tcpr.find(_W + "vMerge")
                if vm is not None and (vm.get(_W + "val") or "continue") != "restart":
                    continuation = True
                hm = tcpr.find(_W + "hMerge")
                if hm is not None and (hm.get(_W + "val") or "continue") != "restart":
                    continue
            row.append("" if continuation else _docx_cell_text(tc, styles))
        rows.append(row)
    return rows


def _docx_blocks(body, styles: _DocxStyles) -> list[Block]:
    """The body's paragraphs and tables in document order."""
    out: list[tuple[Block, dict | None]] = []

    def para(p_el):
        info = _docx_para_info(p_el, styles)
        t = info["text"]
        if not t:
            return
        style: dict = {}
        if info["bold"]:
            style["bold"] = True
        if info["align"] in ("center", "right", "both", "end"):
            style["align"] = {"both": "justify", "end": "right"}.get(info["align"], info["align"])
        if info["style"]:
            style["style"] = info["style"]
        if info["heading"] is not None:
            out.append((Block(HEADING, t, min(info["heading"], 9), style=style), None))
            return
        sname = info["style"].lower()
        if info["num"] is not None or re.search(r"list (bullet|number)|λίστα|κουκκίδ|αρίθμηση", sname):
            num_id, ilvl = info["num"] if info["num"] is not None else (None, 0)
            ordered = styles.is_ordered(num_id, ilvl)
            if ordered is None:
                ordered = "number" in sname or "αρίθμ" in sname
            marker, rest = _parse_marker(t)
            if marker:  # typed marker inside a list paragraph
                t = clean_text(rest) or t
            out.append((Block(LIST_ITEM, t, ilvl + 1, ordered=bool(ordered), style=style), None))
            return
        marker, rest = _parse_marker(t)
        if marker and clean_text(rest):
            out.append((Block(LIST_ITEM, clean_text(rest), 1, ordered=(marker == "ordered"), style=style), None))
            return
        out.append((Block(PARAGRAPH, t, style=style), info))

    def table(tbl_el):
        rows = _docx_table_rows(tbl_el, styles)
        ncols = max((len(r) for r in rows), default=0)
        if ncols <= 1:
            # a one-column table is a box around ordinary content
            for tr in _docx_rows_elements(tbl_el):
                for tc in _docx_cells_elements(tr):
                    walk(tc)
            return
        b = _table_block(rows)
        if b:
            out.append((b, None))

    def walk(container):
        for el in container:
            tag = el.tag
            if tag == _W + "p":
                para(el)
            elif tag == _W + "tbl":
                table(el)
            elif tag == _W + "sdt":
                content = el.find(_W + "sdtContent")
                if content is not None:
                    walk(content)
            elif tag in (_W + "customXml", _W + "ins", _W + "moveTo", _W + "smartTag"):
                walk(el)
            elif tag == _W + "tc":
                walk(el)

    walk(body)
    blocks = [b for b, _ in out]
    if not any(b.kind == HEADING for b in blocks):
        # no heading styles at all: short bold paragraphs are the headings
        new = []
        for b, info in out:
            if (info is not None and b.kind == PARAGRAPH and info["bold"] and len(b.text) <= 150
                    and not b.text.endswith(_TERMINAL) and _has_letters(b.text)
                    and b.style.get("align") != "right"):
                new.append(Block(HEADING, b.text, 1, style=dict(b.style, fallback=True)))
            else:
                new.append(b)
        blocks = new
    return _normalise_levels(blocks)


def _read_docx(data: bytes, name: str, limits: Limits, *, label: str = "DOCX", fmt: str = "docx") -> ReadResult:
    zf = _check_zip(data, limits, label)
    try:
        names = set(zf.namelist())
    finally:
        zf.close()
    if "word/document.xml" not in names and not any(n.endswith("document.xml") for n in names):
        raise ReadError(f"corrupt {label}: the main document part is missing")
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except _FATAL:
        raise
    except Exception as exc:
        cause = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else exc.__class__.__name__
        raise ReadError(f"corrupt {label}: the file is damaged ({cause})") from exc
    try:
        styles_el = document.styles.element
    except _FATAL:
        raise
    except Exception:
        styles_el = None
    try:
        numbering_el = document.part.numbering_part.element
    except _FATAL:
        raise
    except Exception:
        numbering_el = None
    styles = _DocxStyles(styles_el, numbering_el)
    blocks = _docx_blocks(document.element.body, styles)
    meta: dict = {}
    try:
        cp = document.core_properties
        for key in ("title", "author", "subject", "keywords", "language"):
            v = getattr(cp, key, None)
            if v and clean_text(str(v)):
                meta[key] = clean_text(str(v))
        for key in ("created", "modified"):
            v = getattr(cp, key, None)
            if v:
                meta[key] = v.isoformat()
    except _FATAL:
        raise
    except Exception:
        pass
    if not blocks:
        raise ReadError("empty document: no text")
    return ReadResult(blocks, fmt, meta)


# --------------------------------------------------------------------------------------
# Legacy .doc / .odt / .rtf through LibreOffice
# --------------------------------------------------------------------------------------


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run_tool(cmd: list[str], timeout: float, *, input_bytes: bytes | None = None, cwd: str | None = None):
    """Run an external tool in its own process group; kill that group on timeout."""
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE if input_bytes is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(input=input_bytes, timeout=max(1.0, timeout))
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
        proc.communicate()
        raise
    return proc.returncode, out, err


def _convert_with_soffice(data: bytes, suffix: str, limits: Limits, label: str) -> bytes:
    exe = _soffice()
    with tempfile.TemporaryDirectory(prefix="praxis-convert-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        outdir = Path(tmp) / "out"
        outdir.mkdir()
        profile = Path(tmp) / "profile"
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
               "--nodefault", "--convert-to", "docx", "--outdir", str(outdir), str(src)]
        try:
            _run_tool(cmd, limits.convert_timeout, cwd=tmp)
        except subprocess.TimeoutExpired:
            raise ReadError(f"{label} file: the conversion with LibreOffice took longer than "
                            f"{limits.convert_timeout:.0f} s; save it as .docx instead") from None
        except OSError as exc:
            raise ReadError(f"{label} file: LibreOffice could not be started ({exc.strerror})") from exc
        result = outdir / "input.docx"
        if not result.exists() or result.stat().st_size == 0:
            raise ReadError(f"{label} file: LibreOffice could not convert it (the file may be damaged); "
                            "save it as .docx instead")
        return result.read_bytes()


def _read_converted(data: bytes, limits: Limits, *, suffix: str, label: str, fmt: str, hint: str) -> ReadResult:
    if _soffice() is None:
        raise ReadError(f"{label} file: install LibreOffice (Debian package libreoffice-writer) to read it, "
                        f"or {hint}")
    docx_bytes = _convert_with_soffice(data, suffix, limits, label)
    result = _read_docx(docx_bytes, "", limits, label=label, fmt=fmt)
    result.meta["converted_with"] = "LibreOffice"
    return result


def _read_doc(data: bytes, name: str, limits: Limits) -> ReadResult:
    return _read_converted(data, limits, suffix=".doc", label="legacy Word .doc", fmt="doc",
                           hint="save it as .docx")


def _read_odt(data: bytes, name: str, limits: Limits) -> ReadResult:
    _check_zip(data, limits, "ODT").close()
    return _read_converted(data, limits, suffix=".odt", label="OpenDocument text (.odt)", fmt="odt",
                           hint="save it as .docx")


def _read_rtf(data: bytes, name: str, limits: Limits) -> ReadResult:
    return _read_converted(data, limits, suffix=".rtf", label="RTF", fmt="rtf",
                           hint="save it as .docx")


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------


@dataclass
class _Frag:
    x0: float
    x1: float
    y: float
    size: float
    bold: bool
    text: str
    exact: bool


@dataclass
class _Seg:
    x0: float
    x1: float
    text: str
    size: float
    bold: bool
    exact: bool
    nchars: int
    starts: tuple = ()  # (x, index in text) where each later glyph run of the segment starts


@dataclass
class _Line:
    segs: list
    y: float
    page: int
    marker: str | None = None  # "bullet" / "ordered" when the line starts a list item
    marker_x: float | None = None
    text_x: float | None = None  # x where the text of a list item starts (hanging indent)
    strong_marker: bool = False  # the marker was a separate glyph run (not typed text)

    @property
    def x0(self) -> float:
        return self.segs[0].x0

    @property
    def x1(self) -> float:
        return self.segs[-1].x1

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segs)

    @property
    def size(self) -> float:
        c: Counter = Counter()
        for s in self.segs:
            c[round(s.size * 2) / 2] += s.nchars
        return c.most_common(1)[0][0]

    @property
    def bold(self) -> bool:
        return all(s.bold for s in self.segs if s.text.strip())

    @property
    def exact(self) -> bool:
        return all(s.exact for s in self.segs)


def _mult(m, n):
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


_BOLD_NAME_RE = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold|,b$|-b$|_b$", re.I)


class _FontInfo:
    def __init__(self, font_dict):
        self.bold = False
        self.font = None
        try:
            base = str(font_dict.get("/BaseFont", "")) if font_dict is not None else ""
            self.bold = bool(_BOLD_NAME_RE.search(base.split("+")[-1]))
            desc = font_dict.get("/FontDescriptor") if font_dict is not None else None
            if desc is None and font_dict is not None and "/DescendantFonts" in font_dict:
                desc = font_dict["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if desc is not None:
                desc = desc.get_object()
                weight = desc.get("/FontWeight")
                flags = int(desc.get("/Flags", 0) or 0)
                if (weight is not None and float(weight) >= 600) or flags & (1 << 18):
                    self.bold = True
        except _FATAL:
            raise
        except Exception:
            pass
        self.widths: dict = {}
        self.inverse: dict = {}
        self.default = 500.0
        try:
            from pypdf.generic._font import Font  # pypdf >= 6: the font metrics its layout mode uses

            if font_dict is not None:
                self.font = Font.from_font_resource(font_dict)
                self.widths = dict(getattr(self.font, "character_widths", {}) or {})
                self.default = float(self.widths.get("default", 500) or 500)
                # widths are keyed by character code; text arrives as Unicode: map it back
                for raw, uni in (getattr(self.font, "character_map", {}) or {}).items():
                    if isinstance(raw, str) and isinstance(uni, str) and len(uni) == 1:
                        self.inverse.setdefault(uni, raw)
        except _FATAL:
            raise
        except Exception:
            self.font = None

    def width(self, text: str, hscale: float, extra: float = 0.0) -> tuple[float, bool]:
        """Advance width of `text`; `extra` is the character and word spacing already scaled.

        The flag says whether the font's own widths were found for (almost) every character.
        """
        est = len(text) * 0.55 * hscale
        if self.widths and text:
            total = 0.0
            found = 0
            for ch in text:
                w = self.widths.get(self.inverse.get(ch, ch))
                if w is None:
                    w = self.widths.get(ch)
                if w is None:
                    w = self.default
                else:
                    found += 1
                total += float(w)
            w = total / 1000.0 * hscale
            if 0 < w <= max(est * 3, hscale):
                return max(w + extra, w * 0.5), found >= 0.9 * len(text)
        return est + extra, False


def _pdf_page_fragments(page, font_cache: dict) -> tuple[list[_Frag], str]:
    frags: list[_Frag] = []
    # text state that pypdf does not pass to the text visitor: word/char spacing, horizontal scaling
    state = {"Tw": 0.0, "Tc": 0.0, "Tz": 1.0}
    stack: list[dict] = []

    def before(op, args, cm, tm):
        try:
            if op == b"Tw" and args:
                state["Tw"] = float(args[0])
            elif op == b"Tc" and args:
                state["Tc"] = float(args[0])
            elif op == b"Tz" and args:
                state["Tz"] = float(args[0]) / 100.0
            elif op == b'"' and len(args) >= 2:
                state["Tw"] = float(args[0])
                state["Tc"] = float(args[1])
            elif op == b"q":
                if len(stack) < 64:
                    stack.append(dict(state))
            elif op == b"Q":
                if stack:
                    state.update(stack.pop())
        except (TypeError, ValueError):
            pass

    def visit(text, cm, tm, font_dict, font_size):
        if not text or text.isspace():
            return
        try:
            m = _mult(tm, cm)
            a, b, c, d, e, f = (float(v) for v in m)
            fs = float(font_size or 0)
        except _FATAL:
            raise
        except Exception:
            return
        if not (a > 0 and d > 0 and abs(b) <= 0.2 * a and abs(c) <= 0.2 * d):
            return  # rotated or mirrored text (stamps, margins notes): not part of the reading flow
        size = abs(fs * d) or abs(d) or 1.0
        hscale = abs(fs * a) or abs(a) or size
        key = id(font_dict)
        info = font_cache.get(key)
        if info is None:
            info = font_cache[key] = (_FontInfo(font_dict), font_dict)
        finfo = info[0]
        unit = a * state["Tz"]
        y = f
        for piece in text.split("\n"):
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                x0 = e
                if lead:
                    x0 += finfo.width(piece[:lead], hscale, (state["Tc"] + state["Tw"]) * lead * unit)[0]
                piece_s = piece.strip()
                extra = (state["Tc"] * len(piece_s) + state["Tw"] * piece_s.count(" ")) * unit
                w, exact = finfo.width(piece_s, hscale * state["Tz"], extra)
                frags.append(_Frag(x0, x0 + w, y, size, finfo.bold, piece_s, exact))
            y -= size * 1.2

    text = page.extract_text(visitor_text=visit, visitor_operand_before=before) or ""
    return frags, text


def _pdf_lines(frags: list[_Frag], page_no: int) -> list[_Line]:
    frags = sorted(frags, key=lambda fr: (-fr.y, fr.x0))
    groups: list[list[_Frag]] = []
    ys: list[float] = []
    for fr in frags:
        placed = False
        for gi in range(len(groups) - 1, max(-1, len(groups) - 4), -1):
            tol = 0.45 * min(fr.size, max(g.size for g in groups[gi]))
            if abs(ys[gi] - fr.y) <= tol:
                groups[gi].append(fr)
                placed = True
                break
        if not placed:
            groups.append([fr])
            ys.append(fr.y)
    lines: list[_Line] = []
    for g, y in zip(groups, ys):
        g.sort(key=lambda fr: fr.x0)
        segs: list[_Seg] = []
        last_frag: _Frag | None = None
        for fr in g:
            if segs:
                s = segs[-1]
                # the same text drawn twice at (almost) the same place: fake bold, shadows
                if last_frag is not None and fr.text == last_frag.text and abs(fr.x0 - last_frag.x0) < 0.5 * fr.size:
                    continue
                gap = fr.x0 - s.x1
                exact = s.exact and fr.exact
                limit = (1.6 if exact else 3.0) * max(s.size, fr.size)
                if gap <= limit:
                    sep = "" if gap < 0.12 * fr.size or s.text.endswith(" ") else " "
                    s.starts = s.starts + ((fr.x0, len(s.text) + len(sep)),)
                    s.text = s.text + sep + fr.text
                    s.x1 = max(s.x1, fr.x1)
                    s.bold = s.bold and fr.bold
                    s.exact = exact
                    if fr.size > s.size and len(fr.text) > s.nchars:
                        s.size = fr.size
                    s.nchars += len(fr.text)
                    last_frag = fr
                    continue
            segs.append(_Seg(fr.x0, fr.x1, fr.text, fr.size, fr.bold, fr.exact, len(fr.text)))
            last_frag = fr
        line = _Line(segs, y, page_no)
        # a list marker drawn apart from its text ("•", "1.") belongs to the text
        if (len(segs) >= 2 and _MARKER_ONLY_RE.match(segs[0].text.strip())
                and segs[1].x0 - segs[0].x1 < 6 * segs[1].size):
            mk, nxt = segs[0], segs[1]
            merged = _Seg(mk.x0, nxt.x1, mk.text.strip() + " " + nxt.text, nxt.size, nxt.bold, nxt.exact, nxt.nchars)
            line.segs = [merged] + segs[2:]
            line.strong_marker = True
            line.text_x = nxt.x0
        lines.append(line)
    return lines


_PAGE_NUMBER_RE = re.compile(
    r"^(?:(?:page|σελίδα|σελ\.?|σ\.|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|of|από|απο|-)\s*\d{1,4})?$", re.I
)


def _drop_headers_footers(pages: list[tuple[list[_Line], float, float]]) -> list[list[_Line]]:
    """Remove page numbers and running headers/footers. pages: (lines, y_bottom, y_top).

    Only the two outermost lines at the top and at the bottom of a page are candidates, inside
    the top/bottom 12% of the page; a candidate goes when it is a page number, when (roughly) the
    same short line is on at least half of the pages, or, on any page, when it is printed smaller
    than the body text at the very edge of the page.
    """
    n = len(pages)
    all_sizes: Counter = Counter()
    for lines, _, _ in pages:
        for ln in lines:
            all_sizes[ln.size] += sum(s.nchars for s in ln.segs)
    body = all_sizes.most_common(1)[0][0] if all_sizes else 10.0

    def key_of(text: str) -> str:
        t = clean_text(text).lower()
        if len(re.findall(r"\d+", t)) <= 2 and len(t) <= 80:
            t = re.sub(r"\d+", "#", t)
        return t

    candidates: list[list[tuple[_Line, str]]] = []
    keyed: Counter = Counter()
    for lines, y0, y1 in pages:
        h = max(1.0, y1 - y0)
        ordered = sorted(lines, key=lambda ln: -ln.y)
        edge = ordered[:2] + ordered[-2:] if len(ordered) > 4 else ordered
        cand = []
        keys = set()
        for ln in edge:
            if not (ln.y >= y1 - 0.12 * h or ln.y <= y0 + 0.12 * h):
                continue
            ln.segs = [s for s in ln.segs if not _PAGE_NUMBER_RE.match(clean_text(s.text))]
            if not ln.segs:
                continue
            if ln.size > body + 0.5 or len(clean_text(ln.text)) > 120:
                continue  # a heading or body text, not a running header
            k = key_of(ln.text)
            cand.append((ln, k))
            keys.add(k)
        candidates.append(cand)
        for k in keys:
            keyed[k] += 1
    out: list[list[_Line]] = []
    for (lines, y0, y1), cand in zip(pages, candidates):
        h = max(1.0, y1 - y0)
        drop = set()
        for ln, k in cand:
            if n >= 2 and keyed[k] >= 2 and keyed[k] >= 0.5 * n:
                drop.add(id(ln))
            elif (ln.y >= y1 - 0.065 * h or ln.y <= y0 + 0.065 * h) and ln.size < 0.9 * body:
                drop.add(id(ln))
        out.append([ln for ln in lines if ln.segs and id(ln) not in drop])
    return out


def _split_at_columns(line: _Line, cols_x: list[float]) -> _Line:
    """Cut a line's segments where a glyph run starts exactly at a known table column."""
    new: list[_Seg] = []
    changed = False
    for s in line.segs:
        cuts = [(x, idx) for x, idx in s.starts if idx > 0 and any(abs(x - cx) <= 3 for cx in cols_x)]
        if not cuts:
            new.append(s)
            continue
        changed = True
        prev_idx, prev_x = 0, s.x0
        pieces = []
        per_char = (s.x1 - s.x0) / max(1, len(s.text))
        for x, idx in cuts:
            pieces.append((prev_x, min(x - 1, prev_x + per_char * (idx - prev_idx)), s.text[prev_idx:idx].strip()))
            prev_idx, prev_x = idx, x
        pieces.append((prev_x, s.x1, s.text[prev_idx:].strip()))
        for x0, x1, t in pieces:
            if t:
                new.append(_Seg(x0, max(x0 + 1, x1), t, s.size, s.bold, s.exact, len(t)))
    if not changed:
        return line
    return _Line(new, line.y, line.page, line.marker, line.marker_x, line.text_x, line.strong_marker)


def _find_tables(lines: list[_Line]) -> list[tuple[str, object]]:
    """Split a page's lines into ("line", _Line) and ("table", rows) items in reading order."""
    items: list[tuple[str, object]] = []
    lines = list(lines)
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if len(ln.segs) < 2 or ln.strong_marker and len(ln.segs) < 3:
            items.append(("line", ln))
            i += 1
            continue
        # grow a region of lines that share columns
        region = [ln]
        j = i + 1
        while j < n:
            cols_x = sorted({s.x0 for r in region if len(r.segs) >= 2 for s in r.segs})
            nx = _split_at_columns(lines[j], cols_x[1:])
            lines[j] = nx
            prev = region[-1]
            dy = prev.y - nx.y
            if dy <= 0 or dy > 3.2 * max(prev.size, nx.size):
                break
            if len(nx.segs) >= 2:
                region.append(nx)
                j += 1
                continue
            # a single run inside the table: a wrapped cell, or a row with one filled cell
            first_col_x1 = min((r.segs[1].x0 for r in region if len(r.segs) >= 2), default=nx.x1)
            aligned_later = any(abs(nx.x0 - cx) <= 4 for cx in cols_x[1:])
            fits_first = abs(nx.x0 - region[0].segs[0].x0) <= 4 and nx.x1 < first_col_x1
            if aligned_later or fits_first:
                # only keep it when the table goes on after it
                k = j + 1
                if k < n and len(lines[k].segs) >= 2 and lines[j].y - lines[k].y <= 3.2 * lines[k].size:
                    region.append(nx)
                    j += 1
                    continue
                if aligned_later and not fits_first:
                    region.append(nx)
                    j += 1
                    continue
            break
        multi = [r for r in region if len(r.segs) >= 2]
        table = None
        if len(multi) >= 2:
            table = _region_table(_extend_region(region, lines, i, j, items))
        if table is None:
            items.append(("line", ln))
            i += 1
            continue
        kind, payload, j = table
        if kind == "columns":
            for col_lines in payload:
                for cl in col_lines:
                    items.append(("line", cl))
        else:
            items.append(("table", payload))
        i = j
    return items


def _extend_region(region: list[_Line], lines: list[_Line], i: int, j: int, items: list) -> tuple:
    """Add the one-cell rows just above and below a table (letterheads), keeping their row pitch."""
    multi = [r for r in region if len(r.segs) >= 2]
    col0_x = multi[0].segs[0].x0
    col1_x = min(r.segs[1].x0 for r in multi)
    pitches = [a.y - b.y for a, b in zip(multi, multi[1:]) if a.y > b.y]
    if not pitches:
        return region, j
    pitch = median(pitches)

    cell_size = median(r.size for r in multi)

    def fits(ln: _Line, dy: float) -> bool:
        return (len(ln.segs) == 1 and abs(ln.x0 - col0_x) <= 1.5 and ln.x1 < col1_x - 2
                and abs(ln.size - cell_size) < 0.3 and 0.85 * pitch <= dy <= 1.15 * pitch)

    before: list[_Line] = []
    while items and items[-1][0] == "line":
        cand = items[-1][1]
        top = before[0] if before else region[0]
        if cand.page == top.page and fits(cand, cand.y - top.y):
            before.insert(0, cand)
            items.pop()
        else:
            break
    after: list[_Line] = []
    k = j
    while k < len(lines):
        bottom = after[-1] if after else region[-1]
        if fits(lines[k], bottom.y - lines[k].y):
            after.append(lines[k])
            k += 1
        else:
            break
    return before + region + after, k


def _region_table(arg):
    region, j = arg
    # columns: cluster the x-ranges of the segments of multi-segment lines
    segs = sorted((s for r in region if len(r.segs) >= 2 for s in r.segs), key=lambda s: s.x0)
    cols: list[list[float]] = []
    for s in segs:
        if cols and s.x0 < cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], s.x1)
        else:
            cols.append([s.x0, s.x1])
    if len(cols) < 2:
        return None
    # two or three long flowing text columns are page columns, not a table
    avg_len = sum(len(s.text) for s in segs) / max(1, len(segs))
    multi = [r for r in region if len(r.segs) >= 2]
    if len(multi) >= 6 and avg_len >= 30 and len(cols) <= 3:
        columns = []
        for c0, c1 in cols:
            col_lines = []
            for r in region:
                parts = [s for s in r.segs if s.x0 >= c0 - 2 and s.x0 <= c1]
                if parts:
                    col_lines.append(_Line(parts, r.y, r.page))
            columns.append(col_lines)
        return ("columns", columns, j)

    def col_of(s) -> int:
        best, best_ov = 0, -1e9
        for ci, (c0, c1) in enumerate(cols):
            ov = min(s.x1, c1) - max(s.x0, c0)
            if ov > best_ov:
                best, best_ov = ci, ov
        return best

    dys = [region[k - 1].y - region[k].y for k in range(1, len(region))]
    sizes = [r.size for r in region]
    # rows: a taller gap than a wrapped line inside a cell starts a new row
    ratios = [dy / max(1.0, min(sizes[k], sizes[k + 1])) for k, dy in enumerate(dys)]
    bimodal = bool(ratios) and max(ratios) > 1.25 * min(ratios) and min(ratios) < 1.45
    threshold = (max(ratios) + min(ratios)) / 2 if bimodal else None
    rows: list[list[list[str]]] = []
    for k, r in enumerate(region):
        new_row = k == 0
        if k > 0:
            if threshold is not None:
                new_row = ratios[k - 1] > threshold
            else:
                new_row = len(r.segs) >= 2 or any(col_of(s) == 0 for s in r.segs)
        if new_row:
            rows.append([[] for _ in cols])
        for s in r.segs:
            rows[-1][col_of(s)].append(s.text)
    out = [[_join_lines(cell) for cell in row] for row in rows]
    return ("table", out, j)


def _right_edge(lines: list[_Line], left: float, default: float) -> float:
    """The right margin of the text: the median end of the longer lines."""
    ends = sorted(ln.x1 for ln in lines)
    if not ends:
        return default
    far = ends[-1]
    long_ends = [x for x in ends if x >= left + 0.8 * (far - left)]
    return median(long_ends) if long_ends else far


def _median_leading(lines: list[_Line], body: float) -> float:
    ratios = []
    for a, b in zip(lines, lines[1:]):
        if abs(a.size - body) < 0.6 and abs(b.size - body) < 0.6:
            dy = a.y - b.y
            if 0 < dy < 2.5 * body:
                ratios.append(dy / body)
    return median(ratios) if ratios else 1.25


def _pdf_blocks(pages_lines: list[list[_Line]], page_boxes: list[tuple[float, float, float, float]]) -> list[Block]:
    all_lines = [ln for pl in pages_lines for ln in pl]
    if not all_lines:
        return []
    sizes: Counter = Counter()
    for ln in all_lines:
        sizes[ln.size] += sum(s.nchars for s in ln.segs)
    body = sizes.most_common(1)[0][0]
    leading = _median_leading(all_lines, body)
    vocab = _vocabulary([clean_text(ln.text) for ln in all_lines])

    raw_blocks: list[dict] = []
    for pi, lines in enumerate(pages_lines):
        if not lines:
            continue
        x_left, _, x_right, _ = page_boxes[pi]
        items = _find_tables(lines)
        flow = [it[1] for it in items if it[0] == "line"]
        body_lines = [ln for ln in flow if abs(ln.size - body) < 0.6] or flow
        left_edge = min((ln.x0 for ln in body_lines), default=x_left)
        right_edge = _right_edge(body_lines, left_edge, x_right)
        cur: dict | None = None

        def flush():
            nonlocal cur
            if cur is not None:
                raw_blocks.append(cur)
            cur = None

        for kind, payload in items:
            if kind == "table":
                flush()
                raw_blocks.append({"table": payload, "page": pi + 1})
                continue
            ln: _Line = payload
            text = clean_text(ln.text)
            if not text:
                continue
            marker, rest = _parse_marker(text)
            if (marker == "ordered" or (marker == "bullet" and text[:1] in "-–—")) and not ln.strong_marker:
                # typed "12. ..." or "– ..." at a line start is a list item only after a finished
                # sentence or another item: otherwise it is a wrapped line of running text
                ended = cur is not None and cur["lines"][-1].rstrip().endswith(_TERMINAL + (")",))
                if cur is not None and not (cur.get("marker") or ended):
                    marker = None
            if marker and cur is not None and cur.get("marker") is None and len(rest) < 2:
                marker = None
            start = cur is None or marker is not None
            if not start:
                prev: _Line = cur["line_objs"][-1]
                dy = prev.y - ln.y
                size = max(prev.size, ln.size)
                if dy <= 0 or dy > (leading + 0.4) * size:
                    start = True
                elif abs(prev.size - ln.size) >= 0.6 or prev.bold != ln.bold:
                    start = True
                elif cur.get("marker"):
                    tx = cur.get("text_x") or prev.x0
                    if ln.x0 < tx - 0.5 * ln.size and abs(ln.x0 - cur["x0"]) < 1.0 * ln.size:
                        start = True  # back at the marker's column: the list item ended
                    elif ln.x0 < tx - 0.5 * ln.size and ln.x0 < cur["x0"] - 0.5 * ln.size:
                        start = True
                elif ln.x0 > prev.x0 + 1.2 * ln.size and len(cur["lines"]) >= 1 and abs(prev.x0 - left_edge) < 2:
                    start = True  # first-line indent of a new paragraph
                if (not start and ln.size < 1.12 * body and not (prev.bold and ln.bold)
                        and not text[:1].islower()):
                    # a line that stops short although the next word would have fitted ends a paragraph
                    first_word = text.split()[0]
                    span = max(1.0, ln.x1 - ln.x0)
                    word_w = span * (len(first_word) + 1) / max(1, len(text))
                    room = right_edge - prev.x1
                    width = max(1.0, right_edge - left_edge)
                    ended = cur["lines"][-1].rstrip().endswith(_TERMINAL)
                    if prev.exact and ln.exact:
                        if room > (word_w + max(0.6 * size, 0.03 * width) if ended else max(word_w + 0.6 * size,
                                                                                          0.3 * width)):
                            start = True
                    elif ended and room > 0.25 * width:
                        start = True
            if start:
                flush()
                cur = {"lines": [], "line_objs": [], "page": pi + 1, "marker": marker, "x0": ln.x0,
                       "text_x": ln.text_x, "strong": ln.strong_marker, "full": text}
                if marker:
                    cur["lines"].append(rest)
                else:
                    cur["lines"].append(text)
            else:
                cur["lines"].append(text)
            cur["line_objs"].append(ln)
        flush()

    # merge a paragraph cut by a page break
    merged: list[dict] = []
    for rb in raw_blocks:
        if (merged and "table" not in rb and "table" not in merged[-1] and rb.get("marker") is None
                and rb["page"] == merged[-1]["page"] + 1):
            prev = merged[-1]
            last = prev["lines"][-1].rstrip()
            first = rb["lines"][0].lstrip()
            p_ln, n_ln = prev["line_objs"][-1], rb["line_objs"][0]
            if (first[:1].islower() and not last.endswith(_TERMINAL) and abs(p_ln.size - n_ln.size) < 0.6
                    and p_ln.bold == n_ln.bold):
                prev["lines"].extend(rb["lines"])
                prev["line_objs"].extend(rb["line_objs"])
                continue
        merged.append(rb)

    # classify
    blocks_info = []
    for rb in merged:
        if "table" in rb:
            blocks_info.append(("table", rb))
            continue
        objs = rb["line_objs"]
        text = clean_text(_join_lines(rb["lines"], vocab))
        if not text:
            continue
        rb["full_text"] = (clean_text(_join_lines([rb.get("full", "")] + rb["lines"][1:], vocab))
                           if rb["marker"] else text)
        c: Counter = Counter()
        for ln in objs:
            c[ln.size] += sum(s.nchars for s in ln.segs)
        size = c.most_common(1)[0][0]
        bold = all(ln.bold for ln in objs)
        x0 = min(ln.x0 for ln in objs)
        x1 = max(ln.x1 for ln in objs)
        page_left, _, page_right, _ = page_boxes[rb["page"] - 1]
        center = (page_left + page_right) / 2
        align = None
        width = page_right - page_left
        if x0 > center - 0.05 * width and x1 > center + 0.2 * width:
            align = "right"
        elif abs((x0 + x1) / 2 - center) < 0.03 * width and x0 > page_left + 0.15 * width:
            align = "center"
        rb.update(text=text, size=size, bold=bold, align=align, nlines=len(objs))
        blocks_info.append(("text", rb))

    heading_keys: dict = {}
    for kind, rb in blocks_info:
        if kind != "text" or rb["marker"] == "bullet":
            continue
        t = rb["full_text"]
        if len(t) > 200 or not _has_letters(t) or rb["align"] == "right":
            continue
        ends = t.endswith(_TERMINAL)
        big = rb["size"] >= 1.12 * body
        if rb["marker"] == "ordered" and (rb["strong"] or not (big or rb["bold"]) or ends):
            continue  # a numbered list item, not a numbered heading
        hkey = None
        if big and rb["nlines"] <= 4 and not (ends and len(t) > 100):
            hkey = (-rb["size"], 0)
        elif rb["bold"] and not ends and len(t) <= 150 and rb["nlines"] <= 2:
            hkey = (-rb["size"], 1)
        elif (_is_caps(t) and _is_heading_text(t, caps=True) and rb["nlines"] == 1 and rb["size"] >= 0.95 * body
              and not rb["marker"]):
            hkey = (-rb["size"], 2)
        if hkey is not None:
            rb["hkey"] = hkey
            rb["text"] = t
            heading_keys.setdefault(hkey, []).append(rb)
    if not any(k[1] in (0, 1) for k in heading_keys):
        # one font size, no bold (a typed or printed-from-text document): use the text's own cues
        heading_keys = {}
        for idx, (kind, rb) in enumerate(blocks_info):
            if kind != "text" or rb["marker"] == "bullet" or rb["nlines"] != 1 or rb["align"] == "right":
                continue
            nxt = blocks_info[idx + 1] if idx + 1 < len(blocks_info) else None
            followed = nxt is not None and (nxt[0] == "table" or (len(nxt[1].get("full_text", "")) > 60
                                                                  or nxt[1].get("marker")))
            t = rb["full_text"]
            depth = _numbered_depth(t)
            if _is_caps(t) and _is_heading_text(t, caps=True):
                key = (0, 0)
            elif depth and _is_heading_text(t, numbered=True) and followed and not rb["strong"]:
                key = (0, depth)
            elif followed and len(t) <= 60 and _is_heading_text(t) and t[:1].isupper() and not rb["marker"]:
                key = (0, 1)
            else:
                continue
            rb["text"] = t
            heading_keys.setdefault(key, []).append(rb)
    ranked = sorted(heading_keys)
    for rank, key in enumerate(ranked):
        group = heading_keys[key]
        depths = [_numbered_depth(rb["text"]) for rb in group]
        dmin = min((d for d in depths if d), default=0)
        for rb, d in zip(group, depths):
            extra = (d - dmin) if (d and dmin) else 0
            rb["level"] = (rank + 1) * 10 + extra

    blocks: list[Block] = []
    list_x: list[float] = []
    for kind, rb in blocks_info:
        if kind == "table":
            b = _table_block(rb["table"], rb["page"])
            if b:
                blocks.append(b)
            list_x = []
            continue
        style = {"size": rb["size"]}
        if rb["bold"]:
            style["bold"] = True
        if rb["align"]:
            style["align"] = rb["align"]
        if "level" in rb:
            blocks.append(Block(HEADING, rb["text"], rb["level"], rb["page"], style=style))
            list_x = []
        elif rb["marker"]:
            x = rb["x0"]
            while list_x and list_x[-1] > x + 2:
                list_x.pop()
            if not list_x or list_x[-1] < x - 2:
                list_x.append(x)
            blocks.append(Block(LIST_ITEM, rb["text"], len(list_x), rb["page"], ordered=rb["marker"] == "ordered",
                                style=style))
        else:
            blocks.append(Block(PARAGRAPH, rb["text"], 0, rb["page"], style=style))
            list_x = []
    return _normalise_levels(blocks)


def _pdf_short_cause(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return msg[:120]


@functools.lru_cache(maxsize=1)
def _tesseract_ready() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        rc, out, err = _run_tool([exe, "--list-langs"], 30)
    except (OSError, subprocess.SubprocessError):
        return False
    langs = set((out + err).decode("utf-8", "replace").split())
    return "ell" in langs and "eng" in langs


def _ocr_pdf(data: bytes, reader, limits: Limits, page_numbers: list[int]) -> tuple[list[Block], int, bool]:
    """OCR the given 1-based pages: (blocks with page numbers, pages done, ran out of time).

    Raises ReadError when nothing comes out.
    """
    pages_done = 0
    exe = shutil.which("tesseract")
    pdftoppm = shutil.which("pdftoppm")
    deadline = time.monotonic() + limits.ocr_timeout
    blocks: list[Block] = []
    timed_out = False
    with tempfile.TemporaryDirectory(prefix="praxis-ocr-") as tmp:
        src = Path(tmp) / "input.pdf"
        src.write_bytes(data)
        for pno in page_numbers:
            left = deadline - time.monotonic()
            if left <= 1:
                timed_out = True
                break
            images: list[bytes] = []
            if pdftoppm:
                prefix = Path(tmp) / f"page{pno}"
                try:
                    _run_tool([pdftoppm, "-r", "300", "-gray", "-png", "-f", str(pno), "-l", str(pno), "-singlefile",
                               str(src), str(prefix)], left)
                    png = prefix.with_suffix(".png")
                    if png.exists():
                        images.append(png.read_bytes())
                        png.unlink()
                except subprocess.TimeoutExpired:
                    timed_out = True
                    break
                except OSError:
                    pass
            if not images:
                try:
                    for img in reader.pages[pno - 1].images:
                        buf = io.BytesIO()
                        img.image.save(buf, format="PNG")
                        images.append(buf.getvalue())
                except _FATAL:
                    raise
                except Exception:
                    pass
            texts = []
            for png in images:
                left = deadline - time.monotonic()
                if left <= 1:
                    timed_out = True
                    break
                try:
                    rc, out, _err = _run_tool([exe, "-", "-", "-l", "ell+eng", "--psm", "3"], left, input_bytes=png)
                except subprocess.TimeoutExpired:
                    timed_out = True
                    break
                except OSError:
                    continue
                if rc == 0:
                    texts.append(out.decode("utf-8", "replace"))
            for t in texts:
                blocks.extend(_text_blocks(t, page=pno))
            if timed_out:
                break
            pages_done += 1
    if not blocks:
        if timed_out:
            raise ReadError(f"scanned PDF with no text layer: OCR took longer than {limits.ocr_timeout:.0f} s")
        raise ReadError("scanned PDF with no text layer: OCR found no text in it")
    return _normalise_levels(blocks), pages_done, timed_out


def _pdf_has_images(reader, page_indexes) -> bool:
    for i in page_indexes:
        try:
            page = reader.pages[i]
            res = page.get("/Resources")
            res = res.get_object() if res is not None else None
            xobj = res.get("/XObject") if res is not None else None
            if xobj is not None and len(xobj.get_object()) > 0:
                return True
            contents = page.get_contents()
            if contents is not None and b"BI" in contents.get_data():
                return True
        except _FATAL:
            raise
        except Exception:
            return True  # when in doubt, call it a scan
    return False


def _read_pdf(data: bytes, name: str, limits: Limits) -> ReadResult:
    import logging

    from pypdf import PdfReader

    try:
        from pypdf import PasswordType
    except ImportError:  # older pypdf
        from pypdf._encryption import PasswordType

    pypdf_logger = logging.getLogger("pypdf")
    if pypdf_logger.level == logging.NOTSET:  # not configured by the application: keep its noise down
        pypdf_logger.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except _FATAL:
        raise
    except Exception as exc:
        raise ReadError(f"corrupt PDF: the file is damaged or incomplete ({_pdf_short_cause(exc)})") from exc
    meta: dict = {}
    try:
        encrypted = reader.is_encrypted
    except _FATAL:
        raise
    except Exception as exc:
        raise ReadError(f"corrupt PDF: the file is damaged or incomplete ({_pdf_short_cause(exc)})") from exc
    if encrypted:
        try:
            ok = reader.decrypt("")
        except _FATAL:
            raise
        except Exception as exc:
            if exc.__class__.__name__ == "DependencyError":
                raise ReadError("encrypted PDF: it uses AES encryption and the 'cryptography' package is missing") \
                    from exc
            raise ReadError("encrypted PDF: needs a password") from exc
        if ok == PasswordType.NOT_DECRYPTED:
            raise ReadError("encrypted PDF: needs a password")
        meta["encrypted"] = True
    try:
        n_total = len(reader.pages)
    except _FATAL:
        raise
    except Exception as exc:
        raise ReadError(f"corrupt PDF: the file is damaged or incomplete ({_pdf_short_cause(exc)})") from exc
    if n_total == 0:
        raise ReadError("corrupt PDF: it has no pages")
    n_pages = min(n_total, limits.max_pages)
    meta["pages"] = n_total
    if n_pages < n_total:
        meta["truncated"] = True
        meta["pages_read"] = n_pages
    try:
        info = reader.metadata
        if info:
            for key, field_ in (("title", "/Title"), ("author", "/Author"), ("subject", "/Subject")):
                v = info.get(field_)
                if v and clean_text(str(v)):
                    meta[key] = clean_text(str(v))
    except _FATAL:
        raise
    except Exception:
        pass

    font_cache: dict = {}
    pages: list[tuple[list[_Line], float, float]] = []
    boxes: list[tuple[float, float, float, float]] = []
    plain_texts: list[str] = []
    errors: list[str] = []
    for i in range(n_pages):
        try:
            page = reader.pages[i]
            try:
                box = page.cropbox
                x0, y0, x1, y1 = (float(v) for v in (box.left, box.bottom, box.right, box.top))
            except _FATAL:
                raise
            except Exception:
                x0, y0, x1, y1 = 0.0, 0.0, 612.0, 792.0
            frags, plain = _pdf_page_fragments(page, font_cache)
            pages.append((_pdf_lines(frags, i + 1), y0, y1))
            boxes.append((x0, y0, x1, y1))
            plain_texts.append(plain)
        except _FATAL:
            raise
        except RecursionError:
            errors.append(f"page {i + 1}: nested too deeply")
            pages.append(([], 0.0, 792.0))
            boxes.append((0.0, 0.0, 612.0, 792.0))
            plain_texts.append("")
        except Exception as exc:
            errors.append(f"page {i + 1}: {_pdf_short_cause(exc)}")
            pages.append(([], 0.0, 792.0))
            boxes.append((0.0, 0.0, 612.0, 792.0))
            plain_texts.append("")

    chars_per_page = [sum(s.nchars for ln in lines for s in ln.segs) for lines, _, _ in pages]
    has_text = any(chars_per_page)
    if has_text and sum(chars_per_page) < 15 * n_pages and _pdf_has_images(reader, range(n_pages)):
        has_text = False  # a stamp or a page number on scanned pages: treat it as a scan
        plain_texts = [""] * n_pages
    if not has_text:
        if any(t.strip() for t in plain_texts):
            blocks = []
            for pi, t in enumerate(plain_texts):
                blocks.extend(_text_blocks(t, page=pi + 1))
            return ReadResult(_normalise_levels(blocks), "pdf", meta)
        if errors and len(errors) == n_pages:
            raise ReadError(f"corrupt PDF: the file is damaged or incomplete ({errors[0]})")
        if not _pdf_has_images(reader, range(n_pages)):
            raise ReadError("empty document: no text")
        if _tesseract_ready():
            blocks, done, timed_out = _ocr_pdf(data, reader, limits, list(range(1, n_pages + 1)))
            meta["ocr"] = True
            if timed_out:
                meta["ocr_incomplete"] = True  # OCR ran out of time: later pages are missing
                meta["ocr_pages"] = done
            return ReadResult(blocks, "pdf", meta)
        raise ReadError(
            "scanned PDF with no text layer: install tesseract-ocr, tesseract-ocr-ell and tesseract-ocr-eng "
            "to read it with OCR"
        )
    kept = _drop_headers_footers(pages)
    blocks = _pdf_blocks(kept, boxes)
    if errors:
        meta["unreadable_pages"] = errors
    meta["ocr"] = False
    # scanned pages inside a text PDF (a signed page, an annex)
    scanned = [i + 1 for i, n in enumerate(chars_per_page)
               if n == 0 and not any(e.startswith(f"page {i + 1}:") for e in errors)
               and _pdf_has_images(reader, [i])]
    if scanned:
        if _tesseract_ready():
            try:
                ocr_blocks, _done, timed_out = _ocr_pdf(data, reader, limits, scanned)
            except ReadError:
                ocr_blocks, timed_out = [], False
            if ocr_blocks:
                meta["ocr_pages"] = sorted({b.page for b in ocr_blocks})
                merged: list[Block] = []
                pending = list(ocr_blocks)
                for b in blocks:
                    while pending and b.page is not None and pending[0].page < b.page:
                        merged.append(pending.pop(0))
                    merged.append(b)
                blocks = merged + pending
            if timed_out:
                meta["ocr_incomplete"] = True
        else:
            meta["pages_without_text"] = scanned  # image-only pages that need OCR
    return ReadResult(blocks, "pdf", meta)


_READERS = {
    "pdf": _read_pdf,
    "docx": _read_docx,
    "doc": _read_doc,
    "odt": _read_odt,
    "rtf": _read_rtf,
    "html": _read_html,
    "md": _read_md,
    "txt": _read_txt,
}

"""Markdown files."""
from __future__ import annotations

import re

from ..blocks import HEADING, LIST_ITEM, PARAGRAPH, Block, ReadError, ReadResult
from .charset import decode
from .clean import clean_text
from .limits import Limits
from .tables import MD_TABLE_SEP_RE, split_cells, table_block, table_from_lines


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


def markdown_blocks(text: str) -> list[Block]:
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
        if "|" in line and i + 1 < len(lines) and MD_TABLE_SEP_RE.match(lines[i + 1]) and "-" in lines[i + 1]:
            flush_all()
            list_indents = []
            tlines = [line]
            i += 2
            while i < len(lines) and lines[i].strip() and "|" in lines[i]:
                tlines.append(lines[i])
                i += 1
            rows = [[_md_inline(c) for c in split_cells(t, "|")] for t in tlines]
            b = table_block(rows)
            if b:
                blocks.append(b)
            continue
        if "|" in line and not para and item is None:
            j = i
            tlines = []
            while j < len(lines) and lines[j].strip() and "|" in lines[j]:
                tlines.append(lines[j])
                j += 1
            rows = table_from_lines(tlines) if len(tlines) >= 2 else None
            if rows:
                flush_all()
                b = table_block([[_md_inline(c) for c in r] for r in rows])
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


def read(data: bytes, name: str, limits: Limits) -> ReadResult:
    text, enc = decode(data)
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
    blocks = markdown_blocks(text)
    first_h1 = next((b.text for b in blocks if b.kind == HEADING and b.level == 1), None)
    if first_h1 and "title" not in meta:
        meta["title"] = first_h1
    return ReadResult(blocks, "md", meta)

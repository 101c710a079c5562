"""Markdown files, parsed by markdown-it-py (CommonMark, plus GFM tables and strikethrough).

A hand-written line parser came before it; its link regex stopped at the first ")" so
``[οδηγό](https://x.gr/a_(2023).pdf)`` came out as "οδηγό.pdf)", and emphasis, escapes and nested
lists were guessed line by line. markdown-it-py follows the CommonMark spec and gives a token
stream; what members actually type that CommonMark does not accept is normalised first: "#Title"
without a space, "•" bullets, and pipe tables without the |---| line.
"""
from __future__ import annotations

import re

from ..blocks import HEADING, LIST_ITEM, PARAGRAPH, Block, ReadError, ReadResult
from .charset import decode
from .clean import clean_text
from .limits import Limits
from .tables import MD_TABLE_SEP_RE, split_cells, table_block, table_from_lines

_ATX_NOSPACE_RE = re.compile(r"^(\s{0,3}#{1,6})([^\s#].{0,80})$")
_BULLET_RE = re.compile(r"^(\s*)[•▪◦·][ \t]+")
_FENCE_RE = re.compile(r"^\s{0,3}(```+|~~~+)")
_TASK_RE = re.compile(r"^\[[ xX]\]\s+")
_TAG_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>", re.S)


def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _normalise(text: str) -> str:
    """Fix what members type that CommonMark does not accept; fenced code is left alone."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    fence: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _FENCE_RE.match(line)
        if m:
            fence = None if fence and m.group(1).startswith(fence[:3]) else (fence or m.group(1))
        if fence:
            out.append(line)
            i += 1
            continue
        prev_blank = not out or not out[-1].strip()
        m = _ATX_NOSPACE_RE.match(line)
        if m and prev_blank:
            line = f"{m.group(1)} {m.group(2)}"
        line = _BULLET_RE.sub(lambda mm: mm.group(1) + "- ", line)
        # a pipe table without its |---| line: CommonMark would read it as a paragraph
        if "|" in line and prev_blank:
            j = i
            while j < len(lines) and lines[j].strip() and "|" in lines[j]:
                j += 1
            run = lines[i:j]
            if len(run) >= 2 and not any(MD_TABLE_SEP_RE.match(x) for x in run[:2]) and table_from_lines(run):
                ncols = len(split_cells(run[0], "|"))
                out.append(run[0] if run[0].strip().startswith("|") else "| " + run[0] + " |")
                out.append("|" + "---|" * ncols)
                out.extend(x if x.strip().startswith("|") else "| " + x + " |" for x in run[1:])
                i = j
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _inline(token) -> tuple[str, bool]:
    """(text, every word bold) of an inline token: links keep their text, images their alt text."""
    parts: list[str] = []
    bold_depth = 0
    plain_outside_bold = False
    for child in token.children or []:
        t = child.type
        if t == "strong_open":
            bold_depth += 1
        elif t == "strong_close":
            bold_depth -= 1
        elif t in ("text", "code_inline"):
            parts.append(child.content)
            if bold_depth == 0 and child.content.strip():
                plain_outside_bold = True
        elif t in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif t == "image":
            alt = "".join(c.content for c in child.children or []) or child.content
            parts.append(alt)
            if bold_depth == 0 and alt.strip():
                plain_outside_bold = True
        elif t == "html_inline":
            parts.append(" ")
    text = clean_text("".join(parts))
    return text, bool(text) and not plain_outside_bold and any(c.type == "strong_open" for c in token.children or [])


def markdown_blocks(text: str) -> list[Block]:
    tokens = _parser().parse(_normalise(text))
    blocks: list[Block] = []
    list_stack: list[bool] = []  # ordered? per open list
    items: list[dict] = []  # open list items: {"parts": [...], "emitted": bool, "level", "ordered"}
    table: list[list[str]] | None = None
    row: list[str] | None = None

    def emit_item(item: dict) -> None:
        if item["emitted"]:
            return
        item["emitted"] = True
        t = _TASK_RE.sub("", clean_text(" ".join(item["parts"])))
        if t:
            blocks.append(Block(LIST_ITEM, t, item["level"], ordered=item["ordered"]))

    heading_level = 0
    for i, tok in enumerate(tokens):
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            if items:
                emit_item(items[-1])  # the parent's own text comes before its sub-items
            list_stack.append(t == "ordered_list_open")
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif t == "list_item_open":
            items.append({"parts": [], "emitted": False, "level": len(list_stack), "ordered": list_stack[-1]})
        elif t == "list_item_close":
            emit_item(items.pop())
        elif t == "heading_open":
            heading_level = int(tok.tag[1])
        elif t == "table_open":
            table = []
        elif t == "tr_open":
            row = []
        elif t == "tr_close" and table is not None and row is not None:
            table.append(row)
            row = None
        elif t == "table_close" and table is not None:
            b = table_block(table)
            if b:
                blocks.append(b)
            table = None
        elif t == "inline":
            text, bold = _inline(tok)
            if row is not None:
                row.append(text)
            elif heading_level:
                if text:
                    blocks.append(Block(HEADING, text, heading_level))
                heading_level = 0
            elif items and not items[-1]["emitted"]:
                items[-1]["parts"].append(text)
            elif text:
                blocks.append(Block(PARAGRAPH, text, style={"bold": True} if bold else {}))
        elif t in ("fence", "code_block"):
            code = clean_text(" ".join(tok.content.split("\n")))
            if code:
                blocks.append(Block(PARAGRAPH, code, style={"code": True}))
        elif t == "html_block":
            html = clean_text(_TAG_RE.sub(" ", tok.content))
            if html:
                if items and not items[-1]["emitted"]:
                    items[-1]["parts"].append(html)
                else:
                    blocks.append(Block(PARAGRAPH, html))
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

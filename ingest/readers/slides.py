"""Slide decks (.pptx with python-pptx, .odp from its XML): slides in order.

Each slide gives its title as a HEADING (level 2; the title of a title slide, level 1), then its
text in reading order (top to bottom, then left to right): paragraphs of a body placeholder are
list items at their outline level (that is how a slide body is drawn), other text boxes give
paragraphs unless their paragraphs carry bullets; tables are TABLE blocks; speaker notes follow
the slide's content as paragraphs with ``style={"notes": True}``. Every block carries the slide
number as its page. Dates, footers and slide numbers are left out.
"""
from __future__ import annotations

import io

from ..blocks import HEADING, LIST_ITEM, PARAGRAPH, Block, ReadError, ReadResult
from .clean import clean_text
from .limits import FATAL, Limits
from .tables import table_block
from .zipcheck import check_zip
from .odf import DRAW, PRESENTATION, TABLE_NS, TEXT, inline_text, odf_body, table_rows, text_flow_blocks

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_MAX_SHAPES = 5000  # per slide; group shapes nest, a hostile file could nest deeply


def _notes(texts: list[str], page: int) -> list[Block]:
    return [Block(PARAGRAPH, t, page=page, style={"notes": True}) for t in (clean_text(x) for x in texts) if t]


def _title_slide(kinds: set[str], index: int, content: list[Block] | None = None) -> bool:
    """A title slide: its layout says so (a centred title, a subtitle on the first slide), or it is
    the first slide and holds only a few short lines (no list, no table): the deck's title page."""
    if "center_title" in kinds or (index == 1 and "subtitle" in kinds):
        return True
    return index == 1 and content is not None and len(content) <= 4 and \
        all(b.kind == PARAGRAPH and len(b.text.split()) <= 25 for b in content)


def drop_furniture(blocks: list[Block], slides: int) -> list[Block]:
    """Footers drawn as text boxes: a line repeated on half the slides or more (at least three), and
    a bare number equal to its slide's number."""
    counts: dict[str, set[int]] = {}
    for b in blocks:
        if b.kind == PARAGRAPH and not b.style.get("notes"):
            counts.setdefault(b.text.casefold(), set()).add(b.page or 0)
    repeated = {t for t, pages in counts.items() if len(pages) >= max(3, slides / 2)}
    return [b for b in blocks if not (b.kind == PARAGRAPH and not b.style.get("notes")
                                      and (b.text.casefold() in repeated or b.text == str(b.page)))]


def finish(blocks: list[Block], slides: int, first_kinds: set[str]) -> list[Block]:
    """Footers dropped, then the first slide's title at level 1 when it is a title slide."""
    blocks = drop_furniture(blocks, slides)
    first = [b for b in blocks if b.page == 1 and not b.style.get("notes")]
    if first and first[0].kind == HEADING and _title_slide(first_kinds, 1, first[1:]):
        blocks[blocks.index(first[0])] = Block(HEADING, first[0].text, level=1, page=1)
    return blocks


# -- PPTX ---------------------------------------------------------------------------------------


def _shapes_in_order(shapes, depth: int = 0):
    """Shapes top to bottom, left to right; group shapes opened."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    items = []
    for shape in shapes:
        if depth < 10 and shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            items.extend(_shapes_in_order(shape.shapes, depth + 1))
        else:
            items.append(shape)
    return sorted(items, key=lambda s: ((s.top or 0) // 50_000, s.left or 0))[:_MAX_SHAPES]


def _placeholder_kind(shape) -> str:
    if not shape.is_placeholder:
        return ""
    try:
        return shape.placeholder_format.type.name.lower()
    except (AttributeError, ValueError):
        return "object"


def _pptx_paragraphs(shape, kind: str, page: int) -> list[Block]:
    blocks = []
    body = kind in ("body", "object", "vertical_body", "vertical_object")
    for p in shape.text_frame.paragraphs:
        text = clean_text("".join(r.text for r in p.runs) or p.text)
        if not text:
            continue
        ppr = p._p.pPr  # the paragraph's bullet settings live in a:pPr
        no_bullet = ppr is not None and ppr.find(_A + "buNone") is not None
        numbered = ppr is not None and ppr.find(_A + "buAutoNum") is not None
        bulleted = numbered or (ppr is not None and ppr.find(_A + "buChar") is not None)
        if (body and not no_bullet) or bulleted:
            blocks.append(Block(LIST_ITEM, text, level=(p.level or 0) + 1, page=page, ordered=numbered))
        else:
            blocks.append(Block(PARAGRAPH, text, page=page))
    return blocks


def read_pptx(data: bytes, name: str, limits: Limits) -> ReadResult:
    check_zip(data, limits, "PPTX").close()
    from pptx import Presentation

    try:
        prs = Presentation(io.BytesIO(data))
        slides = list(prs.slides)
    except FATAL:
        raise
    except Exception as exc:  # noqa: BLE001 - python-pptx raises many kinds on damaged files
        cause = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else exc.__class__.__name__
        raise ReadError(f"corrupt PPTX: the file is damaged ({cause})") from exc
    blocks: list[Block] = []
    first_kinds: set[str] = set()
    for index, slide in enumerate(slides, 1):
        shapes = _shapes_in_order(slide.shapes)
        kinds = {_placeholder_kind(s) for s in shapes}
        title_shape = next((s for s in shapes if _placeholder_kind(s) in ("title", "center_title", "vertical_title")
                            and s.has_text_frame and clean_text(s.text_frame.text)), None)
        slide_blocks: list[Block] = []
        if title_shape is not None:
            slide_blocks.append(Block(HEADING, clean_text(title_shape.text_frame.text), level=2, page=index))
        for shape in shapes:
            kind = _placeholder_kind(shape)
            if shape is title_shape or kind in ("date", "footer", "slide_number", "header"):
                continue
            if getattr(shape, "has_table", False) and shape.has_table:
                rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
                block = table_block(rows)
                if block is not None:
                    slide_blocks.append(Block(block.kind, block.text, page=index, rows=block.rows))
            elif shape.has_text_frame:
                slide_blocks.extend(_pptx_paragraphs(shape, kind, index))
        blocks.extend(slide_blocks)
        first_kinds = first_kinds or kinds
        if slide.has_notes_slide:
            frame = slide.notes_slide.notes_text_frame
            if frame is not None:
                blocks.extend(_notes([p.text for p in frame.paragraphs], index))
    blocks = finish(blocks, len(slides), first_kinds)
    meta: dict = {"slides": len(slides)}
    try:
        cp = prs.core_properties
        for key in ("title", "author", "subject"):
            value = getattr(cp, key, None)
            if value and clean_text(str(value)):
                meta[key] = clean_text(str(value))
    except FATAL:
        raise
    except Exception:  # noqa: BLE001 - damaged core properties are not worth failing the deck for
        pass
    if not blocks:
        raise ReadError("empty document: no text")
    return ReadResult(blocks, "pptx", meta)


# -- ODP ----------------------------------------------------------------------------------------


def _odp_frames(page):
    """(class, frame) for the page's frames in reading order; groups opened."""
    frames = []
    for frame in page.iter(DRAW + "frame", DRAW + "custom-shape", DRAW + "rect"):
        if _inside(frame, PRESENTATION + "notes"):
            continue
        frames.append(frame)

    def pos(el, attr: str) -> float:
        value = el.get("{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}" + attr) or "0"
        try:
            return float("".join(ch for ch in value if ch.isdigit() or ch in ".-") or 0)
        except ValueError:
            return 0.0

    return sorted(frames, key=lambda f: (round(pos(f, "y"), 0), pos(f, "x")))


def _inside(el, tag: str) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def read_odp(data: bytes, name: str, limits: Limits) -> ReadResult:
    styles, meta, body = odf_body(data, limits, "odp", "presentation", "the file has no presentation body")
    blocks: list[Block] = []
    first_kinds: set[str] = set()
    pages = body.findall(DRAW + "page")
    for index, page in enumerate(pages, 1):
        frames = _odp_frames(page)
        kinds = {f.get(PRESENTATION + "class") or "" for f in frames}
        kinds = {"center_title" if k == "title" and "subtitle" in kinds else k for k in kinds}
        title = next((f for f in frames if f.get(PRESENTATION + "class") == "title"
                      and clean_text(inline_text(f))), None)
        slide_blocks: list[Block] = []
        if title is not None:
            text = clean_text(" ".join(inline_text(p) for p in title.iter(TEXT + "p", TEXT + "h")))
            slide_blocks.append(Block(HEADING, text, level=2, page=index))
        for frame in frames:
            cls = frame.get(PRESENTATION + "class") or ""
            if frame is title or cls in ("date-time", "footer", "page-number", "header"):
                continue
            table = frame.find(TABLE_NS + "table")
            if table is not None:
                block = table_block(table_rows(table))
                if block is not None:
                    slide_blocks.append(Block(block.kind, block.text, page=index, rows=block.rows))
                continue
            box = frame.find(DRAW + "text-box")
            container = box if box is not None else frame
            flow = text_flow_blocks(container, styles, page=index,
                                    list_style="bullets" if cls == "outline" else "")
            slide_blocks.extend(flow)
        blocks.extend(slide_blocks)
        first_kinds = first_kinds or kinds
        notes = page.find(PRESENTATION + "notes")
        if notes is not None:
            texts = [inline_text(p) for frame in notes.iter(DRAW + "frame")
                     if frame.get(PRESENTATION + "class") == "notes" for p in frame.iter(TEXT + "p")]
            blocks.extend(_notes(texts, index))
    blocks = finish(blocks, len(pages), first_kinds)
    meta["slides"] = len(pages)
    if not blocks:
        raise ReadError("empty document: no text")
    return ReadResult(blocks, "odp", meta)

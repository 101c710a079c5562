"""OpenDocument (.odt, and the shared XML walking for .ods and .odp), read natively.

An ODF file is a zip whose content.xml holds the document; it is read with lxml (no DTD, no
entities, no network) after the same zip-bomb and entity checks as DOCX, so LibreOffice is no
longer needed for .odt (it stays for .doc and .rtf). Headings are text:h with their outline level
(or paragraphs whose style is a Title/Heading style), lists are text:list with their nesting,
tables are table:table; notes, annotations, tracked deletions, text boxes and tables of contents
are left out, as for DOCX.
"""
from __future__ import annotations

import io
import re
import zipfile

from ..blocks import HEADING, LIST_ITEM, PARAGRAPH, Block, ReadError, ReadResult
from .clean import clean_text
from .limits import FATAL, Limits
from .markers import normalise_levels
from .tables import table_block
from .zipcheck import check_zip

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
PRESENTATION = "{urn:oasis:names:tc:opendocument:xmlns:presentation:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"

LABELS = {"odt": "OpenDocument text (.odt)", "ods": "OpenDocument spreadsheet (.ods)",
          "odp": "OpenDocument presentation (.odp)"}
# Inline elements whose text is not part of the running text.
_SKIP_INLINE = {TEXT + "note", OFFICE + "annotation", OFFICE + "annotation-end", TEXT + "tracked-changes",
                DRAW + "frame", DRAW + "a", TEXT + "bookmark-ref", TEXT + "reference-mark"}
_SKIP_BLOCK = {TEXT + "tracked-changes", TEXT + "table-of-content", TEXT + "alphabetical-index",
               TEXT + "illustration-index", TEXT + "bibliography", TEXT + "sequence-decls",
               TEXT + "variable-decls", TEXT + "user-field-decls", OFFICE + "forms", TEXT + "soft-page-break",
               TABLE_NS + "table-columns", TABLE_NS + "table-column"}
_HEADING_STYLE_RE = re.compile(r"^(?:heading|επικεφαλίδα|titre|überschrift)[ _](?:20_)?(\d)$", re.I)


def read_xml_part(zf: zipfile.ZipFile, part: str, label: str):
    """The parsed root of one XML part: no DTD loading, no entity resolution, no network."""
    from lxml import etree

    try:
        raw = zf.read(part)
    except KeyError:
        raise ReadError(f"corrupt {label}: the part {part} is missing") from None
    except FATAL:
        raise
    except Exception as exc:
        raise ReadError(f"corrupt {label}: the part {part} is damaged") from exc
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.parse(io.BytesIO(raw), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"corrupt {label}: the part {part} is not well-formed XML ({str(exc)[:80]})") from exc


def odf_kind(zf: zipfile.ZipFile) -> str:
    """odt, ods, odp or '' from the mimetype part."""
    try:
        mt = zf.read("mimetype")[:200]
    except KeyError:
        return ""
    for kind, marker in (("odt", b"opendocument.text"), ("ods", b"opendocument.spreadsheet"),
                         ("odp", b"opendocument.presentation")):
        if marker in mt and b"template" not in mt.split(marker)[-1][:10]:
            return kind
    return ""


def open_odf(data: bytes, limits: Limits, kind: str):
    """(zip, content root) of an ODF file after the zip checks; ReadError when encrypted or damaged."""
    label = LABELS[kind]
    zf = check_zip(data, limits, label)
    try:
        manifest = zf.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in zf.namelist() else b""
    except Exception:  # noqa: BLE001 - a damaged manifest is reported by the content read below
        manifest = b""
    if b"encryption-data" in manifest:
        zf.close()
        raise ReadError(f"encrypted {label}: needs a password; save an unprotected copy")
    try:
        root = read_xml_part(zf, "content.xml", label)
    except ReadError:
        zf.close()
        raise
    return zf, root


def odf_meta(zf: zipfile.ZipFile, label: str) -> dict:
    """Title, author, dates from meta.xml (absent or damaged: nothing)."""
    meta: dict = {}
    if "meta.xml" not in zf.namelist():
        return meta
    try:
        root = read_xml_part(zf, "meta.xml", label)
    except ReadError:
        return meta
    for key, tag in (("title", DC + "title"), ("author", DC + "creator"), ("subject", DC + "subject"),
                     ("language", DC + "language"), ("created", META + "creation-date"), ("modified", DC + "date")):
        el = root.find(f".//{tag}")
        if el is not None and el.text and clean_text(el.text):
            meta[key] = clean_text(el.text)
    return meta


def inline_text(el) -> str:
    """The text of a paragraph-like element: spans, links, spaces, tabs and line breaks; notes left out."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _SKIP_INLINE:
                pass
            elif tag == TEXT + "s":
                try:
                    count = int(child.get(TEXT + "c", "1"))
                except ValueError:
                    count = 1
                parts.append(" " * max(1, min(count, 100)))
            elif tag in (TEXT + "tab", TEXT + "line-break"):
                parts.append(" " if tag == TEXT + "tab" else "\n")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


class Styles:
    """Paragraph style name → heading level, through the parent-style chain (automatic styles point at
    named ones such as 'Heading_20_2' or 'Title')."""

    def __init__(self, *roots):
        self.parent: dict[str, str] = {}
        for root in roots:
            if root is None:
                continue
            for st in root.iter(STYLE + "style"):
                name = st.get(STYLE + "name")
                if name:
                    self.parent[name] = st.get(STYLE + "parent-style-name") or ""
                    level = st.get(STYLE + "default-outline-level")
                    if level and level.isdigit():
                        self.parent.setdefault("@level:" + name, level)

    def heading_level(self, name: str | None) -> int:
        seen = 0
        while name and seen < 20:
            if name.lower() == "title":
                return 1
            m = _HEADING_STYLE_RE.match(name)
            if m:
                return int(m.group(1))
            level = self.parent.get("@level:" + name)
            if level and name.lower() != "standard":
                return int(level)
            name = self.parent.get(name, "")
            seen += 1
        return 0


def table_rows(table_el, max_cells: int = 200_000) -> list[list[str]]:
    """The rows of a table:table as text cells. Repeated rows/cells are expanded only when they hold
    text (an empty row repeated a million times is a spreadsheet's way of saying 'the rest is empty')."""
    rows: list[list[str]] = []
    cells_seen = 0
    for row in table_el.iter(TABLE_NS + "table-row"):
        if _nested_table(row, table_el):
            continue
        cells: list[str] = []
        for cell in row:
            if cell.tag not in (TABLE_NS + "table-cell", TABLE_NS + "covered-table-cell"):
                continue
            text = "\n".join(clean_text(inline_text(p)) for p in cell.iter(TEXT + "p", TEXT + "h"))
            repeat = _count(cell.get(TABLE_NS + "number-columns-repeated"))
            cells.extend([text.strip()] * (repeat if text.strip() else min(repeat, 1)))
        while cells and not cells[-1]:
            cells.pop()
        repeat = _count(row.get(TABLE_NS + "number-rows-repeated"))
        for _ in range(repeat if any(cells) else 1):
            rows.append(cells)
            cells_seen += len(cells) or 1
            if cells_seen > max_cells:
                return rows
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _count(value: str | None) -> int:
    try:
        return max(1, min(int(value or "1"), 10_000))
    except ValueError:
        return 1


def _nested_table(row, table_el) -> bool:
    parent = row.getparent()
    while parent is not None and parent is not table_el:
        if parent.tag == TABLE_NS + "table":
            return True
        parent = parent.getparent()
    return False


def text_flow_blocks(container, styles: Styles, *, page: int | None = None, list_style: str = "") -> list[Block]:
    """Blocks from a text flow (office:text, a text box, a notes page): headings, paragraphs, lists,
    tables, in order. `list_style` 'bullets' makes the paragraphs of the container list items (slide
    outlines)."""
    blocks: list[Block] = []

    def add_list(list_el, depth: int, ordered: bool) -> None:
        for item in list_el:
            if item.tag not in (TEXT + "list-item", TEXT + "list-header"):
                continue
            for child in item:
                if child.tag == TEXT + "list":
                    add_list(child, depth + 1, ordered)
                elif child.tag in (TEXT + "p", TEXT + "h"):
                    text = clean_text(inline_text(child))
                    if text:
                        blocks.append(Block(LIST_ITEM, text, level=depth, page=page, ordered=ordered))

    def walk(node) -> None:
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _SKIP_BLOCK:
                continue
            if tag == TEXT + "h":
                text = clean_text(inline_text(child))
                if text:
                    level = _count(child.get(TEXT + "outline-level") or "1")
                    blocks.append(Block(HEADING, text, level=min(level, 9), page=page))
            elif tag == TEXT + "p":
                text = clean_text(inline_text(child))
                if text:
                    level = styles.heading_level(child.get(TEXT + "style-name"))
                    if level and len(text) <= 200:
                        blocks.append(Block(HEADING, text, level=level, page=page))
                    elif list_style == "bullets":
                        blocks.append(Block(LIST_ITEM, text, level=1, page=page))
                    else:
                        blocks.append(Block(PARAGRAPH, text, page=page))
            elif tag == TEXT + "list":
                ordered = _list_is_ordered(child, styles)
                add_list(child, 1, ordered)
            elif tag == TABLE_NS + "table":
                block = table_block(table_rows(child))
                if block is not None:
                    blocks.append(Block(block.kind, block.text, page=page, rows=block.rows))
            elif tag in (TEXT + "section", TEXT + "index-body", OFFICE + "text", TEXT + "list-item"):
                walk(child)

    walk(container)
    return blocks


def _list_is_ordered(list_el, styles: Styles) -> bool:
    # Numbered lists are styled with text:list-level-style-number; without the styles part, assume bullets.
    name = list_el.get(TEXT + "style-name") or ""
    return name in getattr(styles, "numbered_lists", set())


def numbered_list_styles(*roots) -> set[str]:
    names = set()
    for root in roots:
        if root is None:
            continue
        for ls in root.iter(TEXT + "list-style"):
            first = next(iter(ls), None)
            if first is not None and first.tag == TEXT + "list-level-style-number":
                names.add(ls.get(STYLE + "name") or "")
    return names


def read_styles(zf: zipfile.ZipFile, content_root, label: str) -> Styles:
    styles_root = None
    if "styles.xml" in zf.namelist():
        try:
            styles_root = read_xml_part(zf, "styles.xml", label)
        except ReadError:
            styles_root = None
    styles = Styles(content_root, styles_root)
    styles.numbered_lists = numbered_list_styles(content_root, styles_root)  # type: ignore[attr-defined]
    return styles


def odf_body(data: bytes, limits: Limits, kind: str, body: str, missing: str, *, with_styles: bool = True):
    """(styles or None, meta, body element) of an .odt/.ods/.odp file: the checks, styles and metadata every
    ODF reader needs, then office:body/office:<body>; ReadError("corrupt <label>: <missing>") without it."""
    label = LABELS[kind]
    zf, root = open_odf(data, limits, kind)
    try:
        styles = read_styles(zf, root, label) if with_styles else None
        meta = odf_meta(zf, label)
    finally:
        zf.close()
    element = root.find(f"{OFFICE}body/{OFFICE}{body}")
    if element is None:
        raise ReadError(f"corrupt {label}: {missing}")
    return styles, meta, element


def read(data: bytes, name: str, limits: Limits) -> ReadResult:
    """An .odt file: its body text in order."""
    styles, meta, body = odf_body(data, limits, "odt", "text", "the document has no text body")
    blocks = normalise_levels(text_flow_blocks(body, styles))
    if not blocks:
        raise ReadError("empty document: no text")
    return ReadResult(blocks, "odt", meta)

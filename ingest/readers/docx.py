"""DOCX (python-docx, walking the XML body in order): headings from heading/Title styles (also
localised names such as "Επικεφαλίδα 1") or outline levels, bold short paragraphs only when
the document has no heading styles; list items from numbering or list styles; tables with
merged cells once; headers, footers, text boxes and deleted revisions left out. The zip is
checked for bombs and for DTD/entity declarations before python-docx opens it (python-docx
itself parses with ``resolve_entities=False`` and lxml does not load DTDs or use the network).
"""
from __future__ import annotations

import io
import re

from ..blocks import HEADING, LIST_ITEM, PARAGRAPH, Block, ReadError, ReadResult
from .clean import clean_text, has_letters
from .limits import FATAL, Limits
from .markers import TERMINAL, normalise_levels, parse_marker
from .tables import table_block
from .zipcheck import check_zip


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_HEADING_STYLE_RE = re.compile(
    r"^(?:heading|επικεφαλίδα|titre|überschrift|título|titolo|kop|nagłówek|rubrik|overskrift|otsikko)\s*(\d)\b",
    re.I,
)


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
            marker, rest = parse_marker(t)
            if marker:  # typed marker inside a list paragraph
                t = clean_text(rest) or t
            out.append((Block(LIST_ITEM, t, ilvl + 1, ordered=bool(ordered), style=style), None))
            return
        marker, rest = parse_marker(t)
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
        b = table_block(rows)
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
                    and not b.text.endswith(TERMINAL) and has_letters(b.text)
                    and b.style.get("align") != "right"):
                new.append(Block(HEADING, b.text, 1, style=dict(b.style, fallback=True)))
            else:
                new.append(b)
        blocks = new
    return normalise_levels(blocks)


def read(data: bytes, name: str, limits: Limits, *, label: str = "DOCX", fmt: str = "docx") -> ReadResult:
    zf = check_zip(data, limits, label)
    try:
        names = set(zf.namelist())
    finally:
        zf.close()
    if "word/document.xml" not in names and not any(n.endswith("document.xml") for n in names):
        raise ReadError(f"corrupt {label}: the main document part is missing")
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except FATAL:
        raise
    except Exception as exc:
        cause = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else exc.__class__.__name__
        raise ReadError(f"corrupt {label}: the file is damaged ({cause})") from exc
    try:
        styles_el = document.styles.element
    except FATAL:
        raise
    except Exception:
        styles_el = None
    try:
        numbering_el = document.part.numbering_part.element
    except FATAL:
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
    except FATAL:
        raise
    except Exception:
        pass
    if not blocks:
        raise ReadError("empty document: no text")
    return ReadResult(blocks, fmt, meta)

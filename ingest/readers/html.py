"""HTML pages (BeautifulSoup + lxml): navigation, hidden and boilerplate elements dropped, the main content
found first (html_main), headings,
lists and data tables kept; layout tables are walked as text.
"""
from __future__ import annotations

import re

from ..blocks import HEADING, LIST_ITEM, PARAGRAPH, Block, ReadResult
from .charset import BOMS, decode
from .clean import clean_text
from .limits import FATAL, Limits
from .html_main import main_nodes
from .markers import normalise_levels
from .tables import table_block


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
_NOISE_RE = re.compile(r"cookie|consent|gdpr|breadcrumb|share|social|skip-?link|navbar|menu|sidebar|banner|"
                       r"newsletter-signup", re.I)


def _html_text(data: bytes) -> tuple[str, str]:
    for bom, enc in BOMS:
        if data.startswith(bom):
            return decode(data)
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
    return decode(data)


def read(data: bytes, name: str, limits: Limits) -> ReadResult:
    from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

    text, enc = _html_text(data)
    try:
        soup = BeautifulSoup(text, "lxml")
    except FATAL:
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
                      or str(attrs.get("aria-modal", "")).lower() == "true"
                      or role in ("navigation", "banner", "contentinfo", "search", "complementary", "dialog",
                                  "alertdialog"))
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

    body = soup.body or soup
    content = main_nodes(soup, body)

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
        b = table_block(rows)
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

    for node in content:
        if node.name in _HTML_HEADINGS or node.name in _HTML_TEXT_BLOCKS or node.name in ("ul", "ol", "table"):
            wrapper = soup.new_tag("div")  # walk() reads the children of what it is given
            node.wrap(wrapper)
            walk(wrapper)
        else:
            walk(node)
        flush()
    blocks = normalise_levels(blocks)
    return ReadResult(blocks, "html", meta)

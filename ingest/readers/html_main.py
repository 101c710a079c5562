"""Finding the main content of an HTML page before it is turned into blocks (issue 9).

Menus, cookie banners, sidebars, footers and share bars must never become text: extraction would turn
them into practices. The HTML reader first drops what is boilerplate by its tag, role or class name
(``html.py``), then asks ``main_nodes`` which part of what is left is the page's content:

1. ``<main>`` (or ``role="main"``) when it holds at least 30% of the body's text;
2. else the largest ``<article>`` when it holds at least 30% of the body's text;
3. else the densest text container, scored as readability does: every paragraph-like element of 25+
   characters gives its parent 1 + its commas + one point per 100 characters (at most 3), and half of that
   to its grandparent; a container's score is multiplied by (1 - its link density), and the best one wins,
   together with the siblings that score at least a fifth of it (content split over sibling divs). The
   page's single ``<h1>`` is put back in front when the winner does not hold it (a title above the text).

Inside the chosen content, blocks that are mostly links (share bars, "related articles", tag clouds:
3+ links making more than half of the text) and short blocks that ask about cookies are dropped.

Measured: on the corpus's 5 HTML pages the blocks are unchanged, and on the test pages of
tests/test_readers_html.py (an article among a menu, a cookie banner, a sidebar, a share bar and a footer in
plain ``<div>``s with class names that say nothing) none of the boilerplate is read and every article
paragraph and title is. trafilatura 2.3.1 on the same pages: the same text on the corpus pages, but it kept
the cookie banner and the footer address of the div-only page and lost the <h1> title of both test pages, and
it brings a dozen dependencies (dateparser, regex, justext, htmldate...): not adopted.
"""
from __future__ import annotations

import re

# elements whose text counts as one paragraph for the density score
_PARA_TAGS = frozenset({"p", "pre", "td", "blockquote", "dd", "li"})
# elements that may hold the content
_CONTAINER_TAGS = frozenset({"div", "section", "article", "main", "td", "body", "blockquote", "center", "font",
                             "span"})
_BLOCK_CHILDREN = frozenset({"p", "div", "section", "article", "table", "ul", "ol", "h1", "h2", "h3", "h4",
                             "h5", "h6", "pre", "blockquote", "dl", "form"})
_PRUNE_TAGS = ("ul", "ol", "div", "section", "p", "table", "dl", "span")
_COOKIE_RE = re.compile(r"\bcookies?\b", re.I)
# a cookie notice also asks for consent or points to a policy; a text about baking cookies does not
_CONSENT_RE = re.compile(r"accept|consent|agree|privacy|policy|settings|αποδοχ|αποδέχ|συναίνεσ|συγκατάθεσ|απορρήτ|"
                         r"πολιτική|ρυθμίσ", re.I)
_MIN_PARA = 25
_MAIN_SHARE = 0.3  # <main>/<article> must hold this share of the body's text to be trusted


class _Lengths:
    """Text and link-text lengths of every element, computed in one pass (no get_text per element)."""

    def __init__(self, root) -> None:
        from bs4 import NavigableString, Tag

        self.text: dict[int, int] = {}
        self.links: dict[int, int] = {}
        self.n_links: dict[int, int] = {}
        nodes = [root, *root.descendants]
        # in reversed document order every element comes after all of its descendants
        for node in reversed(nodes):
            if isinstance(node, Tag):
                key = id(node)
                t = self.text.setdefault(key, 0)
                if node.name == "a":
                    self.links[key] = t
                    self.n_links[key] = self.n_links.get(key, 0) + 1
                parent = node.parent
                if parent is not None and node is not root:
                    pk = id(parent)
                    self.text[pk] = self.text.get(pk, 0) + t
                    self.links[pk] = self.links.get(pk, 0) + self.links.get(key, 0)
                    self.n_links[pk] = self.n_links.get(pk, 0) + self.n_links.get(key, 0)
            elif isinstance(node, NavigableString) and node.parent is not None:
                pk = id(node.parent)
                self.text[pk] = self.text.get(pk, 0) + len(" ".join(str(node).split()))

    def of(self, el) -> int:
        return self.text.get(id(el), 0)

    def link_density(self, el) -> float:
        t = self.text.get(id(el), 0)
        return self.links.get(id(el), 0) / t if t else 0.0

    def count_links(self, el) -> int:
        return self.n_links.get(id(el), 0)


def _is_paragraph(el) -> bool:
    from bs4 import Tag

    if el.name in _PARA_TAGS:
        return True
    # a div holding only inline content is a paragraph written as a div
    return el.name == "div" and not any(isinstance(c, Tag) and c.name in _BLOCK_CHILDREN for c in el.children)


def _densest(body, lengths: _Lengths) -> list:
    """The best-scoring container and its good siblings, readability's way."""
    from bs4 import Tag

    scores: dict[int, float] = {}
    nodes: dict[int, object] = {}
    for el in body.find_all(True):
        if not _is_paragraph(el):
            continue
        n = lengths.of(el)
        if n < _MIN_PARA:
            continue
        text = el.get_text(" ", strip=True)
        s = 1.0 + text.count(",") + min(n // 100, 3)
        parent = el.parent
        for share, anc in ((1.0, parent), (0.5, parent.parent if parent is not None else None)):
            if isinstance(anc, Tag) and (anc.name in _CONTAINER_TAGS or anc is body):
                scores[id(anc)] = scores.get(id(anc), 0.0) + s * share
                nodes[id(anc)] = anc
    if not scores:
        return [body]
    final = {k: v * (1.0 - lengths.link_density(nodes[k])) for k, v in scores.items()}
    top_key = max(final, key=lambda k: final[k])
    top = nodes[top_key]
    if top is body or top.parent is None:
        return [top]
    threshold = max(10.0, final[top_key] * 0.2)
    kept = []
    for sib in top.parent.children:
        if not isinstance(sib, Tag):
            continue
        if sib is top:
            kept.append(sib)
            continue
        ld = lengths.link_density(sib)
        n = lengths.of(sib)
        if final.get(id(sib), 0.0) >= threshold:
            kept.append(sib)
        elif sib.name == "p" and ((n > 80 and ld < 0.25) or (0 < n <= 80 and ld == 0
                                                               and re.search(r"[.;!?]\s*$", sib.get_text()))):
            kept.append(sib)
    return kept


def main_nodes(soup, body) -> list:
    """The elements holding the page's content, in document order (see the module docstring)."""
    from bs4 import Tag

    lengths = _Lengths(body)
    body_len = lengths.of(body) or 1
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    chosen: list = []
    if isinstance(main, Tag) and lengths.of(main) >= _MAIN_SHARE * body_len:
        chosen = [main]
    else:
        articles = [a for a in soup.find_all("article") if a.find_parent("article") is None]
        best = max(articles, key=lengths.of, default=None)
        if best is not None and lengths.of(best) >= _MAIN_SHARE * body_len:
            chosen = [best]
        else:
            chosen = _densest(body, lengths)
    if chosen != [body]:
        h1s = body.find_all("h1")
        if len(h1s) == 1 and not any(_within(h1s[0], c) for c in chosen):
            chosen.insert(0, h1s[0])
    for node in chosen:
        _prune(node, lengths)
    return chosen


def _within(el, container) -> bool:
    """Whether `el` is `container` or inside it (by identity: bs4 compares tags by content)."""
    return el is container or any(p is container for p in el.parents)


def _prune(root, lengths: _Lengths) -> None:
    """Drop link lists and cookie notices inside the chosen content.

    Linear in the size of the page: lengths come from ``_Lengths`` and a cookie notice is found from the
    strings that name cookies, climbing at most 12 levels (a page of 20,000 nested divs took minutes
    when every element was asked for its text; fuzzing, issue 9).
    """
    from bs4 import NavigableString, Tag

    doomed = [el for el in root.find_all(_PRUNE_TAGS)
              if lengths.count_links(el) >= 3 and lengths.link_density(el) > 0.5]
    for s in root.find_all(string=_COOKIE_RE):
        if not isinstance(s, NavigableString):
            continue
        best = None
        node = s.parent
        for _ in range(12):
            if not isinstance(node, Tag) or node is root or lengths.of(node) >= 400:
                break
            if node.name in _PRUNE_TAGS and node.name != "span":
                best = node
            node = node.parent
        if best is not None and _CONSENT_RE.search(best.get_text(" ")):
            doomed.append(best)
    for el in doomed:
        if not el.__dict__.get("_decomposed", False):  # not already gone with an ancestor
            el.decompose()

"""Snippets: the passage of a practice's text that best matches the query, with the matches marked.

The snippet is returned as HTML: every character from the document is
escaped and only the <mark> tags are ours, so it can be shown as it is.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from kb.fold import fold
from search.text import matches

_TOKEN = re.compile(r"\w+", re.UNICODE)
# Folding word by word was most of a search's time (56,000 calls for 40 queries); words repeat.
_fold_word = lru_cache(maxsize=65536)(fold)


def snippet(text: str, terms: list[str], *, width: int = 32) -> str:
    """About `width` words around the densest cluster of matching words."""
    text = " ".join((text or "").split())
    tokens = [(m.start(), m.end(), _fold_word(m.group())) for m in _TOKEN.finditer(text)]
    if not tokens:
        return html.escape(text[:240])
    hits = [i for i, (_, _, f) in enumerate(tokens) if terms and matches(f, terms)]
    if hits:
        # The window starting at a hit that covers the most distinct terms, then the most hits.
        def coverage(h: int) -> tuple[int, int]:
            inside = [j for j in hits if h <= j < h + width]
            return len({tokens[j][2][:5] for j in inside}), len(inside)

        best = max(hits, key=coverage)
        first = max(0, best - width // 4)
    else:
        first = 0
    last = min(len(tokens), first + width)
    start = tokens[first][0]
    end = tokens[last - 1][1] if last < len(tokens) else len(text)
    hit_set = set(hits)
    out = ["… " if first > 0 else ""]
    pos = start
    for i in range(first, last):
        s, e, _ = tokens[i]
        out.append(html.escape(text[pos:s]))
        word = html.escape(text[s:e])
        out.append(f"<mark>{word}</mark>" if i in hit_set else word)
        pos = e
    out.append(html.escape(text[pos:end]))
    if last < len(tokens):
        out.append(" …")
    return "".join(out)

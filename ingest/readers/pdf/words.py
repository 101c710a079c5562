"""A safety net for word boundaries: the layout's words checked against pypdf's own ``extract_text``.

The layout code decides where a space goes from the gap between glyph runs, so a wrong glyph width
(a font whose widths do not map to its characters, a run in another font or script) glues two words
("Κάθεομάδα", "κάθεSession") or splits one ("ανελκ υστήρα"). pypdf's ``extract_text`` walks the same
content stream with its own spacing rules and, on the real-world files of issue 9, had those words
right in 10 of 38 PDFs where the layout did not. Keyword search cannot find a glued word, so per
page every layout word is checked against the words of ``extract_text`` (which the reader gets for
free from the same pass):

- a layout word that ``extract_text`` does not have but that is exactly two or three of its
  consecutive words is split there;
- two neighbouring layout words that ``extract_text`` has as one word, and never side by side, are
  joined, when at least one half is not a word of ``extract_text`` on its own.

Only those exact matches change: the layout keeps its order, columns, tables and headings.
"""
from __future__ import annotations

import re

from .glyphs import Line, Seg

_TOKEN_RE = re.compile(r"\S+")


class _Words:
    def __init__(self, plain: str) -> None:
        tokens = plain.split()
        self.vocab = set(tokens)
        self.pairs = set(zip(tokens, tokens[1:]))
        self.glued: dict[str, tuple[str, ...]] = {}
        for a, b in zip(tokens, tokens[1:]):
            self.glued.setdefault(a + b, (a, b))
        for a, b, c in zip(tokens, tokens[1:], tokens[2:]):
            self.glued.setdefault(a + b + c, (a, b, c))
        for word in list(self.glued):
            if word in self.vocab:
                del self.glued[word]  # also a word on its own somewhere: leave it

    def split(self, word: str) -> tuple[str, ...] | None:
        if word in self.vocab:
            return None
        return self.glued.get(word)

    def join(self, a: str, b: str) -> bool:
        return (a + b) in self.vocab and (a, b) not in self.pairs and not (a in self.vocab and b in self.vocab)


def _repair_text(text: str, words: _Words) -> tuple[str, list[int], int]:
    """(new text, new index of every old index (len + 1 entries), number of repairs)."""
    tokens = list(_TOKEN_RE.finditer(text))
    out: list[str] = []
    index = [0] * (len(text) + 1)
    fixes = 0
    pos = 0  # next old index to copy
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        # whitespace before the token
        for k in range(pos, tok.start()):
            index[k] = sum(map(len, out))
            out.append(text[k])
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and words.join(tok.group(), nxt.group()):
            base = sum(map(len, out))
            for k in range(tok.start(), tok.end()):
                index[k] = base + k - tok.start()
            out.append(tok.group())
            base += len(tok.group())
            for k in range(tok.end(), nxt.start()):
                index[k] = base  # the dropped space
            for k in range(nxt.start(), nxt.end()):
                index[k] = base + k - nxt.start()
            out.append(nxt.group())
            pos = nxt.end()
            fixes += 1
            i += 2
            continue
        parts = words.split(tok.group())
        base = sum(map(len, out))
        if parts:
            new = " ".join(parts)
            cut = 0
            bounds = []
            for p in parts[:-1]:
                cut += len(p)
                bounds.append(cut)
            for k in range(tok.start(), tok.end()):
                rel = k - tok.start()
                index[k] = base + rel + sum(1 for b in bounds if rel >= b)
            out.append(new)
            fixes += 1
        else:
            for k in range(tok.start(), tok.end()):
                index[k] = base + k - tok.start()
            out.append(tok.group())
        pos = tok.end()
        i += 1
    for k in range(pos, len(text)):
        index[k] = sum(map(len, out))
        out.append(text[k])
    new_text = "".join(out)
    index[len(text)] = len(new_text)
    return new_text, index, fixes


def repair_words(lines: list[Line], plain: str) -> int:
    """Fix glued and split words of one page's lines in place; returns how many were fixed."""
    if not plain or not plain.strip() or not lines:
        return 0
    words = _Words(plain)
    fixes = 0
    for line in lines:
        new_segs: list[Seg] = []
        for s in line.segs:
            text, index, n = _repair_text(s.text, words)
            if n:
                fixes += n
                starts = tuple((x, index[min(idx, len(index) - 1)]) for x, idx in s.starts)
                s = Seg(s.x0, s.x1, text, s.size, s.bold, s.exact, s.nchars, starts)
            new_segs.append(s)
        line.segs = new_segs
    return fixes

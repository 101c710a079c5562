"""Features of one block, as a reader sees it: only layout, position, the document's shape and
the first folded words, so that the decision generalises to documents nobody has seen.

Every feature is a string (present or absent); the model hashes them into a fixed number of
weights (crc32, stable across runs and machines). Numeric facts are bucketed: with about a
thousand labelled blocks, buckets learn more reliably than raw scales.

Feature groups (prefix):
- k  the block's kind, heading level (absolute and relative to the document's top level),
     numbering, bold, font size relative to the document's median, record (spreadsheet row);
- n  length in words, sentence end, a "Name. What it does" opening, a "Label: value" opening;
- p  position: first block, first heading, relative position, last block;
- c  context: previous / next block's kind and look, whether the block opens a list run, the
     stretch the block heads (length, how many headings and list items, practice vocabulary);
- h  the enclosing heading: its level, class (ingest.extraction.s2_shape.classify_heading) and first words;
- d  the document's shape: how many headings, list items, tables, levels, the kind mix;
- w  hashed folded first words of the block (w0, w1, w2 and a bag of the first six);
- r  the rule-based shapes' view of the block and its neighbours (given by the caller);
- v  domain vocabulary counts (kb.vocab services and target groups) in the block and its stretch,
     a municipality named at the block's start, a presenting verb.
"""
from __future__ import annotations

import re
from statistics import median

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block
from ingest.extraction.candidate import block_text
from ingest.segmenter.labels import is_record, short_line, title_rank
from ingest.extraction.text import fold
from kb import vocab
from kb.municipalities import municipality_mentions

_WORD = re.compile(r"[^\W\d_]{2,}")
_NAME_DOT = re.compile(r"^[^.!?;:]{3,90}[.:–—]\s+\S")
_PRESENT = re.compile(r"(?<!\w)(?:παρουσιασ|παρουσιαζ|ενημερωσ|presented|presents|introduced|described|reported|shared)")


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    for i, edge in enumerate(edges):
        if value <= edge:
            return i
    return len(edges)


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _look(b: Block | None) -> list[str]:
    """A short description of a block, for its neighbours' features."""
    if b is None:
        return ["none"]
    n = len(b.text.split())
    out = [b.kind, f"{b.kind}:r{title_rank(b)}", f"len{_bucket(n, (3, 8, 20, 60))}"]
    if b.style.get("bold"):
        out.append("bold")
    if b.kind == HEADING:
        out.append(f"h{min(b.level or 1, 4)}")
    return out


def _section_end(blocks: list[Block], i: int) -> int:
    head = blocks[i]
    for j in range(i + 1, len(blocks)):
        b = blocks[j]
        if head.kind == HEADING:
            if b.kind == HEADING and (b.level or 1) <= (head.level or 1):
                return j
        elif b.kind == HEADING or title_rank(b) >= title_rank(head):
            return j
    return len(blocks)


def _score(text: str) -> int:
    f = fold(text)
    return len(vocab.services(f, folded=True)) + len(vocab.target_groups(f, folded=True))


def document_features(blocks: list[Block], hints: list[list[str]] | None = None) -> list[list[str]]:
    """The features of every block of a cleaned document; `hints` adds given features per block
    (the rule-based shapes' view, prefix r), and the previous and next block's hints."""
    n = len(blocks)
    if not n:
        return []
    from ingest.extraction.s2_shape import classify_heading  # an extraction helper: heading classes are general cues

    headings = [b for b in blocks if b.kind == HEADING]
    levels = sorted({b.level or 1 for b in headings})
    top = levels[0] if levels else 1
    sizes = [float(b.style["size"]) for b in blocks if isinstance(b.style.get("size"), (int, float))]
    body_size = median(sizes) if sizes else 0.0
    lists = sum(1 for b in blocks if b.kind == LIST_ITEM)
    doc = [f"d:headings{_bucket(len(headings), (0, 1, 3, 8, 20))}", f"d:levels{min(len(levels), 3)}",
           f"d:lists{_bucket(lists, (0, 2, 6, 15))}", f"d:tables{_bucket(sum(b.kind == TABLE for b in blocks), (0, 1, 4))}",
           f"d:blocks{_bucket(n, (5, 15, 40, 100))}", f"d:records{min(sum(is_record(b) for b in blocks), 2)}"]
    first_heading = next((i for i, b in enumerate(blocks) if b.kind == HEADING), -1)

    enclosing: list[Block | None] = []
    stack: list[Block] = []
    for b in blocks:
        if b.kind == HEADING:
            while stack and (stack[-1].level or 1) >= (b.level or 1):
                stack.pop()
            enclosing.append(stack[-1] if stack else None)
            stack.append(b)
        else:
            enclosing.append(stack[-1] if stack else None)

    out: list[list[str]] = []
    for i, b in enumerate(blocks):
        text = block_text(b)
        words = _words(text)
        nwords = len(text.split())
        f = ["bias", f"k:{b.kind}", f"k:rank{title_rank(b)}"] + doc
        if b.kind == HEADING:
            f += [f"k:h{min(b.level or 1, 4)}", f"k:hrel{min((b.level or 1) - top, 3)}"]
        if b.kind == LIST_ITEM:
            f += [f"k:li{min(b.level or 1, 3)}", f"k:ordered{int(b.ordered)}"]
        if b.style.get("bold"):
            f.append(f"k:bold:{b.kind}")
        if is_record(b):
            f.append("k:record")
        if short_line(b):
            f.append("k:shortline")
        if b.style.get("row"):
            f.append("k:row")
        size = b.style.get("size")
        if body_size and isinstance(size, (int, float)):
            f.append(f"k:size{_bucket(float(size) / body_size, (0.95, 1.05, 1.25, 1.6))}")
        f.append(f"n:len{_bucket(nwords, (2, 4, 8, 14, 25, 60, 150))}")
        f.append(f"n:{b.kind}:len{_bucket(nwords, (4, 12, 40))}")
        tail = b.text.rstrip()[-1:] if b.text.strip() else ""
        f.append("n:end:" + (tail if tail in ".:;,!?)»" else "other"))
        if _NAME_DOT.match(b.text.strip()) and nwords >= 8:
            f.append(f"n:namedot:{b.kind}")
        if re.match(r"^\s*\(?\d{1,2}[.)]\s", b.text) or re.match(r"^\s*[α-ωa-z][.)]\s", b.text):
            f.append("n:numbered")
        f += [f"p:pos{_bucket(i / n, (0.05, 0.2, 0.5, 0.8, 0.95))}", f"p:first{int(i == 0)}",
              f"p:firsthead{int(i == first_heading)}", f"p:last{int(i == n - 1)}"]
        prev = blocks[i - 1] if i else None
        nxt = blocks[i + 1] if i + 1 < n else None
        f += ["c:prev:" + x for x in _look(prev)] + ["c:next:" + x for x in _look(nxt)]
        if b.kind == LIST_ITEM:
            f.append(f"c:listopen{int(prev is None or prev.kind != LIST_ITEM)}")
            run = 0
            j = i
            while j < n and blocks[j].kind == LIST_ITEM:
                run += 1
                j += 1
            f.append(f"c:listrun{_bucket(run, (1, 3, 6))}")
            if prev is not None and prev.kind == PARAGRAPH and prev.text.rstrip().endswith(":"):
                f.append("c:listleadin")
        if prev is not None and prev.kind == b.kind and bool(prev.style.get("bold")) == bool(b.style.get("bold")):
            f.append("c:sameasprev")
        if title_rank(b):
            end = _section_end(blocks, i)
            stretch = blocks[i + 1:end]
            f.append(f"c:stretch{_bucket(sum(len(x.text.split()) for x in stretch), (0, 20, 80, 250, 800))}")
            f.append(f"c:subheads{_bucket(sum(x.kind == HEADING for x in stretch), (0, 1, 3))}")
            f.append(f"c:sublists{_bucket(sum(x.kind == LIST_ITEM for x in stretch), (0, 2, 6))}")
            f.append(f"v:stretch{_bucket(_score(' '.join(block_text(x) for x in stretch[:12])), (0, 1, 3, 6))}")
        f.append(f"v:block{_bucket(_score(text), (0, 1, 3))}")
        if any(s < 60 for _, s, _ in municipality_mentions(text[:200])):
            f.append(f"v:city:{b.kind}")
        if _PRESENT.search(fold(text[:400])):
            f.append("v:present")
        if b.kind == HEADING or title_rank(b) == 2:
            cls = classify_heading(b.text) or "topic"
            f.append(f"h:class:{cls}")
        head = enclosing[i]
        if head is None:
            f.append("h:none")
        else:
            f.append(f"h:level{min((head.level or 1) - top, 3)}")
            f.append("h:hclass:" + (classify_heading(head.text) or "topic"))
            f += ["h:w:" + w for w in _words(head.text)[:4]]
        for k, w in enumerate(words[:3]):
            f.append(f"w{k}:{w}")
        f += ["w:" + w for w in dict.fromkeys(words[:6])]
        if hints is not None:
            f += hints[i]
            f += ["rp:" + h for h in (hints[i - 1] if i else ["none"])]
            f += ["rn:" + h for h in (hints[i + 1] if i + 1 < n else ["none"])]
        out.append(f)
    return out

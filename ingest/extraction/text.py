"""Text helpers shared by extraction: sentences, and positions between a text and its folded form.

kb.fold folds for comparison (no accents, lower case, final sigma as σ, single spaces); cue
patterns run on folded text, and these helpers map a match back to the original text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kb.fold import fold as _fold
from kb.municipalities import fold_with_offsets


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """kb.fold.fold, remembered: extraction folds the same sentences for several fields."""
    return _fold(text)

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = re.compile(
    r"(?<![\w.])(?:[^\W\d]|π\.χ|κ\.λπ|κλπ|τ\.μ|χλμ|αρ|Αρ|κα|κος|e\.g|i\.e|etc|No|no|Dr|Mr|Mrs|Ms|St|vs|approx|τηλ|Τηλ|Tel|tel|"
    r"[Α-ΩA-Z]\.[Α-ΩA-Z]|[Α-ΩA-Z]\.[Α-ΩA-Z]\.[Α-ΩA-Z])\.$"
)
_SENTENCE_END = re.compile(r"[.;!?;…](?:[»\"”’)\]]*)\s+|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`; a Greek ';' is a question mark and ends one too."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        piece = text[start:match.start() + 1].rstrip()
        nxt = text[end:end + 1]
        if match.group(0).strip() and (_ABBREVIATIONS.search(piece) or (nxt and nxt.islower())):
            continue  # "ν. 3852/2010", "π.χ. ..." or a lower-case continuation
        if text[start:match.start() + 1].strip():
            spans.append((start, match.start() + len(match.group(0).rstrip())))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    # trim white space
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]



def original_position(text: str, folded_pos: int) -> int:
    """The index in `text` of the character at `folded_pos` in its folded form (len(text) past the end)."""
    _, offsets = fold_with_offsets(text)
    return offsets[folded_pos] if folded_pos < len(offsets) else len(text)


def folded_position(text: str, pos: int) -> int:
    """The index in the folded form of `text` where the character at `pos` lands."""
    _, offsets = fold_with_offsets(text)
    return next((i for i, o in enumerate(offsets) if o >= pos), len(offsets))


def cut_at_folded(text: str, folded_pos: int) -> str:
    """`text` up to the position `folded_pos` of its folded form."""
    return text[: original_position(text, folded_pos)]

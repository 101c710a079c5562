"""Folding text for keyword search and matching.

Greek needs more than lower-casing: "Ελληνομάθεια", "ελληνομαθεια" and
"ΕΛΛΗΝΟΜΑΘΕΙΑ" must be one token. Folding removes every combining mark after
NFD decomposition (tonos, dialytika, and Latin accents too), case-folds, maps
final sigma to sigma, drops soft hyphens and zero-width characters, and
collapses white space. The same function folds stored text and queries.
"""
from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    if not text:
        return ""
    text = text.translate(_INVISIBLE)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.casefold().replace("ς", "σ")
    return _SPACE.sub(" ", folded).strip()


_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """The folded words of a text."""
    return _WORD.findall(fold(text))

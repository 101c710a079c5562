"""Text normalisation applied to every block, and letter tests shared by the readers."""
from __future__ import annotations

import re
import unicodedata


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u180e"), None)
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})
# Symbol-font bullets that Word exports as private-use code points.
_PUA_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf076": "•", "\uf0d8": "•", "\uf0fc": "•",
                              "\uf0a8": "•", "\uf06c": "•", "\uf06e": "▪", "\uf0e8": "•", "\uf0be": "•"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_WS = re.compile(r"\s+")
# OCR and some fonts put the micro sign where Greek mu belongs
_MICRO_IN_GREEK = re.compile(r"(?<=[\u0370-\u03ff\u1f00-\u1fff])\u00b5|\u00b5(?=[\u0370-\u03ff\u1f00-\u1fff])")


def clean_text(text: str) -> str:
    """NFC, no soft hyphens / zero-width / control characters, single spaces, stripped."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_INVISIBLE).translate(_LIGATURES).translate(_PUA_BULLETS)
    text = _CONTROL.sub(" ", text)
    if "\u00b5" in text:
        text = _MICRO_IN_GREEK.sub("\u03bc", text)
    return _WS.sub(" ", text).strip()


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def is_caps(text: str) -> bool:
    """Mostly upper-case letters (Greek or Latin), with at least a few letters."""
    cased = [ch for ch in text if ch.isalpha() and (ch.isupper() or ch.islower())]
    if len(cased) < 4:
        return False
    upper = sum(1 for ch in cased if ch.isupper())
    return upper / len(cased) >= 0.9


GREEK_RE = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")


# A raw byte literal in a parser's message (b'\xad') means nothing to a person reading a reason.
_BYTES_REPR_RE = re.compile(r"b'(?:[^'\\]|\\.)*'" + r'|b"(?:[^"\\]|\\.)*"')


def without_byte_literals(message: str) -> str:
    """A parser's message with raw byte literals such as b'\\xad' replaced by words."""
    return _BYTES_REPR_RE.sub("unexpected bytes", message)

"""Greek drawn with legacy 8-bit fonts: text that comes out as Latin-1 letters ("Ôï ÊÝíôñï") (issue 9).

Old Greek fonts (the "Greek" versions of Arial or Times of the 1990s, fonts made for typesetting) put the
Greek letters where Windows-1253 has them but declare a Latin encoding, so every Greek letter is read as
the Latin-1 letter with the same byte: "Ô" for "Τ", "ï" for "ο", "Ý" for "έ". Such text is recognisable:
letters of U+00C0-U+00FF make most of its non-ASCII letters and a large share of all letters, which no
Latin-script language does (French and German prose: under 8% of letters; the mojibake of Greek: over
90%). A page like that is taken back to its bytes and read as Windows-1253 (or ISO-8859-7 where that
gives more Greek); when neither gives plausible Greek (a font with its own private order), the text
layer is worthless and the page is OCR'd instead.
"""
from __future__ import annotations

from .glyphs import Line, Seg

_MIN_SHARE = 0.3  # share of a page's letters that are Latin-1 letters: mojibake, not accented Latin
_MIN_LETTERS = 20  # fewer Latin-1 letters than this on a page: too little to tell
_GREEK_OK = 0.8  # share of the re-read non-ASCII letters that must be Greek


def _latin1_letter(ch: str) -> bool:
    return "\u00c0" <= ch <= "\u00ff" and ch.isalpha()


def _is_greek(ch: str) -> bool:
    return "\u0370" <= ch <= "\u03ff"


def looks_legacy(text: str) -> bool:
    """Whether `text` reads like Greek shown through a Latin 8-bit encoding."""
    letters = sum(1 for ch in text if ch.isalpha())
    latin1 = sum(1 for ch in text if _latin1_letter(ch))
    return latin1 >= _MIN_LETTERS and latin1 >= _MIN_SHARE * letters


def _to_bytes(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        if ord(ch) < 256:
            out.append(ord(ch))
        else:
            try:
                out += ch.encode("cp1252")  # WinAnsi's 0x80-0x9F: ‘ ’ “ ” – — …
            except UnicodeEncodeError:
                out += b"?"
    return bytes(out)


def reread(text: str) -> str | None:
    """`text` re-read as Windows-1253 or ISO-8859-7, or None when neither gives Greek."""
    raw = _to_bytes(text)
    high = sum(1 for ch in text if ch.isalpha() and not ch.isascii())  # the letters to explain
    if not high:
        return None
    best: tuple[float, str] | None = None
    for enc in ("cp1253", "iso-8859-7"):
        new = raw.decode(enc, errors="replace")
        share = sum(1 for ch in new if _is_greek(ch)) / high
        if best is None or share > best[0]:
            best = (share, new)
    if best is None or best[0] < _GREEK_OK:
        return None
    return best[1]


def fix_page(lines: list[Line], plain: str) -> tuple[str, str]:
    """Re-read a legacy-font page in place: ("ok" | "remapped" | "garbled", the plain text re-read).

    Only the segments that are themselves mostly Latin-1 letters are re-read, so English or French
    words in a normal font on the same page stay as they are.
    """
    text = " ".join(s.text for ln in lines for s in ln.segs)
    if not looks_legacy(text):
        return "ok", plain
    whole = reread(text)
    if whole is None:
        return "garbled", plain
    for ln in lines:
        segs: list[Seg] = []
        for s in ln.segs:
            letters = sum(1 for ch in s.text if ch.isalpha())
            if letters and sum(1 for ch in s.text if _latin1_letter(ch)) >= 0.2 * letters:
                new = reread(s.text)
                if new is not None and len(new) == len(s.text):
                    s = Seg(s.x0, s.x1, new, s.size, s.bold, s.exact, s.nchars, s.starts)
            segs.append(s)
        ln.segs = segs
    return "remapped", reread(plain) or plain

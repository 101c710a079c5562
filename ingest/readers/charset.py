"""Decoding text files: BOMs, UTF-16 without BOM, UTF-8, the Greek code pages, then charset-normalizer."""
from __future__ import annotations

import re
from collections import Counter

from ..blocks import ReadError
from .clean import GREEK_RE
from .limits import FATAL


BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


_BAD_CHAR_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def bad_chars(text: str) -> int:
    return len(_BAD_CHAR_RE.findall(text))


def looks_binary(text: str) -> bool:
    if not text:
        return False
    if "\x00" in text:
        return True
    return bad_chars(text) > max(2, len(text) * 0.01)


def _greek_plausibility(text: str) -> float:
    """Share of words with non-ASCII letters that are cleanly Greek (not mixed with Latin letters)."""
    greek_words = 0
    mixed = 0
    other = 0
    for word in re.findall(r"[^\W\d_]+", text[:200_000]):
        has_ascii = any(ch.isascii() for ch in word)
        has_greek = bool(GREEK_RE.search(word))
        has_other = any(not ch.isascii() and not GREEK_RE.match(ch) for ch in word)
        if has_greek and not has_ascii and not has_other:
            greek_words += 1
        elif has_greek or has_other:
            if has_ascii:
                mixed += 1
            else:
                other += 1
    total = greek_words + mixed + other
    return greek_words / total if total else 0.0


def utf16_without_bom(data: bytes) -> str | None:
    """utf-16-le / utf-16-be when the bytes look like UTF-16 text without a BOM, else None.

    In UTF-16 text one byte of each pair comes from a handful of values (0x00 for ASCII, 0x03 for
    Greek, 0x20 for punctuation) while the other varies; 8-bit text and binary data vary in both.
    """
    sample = data[:4000]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = Counter(sample[0:pairs * 2:2])
    odd = Counter(sample[1:pairs * 2:2])

    def concentrated(c: Counter) -> bool:
        top = sum(n for _, n in c.most_common(2))
        return top >= 0.85 * pairs and set(dict(c.most_common(2))) <= {0x00, 0x03, 0x04, 0x05, 0x06, 0x1e, 0x1f,
                                                                          0x20, 0x21, 0x22, 0x25, 0x30}

    if concentrated(odd) and not concentrated(even) and (0x00 in odd or 0x03 in odd):
        enc = "utf-16-le"
    elif concentrated(even) and not concentrated(odd) and (0x00 in even or 0x03 in even):
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data[: len(data) // 2 * 2].decode(enc)
    except UnicodeDecodeError:
        return None
    if looks_binary(text) or sum(ch.isalpha() for ch in text) < 0.3 * len(text.strip() or "x"):
        return None
    return enc


DECODE_CACHE: list = [None, None]  # the last (bytes, result): sniffing and reading decode the same bytes


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding). Raises ReadError when the bytes are not text."""
    cached_data, cached = DECODE_CACHE
    if cached_data is data:
        return cached
    result = _decode_uncached(data)
    DECODE_CACHE[:] = [data, result]
    return result


def _decode_uncached(data: bytes) -> tuple[str, str]:
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "") + " (BOM)"
            except UnicodeDecodeError:
                text = data.decode(enc, errors="replace")
                if not looks_binary(text):
                    return text, enc + " (BOM, with errors)"
                raise ReadError("not a text document: the file holds binary data") from None
    enc16 = utf16_without_bom(data)
    if enc16:
        return data[: len(data) // 2 * 2].decode(enc16), enc16
    if b"\x00" in data:
        raise ReadError("not a text document: the file holds binary data")
    try:
        text = data.decode("utf-8")
        if looks_binary(text):
            raise ReadError("not a text document: the file holds binary data")
        return text, "utf-8"
    except UnicodeDecodeError:
        pass
    # Greek code pages first: charset detectors confuse them with Cyrillic or Latin pages.
    best = None
    for enc in ("cp1253", "iso-8859-7"):
        text = data.decode(enc, errors="replace")
        sample = text[:200_000]
        greek = len(GREEK_RE.findall(sample))
        odd = bad_chars(sample) + sample.count("¶") + sample.count("΅")
        score = greek - 5 * odd
        if best is None or score > best[0]:
            best = (score, enc, text, greek, odd)
    score, enc, text, greek, odd = best
    if greek >= 3 and odd <= max(1, greek * 0.02) and _greek_plausibility(text) >= 0.8 and not looks_binary(text):
        return text, enc
    # mostly UTF-8 with a stray byte or two
    text = data.decode("utf-8", errors="replace")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if text.count("\ufffd") <= max(1, non_ascii * 0.005) and non_ascii > 10:
        return text, "utf-8 (with errors)"
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(data).best()
    except FATAL:
        raise
    except Exception:
        match = None
    if match is not None:
        text = str(match)
        if not looks_binary(text):
            return text, match.encoding
    raise ReadError("not a text document: the file holds binary data or an unknown encoding")

"""Font metrics of a PDF font, read from the font dictionary with pypdf's public objects only.

The layout code needs the advance width of each run of text to know where it ends (and so how wide
the gap to the next run is). pypdf's text visitor hands over Unicode text and the font dictionary,
so the widths are keyed here by the Unicode character:

- simple fonts (Type1, TrueType, Type3): ``/FirstChar`` + ``/Widths``, each code mapped to its
  character through the ``/ToUnicode`` CMap, else the ``/Encoding`` (WinAnsi, MacRoman, Standard,
  ``/Differences`` with ``uniXXXX`` names);
- composite fonts (Type0): the descendant's ``/W`` array by CID, with the code taken as the CID
  (Identity-H/V, what every office suite writes) and mapped through ``/ToUnicode``;
- the standard 14 fonts, which carry no widths: Adobe's AFM widths from ``core_fonts.json``.

The default width of a missing glyph follows pypdf's own layout mode: ``/MissingWidth`` or ``/DW``
when given, else twice the space (the space itself for fixed-pitch fonts), else the mean width.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from ..limits import FATAL

_MAX_ENTRIES = 70_000  # a CMap or /W array longer than every real font is cut there
_HEX_RE = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_SECTION_RE = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.S)
_RANGE_RE = re.compile(rb"<([0-9A-Fa-f\s]+)>\s*<([0-9A-Fa-f\s]+)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])")
_CHAR_RE = re.compile(rb"<([0-9A-Fa-f\s]+)>\s*<([0-9A-Fa-f\s]*)>")
_FIXED_PITCH = 1


@functools.lru_cache(maxsize=1)
def _core_fonts() -> dict:
    return json.loads((Path(__file__).with_name("core_fonts.json")).read_text(encoding="utf-8"))


def _hex(token: bytes) -> bytes:
    digits = re.sub(rb"\s+", b"", token)
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def _utf16(raw: bytes) -> str:
    return raw.decode("utf-16-be", errors="replace") if len(raw) >= 2 else raw.decode("latin-1")


def parse_to_unicode(data: bytes) -> dict[int, str]:
    """code -> text from a ToUnicode CMap (bfchar and bfrange sections)."""
    out: dict[int, str] = {}
    for kind, body in _SECTION_RE.findall(data):
        if kind == b"bfchar":
            for src, dst in _CHAR_RE.findall(body):
                out[int.from_bytes(_hex(src), "big")] = _utf16(_hex(dst))
                if len(out) > _MAX_ENTRIES:
                    return out
            continue
        for lo_t, hi_t, dst in _RANGE_RE.findall(body):
            lo, hi = int.from_bytes(_hex(lo_t), "big"), int.from_bytes(_hex(hi_t), "big")
            if hi < lo or hi - lo > _MAX_ENTRIES - len(out):
                continue
            if dst.startswith(b"["):
                for i, tok in enumerate(_HEX_RE.findall(dst)):
                    if lo + i > hi:
                        break
                    out[lo + i] = _utf16(_hex(tok))
                continue
            base = _hex(dst[1:-1])
            if not base:
                continue
            head, last = base[:-1], base[-1]
            for i in range(hi - lo + 1):
                if last + i > 255:
                    break
                out[lo + i] = _utf16(head + bytes([last + i]))
    return out


_BASE_CODECS = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman", "/StandardEncoding": "latin-1",
                "/PDFDocEncoding": "latin-1"}


def _glyph_char(name: str) -> str | None:
    """The character of a glyph name: "uni03B1", "u1F00", or a one-letter name; None when unknown."""
    n = name.lstrip("/").split(".")[0]
    m = re.fullmatch(r"uni([0-9A-Fa-f]{4})", n) or re.fullmatch(r"u([0-9A-Fa-f]{4,6})", n)
    if m:
        try:
            return chr(int(m.group(1), 16))
        except (ValueError, OverflowError):
            return None
    if len(n) == 1:
        return n
    return {"space": " ", "period": ".", "comma": ",", "hyphen": "-", "colon": ":", "semicolon": ";"}.get(n)


def _simple_encoding(font: dict) -> dict[int, str]:
    enc = font.get("/Encoding")
    enc = enc.get_object() if enc is not None and hasattr(enc, "get_object") else enc
    base = "/WinAnsiEncoding"
    differences = None
    if isinstance(enc, str):
        base = enc
    elif enc is not None and hasattr(enc, "get"):
        base = str(enc.get("/BaseEncoding", base))
        differences = enc.get("/Differences")
    codec = _BASE_CODECS.get(base, "cp1252")
    out = {code: bytes([code]).decode(codec, errors="ignore") for code in range(32, 256)}
    if differences is not None:
        code = 0
        for item in differences.get_object():
            item = item.get_object() if hasattr(item, "get_object") else item
            if isinstance(item, (int, float)):
                code = int(item)
                continue
            ch = _glyph_char(str(item))
            if ch is not None:
                out[code] = ch
            else:
                out.pop(code, None)
            code += 1
    return {k: v for k, v in out.items() if v}


def _cid_widths(descendant) -> dict[int, float]:
    widths: dict[int, float] = {}
    w = descendant.get("/W")
    items = [x.get_object() if hasattr(x, "get_object") else x for x in (w.get_object() if w is not None else [])]
    i = 0
    while i < len(items) and len(widths) <= _MAX_ENTRIES:
        first = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        if not isinstance(first, (int, float)):
            i += 1
            continue
        if isinstance(nxt, list):
            for k, v in enumerate(nxt):
                v = v.get_object() if hasattr(v, "get_object") else v
                if isinstance(v, (int, float)):
                    widths[int(first) + k] = float(v)
            i += 2
        elif isinstance(nxt, (int, float)) and i + 2 < len(items) and isinstance(items[i + 2], (int, float)):
            lo, hi = int(first), int(nxt)
            if 0 <= hi - lo <= _MAX_ENTRIES - len(widths):
                for cid in range(lo, hi + 1):
                    widths[cid] = float(items[i + 2])
            i += 3
        else:
            i += 1
    return widths


class FontMetrics:
    """Advance widths (1/1000 em) by Unicode character, and the default for a missing glyph."""

    def __init__(self, font_dict) -> None:
        self.widths: dict[str, float] = {}
        self.default = 500.0
        self.space: float | None = None
        if font_dict is None:
            return
        try:
            self._load(font_dict.get_object() if hasattr(font_dict, "get_object") else font_dict)
        except FATAL:
            raise
        except Exception:  # a damaged font dictionary: estimated widths
            self.widths = {}
            self.default = 500.0

    def _load(self, font) -> None:
        to_uni: dict[int, str] = {}
        if "/ToUnicode" in font:
            stream = font["/ToUnicode"].get_object()
            if hasattr(stream, "get_data"):
                to_uni = parse_to_unicode(stream.get_data())
        subtype = str(font.get("/Subtype", ""))
        flags = 0
        by_code: dict[int, float] = {}
        explicit_default: float | None = None
        if subtype == "/Type0":
            desc = font["/DescendantFonts"][0].get_object()
            by_code = _cid_widths(desc)
            if "/DW" in desc:
                explicit_default = float(desc["/DW"])
            code_to_char = to_uni
            fd = desc.get("/FontDescriptor")
        else:
            fd = font.get("/FontDescriptor")
            code_to_char = dict(_simple_encoding(font))
            code_to_char.update(to_uni)
            if "/Widths" in font:
                first = int(font.get("/FirstChar", 0) or 0)
                widths = font["/Widths"].get_object()
                for k, v in enumerate(widths[:_MAX_ENTRIES]):
                    v = v.get_object() if hasattr(v, "get_object") else v
                    if isinstance(v, (int, float)):
                        by_code[first + k] = float(v)
            else:
                name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
                core = _core_fonts()
                name = core["aliases"].get(name, name)
                if name in core["fonts"]:
                    table = core["fonts"][name]
                    self.widths = {k: float(v) for k, v in table.items() if k != "default"}
                    self.default = float(table.get("default", 500))
                    self.space = self.widths.get(" ", self.default if name == "Courier" else None)
                    return
        if fd is not None:
            fd = fd.get_object()
            flags = int(fd.get("/Flags", 0) or 0)
            if "/MissingWidth" in fd and float(fd["/MissingWidth"] or 0) > 0:
                explicit_default = float(fd["/MissingWidth"])
        for code, w in by_code.items():
            ch = code_to_char.get(code)
            if ch and len(ch) == 1:
                self.widths.setdefault(ch, w)
        self.space = self.widths.get(" ")
        if explicit_default:
            self.default = explicit_default
        elif self.space:
            self.default = self.space if flags & _FIXED_PITCH else 2 * self.space
        elif by_code:
            positive = [w for w in by_code.values() if w > 0]
            self.default = sum(positive) / len(positive) if positive else 500.0

    def char_width(self, ch: str) -> float | None:
        """Width of one character in 1/1000 em, or None when the font does not give it."""
        return self.widths.get(ch)

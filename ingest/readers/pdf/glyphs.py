"""PDF glyph runs: pypdf's text visitor gives every run of text with its position, font size and
font; the font's widths give where each run ends.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..limits import FATAL
from .fonts import FontMetrics


@dataclass
class Frag:
    x0: float
    x1: float
    y: float
    size: float
    bold: bool
    text: str
    exact: bool


@dataclass
class Seg:
    x0: float
    x1: float
    text: str
    size: float
    bold: bool
    exact: bool
    nchars: int
    starts: tuple = ()  # (x, index in text) where each later glyph run of the segment starts


@dataclass
class Line:
    segs: list
    y: float
    page: int
    marker: str | None = None  # "bullet" / "ordered" when the line starts a list item
    marker_x: float | None = None
    text_x: float | None = None  # x where the text of a list item starts (hanging indent)
    strong_marker: bool = False  # the marker was a separate glyph run (not typed text)

    @property
    def x0(self) -> float:
        return self.segs[0].x0

    @property
    def x1(self) -> float:
        return self.segs[-1].x1

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segs)

    @property
    def size(self) -> float:
        c: Counter = Counter()
        for s in self.segs:
            c[round(s.size * 2) / 2] += s.nchars
        return c.most_common(1)[0][0]

    @property
    def bold(self) -> bool:
        return all(s.bold for s in self.segs if s.text.strip())

    @property
    def exact(self) -> bool:
        return all(s.exact for s in self.segs)


def _mult(m, n):
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


_BOLD_NAME_RE = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold|,b$|-b$|_b$", re.I)


class FontInfo:
    def __init__(self, font_dict):
        self.bold = False
        try:
            base = str(font_dict.get("/BaseFont", "")) if font_dict is not None else ""
            self.bold = bool(_BOLD_NAME_RE.search(base.split("+")[-1]))
            desc = font_dict.get("/FontDescriptor") if font_dict is not None else None
            if desc is None and font_dict is not None and "/DescendantFonts" in font_dict:
                desc = font_dict["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if desc is not None:
                desc = desc.get_object()
                weight = desc.get("/FontWeight")
                flags = int(desc.get("/Flags", 0) or 0)
                if (weight is not None and float(weight) >= 600) or flags & (1 << 18):
                    self.bold = True
        except FATAL:
            raise
        except Exception:
            pass
        self.metrics = FontMetrics(font_dict)

    def width(self, text: str, hscale: float, extra: float = 0.0) -> tuple[float, bool]:
        """Advance width of `text`; `extra` is the character and word spacing already scaled.

        The flag says whether the font's own widths were found for (almost) every character.
        """
        est = len(text) * 0.55 * hscale
        if self.metrics.widths and text:
            total = 0.0
            found = 0
            for ch in text:
                w = self.metrics.char_width(ch)
                if w is None:
                    w = self.metrics.default
                else:
                    found += 1
                total += float(w)
            w = total / 1000.0 * hscale
            if 0 < w <= max(est * 3, hscale):
                return max(w + extra, w * 0.5), found >= 0.9 * len(text)
        return est + extra, False


def page_fragments(page, font_cache: dict) -> tuple[list[Frag], str]:
    frags: list[Frag] = []
    # text state that pypdf does not pass to the text visitor: word/char spacing, horizontal scaling
    state = {"Tw": 0.0, "Tc": 0.0, "Tz": 1.0}
    stack: list[dict] = []

    def before(op, args, cm, tm):
        try:
            if op == b"Tw" and args:
                state["Tw"] = float(args[0])
            elif op == b"Tc" and args:
                state["Tc"] = float(args[0])
            elif op == b"Tz" and args:
                state["Tz"] = float(args[0]) / 100.0
            elif op == b'"' and len(args) >= 2:
                state["Tw"] = float(args[0])
                state["Tc"] = float(args[1])
            elif op == b"q":
                if len(stack) < 64:
                    stack.append(dict(state))
            elif op == b"Q":
                if stack:
                    state.update(stack.pop())
        except (TypeError, ValueError):
            pass

    def visit(text, cm, tm, font_dict, font_size):
        if not text or text.isspace():
            return
        try:
            m = _mult(tm, cm)
            a, b, c, d, e, f = (float(v) for v in m)
            fs = float(font_size or 0)
        except FATAL:
            raise
        except Exception:
            return
        if not (a > 0 and d > 0 and abs(b) <= 0.2 * a and abs(c) <= 0.2 * d):
            return  # rotated or mirrored text (stamps, margins notes): not part of the reading flow
        size = abs(fs * d) or abs(d) or 1.0
        hscale = abs(fs * a) or abs(a) or size
        key = id(font_dict)
        info = font_cache.get(key)
        if info is None:
            info = font_cache[key] = (FontInfo(font_dict), font_dict)
        finfo = info[0]
        unit = a * state["Tz"]
        y = f
        for piece in text.split("\n"):
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                x0 = e
                if lead:
                    x0 += finfo.width(piece[:lead], hscale, (state["Tc"] + state["Tw"]) * lead * unit)[0]
                piece_s = piece.strip()
                extra = (state["Tc"] * len(piece_s) + state["Tw"] * piece_s.count(" ")) * unit
                w, exact = finfo.width(piece_s, hscale * state["Tz"], extra)
                frags.append(Frag(x0, x0 + w, y, size, finfo.bold, piece_s, exact))
            y -= size * 1.2

    text = page.extract_text(visitor_text=visit, visitor_operand_before=before) or ""
    return frags, text

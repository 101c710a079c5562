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


_SHOW_OPS = (b"Tj", b"TJ", b"'", b'"')


def _shown_bytes(arg) -> int:
    """How many bytes a text-showing operator's operand shows (-1 when it cannot be told)."""
    if isinstance(arg, (list, tuple)):
        total = 0
        for item in arg:
            if isinstance(item, (bytes, str)):
                n = _shown_bytes(item)
                if n < 0:
                    return -1
                total += n
        return total
    raw = getattr(arg, "original_bytes", None)
    if isinstance(raw, bytes):
        return len(raw)
    if isinstance(arg, bytes):
        return len(arg)
    return -1


def _out_of_order_pieces(text: str, shown: list, font_dict) -> list | None:
    """Split what pypdf handed over as one run back into the runs the content stream drew.

    pypdf joins the text operators of one baseline into one visitor call at the position of the first
    one, in content-stream order. A PDF that draws a line out of order (an initial letter drawn after
    the rest of its word, the second half of a line before the first) then comes out with the letter
    at the line's end ("ommunity centreC", issue 9). When the operators since the last call went
    backwards on the same baseline and the bytes they showed account for every character of the text,
    each operator's characters get their own position again; otherwise the text is left as it came.
    """
    if len(shown) < 2 or not text:
        return None
    xs = [(tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]) for cm, tm, _ in shown]
    backwards = any(b[0] < a[0] - 0.5 and abs(b[1] - a[1]) < 0.5 for a, b in zip(xs, xs[1:]))
    if not backwards:
        return None
    try:
        two_byte = font_dict is not None and str(font_dict.get("/Subtype", "")) == "/Type0"
    except FATAL:
        raise
    except Exception:
        return None
    counts = [n // 2 if two_byte else n for _, _, n in shown]
    if any(n <= 0 for n in counts) or sum(counts) != len(text):
        return None
    pieces = []
    pos = 0
    for (cm, tm, _), n in zip(shown, counts):
        pieces.append((text[pos:pos + n], cm, tm))
        pos += n
    return pieces


def page_fragments(page, font_cache: dict) -> tuple[list[Frag], str]:
    frags: list[Frag] = []
    # text state that pypdf does not pass to the text visitor: word/char spacing, horizontal scaling
    state = {"Tw": 0.0, "Tc": 0.0, "Tz": 1.0}
    stack: list[dict] = []
    # text-showing operators since pypdf last called the visitor: (cm, tm, bytes shown)
    pending: list[tuple[list, list, int]] = []

    def before(op, args, cm, tm):
        try:
            if op in _SHOW_OPS and args:
                pending.append((list(cm), list(tm), _shown_bytes(args[-1])))
            elif op == b"Tw" and args:
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
        shown = list(pending)
        pending.clear()
        pieces = _out_of_order_pieces(text, shown, font_dict)
        if pieces is None:
            emit(text, cm, tm, font_dict, font_size)
        else:
            for piece, p_cm, p_tm in pieces:
                emit(piece, p_cm, p_tm, font_dict, font_size)

    def emit(text, cm, tm, font_dict, font_size):
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

"""Text typed into a PDF form's fields (AcroForm /V values), placed where the field is (issue 9).

A filled-in form keeps its answers in the widget annotations, not in the page's content stream, so
``extract_text`` never sees them and a submitted good-practice form read as its empty template. Each
text or choice field with a value becomes a glyph run at the field's rectangle, so the layout puts
the answer on the line of its printed label ("Τίτλος: <answer>"). Check boxes and buttons are left out:
their values ("/Yes", "/Off") are not text.
"""
from __future__ import annotations

import re

from ..limits import FATAL
from .glyphs import Frag

_SIZE_RE = re.compile(r"([\d.]+)\s+Tf")


def _inherited(annot, key: str):
    node, depth = annot, 0
    while node is not None and depth < 16:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
        depth += 1
    return None


def field_fragments(page) -> list[Frag]:
    """Glyph runs for the filled-in text and choice fields on `page`."""
    frags: list[Frag] = []
    try:
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else None
        if not annots:
            return []
        for ref in list(annots)[:2000]:
            try:
                annot = ref.get_object()
                if annot.get("/Subtype") != "/Widget" or str(_inherited(annot, "/FT")) not in ("/Tx", "/Ch"):
                    continue
                value = _inherited(annot, "/V")
                if isinstance(value, list):
                    value = " ".join(str(v) for v in value)
                value = str(value or "").strip()
                if not value or value.startswith("/"):
                    continue
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                m = _SIZE_RE.search(str(_inherited(annot, "/DA") or ""))
                size = float(m.group(1)) if m and float(m.group(1)) > 0 else 10.0
                y = max(y0, y1) - size * 1.1
                for piece in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
                    if piece.strip():
                        x = min(x0, x1) + 2
                        frags.append(Frag(x, x + 0.5 * size * len(piece.strip()), y, size, False, piece.strip(),
                                          False))
                    y -= size * 1.2
            except FATAL:
                raise
            except Exception:
                continue
    except FATAL:
        raise
    except Exception:
        return frags
    return frags

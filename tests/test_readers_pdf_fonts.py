"""Font metrics read through pypdf's public objects (ingest.readers.pdf.fonts). Tests write their own PDFs."""
from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from ingest.readers.pdf.fonts import FontMetrics, parse_to_unicode

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_font = pytest.mark.skipif(not os.path.exists(FONT), reason="DejaVu font not installed")
READERS_DIR = Path(__file__).resolve().parent.parent / "ingest" / "readers"


def _page_fonts(data: bytes) -> dict:
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(data)).pages[0]
    fonts = page["/Resources"].get_object()["/Font"].get_object()
    return {str(f.get_object()["/BaseFont"]).split("+")[-1]: f.get_object() for f in fonts.values()}


def test_no_private_pypdf_imports():
    """pypdf's underscored modules change without notice between releases: use its public API only."""
    offenders = []
    for path in READERS_DIR.rglob("*.py"):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bpypdf(\.\w+)*\._\w+|from pypdf\S* import _\w+", line):
                offenders.append(f"{path.name}:{no}: {line.strip()}")
    assert offenders == []


def test_to_unicode_cmap_bfchar_and_bfrange():
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"2 beginbfchar\n<0003> <0020>\n<0010> <03B1>\nendbfchar\n"
            b"2 beginbfrange\n<0020> <0022> <0041>\n<0030> <0031> [<03B2> <03B3>]\nendbfrange\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    m = parse_to_unicode(cmap)
    assert m == {0x03: " ", 0x10: "α", 0x20: "A", 0x21: "B", 0x22: "C", 0x30: "β", 0x31: "γ"}
    # a hostile range is not expanded
    assert parse_to_unicode(b"beginbfrange\n<0000> <FFFFFF> <0041>\nendbfrange") == {}


def test_core_font_widths_without_widths_array():
    """The standard 14 fonts carry no /Widths: Adobe's metrics are used (Helvetica 'i' is narrow)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 12)
    pdf.cell(0, 10, "Minimal width")
    fonts = _page_fonts(bytes(pdf.output()))
    fm = FontMetrics(fonts["/Helvetica"])
    assert fm.char_width("i") == 222 and fm.char_width("W") == 944 and fm.char_width(" ") == 278


@needs_font
def test_embedded_truetype_widths_by_character():
    """An embedded subset font: widths come from /W (or /Widths) mapped through /ToUnicode to characters."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_font("DejaVu", "", 12)
    pdf.cell(0, 10, "Δήμος iiii WWWW")
    fonts = _page_fonts(bytes(pdf.output()))
    fm = FontMetrics(next(iter(fonts.values())))
    assert fm.char_width("i") is not None and fm.char_width("W") is not None
    assert fm.char_width("W") > 2.5 * fm.char_width("i")
    assert fm.char_width("Δ") is not None and fm.char_width(" ") is not None


def test_damaged_font_dictionary_falls_back_to_an_estimate():
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

    broken = DictionaryObject({NameObject("/Subtype"): NameObject("/Type0"),
                               NameObject("/DescendantFonts"): ArrayObject([NumberObject(3)])})
    fm = FontMetrics(broken)
    assert fm.widths == {} and fm.default == 500.0

"""PDF text layers that lie (issue 9): Greek in legacy 8-bit fonts, Greek drawn as vector shapes, answers
kept in form fields. Every PDF is written here (fpdf2, pypdf, fontTools); OCR tests need tesseract."""
from __future__ import annotations

import io
import os

import pytest

from ingest import readers
from ingest.readers import read_bytes
from ingest.readers.pdf.legacy import looks_legacy, reread
from rawpdf import one_page_pdf

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_font = pytest.mark.skipif(not os.path.exists(FONT), reason="DejaVu font not installed")
needs_ocr = pytest.mark.skipif(not readers._tesseract_ready(), reason="tesseract with ell+eng not installed")

GREEK = ("Το Κέντρο Κοινότητας του Δήμου προσφέρει μαθήματα ελληνικής γλώσσας και συμβουλευτική "
         "απασχόλησης σε πρόσφυγες και μετανάστες.")
GREEK2 = "Οι πολιτισμικοί διαμεσολαβητές συνοδεύουν τις οικογένειες στα σχολεία και στα νοσοκομεία."
ENGLISH = "The centre's café is run by volunteers from the neighbourhood."


def _legacy(text: str) -> str:
    """What a legacy Greek font shows through a Latin encoding: the Windows-1253 bytes read as Latin-1."""
    return text.encode("cp1253").decode("latin-1")


def legacy_pdf() -> bytes:
    """Greek written with the standard Latin font Helvetica: the bytes are Windows-1253 Greek."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, _legacy(GREEK))
    pdf.ln(4)
    pdf.multi_cell(0, 6, _legacy(GREEK2))
    pdf.ln(4)
    pdf.set_font("Times", size=11)
    pdf.multi_cell(0, 6, ENGLISH)
    return bytes(pdf.output())


def test_legacy_detection_and_reread():
    assert looks_legacy(_legacy(GREEK)) and not looks_legacy(GREEK) and not looks_legacy(ENGLISH)
    french = "Le café de la mairie accueille les réfugiés et les élèves étrangers à côté de l'école."
    assert not looks_legacy(french)
    assert reread(_legacy(GREEK)) == GREEK
    assert reread("ŁőŘ ĄŻŚ ŁőŘ ĄŻŚ ŁőŘ ĄŻŚ ÔïÊÝ") is None  # not Windows-1253 Greek underneath


def test_legacy_font_greek_is_reread_and_latin_text_kept():
    r = read_bytes(legacy_pdf(), "legacy.pdf")
    assert GREEK in r.text and GREEK2 in r.text
    assert ENGLISH in r.text  # the accented Latin of a normal font is not touched
    assert r.meta["legacy_font_pages"] == 1
    assert "Ô" not in r.text and "ï" not in r.text


@needs_font
@needs_ocr
def test_undecodable_legacy_page_is_ocr_read():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVu", size=12)
    pdf.multi_cell(0, 7, GREEK)
    pdf.add_page()
    pdf.set_font("DejaVu", size=14)
    # letters of a private 8-bit order: Latin-1 and Latin Extended mixed, nothing Windows-1253 explains
    pdf.multi_cell(0, 8, " ".join(["ÔïÊÝ ŁőŘĄ ÐñïãñÜììá ŻŚćę"] * 6))
    r = read_bytes(bytes(pdf.output()), "mixed.pdf")
    assert GREEK in r.text
    assert r.meta["ocr_pages"] == [2]
    assert "ŁőŘĄ ÐñïãñÜììá" not in r.text


def _outline_page(text: str, size: float = 30.0) -> bytes:
    """A content stream that draws `text` as filled glyph outlines (no text operators, no images)."""
    from fontTools.pens.basePen import BasePen
    from fontTools.ttLib import TTFont

    font = TTFont(FONT)
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    ops: list[str] = []

    class Pen(BasePen):
        def __init__(self, dx: float, dy: float):
            super().__init__(glyphs)
            self.dx, self.dy = dx, dy

        def _p(self, pt) -> str:
            return f"{self.dx + pt[0] * scale:.2f} {self.dy + pt[1] * scale:.2f}"

        def _moveTo(self, pt):
            ops.append(f"{self._p(pt)} m")

        def _lineTo(self, pt):
            ops.append(f"{self._p(pt)} l")

        def _curveToOne(self, p1, p2, p3):
            ops.append(f"{self._p(p1)} {self._p(p2)} {self._p(p3)} c")

        def _closePath(self):
            ops.append("h")

    y = 760.0
    for line in text.split("\n"):
        x = 50.0
        for ch in line:
            name = cmap.get(ord(ch))
            if name is None:
                continue
            glyphs[name].draw(Pen(x, y))
            x += glyphs[name].width * scale
            ops.append("f")
        y -= size * 1.6
    return "\n".join(ops).encode("ascii")


def _raw_pdf(content: bytes) -> bytes:
    return one_page_pdf(content)


@needs_font
@needs_ocr
def test_greek_drawn_as_vector_shapes_is_ocr_read():
    pdf = _raw_pdf(_outline_page("Μαθήματα ελληνικής γλώσσας\nγια πρόσφυγες και μετανάστες"))
    r = read_bytes(pdf, "shapes.pdf")
    assert r.meta["ocr"] is True
    assert "ελληνικής" in r.text and "πρόσφυγες" in r.text


def test_a_page_of_a_few_lines_and_boxes_is_still_empty():
    content = b"\n".join(b"%d 100 m %d 700 l S" % (x, x) for x in range(50, 550, 25))
    with pytest.raises(readers.ReadError, match="empty document"):
        read_bytes(_raw_pdf(content), "boxes.pdf")


@needs_font
def test_form_field_values_are_read_next_to_their_labels():
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject,
                               TextStringObject)

    pdf = FPDF()
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVu", size=12)
    pdf.text(20, 30, "Τίτλος πρακτικής:")
    pdf.text(20, 50, "Περιγραφή:")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bytes(pdf.output()))))
    page = writer.pages[0]
    fields = ArrayObject()
    annots = ArrayObject()
    # fpdf2 puts y from the top in mm; the page is 842 pt high
    for name, value, top in (("f1", "Ζωντανή Βιβλιοθήκη", 30), ("f2", GREEK2, 50),
                             ("box", "/Yes", 70)):
        y = 842 - top * 72 / 25.4
        widget = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Btn" if name == "box" else "/Tx"),
            NameObject("/T"): TextStringObject(name),
            NameObject("/V"): NameObject(value) if value.startswith("/") else TextStringObject(value),
            NameObject("/DA"): TextStringObject("/Helv 11 Tf 0 g"),
            NameObject("/Rect"): ArrayObject([FloatObject(170), FloatObject(y - 4), FloatObject(560),
                                              FloatObject(y + 12)]),
            NameObject("/F"): NumberObject(4),
        })
        ref = writer._add_object(widget)
        annots.append(ref)
        fields.append(ref)
    page[NameObject("/Annots")] = annots
    writer._root_object[NameObject("/AcroForm")] = writer._add_object(DictionaryObject({
        NameObject("/Fields"): fields}))
    buf = io.BytesIO()
    writer.write(buf)
    r = read_bytes(buf.getvalue(), "form.pdf")
    assert "Ζωντανή Βιβλιοθήκη" in r.text and GREEK2 in r.text
    assert "Yes" not in r.text
    lines = r.text.splitlines()
    assert any("Τίτλος πρακτικής" in ln and "Ζωντανή Βιβλιοθήκη" in ln for ln in lines), lines

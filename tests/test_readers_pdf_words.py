"""Glued and split words in PDF text: the layout's words checked against pypdf's extract_text.

The tests write their own PDFs (fpdf2) with font and script changes mid-line. Real files glue words
when a font's widths are wrong for its characters; the tests reproduce that by making the width of
every glyph run too large (or too small), which is what such a font does to the layout code.
"""
from __future__ import annotations

import os

import pytest

from ingest.readers import read_bytes
from ingest.readers.pdf import glyphs
from ingest.readers.pdf import reader as pdf_reader
from ingest.readers.pdf.glyphs import Line, Seg
from ingest.readers.pdf.words import repair_words

FONTS = "/usr/share/fonts/truetype/dejavu/"
needs_font = pytest.mark.skipif(not os.path.exists(FONTS + "DejaVuSerif.ttf"), reason="DejaVu fonts not installed")
SENTENCE_WORDS = ["Κάθε", "ομάδα", "θα", "πρέπει", "να", "ορίσει", "συντονιστή", "για", "κάθε", "Session",
                  "της", "συνάντησης", "στο", "Integration", "Week."]


def mixed_fonts_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("Sans", "", FONTS + "DejaVuSans.ttf")
    pdf.add_font("Sans", "B", FONTS + "DejaVuSans-Bold.ttf")
    pdf.add_font("Serif", "", FONTS + "DejaVuSerif.ttf")
    for _ in range(3):
        pdf.set_font("Sans", "B", 11)
        pdf.write(6, "Κάθε")
        pdf.set_font("Sans", "", 11)
        pdf.write(6, " ομάδα θα πρέπει να ορίσει συντονιστή για κάθε ")
        pdf.set_font("Serif", "", 11)
        pdf.write(6, "Session")
        pdf.set_font("Sans", "", 11)
        pdf.write(6, " της συνάντησης στο Integration Week.")
        pdf.ln(12)
    return bytes(pdf.output())


def _scaled_widths(monkeypatch, factor: float) -> None:
    real = glyphs.FontInfo.width

    def width(self, text, hscale, extra=0.0):
        w, exact = real(self, text, hscale, extra)
        return w * factor, exact

    monkeypatch.setattr(glyphs.FontInfo, "width", width)


@needs_font
def test_font_changes_mid_line_keep_their_spaces():
    r = read_bytes(mixed_fonts_pdf())
    assert r.text.split()[:len(SENTENCE_WORDS)] == SENTENCE_WORDS


@needs_font
def test_too_wide_glyph_runs_glue_words_and_the_net_splits_them(monkeypatch):
    _scaled_widths(monkeypatch, 1.6)
    words = read_bytes(mixed_fonts_pdf()).text.split()
    assert words[:len(SENTENCE_WORDS)] == SENTENCE_WORDS
    # without the safety net the same file comes out glued: the test can fail
    monkeypatch.setattr(pdf_reader, "repair_words", lambda lines, plain: 0)
    glued = read_bytes(mixed_fonts_pdf()).text.split()
    assert glued[:len(SENTENCE_WORDS)] != SENTENCE_WORDS


def _line(*texts: str) -> Line:
    segs = [Seg(10.0 + 200 * i, 150.0 + 200 * i, t, 11.0, False, True, len(t)) for i, t in enumerate(texts)]
    return Line(segs, 700.0, 1)


def test_repair_splits_glued_and_joins_split_words_only_on_exact_evidence():
    plain = "Κάθε ομάδα θα πρέπει να μπει στον ανελκυστήρα για κάθε Session και κάθε μέρα"
    lines = [_line("Κάθεομάδα θα πρέπει", "να μπει στον ανελκ υστήρα"), _line("για κάθεSession και κάθεμέρα")]
    assert repair_words(lines, plain) == 4
    assert [s.text for s in lines[0].segs] == ["Κάθε ομάδα θα πρέπει", "να μπει στον ανελκυστήρα"]
    assert lines[1].segs[0].text == "για κάθε Session και κάθε μέρα"
    # words that extract_text does not confirm are left alone
    other = [_line("Καθημερινάμαθήματα και ανελκ υστήρα")]
    assert repair_words(other, "άλλο κείμενο εντελώς") == 0
    assert other[0].segs[0].text == "Καθημερινάμαθήματα και ανελκ υστήρα"


def test_repair_keeps_column_starts_in_step():
    seg = Seg(0.0, 300.0, "Κάθεομάδα 12 ανελκ υστήρα 7", 10.0, False, True, 27,
              starts=((100.0, 10), (200.0, 26)))
    line = Line([seg], 700.0, 1)
    repair_words([line], "Κάθε ομάδα 12 ανελκυστήρα 7")
    s = line.segs[0]
    assert s.text == "Κάθε ομάδα 12 ανελκυστήρα 7"
    assert [s.text[i] for _, i in s.starts] == ["1", "7"]

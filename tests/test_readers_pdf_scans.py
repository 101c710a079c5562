"""Scans with a text stamp, long scans with partial OCR, identical pages, reasons without raw bytes.

Every PDF is written here (fpdf2 + Pillow); OCR tests need tesseract with ell+eng and pdftoppm.
"""
from __future__ import annotations

import io
import os

import pytest

from ingest import readers
from ingest.blocks import ReadError
from ingest.readers import Limits, read_bytes
from ingest.readers.pdf.reader import _missing_decoder, _pdf_short_cause

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_font = pytest.mark.skipif(not os.path.exists(FONT), reason="DejaVu font not installed")
needs_ocr = pytest.mark.skipif(not readers._tesseract_ready(), reason="tesseract with ell+eng not installed")
SCAN_LINES = ["ΑΠΟΦΑΣΗ ΔΗΜΑΡΧΟΥ", "", "Ο Δήμαρχος ορίζει την ομάδα", "εργασίας για την ένταξη", "των προσφύγων."]


def _page_image(lines: list[str]):
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (1240, 900), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 48)
    for k, line in enumerate(lines):
        draw.text((90, 80 + 80 * k), line, fill=0, font=font)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    return buf


def scan_pdf(pages: int, stamp: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", FONT)
    for p in range(pages):
        pdf.add_page()
        pdf.image(_page_image(SCAN_LINES + [f"Σελίδα {p + 1}"]), x=0, y=0, w=210)
        if stamp:
            pdf.set_font("DejaVu", "", 8)
            pdf.set_xy(120, 280)
            pdf.cell(0, 5, stamp)
    return bytes(pdf.output())


@needs_font
@needs_ocr
def test_scan_with_a_text_stamp_on_every_page_is_ocr_read():
    r = read_bytes(scan_pdf(2, stamp="Αρ. Πρωτ. 1234/2023 - ακριβές αντίγραφο"))
    assert r.meta["pages"] == 2 and r.meta["ocr"] is True
    assert "ομάδα" in r.text and "προσφύγων" in r.text


@needs_font
@needs_ocr
def test_long_scan_keeps_the_pages_read_before_the_time_limit(monkeypatch):
    from ingest.readers.pdf import ocr

    calls = {"n": 0}
    real = ocr.run_tool

    def slow_after_first(cmd, timeout, **kw):
        if cmd and cmd[0].endswith("tesseract") and "--list-langs" not in cmd:
            calls["n"] += 1
            if calls["n"] > 1:
                import subprocess
                raise subprocess.TimeoutExpired(cmd, timeout)
        return real(cmd, timeout, **kw)

    monkeypatch.setattr(ocr, "run_tool", slow_after_first)
    r = read_bytes(scan_pdf(3))
    assert r.meta["ocr_incomplete"] is True
    assert r.meta["ocr_note"] == "1 of 3 pages read before the time limit"
    assert "ομάδα" in r.text and {b.page for b in r.blocks} == {1}


def test_ocr_time_limit_is_shorter_than_the_file_timeout():
    from kb.config import Settings

    assert Limits().ocr_timeout < Settings().file_timeout_s


@needs_font
def test_identical_pages_are_not_empty():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", FONT)
    for _ in range(3):
        pdf.add_page()
        pdf.set_font("DejaVu", "", 11)
        pdf.cell(0, 8, "Βεβαίωση συμμετοχής στο πρόγραμμα ένταξης")
    r = read_bytes(bytes(pdf.output()))
    assert "Βεβαίωση συμμετοχής στο πρόγραμμα ένταξης" in r.text


def test_reasons_carry_no_raw_bytes_and_a_missing_decoder_is_not_corruption():
    assert _pdf_short_cause(ValueError("invalid token b'\\xad\\x00' in stream")) == \
        "invalid token unexpected bytes in stream"

    class DependencyError(Exception):
        pass

    err = _missing_decoder(DependencyError("brotli is required for BrotliDecode"))
    assert isinstance(err, ReadError) and "not installed" in err.reason and "corrupt" not in err.reason
    assert _missing_decoder(ValueError("x")) is None

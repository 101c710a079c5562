"""Tests for ingest.readers. Every test builds its own files; nothing here reads the shared corpus."""
from __future__ import annotations

import io
import os
import random
import shutil
import zipfile
from pathlib import Path

import pytest

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, ReadError, ReadResult
from ingest.readers import Limits, clean_text, detect_format, read_bytes, read_path
from ingest import readers
from ingest.readers import convert
from ingest.readers.pdf import reader as pdf_reader

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
needs_font = pytest.mark.skipif(not os.path.exists(FONT), reason="DejaVu font not installed")

GREEK_PARA = (
    "Το Κέντρο Ένταξης Μεταναστών του Δήμου παρέχει δωρεάν μαθήματα ελληνικής γλώσσας, "
    "συμβουλευτική απασχόλησης και νομική υποστήριξη σε πολίτες τρίτων χωρών και σε δικαιούχους "
    "διεθνούς προστασίας που ζουν στην πόλη."
)
GREEK_PARA2 = (
    "Οι πολιτισμικοί διαμεσολαβητές συνοδεύουν τους ωφελούμενους στις δημόσιες υπηρεσίες, "
    "στα σχολεία και στα νοσοκομεία, ώστε να γίνονται κατανοητές οι διαδικασίες."
)


def kinds(result: ReadResult) -> list[str]:
    return [b.kind for b in result.blocks]


def reason_of(data: bytes, name: str = "", **kw) -> str:
    with pytest.raises(ReadError) as exc:
        read_bytes(data, name, **kw)
    return exc.value.reason


# ----------------------------------------------------------------------------- builders


def make_docx(path: Path | None = None) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document()
    d.core_properties.title = "Ετήσια έκθεση ΚΕΜ"
    d.core_properties.author = "Δήμος Δοκιμής"
    d.sections[0].header.paragraphs[0].text = "ΕΛΛΗΝΙΚΗ ΔΗΜΟΚΡΑΤΙΑ - κεφαλίδα"
    d.sections[0].footer.paragraphs[0].text = "Σελίδα υποσέλιδου"
    d.add_heading("Ετήσια Έκθεση 2021", level=1)
    d.add_paragraph(GREEK_PARA)
    d.add_paragraph("")  # empty paragraphs are skipped
    d.add_heading("1. Δράσεις", level=2)
    d.add_paragraph("Μαθήματα ελληνικών", style="List Bullet")
    d.add_paragraph("Συμβουλευτική", style="List Bullet")
    d.add_paragraph("Πρώτη προτεραιότητα", style="List Number")
    t = d.add_table(rows=3, cols=3)
    t.rows[0].cells[0].text = "Δείκτης"
    t.rows[0].cells[1].text = "2020"
    t.rows[0].cells[2].text = "2021"
    t.rows[1].cells[0].text = "Ωφελούμενοι"
    t.rows[1].cells[1].text = "1.684"
    t.rows[1].cells[2].text = "2.231"
    merged = t.rows[2].cells[0].merge(t.rows[2].cells[2])
    merged.text = "Σύνολο σε όλες τις στήλες"
    d.add_heading("2. Συνεργασίες", level=2)
    p = d.add_paragraph(GREEK_PARA2)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data


def make_pdf(pages: int = 3) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_font("DejaVu", "B", FONT_BOLD)
    pdf.set_auto_page_break(True, margin=20)

    def footer():
        pdf.set_y(-12)
        pdf.set_font("DejaVu", "", 8)
        pdf.cell(0, 5, f"Σελίδα {pdf.page_no()}", align="C")

    pdf.footer = footer
    for p in range(pages):
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 16)
        pdf.multi_cell(0, 10, f"{p + 1}. Ενότητα {p + 1}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, f"Σελίδα {p + 1}: " + GREEK_PARA + " " + GREEK_PARA2, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)
        for item in ("Μαθήματα ελληνικής γλώσσας", "Νομική υποστήριξη"):
            pdf.multi_cell(0, 6, "• " + item, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)
        pdf.multi_cell(0, 6, GREEK_PARA2, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_table_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_font("DejaVu", "B", FONT_BOLD)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 10, "Στοιχεία ωφελούμενων", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, GREEK_PARA, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    with pdf.table(col_widths=(60, 40, 40), first_row_as_headings=False) as table:
        for row in (("Υπηρεσία", "Ωφελούμενοι", "Επισκέψεις"), ("Νομική συμβουλευτική", "846", "2.115"),
                    ("Μαθήματα ελληνικών", "412", "2.574"), ("Απασχόληση", "623", "1.487")):
            r = table.row()
            for c in row:
                r.cell(c)
    pdf.ln(4)
    pdf.multi_cell(0, 6, GREEK_PARA2, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_image_pdf(text_page_first: bool = False) -> bytes:
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (1654, 1100), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 44)
    lines = ["ΑΠΟΦΑΣΗ ΔΗΜΟΤΙΚΟΥ ΣΥΜΒΟΥΛΙΟΥ", "", "Το Δημοτικό Συμβούλιο εγκρίνει τη", "συμμετοχή του Δήμου στο Δίκτυο",
             "Πόλεων για την Ένταξη.", "", "Cities Network for Integration"]
    y = 80
    for line in lines:
        draw.text((100, y), line, fill=0, font=font)
        y += 70
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    pdf = FPDF()
    if text_page_first:
        pdf.add_font("DejaVu", "", FONT)
        pdf.add_page()
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, GREEK_PARA, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.image(buf, x=0, y=0, w=210)
    return bytes(pdf.output())


def blank_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


# ----------------------------------------------------------------------------- DOCX


def test_docx_blocks_in_document_order(tmp_path):
    path = tmp_path / "report.docx"
    make_docx(path)
    r = read_path(path)
    assert r.format == "docx"
    assert r.meta["title"] == "Ετήσια έκθεση ΚΕΜ"
    assert r.meta["author"] == "Δήμος Δοκιμής"
    assert kinds(r) == [HEADING, PARAGRAPH, HEADING, LIST_ITEM, LIST_ITEM, LIST_ITEM, TABLE, HEADING, PARAGRAPH]
    h1, _, h2 = r.blocks[0], r.blocks[1], r.blocks[2]
    assert (h1.text, h1.level) == ("Ετήσια Έκθεση 2021", 1)
    assert (h2.text, h2.level) == ("1. Δράσεις", 2)
    bullets = r.blocks[3:6]
    assert [b.ordered for b in bullets] == [False, False, True]
    assert all(b.level == 1 for b in bullets)
    table = r.blocks[6]
    assert table.rows[0] == ("Δείκτης", "2020", "2021")
    assert table.rows[1] == ("Ωφελούμενοι", "1.684", "2.231")
    assert table.rows[2] == ("Σύνολο σε όλες τις στήλες", "", "")  # the merged cell appears once
    assert table.text.count("Σύνολο") == 1
    assert table.text.splitlines()[1] == "Ωφελούμενοι | 1.684 | 2.231"
    assert "κεφαλίδα" not in r.text and "υποσέλιδου" not in r.text
    assert r.blocks[-1].style.get("align") == "justify"


def test_docx_renamed_pdf_is_read_as_docx(tmp_path):
    path = tmp_path / "Εισήγηση.pdf"
    make_docx(path)
    assert detect_format(path.read_bytes(), path.name) == "docx"
    r = read_path(path)
    assert r.format == "docx"
    assert "Ετήσια Έκθεση 2021" in r.text


def test_docx_empty():
    import docx

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("")
    d.add_paragraph("   ")
    d.save(buf)
    assert reason_of(buf.getvalue(), "Νέο Έγγραφο.docx") == "empty document: no text"


def test_docx_bold_paragraphs_are_headings_when_no_heading_styles():
    import docx

    d = docx.Document()
    d.add_paragraph().add_run("Κέντρο Ένταξης Μεταναστών").bold = True
    d.add_paragraph(GREEK_PARA)
    d.add_paragraph().add_run("Μια έντονη πρόταση που τελειώνει με τελεία.").bold = True
    buf = io.BytesIO()
    d.save(buf)
    r = read_bytes(buf.getvalue())
    assert kinds(r) == [HEADING, PARAGRAPH, PARAGRAPH]
    assert r.blocks[2].style.get("bold") is True


def test_docx_vertical_merge_and_nested_content():
    import docx

    d = docx.Document()
    t = d.add_table(rows=3, cols=2)
    t.cell(0, 0).text = "Δράση"
    t.cell(0, 1).text = "Περιγραφή"
    top = t.cell(1, 0).merge(t.cell(2, 0))
    top.text = "Στέγαση"
    t.cell(1, 1).text = "Διαμερίσματα"
    t.cell(2, 1).text = "Ενοίκιο"
    box = d.add_table(rows=1, cols=1)  # a one-column "box" is read as ordinary content
    box.cell(0, 0).paragraphs[0].text = "Κείμενο μέσα σε πλαίσιο."
    buf = io.BytesIO()
    d.save(buf)
    r = read_bytes(buf.getvalue())
    assert kinds(r) == [TABLE, PARAGRAPH]
    assert r.blocks[0].rows == (("Δράση", "Περιγραφή"), ("Στέγαση", "Διαμερίσματα"), ("", "Ενοίκιο"))
    assert r.blocks[1].text == "Κείμενο μέσα σε πλαίσιο."


def test_docx_localised_heading_style_and_outline_level():
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    st = d.styles.add_style("Επικεφαλίδα 2", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("Τοπική επικεφαλίδα", style=st)
    p = d.add_paragraph("Επικεφαλίδα με επίπεδο διάρθρωσης")
    ol = OxmlElement("w:outlineLvl")
    ol.set(qn("w:val"), "0")
    p._p.get_or_add_pPr().append(ol)
    d.add_paragraph(GREEK_PARA)
    buf = io.BytesIO()
    d.save(buf)
    r = read_bytes(buf.getvalue())
    assert kinds(r) == [HEADING, HEADING, PARAGRAPH]
    assert r.blocks[0].level == 2 and r.blocks[1].level == 1


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_docx_zip_bomb_streamed_300mb():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                fh.write(chunk)
    data = buf.getvalue()
    assert len(data) < 2_000_000
    assert detect_format(data) == "docx"
    reason = reason_of(data, "bomb.docx")
    assert reason.startswith("DOCX rejected: looks like a zip bomb")


def test_docx_zip_bomb_ratio_and_lowered_limits():
    docx_bytes = make_docx()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    members["word/media/padding.bin"] = b"\0" * (3 << 20)  # 3 MB that compress about 1000 to 1
    reason = reason_of(_zip_bytes(members))
    assert reason.startswith("DOCX rejected: looks like a zip bomb") and "compressed" in reason
    # a normal document is refused by a tiny unpacked-size limit
    reason = reason_of(docx_bytes, limits=Limits(max_unzipped_bytes=10_000))
    assert reason.startswith("DOCX rejected: looks like a zip bomb")


def test_docx_xml_entity_attack_refused():
    docx_bytes = make_docx()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    xml = members["word/document.xml"].decode("utf-8")
    head, _, rest = xml.partition("?>")
    bomb = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    members["word/document.xml"] = (head + "?>" + bomb + rest).encode("utf-8")
    reason = reason_of(_zip_bytes(members))
    assert reason.startswith("DOCX rejected") and "XML entity" in reason


def test_docx_corrupt():
    data = make_docx()
    reason = reason_of(data[: len(data) // 2], "broken.docx")
    assert reason.startswith("corrupt DOCX")
    # a valid zip whose XML is broken
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    members["word/document.xml"] = b"<w:document><w:body><w:p>"
    assert reason_of(_zip_bytes(members)).startswith("corrupt DOCX")


# ----------------------------------------------------------------------------- PDF


@needs_font
def test_pdf_greek_multipage_paragraphs_pages_and_headings():
    data = make_pdf(pages=3)
    assert detect_format(data, "x.docx") == "pdf"
    r = read_bytes(data, "report.pdf")
    assert r.format == "pdf"
    assert r.meta["pages"] == 3 and r.meta["ocr"] is False
    heads = [b for b in r.blocks if b.kind == HEADING]
    assert [h.text for h in heads] == ["1. Ενότητα 1", "2. Ενότητα 2", "3. Ενότητα 3"]
    assert [h.page for h in heads] == [1, 2, 3]
    paras = [b for b in r.blocks if b.kind == PARAGRAPH]
    # the hard-wrapped first paragraph of each page comes back whole
    for page in (1, 2, 3):
        first = next(b for b in paras if b.page == page)
        assert first.text == f"Σελίδα {page}: " + GREEK_PARA + " " + GREEK_PARA2
    items = [b for b in r.blocks if b.kind == LIST_ITEM]
    assert [b.text for b in items[:2]] == ["Μαθήματα ελληνικής γλώσσας", "Νομική υποστήριξη"]
    assert not any(b.text.startswith("Σελίδα") and len(b.text) < 12 for b in r.blocks)  # footers dropped
    assert all(b.page in (1, 2, 3) for b in r.blocks)


@needs_font
def test_pdf_table():
    r = read_bytes(make_table_pdf())
    tables = [b for b in r.blocks if b.kind == TABLE]
    assert len(tables) == 1
    assert tables[0].rows[0] == ("Υπηρεσία", "Ωφελούμενοι", "Επισκέψεις")
    assert tables[0].rows[1] == ("Νομική συμβουλευτική", "846", "2.115")
    assert len(tables[0].rows) == 4
    assert kinds(r) == [HEADING, PARAGRAPH, TABLE, PARAGRAPH]


@needs_font
def test_pdf_single_font_uses_text_cues():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 11)
    for t in ("ΑΠΟΛΟΓΙΣΜΟΣ ΔΡΑΣΕΩΝ 2021", "", "1. Πρόγραμμα στέγασης", "", GREEK_PARA, "", "Μαθήματα ελληνικών", "",
              GREEK_PARA2, "Σύντομη παράγραφος.", GREEK_PARA, "", "Τρίπολη, 15 Φεβρουαρίου 2022"):
        pdf.multi_cell(0, 6, t, align="L", new_x="LMARGIN", new_y="NEXT")
    r = read_bytes(bytes(pdf.output()))
    assert [(b.kind, b.level) for b in r.blocks] == [
        (HEADING, 1), (HEADING, 2), (PARAGRAPH, 0), (HEADING, 2), (PARAGRAPH, 0), (PARAGRAPH, 0), (PARAGRAPH, 0),
        (PARAGRAPH, 0)]
    assert [b.text for b in r.blocks[4:7]] == [GREEK_PARA2, "Σύντομη παράγραφος.", GREEK_PARA]


@needs_font
def test_pdf_encrypted():
    from pypdf import PdfReader, PdfWriter

    src = PdfReader(io.BytesIO(make_pdf(1)))
    w = PdfWriter()
    for p in src.pages:
        w.add_page(p)
    w.encrypt(user_password="μυστικό", owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    w.write(buf)
    assert reason_of(buf.getvalue()) == "encrypted PDF: needs a password"
    # only an owner password (opens without one): read normally
    w2 = PdfWriter()
    for p in src.pages:
        w2.add_page(p)
    w2.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buf2 = io.BytesIO()
    w2.write(buf2)
    r = read_bytes(buf2.getvalue())
    assert r.meta.get("encrypted") is True and "Ενότητα 1" in r.text


@needs_font
def test_pdf_truncated_and_garbage():
    data = make_pdf(2)
    for cut in (len(data) // 3, len(data) // 2, len(data) - 200):
        assert reason_of(data[:cut]).startswith("corrupt PDF")
    assert reason_of(b"%PDF-1.7\n" + bytes(range(256)) * 4).startswith("corrupt PDF")


@needs_font
def test_pdf_image_only():
    data = make_image_pdf()
    if readers._tesseract_ready():
        r = read_bytes(data)
        assert r.meta["ocr"] is True
        assert "Δίκτυο" in r.text or "Integration" in r.text
    else:
        reason = reason_of(data)
        assert reason.startswith("scanned PDF with no text layer")
        assert "tesseract-ocr-ell" in reason and "tesseract-ocr-eng" in reason


@needs_font
def test_pdf_image_only_without_tesseract(monkeypatch):
    monkeypatch.setattr(pdf_reader, "tesseract_ready", lambda: False)
    reason = reason_of(make_image_pdf())
    assert reason == ("scanned PDF with no text layer: install tesseract-ocr, tesseract-ocr-ell and "
                      "tesseract-ocr-eng to read it with OCR")


@pytest.mark.skipif(not readers._tesseract_ready(), reason="tesseract with ell+eng not installed")
@needs_font
def test_pdf_ocr_reads_greek():
    r = read_bytes(make_image_pdf(), limits=Limits(ocr_timeout=120))
    assert r.meta["ocr"] is True
    assert all(b.page == 1 for b in r.blocks)
    assert "Δημοτικό Συμβούλιο" in r.text


@pytest.mark.skipif(not readers._tesseract_ready(), reason="tesseract with ell+eng not installed")
@needs_font
def test_pdf_ocr_without_pdftoppm(monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(readers.shutil, "which", lambda cmd: None if cmd == "pdftoppm" else real_which(cmd))
    r = read_bytes(make_image_pdf(), limits=Limits(ocr_timeout=120))
    assert r.meta["ocr"] is True and "Συμβούλιο" in r.text


@needs_font
def test_pdf_with_a_scanned_page():
    r = read_bytes(make_image_pdf(text_page_first=True))
    assert r.blocks[0].text == GREEK_PARA and r.blocks[0].page == 1
    if readers._tesseract_ready():
        assert r.meta["ocr_pages"] == [2] and r.blocks[-1].page == 2
    else:
        assert r.meta["pages_without_text"] == [2] and len(r.blocks) == 1


def test_pdf_blank_page():
    assert reason_of(blank_pdf()) == "empty document: no text"


# ----------------------------------------------------------------------------- legacy formats


def test_ole2_doc(monkeypatch):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "WordDocument".encode("utf-16-le") + bytes(2000)
    assert detect_format(data, "old.docx") == "doc"
    monkeypatch.setattr(convert, "soffice", lambda: None)
    reason = reason_of(data, "ΠΡΟΓΡΑΜΜΑ 2016.doc")
    assert reason.startswith("legacy Word .doc file")
    assert "libreoffice-writer" in reason and "save it as .docx" in reason


def test_odt_is_read_without_libreoffice(monkeypatch):
    """ODT is read natively from content.xml (issue 9); LibreOffice is only for .doc and .rtf."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
                    'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
                    "<office:text><text:p>Κείμενο απόφασης.</text:p></office:text></office:body>"
                    "</office:document-content>")
    data = buf.getvalue()
    assert detect_format(data) == "odt"
    monkeypatch.setattr(convert, "soffice", lambda: None)
    assert [b.text for b in read_bytes(data).blocks] == ["Κείμενο απόφασης."]


def _fake_soffice(tmp_path: Path, docx_bytes: bytes | None, sleep: float = 0) -> str:
    """A stand-in for LibreOffice: writes a prepared DOCX where `--convert-to docx --outdir D F` asks."""
    prepared = tmp_path / "prepared.docx"
    if docx_bytes is not None:
        prepared.write_bytes(docx_bytes)
    script = tmp_path / "soffice"
    script.write_text(
        "#!/bin/sh\n"
        f"sleep {sleep}\n"
        'out=""; last=""\n'
        'while [ $# -gt 0 ]; do case "$1" in --outdir) out="$2"; shift;; *) last="$1";; esac; shift; done\n'
        'name=$(basename "$last"); name="${name%.*}"\n'
        + (f'cp "{prepared}" "$out/$name.docx"\n' if docx_bytes is not None else "")
    )
    script.chmod(0o755)
    return str(script)


def test_doc_converted_with_libreoffice(tmp_path, monkeypatch):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "WordDocument".encode("utf-16-le") + bytes(2000)
    monkeypatch.setattr(convert, "soffice", lambda: _fake_soffice(tmp_path, make_docx()))
    r = read_bytes(data, "old.doc")
    assert r.format == "doc" and r.meta["converted_with"] == "LibreOffice"
    assert r.blocks[0].text == "Ετήσια Έκθεση 2021"
    # conversion that produces nothing, and one that hangs
    monkeypatch.setattr(convert, "soffice", lambda: _fake_soffice(tmp_path, None))
    assert reason_of(data).startswith("legacy Word .doc file: LibreOffice could not convert it")
    monkeypatch.setattr(convert, "soffice", lambda: _fake_soffice(tmp_path, None, sleep=30))
    reason = reason_of(data, limits=Limits(convert_timeout=1))
    assert reason.startswith("legacy Word .doc file: the conversion with LibreOffice took longer than")


def test_other_office_files_are_refused_clearly():
    ppt = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "PowerPoint Document".encode("utf-16-le") + bytes(2000)
    assert detect_format(ppt) == "unknown"
    assert reason_of(ppt).startswith("old PowerPoint presentation")
    png = b"\x89PNG\r\n\x1a\n" + bytes(100)
    assert reason_of(png).startswith("image file")


# ----------------------------------------------------------------------------- text, markdown, HTML

CP1253_TEXT = (
    "ΔΗΜΟΣ ΔΟΚΙΜΗΣ\r\n"
    "\r\n"
    "ΑΠΟΛΟΓΙΣΜΟΣ ΔΡΑΣΕΩΝ ΕΤΟΥΣ 2021\r\n"
    "\r\n"
    "1. Πρόγραμμα στέγασης\r\n"
    "\r\n"
    "Ο Δήμος συνέχισε την υλοποίηση του προγράμματος στέγασης, με χρηματοδότηση\r\n"
    "μέσω του Υπουργείου. Κατά το έτος φιλοξενήθηκαν 241 άτομα σε 32 διαμερίσματα,\r\n"
    "ενώ η ομάδα του προγράμματος υποστήριξε τις οικογένειες στην ένταξή τους στην\r\n"
    "κοινωνία και στην αγορά εργασίας.\r\n"
    "Η δεύτερη παράγραφος ξεκινά χωρίς κενή γραμμή.\r\n"
    "\r\n"
    "2. Μαθήματα ελληνικών\r\n"
    "\r\n"
    "- Τμήματα για ενήλικες στη Δημοτική Βιβλιοθήκη, δύο απογεύματα την εβδομάδα,\r\n"
    "  με εθελοντές εκπαιδευτικούς.\r\n"
    "- Βεβαιώσεις παρακολούθησης.\r\n"
    "\r\n"
    "Δράση | Ωφελούμενοι\r\n"
    "Στέγαση | 241\r\n"
    "Μαθήματα | 37\r\n"
)


def test_txt_windows_1253_crlf_hard_wrapped():
    data = CP1253_TEXT.encode("cp1253")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert detect_format(data, "ΑΠΟΛΟΓΙΣΜΟΣ.txt") == "txt"
    r = read_bytes(data, "ΑΠΟΛΟΓΙΣΜΟΣ.txt")
    assert r.format == "txt"
    assert r.meta["encoding"] in ("cp1253", "iso-8859-7")
    assert kinds(r) == [HEADING, HEADING, HEADING, PARAGRAPH, PARAGRAPH, HEADING, LIST_ITEM, LIST_ITEM, TABLE]
    assert r.blocks[0].text == "ΔΗΜΟΣ ΔΟΚΙΜΗΣ"
    assert r.blocks[2].text == "1. Πρόγραμμα στέγασης" and r.blocks[2].level > r.blocks[1].level
    assert r.blocks[3].text == (
        "Ο Δήμος συνέχισε την υλοποίηση του προγράμματος στέγασης, με χρηματοδότηση μέσω του Υπουργείου. "
        "Κατά το έτος φιλοξενήθηκαν 241 άτομα σε 32 διαμερίσματα, ενώ η ομάδα του προγράμματος υποστήριξε "
        "τις οικογένειες στην ένταξή τους στην κοινωνία και στην αγορά εργασίας."
    )
    assert r.blocks[4].text == "Η δεύτερη παράγραφος ξεκινά χωρίς κενή γραμμή."
    assert r.blocks[6].text.endswith("δύο απογεύματα την εβδομάδα, με εθελοντές εκπαιδευτικούς.")
    assert r.blocks[8].rows == (("Δράση", "Ωφελούμενοι"), ("Στέγαση", "241"), ("Μαθήματα", "37"))
    assert "\r" not in r.text


def test_txt_hyphenation_and_underlined_headings():
    text = (
        "Αποτελέσματα\n"
        "============\n"
        "\n"
        "Η συνεργασία με τους δήμους-μέλη του δικτύου ενίσχυσε την κοινω-\n"
        "νική συνοχή και την ένταξη-\n"
        "ς των προσφύγων στην τοπική κοινωνία, σύμφωνα με την έκθεση του δήμους-\n"
        "μέλη δικτύου για το έτος που πέρασε και τα επόμενα σχέδια της ομάδας.\n"
    )
    r = read_bytes(text.encode("utf-8"), "notes.txt")
    assert kinds(r) == [HEADING, PARAGRAPH]
    assert r.blocks[0].text == "Αποτελέσματα" and r.blocks[0].level == 1
    body = r.blocks[1].text
    assert "κοινωνική συνοχή" in body
    assert "ένταξης των" in body
    assert "δήμους-μέλη δικτύου" in body


def test_txt_utf16_bom():
    text = "Σημείωμα\n\nΤο ΚΕΜ λειτουργεί καθημερινά.\n"
    for enc in ("utf-16", "utf-16-be"):
        data = text.encode(enc) if enc == "utf-16" else b"\xfe\xff" + text.encode(enc)
        r = read_bytes(data)
        assert r.format == "txt"
        assert r.meta["encoding"].startswith("utf-16")
        assert r.blocks[-1].text == "Το ΚΕΜ λειτουργεί καθημερινά."


def test_markdown():
    md = (
        "# Σημειώσεις συνάντησης\n\n"
        "**Συντονισμός: Δήμος Λαρισαίων**\n\n"
        "Δείτε το [πρόγραμμα](https://example.org/p) και την _ανακοίνωση_ του `ΚΕΜ`.\n\n"
        "## 1. Προτάσεις\n\n"
        "- Πρώτη πρόταση\n"
        "  με συνέχεια\n"
        "  - υποστοιχείο\n"
        "- Δεύτερη\n\n"
        "1. Αριθμημένη\n"
        "2. Δεύτερη αριθμημένη\n\n"
        "| Ενέργεια | Υπεύθυνος |\n"
        "|---|---|\n"
        "| Αποστολή υλικού | Δήμος |\n\n"
        "Τίτλος setext\n"
        "-------------\n"
    )
    r = read_bytes(md.encode("utf-8"), "minutes.md")
    assert r.format == "md"
    assert r.meta["title"] == "Σημειώσεις συνάντησης"
    assert kinds(r) == [HEADING, PARAGRAPH, PARAGRAPH, HEADING, LIST_ITEM, LIST_ITEM, LIST_ITEM, LIST_ITEM,
                        LIST_ITEM, TABLE, HEADING]
    assert r.blocks[1].text == "Συντονισμός: Δήμος Λαρισαίων" and r.blocks[1].style.get("bold")
    assert r.blocks[2].text == "Δείτε το πρόγραμμα και την ανακοίνωση του ΚΕΜ."
    assert r.blocks[4].text == "Πρώτη πρόταση με συνέχεια"
    assert (r.blocks[5].text, r.blocks[5].level) == ("υποστοιχείο", 2)
    assert r.blocks[7].ordered and r.blocks[7].text == "Αριθμημένη"
    assert r.blocks[9].rows == (("Ενέργεια", "Υπεύθυνος"), ("Αποστολή υλικού", "Δήμος"))
    assert (r.blocks[10].text, r.blocks[10].level) == ("Τίτλος setext", 2)
    # the content decides, not the name: markdown saved as .txt
    assert read_bytes(md.encode("utf-8"), "minutes.txt").format == "md"


HTML = """<!DOCTYPE html>
<html lang="el"><head><meta charset="utf-8"><title>Εγγραφές &amp; ωράριο | Δήμος</title>
<meta name="author" content="Γραφείο Τύπου">
<style>body{color:red}</style><script>alert(1)</script></head>
<body>
<header><nav><a href="/">Αρχική</a> › Ανακοινώσεις</nav></header>
<main><article>
<h1>Ξεκινούν οι εγγραφές</h1>
<p>Η Διεύθυνση ανακοινώνει&nbsp;ότι οι εγγραφές &laquo;ξεκινούν&raquo; στις 19/9. <script>alert(1)</script></p>
<h2>Ωράριο</h2>
<table><tr><th>Τμήμα</th><th>Ώρες</th></tr><tr><td>Α1</td><td>10:00 &ndash; 12:00</td></tr></table>
<ul><li>Διαβατήριο</li><li>ΑΜΚΑ<ul><li>ή ΠΑΑΥΠΑ</li></ul></li></ul>
<ol><li>Πρώτο βήμα</li></ol>
<div>Κείμενο σε <b>div</b> χωρίς παράγραφο.</div>
</article></main>
<footer><p>© 2022 Δήμος · Όροι χρήσης</p></footer>
<noscript>Ενεργοποιήστε JavaScript</noscript>
</body></html>"""


def test_html():
    data = HTML.encode("utf-8")
    assert detect_format(data, "page.txt") == "html"
    r = read_bytes(data, "page.html")
    assert r.format == "html"
    assert r.meta["title"] == "Εγγραφές & ωράριο | Δήμος"
    assert r.meta["author"] == "Γραφείο Τύπου"
    assert "alert" not in r.text and "color:red" not in r.text
    assert "Αρχική" not in r.text and "Όροι χρήσης" not in r.text and "JavaScript" not in r.text
    assert kinds(r) == [HEADING, PARAGRAPH, HEADING, TABLE, LIST_ITEM, LIST_ITEM, LIST_ITEM, LIST_ITEM, PARAGRAPH]
    assert r.blocks[1].text == "Η Διεύθυνση ανακοινώνει ότι οι εγγραφές «ξεκινούν» στις 19/9."
    assert r.blocks[3].rows == (("Τμήμα", "Ώρες"), ("Α1", "10:00 – 12:00"))
    assert (r.blocks[6].text, r.blocks[6].level) == ("ή ΠΑΑΥΠΑ", 2)
    assert r.blocks[7].ordered
    assert r.blocks[8].text == "Κείμενο σε div χωρίς παράγραφο."


def test_html_only_scripts_and_windows_1253():
    assert reason_of(b"<html><head><script>var a=1;</script></head><body><script>x()</script></body></html>") \
        == "empty document: no text"
    page = "<html><head><title>Ανακοίνωση</title></head><body><p>Καλημέρα σας από τον Δήμο.</p></body></html>"
    r = read_bytes(page.encode("cp1253"))
    assert r.format == "html" and r.blocks[0].text == "Καλημέρα σας από τον Δήμο."


# ----------------------------------------------------------------------------- empties, junk, limits


def test_empty_and_whitespace_files(tmp_path):
    assert reason_of(b"") == "empty file"
    assert reason_of(b" \r\n\t \n") == "empty file"
    assert reason_of("\ufeff  \n".encode("utf-8")) == "empty file"
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(ReadError, match="empty file"):
        read_path(p)


def test_random_binary():
    rnd = random.Random(1234)
    data = bytes(rnd.randrange(256) for _ in range(4096))
    assert detect_format(data) == "unknown"
    assert reason_of(data, "file.txt").startswith("not a text document")
    assert reason_of(bytes(range(1, 32)) * 10).startswith("not a text document")


def test_file_too_large():
    reason = reason_of(b"x" * 3000, limits=Limits(max_bytes=1000))
    assert reason.startswith("file too large:") and "limit" in reason


def test_detect_format_by_content():
    assert detect_format(b"%PDF-1.4\n%...", "a.txt") == "pdf"
    assert detect_format(b"\xd0\xcf\x11\xe0" + bytes(600), "a.pdf") == "doc"
    assert detect_format(b"  <!doctype html><p>x</p>", "a.md") == "html"
    assert detect_format("# Τίτλος\n\nκείμενο\n".encode(), "") == "md"
    assert detect_format("Απλό κείμενο.\n".encode(), "a.md") == "md"
    assert detect_format("Απλό κείμενο.\n".encode(), "a.txt") == "txt"
    assert detect_format(b"", "a.txt") == "txt"  # by its name; reading it then fails as empty


def test_clean_text():
    assert clean_text("ένταξη\u00ad και\u00a0ένταξη\u200b  \t\n μετα\u0301") == "ένταξη και ένταξη μετά"
    assert clean_text("a\x00b\x07c") == "a b c"
    assert clean_text("συ\u00b5\u00b5ετοχή") == "συμμετοχή"


def test_read_path_missing(tmp_path):
    with pytest.raises(ReadError, match="unreadable file"):
        read_path(tmp_path / "nope.pdf")


def test_unexpected_errors_are_wrapped(monkeypatch):
    def boom(data, name, limits):
        raise ValueError("library bug")

    monkeypatch.setitem(readers._READERS, "txt", boom)
    reason = reason_of(b"plain text here")
    assert reason == "unreadable text file: ValueError: library bug"

    def interrupt(data, name, limits):
        raise KeyboardInterrupt

    monkeypatch.setitem(readers._READERS, "txt", interrupt)
    with pytest.raises(KeyboardInterrupt):
        read_bytes(b"plain text here")


# ----------------------------------------------------------------------------- fuzz

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from fuzzing import mutate, mutation

_SEEDS: dict[str, bytes] = {}


def _seed(kind: str) -> bytes:
    if kind not in _SEEDS:
        _SEEDS[kind] = make_pdf(1) if kind == "pdf" else make_docx()
    return _SEEDS[kind]




@needs_font
@settings(max_examples=100, deadline=10_000, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["pdf", "docx"]), ops=st.lists(mutation, min_size=1, max_size=4))
def test_fuzz_mutated_pdf_and_docx(kind, ops):
    data = mutate(_seed(kind), ops)
    try:
        result = read_bytes(data, f"fuzz.{kind}")
    except ReadError as exc:
        assert exc.reason and isinstance(exc.reason, str)
    else:
        assert isinstance(result, ReadResult)
        assert result.blocks


@settings(max_examples=60, deadline=5_000, database=None)
@given(data=st.binary(max_size=2000), name=st.sampled_from(["", "a.txt", "a.md", "a.pdf", "a.docx", "a.html"]))
def test_fuzz_arbitrary_bytes(data, name):
    try:
        result = read_bytes(data, name)
    except ReadError as exc:
        assert exc.reason
    else:
        assert isinstance(result, ReadResult)


@pytest.mark.skipif(readers._soffice() is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize("target", ["doc", "odt"])
def test_real_libreoffice_converts_legacy_word_and_odt(tmp_path, target):
    """A .doc and an .odt written by LibreOffice itself are read through a headless conversion."""
    import subprocess

    import docx

    d = docx.Document()
    d.add_heading("Κοινωνικό Παντοπωλείο", 1)
    d.add_paragraph("Ο Δήμος Τρίπολης διανέμει τρόφιμα σε ευάλωτα νοικοκυριά και πρόσφυγες.")
    d.save(tmp_path / "source.docx")
    subprocess.run([readers._soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", target, "--outdir", str(tmp_path), str(tmp_path / "source.docx")],
                   check=True, capture_output=True, timeout=120)
    result = read_bytes((tmp_path / f"source.{target}").read_bytes(), f"old.{target}")
    assert result.format == target
    assert [(b.kind, b.text) for b in result.blocks] == [
        (HEADING, "Κοινωνικό Παντοπωλείο"),
        (PARAGRAPH, "Ο Δήμος Τρίπολης διανέμει τρόφιμα σε ευάλωτα νοικοκυριά και πρόσφυγες."),
    ]

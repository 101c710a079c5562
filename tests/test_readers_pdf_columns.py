"""Two-column pages and text drawn out of order (issue 9). Every PDF is written here with fpdf2 or by hand."""
from __future__ import annotations

import os

import pytest

from ingest.blocks import TABLE
from ingest.readers import read_bytes
from rawpdf import one_page_pdf

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_font = pytest.mark.skipif(not os.path.exists(FONT), reason="DejaVu font not installed")

LEFT = ["Το Κέντρο Ένταξης Μεταναστών λειτουργεί από το 2019.", "Προσφέρει μαθήματα ελληνικής γλώσσας σε ενήλικες.",
        "Η συμβουλευτική απασχόλησης γίνεται κάθε Τρίτη.", "Η νομική στήριξη δίνεται από δύο δικηγόρους του Δήμου.",
        "Το 2023 εξυπηρετήθηκαν 1.240 ωφελούμενοι.", "Οι μισοί ήταν γυναίκες με παιδιά σχολικής ηλικίας."]
RIGHT = ["Οι διαμεσολαβητές μιλούν αραβικά, φαρσί και ουρντού.", "Συνοδεύουν τις οικογένειες στα σχολεία της πόλης.",
         "Βοηθούν στα κέντρα υγείας και στα νοσοκομεία.", "Μεταφράζουν έγγραφα για τις δημόσιες υπηρεσίες.",
         "Η ομάδα συνεργάζεται με τις ΜΚΟ της περιοχής."]


def two_columns(gap: float, size: float, align: str, right_lower: float, width: float, title: str = "",
                footer: str = "") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    y = 20.0
    if title:
        pdf.set_font("DejaVu", size=16)
        pdf.set_xy(10, 12)
        pdf.cell(width, 8, title)
        y = 26.0
    pdf.set_font("DejaVu", size=size)
    w = (width - gap) / 2
    pdf.set_xy(10, y)
    pdf.multi_cell(w, size * 0.5, " ".join(LEFT), align=align)
    pdf.set_xy(10 + w + gap, y + right_lower)
    pdf.multi_cell(w, size * 0.5, " ".join(RIGHT), align=align)
    if footer:
        pdf.set_font("DejaVu", size=size)
        pdf.set_xy(10, 120)
        pdf.cell(width, 6, footer)
    return bytes(pdf.output())


def _in_order(text: str, sentences: list[str]) -> bool:
    flat = " ".join(text.split())
    pos = [flat.find(s) for s in sentences]
    return all(p >= 0 for p in pos) and pos == sorted(pos)


@needs_font
@pytest.mark.parametrize("gap", [3, 12])
@pytest.mark.parametrize("align", ["L", "J"])
@pytest.mark.parametrize("right_lower", [0, 7])
@pytest.mark.parametrize("width", [190, 120])
def test_two_columns_are_read_one_after_the_other(gap, align, right_lower, width):
    """Narrow and wide gutters, ragged and justified, on shared or on shifted baselines."""
    r = read_bytes(two_columns(gap, 10, align, right_lower, width), "columns.pdf")
    assert _in_order(r.text, LEFT + RIGHT), r.text
    assert not any(b.kind == TABLE for b in r.blocks)


@needs_font
def test_title_and_footer_across_both_columns_stay_in_place():
    title = "Ετήσια έκθεση δράσεων του Κέντρου για το 2023"
    footer = "Για πληροφορίες απευθυνθείτε στη Διεύθυνση Κοινωνικής Πολιτικής του Δήμου μας"
    r = read_bytes(two_columns(5, 10, "J", 0, 190, title=title, footer=footer), "columns.pdf")
    assert _in_order(r.text, [title] + LEFT + RIGHT + [footer]), r.text


@needs_font
def test_a_two_column_table_is_still_a_table():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVu", size=10)
    rows = [("Δείκτης", "Τιμή"), ("Ωφελούμενοι το 2023", "1.240"), ("Μαθήματα ελληνικών", "14 τμήματα"),
            ("Συνεδρίες συμβουλευτικής", "512"), ("Διερμηνείες", "2.045"), ("Εθελοντές", "37")]
    for a, b in rows:
        pdf.cell(90, 7, a)
        pdf.cell(60, 7, b, new_x="LMARGIN", new_y="NEXT")
    r = read_bytes(bytes(pdf.output()), "table.pdf")
    tables = [b for b in r.blocks if b.kind == TABLE]
    assert tables and tables[0].rows[1] == ("Ωφελούμενοι το 2023", "1.240")


def _helvetica_pdf(ops: bytes) -> bytes:
    return one_page_pdf(b"BT /F1 12 Tf " + ops + b" ET",
                        b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>")


@pytest.mark.parametrize("ops, expected", [
    # an initial letter drawn after the rest of its word (pypdf hands both over as "ommunity...C")
    (b"1 0 0 1 78.67 700 Tm (ommunity centre opens) Tj 1 0 0 1 70 700 Tm (C) Tj", "Community centre opens"),
    (b"78.67 700 Td (ommunity centre opens) Tj -8.67 0 Td [(C)] TJ", "Community centre opens"),
    # the second half of a line drawn before the first
    (b"1 0 0 1 170 700 Tm (second half) Tj 1 0 0 1 70 700 Tm (First half and the) Tj",
     "First half and the second half"),
    # in order: unchanged
    (b"1 0 0 1 70 700 Tm (In order, ) Tj (one run after the other.) Tj", "In order, one run after the other."),
])
def test_runs_drawn_out_of_order_are_read_in_place(ops, expected):
    assert read_bytes(_helvetica_pdf(ops), "order.pdf").text == expected

"""Generate the Praxis sample corpus under data/sample/.

The corpus imitates the shared drive of the municipalities of the Greek "Cities
Network for Integration": submission forms, an annual report of a Migrant
Integration Centre (ΚΕΜ), a factsheet, minutes of a network meeting, a council
memo, a newsletter, an EU project summary, a text note, a Markdown meeting note
and a web page, plus two broken files for the error paths (an empty DOCX and a
truncated PDF).

All text is original sample content: the people, figures, phone numbers and
e-mail addresses are invented (e-mail addresses use the reserved example.gr
style domains). Real institutions and programmes (UNHCR, IOM, ESTIA, HELIOS,
AMIF) are named as they would be in real documents. The eight axes of the
Memorandum of Understanding are read from kb/axes.json.

Output is deterministic: fixed creation dates in the PDF and DOCX metadata and
fixed timestamps inside the DOCX zip containers, so running the script twice
gives byte-identical files.

Usage:  .venv/bin/python data/make_sample.py [--out data/sample]
"""
from __future__ import annotations

import argparse
import io
import json
import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
AXES = json.loads((ROOT / "kb" / "axes.json").read_text(encoding="utf-8"))
ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def when(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, 0, tzinfo=timezone.utc)


# --------------------------------------------------------------------------
# DOCX helpers
# --------------------------------------------------------------------------

def new_docx(title: str, author: str, date: datetime, language: str = "el-GR") -> Document:
    doc = Document()
    cp = doc.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    cp.created = date.replace(tzinfo=None)
    cp.modified = date.replace(tzinfo=None)
    cp.last_printed = date.replace(tzinfo=None)
    cp.revision = 1
    cp.language = language
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    return doc


def save_docx(doc: Document, path: Path) -> None:
    """Save with fixed timestamps in the zip container (python-docx uses 'now')."""
    raw = io.BytesIO()
    doc.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, zin.read(item.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def field_para(doc: Document, label: str, value: str) -> None:
    p = doc.add_paragraph()
    p.add_run(f"{label}: ").bold = True
    p.add_run(value)


def plain_table(doc: Document, rows, widths=None, style: str | None = "Table Grid", bold_first_col=False):
    t = doc.add_table(rows=0, cols=len(rows[0]))
    if style:
        t.style = style
    for r in rows:
        cells = t.add_row().cells
        for i, text in enumerate(r):
            cells[i].text = ""
            par = cells[i].paragraphs[0]
            for j, line in enumerate(text.split("\n")):
                if j:
                    par = cells[i].add_paragraph()
                run = par.add_run(line)
                if bold_first_col and i == 0:
                    run.bold = True
    return t


# --------------------------------------------------------------------------
# PDF helpers
# --------------------------------------------------------------------------

class Pdf(FPDF):
    LH = 5.6  # body line height (mm)

    def __init__(self, title: str, author: str, date: datetime, lang: str = "el", footer: str = ""):
        super().__init__(format="A4")
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_creation_date(date)
        self.set_title(title)
        self.set_author(author)
        self.set_creator("Praxis sample corpus (data/make_sample.py)")
        self.set_lang(lang)
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, 20)
        self.footer_text = footer
        self.align = "L"  # paragraph alignment ("J" for justified)
        self.set_font("DejaVu", "", 10.5)

    def footer(self):
        if not self.footer_text:
            return
        self.set_y(-14)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(110)
        self.cell(0, 6, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0)

    def _line(self, text, h, align="L"):
        self.multi_cell(0, h, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str, level: int = 1):
        size = {0: 20, 1: 15, 2: 12.5}[level]
        if self.get_y() > self.h - 45:  # keep a heading with its first lines
            self.add_page()
        self.ln(4 if level else 0)
        self.set_font("DejaVu", "B", size)
        self._line(text, size * 0.5)
        self.ln(2)
        self.set_font("DejaVu", "", 10.5)

    def small(self, text: str, size=9, style=""):
        self.set_font("DejaVu", style, size)
        self._line(text, size * 0.5)
        self.set_font("DejaVu", "", 10.5)

    def para(self, text: str, align=None):
        align = align or self.align
        self.set_font("DejaVu", "", 10.5)
        self._line(text, self.LH, align)
        self.ln(2.2)

    def bullet(self, text: str, mark: str = "•"):
        self.set_font("DejaVu", "", 10.5)
        self.set_x(self.l_margin + 4)
        self.cell(6, self.LH, mark)
        self._line(text, self.LH)
        self.ln(0.8)

    def bullets(self, items, numbered=False):
        for i, it in enumerate(items, 1):
            self.bullet(it, f"{i}." if numbered else "•")
        self.ln(1.5)

    def grid(self, rows, col_widths, header=True, size=9.5):
        self.set_font("DejaVu", "", size)
        with self.table(col_widths=col_widths, first_row_as_headings=header,
                        line_height=size * 0.55, padding=1.5, text_align="LEFT",
                        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230))) as t:
            for r in rows:
                row = t.row()
                for c in r:
                    row.cell(c)
        self.ln(3)
        self.set_font("DejaVu", "", 10.5)

    def save(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.output(str(path))


# --------------------------------------------------------------------------
# 1. Larissa: Greek submission form (DOCX, two-column table)
# --------------------------------------------------------------------------

def larisa_form(out: Path):
    doc = new_docx("Φόρμα υποβολής καλής πρακτικής – Ελληνικά για μητέρες",
                   "Ελένη Παπαδημητρίου", when(2023, 3, 24))
    doc.add_heading("Δίκτυο Πόλεων για την Ένταξη", level=1)
    doc.add_heading("Φόρμα υποβολής καλής πρακτικής", level=2)
    doc.add_paragraph(
        "Συμπληρώστε ένα έντυπο για κάθε πρακτική και αποστείλετέ το στη Γραμματεία "
        "του Δικτύου έως τις 31 Μαρτίου 2023. Τα πεδία χωρίς στοιχεία μπορούν να μείνουν κενά.")
    rows = [
        ("Τίτλος πρακτικής",
         "«Ελληνικά για μητέρες»: μαθήματα ελληνικής γλώσσας για γυναίκες με παράλληλη φύλαξη παιδιών"),
        ("Δήμος", "Δήμος Λαρισαίων"),
        ("Άξονας/άξονες του Μνημονίου",
         "Άξονας 1 – Ανταλλαγή καλών πρακτικών και τεχνογνωσίας\n"
         "Άξονας 6 – Συντονισμός και υλοποίηση δράσεων και πιλοτικών προγραμμάτων"),
        ("Ομάδα-στόχος",
         "Γυναίκες πρόσφυγες και μετανάστριες που ζουν στη Λάρισα, κυρίως μητέρες παιδιών "
         "προσχολικής ηλικίας, χωρίς βασική γνώση της ελληνικής γλώσσας."),
        ("Περιγραφή",
         "Από τον Οκτώβριο του 2021 το Κέντρο Ένταξης Μεταναστών (ΚΕΜ) του Δήμου οργανώνει "
         "τμήματα ελληνικής γλώσσας αποκλειστικά για γυναίκες, δύο φορές την εβδομάδα, "
         "10:00–12:30. Την ίδια ώρα, στη διπλανή αίθουσα, λειτουργεί χώρος δημιουργικής "
         "απασχόλησης για τα παιδιά τους με δύο παιδαγωγούς των Δημοτικών Παιδικών Σταθμών.\n"
         "Τα μαθήματα καλύπτουν τα επίπεδα Α1 και Α2 και δίνουν έμφαση στο λεξιλόγιο της "
         "καθημερινής ζωής: σχολείο, κέντρο υγείας, αγορά, δημόσιες υπηρεσίες. Μια πολιτισμική "
         "διαμεσολαβήτρια (αραβικά, φαρσί) βοηθά στις πρώτες εβδομάδες και στην επικοινωνία "
         "με τις οικογένειες. Μία φορά τον μήνα η τάξη επισκέπτεται μια δημοτική υπηρεσία ή "
         "τη Δημοτική Βιβλιοθήκη."),
        ("Πόροι/Χρηματοδότηση",
         "Μία εκπαιδεύτρια ελληνικής ως δεύτερης γλώσσας και μία διαμεσολαβήτρια του ΚΕΜ, "
         "δύο παιδαγωγοί των Δημοτικών Παιδικών Σταθμών. Ετήσιο κόστος περίπου 18.500 €: "
         "η λειτουργία του ΚΕΜ χρηματοδοτείται από το Περιφερειακό Επιχειρησιακό Πρόγραμμα "
         "Θεσσαλίας (ΕΚΤ) και το εκπαιδευτικό υλικό από ίδιους πόρους του Δήμου."),
        ("Αποτελέσματα",
         "Σε δύο σχολικά έτη (2021–2023) παρακολούθησαν τα μαθήματα 64 γυναίκες από 9 χώρες· "
         "41 ολοκλήρωσαν τον κύκλο και 17 πέτυχαν στις εξετάσεις πιστοποίησης επιπέδου Α2. "
         "Στον χώρο φύλαξης φιλοξενήθηκαν 52 παιδιά. Οι διευθυντές δύο δημοτικών σχολείων "
         "της περιοχής αναφέρουν ότι οι μητέρες συμμετέχουν πλέον συχνότερα στις συναντήσεις "
         "γονέων."),
        ("Εταίροι",
         "Δημοτικοί Παιδικοί Σταθμοί Λάρισας, Κέντρο Δια Βίου Μάθησης του Δήμου, Ύπατη Αρμοστεία "
         "του ΟΗΕ για τους Πρόσφυγες (UNHCR), Σύλλογος Γυναικών «Αλληλεγγύη»."),
        ("Διάρκεια/Έτος έναρξης",
         "2021. Σε λειτουργία· οι κύκλοι ακολουθούν το σχολικό έτος (Οκτώβριος–Ιούνιος)."),
        ("Μεταφερσιμότητα",
         "Η πρακτική μεταφέρεται εύκολα σε κάθε δήμο που διαθέτει ΚΕΜ ή Κέντρο Κοινότητας και "
         "δημοτικό παιδικό σταθμό. Κρίσιμο στοιχείο είναι η φύλαξη των παιδιών στον ίδιο χώρο "
         "και την ίδια ώρα· χωρίς αυτήν η συμμετοχή των μητέρων μένει πολύ χαμηλή."),
        ("Επικοινωνία",
         "Ελένη Παπαδημητρίου, Συντονίστρια ΚΕΜ Δήμου Λαρισαίων, τηλ. 2410 000000, "
         "kem@larisa.example.gr"),
    ]
    t = plain_table(doc, rows, bold_first_col=True)
    for row in t.rows:
        row.cells[0].width = Pt(150)
        row.cells[1].width = Pt(330)
    doc.add_paragraph()
    doc.add_paragraph("Ημερομηνία υποβολής: 24/03/2023")
    save_docx(doc, out / "larisa" / "Δίκτυο Πόλεων" / "Καλές πρακτικές"
              / "Φόρμα καλής πρακτικής - Ελληνικά για μητέρες.docx")


# --------------------------------------------------------------------------
# 2. Thessaloniki: English good-practice form (DOCX, "Field: value")
# --------------------------------------------------------------------------

def thessaloniki_form(out: Path):
    doc = new_docx("Good practice form – Together in Summer", "Dimitra Alexiou",
                   when(2023, 2, 3), language="en-GB")
    doc.add_heading("Cities Network for Integration", level=1)
    doc.add_heading("Good practice form", level=2)
    doc.add_paragraph("Please fill in one form per practice and send it to the Network Secretariat.")
    field_para(doc, "Title of the practice",
               "Together in Summer – day camps for refugee and local children")
    field_para(doc, "Municipality", "Thessaloniki")
    field_para(doc, "MoU axes",
               "6 (Coordinated actions and pilot programmes); 8 (Public information and awareness)")
    field_para(doc, "Target group",
               "Children aged 6 to 12 living in Thessaloniki, about half of them from refugee and "
               "migrant families, many of whom were housed in ESTIA apartments until 2022. Parents "
               "take part in the opening and closing events.")
    field_para(doc, "Description",
               "Every July the Directorate of Social Policy runs three two-week day camps in two "
               "municipal sports centres. Children are placed in mixed groups from the first day, so "
               "that refugee and local children play, swim and create together. Each group is "
               "accompanied by a bilingual facilitator, and the municipality's cultural mediators "
               "help with registration and with families who do not speak Greek. The daily "
               "programme includes:")
    for item in (
        "swimming lessons in the municipal pool;",
        "theatre, music and painting workshops;",
        "“Greek through play” sessions every morning;",
        "a walk along the waterfront and a visit to the White Tower;",
        "a closing celebration where the children present their work to their families.",
    ):
        doc.add_paragraph(item, style="List Bullet")
    field_para(doc, "Resources and funding",
               "14 camp staff (educators, sports instructors, two cultural mediators) and 23 "
               "volunteers. Budget 2022: EUR 62,000 from the municipal budget, plus a UNHCR grant "
               "for transport and meals. Participation is free of charge for all families.")
    field_para(doc, "Results",
               "In 2022, 180 children took part, 94 of them from refugee and migrant families. 94% "
               "of the parents who answered the evaluation were satisfied or very satisfied, and 31 "
               "refugee children joined a municipal sports club after the camp.")
    field_para(doc, "Partners",
               "UNHCR; the NGOs that ran ESTIA apartments in the city (referrals of families); the "
               "Municipal Sports Organisation; local primary schools.")
    field_para(doc, "Duration / start year",
               "Since summer 2019 (not held in 2020 because of COVID-19); every July.")
    field_para(doc, "Lessons learned",
               "Mixing the groups from the first day matters more than any single activity. "
               "Transport between the apartments and the camps was the main practical obstacle and "
               "had to be funded separately.")
    field_para(doc, "Transferability",
               "Any municipality that runs summer sports programmes can open them to refugee "
               "children. The extra costs are cultural mediators, transport and outreach to families.")
    field_para(doc, "Contact",
               "Dimitra Alexiou, Directorate of Social Policy, Municipality of Thessaloniki – "
               "d.alexiou@thessaloniki.example.gr")
    doc.add_paragraph("Submitted: 3 February 2023")
    save_docx(doc, out / "thessaloniki" / "Good practices"
              / "Good practice form - Together in Summer camps.docx")


# --------------------------------------------------------------------------
# 3. Karditsa: annual report of the Migrant Integration Centre (PDF)
# --------------------------------------------------------------------------

def karditsa_report(out: Path):
    pdf = Pdf("Απολογισμός δράσεων ΚΕΜ Δήμου Καρδίτσας 2023", "Βασιλική Τσιρογιάννη",
              when(2024, 2, 12), footer="Απολογισμός ΚΕΜ Δήμου Καρδίτσας 2023")
    pdf.align = "J"  # a typical Word-made report: justified paragraphs
    pdf.add_page()
    pdf.ln(30)
    pdf.small("ΔΗΜΟΣ ΚΑΡΔΙΤΣΑΣ", 13, "B")
    pdf.small("Διεύθυνση Κοινωνικής Προστασίας, Παιδείας και Πολιτισμού", 11)
    pdf.small("Κέντρο Ένταξης Μεταναστών (ΚΕΜ)", 11)
    pdf.ln(30)
    pdf.heading("Απολογισμός δράσεων 2023", 0)
    pdf.para("Ετήσια έκθεση πεπραγμένων του Κέντρου Ένταξης Μεταναστών", align="L")
    pdf.ln(60)
    pdf.small("Καρδίτσα, Φεβρουάριος 2024", 11)

    pdf.add_page()
    pdf.heading("1. Εισαγωγή")
    pdf.para(
        "Το Κέντρο Ένταξης Μεταναστών (ΚΕΜ) του Δήμου Καρδίτσας λειτουργεί από τον Σεπτέμβριο "
        "του 2018 ως παράρτημα του Κέντρου Κοινότητας, στο κτίριο των Κοινωνικών Υπηρεσιών του "
        "Δήμου. Απευθύνεται σε πολίτες τρίτων χωρών που διαμένουν νόμιμα στον Δήμο, σε αιτούντες "
        "άσυλο και σε δικαιούχους διεθνούς προστασίας, και συνεργάζεται στενά με τις υπόλοιπες "
        "κοινωνικές δομές του Δήμου.")
    pdf.para(
        "Το 2023 η ομάδα του ΚΕΜ αποτελούνταν από επτά άτομα: τη συντονίστρια, μία κοινωνική "
        "λειτουργό, έναν ψυχολόγο, έναν νομικό σύμβουλο, μία εκπαιδευτικό ελληνικής γλώσσας και "
        "δύο πολιτισμικούς διαμεσολαβητές (αραβικά, φαρσί/νταρί, ουρντού και αγγλικά). Η "
        "λειτουργία της δομής χρηματοδοτείται από το Πρόγραμμα «Θεσσαλία 2021–2027» με "
        "συγχρηματοδότηση από το Ευρωπαϊκό Κοινωνικό Ταμείο+.")
    pdf.para(
        "Κατά τη διάρκεια του έτους το ΚΕΜ εξυπηρέτησε 612 μοναδικούς ωφελούμενους (338 άνδρες "
        "και 274 γυναίκες) από 23 χώρες, σε 2.140 συνεδρίες. Οι πολυπληθέστερες ομάδες "
        "προέρχονται από το Πακιστάν, το Αφγανιστάν, τη Συρία, την Αλβανία και την Αίγυπτο. Σε "
        "σχέση με το 2022 ο αριθμός των ωφελούμενων αυξήθηκε κατά 18%, κυρίως λόγω της "
        "αυξημένης ζήτησης από εργαζόμενους στον αγροτικό τομέα.")
    pdf.para(
        "Στις επόμενες ενότητες παρουσιάζεται κάθε υπηρεσία του Κέντρου, με τα στοιχεία για "
        "τους ωφελούμενους και τις κυριότερες δράσεις της χρονιάς.")

    pdf.heading("2. Ελληνομάθεια")
    pdf.para(
        "Τα μαθήματα ελληνικής γλώσσας είναι η υπηρεσία με τη μεγαλύτερη ζήτηση. Το 2023 "
        "λειτούργησαν έξι πρωινά και απογευματινά τμήματα, δύο επιπέδου Α1, δύο επιπέδου Α2 και "
        "δύο επιπέδου Β1, με 118 εγγεγραμμένους εκπαιδευόμενους. Τον κύκλο ολοκλήρωσαν 79 άτομα, "
        "ενώ 23 πέτυχαν στις εξετάσεις Πιστοποίησης Επάρκειας της Ελληνομάθειας του Κέντρου "
        "Ελληνικής Γλώσσας.")
    pdf.para(
        "Από τον Φεβρουάριο λειτούργησε για πρώτη φορά βραδινό τμήμα για εργαζόμενους στη γεωργία "
        "και την κτηνοτροφία, με μαθήματα από τις 19:00 έως τις 21:00, ώστε να μη συμπίπτουν με "
        "τις ώρες εργασίας. Το τμήμα παρακολούθησαν 21 άνδρες από το Πακιστάν και την Ινδία. "
        "Παράλληλα, σε συνεργασία με τη Δημοτική Βιβλιοθήκη, λειτούργησε κάθε Σάββατο «Λέσχη "
        "ανάγνωσης» για ενήλικες που ολοκλήρωσαν το επίπεδο Α2.")
    pdf.bullets([
        "6 τμήματα επιπέδων Α1–Β1 με 118 εγγεγραμμένους",
        "1 βραδινό τμήμα για εργαζόμενους με 21 εκπαιδευόμενους",
        "79 ολοκληρώσεις κύκλου και 23 επιτυχόντες στις εξετάσεις πιστοποίησης",
    ])

    pdf.heading("3. Πολιτισμική διαμεσολάβηση")
    pdf.para(
        "Οι δύο πολιτισμικοί διαμεσολαβητές του ΚΕΜ πραγματοποίησαν 1.030 διαμεσολαβήσεις για "
        "341 άτομα. Η διαμεσολάβηση γίνεται είτε στον χώρο του Κέντρου είτε με συνοδεία του "
        "ωφελούμενου στην υπηρεσία όπου χρειάζεται υποστήριξη.")
    pdf.para(
        "Οι περισσότερες διαμεσολαβήσεις αφορούσαν υπηρεσίες υγείας (Γενικό Νοσοκομείο και Κέντρο "
        "Υγείας Καρδίτσας), τα σχολεία της πόλης, το ΚΕΠ και την τοπική υπηρεσία της ΔΥΠΑ. Μετά "
        "από αίτημα των διευθυντών σχολείων, οι διαμεσολαβητές συμμετείχαν σε 46 συναντήσεις "
        "γονέων με εκπαιδευτικούς κατά τις εγγραφές του Σεπτεμβρίου.")
    pdf.bullets([
        "Υγεία: 412 διαμεσολαβήσεις",
        "Εκπαίδευση: 236 διαμεσολαβήσεις",
        "Δημόσιες υπηρεσίες (ΚΕΠ, ΕΦΚΑ, ΔΟΥ): 251 διαμεσολαβήσεις",
        "Στέγαση και λοιπά θέματα: 131 διαμεσολαβήσεις",
    ])

    pdf.heading("4. Νομική συμβουλευτική")
    pdf.para(
        "Ο νομικός σύμβουλος του ΚΕΜ πραγματοποίησε 286 συνεδρίες με 197 ωφελούμενους. Τα "
        "συχνότερα ζητήματα ήταν η ανανέωση αδειών διαμονής, η οικογενειακή επανένωση, η έκδοση "
        "ταξιδιωτικών εγγράφων για δικαιούχους διεθνούς προστασίας και η απόκτηση ΑΜΚΑ και ΑΦΜ. "
        "Σε 38 περιπτώσεις ο ωφελούμενος παραπέμφθηκε σε δικηγόρο του Δικηγορικού Συλλόγου "
        "Καρδίτσας ή σε εξειδικευμένη οργάνωση για νομική εκπροσώπηση.")
    pdf.para(
        "Από τον Απρίλιο του 2023 λειτουργεί μία φορά την εβδομάδα «ανοιχτή ώρα» χωρίς ραντεβού, "
        "για ερωτήματα σχετικά με την υποβολή αιτήσεων στις ψηφιακές πλατφόρμες του Υπουργείου "
        "Μετανάστευσης και Ασύλου.")

    pdf.heading("5. Συμβουλευτική απασχόλησης")
    pdf.para(
        "Η συμβουλευτική απασχόλησης παρέχεται από την κοινωνική λειτουργό και τη συντονίστρια, σε "
        "συνεργασία με την τοπική υπηρεσία της ΔΥΠΑ. Το 2023 υποστηρίχθηκαν 154 άτομα στη σύνταξη "
        "βιογραφικού, στην εγγραφή στο μητρώο ανέργων και στην αναζήτηση θέσεων εργασίας. Κατά τη "
        "διάρκεια του έτους 37 ωφελούμενοι βρήκαν εργασία, κυρίως στη γεωργία, στη μεταποίηση "
        "τροφίμων και στο εμπόριο.")
    pdf.para(
        "Τον Μάιο διοργανώθηκε, με τη συμμετοχή του Εμπορικού Συλλόγου, ημέρα γνωριμίας εργοδοτών "
        "και υποψηφίων, στην οποία συμμετείχαν 14 επιχειρήσεις της περιοχής και 63 άτομα που "
        "αναζητούν εργασία.")
    pdf.bullets([
        "154 ωφελούμενοι συμβουλευτικής απασχόλησης",
        "92 βιογραφικά σημειώματα",
        "37 προσλήψεις",
        "1 ημέρα γνωριμίας με εργοδότες (14 επιχειρήσεις)",
    ])

    pdf.heading("6. Συνεργασίες και δικτύωση")
    pdf.para(
        "Το ΚΕΜ συμμετέχει στο Δίκτυο Πόλεων για την Ένταξη, όπου τον Νοέμβριο παρουσίασε το "
        "βραδινό τμήμα ελληνικών για εργαζόμενους στην 4η Συνάντηση Εργασίας του Δικτύου στην "
        "Αθήνα. Συνεργάζεται επίσης με τον Διεθνή Οργανισμό Μετανάστευσης (ΔΟΜ) στο πλαίσιο του "
        "προγράμματος HELIOS και με την Ύπατη Αρμοστεία του ΟΗΕ για τους Πρόσφυγες (UNHCR) για "
        "την παραπομπή περιστατικών.")

    pdf.heading("7. Προτεραιότητες για το 2024")
    pdf.bullets([
        "Δημιουργία τμήματος ελληνικών για γυναίκες με παράλληλη φύλαξη παιδιών, με βάση την "
        "εμπειρία του Δήμου Λαρισαίων.",
        "Πρόσληψη τρίτου διαμεσολαβητή με γνώση της γλώσσας πουντζάμπι.",
        "Προετοιμασία κοινής πρότασης χρηματοδότησης με τους Δήμους Πατρέων και Τρίπολης στο "
        "Ταμείο Ασύλου, Μετανάστευσης και Ένταξης (AMIF).",
        "Επανασύσταση του Συμβουλίου Ένταξης Μεταναστών (ΣΕΜ) του Δήμου.",
    ])

    pdf.heading("Πίνακας 1. Ωφελούμενοι ανά υπηρεσία, 2023", 2)
    pdf.grid([
        ("Υπηρεσία", "Ωφελούμενοι", "Συνεδρίες / δράσεις"),
        ("Ελληνομάθεια", "139", "7 τμήματα"),
        ("Πολιτισμική διαμεσολάβηση", "341", "1.030"),
        ("Νομική συμβουλευτική", "197", "286"),
        ("Συμβουλευτική απασχόλησης", "154", "412"),
        ("Σύνολο (μοναδικοί ωφελούμενοι)", "612", "2.140"),
    ], col_widths=(80, 40, 50))
    pdf.ln(8)
    pdf.small("Η Συντονίστρια του ΚΕΜ", 10.5)
    pdf.small("Βασιλική Τσιρογιάννη", 10.5, "B")
    pdf.save(out / "karditsa" / "ΚΕΜ" / "Απολογισμός ΚΕΜ 2023.pdf")


# --------------------------------------------------------------------------
# 4. Neapoli-Sykies: one-page English factsheet (PDF)
# --------------------------------------------------------------------------

def neapoli_factsheet(out: Path):
    pdf = Pdf("Factsheet – Social Grocery of Neapoli-Sykies", "Municipality of Neapoli-Sykies",
              when(2023, 5, 8), lang="en")
    pdf.set_auto_page_break(True, 12)
    pdf.add_page()
    pdf.small("FACTSHEET · Municipality of Neapoli-Sykies · 2023", 9, "B")
    pdf.ln(3)
    pdf.heading("Social Grocery of Neapoli-Sykies", 0)
    pdf.small("Refugees and local residents shop and volunteer side by side", 11.5, "I")
    pdf.ln(2)
    pdf.heading("What it is", 2)
    pdf.para(
        "The Social Grocery is a municipal shop where low-income households collect food and basic "
        "goods free of charge, using a monthly points card. Since 2020 it has been open to refugee "
        "and migrant families on the same terms as local residents. It is run by a mixed team of "
        "municipal staff and volunteers, many of whom were once beneficiaries themselves.")
    pdf.heading("Who it serves", 2)
    pdf.para(
        "Low-income households registered in the municipality, including recognised refugees, "
        "asylum seekers housed in the area and migrant families referred by the Migrant "
        "Integration Centre.")
    pdf.heading("How it works", 2)
    pdf.bullets([
        "Households apply at the Municipal Social Service; a social worker checks eligibility and "
        "sets the monthly points.",
        "Families choose their own products on the shelves, as in any shop, instead of receiving a "
        "fixed parcel.",
        "Labels and shop rules are available in Greek, English, Arabic and Farsi.",
        "Volunteers, locals and refugees, work in mixed pairs at the till and in the stockroom.",
        "A monthly cooking afternoon brings families together around seasonal products.",
    ])
    pdf.heading("Key figures (2022)", 2)
    pdf.grid([
        ("Indicator", "Value"),
        ("Households served", "420"),
        ("of which third-country nationals", "160 (38%)"),
        ("Active volunteers", "55 (14 with a refugee background)"),
        ("Opening days per week", "3"),
        ("Food and goods distributed", "61 tonnes"),
    ], col_widths=(85, 85))
    pdf.heading("Funding and partners", 2)
    pdf.para(
        "Municipal budget (staff and premises), donations from local supermarkets and bakeries, and "
        "the Fund for European Aid to the Most Deprived (FEAD). Partners: the Migrant Integration "
        "Centre, the parish food bank, two supermarket chains and UNHCR, which funded the "
        "multilingual signage.")
    pdf.small("Contact: Sofia Karagianni, Social Service of Neapoli-Sykies · "
              "social.grocery@neapoli-sykies.example.gr", 9)
    assert pdf.page_no() == 1, "factsheet must fit on one page"
    pdf.save(out / "neapoli-sykies" / "Factsheets" / "Factsheet - Social Grocery.pdf")


# --------------------------------------------------------------------------
# 5. Athens: minutes of a network working meeting (DOCX)
# --------------------------------------------------------------------------

def athens_minutes(out: Path):
    doc = new_docx("Πρακτικά 4ης Συνάντησης Εργασίας του Δικτύου Πόλεων για την Ένταξη",
                   "Γεωργία Μαυροπούλου", when(2023, 11, 20))
    p = doc.add_paragraph()
    p.add_run("ΔΙΚΤΥΟ ΠΟΛΕΩΝ ΓΙΑ ΤΗΝ ΕΝΤΑΞΗ").bold = True
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_heading("Πρακτικά 4ης Συνάντησης Εργασίας", level=1)
    field_para(doc, "Ημερομηνία", "Τετάρτη 15 Νοεμβρίου 2023, ώρα 10:30")
    field_para(doc, "Τόπος", "Δημαρχείο Αθηνών, Αίθουσα Συνεδριάσεων")
    doc.add_heading("Παρόντες", level=2)
    for who in (
        "Δήμος Αθηναίων: Γεωργία Μαυροπούλου (Γραμματεία του Δικτύου)",
        "Δήμος Θεσσαλονίκης: Δήμητρα Αλεξίου",
        "Δήμος Λαρισαίων: Ελένη Παπαδημητρίου",
        "Δήμος Καρδίτσας: Βασιλική Τσιρογιάννη",
        "Δήμος Ιωαννιτών: Κωνσταντίνος Ζήκος",
        "Δήμος Τρίπολης: Αικατερίνη Μπούρα",
        "Δήμος Ηρακλείου: Μανώλης Σταυρακάκης",
        "Δήμος Πατρέων: Παναγιώτης Αθανασόπουλος",
        "Δήμος Νεάπολης-Συκεών: Σοφία Καραγιάννη",
    ):
        doc.add_paragraph(who, style="List Bullet")
    doc.add_paragraph(
        "Παρευρέθηκαν επίσης, ως παρατηρητές, η κ. Χριστίνα Νικολαΐδου από τον Διεθνή Οργανισμό "
        "Μετανάστευσης (ΔΟΜ) και ο κ. Άρης Βλάχος από την Ύπατη Αρμοστεία του ΟΗΕ για τους "
        "Πρόσφυγες (UNHCR).")
    doc.add_paragraph(
        "Η κ. Μαυροπούλου καλωσόρισε τους συμμετέχοντες, διαπίστωσε την παρουσία εκπροσώπων εννέα "
        "δήμων-μελών και κήρυξε την έναρξη της συνάντησης.")

    doc.add_heading("Θέμα 1ο: Έγκριση των πρακτικών της 3ης Συνάντησης Εργασίας", level=2)
    doc.add_paragraph(
        "Τα πρακτικά της 3ης Συνάντησης Εργασίας (Ιωάννινα, 14 Ιουνίου 2023) είχαν αποσταλεί στα "
        "μέλη με ηλεκτρονικό ταχυδρομείο. Δεν υπήρξαν παρατηρήσεις και τα πρακτικά εγκρίθηκαν "
        "ομόφωνα.")

    doc.add_heading("Θέμα 2ο: Παρουσιάσεις καλών πρακτικών των δήμων-μελών", level=2)
    doc.add_paragraph(
        "Η εκπρόσωπος του Δήμου Καρδίτσας, κ. Βασιλική Τσιρογιάννη, παρουσίασε το βραδινό τμήμα "
        "ελληνικής γλώσσας για εργαζόμενους στη γεωργία, που λειτουργεί από τον Φεβρουάριο του "
        "2023 στο Κέντρο Ένταξης Μεταναστών. Τα μαθήματα γίνονται δύο φορές την εβδομάδα, "
        "19:00–21:00, και το πρόγραμμα προσαρμόζεται στις περιόδους αιχμής των αγροτικών "
        "εργασιών. Από τους 21 εκπαιδευόμενους, οι 16 ολοκλήρωσαν τον πρώτο κύκλο. Η κ. "
        "Τσιρογιάννη τόνισε ότι καθοριστική ήταν η συνεργασία με δύο αγροτικούς συνεταιρισμούς, "
        "που ενημέρωσαν τους εργαζόμενους και διευκόλυναν τη μετακίνησή τους.")
    doc.add_paragraph(
        "Ο εκπρόσωπος του Δήμου Ιωαννιτών, κ. Κωνσταντίνος Ζήκος, παρουσίασε τη συνεργασία του "
        "Δήμου με τον ΔΟΜ στο πρόγραμμα HELIOS μετά τη λήξη του στεγαστικού προγράμματος ESTIA. Η "
        "Κοινωνική Υπηρεσία του Δήμου λειτουργεί γραφείο ενημέρωσης για τη μίσθωση κατοικίας, όπου "
        "οι δικαιούχοι διεθνούς προστασίας βρίσκουν βοήθεια στην αναζήτηση διαμερίσματος, στην "
        "επικοινωνία με ιδιοκτήτες και στη σύνταξη μισθωτηρίου. Το 2023 υποστηρίχθηκαν 86 "
        "νοικοκυριά, από τα οποία τα 54 υπέγραψαν μισθωτήριο.")
    doc.add_paragraph(
        "Η εκπρόσωπος του Δήμου Τρίπολης, κ. Αικατερίνη Μπούρα, παρουσίασε το πρόγραμμα "
        "διαμεσολαβητριών υγείας στους οικισμούς Ρομά της πόλης. Δύο γυναίκες από την κοινότητα, "
        "που εκπαιδεύτηκαν από το Κέντρο Κοινότητας και το Κέντρο Υγείας, ενημερώνουν τις "
        "οικογένειες για εμβολιασμούς και προληπτικές εξετάσεις και συνοδεύουν ασθενείς στις "
        "υπηρεσίες υγείας. Η εμβολιαστική κάλυψη των παιδιών σχολικής ηλικίας στους οικισμούς "
        "αυξήθηκε από 48% σε 71% μέσα σε δύο χρόνια.")
    doc.add_paragraph(
        "Ο εκπρόσωπος του Δήμου Ηρακλείου, κ. Μανώλης Σταυρακάκης, παρουσίασε την υπηρεσία "
        "συμβουλευτικής απασχόλησης του ΚΕΜ Ηρακλείου και την ετήσια «Ημέρα Απασχόλησης», στην "
        "οποία ξενοδοχειακές και αγροτικές επιχειρήσεις του νομού γνωρίζουν υποψήφιους "
        "εργαζόμενους πρόσφυγες και μετανάστες. Στη διοργάνωση του 2023 συμμετείχαν 31 "
        "επιχειρήσεις και έγιναν 48 προσλήψεις.")
    doc.add_paragraph(
        "Ακολούθησε συζήτηση. Η κ. Παπαδημητρίου (Δήμος Λαρισαίων) ρώτησε πώς επιλέγονται και "
        "αμείβονται οι διαμεσολαβήτριες υγείας και η κ. Μπούρα διευκρίνισε ότι απασχολούνται με "
        "σύμβαση ορισμένου χρόνου μέσω του Κέντρου Κοινότητας. Ο κ. Βλάχος (UNHCR) πρότεινε οι "
        "παρουσιάσεις να καταχωριστούν στη βάση καλών πρακτικών του Δικτύου.")

    doc.add_heading("Θέμα 3ο: Κοινή πρόταση χρηματοδότησης στο Ταμείο Ασύλου, Μετανάστευσης "
                    "και Ένταξης (AMIF)", level=2)
    doc.add_paragraph(
        "Ο εκπρόσωπος του Δήμου Πατρέων, κ. Παναγιώτης Αθανασόπουλος, ενημέρωσε για την πρόθεση "
        "του Δήμου να συντονίσει κοινή πρόταση με τίτλο «PATHWAYS», με αντικείμενο την απασχόληση "
        "και τη στέγαση προσφύγων σε πόλεις μεσαίου μεγέθους. Οι Δήμοι Τρίπολης και Καρδίτσας "
        "εξέφρασαν ενδιαφέρον για συμμετοχή. Αποφασίστηκε:")
    doc.add_paragraph("Να συγκροτηθεί ομάδα εργασίας από τους Δήμους Πατρέων, Τρίπολης και "
                      "Καρδίτσας για την προετοιμασία της πρότασης.", style="List Number")
    doc.add_paragraph("Ο Δήμος Πατρέων να αποστείλει σύνοψη του έργου στα μέλη έως τις 15 "
                      "Ιανουαρίου 2024.", style="List Number")

    doc.add_heading("Θέμα 4ο: Σεμινάριο κατάρτισης στελεχών των δήμων", level=2)
    doc.add_paragraph(
        "Η κ. Νικολαΐδου (ΔΟΜ) πρότεινε τη διοργάνωση διήμερου σεμιναρίου για την πολιτισμική "
        "διαμεσολάβηση και τη διαπολιτισμική επικοινωνία, για στελέχη των ΚΕΜ και των Κέντρων "
        "Κοινότητας. Η πρόταση έγινε δεκτή ομόφωνα· το σεμινάριο θα γίνει στην Αθήνα τον "
        "Φεβρουάριο του 2024 και η Γραμματεία θα συντονίσει τις δηλώσεις συμμετοχής.")

    doc.add_heading("Θέμα 5ο: Τόπος και χρόνος της επόμενης συνάντησης", level=2)
    doc.add_paragraph(
        "Η επόμενη συνάντηση εργασίας θα πραγματοποιηθεί στο Ηράκλειο τον Μάρτιο του 2024, μετά από "
        "πρόσκληση του Δήμου Ηρακλείου. Η ακριβής ημερομηνία θα οριστεί με ηλεκτρονική ψηφοφορία.")
    doc.add_paragraph("Μη υπάρχοντος άλλου θέματος, η συνάντηση έληξε στις 14:15.")
    p = doc.add_paragraph("Για τη Γραμματεία του Δικτύου\nΓεωργία Μαυροπούλου")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    save_docx(doc, out / "athens" / "Δίκτυο Πόλεων" / "Πρακτικά"
              / "Πρακτικά 4ης Συνάντησης Εργασίας - Νοέμβριος 2023.docx")


# --------------------------------------------------------------------------
# 6. Chalandri: council memo with letterhead and the eight MoU axes (DOCX)
# --------------------------------------------------------------------------

def chalandri_memo(out: Path):
    doc = new_docx("Εισήγηση για τη συμμετοχή στο Δίκτυο Πόλεων για την Ένταξη",
                   "Μαρία Κωνσταντίνου", when(2019, 3, 12))
    head = doc.add_table(rows=1, cols=2)  # letterhead: a borderless two-column table
    left = head.rows[0].cells[0]
    right = head.rows[0].cells[1]
    left.text = ""
    for i, line in enumerate((
        "ΕΛΛΗΝΙΚΗ ΔΗΜΟΚΡΑΤΙΑ", "ΝΟΜΟΣ ΑΤΤΙΚΗΣ", "ΔΗΜΟΣ ΧΑΛΑΝΔΡΙΟΥ",
        "Διεύθυνση Κοινωνικής Πολιτικής", "Τμήμα Κοινωνικής Ένταξης", "",
        "Πληροφορίες: Μαρία Κωνσταντίνου",
        "Τηλ.: 213 0000000", "Email: entaxi@chalandri.example.gr",
    )):
        par = left.paragraphs[0] if i == 0 else left.add_paragraph()
        run = par.add_run(line)
        run.bold = i < 3
    right.text = ""
    for i, line in enumerate(("Χαλάνδρι, 12 Μαρτίου 2019", "Αρ. Πρωτ.: 8745")):
        par = right.paragraphs[0] if i == 0 else right.add_paragraph()
        par.add_run(line)
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()
    p = doc.add_paragraph()
    p.add_run("ΠΡΟΣ: ").bold = True
    p.add_run("Τον Πρόεδρο του Δημοτικού Συμβουλίου Χαλανδρίου")
    p = doc.add_paragraph()
    p.add_run("ΘΕΜΑ: ").bold = True
    p.add_run("«Έγκριση συμμετοχής του Δήμου Χαλανδρίου στο Δίκτυο Πόλεων για την Ένταξη, "
              "αποδοχή του Μνημονίου Συνεργασίας και ορισμός εκπροσώπων»").bold = True
    doc.add_paragraph("Κύριε Πρόεδρε,")
    doc.add_paragraph(
        "Το Δίκτυο Πόλεων για την Ένταξη ιδρύθηκε το 2018 με πρωτοβουλία των Δήμων Αθηναίων και "
        "Θεσσαλονίκης, με την υποστήριξη του Διεθνούς Οργανισμού Μετανάστευσης (ΔΟΜ) και της "
        "Ύπατης Αρμοστείας του ΟΗΕ για τους Πρόσφυγες (UNHCR). Σκοπός του είναι η ανταλλαγή "
        "εμπειρίας και τεχνογνωσίας μεταξύ των δήμων που υποδέχονται μετανάστες και πρόσφυγες, "
        "καθώς και η από κοινού διαμόρφωση προτάσεων για την τοπική πολιτική ένταξης.")
    doc.add_paragraph(
        "Ο Δήμος Χαλανδρίου έχει ήδη αναπτύξει δομές όπως το Κέντρο Ένταξης Μεταναστών, το "
        "Κοινωνικό Φροντιστήριο, το Κοινωνικό Παντοπωλείο και το Δημοτικό Ιατρείο, οι οποίες "
        "εξυπηρετούν και πολίτες τρίτων χωρών. Το 2018 το Κέντρο Ένταξης Μεταναστών εξυπηρέτησε "
        "245 άτομα, ενώ στο Κοινωνικό Φροντιστήριο φοιτούν 32 μαθητές από οικογένειες μεταναστών "
        "και προσφύγων.")
    doc.add_paragraph(
        "Για την επόμενη διετία ο Δήμος σχεδιάζει τη σύσταση Συμβουλίου Ένταξης Μεταναστών (ΣΕΜ), "
        "την οργάνωση τμημάτων ελληνικής γλώσσας για ενήλικες σε συνεργασία με το Κέντρο Δια Βίου "
        "Μάθησης και τη συμμετοχή σε ευρωπαϊκά προγράμματα για τη στέγαση και την απασχόληση "
        "προσφύγων. Η συμμετοχή στο Δίκτυο θα επιτρέψει στις υπηρεσίες μας να αξιοποιήσουν την "
        "εμπειρία δήμων που έχουν ήδη υλοποιήσει αντίστοιχες δράσεις.")
    doc.add_paragraph(
        "Σύμφωνα με το σχέδιο του Μνημονίου Συνεργασίας, οι δήμοι-μέλη συνεργάζονται στους "
        "ακόλουθους άξονες:")
    for axis in sorted(AXES, key=lambda a: a["number"]):
        doc.add_paragraph(axis["text_el"], style="List Number")
    doc.add_paragraph("Η συμμετοχή στο Δίκτυο δεν συνεπάγεται δαπάνη για τον προϋπολογισμό του Δήμου.")
    doc.add_paragraph("Κατόπιν των ανωτέρω, παρακαλούμε για τη λήψη απόφασης σχετικά με:")
    for line in (
        "α) την έγκριση της συμμετοχής του Δήμου Χαλανδρίου στο Δίκτυο Πόλεων για την Ένταξη και "
        "την αποδοχή των όρων του Μνημονίου Συνεργασίας,",
        "β) τον ορισμό της Αντιδημάρχου Κοινωνικής Πολιτικής ως τακτικής εκπροσώπου του Δήμου και "
        "της Προϊσταμένης του Τμήματος Κοινωνικής Ένταξης ως αναπληρώτριάς της,",
        "γ) την εξουσιοδότηση του Δημάρχου για την υπογραφή του Μνημονίου.",
    ):
        doc.add_paragraph(line)
    doc.add_paragraph()
    for i, line in enumerate(("Η Αντιδήμαρχος Κοινωνικής Πολιτικής", "", "Ιωάννα Δρόσου")):
        p = doc.add_paragraph()
        p.add_run(line).bold = i == 2
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p = doc.add_paragraph()
    p.add_run("Συνημμένα: ").bold = True
    p.add_run("Σχέδιο Μνημονίου Συνεργασίας (6 σελίδες)")
    p = doc.add_paragraph()
    p.add_run("Εσωτερική διανομή: ").bold = True
    p.add_run("Γραφείο Δημάρχου, Διεύθυνση Κοινωνικής Πολιτικής")
    save_docx(doc, out / "chalandri" / "Δημοτικό Συμβούλιο" / "Εισηγήσεις"
              / "Εισήγηση - Συμμετοχή στο Δίκτυο Πόλεων για την Ένταξη.docx")


# --------------------------------------------------------------------------
# 7. Heraklion: Greek newsletter with three items (PDF)
# --------------------------------------------------------------------------

def heraklion_newsletter(out: Path):
    pdf = Pdf("«Μαζί» – Ενημερωτικό δελτίο για την ένταξη, τεύχος 7", "Δήμος Ηρακλείου",
              when(2023, 7, 20), footer="«Μαζί» · Τεύχος 7 · Ιούλιος 2023")
    pdf.add_page()
    pdf.small("ΔΗΜΟΣ ΗΡΑΚΛΕΙΟΥ · Διεύθυνση Κοινωνικής Πολιτικής", 9, "B")
    pdf.ln(2)
    pdf.heading("«Μαζί»", 0)
    pdf.small("Ενημερωτικό δελτίο για την ένταξη · Τεύχος 7 · Ιούλιος 2023", 11)
    pdf.ln(2)
    pdf.set_draw_color(120)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(4)
    pdf.para(
        "Σε αυτό το τεύχος: η γιορτή για την Παγκόσμια Ημέρα Προσφύγων, το σεμινάριο "
        "διαπολιτισμικής επικοινωνίας για τους εργαζόμενους του Δήμου και η επίσκεψη μελέτης του "
        "Δήμου Πατρέων.", align="L")

    pdf.heading("Γιορτή στο Ενετικό Λιμάνι για την Παγκόσμια Ημέρα Προσφύγων", 1)
    pdf.para(
        "Με μουσική, χορό και φαγητά από δώδεκα χώρες γιορτάσαμε την Τρίτη 20 Ιουνίου την "
        "Παγκόσμια Ημέρα Προσφύγων. Τη γιορτή διοργάνωσαν το Κέντρο Ένταξης Μεταναστών του Δήμου "
        "και η Ύπατη Αρμοστεία του ΟΗΕ για τους Πρόσφυγες (UNHCR), με τη συμμετοχή δεκαπέντε "
        "συλλόγων και οργανώσεων της πόλης. Περισσότεροι από 1.500 επισκέπτες πέρασαν από τα "
        "περίπτερα, ενώ μαθητές του 5ου Γυμνασίου παρουσίασαν μια πολύγλωσση θεατρική παράσταση.")
    pdf.para(
        "«Η γιορτή δείχνει ότι το Ηράκλειο είναι μια πόλη που ξέρει να υποδέχεται», δήλωσε η "
        "Αντιδήμαρχος Κοινωνικής Πολιτικής, που ευχαρίστησε τους εθελοντές και τις κοινότητες "
        "μεταναστών για τη συμμετοχή τους.")

    pdf.heading("Σεμινάριο διαπολιτισμικής επικοινωνίας για 46 εργαζόμενους του Δήμου", 1)
    pdf.para(
        "Από τις 5 έως τις 7 Ιουνίου πραγματοποιήθηκε τριήμερο σεμινάριο κατάρτισης για "
        "υπαλλήλους του Δήμου που έρχονται καθημερινά σε επαφή με πολίτες τρίτων χωρών: "
        "εργαζόμενους των ΚΕΠ, της Δημοτικής Αστυνομίας, των κοινωνικών υπηρεσιών και των "
        "παιδικών σταθμών. Το σεμινάριο σχεδιάστηκε σε συνεργασία με τον Διεθνή Οργανισμό "
        "Μετανάστευσης (ΔΟΜ) και κάλυψε τα εξής θέματα:")
    pdf.bullets([
        "συνεργασία με διερμηνείς και πολιτισμικούς διαμεσολαβητές,",
        "βασικά δικαιώματα και υποχρεώσεις των πολιτών τρίτων χωρών,",
        "διαχείριση δύσκολων περιστατικών στο γκισέ.",
    ])
    pdf.para(
        "Οι συμμετέχοντες αξιολόγησαν το σεμινάριο με 4,6 στα 5. Ο επόμενος κύκλος θα "
        "απευθύνεται σε εκπαιδευτικούς της πρωτοβάθμιας εκπαίδευσης.")

    pdf.heading("Επίσκεψη μελέτης του Δήμου Πατρέων στο Ηράκλειο", 1)
    pdf.para(
        "Στις 11 και 12 Ιουλίου φιλοξενήσαμε τετραμελή αντιπροσωπεία του Δήμου Πατρέων, στο "
        "πλαίσιο των επισκέψεων μελέτης του Δικτύου Πόλεων για την Ένταξη. Οι επισκέπτες "
        "γνώρισαν τη λειτουργία του ΚΕΜ, το γραφείο συμβουλευτικής απασχόλησης και την "
        "προετοιμασία της «Ημέρας Απασχόλησης», και συναντήθηκαν με εκπροσώπους της Ένωσης "
        "Ξενοδόχων.")
    pdf.para(
        "Οι δύο δήμοι συμφώνησαν να ανταλλάξουν υλικό για τη συνεργασία με εργοδότες και να "
        "εξετάσουν κοινή συμμετοχή σε πρόταση χρηματοδότησης.")
    pdf.heading("Προσεχώς", 2)
    pdf.bullets([
        "Από τη Δευτέρα 11 Σεπτεμβρίου: εγγραφές στα νέα τμήματα ελληνικής γλώσσας του ΚΕΜ "
        "(επίπεδα Α1–Β1), στο ισόγειο του Δημαρχείου.",
        "Οκτώβριος: δεύτερος κύκλος του σεμιναρίου διαπολιτισμικής επικοινωνίας, για "
        "εκπαιδευτικούς της πρωτοβάθμιας εκπαίδευσης.",
    ])
    pdf.ln(4)
    pdf.small("Επικοινωνία: Κέντρο Ένταξης Μεταναστών Δήμου Ηρακλείου · "
              "kem@heraklion.example.gr · τηλ. 2810 000000", 9)
    pdf.save(out / "heraklion" / "Επικοινωνία" / "Ενημερωτικό Δελτίο - Ιούλιος 2023.pdf")


# --------------------------------------------------------------------------
# 8. Patras: English summary of a planned AMIF project (PDF)
# --------------------------------------------------------------------------

def patras_project(out: Path):
    pdf = Pdf("PATHWAYS – project summary (draft)", "Municipality of Patras",
              when(2024, 1, 10), lang="en", footer="PATHWAYS project summary – draft 10/01/2024")
    pdf.add_page()
    pdf.small("Municipality of Patras · Department of Social Policy", 9, "B")
    pdf.ln(2)
    pdf.heading("PATHWAYS", 0)
    pdf.small("Local pathways to work and housing for refugees in mid-sized Greek cities", 12, "B")
    pdf.ln(1)
    pdf.small("Project summary – draft for partners, 10 January 2024", 10, "I")
    pdf.ln(4)
    pdf.grid([
        ("Item", "Details"),
        ("Programme", "Asylum, Migration and Integration Fund (AMIF), call for transnational "
                      "actions on integration"),
        ("Coordinator", "Municipality of Patras"),
        ("Partners", "Municipality of Tripoli; Municipality of Karditsa; a partner city in Italy "
                     "(to be confirmed); IOM Greece (associated partner)"),
        ("Duration", "36 months (foreseen start: January 2025)"),
        ("Budget", "EUR 1,480,000 (90% EU co-financing)"),
        ("Status", "Planned – proposal in preparation, submission foreseen in spring 2024"),
    ], col_widths=(35, 135))

    pdf.heading("1. Background")
    pdf.para(
        "Since the end of the ESTIA housing programme in December 2022, mid-sized Greek cities have "
        "seen recognised refugees leave for Athens or for other EU countries, often because they "
        "could not find a job or an affordable flat locally. At the same time, employers in "
        "agriculture, food processing and tourism in Western Greece, Arcadia and Thessaly report "
        "that they cannot fill seasonal and permanent positions. PATHWAYS will connect the two: it "
        "links employment counselling with support to rent a home, so that refugees who find work "
        "can also settle in the city.")
    pdf.heading("2. Objectives")
    pdf.bullets([
        "Help 450 beneficiaries of international protection and other third-country nationals "
        "enter employment in the three Greek partner cities.",
        "Support 220 households to sign a lease and move into independent housing.",
        "Build the capacity of the staff of the Migrant Integration Centres (KEM) to work with "
        "employers and landlords.",
        "Share the model with the other members of the Cities Network for Integration.",
    ])
    pdf.heading("3. Work packages")
    pdf.heading("WP1 – Project management and quality (lead: Patras)", 2)
    pdf.para(
        "Coordination of the partnership, financial reporting to the European Commission, a "
        "steering committee every four months and an external evaluation at mid-term and at the "
        "end of the project.")
    pdf.heading("WP2 – Field research and needs mapping (lead: Tripoli)", 2)
    pdf.para(
        "A field survey of 300 refugee households and 120 local employers, and a mapping of the "
        "rental market in each city. The results feed into a local action plan per city by month 8.")
    pdf.heading("WP3 – Employment pathways (lead: Karditsa)", 2)
    pdf.bullets([
        "Individual employment counselling and CV support in the KEM.",
        "Job-specific Greek language courses, including evening classes for workers.",
        "Job-matching days with local employers and chambers of commerce.",
        "On-the-job mentoring during the first three months of employment.",
    ])
    pdf.heading("WP4 – Housing transition (lead: Patras)", 2)
    pdf.bullets([
        "A rental mediation service that connects landlords with refugee tenants.",
        "A small guarantee fund to cover the first deposit.",
        "Tenancy information sessions with cultural mediators.",
        "Referrals to and from the HELIOS programme of IOM.",
    ])
    pdf.heading("WP5 – Mutual learning and dissemination (lead: Tripoli)", 2)
    pdf.para(
        "Study visits between the partner cities, two training seminars for municipal staff, a "
        "final conference in Patras and the contribution of the results to the good-practice "
        "database of the Cities Network for Integration.")
    pdf.add_page()
    pdf.heading("4. Indicative budget")
    pdf.grid([
        ("Work package", "EUR"),
        ("WP1 Project management and quality", "120,000"),
        ("WP2 Field research and needs mapping", "160,000"),
        ("WP3 Employment pathways", "560,000"),
        ("WP4 Housing transition", "480,000"),
        ("WP5 Mutual learning and dissemination", "160,000"),
        ("Total", "1,480,000"),
    ], col_widths=(120, 50))
    pdf.heading("5. Next steps")
    pdf.bullets([
        "Partners confirm their participation by 31 January 2024.",
        "The coordinator circulates the draft application by 29 February 2024.",
        "Each partner obtains the decision of its municipal council before submission.",
    ], numbered=True)
    pdf.small("Contact: Panagiotis Athanasopoulos, Department of Social Policy, Municipality of "
              "Patras – p.athanasopoulos@patras.example.gr", 9)
    pdf.save(out / "patras" / "EU projects" / "AMIF - PATHWAYS project summary.pdf")


# --------------------------------------------------------------------------
# 9. Tripoli: plain-text description (TXT, UTF-8) and Athens: Markdown note
# --------------------------------------------------------------------------

TRIPOLI_TXT = """\
ΔΗΜΟΣ ΤΡΙΠΟΛΗΣ – ΚΕΝΤΡΟ ΚΟΙΝΟΤΗΤΑΣ ΜΕ ΠΑΡΑΡΤΗΜΑ ΡΟΜΑ

Διαμεσολαβήτριες υγείας στους οικισμούς Ρομά
Σύντομη περιγραφή πρακτικής για το Δίκτυο Πόλεων για την Ένταξη
================================================================

Τι κάνουμε
----------
Από τον Μάρτιο του 2021 το Κέντρο Κοινότητας του Δήμου Τρίπολης απασχολεί δύο
διαμεσολαβήτριες υγείας, γυναίκες Ρομά που ζουν στους οικισμούς της πόλης. Οι
διαμεσολαβήτριες γνωρίζουν τις οικογένειες, μιλούν τη γλώσσα τους και κερδίζουν
την εμπιστοσύνη τους πιο εύκολα από οποιονδήποτε επαγγελματία.

Οι διαμεσολαβήτριες:
- ενημερώνουν τις οικογένειες για τους εμβολιασμούς των παιδιών και τις
  προληπτικές εξετάσεις,
- κλείνουν ραντεβού και συνοδεύουν ασθενείς στο Κέντρο Υγείας και στο Νοσοκομείο,
- βοηθούν στην έκδοση ΑΜΚΑ και βιβλιαρίου υγείας,
- οργανώνουν μαζί με τον παιδίατρο του Κέντρου Υγείας ημέρες εμβολιασμού μέσα
  στους οικισμούς.

Εκπαίδευση
----------
Πριν ξεκινήσουν, οι διαμεσολαβήτριες παρακολούθησαν εκπαίδευση 80 ωρών από το
Κέντρο Υγείας Τρίπολης και την Κοινωνική Υπηρεσία του Δήμου, με θέματα την
πρωτοβάθμια φροντίδα υγείας, την υγεία μητέρας και παιδιού και την τήρηση του
απορρήτου.

Αποτελέσματα (2021–2023)
------------------------
- 310 οικογένειες σε τακτική επαφή με τις διαμεσολαβήτριες
- 1.240 συνοδείες σε υπηρεσίες υγείας
- εμβολιαστική κάλυψη παιδιών σχολικής ηλικίας: από 48% σε 71%
- 9 ημέρες εμβολιασμού μέσα στους οικισμούς

Χρηματοδότηση
-------------
Οι θέσεις των διαμεσολαβητριών χρηματοδοτούνται μέσω του Κέντρου Κοινότητας με
Παράρτημα Ρομά (Πρόγραμμα «Πελοπόννησος», Ευρωπαϊκό Κοινωνικό Ταμείο). Τα
αναλώσιμα για τις ημέρες εμβολιασμού καλύπτει το Κέντρο Υγείας.

Τι μάθαμε
---------
Η επιτυχία εξαρτάται από τη συνέχεια: οι οικογένειες εμπιστεύονται πρόσωπα, όχι
υπηρεσίες. Κάθε διακοπή της χρηματοδότησης χάνει μήνες δουλειάς. Η πρακτική
μπορεί να εφαρμοστεί σε κάθε δήμο με Κέντρο Κοινότητας και οικισμούς Ρομά, αρκεί
να υπάρχει στενή συνεργασία με το τοπικό Κέντρο Υγείας.

Επικοινωνία: Αικατερίνη Μπούρα, Κέντρο Κοινότητας Δήμου Τρίπολης, τηλ. 2710 000000
"""

ATHENS_MD = """\
# Staff training seminar on cultural mediation – planning note

**Date:** Wednesday 6 December 2023, 11:00–12:30 (online)
**Participants:** Georgia Mavropoulou (Network Secretariat, City of Athens), Dimitra Alexiou
(City of Thessaloniki), Christina Nikolaidou (IOM Greece), Aris Vlachos (UNHCR)

## Background

At the 4th working meeting of the Cities Network for Integration (Athens, 15 November 2023,
item 4) the members agreed to hold a two-day seminar on cultural mediation and intercultural
communication for staff of the Migrant Integration Centres (KEM) and the Community Centres.

## Agreed points

1. **Dates and venue:** 21–22 February 2024, in Athens; the City of Athens provides the venue.
2. **Participants:** up to 40, two per member municipality; priority to staff who started in
   the last two years.
3. **Programme:**
   - Day 1 – the role of the cultural mediator, working with interpreters, ethics and
     confidentiality.
   - Day 2 – case studies from Karditsa, Tripoli and Thessaloniki, and a session on
     trauma-informed communication.
4. **Costs:** IOM covers trainers and materials; UNHCR covers travel for participants from
   municipalities outside Attica; Athens covers the venue and catering.

## Practice to showcase

Thessaloniki will present its **pool of municipal cultural mediators**, shared since 2021
between the KEM, the social services and the schools through a simple booking system:
8 mediators, 11 languages, about 3,600 sessions from January to November 2023.

## Action items

| Who | What | By |
|---|---|---|
| Secretariat (Athens) | Send invitation and registration form to members | 20 Dec 2023 |
| IOM | Confirm trainers and draft programme | 12 Jan 2024 |
| UNHCR | Confirm travel budget | 12 Jan 2024 |
| Thessaloniki | Prepare presentation on the mediator pool | 9 Feb 2024 |
"""


def text_files(out: Path):
    p = out / "tripoli" / "Υγεία" / "Διαμεσολαβήτριες υγείας Ρομά - περιγραφή.txt"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(TRIPOLI_TXT.encode("utf-8"))
    p = out / "athens" / "Network coordination" / "2023-12-06 staff training seminar - planning note.md"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(ATHENS_MD.encode("utf-8"))


# --------------------------------------------------------------------------
# 10. Ioannina: news page saved from the municipal website (HTML)
# --------------------------------------------------------------------------

IOANNINA_HTML = """\
<!DOCTYPE html>
<html lang="el">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ενημερωτική ημέρα για το πρόγραμμα HELIOS | Δήμος Ιωαννιτών</title>
<style>
  body { font-family: "Open Sans", Arial, sans-serif; margin: 0; color: #222; }
  header, footer { background: #0b4f6c; color: #fff; padding: 12px 24px; }
  nav a { color: #fff; margin-right: 16px; text-decoration: none; }
  article { max-width: 760px; margin: 24px auto; line-height: 1.6; }
  .date { color: #777; font-size: 0.9em; }
  #cookie-banner { position: fixed; bottom: 0; width: 100%; background: #333; color: #eee; }
</style>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){ dataLayer.push(arguments); }
  gtag('js', new Date());
  gtag('config', 'G-XXXXXXX');
  document.addEventListener('DOMContentLoaded', function () {
    var b = document.getElementById('cookie-banner');
    if (localStorage.getItem('cookies-ok')) { b.style.display = 'none'; }
  });
</script>
</head>
<body>
<header>
  <div class="logo">Δήμος Ιωαννιτών</div>
  <nav>
    <a href="/">Αρχική</a>
    <a href="/dimos">Ο Δήμος</a>
    <a href="/ypiresies">Υπηρεσίες</a>
    <a href="/anakoinoseis">Ανακοινώσεις</a>
    <a href="/epikoinonia">Επικοινωνία</a>
  </nav>
</header>
<main>
<article>
  <h1>Ενημερωτική ημέρα για το πρόγραμμα HELIOS: στήριξη προσφύγων στην αυτόνομη στέγαση</h1>
  <p class="date">Δημοσιεύθηκε: 17/04/2023 · Κοινωνική Πολιτική</p>
  <p>Με μεγάλη συμμετοχή πραγματοποιήθηκε την Πέμπτη 13 Απριλίου, στο Πνευματικό Κέντρο του
  Δήμου, ενημερωτική ημέρα για το πρόγραμμα HELIOS, που υλοποιεί ο Διεθνής Οργανισμός
  Μετανάστευσης (ΔΟΜ) με τη στήριξη του Υπουργείου Μετανάστευσης και Ασύλου. Την εκδήλωση
  διοργάνωσε η Διεύθυνση Κοινωνικής Προστασίας του Δήμου Ιωαννιτών σε συνεργασία με τον ΔΟΜ.</p>
  <p>Μετά τη λήξη του στεγαστικού προγράμματος ESTIA στο τέλος του 2022, πολλές οικογένειες
  δικαιούχων διεθνούς προστασίας που ζουν στα Ιωάννινα αναζητούν δικό τους σπίτι. Το πρόγραμμα
  HELIOS προσφέρει:</p>
  <ul>
    <li>επιδότηση ενοικίου και εξόδων εγκατάστασης για περιορισμένο διάστημα,</li>
    <li>μαθήματα ένταξης, με ελληνική γλώσσα και γνωριμία με την καθημερινή ζωή στην Ελλάδα,</li>
    <li>συμβουλευτική απασχόλησης,</li>
    <li>υποστήριξη στην αναζήτηση κατοικίας και στην επικοινωνία με ιδιοκτήτες.</li>
  </ul>
  <h2>Γραφείο ενημέρωσης για τη μίσθωση κατοικίας</h2>
  <p>Από τον Ιανουάριο λειτουργεί στην Κοινωνική Υπηρεσία του Δήμου γραφείο ενημέρωσης για τη
  μίσθωση κατοικίας. Εκεί οι ενδιαφερόμενοι βρίσκουν βοήθεια στη σύνταξη μισθωτηρίου, στην
  ηλεκτρονική δήλωση της μίσθωσης και στην επικοινωνία με ιδιοκτήτες, με τη στήριξη
  πολιτισμικών διαμεσολαβητών για τα αραβικά, τα φαρσί και τα γαλλικά.</p>
  <p>Στην εκδήλωση συμμετείχαν περισσότεροι από 140 πρόσφυγες, καθώς και ιδιοκτήτες ακινήτων
  που ενδιαφέρονται να νοικιάσουν διαμερίσματα μέσω του προγράμματος. «Ένα σπίτι και μια
  δουλειά είναι οι δύο προϋποθέσεις για να μείνει κάποιος στην πόλη μας», σημείωσε ο
  Αντιδήμαρχος Κοινωνικής Πολιτικής.</p>
  <p><strong>Πληροφορίες:</strong> Γραφείο ενημέρωσης για τη μίσθωση κατοικίας, Δευτέρα–Πέμπτη
  09:00–14:00, τηλ. 26510 00000.</p>
</article>
</main>
<footer>
  <p>© 2023 Δήμος Ιωαννιτών · Όροι χρήσης · Πολιτική απορρήτου</p>
</footer>
<div id="cookie-banner">Ο ιστότοπος χρησιμοποιεί cookies. <button>Αποδοχή</button></div>
</body>
</html>
"""


def ioannina_html(out: Path):
    p = (out / "ioannina" / "Ιστοσελίδα" / "Ανακοινώσεις"
         / "Ενημερωτική ημέρα HELIOS - στέγαση προσφύγων.html")
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(IOANNINA_HTML.encode("utf-8"))


# --------------------------------------------------------------------------
# Broken files (error handling): an empty DOCX and a truncated PDF
# --------------------------------------------------------------------------

def broken_files(out: Path):
    # A blank form saved without any text (a valid DOCX container, no content).
    doc = new_docx("", "Δήμος Ηρακλείου", when(2023, 3, 30))
    save_docx(doc, out / "heraklion" / "Καλές πρακτικές" / "Φόρμα καλής πρακτικής - ΚΕΜ Ηρακλείου.docx")

    # A PDF cut off during transfer: only the first part of the bytes arrived.
    pdf = Pdf("Πρακτικό 2ης συνεδρίασης ΣΕΜ Δήμου Πατρέων", "Δήμος Πατρέων", when(2022, 10, 5))
    pdf.add_page()
    pdf.heading("Πρακτικό 2ης συνεδρίασης του Συμβουλίου Ένταξης Μεταναστών")
    pdf.para("Στην Πάτρα, σήμερα 5 Οκτωβρίου 2022, συνεδρίασε το Συμβούλιο Ένταξης Μεταναστών "
             "(ΣΕΜ) του Δήμου Πατρέων, ύστερα από πρόσκληση του Προέδρου του.")
    data = pdf.output()
    p = out / "patras" / "ΣΕΜ" / "Πρακτικό 2ης συνεδρίασης ΣΕΜ 2022.pdf"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(bytes(data[:1200]))


BUILDERS = (larisa_form, thessaloniki_form, karditsa_report, neapoli_factsheet, athens_minutes,
            chalandri_memo, heraklion_newsletter, patras_project, text_files, ioannina_html,
            broken_files)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "sample")
    args = ap.parse_args()
    out: Path = args.out
    # Regenerate the municipality folders; README.md at the top is kept.
    if out.exists():
        for child in out.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
    out.mkdir(parents=True, exist_ok=True)
    for build in BUILDERS:
        build(out)
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.name != "README.md")
    total = sum(p.stat().st_size for p in files)
    for p in files:
        print(f"{p.stat().st_size:>8}  {p.relative_to(out)}")
    print(f"{len(files)} files, {total / 1024:.0f} KiB")


if __name__ == "__main__":
    main()

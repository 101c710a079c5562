"""A synthetic shared drive for the ingestion benchmark.

Distinct generated documents (TXT, MD, HTML, DOCX, PDF) in nested folders, then
exact copies in other folders, variants (the same practices under a new
header: what re-saved or re-dated files look like), and broken files (truncated
PDFs, random bytes, empty DOCX, legacy .doc headers, a small zip bomb).
Deterministic for a given seed.
"""
from __future__ import annotations

import io
import random
import shutil
import zipfile
from pathlib import Path

CITIES = [
    ("Δήμος Αθηναίων", "athens"), ("Δήμος Θεσσαλονίκης", "thessaloniki"), ("Δήμος Καλλιθέας", "kallithea"),
    ("Δήμος Ιωαννιτών", "ioannina"), ("Δήμος Λαρισαίων", "larissa"), ("Δήμος Τρίπολης", "tripoli"),
    ("Δήμος Ηρακλείου", "heraklion"), ("Δήμος Καρδίτσας", "karditsa"), ("Δήμος Πατρέων", "patras"),
    ("Δήμος Χαλανδρίου", "chalandri"),
]
SERVICES = [
    ("Μαθήματα ελληνικής γλώσσας", "Το πρόγραμμα προσφέρει μαθήματα ελληνικής γλώσσας σε ενήλικες πρόσφυγες και μετανάστες, "
     "σε τμήματα πρωινά και απογευματινά, με παιδότοπο για τα παιδιά των εκπαιδευομένων."),
    ("Πολιτισμική διαμεσολάβηση", "Διαμεσολαβητές που μιλούν αραβικά, φαρσί και ουρντού συνοδεύουν ωφελούμενους σε "
     "δημοτικές υπηρεσίες, σχολεία και νοσοκομεία."),
    ("Συμβουλευτική απασχόλησης", "Σύμβουλοι απασχόλησης βοηθούν στη σύνταξη βιογραφικού, στην αναζήτηση εργασίας και "
     "στη διασύνδεση με εργοδότες της περιοχής."),
    ("Νομική συμβουλευτική", "Δικηγόροι ενημερώνουν για άδειες διαμονής, οικογενειακή επανένωση και διαδικασίες ασύλου."),
    ("Κοινωνικό παντοπωλείο", "Το κοινωνικό παντοπωλείο διανέμει τρόφιμα και είδη πρώτης ανάγκης σε ευάλωτα νοικοκυριά, "
     "ντόπια και προσφυγικά."),
    ("Στέγαση σε διαμερίσματα", "Οικογένειες αιτούντων άσυλο φιλοξενούνται σε διαμερίσματα της πόλης με υποστήριξη "
     "κοινωνικών λειτουργών."),
    ("Καλοκαιρινές δραστηριότητες για παιδιά", "Ντόπια και προσφυγόπουλα συμμετέχουν μαζί σε αθλητικές και "
     "καλλιτεχνικές δραστηριότητες το καλοκαίρι."),
    ("Σεμινάρια για επαγγελματίες", "Ημερίδες και εργαστήρια εκπαιδεύουν το προσωπικό των δημοτικών υπηρεσιών "
     "στη διαπολιτισμική επικοινωνία."),
]
EN_SERVICES = [
    ("Greek lessons for women", "Free Greek classes for migrant women, with childcare on site, three mornings a week."),
    ("Employment counselling", "Counsellors help refugees write CVs, prepare for interviews and meet local employers."),
    ("Health mediators", "Mediators accompany Roma and refugee families to health centres and vaccination days."),
    ("One-stop shop", "A single municipal desk where newcomers get information, referrals and interpretation."),
]


def _doc_parts(rng: random.Random, i: int) -> tuple[str, str, str, list[tuple[str, str]]]:
    city, folder = CITIES[i % len(CITIES)]
    year = 2016 + i % 9
    english = i % 5 == 0
    pool = EN_SERVICES if english else SERVICES
    chosen = rng.sample(pool, k=rng.randint(2, min(4, len(pool))))
    services = []
    for title, body in chosen:
        extra = (f" In {year} the service reached {rng.randint(40, 900)} people." if english else
                 f" Το {year} εξυπηρετήθηκαν {rng.randint(40, 900)} ωφελούμενοι στο πλαίσιο της δράσης αρ. {i}.")
        services.append((title, body + extra))
    heading = (f"Activity report {year} — {folder.title()}" if english else f"Απολογισμός δράσεων {year} - {city}")
    intro = (f"This report presents the integration services of the municipality in {year}." if english else
             f"Η παρούσα έκθεση παρουσιάζει τις δράσεις ένταξης του {city.replace('Δήμος', 'Δήμου')} για το {year}.")
    return folder, heading, intro, services


def _txt(heading, intro, services) -> bytes:
    parts = [heading.upper(), "", intro, ""]
    for t, b in services:
        parts += [t.upper(), "", b, ""]
    return "\n".join(parts).encode("utf-8")


def _md(heading, intro, services) -> bytes:
    parts = [f"# {heading}", "", intro, ""]
    for t, b in services:
        parts += [f"## {t}", "", b, ""]
    return "\n".join(parts).encode("utf-8")


def _html(heading, intro, services) -> bytes:
    body = "".join(f"<h2>{t}</h2><p>{b}</p>" for t, b in services)
    return (f"<!doctype html><html><head><title>{heading}</title><script>var x=1;</script>"
            f"<style>p{{color:red}}</style></head><body><h1>{heading}</h1><p>{intro}</p>{body}</body></html>"
            ).encode("utf-8")


def _docx(heading, intro, services) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(heading, 1)
    d.add_paragraph(intro)
    for t, b in services:
        d.add_heading(t, 2)
        d.add_paragraph(b)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _pdf(heading, intro, services) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dv", "", FONT)
    pdf.add_page()
    pdf.set_font("dv", size=16)
    pdf.multi_cell(0, 9, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dv", size=11)
    pdf.multi_cell(0, 6, intro, new_x="LMARGIN", new_y="NEXT")
    for t, b in services:
        pdf.set_font("dv", size=14)
        pdf.multi_cell(0, 8, t, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("dv", size=11)
        pdf.multi_cell(0, 6, b, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


WRITERS = [("txt", _txt), ("md", _md), ("html", _html), ("docx", _docx), ("pdf", _pdf)]


def _broken(rng: random.Random, j: int, sample_pdf: bytes) -> tuple[str, bytes]:
    kind = j % 6
    if kind == 0:
        return "pdf", sample_pdf[: len(sample_pdf) // 3]
    if kind == 1:
        return "pdf", bytes(rng.getrandbits(8) for _ in range(2048))
    if kind == 2:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
        return "docx", buf.getvalue()
    if kind == 3:
        return "doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    if kind == 4:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))
        return "docx", buf.getvalue()
    return "txt", b""


def make_drive(root: Path, n_files: int = 5000, *, seed: int = 7) -> dict:
    """Write the drive under root (emptied first); returns counts by kind."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    n_distinct = n_files // 5
    n_copies = n_files * 3 // 10
    n_broken = n_files // 50
    n_variants = n_files - n_distinct - n_copies - n_broken
    originals: list[tuple[Path, str, tuple]] = []
    sample_pdf = b""
    for i in range(n_distinct):
        folder, heading, intro, services = _doc_parts(rng, i)
        ext, writer = WRITERS[i % len(WRITERS)]
        path = root / folder / f"{2016 + i % 9}" / f"report-{i:05d}.{ext}"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = writer(heading, intro, services)
        if ext == "pdf" and not sample_pdf:
            sample_pdf = data
        path.write_bytes(data)
        originals.append((path, ext, (heading, intro, services)))
    for j in range(n_copies):
        src, ext, _ = originals[rng.randrange(len(originals))]
        dst = root / "Κοινόχρηστος φάκελος" / f"copy-{j:05d}" / src.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    for j in range(n_variants):
        src, ext, (heading, intro, services) = originals[rng.randrange(len(originals))]
        writer = dict(WRITERS)[ext]
        dst = root / "Αρχείο" / f"v{j // 200:03d}" / f"{src.stem}-v{j}.{ext}"
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(writer(f"{heading} (έκδοση {j})", intro, services))
    for j in range(n_broken):
        ext, data = _broken(rng, j, sample_pdf)
        dst = root / "broken" / f"broken-{j:04d}.{ext}"
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(data)
    return {"files": n_files, "distinct": n_distinct, "copies": n_copies, "variants": n_variants, "broken": n_broken}

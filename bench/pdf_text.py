"""Compare PDF text extraction: our layout reader vs pypdf, pdfplumber and pypdfium2 (issue 9).

    .venv/bin/python bench/pdf_text.py [--corpus /work/shared/corpus] [--extra-path /tmp/pdfextra] [--runs 3]

Each PDF is read by (1) ``ingest.readers.read_bytes`` (its blocks joined), (2) pypdf's
``extract_text()``, (3) pdfplumber's ``extract_text()``, (4) pypdfium2's
``get_textpage().get_text_range()``. pdfplumber and pypdfium2 are optional: they are not
project dependencies, so ``--extra-path`` puts a folder where they were installed
(``pip install --target``) on sys.path for this script only; a missing library's columns
are skipped with a note.

PDFs: those generated here with fpdf2 (Greek and English paragraphs, a font change in
mid-line, two columns, a table; the truth is the text written), and with ``--corpus`` the
readable PDFs of a labelled corpus (spec ``special`` is null), whose truth is the spec's
headings, paragraphs and list items in order. Title, header, footer, table cells, image
alt texts and page numbers ("page 3 of 9") are not truth, but extracted words found among
them are not counted as errors either, however often repeated (every library prints them, they say nothing about quality).

Quality, on folded words (kb.fold.words):
- F1: bag-of-words precision/recall against the truth;
- glued: share of truth words lost because an extracted token is two consecutive truth
  words run together ("τηςπόλης");
- split: share of truth words broken in two consecutive extracted tokens ("πό λης");
- order: longest common subsequence of the extracted and truth word sequences / truth length
  (1.0 = every word, in reading order).
Speed: seconds per page, median of ``--runs`` runs of a whole document.
"""
from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.fold import words  # noqa: E402

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# Our own word lists (no corpus text): sentences are drawn from them with a fixed seed.
EL = ("δήμος κέντρο ένταξης μεταναστών πρόγραμμα μαθήματα ελληνικής γλώσσας ενήλικες παιδιά οικογένειες "
      "συμβουλευτική απασχόλησης στέγαση διερμηνείς υγεία σχολεία εθελοντές κοινότητα υπηρεσίες δράσεις "
      "συνεργασία οργανώσεις εκπαίδευση ενημέρωση παραπομπή εργοδότες βιογραφικό διαμεσολάβηση ψυχοκοινωνική "
      "υποστήριξη γειτονιά βιβλιοθήκη εβδομάδα απογευματινά πρωινά τμήματα ωφελούμενοι καταγραφή αιτήσεις").split()
EN = ("municipality centre integration migrants programme lessons language adults children families "
      "counselling employment housing interpreters health schools volunteers community services actions "
      "cooperation organisations education information referral employers mediation psychosocial support "
      "neighbourhood library weekly afternoon morning classes beneficiaries registration applications").split()


def _sentence(rng: random.Random, vocab: list[str], n: int) -> str:
    text = " ".join(rng.choice(vocab) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def _pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    for family, stem in (("Sans", "DejaVuSans"), ("Serif", "DejaVuSerif")):
        pdf.add_font(family, "", str(FONT_DIR / f"{stem}.ttf"))
        pdf.add_font(family, "B", str(FONT_DIR / f"{stem}-Bold.ttf"))
    return pdf


def generated(seed: int = 9) -> list[tuple[str, bytes, list[str], int]]:
    """(name, pdf bytes, truth words, pages) for each generated case."""
    rng = random.Random(seed)
    cases = []

    pdf, truth = _pdf(), []
    for page in range(2):
        pdf.add_page()
        for i in range(6):
            vocab = EL if (i + page) % 2 == 0 else EN
            para = " ".join(_sentence(rng, vocab, rng.randint(8, 16)) for _ in range(4))
            pdf.set_font("Sans", "", 11)
            pdf.multi_cell(0, 6, para)
            pdf.ln(3)
            truth.append(para)
    cases.append(("gen/greek_english", bytes(pdf.output()), words(" ".join(truth)), 2))

    pdf, truth = _pdf(), []
    for page in range(2):
        pdf.add_page()
        for line in range(30):
            parts, runs = [], []
            for k in range(rng.randint(3, 5)):  # short enough that fpdf2 never wraps the line
                w = " ".join(rng.choice(EL if line % 2 else EN) for _ in range(rng.randint(1, 2)))
                font = rng.choice((("Sans", ""), ("Sans", "B"), ("Serif", ""), ("Serif", "B")))
                size = rng.choice((10, 11, 12))
                # The space between two runs sits at the end of the first, at the start of the second,
                # or in a run of its own (in the regular font).
                if k and k % 3 == 0:
                    runs[-1] = (runs[-1][0] + " ", *runs[-1][1:])
                elif k and k % 3 == 1:
                    w_run = " " + w
                    runs.append((w_run, font, size))
                    parts.append(w)
                    continue
                elif k:
                    runs.append((" ", ("Sans", ""), size))
                runs.append((w, font, size))
                parts.append(w)
            for text, font, size in runs:
                pdf.set_font(font[0], font[1], size)
                pdf.write(6, text)
            pdf.ln(7)
            truth.append(" ".join(parts))
    cases.append(("gen/font_change", bytes(pdf.output()), words(" ".join(truth)), 2))

    pdf, truth = _pdf(), []
    for page in range(2):
        pdf.add_page()
        pdf.set_font("Serif", "", 10)
        cols = []
        for col in range(2):
            text = "\n\n".join(" ".join(_sentence(rng, EL if col == 0 else EN, rng.randint(8, 14)) for _ in range(3))
                               for _ in range(4))
            pdf.set_xy(10 + col * 100, 20)
            pdf.multi_cell(90, 5, text)
            cols.append(text)
        truth.extend(cols)
    cases.append(("gen/two_columns", bytes(pdf.output()), words(" ".join(truth)), 2))

    pdf, truth = _pdf(), []
    pdf.add_page()
    pdf.set_font("Sans", "", 10)
    head = ["Υπηρεσία / Service", "Ωφελούμενοι", "Notes"]
    rows = [head] + [[" ".join(rng.choice(EL) for _ in range(2)), str(rng.randint(10, 999)),
                      " ".join(rng.choice(EN) for _ in range(rng.randint(2, 7)))] for _ in range(14)]
    with pdf.table(col_widths=(60, 30, 90)) as table:
        for r in rows:
            row = table.row()
            for cell in r:
                row.cell(cell)
            truth.append(" ".join(r))
    cases.append(("gen/table", bytes(pdf.output()), words(" ".join(truth)), 1))
    return cases


def corpus(root: Path) -> list[tuple[str, bytes, list[str], int, Counter]]:
    """(name, pdf bytes, truth words, pages, ignorable words) for the readable PDFs of a corpus."""
    out = []
    for spec_path in sorted((root / "specs").glob("*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        if not spec["file"].lower().endswith(".pdf") or spec.get("special"):
            continue
        truth, ignore = [], []
        for b in spec["blocks"]:
            if b["type"] in ("heading", "paragraph"):
                truth.append(b["text"])
            elif b["type"] == "list":
                truth.extend(b["items"])
            elif b["type"] == "table":
                ignore.extend(c for row in b["rows"] for c in row)
            elif b["type"] == "image":
                ignore.append(b.get("alt", ""))
        ignore += [spec.get(k) or "" for k in ("title", "header", "footer")]
        data = (root / "docs" / spec["file"]).read_bytes()
        out.append((spec_path.stem, data, words("\n".join(truth)), 0, Counter(words(" ".join(ignore)))))
    return out


# --- extractors: bytes -> text -------------------------------------------------------------

def ours(data: bytes) -> str:
    from ingest.readers import read_bytes

    return "\n".join(b.text for b in read_bytes(data, "x.pdf").blocks)


def with_pypdf(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def with_pdfplumber(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def with_pdfium(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        texts = []
        for page in pdf:
            tp = page.get_textpage()
            texts.append(tp.get_text_range())
            tp.close()
            page.close()
        return "\n".join(texts)
    finally:
        pdf.close()


def page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


# --- scores --------------------------------------------------------------------------------

def lcs_len(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence, bit-parallel (Allison-Dix) on Python ints."""
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for i, x in enumerate(a):
        masks[x] = masks.get(x, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for y in b:
        u = v & masks.get(y, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


def score(got: list[str], truth: list[str], ignore: set[str]) -> dict:
    tb, gb = Counter(truth), Counter(got)
    hit = sum((tb & gb).values())
    extra = Counter({w: n for w, n in (gb - tb).items() if w not in ignore})  # neither truth nor furniture
    precision = hit / (hit + sum(extra.values())) if hit + sum(extra.values()) else 0.0
    recall = hit / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    vocab = set(tb)
    pairs = {truth[i] + truth[i + 1] for i in range(len(truth) - 1)}
    glued = sum(n for w, n in gb.items() if w not in vocab and w in pairs)
    split = sum(1 for x, y in zip(got, got[1:]) if (x not in vocab or y not in vocab) and x + y in vocab)
    order = lcs_len(truth, got) / len(truth) if truth else 0.0
    return {"f1": f1, "glued": 2 * glued / len(truth), "split": split / len(truth), "order": order}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, help="labelled corpus root (docs/ and specs/)")
    ap.add_argument("--extra-path", action="append", default=[], help="folder with pdfplumber / pypdfium2")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per document (median)")
    ap.add_argument("--per-doc", action="store_true", help="print every document's scores")
    args = ap.parse_args(argv)
    sys.path[1:1] = args.extra_path

    libs: dict[str, Callable[[bytes], str]] = {"ours": ours, "pypdf": with_pypdf}
    for name, fn, module in (("pdfplumber", with_pdfplumber, "pdfplumber"), ("pypdfium2", with_pdfium, "pypdfium2")):
        try:
            __import__(module)
            libs[name] = fn
        except ImportError:
            print(f"note: {module} is not installed, its column is skipped (see --extra-path)")

    docs = [(n, d, t, p, Counter()) for n, d, t, p in generated()]
    if args.corpus:
        docs += corpus(args.corpus)
    results: dict[str, list[dict]] = {lib: [] for lib in libs}
    for name, data, truth, pages, ignore in docs:
        pages = pages or page_count(data)
        ignore = set(ignore) | {str(i) for i in range(1, pages + 1)} | {"page", "of", "σελιδα", "σελ", "απο"}
        for lib, fn in libs.items():
            times, text, err = [], "", ""
            for _ in range(max(1, args.runs)):
                t0 = time.perf_counter()
                try:
                    text = fn(data)
                except Exception as exc:  # a library failing on a file is a result, not a crash
                    err = f"{exc.__class__.__name__}: {exc}"[:80]
                    break
                times.append(time.perf_counter() - t0)
            s = score(words(text), truth, ignore) if not err else {"f1": 0.0, "glued": 0.0, "split": 0.0,
                                                                    "order": 0.0}
            s.update(name=name, spp=statistics.median(times) / pages if times else float("nan"), err=err)
            results[lib].append(s)
            if args.per_doc:
                print(f"{name[:40]:40} {lib:10} F1 {s['f1']:.3f} glued {s['glued']:.3f} split {s['split']:.3f} "
                      f"order {s['order']:.3f} {s['spp']:.4f} s/p {err}")

    def table(title: str, keep: Callable[[str], bool]) -> None:
        print(f"\n{title}")
        print(f"{'library':12} {'docs':>4} {'F1':>6} {'glued':>7} {'split':>7} {'order':>6} {'s/page':>8} failed")
        for lib, rows in results.items():
            rows = [r for r in rows if keep(r["name"])]
            if not rows:
                continue
            ok = [r["spp"] for r in rows if not r["err"]]
            mean = {k: statistics.mean(r[k] for r in rows) for k in ("f1", "glued", "split", "order")}
            print(f"{lib:12} {len(rows):4} {mean['f1']:6.3f} {mean['glued']:7.4f} {mean['split']:7.4f} "
                  f"{mean['order']:6.3f} {statistics.median(ok) if ok else float('nan'):8.4f} "
                  f"{sum(1 for r in rows if r['err'])}")

    table("generated PDFs (median s/page over documents)", lambda n: n.startswith("gen/"))
    if args.corpus:
        table("corpus PDFs", lambda n: not n.startswith("gen/"))
        table("all", lambda n: True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

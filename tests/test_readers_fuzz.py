"""Fuzzing every format (issue 9): bit flips, truncations, insertions and zeroed runs of valid files that
the test writes. Nothing but ReadError may escape, and no example may take long: OCR and conversion run
under short limits, and a watchdog fails an example that hangs instead of hanging the suite.
FUZZ_EXAMPLES=200 runs a longer campaign (15 examples per format by default)."""
from __future__ import annotations

import os
import signal
import time

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ingest.blocks import ReadError, ReadResult  # noqa: E402
from ingest.readers import Limits, detect_format, read_bytes  # noqa: E402

import test_formats as F  # noqa: E402  (the builders of the new formats)
import test_readers as R  # noqa: E402
from test_readers_html import page_divs_only  # noqa: E402
from test_readers_pdf_columns import two_columns  # noqa: E402
from test_readers_pdf_legacy import legacy_pdf  # noqa: E402
from fuzzing import mutate, mutation

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LIMITS = Limits(ocr_timeout=5.0, convert_timeout=10.0, max_pages=20)
PER_EXAMPLE_S = 15  # an example slower than this (OCR and conversion are capped at 5-10 s) is a hang
MD = ("# Πρόγραμμα «Γέφυρα»\n\nΤο πρόγραμμα προσφέρει **μαθήματα** ελληνικών σε γονείς.\n\n"
      "- Τρίτη και Πέμπτη\n- [οδηγός](https://x.gr/a_(2023).pdf)\n\n| Α | Β |\n|---|---|\n| 1 | 2 |\n")
TXT = ("ΑΠΟΛΟΓΙΣΜΟΣ ΔΡΑΣΕΩΝ\n\nΤο Κέντρο Κοινότητας εξυπηρέτησε 640 ωφελούμενους.\n"
       "1. Μαθήματα ελληνικών\n2. Συμβουλευτική\n")


def _seeds() -> dict[str, bytes]:
    return {
        "pdf": R.make_pdf(2),
        "pdf-columns": two_columns(5, 10, "J", 7, 190, title="Ετήσια έκθεση"),
        "pdf-legacy": legacy_pdf(),
        "docx": R.make_docx(),
        "odt": F.make_odf("odt", F.ODT_BODY),
        "html": page_divs_only().encode("utf-8"),
        "md": MD.encode("utf-8"),
        "txt": TXT.encode("cp1253"),
        "eml": F.make_eml(F.rfc2047("Θέμα", "iso-8859-7"), [
            F.mime_part("text/plain", F.GREEK_BODY, "iso-8859-7", "quoted-printable"),
            F.attachment_part("application/octet-stream", F.make_docx("Τίτλος", [F.DESC_1]), 'filename="a.docx"')]),
        "msg": F.make_msg("Θέμα", F.GREEK_BODY, [("a.txt", F.DESC_1.encode())]),
        "xlsx": F.make_xlsx({"Δράσεις": F.PRACTICES_SHEET, "Στατιστικά": F.STATS_SHEET}),
        "ods": F.make_odf("ods", F.ods_body({"Δράσεις": F.PRACTICES_SHEET})),
        "csv": "\n".join(";".join(str(c) for c in r) for r in F.PRACTICES_SHEET[2:]).encode("cp1253"),
        "pptx": F.make_pptx(),
        "odp": F.make_odf("odp", F.ODP_BODY),
    }


_SEEDS: dict[str, bytes] = {}


def seed(kind: str) -> bytes:
    if not _SEEDS:
        _SEEDS.update(_seeds())
    return _SEEDS[kind]


KINDS = ["pdf", "pdf-columns", "pdf-legacy", "docx", "odt", "html", "md", "txt", "eml", "msg", "xlsx", "ods",
         "csv", "pptx", "odp"]



class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang(f"a reader ran longer than {PER_EXAMPLE_S} s")


@pytest.mark.skipif(not os.path.exists(FONT), reason="DejaVu font not installed")
@pytest.mark.parametrize("kind", KINDS)
def test_seeds_are_read_as_their_format(kind):
    expected = kind.split("-")[0]
    assert detect_format(seed(kind)) == expected
    assert read_bytes(seed(kind), limits=LIMITS).blocks


@pytest.mark.skipif(not os.path.exists(FONT), reason="DejaVu font not installed")
@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "15")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(mutation, min_size=1, max_size=5))
def test_fuzz_every_format(kind, ops):
    data = mutate(seed(kind), ops)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(PER_EXAMPLE_S * 2)
    start = time.monotonic()
    try:
        result = read_bytes(data, f"fuzz.{kind.split('-')[0]}", limits=LIMITS)
    except ReadError as exc:
        assert exc.reason and isinstance(exc.reason, str) and "b'" not in exc.reason
    else:
        assert isinstance(result, ReadResult) and result.blocks
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert time.monotonic() - start < PER_EXAMPLE_S


PATHOLOGICAL = {
    # each took 12-20 s before its fix (quadratic regexes and string building); now well under a second
    "brackets": b"[" * 40_000 + b"x" + b"]" * 40_000 + b"\n",
    "nested divs": b"<html><body>" + b"<div>" * 3000 + b"text here" + b"</div>" * 3000 + b"</body></html>",
    "base64 as text": b"Frnm: a\n\n" + b"QUJD" * 19 + b"\n" + (b"QUJD" * 19 + b"\n") * 1200,
    "hyphen lines": b"x-\n" * 60_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_inputs_are_read_in_bounded_time(name):
    start = time.monotonic()
    try:
        read_bytes(PATHOLOGICAL[name], "input", limits=LIMITS)
    except ReadError as exc:
        assert exc.reason
    assert time.monotonic() - start < 8

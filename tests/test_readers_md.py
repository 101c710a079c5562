"""Markdown through markdown-it-py: the cases the earlier line parser got wrong. Tests write their own text."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, ReadError
from ingest.readers import read_bytes


def blocks(md: str):
    return [(b.kind, b.text) for b in read_bytes(md.encode("utf-8"), "notes.md").blocks]


def test_link_with_parentheses_in_the_url():
    assert blocks("Δείτε τον [οδηγό](https://x.gr/a_(2023).pdf) του Δήμου.\n") == [
        (PARAGRAPH, "Δείτε τον οδηγό του Δήμου.")]


def test_reference_links_images_and_escapes():
    md = ("Το [πρόγραμμα][p] και η ![αφίσα](a.png \"τίτλος\") \\*όχι έμφαση\\*.\n\n"
          "[p]: https://example.org/p\n")
    assert blocks(md) == [(PARAGRAPH, "Το πρόγραμμα και η αφίσα *όχι έμφαση*.")]


def test_emphasis_inside_words_and_code_with_pipes():
    md = "Ο αριθμός snake_case_name μένει, **έντονο _και πλάγιο_** και `a | b`.\n"
    assert blocks(md) == [(PARAGRAPH, "Ο αριθμός snake_case_name μένει, έντονο και πλάγιο και a | b.")]


def test_lists_nested_ordered_and_lazy_continuation():
    md = ("1. Πρώτο\nσυνεχίζει χωρίς εσοχή\n   - υπο-στοιχείο\n2. Δεύτερο\n\n"
          "• Κουκκίδα από Word\n• Δεύτερη κουκκίδα\n\n- [x] Ολοκληρωμένη εργασία\n")
    r = read_bytes(md.encode("utf-8"), "notes.md")
    got = [(b.kind, b.text, b.level, b.ordered) for b in r.blocks]
    assert got == [
        (LIST_ITEM, "Πρώτο συνεχίζει χωρίς εσοχή", 1, True),
        (LIST_ITEM, "υπο-στοιχείο", 2, False),
        (LIST_ITEM, "Δεύτερο", 1, True),
        (LIST_ITEM, "Κουκκίδα από Word", 1, False),
        (LIST_ITEM, "Δεύτερη κουκκίδα", 1, False),
        (LIST_ITEM, "Ολοκληρωμένη εργασία", 1, False),
    ]


def test_headings_without_space_html_blocks_and_tables_without_separator():
    md = ("#Τίτλος χωρίς κενό\n\n<div class=\"note\">Σημείωση σε HTML</div>\n\n"
          "Δράση | Φορέας\nΜαθήματα | ΚΕΜ\nΣυμβουλευτική | Δήμος\n")
    r = read_bytes(md.encode("utf-8"), "notes.md")
    assert [(b.kind, b.text) for b in r.blocks[:2]] == [(HEADING, "Τίτλος χωρίς κενό"),
                                                        (PARAGRAPH, "Σημείωση σε HTML")]
    assert r.blocks[2].kind == TABLE
    assert r.blocks[2].rows == (("Δράση", "Φορέας"), ("Μαθήματα", "ΚΕΜ"), ("Συμβουλευτική", "Δήμος"))


def test_fenced_code_keeps_its_hashes():
    md = "```\n# όχι τίτλος\n```\n\nΚείμενο.\n"
    r = read_bytes(md.encode("utf-8"), "notes.md")
    assert [(b.kind, b.text, b.style.get("code", False)) for b in r.blocks] == [
        (PARAGRAPH, "# όχι τίτλος", True), (PARAGRAPH, "Κείμενο.", False)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("#*_-+|[]()!`>~\\ \n\t1.αβΓδabc<>/=:")), max_size=400))
def test_fuzz_markdown_never_escapes(text):
    try:
        r = read_bytes(text.encode("utf-8"), "fuzz.md")
    except ReadError as exc:
        assert exc.reason
    else:
        assert r.format in ("md", "html", "txt") and all(b.text for b in r.blocks)

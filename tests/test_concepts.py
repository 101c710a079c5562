"""Bilingual concept tokens (kb.vocab, kb/glossary.json) in the keyword index and in queries; no model needed."""
from __future__ import annotations

import sqlite3

import pytest

from kb.model import Practice
from kb.store import Store
from kb.vocab import concept_tokens
from search import hybrid
from search.hybrid import Searcher
from search.text import concept_groups, query_terms

COUNCIL_EL = Practice(
    title="Το συμβούλιο του Δήμου Καρυών",
    text="Το Συμβούλιο Ένταξης Μεταναστών του Δήμου Καρυών συνεδριάζει ανά τρίμηνο και υποβάλλει προτάσεις "
         "στο δημοτικό συμβούλιο για τα θέματα των κατοίκων που ήρθαν από άλλες χώρες.",
    language="el",
)
GARDEN_EN = Practice(
    title="Allotments by the river",
    text="The town lends allotments to local families, who grow tomatoes and beans side by side.",
    language="en",
)
LESSONS_EL = Practice(
    title="Βραδινά τμήματα",
    text="Το Κ.Ε.Μ. οργανώνει βραδινά τμήματα για ενήλικες στο πολιτιστικό κέντρο, τρεις φορές την εβδομάδα.",
    language="el",
)


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "kb.sqlite")
    with s.transaction():
        for i, p in enumerate((COUNCIL_EL, GARDEN_EN, LESSONS_EL)):
            s.insert_practice(f"p{i}", p, document_id=None, source_path=f"drive/{i}.md",
                              origin="ingest", review_state="published")
    yield s
    s.close()


def test_a_programme_gets_one_token_in_both_languages_and_any_inflection():
    greek = concept_tokens("Με απόφαση του Κέντρου Ένταξης Μεταναστών (ΚΕΜ) του Δήμου")
    english = concept_tokens("the Migrant Integration Centre of the municipality")
    dotted = concept_tokens("Το Κ.Ε.Μ. λειτουργεί καθημερινά")
    assert "zqnkem" in greek and "zqnkem" in english and "zqnkem" in dotted
    assert "zqnkem" not in concept_tokens("Το κέντρο της πόλης, με κεμπάπ")


def test_query_terms_are_covered_by_the_concepts_they_name():
    groups = concept_groups("Migrant Integration Council: how often does it meet")
    assert "zqnsem" in groups["council"] and "zqnsem" in groups["integr"]
    assert "often" not in groups
    assert "κεμ" in query_terms("Τι κάνει το Κ.Ε.Μ.;")


def test_an_english_query_finds_a_greek_practice_by_keyword(store, monkeypatch):
    searcher = Searcher(store, model="unused")  # bm25 mode never loads the model
    hits = searcher.search("Migrant Integration Council proposals", mode="bm25")
    assert hits and hits[0].id == "p0"
    monkeypatch.setattr(hybrid, "USE_CONCEPTS", False)
    assert "p0" not in [h.id for h in searcher.search("Migrant Integration Council proposals", mode="bm25")]


def test_a_glossary_word_finds_its_translation(store):
    searcher = Searcher(store, model="unused")
    assert [h.id for h in searcher.search("community gardens", mode="bm25")][:1] == ["p1"]
    assert [h.id for h in searcher.search("λαχανόκηποι", mode="bm25")][:1] == ["p1"]
    assert [h.id for h in searcher.search("evening classes at the Migrant Integration Centre", mode="bm25")][:1] == ["p2"]


def test_a_database_from_before_concept_tokens_is_reindexed(tmp_path):
    path = tmp_path / "old.sqlite"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE practices_fts")
    conn.execute("CREATE VIRTUAL TABLE practices_fts USING fts5(practice_id UNINDEXED, title, body)")
    conn.execute("INSERT INTO practices(id, title, text, review_state) VALUES ('p9', ?, ?, 'published')",
                 (COUNCIL_EL.title, COUNCIL_EL.text))
    conn.commit()
    conn.close()
    store = Store(path)
    assert [pid for pid, _ in store.fts_search('"zqnsem"')] == ["p9"]
    assert [pid for pid, _ in store.fts_search('"συμβουλιο"*')] == ["p9"]
    store.close()

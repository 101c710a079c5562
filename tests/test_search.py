"""Search end to end with the real model: ingest small documents, then find practices in Greek and English."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ingest_drive, write_drive
from kb.store import Store
from search.hybrid import Filters, QueryError, Searcher, rrf
from search.index import IndexMismatch, index_is_current, load_index
from search.indexer import Indexer
from search.related import related

pytestmark = pytest.mark.slow
KB = str(Path(sys.executable).with_name("kb"))

DOCS = {
    "larissa/greek-lessons.md": """# Μαθήματα ελληνικών για μητέρες

Ο Δήμος Λαρισαίων οργανώνει δωρεάν μαθήματα ελληνικής γλώσσας για γυναίκες πρόσφυγες, με φύλαξη των παιδιών
τους την ώρα του μαθήματος. Τα τμήματα λειτουργούν τρία πρωινά την εβδομάδα στο Κέντρο Ένταξης Μεταναστών.
""",
    "athens/health-mediators.md": """# Health mediators for Roma families

The City of Athens employs health mediators who accompany Roma and refugee families to health centres,
explain vaccination schedules and interpret at appointments with doctors.
""",
    "ioannina/gardens.txt": """ΚΟΙΝΟΣ ΚΗΠΟΣ

Ο Δήμος Ιωαννιτών παραχωρεί δημοτική έκταση όπου πρόσφυγες και ντόπιες οικογένειες καλλιεργούν μαζί
λαχανόκηπους. Γεωπόνος του Δήμου κάνει εβδομαδιαία εργαστήρια βιολογικής καλλιέργειας.
""",
    "ioannina/gardens-report.md": """# Κοινός Κήπος: απολογισμός της χρονιάς

Στους κοινούς λαχανόκηπους του Δήμου Ιωαννιτών πρόσφυγες και ντόπιες οικογένειες καλλιεργούν μαζί
δημοτική έκταση, με εβδομαδιαία εργαστήρια βιολογικής καλλιέργειας από γεωπόνο του Δήμου.
""",
    "patras/legal-aid.md": """# Νομική συμβουλευτική για μετανάστες

Δικηγόροι του Δήμου Πατρέων ενημερώνουν μετανάστες και πρόσφυγες για άδειες διαμονής, οικογενειακή επανένωση
και διαδικασίες ασύλου, με τη βοήθεια διερμηνέων.
""",
    "heraklion/grocery.md": """# Κοινωνικό Παντοπωλείο

Το Κοινωνικό Παντοπωλείο του Δήμου Ηρακλείου διανέμει τρόφιμα και είδη πρώτης ανάγκης σε ευάλωτα νοικοκυριά,
ντόπια και προσφυγικά, κάθε Τρίτη και Πέμπτη.
""",
    "karditsa/council.md": """# Συμβούλιο Ένταξης Μεταναστών

Το Συμβούλιο Ένταξης Μεταναστών του Δήμου Καρδίτσας συνεδριάζει κάθε τρεις μήνες και υποβάλλει προτάσεις
στο δημοτικό συμβούλιο για θέματα που αφορούν τους μετανάστες της πόλης.
""",
    "tripoli/employment.md": """# Employment counselling for refugees

Counsellors of the City of Tripoli help refugees write their CVs, prepare for job interviews and meet local
employers at a yearly jobs fair.
""",
    "larissa/webinar.md": """# Webinar for municipal staff on cultural mediation

The City of Larissa ran an online seminar for the staff of member municipalities on working with cultural
mediators and interpreters in social services.
""",
    "chalandri/summer.md": """# Summer camps for local and refugee children

Every July the City of Chalandri runs two-week day camps where local and refugee children do sport, music and
art together in mixed groups.
""",
    "kozani/reports/2023-annual-report.md": """# Υπηρεσία στεγαστικής διαμεσολάβησης

Μετά το τέλος του προγράμματος φιλοξενίας σε διαμερίσματα, ο Δήμος Κοζάνης δημιούργησε υπηρεσία στεγαστικής
διαμεσολάβησης. Δύο σύμβουλοι στέγασης βρίσκουν διαθέσιμα διαμερίσματα, μιλούν με τους ιδιοκτήτες, εξηγούν τα
έγγραφα της μίσθωσης και συνοδεύουν τις οικογένειες δικαιούχων διεθνούς προστασίας στην υπογραφή του
συμβολαίου. Μέσα στο 2023 βρήκαν σπίτι 41 οικογένειες, ενώ η υπηρεσία μεσολάβησε σε 17 διαφορές με ιδιοκτήτες
για επισκευές και εγγυήσεις. Η χρηματοδότηση προέρχεται από τον τακτικό προϋπολογισμό του Δήμου.
""",
    "kozani/factsheets/housing-en.md": """# Housing mediation service

The City of Kozani's housing advisers find flats for refugee families, talk to landlords and explain the lease.
""",
    "thessaloniki/festival.md": """# World Refugee Day festival

Every June the City of Thessaloniki organises a festival in a central square for World Refugee Day, with music,
food from refugee communities and an information campaign for the public.
""",
}


@pytest.fixture(scope="module")
def kbase(tmp_path_factory, model_dir, embedder):
    root = tmp_path_factory.mktemp("search")
    drive = write_drive(root / "drive", DOCS)
    store = Store(root / "kb.sqlite")
    model = str(model_dir)
    ingest_drive(store, drive, Indexer(store, model, embedder=embedder))
    return Searcher(store, model=model, embedder=embedder)


def titles(hits):
    return [h.title for h in hits]


def top(searcher, query, **kw):
    hits = searcher.search(query, k=3, **kw)
    assert hits, query
    return hits[0]


def test_greek_query_finds_greek_practice(kbase):
    hit = top(kbase, "μαθήματα ελληνικής γλώσσας για γυναίκες με παιδιά")
    assert hit.source.endswith("greek-lessons.md")
    assert "<mark>" in hit.snippet
    assert hit.municipality == "Larissa"


def test_accents_case_and_inflection_do_not_matter_for_keywords(kbase):
    results = [[h.id for h in kbase.search(q, k=5, mode="bm25")]
               for q in ("ΛΑΧΑΝΟΚΗΠΟΥΣ", "λαχανοκηπους", "λαχανόκηποι", "Λαχανόκηπος")]
    assert results[0] and all(r == results[0] for r in results)
    sources = {h.source for h in kbase.search("λαχανόκηποι", k=5, mode="bm25")}
    assert sources and all("gardens" in s for s in sources)


def test_cross_lingual_both_ways(kbase):
    assert top(kbase, "Greek classes for refugee mothers with childcare").source.endswith("greek-lessons.md")
    assert top(kbase, "διαμεσολαβητές υγείας για οικογένειες Ρομά").source.endswith("health-mediators.md")
    assert top(kbase, "γιορτή για την Παγκόσμια Ημέρα Προσφύγων σε πλατεία").source.endswith("festival.md")


def test_filters_narrow_results(kbase):
    hits = kbase.search("πρόσφυγες", k=10, filters=Filters(municipality="Ιωάννινα"))
    assert hits and {h.municipality for h in hits} == {"Ioannina"}
    english = kbase.search("refugees", k=10, filters=Filters(lang="en"))
    assert english and all(h.language == "en" for h in english)
    on_axis = kbase.search("refugees", k=10, filters=Filters(axis=8))
    assert on_axis and all(8 in h.axes for h in on_axis)
    assert kbase.search("refugees", filters=Filters(municipality="Nowhere")) == []


def test_bad_queries_are_refused(kbase):
    for q in ("", "   "):
        with pytest.raises(QueryError):
            kbase.search(q)
    with pytest.raises(QueryError):
        kbase.search("x", filters=Filters(axis=9))
    with pytest.raises(QueryError):
        kbase.search("x", mode="magic")
    # FTS syntax in a query is text, not syntax.
    assert isinstance(kbase.search('"NEAR( AND OR * ^ -', k=3), list)


def test_rrf_rewards_agreement_between_lists():
    fused = rrf(["a", "b", "c"], ["c", "a", "d"])
    assert [pid for pid, _ in fused][:2] == ["a", "c"]


def test_every_practice_has_axes_with_scores(kbase):
    for p in kbase.store.practices():
        assert p["axes"], p["title"]
        scores = [a["score"] for a in p["axes"]]
        assert scores == sorted(scores, reverse=True)
        assert all(1 <= a["axis"] <= 8 for a in p["axes"])
    festival = next(p for p in kbase.store.practices() if p["source_path"].endswith("festival.md"))
    assert 8 in [a["axis"] for a in festival["axes"]]


def test_related_puts_the_same_practice_first(kbase):
    garden = next(p for p in kbase.store.practices() if p["source_path"].endswith("gardens.txt"))
    rel = related(kbase, garden["id"], k=3)
    assert rel[0]["source"].endswith("gardens-report.md") and rel[0]["same"] is True
    assert all(r["id"] != garden["id"] for r in rel)


def test_related_finds_the_same_practice_described_in_the_other_language(kbase):
    report = next(p for p in kbase.store.practices() if p["source_path"].endswith("2023-annual-report.md"))
    rel = related(kbase, report["id"], k=3)
    assert rel[0]["source"].endswith("housing-en.md")


def test_an_english_programme_name_finds_the_greek_practice_by_keyword(kbase):
    hits = kbase.search("Migrant Integration Council", k=3, mode="bm25")
    assert hits and hits[0].source.endswith("karditsa/council.md")


def test_index_is_rebuilt_when_missing_or_stale(kbase):
    store = kbase.store
    path = kbase.index_path
    load_index(store, path, kbase.embedder.name)
    assert index_is_current(store, path, kbase.embedder.name)
    path.unlink()
    assert not index_is_current(store, path, kbase.embedder.name)
    assert len(load_index(store, path, kbase.embedder.name)) == store.count_practices()
    with store.transaction():
        store._bump_vectors_version()
    assert not index_is_current(store, path, kbase.embedder.name)
    assert top(kbase, "λαχανόκηποι")


def test_vectors_of_another_model_give_a_clear_error(kbase, tmp_path):
    with pytest.raises(IndexMismatch, match="kb reembed"):
        load_index(kbase.store, tmp_path / "other.faiss", "some-other-model")


def test_cli_search_json_contract(kbase, model_dir):
    out = subprocess.run([KB, "--db", str(kbase.store.path), "search", "λαχανόκηποι", "--k", "2", "--json"],
                         capture_output=True, text=True, check=True, env={**os.environ, "KB_MODEL": str(model_dir)})
    data = json.loads(out.stdout)
    assert data["query"] == "λαχανόκηποι"
    assert 1 <= len(data["results"]) <= 2
    assert {"id", "title", "municipality", "snippet", "source", "axes", "score"} <= set(data["results"][0])
    bad = subprocess.run([KB, "--db", str(kbase.store.path), "search", "x", "--axis", "9"],
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "9" in bad.stderr

"""The vector index at scale, without the model: exact or IVF by size, filtered search, incremental updates,
and the in-memory catalog of filters and facets against the SQL it replaces."""
from __future__ import annotations

from collections import Counter

import faiss
import numpy as np
import pytest

from kb.model import Practice
from kb.store import Store
from search import index as index_mod
from search.catalog import load_catalog
from search.hybrid import Filters, QueryError, Searcher
from search.index import Selection, VectorIndex, build_faiss, load_index

DIM = 32


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def clustered(n: int, seed: int = 0, clusters: int = 40) -> np.ndarray:
    """Normalised vectors around random centres (the same for every seed), as sentence embeddings
    cluster by topic."""
    centres = np.random.default_rng(1234).normal(size=(clusters, DIM))
    rng = np.random.default_rng(seed)
    return unit(centres[rng.integers(clusters, size=n)] + 0.6 * rng.normal(size=(n, DIM)))


def exact_top(vectors: np.ndarray, labels: np.ndarray, q: np.ndarray, k: int) -> set[int]:
    return set(labels[np.argsort(-(vectors @ q))[:k]].tolist())


def test_exact_below_the_threshold_and_ivf_above():
    vecs = clustered(600)
    labels = np.arange(1, 601, dtype=np.int64)
    small = build_faiss(vecs, labels, ann_min=1000)
    assert isinstance(small, faiss.IndexIDMap2) and small.ntotal == 600
    big_vecs = clustered(3000)
    big = build_faiss(big_vecs, np.arange(1, 3001, dtype=np.int64), ann_min=1000)
    assert isinstance(big, faiss.IndexIVF) and big.ntotal == 3000
    assert 1 <= big.nprobe < big.nlist  # calibrated, not a full scan


@pytest.mark.parametrize("data", ["clustered", "uniform"])
def test_ivf_recall_at_10_against_exact(data):
    n = 4000
    vecs = clustered(n, seed=1) if data == "clustered" else unit(np.random.default_rng(1).normal(size=(n, DIM)))
    labels = np.arange(n, dtype=np.int64) * 3 + 5  # ids need not be dense
    index = build_faiss(vecs, labels, ann_min=1000)
    queries = clustered(200, seed=2) if data == "clustered" else unit(np.random.default_rng(2).normal(size=(200, DIM)))
    found = index.search(queries, 10)[1]
    hits = sum(len(exact_top(vecs, labels, q, 10) & set(f.tolist())) for q, f in zip(queries, found))
    assert hits / (10 * len(queries)) >= 0.97


def make_index(n: int, ann_min: int) -> tuple[VectorIndex, np.ndarray, np.ndarray]:
    text, head = clustered(n, seed=3), clustered(n, seed=4)
    ids = [f"p{i}" for i in range(n)]
    labels = np.arange(1, n + 1, dtype=np.int64)
    return VectorIndex(ids, text, "m", 1, ["el"] * n, heads=head, labels=labels, ann_min=ann_min), text, head


@pytest.mark.parametrize("ann_min", [100_000, 500])
def test_rare_filter_returns_exactly_the_allowed_practices(ann_min):
    index, _, _ = make_index(3000, ann_min)
    assert index.approximate == (ann_min < 3000)
    rng = np.random.default_rng(5)
    allowed = sorted(rng.choice(3000, size=50, replace=False).tolist())
    mask = np.zeros(3001, dtype=bool)
    mask[[a + 1 for a in allowed]] = True
    got = index.query(clustered(1, seed=6)[0], "κείμενο", 100, selection=Selection(mask))
    assert sorted(int(pid[1:]) for pid, _ in got) == allowed
    scores = [s for _, s in got]
    assert scores == sorted(scores, reverse=True)


def test_filtered_search_agrees_with_the_exact_answer():
    index, text, head = make_index(3000, 500)
    mask = np.zeros(3001, dtype=bool)
    mask[1::3] = True  # a third of the practices
    q = clustered(1, seed=7)[0]
    got = [pid for pid, _ in index.query(q, "text", 10, selection=Selection(mask))]
    ref = [pid for pid, _ in index.query(q, "text", 10, selection=Selection(mask), exact=True)]
    assert all(mask[int(p[1:]) + 1] for p in got)
    assert len(set(got) & set(ref)) >= 9


def test_ids_filter_still_accepted():
    index, _, _ = make_index(200, 100_000)
    got = index.query(clustered(1, seed=8)[0], "text", 10, ids=["p3", "p7", "nope"])
    assert sorted(pid for pid, _ in got) == ["p3", "p7"]


# -- against a store --------------------------------------------------------------------------


def fill(store: Store, n: int, start: int = 0, seed: int = 0) -> list[str]:
    """n practices with vectors, across municipalities, years, languages, axes and labels."""
    towns = ["Athens", "Patras", "Larissa", "Tripoli"]  # stored canonical, as ingestion stores them
    vecs, heads = clustered(n, seed=seed), clustered(n, seed=seed + 100)
    ids = [f"q{start + i:05d}" for i in range(n)]
    with store.transaction():
        for i, pid in enumerate(ids):
            j = start + i
            p = Practice(title=f"Δράση {j}", text=f"Κείμενο δράσης αριθμός {j} για πρόσφυγες",
                         municipality=towns[j % 4], language="en" if j % 5 == 0 else "el",
                         status=["running", "ended", "planned"][j % 3], start_year=2015 + j % 7,
                         target_groups=["women"] if j % 2 else ["children", "roma"],
                         services=["housing"] if j % 3 else [])
            store.insert_practice(pid, p, document_id=None, source_path=f"drive/{pid}.md",
                                  origin="ingest", review_state="pending" if j % 11 == 0 else "published")
            store.set_axes(pid, [{"axis": 1 + j % 8, "score": 0.5}, {"axis": 1 + (j + 3) % 8, "score": 0.4}])
        store.put_vectors("m", [(pid, f"k{pid}", v, h) for pid, v, h in zip(ids, vecs, heads)])
    return ids


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "kb.sqlite")
    yield s
    s.close()


@pytest.fixture(autouse=True)
def _fresh_caches():
    index_mod._cache.clear()
    yield
    index_mod._cache.clear()


def test_practices_added_later_are_added_to_the_index_not_rebuilt(store, tmp_path, monkeypatch):
    path = tmp_path / "kb.sqlite.faiss"
    fill(store, 1200)
    first = load_index(store, path, "m", ann_min=1000, save=True)
    assert first.approximate and len(first) == 1200
    built = []
    monkeypatch.setattr(index_mod, "build_index", lambda *a, **k: built.append(1))
    new = fill(store, 30, start=1200, seed=9)
    index = load_index(store, path, "m", ann_min=1000, save=True)
    assert index is first and not built and len(index) == 1230
    assert first.text.index.ntotal == first.head.index.ntotal == 1230
    # A new practice is indexed under its own label: its vector finds it first.
    assert index.search(index.vector(new[7]), 1)[0][0] == new[7]
    assert index.row_of[new[7]] == store.execute("SELECT rowid FROM practices WHERE id=?", (new[7],)).fetchone()[0]
    # A replaced vector replaces, a deleted practice leaves the index.
    with store.transaction():
        store.put_vectors("m", [(new[0], "changed", clustered(1, seed=11)[0])])
        store.delete_practice(new[1])
    index = load_index(store, path, "m", ann_min=1000, save=True)
    assert len(index) == 1229 and new[1] not in index.row_of and index.text.index.ntotal == 1229
    assert not built
    # Another process starts from the saved files and agrees.
    index_mod._cache.clear()
    again = load_index(store, path, "m", ann_min=1000)
    assert not built and again.version == store.vectors_version()
    assert sorted(again.row_of) == sorted(store.vector_ids("m"))


def test_index_rebuilt_when_rowids_no_longer_match(store, tmp_path):
    path = tmp_path / "kb.sqlite.faiss"
    fill(store, 50)
    load_index(store, path, "m", save=True)
    index_mod._cache.clear()
    store.execute("UPDATE practices SET rowid = rowid + 1000")  # what a VACUUM may do
    index = load_index(store, path, "m")
    assert sorted(index.row_of.values()) == sorted(r for (r,) in store.execute("SELECT rowid FROM practices"))


FILTERS = [
    Filters(), Filters(municipality="Δήμος Πατρέων"), Filters(municipality="municipality of tripoli"),
    Filters(axis=3), Filters(lang="en"), Filters(status="planned"), Filters(target_group="roma"),
    Filters(service="housing"), Filters(year=2017), Filters(axis=5, municipality="Δήμος Αθηναίων", year=2016),
    Filters(municipality="Nowhere"),
]


def test_catalog_filters_agree_with_the_sql_filters(store):
    fill(store, 300)
    searcher = Searcher(store, model="m")
    for f in FILTERS:
        sql = searcher.allowed_ids(f)
        allowed = searcher.allowed(f)
        got = set(allowed.ids()) if allowed is not None else set(store.vector_ids("m"))
        want = sql if sql is not None else set(store.vector_ids("m"))
        assert got == want, f
        if f.active() and f.municipality != "Nowhere":
            assert 0 < len(want) < 300, f
        assert all(p in allowed for p in list(want)[:20])
    with pytest.raises(QueryError):
        searcher.allowed(Filters(axis=9))


def test_catalog_follows_edits(store):
    fill(store, 40)
    searcher = Searcher(store, model="m")
    before = len(searcher.allowed(Filters(municipality="Δήμος Πατρέων")))
    with store.transaction():
        store.update_practice("q00002", {"municipality": "Patras"})
        store.update_practice("q00005", {"review_state": "pending"})
    after = searcher.allowed(Filters(municipality="Δήμος Πατρέων"))
    assert "q00002" in after and "q00005" not in after
    assert len(after) == before
    assert before > 0


def test_facets_count_the_full_result_set(store):
    fill(store, 300)
    searcher = Searcher(store, model="m")
    f = Filters(axis=2)
    ids = searcher.allowed_ids(f)
    rows = store.practices_by_ids(sorted(ids))
    facets = searcher.facets(f)
    assert dict(facets["municipality"]) == Counter(r["municipality"] for r in rows.values())
    assert dict(facets["axis"]) == Counter(a["axis"] for r in rows.values() for a in r["axes"])
    assert dict(facets["target_group"]) == Counter(t for r in rows.values() for t in r["target_groups"])
    assert dict(facets["year"]) == Counter(r["start_year"] for r in rows.values())
    some = sorted(ids)[:25]
    assert sum(n for _, n in searcher.facets(f, ids=some)["municipality"]) == 25
    assert load_catalog(store) is load_catalog(store)


def test_filtered_keyword_search_ranks_every_allowed_match(store):
    fill(store, 300)
    searcher = Searcher(store, model="m")
    f = Filters(municipality="Patras", year=2016)
    want = searcher.allowed_ids(f)
    assert 0 < len(want) < 30
    from search.text import query_terms

    got = searcher.bm25(query_terms("πρόσφυγες"), searcher.allowed(f), 100)
    assert set(got) == want  # every practice mentions refugees: all the allowed ones, and only them
    scores = dict(store.fts_search('"προσφυγ"*', 1000))
    assert [scores[p] for p in got] == sorted((scores[p] for p in got), reverse=True)

"""Passage windows of long practices: how texts are cut, and how their vectors score a query (no model needed)."""
from __future__ import annotations

import numpy as np

from kb.model import Practice
from kb.store import Store
from search.embed import PASSAGE_STRIDE, PASSAGE_WORDS, passage_windows
from search.index import VectorIndex, load_index


def test_short_texts_have_no_windows_and_long_ones_overlap():
    assert passage_windows("Τίτλος", "λέξη " * PASSAGE_WORDS) == []
    words = [f"w{i}" for i in range(200)]
    windows = passage_windows("Title", " ".join(words))
    assert all(w.startswith("Title. ") for w in windows)
    assert windows[0].split()[1:] == words[:PASSAGE_WORDS]
    assert windows[1].split()[1] == words[PASSAGE_STRIDE]
    assert windows[-1].split()[-1] == words[-1]  # the end of the text is covered


def _unit(*xs: float) -> np.ndarray:
    v = np.asarray(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def _index(with_passages: bool) -> VectorIndex:
    # Practice "long" is about many things (its vectors point away from the query), but one of its
    # passages says exactly what the query asks; practice "near" is mildly close as a whole. Each
    # vector has its mirror image, so that the means the index subtracts are zero.
    texts = np.vstack([_unit(0, 1, 0, 0), _unit(0.3, 0.95, 0, 0)])
    texts = np.vstack([texts, -texts])
    passages = np.vstack([_unit(0, 0, 1, 1), _unit(1, 0, 0, 0)])
    pairs = ([0, 0, 2, 2], np.vstack([passages, -passages])) if with_passages else None
    return VectorIndex(["long", "near", "anti-long", "anti-near"], texts, "m", 1, heads=texts, passages=pairs)


def test_the_best_passage_stands_for_a_long_text():
    query = _unit(1, 0, 0, 0)
    assert [p for p, _ in _index(False).query(query, "q", 2)][0] == "near"
    assert [p for p, _ in _index(True).query(query, "q", 2)][0] == "long"


def test_passage_vectors_are_stored_and_indexed(tmp_path):
    store = Store(tmp_path / "kb.sqlite")
    with store.transaction():
        for pid in ("a", "b"):
            store.insert_practice(pid, Practice(title=pid, text=pid), document_id=None, source_path=pid,
                                  origin="ingest", review_state="published")
        store.put_vectors("m", [("a", "ka", _unit(1, 0), _unit(1, 0), np.vstack([_unit(0, 1), _unit(1, 1)])),
                                ("b", "kb", _unit(0, 1), _unit(0, 1), np.zeros((0, 2), np.float32))])
    assert store.vectors_by_content("m", ["ka"])["ka"][2].shape == (2, 2)
    assert store.vectors_by_content("m", ["kb"])["kb"][2].shape == (0, 2)
    owners, vecs = store.passage_vectors("m", ["a", "b"])
    assert owners == [0, 0] and vecs.shape == (2, 2)
    path = tmp_path / "kb.sqlite.faiss"
    built = load_index(store, path, "m")
    assert built.passages_of == {built.row_of["a"]: [0, 1]}
    from search import index as index_module

    index_module._cache.clear()  # read the files back, not the cached object
    read = load_index(store, path, "m")
    assert read.passages_of == {read.row_of["a"]: [0, 1]} and read.passage.index.ntotal == 2
    store.close()


def test_passages_follow_incremental_sync_and_filters(tmp_path):
    # The passage space keeps step with the store without a rebuild (labels of its own, owners the
    # practices' rowids), and a filtered search finds a practice through a passage only if allowed.
    # Mirror images ("z" of "a", "y" of "b") keep the means the index subtracts at zero.
    from search import index as index_module
    from search.index import Selection

    store = Store(tmp_path / "kb.sqlite")
    with store.transaction():
        for pid in ("a", "z", "b", "y", "c"):
            store.insert_practice(pid, Practice(title=pid, text=pid), document_id=None, source_path=pid,
                                  origin="ingest", review_state="published")
        store.put_vectors("m", [("a", "ka", _unit(0, 1, 0), _unit(0, 1, 0), np.vstack([_unit(1, 0, 0)])),
                                ("z", "kz", _unit(0, -1, 0), _unit(0, -1, 0), np.vstack([_unit(-1, 0, 0)])),
                                ("b", "kb", _unit(0, 1, 0.2), _unit(0, 1, 0.2), None),
                                ("y", "ky", _unit(0, -1, -0.2), _unit(0, -1, -0.2), None)])
    path = tmp_path / "kb.sqlite.faiss"
    built = load_index(store, path, "m", save=True)
    assert built.passages_of == {built.row_of["a"]: [0], built.row_of["z"]: [1]}
    with store.transaction():  # a new long practice, and a's text replaced (its old passage goes)
        store.put_vectors("m", [("c", "kc", _unit(0, 0, 1), _unit(0, 0, 1), np.vstack([_unit(1, 0.5, 0)])),
                                ("a", "ka2", _unit(0, 1, 0), _unit(0, 1, 0), np.vstack([_unit(1, 0, 0.1)]))])
    synced = load_index(store, path, "m", save=True)
    assert synced is built  # brought up to date in place, not rebuilt
    a, c, z = synced.row_of["a"], synced.row_of["c"], synced.row_of["z"]
    assert synced.passages_of == {a: [2], z: [1], c: [3]}  # new labels in rowid order
    assert synced.passage.index.ntotal == 3 and synced.owners.tolist() == [-1, z, a, c]
    query = _unit(1, 0, 0)
    assert [p for p, _ in synced.query(query, "q", 2)] == ["a", "c"]
    mask = np.zeros(max(synced.row_of.values()) + 1, dtype=bool)
    mask[[synced.row_of["b"], c]] = True
    got = synced.query(query, "q", 5, selection=Selection(mask))
    assert [p for p, _ in got] == ["c", "b"]  # a's passage is nearer, but a is filtered out
    with store.transaction():
        store.delete_practice("c")
    index_module._cache.clear()  # from the files, then synced: c and its passage are gone
    read = load_index(store, path, "m")
    assert read.passages_of == {a: [2], z: [1]} and read.passage.index.ntotal == 2
    store.close()


def test_an_exact_index_grown_by_half_is_rebuilt_so_its_centring_means_stay_fresh(tmp_path):
    # kb ingest brings the index up to date after each embedding batch: an index built from the first
    # (Greek) batch and only added to afterwards centred every later (English) vector by Greek means.
    from search import index as index_module

    store = Store(tmp_path / "kb.sqlite")
    rng = np.random.default_rng(7)

    def add(prefix: str, lang: str, n: int) -> None:
        with store.transaction():
            for i in range(n):
                pid = f"{prefix}{i}"
                store.insert_practice(pid, Practice(title=pid, text=pid, language=lang), document_id=None,
                                      source_path=pid, origin="ingest", review_state="published")
                v = _unit(*rng.normal(size=4))
                store.put_vectors("m", [(pid, f"k{pid}", v, v, None)])

    add("el", "el", index_module.MIN_PER_LANGUAGE)
    path = tmp_path / "kb.sqlite.faiss"
    first = load_index(store, path, "m", save=True)
    assert "el" in first.text.means and "en" not in first.text.means
    add("en", "en", index_module.MIN_PER_LANGUAGE)  # twice the size: past EXACT_REBUILD_GROWTH
    grown = load_index(store, path, "m", save=True)
    assert grown is not first and "en" in grown.text.means
    store.close()

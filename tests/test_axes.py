"""The MoU axes classifier: fitting, thresholds, persistence, retraining on confirmed axes.

Fast tests use synthetic vectors (the fitting is what they test); the slow ones
train on documents the test writes, with the real embedding model.
"""
from __future__ import annotations

import json
import time
import zlib
from pathlib import Path

import numpy as np
import pytest

from kb.model import Practice
from kb.store import Store
from search.axes_data import Examples, label_matrix, load_examples, save_examples
from search.axes_model import AxesClassifier, FeatureConfig, best_threshold, decide, fit
from search.axes_train import DESCRIPTIONS, EXAMPLES_FILE, retrain_due, retrain_store
from search.indexer import Indexer
from search.linking import SHIPPED_DIR, link, load_axis_model, model_path

DIM = 24
# Words that stand for each axis in the synthetic texts (Greek and English).
WORDS = [("ανταλλαγή", "exchange"), ("υπηρεσία", "service"), ("δίκτυο", "network"), ("χρηματοδότηση", "funding"),
         ("πολιτική", "policy"), ("απασχόληση", "employment"), ("ευαισθητοποίηση", "awareness"),
         ("κοινότητα", "community")]


def synthetic(n_per_axis: int = 6, seed: int = 0, second: bool = True) -> Examples:
    """Practices around one centre per axis; every third also belongs to the next axis."""
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(99).normal(size=(8, DIM))
    vecs, texts, labels, groups = [], [], [], []
    for a in range(8):
        for i in range(n_per_axis):
            axes = [a + 1] + ([(a + 1) % 8 + 1] if second and i % 3 == 0 else [])
            v = sum(centres[x - 1] for x in axes) + 0.3 * rng.normal(size=DIM)
            vecs.append(v / np.linalg.norm(v))
            el, en = WORDS[a]
            texts.append(f"{el} {en} practice number {i}. " + " ".join(WORDS[x - 1][i % 2] for x in axes))
            labels.append(axes)
            groups.append(f"doc-{(a * n_per_axis + i) % 10}")
    v = np.array(vecs, dtype=np.float32)
    return Examples(v, v.copy(), texts, label_matrix(labels), groups)


def test_fit_learns_separable_axes_and_is_deterministic(tmp_path):
    train, test = synthetic(seed=1), synthetic(seed=2)
    a = fit(train, FeatureConfig(n_hash=64, C=10.0))
    b = fit(train, FeatureConfig(n_hash=64, C=10.0))
    pa, pb = a.save(tmp_path / "a" / "axes.npz"), b.save(tmp_path / "b" / "axes.npz")
    assert pa.read_bytes() == pb.read_bytes(), "the same data must give the same file"
    predicted = a.predict(test.vectors, test.heads, test.texts)
    first = sum(p[0] in {i + 1 for i in np.nonzero(row)[0]} for p, row in zip(predicted, test.labels))
    assert first / len(test) >= 0.9, predicted


def test_thresholds_decide_and_every_practice_gets_an_axis():
    thresholds = np.array([0.5, 0.2, 0.9, 0.5, 0.5, 0.5, 0.5, 0.5], dtype=np.float32)
    probs = np.array([
        [0.6, 0.3, 0.8, 0.1, 0.1, 0.1, 0.1, 0.1],  # axis 3 is below its high threshold
        [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1],  # none passes: the one nearest its threshold
        [0.9, 0.9, 0.95, 0.9, 0.1, 0.1, 0.1, 0.1],  # four pass: the three furthest above
    ])
    assert decide(probs, thresholds, 3) == [[2, 1], [2], [2, 1, 4]]


def test_best_threshold_maximises_f1():
    probs = np.array([0.1, 0.2, 0.3, 0.6, 0.7, 0.8])
    truth = np.array([0, 0, 1, 1, 1, 0])
    t = best_threshold(probs, truth)
    assert 0.2 < t <= 0.3  # predicting 0.3, 0.6, 0.7, 0.8 gives F1 6/7, the best cut
    assert best_threshold(probs, np.zeros(6, dtype=int)) == 0.5


def test_model_file_round_trips_and_rejects_junk(tmp_path):
    model = fit(synthetic(), FeatureConfig(n_hash=32))
    path = model.save(tmp_path / "axes.npz")
    again = AxesClassifier.load(path)
    assert np.array_equal(again.weights, model.weights) and np.array_equal(again.thresholds, model.thresholds)
    assert again.config == model.config
    (tmp_path / "junk.npz").write_bytes(b"not a model")
    with pytest.raises(ValueError, match="cannot read the MoU axes model"):
        AxesClassifier.load(tmp_path / "junk.npz")


def test_examples_round_trip_as_float16(tmp_path):
    ex = synthetic()
    back = load_examples(save_examples(ex, tmp_path / "ex.npz"))
    assert back.texts == ex.texts and back.groups == ex.groups and np.array_equal(back.labels, ex.labels)
    assert np.allclose(back.vectors, ex.vectors, atol=1e-3)


def test_shipped_model_loads_fast_and_matches_its_training_set():
    t0 = time.perf_counter()
    model = load_axis_model(None)
    assert time.perf_counter() - t0 < 1.0
    assert model.path == SHIPPED_DIR / "axes.npz" and model_path(None) == model.path
    assert model.classifier.weights.shape[0] == 8 and ((model.classifier.thresholds > 0) &
                                                       (model.classifier.thresholds < 1)).all()
    base = load_examples(SHIPPED_DIR / EXAMPLES_FILE)
    assert DESCRIPTIONS in base.groups and base.vectors.dtype == np.float32
    assert len(base) == model.classifier.n_examples


# -- retraining a store on its confirmed axes ---------------------------------------------------------


def _store_with_practices(tmp_path: Path, ex: Examples) -> Store:
    store = Store(tmp_path / "kb.sqlite")
    with store.transaction():
        doc = store.upsert_document(sha256="a" * 64, size=10, format="txt", status="ingested")
        practices = [Practice(title=t.split(".")[0], text=t) for t in ex.texts]
        ids = [f"p{i}" for i in range(len(practices))]
        store.replace_practices(doc, practices, ids, source_path="drive/a.txt")
        store.put_vectors("synthetic", [(pid, p.content_key(), v, v) for pid, p, v in zip(ids, practices, ex.vectors)])
    return store


def test_retrain_learns_from_confirmed_axes_and_never_changes_them(tmp_path, monkeypatch):
    base_dir = tmp_path / "base"
    base = synthetic(n_per_axis=4, seed=3, second=False)
    fit_and_ship = fit(base, FeatureConfig(n_hash=32, C=10.0))
    fit_and_ship.save(base_dir / "axes.npz")
    save_examples(base, base_dir / EXAMPLES_FILE)
    store_ex = synthetic(n_per_axis=3, seed=4)
    store = _store_with_practices(tmp_path, store_ex)
    models_dir = tmp_path / "kb.sqlite.models"
    monkeypatch.setattr("search.linking.SHIPPED_DIR", base_dir)
    indexer = Indexer(store, "synthetic", models_dir=models_dir)
    indexer.relink(model_name="synthetic")
    # A coordinator's choice that the model would not make: p0 (axis 1 by its vector) is axes 7 and 3.
    with store.transaction():
        store.confirm_axes("p0", [7, 3])
        for i in range(1, 9):
            store.confirm_axes(f"p{i}", [int(a) + 1 for a in np.nonzero(store_ex.labels[i])[0]])
    assert retrain_due(store, every=9) and not retrain_due(store, every=10)
    info = retrain_store(store, "synthetic", models_dir, base_dir=base_dir)
    assert info["confirmed"] == 9 and info["base"] == len(base)
    assert model_path(models_dir) == models_dir / "axes.npz"
    first = (models_dir / "axes.npz").read_bytes()
    retrain_store(store, "synthetic", models_dir, base_dir=base_dir)
    assert (models_dir / "axes.npz").read_bytes() == first, "a retrain on the same data writes the same file"
    assert not retrain_due(store, every=1)
    indexer.relink(model_name="synthetic")
    p0 = store.practice_axes("p0")
    assert [(a["axis"], a["source"]) for a in p0] == [(7, "confirmed"), (3, "confirmed")]
    unconfirmed = [store.practice_axes(f"p{i}") for i in range(9, len(store_ex))]
    assert all(axes and {a["source"] for a in axes} <= {"auto", "document"} for axes in unconfirmed)


def test_linking_shows_evidence_sentences_and_keeps_document_axes(tmp_path):
    ex = synthetic(n_per_axis=5, seed=5, second=False)
    model_dir = tmp_path / "m"
    fit(ex, FeatureConfig(n_hash=64, C=10.0)).save(model_dir / "axes.npz")
    model = load_axis_model(model_dir)
    text = ("Ο δήμος οργανώνει ημερίδες με θέμα την απασχόληση και την employment προσφύγων. "
            "Η δράση έχει διάρκεια δύο ετών και γίνεται στο κέντρο της πόλης.")
    links = link(model, ex.vectors[25], text, title="Πρακτική", hint=[4])
    axes = [a["axis"] for a in links]
    assert 6 in axes and 4 in axes
    six = next(a for a in links if a["axis"] == 6)
    assert six["source"] == "auto" and six["evidence"] and "απασχόληση" in six["evidence"][0]
    assert next(a for a in links if a["axis"] == 4)["source"] == "document"
    assert all(0.0 <= a["score"] <= 1.0 for a in links)


def test_a_model_of_another_width_is_a_clear_error(tmp_path):
    fit(synthetic(), FeatureConfig(n_hash=16)).save(tmp_path / "axes.npz")
    model = load_axis_model(tmp_path)
    with pytest.raises(ValueError, match="kb axes retrain"):
        link(model, np.ones(DIM + 8, dtype=np.float32) / 8, "text")


# -- with the embedding model: train on documents the test writes ------------------------------------

PRACTICES = {
    1: [("el", "Ανταλλαγή τεχνογνωσίας με άλλους δήμους", "Ο δήμος διοργάνωσε επισκέψεις μελέτης σε άλλους δήμους "
         "του δικτύου για να μεταφέρει την εμπειρία του στην ένταξη και να μάθει από τις δικές τους πρακτικές."),
        ("en", "Peer learning visits between cities", "The city hosted study visits of other member cities to share "
         "know-how on integration practice and learn from their local integration plans.")],
    2: [("el", "Κέντρο Ένταξης Μεταναστών", "Το Κέντρο Ένταξης Μεταναστών του δήμου εξυπηρετεί πολίτες τρίτων χωρών "
         "με διερμηνείς και κοινωνικούς λειτουργούς, και τους παραπέμπει στις δημοτικές υπηρεσίες."),
        ("en", "One-stop shop for migrants", "The municipal one-stop shop serves third-country nationals with "
         "interpreters and social workers and refers them to the municipal services they need.")],
    6: [("el", "Πρόγραμμα απασχόλησης προσφύγων", "Ο δήμος προσφέρει συμβουλευτική σταδιοδρομίας, κατάρτιση και "
         "σύνδεση με εργοδότες σε πρόσφυγες που αναζητούν εργασία στην τοπική αγορά."),
        ("en", "Jobs for refugees", "Career counselling, vocational training and matching with local employers "
         "for refugees looking for work in the local labour market.")],
}


def _write_corpus(root: Path) -> tuple[Path, set[str]]:
    docs, gold, documents = root / "docs", [], []
    for axis, items in PRACTICES.items():
        for k, (lang, title, text) in enumerate(items):
            file = f"city{axis}/practice-{k}.md"
            (docs / file).parent.mkdir(parents=True, exist_ok=True)
            (docs / file).write_text(f"# {title}\n\n{text}\n", "utf-8")
            marker = " ".join(text.split()[:7])
            gold.append({"id": f"g{axis}{k}", "doc": file, "title": title, "marker": marker, "axes": [axis]})
            documents.append({"file": file, "language": lang, "n_practices": 1, "expect": "ok"})
    (root / "gold").mkdir(parents=True)
    (root / "gold" / "practices.jsonl").write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in gold), "utf-8")
    (root / "gold" / "documents.jsonl").write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in documents),
                                                   "utf-8")
    return root, {d["file"] for d in documents}


@pytest.mark.slow
def test_train_axes_on_written_documents(tmp_path, embedder):
    from search.axes_data import corpus_records
    from search.axes_train import train_axes

    corpus, docs = _write_corpus(tmp_path / "corpus")
    records = corpus_records(corpus, docs)
    assert len(records) == len(docs), "each written document gives one record that hits its practice"
    path = train_axes(corpus, docs, tmp_path / "out", embedder)
    assert path == tmp_path / "out" / "axes.npz" and (tmp_path / "out" / EXAMPLES_FILE).is_file()
    again = train_axes(corpus, docs, tmp_path / "again", embedder)
    assert path.read_bytes() == again.read_bytes(), "the same documents give the same model file"
    model = load_axis_model(tmp_path / "out")
    probe = {"Μαθήματα για την αναζήτηση εργασίας": 6, "Interpreters at the municipal service desk": 2}
    vecs = embedder.encode_passages(list(probe))
    for (text, axis), v in zip(probe.items(), vecs):
        assert link(model, v, text, title=text)[0]["axis"] == axis, text


def test_kb_axes_retrain_command_writes_the_model_beside_the_database(tmp_path):
    from click.testing import CliRunner

    from kb.config import Settings
    from search.axes_commands import axes

    dim = AxesClassifier.load(SHIPPED_DIR / "axes.npz").weights.shape[1] - FeatureConfig().n_hash
    rng = np.random.default_rng(7)
    v = rng.normal(size=(6, dim // 2)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    ex = Examples(v, v, [f"Πρακτική {i}. Μαθήματα ελληνικών για ενήλικες πρόσφυγες." for i in range(6)],
                  label_matrix([[1]] * 6), ["d"] * 6)
    store = _store_with_practices(tmp_path, ex)
    with store.transaction():
        store.confirm_axes("p0", [8])
    settings = Settings(db_path=store.path, model="synthetic")
    result = CliRunner().invoke(axes, ["retrain", "--json"], obj=settings)
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["confirmed"] == 1 and info["relinked"] == 6
    assert Path(info["path"]) == tmp_path / "kb.sqlite.models" / "axes.npz"
    assert [a["axis"] for a in store.practice_axes("p0")] == [8]
    assert all(store.practice_axes(f"p{i}") for i in range(1, 6))
    shown = CliRunner().invoke(axes, ["status"], obj=settings)
    assert "kb.sqlite.models" in shown.output and "0 since the last retrain" in shown.output


class HashEmbedder:
    """Stands in for the e5 model where a test is about the indexing run: a fixed vector per text."""
    name = "hash-embedder"

    def __init__(self, dim: int):
        self.dim = dim

    def encode_passages(self, texts):
        out = []
        for t in texts:
            v = np.random.default_rng(zlib.crc32(t.encode("utf-8"))).normal(size=self.dim)
            out.append(v / np.linalg.norm(v))
        return np.array(out, dtype=np.float32)


def test_an_indexing_run_retrains_after_enough_confirmations(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_AXES_RETRAIN_EVERY", "2")
    dim = (AxesClassifier.load(SHIPPED_DIR / "axes.npz").weights.shape[1] - FeatureConfig().n_hash) // 2
    store = Store(tmp_path / "kb.sqlite")
    with store.transaction():
        doc = store.upsert_document(sha256="b" * 64, size=10, format="txt", status="ingested")
        store.replace_practices(doc, [Practice(title=f"Δράση {i}", text=f"Δράση {i} του δήμου για πρόσφυγες.")
                                      for i in range(4)], [f"p{i}" for i in range(4)], source_path="drive/b.txt")
    indexer = Indexer(store, "hash-embedder", embedder=HashEmbedder(dim))
    assert indexer.run() == 4 and all(store.practice_axes(f"p{i}") for i in range(4))
    models = tmp_path / "kb.sqlite.models" / "axes.npz"
    with store.transaction():
        store.confirm_axes("p0", [3])
    indexer.run()
    assert not models.exists(), "one confirmation is not yet enough"
    with store.transaction():
        store.confirm_axes("p1", [3, 7])
    indexer.run()
    assert models.is_file() and indexer.axis_model().path == models
    assert [a["axis"] for a in store.practice_axes("p1")] == [3, 7]
    assert {a["source"] for a in store.practice_axes("p2")} <= {"auto", "document"}

"""`kb eval --folds N` (issue 8): folds by document, models trained without the fold they read, both
columns printed; invented records and municipality accuracy; models_dir reaching the workers."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import write_drive
from ingest.batch import Batch, Options
from ingest.batch import process_bytes as real_worker
from kb.store import Store
from search import training
from search.crossval import assign_folds
from search.evaluate import Gold, invented_records, municipality_accuracy

DOCS = {
    "kozani/library.md": """# Πολυγλωσσική δανειστική βιβλιοθήκη

Η δημοτική βιβλιοθήκη του Δήμου Κοζάνης δανείζει βιβλία στα αραβικά, τα φαρσί και τα ουκρανικά και οργανώνει
κάθε Σάββατο ώρα ανάγνωσης για παιδιά προσφύγων και μεταναστών μαζί με ντόπια παιδιά.
""",
    "xanthi/bikes.md": """# Bicycle repair workshop for young refugees

The City of Xanthi runs a weekly workshop where young refugees and local volunteers repair donated bicycles,
learn a trade and keep a bicycle for their own transport to school and work.
""",
    "chania/cooking.md": """# Μαθήματα μαγειρικής από γυναίκες πρόσφυγες

Ο Δήμος Χανίων φιλοξενεί στο κοινοτικό κέντρο μαθήματα μαγειρικής όπου γυναίκες πρόσφυγες διδάσκουν
συνταγές της πατρίδας τους σε κατοίκους της πόλης, με στόχο την απασχόληση και τη γνωριμία.
""",
    "network/agenda.md": """# Ημερήσια διάταξη συνάντησης

10:00 Προσέλευση. 10:30 Χαιρετισμοί. 11:00 Συζήτηση για τον προγραμματισμό της επόμενης χρονιάς.
12:30 Διάλειμμα. 13:00 Κλείσιμο της συνάντησης.
""",
}

GOLD_DOCS = [
    {"file": "kozani/library.md", "municipality": "Kozani", "language": "el", "kind": "factsheet", "n_practices": 1,
     "expect": "ok"},
    {"file": "xanthi/bikes.md", "municipality": "Xanthi", "language": "en", "kind": "factsheet", "n_practices": 1,
     "expect": "ok"},
    {"file": "chania/cooking.md", "municipality": "Chania", "language": "el", "kind": "newsletter", "n_practices": 1,
     "expect": "ok"},
    {"file": "network/agenda.md", "municipality": "Network", "language": "el", "kind": "agenda", "n_practices": 0,
     "expect": "ok"},
]

PRACTICES = [
    {"id": "koz-library", "doc": "kozani/library.md", "title": "Βιβλιοθήκη", "title_en": "Library",
     "marker": "δανείζει βιβλία στα αραβικά, τα φαρσί", "axes": [3], "same_as": []},
    {"id": "xan-bikes", "doc": "xanthi/bikes.md", "title": "Bicycles", "title_en": "Bicycles",
     "marker": "repair donated bicycles, learn a trade", "axes": [6], "same_as": []},
    {"id": "cha-cooking", "doc": "chania/cooking.md", "title": "Μαγειρική", "title_en": "Cooking",
     "marker": "γυναίκες πρόσφυγες διδάσκουν συνταγές της πατρίδας", "axes": [6], "same_as": []},
]

QUERIES = [
    {"id": "q1", "lang": "en", "kind": "en", "text": "bicycle repair for young refugees", "relevant": {"xan-bikes": 2}},
    {"id": "q2", "lang": "el", "kind": "el", "text": "βιβλία σε ξένες γλώσσες", "relevant": {"koz-library": 2}},
]


def write_corpus(root: Path) -> Path:
    write_drive(root / "docs", DOCS)
    (root / "gold").mkdir(parents=True)
    for name, rows in (("documents", GOLD_DOCS), ("practices", PRACTICES), ("queries", QUERIES)):
        with open(root / "gold" / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return root


# -- folds ---------------------------------------------------------------------------------------


def test_folds_are_deterministic_balanced_and_keep_copies_together():
    docs = [{"file": f"town{i}/doc{i}.pdf"} for i in range(20)]
    docs.append({"file": "copy/doc3.pdf", "special": "duplicate_of:town3/doc3.pdf", "expect": "duplicate_of:town3/doc3.pdf"})
    folds = assign_folds(docs, 5)
    assert folds == assign_folds(list(reversed(docs)), 5)  # the order of the gold file does not matter
    sizes = [sum(1 for f in folds if folds[f] == k and not f.startswith("copy/")) for k in range(5)]
    assert max(sizes) - min(sizes) <= 1 and min(sizes) >= 3
    assert folds["copy/doc3.pdf"] == folds["town3/doc3.pdf"]
    with pytest.raises(ValueError):
        assign_folds(docs, 1)


def test_train_models_runs_the_trainers_in_order_on_the_given_documents(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    calls = []

    def first(corpus, docs, out_dir, embedder):
        calls.append(("first", sorted(docs)))
        path = out_dir / "segment.json"
        path.write_text("{}")
        return path

    def second(corpus, docs, out_dir, embedder):
        calls.append(("second", (out_dir / "segment.json").exists()))  # sees what the first wrote
        path = out_dir / "axes.npz"
        path.write_bytes(b"x")
        return path

    written = training.train_models(corpus, tmp_path / "m", {"xanthi/bikes.md"}, trainers=[first, second])
    assert [p.name for p in written] == ["segment.json", "axes.npz"]
    assert calls == [("first", ["xanthi/bikes.md"]), ("second", True)]
    everything = training.train_models(corpus, tmp_path / "all", trainers=[first])
    assert calls[-1] == ("first", sorted(d["file"] for d in GOLD_DOCS)) and everything

    def lazy(corpus, docs, out_dir, embedder):
        return out_dir / "never-written.json"

    with pytest.raises(RuntimeError, match="did not write"):
        training.train_models(corpus, tmp_path / "bad", trainers=[lazy])


# -- ingestion of a fold -------------------------------------------------------------------------


def test_a_run_over_some_files_leaves_the_other_documents_alone(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    store = Store(tmp_path / "kb.sqlite")
    docs = corpus / "docs"
    first = Batch(store, options=Options(workers=1)).run([str(docs / "kozani/library.md"), str(docs / "xanthi/bikes.md")])
    assert first.totals["ingested"] == 2
    second = Batch(store, options=Options(workers=1)).run([str(docs / "chania/cooking.md")])
    assert second.totals["ingested"] == 1 and second.missing == 0
    paths = store.all_paths()
    assert len(paths) == 3 and not any(row["missing"] for row in paths.values())
    sources = {r["source_path"] for r in store.practices("1=1", order="source_path")}
    assert {Path(s).name for s in sources} == {"library.md", "bikes.md", "cooking.md"}


def report_models_dir(data, name, municipality, max_file_mb, models_dir):
    """A worker that says which models folder it was handed (runs in another process)."""
    result = real_worker(data, name, municipality, max_file_mb, models_dir)
    return {"error": f"models_dir={models_dir}"} if "error" not in result else result


def test_the_models_folder_reaches_the_worker_processes(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    store = Store(tmp_path / "kb.sqlite")
    models = tmp_path / "models"
    report = Batch(store, options=Options(workers=1, models_dir=str(models)),
                   worker=report_models_dir).run([str(corpus / "docs" / "xanthi/bikes.md")])
    assert report.files[0].reason == f"models_dir={models}"


# -- measures ------------------------------------------------------------------------------------


def _record(rid, source, title, text, municipality=""):
    return {"id": rid, "source_path": source, "title": title, "text": text, "municipality": municipality}


def test_invented_records_are_counted_per_no_practice_document(tmp_path):
    gold = Gold.load(write_corpus(tmp_path / "corpus"))
    records = [_record("a", "/x/docs/network/agenda.md", "Συζήτηση", "..."),
               _record("b", "/x/docs/network/agenda.md", "Διάλειμμα", "..."),
               _record("c", "/x/docs/xanthi/bikes.md", "Bikes", "...")]
    got = invented_records(records, gold)
    assert got["documents"] == 1 and got["records"] == 2 and got["per_document"] == 2.0
    assert got["by_document"] == {"network/agenda.md": 2}


def test_municipality_accuracy_counts_records_of_one_gold_practice(tmp_path):
    gold = Gold.load(write_corpus(tmp_path / "corpus"))
    records = [_record("a", "/d/kozani/library.md", "t", "", "Kozani"),
               _record("b", "/d/xanthi/bikes.md", "t", "", "Κομοτηνή"),
               _record("c", "/d/chania/cooking.md", "t", "", "Chania"),
               _record("d", "/d/chania/cooking.md", "t", "", "Kozani")]
    record_golds = {"a": ["koz-library"], "b": ["xan-bikes"], "c": ["cha-cooking", "koz-library"], "d": []}
    got = municipality_accuracy(records, record_golds, gold)
    assert got["records"] == 2 and got["accuracy"] == 0.5 and got["wrong"] == ["xan-bikes: Κομοτηνή (gold Xanthi)"]


# -- the whole harness (loads the embedding model) -----------------------------------------------


@pytest.mark.slow
def test_eval_folds_prints_both_columns_and_trains_each_fold_without_it(tmp_path, model_dir, monkeypatch):
    from click.testing import CliRunner

    from kb.config import Settings
    from search.commands import eval_cmd

    corpus = write_corpus(tmp_path / "corpus")
    seen: list[set[str]] = []

    def recording_trainer(corpus, docs, out_dir, embedder):
        """Records what it was given; writes a real (the shipped) segmenter, which extraction then loads."""
        from ingest.segmenter.model import SHIPPED

        seen.append(set(docs))
        path = out_dir / "segment.json"
        shutil.copyfile(SHIPPED, path)
        return path

    monkeypatch.setattr(training, "TRAINERS", [recording_trainer])
    settings = Settings(db_path=tmp_path / "unused.sqlite", model=str(model_dir))
    result = CliRunner().invoke(eval_cmd, ["--folds", "2", "--workers", "1", "--json", str(corpus)], obj=settings,
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)  # progress (model loading, folds) goes to stderr
    folds = out["fold_of"]
    everything = {d["file"] for d in GOLD_DOCS}
    assert seen[0] == everything  # in sample: trained on every document
    assert len(seen) == 3
    for k, trained_on in enumerate(seen[1:]):
        held_out = {f for f, fold in folds.items() if fold == k}
        assert held_out and not trained_on & held_out and trained_on == everything - held_out
    rows = {r["measure"]: r for r in out["side_by_side"]}
    assert rows["practices found"]["in_sample"] == rows["practices found"]["out_of_fold"] == 1.0
    assert rows["invented records"]["out_of_fold"] is not None
    # every document is read exactly once out of fold, each with its own fold's models
    assert out["out_of_fold"]["extraction"]["records"] == out["in_sample"]["extraction"]["records"]

    from search.crossval import format_folds
    from search.evaluate import Report

    text = format_folds({"folds": 2, "in_sample": Report(**out["in_sample"]), "out_of_fold": Report(**out["out_of_fold"])})
    header = next(line for line in text.splitlines() if line.startswith("measure"))
    assert "in sample" in header and "out of fold" in header
    assert any(line.startswith("own record") and len(line.split()) == 4 for line in text.splitlines())

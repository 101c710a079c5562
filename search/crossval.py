"""`kb eval --folds N`: in-sample and out-of-fold figures side by side (cross-validation by document).

Figures measured on the documents a model was fitted on say little about documents nobody has seen
(issue 8: every target met on the shared corpus, well short on 40 unseen documents). So:

- in sample: the learned models are trained on every gold document (search.training), the whole
  corpus is ingested once with them and measured;
- out of fold: the documents are split into N folds; for each fold k the models are trained on the
  other folds' documents only, and fold k's files are ingested with them into one store shared by
  all folds. That store, holding every document exactly once, each read by models that never saw
  it, is then measured like any other (extraction, retrieval, axes, same-practice links, invented
  records, municipality, broken files).

Folds are decided by a hash of the file path, so they are the same on every run and every machine
and do not follow the folder order (documents of one municipality spread over the folds). Identical
copies (`duplicate_of`) go to the fold of their original: a copy is one document.
"""
from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from kb.store import Store
from search.evaluate import Gold, Report, ingest_into, measure
from search.training import LazyEmbedder, Trainer, train_models


def _group(doc: dict) -> str:
    special = str(doc.get("special") or doc.get("expect") or "")
    return special.split(":", 1)[1] if special.startswith("duplicate_of:") else doc["file"]


def assign_folds(documents: list[dict], n: int) -> dict[str, int]:
    """file -> fold (0..n-1): groups ordered by the SHA-256 of their path, dealt out in turn, so the
    folds differ in size by at most one group and do not depend on the order of the gold file."""
    if n < 2:
        raise ValueError(f"cross-validation needs at least 2 folds, not {n}")
    groups = sorted({_group(d) for d in documents}, key=lambda f: hashlib.sha256(f.encode("utf-8")).hexdigest())
    fold_of_group = {g: i % n for i, g in enumerate(groups)}
    return {d["file"]: fold_of_group[_group(d)] for d in documents}


def _corpus_files(corpus: Path) -> list[str]:
    """Every file under docs/, as a path relative to it (POSIX)."""
    docs = corpus / "docs"
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() or p.is_symlink())


def cross_validate(corpus: Path, *, model: str, folds: int, workers: int | None = None,
                   trainers: list[Trainer] | None = None, embedder=None, log=None) -> dict:
    """{"folds", "fold_of", "in_sample": Report, "out_of_fold": Report}."""
    corpus = Path(corpus)
    gold = Gold.load(corpus)
    fold_of = assign_folds(gold.documents, folds)
    files = _corpus_files(corpus)
    # A file the gold does not list is still ingested once: in the fold its path hashes to.
    for f in files:
        fold_of.setdefault(f, int(hashlib.sha256(f.encode("utf-8")).hexdigest(), 16) % folds)
    gold_files = {d["file"] for d in gold.documents}
    say = log or (lambda _msg: None)

    with tempfile.TemporaryDirectory(prefix="kb-cv-") as tmp:
        root = Path(tmp)
        if embedder is None:
            embedder = LazyEmbedder(model)

        say("in sample: training on every document, ingesting the whole corpus")
        models_all = root / "models-all"
        train_models(corpus, models_all, gold_files, embedder, trainers=trainers)
        store = Store(root / "in-sample.sqlite")
        try:
            outcomes = ingest_into(store, [str(corpus / "docs")], model=model, workers=workers, models_dir=models_all)
            in_sample = measure(store, outcomes, gold, model=model)
        finally:
            store.close()

        store = Store(root / "out-of-fold.sqlite")
        try:
            outcomes = []
            for k in range(folds):
                held_out = [f for f in files if fold_of[f] == k]
                train_on = {f for f in gold_files if fold_of[f] != k}
                say(f"fold {k + 1}/{folds}: training on {len(train_on)} documents, ingesting {len(held_out)}")
                models_k = root / f"models-fold{k}"
                train_models(corpus, models_k, train_on, embedder, trainers=trainers)
                if held_out:
                    outcomes += ingest_into(store, [str(corpus / "docs" / f) for f in held_out], model=model,
                                            workers=workers, models_dir=models_k)
            out_of_fold = measure(store, outcomes, gold, model=model)
        finally:
            store.close()
    return {"folds": folds, "fold_of": fold_of, "in_sample": in_sample, "out_of_fold": out_of_fold}


# -- printing ----------------------------------------------------------------------------------


def measures(r: Report) -> list[tuple[str, float | int | None]]:
    """Every figure of a report as (name, value), in the order they are printed."""
    e, a, s, v, m = r.extraction, r.axes, r.same_practice, r.invented, r.municipality
    rows: list[tuple[str, float | int | None]] = [
        ("gold practices", e["gold_practices"]),
        ("records", e["records"]),
        ("practices found", e["recall"]),
        ("own record", e["own_record"]),
        ("records per gold practice", e["records_per_gold_practice"]),
        ("invented records", v.get("records")),
        ("invented per no-practice doc", v.get("per_document")),
    ]
    for kind, modes in r.retrieval.items():
        for mode in ("hybrid", "bm25", "dense"):
            rows.append((f"nDCG@10 {kind} {mode}", modes[mode]))
    rows += [
        ("axes micro-F1", a["micro_f1"]),
        ("axes precision", a["precision"]),
        ("axes recall", a["recall"]),
        ("same practice in top-5 related", s.get("share")),
        ("municipality right", m.get("accuracy")),
        ("broken files as expected", sum(1 for b in r.broken_files if b["as_expected"])),
        ("broken files", len(r.broken_files)),
    ]
    return rows


def _cell(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def format_folds(result: dict) -> str:
    """The two columns side by side, then what went wrong out of fold."""
    ins, oof = result["in_sample"], result["out_of_fold"]
    left, right = measures(ins), dict(measures(oof))
    lines = [f"{'measure':<34}{'in sample':>12}{'out of fold':>14}   ({result['folds']} folds by document)"]
    for name, value in left:
        lines.append(f"{name:<34}{_cell(value):>12}{_cell(right.get(name)):>14}")
    if oof.missed:
        lines.append(f"missed out of fold: {', '.join(oof.missed)}")
    for file, n in oof.invented.get("by_document", {}).items():
        lines.append(f"invented out of fold: {n} from {file}")
    for w in oof.municipality.get("wrong", []):
        lines.append(f"municipality wrong out of fold: {w}")
    for b in oof.broken_files:
        if not b["as_expected"]:
            lines.append(f"broken file not as expected out of fold: {b['special']} {b['status']} {b['file']}")
    return "\n".join(lines)


def folds_json(result: dict) -> dict:
    """The JSON form of --folds: both reports whole, and the side-by-side rows."""
    right = dict(measures(result["out_of_fold"]))
    return {"folds": result["folds"], "fold_of": result["fold_of"],
            "in_sample": result["in_sample"].to_dict(), "out_of_fold": result["out_of_fold"].to_dict(),
            "side_by_side": [{"measure": name, "in_sample": value, "out_of_fold": right.get(name)}
                             for name, value in measures(result["in_sample"])]}

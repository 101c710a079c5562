"""Cross-validation by document of the MoU axes classifier on a labelled corpus.

    python bench/axes_cv.py ../shared/corpus [--folds 5] [--configs] [--ship]

Records are extracted from the corpus as ingestion does (a record counts when it
hits exactly one gold practice, the rule of `kb eval`) and embedded once (cached
under .bench/). Documents go to folds by a hash of their path; each fold is
predicted by a model fitted on the others (thresholds included, tuned by an inner
cross-validation on those). Prints micro-F1 in-sample (fitted on everything,
predicting the same records) and out of fold, axes the document names kept as
`kb eval` keeps them. `--configs` compares feature sets. `--ship` then fits on the
whole corpus and writes the shipped model and its base training set to search/models/.

The linker this replaced (prototype cosines + axis vocabulary) scored 0.661 on the
same records, with nothing fitted to them but the hand-written axis examples.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.axes_data import Examples, corpus_records, embed_records, fold_of, load_examples, save_examples  # noqa: E402
from search.axes_model import FeatureConfig, fit, micro_f1  # noqa: E402


def cached_examples(corpus: Path, model: str) -> tuple[list[dict], Examples]:
    records = corpus_records(corpus)
    key = hashlib.sha256(json.dumps([[r["title"], r["summary"], r["text"]] for r in records],
                                    ensure_ascii=False).encode()).hexdigest()[:16]
    path = ROOT / ".bench" / f"axes-{key}.npz"
    if path.exists():
        ex = load_examples(path)
    else:
        from search.embed import get_embedder

        ex = embed_records(records, get_embedder(model))
        save_examples(ex, path)
    return records, ex


def with_hints(predicted: list[list[int]], records: list[dict]) -> list[list[int]]:
    return [p + [a for a in r.get("axes_hint", []) if 1 <= a <= 8 and a not in p] for p, r in zip(predicted, records)]


def cross_validate(records: list[dict], ex: Examples, config: FeatureConfig, folds: int,
                   extra: Examples | None) -> dict:
    fold = np.array([fold_of(g, folds) for g in ex.groups])
    predicted: list[list[int]] = [[] for _ in range(len(ex))]
    for f in range(folds):
        test = np.nonzero(fold == f)[0]
        if not len(test):
            continue
        model = fit(ex.take(np.nonzero(fold != f)[0]), config, extra)
        t = ex.take(test)
        for i, axes in zip(test, model.predict(t.vectors, t.heads, t.texts)):
            predicted[i] = axes
    model = fit(ex, config, extra)
    in_sample = model.predict(ex.vectors, ex.heads, ex.texts)
    return {"in_sample": micro_f1(with_hints(in_sample, records), ex.labels),
            "out_of_fold": micro_f1(with_hints(predicted, records), ex.labels)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--model", default=str(ROOT / "data" / "models" / "multilingual-e5-small"))
    ap.add_argument("--configs", action="store_true", help="compare feature sets")
    ap.add_argument("--ship", action="store_true", help="fit on the whole corpus and write search/models/")
    args = ap.parse_args()
    t0 = time.perf_counter()
    records, ex = cached_examples(args.corpus, args.model)
    print(f"{len(ex)} records hit exactly one gold practice ({len(set(ex.groups))} documents), "
          f"{time.perf_counter() - t0:.0f} s")
    from search.embed import get_embedder

    from search.axes_train import description_examples

    desc = description_examples(get_embedder(args.model))
    base = FeatureConfig()
    configs = {"default (+axes.json examples)": (base, desc)}
    if args.configs:
        configs |= {
            "no axes.json examples": (base, None),
            "text vector only": (replace(base, use_head=False, n_hash=0), desc),
            "text + head vectors": (replace(base, n_hash=0), desc),
            "words only": (replace(base, use_vector=False, use_head=False), desc),
            "C=10, words x1": (replace(base, C=10.0, word_scale=1.0), desc),
            "C=30": (replace(base, C=30.0), desc),
            "C=300": (replace(base, C=300.0), desc),
            "words x0.25": (replace(base, word_scale=0.25), desc),
            "512 word buckets": (replace(base, n_hash=512), desc),
            "max 2 axes": (replace(base, max_axes=2), desc),
        }
    for name, (config, extra) in configs.items():
        t = time.perf_counter()
        r = cross_validate(records, ex, config, args.folds, extra)
        print(f"{name:<34} in-sample {r['in_sample']['micro_f1']:.3f}   out of fold "
              f"{r['out_of_fold']['micro_f1']:.3f} (P {r['out_of_fold']['precision']:.3f} "
              f"R {r['out_of_fold']['recall']:.3f})   {time.perf_counter() - t:.0f} s", flush=True)
    if args.ship:
        from search.axes_data import _jsonl
        from search.axes_train import train_axes
        from search.linking import SHIPPED_DIR

        docs = {d["file"] for d in _jsonl(args.corpus / "gold" / "documents.jsonl")}
        path = train_axes(args.corpus, docs, SHIPPED_DIR, get_embedder(args.model))
        print(f"shipped model written to {path}")


if __name__ == "__main__":
    main()

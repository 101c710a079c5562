"""Cross-validated extraction figures for the learned segmenter, against today's rules.

    python bench/segment_cv.py /work/shared/corpus [--folds 5]

5-fold cross-validation by document (a document's fold: crc32 of its path): the segmenter is
trained on the gold documents of four folds and extracts the fifth; in-sample trains on all.
Printed for each method: recall (gold practices hit by a record), own record (hit by a record
that hits no other), records per gold practice, invented records (from documents that describe
no practice). Also the oracle: the gold labels themselves turned into records (alone, and as the
hybrid's segmentation), which checks the labelling and says how well the assembly can do at best.
"""
from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.batch import folder_municipality  # noqa: E402
from ingest.extraction import extract_practices  # noqa: E402
from ingest.segmenter.labels import labelled_documents, load_gold, prepare, read_document  # noqa: E402
from ingest.segmenter.model import load_model  # noqa: E402
from ingest.segmenter.train import fit, write_model  # noqa: E402
from ingest.extraction.text import fold  # noqa: E402


def fold_of(file: str, k: int) -> int:
    return zlib.crc32(file.encode("utf-8")) % k


class Oracle:
    """A segmenter that answers with the gold labels of the document it is given."""

    def __init__(self, labelled):
        self.by_text = {tuple(b.text for b in d.blocks): d.labels for d in labelled}

    def segment(self, blocks, hints=None):
        return self.by_text.get(tuple(b.text for b in blocks)) or ["O"] * len(blocks)


def measure(records: dict[str, list], documents: list[dict], gold: list[dict]) -> dict:
    found, own = set(), set()
    from_gold = invented = 0
    empty_docs = [d["file"] for d in documents if d["n_practices"] == 0 and d.get("expect", "ok") == "ok"]
    for file, practices in records.items():
        golds = [g for g in gold if g["doc"] == file]
        if golds:
            from_gold += len(practices)
        if file in empty_docs:
            invented += len(practices)
        for p in practices:
            body = fold(p.title + " " + p.text)
            hits = [g["id"] for g in golds if fold(g["marker"]) in body]
            found.update(hits)
            if len(hits) == 1:
                own.update(hits)
    n = len(gold)
    return {"recall": len(found) / n, "own": len(own) / n, "per_gold": from_gold / n,
            "invented": invented, "empty_docs": len(empty_docs)}


def line(name: str, m: dict) -> str:
    return (f"{name:<28} recall {m['recall']:.3f}  own record {m['own']:.3f}  records/gold {m['per_gold']:.2f}  "
            f"invented {m['invented']} from {m['empty_docs']} no-practice documents")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--c", type=float, default=None, help="regularisation to try (default: the trainer's)")
    ap.add_argument("--show", default="learned out-of-fold", help="the method --verbose lists records of")
    ap.add_argument("--cache", type=Path, help="a pickle of the documents as read (made when missing)")
    args = ap.parse_args()
    documents, gold = load_gold(args.corpus)
    documents = [d for d in documents if d.get("expect", "ok") == "ok"]
    t0 = time.time()
    if args.cache and args.cache.exists():
        with open(args.cache, "rb") as fh:
            raw = pickle.load(fh)
    else:
        raw = {d["file"]: read_document(args.corpus, d["file"]) for d in documents}
        if args.cache:
            with open(args.cache, "wb") as fh:
                pickle.dump(raw, fh)
    print(f"read {len(raw)} documents in {time.time() - t0:.0f} s")
    labelled = labelled_documents(args.corpus, read=lambda f: raw.get(f))
    print(f"labelled {len(labelled)} documents: {sum(d.located for d in labelled)} of "
          f"{sum(d.practices for d in labelled)} markers located; {len(gold)} gold practices in all")

    def extract(file, **kw):
        got = raw.get(file)
        if got is None:
            return []
        return extract_practices(got[0], source=file, meta=got[1], folder_municipality=folder_municipality(file), **kw)

    readable = [d["file"] for d in documents if raw.get(d["file"])]
    results = {}
    results["rules (today)"] = {f: extract(f, rules_only=True) for f in readable}
    results["oracle segments"] = {f: extract(f, segmenter=Oracle(labelled), combine="learned") for f in readable}
    results["oracle hybrid"] = {f: extract(f, segmenter=Oracle(labelled)) for f in readable}
    kw = {} if args.c is None else {"c": args.c}
    insample = fit(labelled, **kw)
    results["learned in-sample"] = {f: extract(f, segmenter=insample, combine="learned") for f in readable}
    results["hybrid in-sample"] = {f: extract(f, segmenter=insample, combine="hybrid") for f in readable}
    oof, hybrid = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.folds):
            train = [d for d in labelled if fold_of(d.file, args.folds) != k]
            model_dir = Path(tmp) / f"fold{k}"
            write_model(fit(train, **kw), model_dir)
            model = load_model(model_dir)
            for f in readable:
                if fold_of(f, args.folds) == k:
                    oof[f] = extract(f, segmenter=model, combine="learned")
                    hybrid[f] = extract(f, segmenter=model, combine="hybrid")
    results["learned out-of-fold"] = oof
    results["hybrid out-of-fold"] = hybrid
    for name, recs in results.items():
        print(line(name, measure(recs, documents, gold)))
    if args.verbose:
        shown = results[args.show]
        for f in readable:
            golds = [g for g in gold if g["doc"] == f]
            print(f"{len(golds):>3} rules {len(results['rules (today)'][f]):>2} {args.show} {len(shown[f]):>2}  {f[-70:]}")
            for p in shown[f]:
                hits = [g["id"] for g in golds if fold(g["marker"]) in fold(p.title + " " + p.text)]
                print(f"        {p.title[:60]!r} {hits}")
    print(f"done in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

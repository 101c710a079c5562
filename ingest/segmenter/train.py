"""Train the segmenter on labelled documents and write segment.json.

    train_segmenter(corpus, docs, out_dir) -> out_dir/segment.json
    python -m ingest.segmenter.train CORPUS [--out DIR]     # retrain the shipped model

scikit-learn fits the weights (lbfgs, a deterministic solver: the same documents give the same
file byte for byte); prediction needs only the JSON and pure Python (ingest.segmenter.model).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.segmenter.features import document_features
from ingest.segmenter.labels import LABELS, LabelledDocument, labelled_documents
from ingest.segmenter.model import DIM, MODEL_FILE, SHIPPED, SegmentModel, feature_index

# Inverse regularisation strength and balanced class weights (B blocks are about one in ten),
# chosen by 5-fold cross-validation by document (bench/segment_cv.py): own record out of fold
# 0.778 at C=0.3 balanced, 0.768 at C=1 balanced, 0.758 at C=1 unweighted.
C = 0.3


def fit(documents: list[LabelledDocument], *, c: float = C) -> SegmentModel:
    """A logistic regression over the hashed features of every block of `documents`."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    rows, cols, ys = [], [], []
    n = 0
    for doc in documents:
        for feats, label in zip(document_features(doc.blocks, doc.hints), doc.labels):
            for slot in sorted({feature_index(f) for f in feats}):
                rows.append(n)
                cols.append(slot)
            ys.append(label)
            n += 1
    if len(set(ys)) < 2:
        raise ValueError("training needs blocks of at least two kinds (B, I, O) among the documents")
    used = sorted(set(cols))  # only the slots some block uses: the same optimum, a far smaller problem
    column = {slot: k for k, slot in enumerate(used)}
    x = csr_matrix((np.ones(len(rows)), (rows, [column[s] for s in cols])), shape=(n, len(used)))
    y = np.array(ys)
    clf = LogisticRegression(C=c, max_iter=3000, solver="lbfgs", tol=1e-6, class_weight="balanced")
    # one BLAS thread: the problem is tiny (a second), while a thread pool on a shared machine
    # took a minute, and one thread also keeps the sums in the same order on every machine
    with threadpool_limits(limits=1):
        clf.fit(x, y)
    classes = [str(k) for k in clf.classes_]
    coef = clf.coef_
    intercept = list(clf.intercept_)
    if len(classes) == 2:  # binary fit: one row of weights for the second class
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = [-intercept[0] / 2, intercept[0] / 2]
    # every class the decoding knows; a class never seen gets a very low score
    full = list(LABELS)
    weights: dict[int, list[float]] = {}
    for slot in used:
        w = [float(coef[classes.index(c_), column[slot]]) if c_ in classes else 0.0 for c_ in full]
        if any(abs(v) > 1e-6 for v in w):
            weights[slot] = w
    bias = [float(intercept[classes.index(c_)]) if c_ in classes else -30.0 for c_ in full]
    meta = {"documents": len(documents), "blocks": n, "C": c,
            "labels": {lab: ys.count(lab) for lab in full}}
    return SegmentModel(tuple(full), bias, weights, DIM, meta)


def write_model(model: SegmentModel, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / MODEL_FILE
    path.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return path


def train_segmenter(corpus: Path, docs: set[str], out_dir: Path, embedder=None) -> Path:
    """Learn from the gold documents in `docs` only (paths as gold/documents.jsonl names them)
    and write out_dir/segment.json. `embedder` is accepted for the harness's uniform interface
    and not used: extraction runs in worker processes without the embedding model, so the
    segmenter uses layout and words only."""
    documents = labelled_documents(Path(corpus), set(docs))
    if not documents:
        raise ValueError("no readable labelled document among those given")
    return write_model(fit(documents), Path(out_dir))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Retrain the segmenter on a labelled corpus (all its gold documents).")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, default=SHIPPED.parent, help="folder for segment.json (default: the package)")
    args = parser.parse_args(argv)
    documents = labelled_documents(args.corpus)
    path = write_model(fit(documents), args.out)
    print(f"{path}: {len(documents)} documents, {sum(len(d.blocks) for d in documents)} blocks")
    return 0


if __name__ == "__main__":
    sys.exit(main())

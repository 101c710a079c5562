"""Fitting the MoU axes model: from a labelled corpus (`train_axes`, for the shipped model and for
`kb eval --folds`) and from a store's confirmed axes (`retrain_store`, for `kb axes retrain`).

A corpus training also writes the base training set (`axes_examples.npz`:
float16 vectors, texts and labels of its practices and of the axis
descriptions), which ships beside the model; a retrain adds the practices
coordinators confirmed to that set, so it needs neither the corpus nor the
embedding model.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from kb.axes import all_axes
from search.axes_data import Examples, confirmed_examples, corpus_records, embed_records, label_matrix, \
    load_examples, save_examples
from search.axes_model import MODEL_FILE, FeatureConfig, fit
from search.linking import SHIPPED_DIR, axis_texts

EXAMPLES_FILE = "axes_examples.npz"
DESCRIPTIONS = "axes.json"  # the group of the axis-description examples in a training set
META_KEY = "axes_retrained_at_confirmed"


def description_examples(embedder) -> Examples:
    """Each title, text and example of kb/axes.json, labelled with its axis (a text vector serves as its
    head vector too)."""
    texts, labels = [], []
    for axis in all_axes():
        for t in axis_texts(axis):
            texts.append(t)
            labels.append([axis.number])
    v = np.asarray(embedder.encode_passages(texts), dtype=np.float32)
    return Examples(v, v.copy(), texts, label_matrix(labels), [DESCRIPTIONS] * len(texts))


def split_descriptions(ex: Examples) -> tuple[Examples, Examples | None]:
    """(practices, axis descriptions) of a training set."""
    rows = [i for i, g in enumerate(ex.groups) if g != DESCRIPTIONS]
    desc = [i for i, g in enumerate(ex.groups) if g == DESCRIPTIONS]
    return ex.take(rows), ex.take(desc) if desc else None


def fit_and_save(practices: Examples, descriptions: Examples | None, out_dir: Path,
                 config: FeatureConfig | None = None, *, with_examples: bool = True) -> Path:
    model = fit(practices, config or FeatureConfig(), descriptions)
    path = model.save(Path(out_dir) / MODEL_FILE)
    if with_examples:
        parts = [practices] + ([descriptions] if descriptions is not None else [])
        save_examples(Examples.concat(parts), Path(out_dir) / EXAMPLES_FILE)
    return path


def train_axes(corpus: Path, docs: set[str], out_dir: Path, embedder) -> Path:
    """Fit the axes model on the gold documents `docs` of a labelled corpus (their `file` values) and
    write out_dir/axes.npz (and the base training set beside it). Returns the model's path."""
    records = corpus_records(Path(corpus), set(docs), models_dir=Path(out_dir))
    if not records:
        raise ValueError(f"no record of the {len(docs)} documents hits exactly one gold practice: nothing to train on")
    return fit_and_save(embed_records(records, embedder), description_examples(embedder), Path(out_dir))


def base_examples(base_dir: Path = SHIPPED_DIR) -> Examples:
    path = Path(base_dir) / EXAMPLES_FILE
    if not path.is_file():
        raise ValueError(f"no base training set for the MoU axes at {path}: reinstall praxis-kb")
    return load_examples(path)


def retrain_store(store, model_name: str, models_dir: Path, base_dir: Path = SHIPPED_DIR) -> dict:
    """Refit on the base training set plus every practice a coordinator confirmed axes for (with the
    vectors of `model_name` stored for it); write models_dir/axes.npz. Returns what was used."""
    practices, descriptions = split_descriptions(base_examples(base_dir))
    confirmed = confirmed_examples(store, model_name)
    if confirmed is not None and confirmed.vectors.shape[1] != practices.vectors.shape[1]:
        raise ValueError(f"the store's vectors ({model_name}, width {confirmed.vectors.shape[1]}) are not those of "
                         f"the base training set (width {practices.vectors.shape[1]})")
    train = Examples.concat([practices] + ([confirmed] if confirmed is not None else []))
    path = fit_and_save(train, descriptions, Path(models_dir), with_examples=False)
    n_confirmed = len(confirmed) if confirmed is not None else 0
    with store.transaction():
        store.set_meta(META_KEY, len(store.confirmed_examples()))
    return {"path": str(path), "base": len(practices), "confirmed": n_confirmed}


def confirmed_since_retrain(store) -> int:
    """How many practices have confirmed axes beyond those the last retrain saw."""
    return len(store.confirmed_examples()) - int(store.get_meta(META_KEY, "0") or 0)


def retrain_due(store, every: int) -> bool:
    return every > 0 and confirmed_since_retrain(store) >= every

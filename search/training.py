"""Training the learned models from a labelled corpus (the FORMAT.md layout: docs/ and gold/).

A learned model is one file in a models folder: `segment.json` (the block segmenter, read by
ingest.extraction) and `axes.npz` (the MoU axis classifier, read by search.linking). The models
shipped with the code live in the packages, where their loaders find them; a run given a models
folder (`Options.models_dir`, `kb ingest --models DIR`, KB_MODELS_DIR) uses that folder's files
instead.

TRAINERS is the ordered list of trainers, each

    trainer(corpus: Path, docs: set[str], out_dir: Path, embedder) -> Path

which learns only from the gold documents whose `file` is in `docs`, writes its model file into
`out_dir` and returns its path. A later trainer may read the files earlier ones wrote in `out_dir`
(the axis classifier may be trained on the records the freshly trained segmenter extracts).
`kb eval --folds N` calls train_models once per fold with the other folds' documents, so nothing
fitted sees the documents it is measured on.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

Trainer = Callable[[Path, "set[str]", Path, object], Path]



def _segmenter(corpus: Path, docs: set[str], out_dir: Path, embedder) -> Path:
    from ingest.segmenter.train import train_segmenter  # the harness drives the whole pipeline

    return train_segmenter(corpus, docs, out_dir, embedder)


def _axes(corpus: Path, docs: set[str], out_dir: Path, embedder) -> Path:
    from search.axes_train import train_axes

    return train_axes(corpus, docs, out_dir, embedder)


# In the order they must run: the axis classifier learns from the records that the segmenter just
# trained in out_dir extracts.
TRAINERS: list[Trainer] = [_segmenter, _axes]


def ship(out_dir: Path) -> list[Path]:
    """Copy the models trained into `out_dir` to where the packages load their shipped models from."""
    import shutil

    from ingest.segmenter.model import SHIPPED
    from search.linking import SHIPPED_DIR

    targets = {"segment.json": SHIPPED, "axes.npz": SHIPPED_DIR / "axes.npz",
               "axes_examples.npz": SHIPPED_DIR / "axes_examples.npz"}
    copied = []
    for name, target in targets.items():
        source = Path(out_dir) / name
        if source.is_file():
            shutil.copyfile(source, target)
            copied.append(target)
    return copied


def gold_documents(corpus: Path) -> list[dict]:
    """The corpus's gold/documents.jsonl, one dict per file."""
    path = Path(corpus) / "gold" / "documents.jsonl"
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def train_models(corpus: Path, out_dir: Path, docs: set[str] | None = None, embedder=None,
                 trainers: list[Trainer] | None = None) -> list[Path]:
    """Run every trainer in order on `docs` (default: every gold document) into `out_dir`; returns the
    files written. The embedder is passed through as given (a trainer that needs vectors and gets None
    loads the configured one itself)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if docs is None:
        docs = {d["file"] for d in gold_documents(corpus)}
    written = []
    for trainer in TRAINERS if trainers is None else trainers:
        path = trainer(Path(corpus), set(docs), out_dir, embedder)
        if not Path(path).is_file():
            raise RuntimeError(f"trainer {getattr(trainer, '__name__', trainer)!r} did not write {path}")
        written.append(Path(path))
    return written


class LazyEmbedder:
    """The configured embedder, loaded when a trainer first uses it (no trainer, no model load)."""

    def __init__(self, model: str):
        self._model = model
        self._embedder = None

    def __getattr__(self, name: str):
        if self._embedder is None:
            from search.embed import get_embedder

            self._embedder = get_embedder(self._model)
        return getattr(self._embedder, name)

"""Bringing derived data up to date: vectors for practices that lack them, their MoU axes, the index.

Runs after ingestion (and after edits): whatever practices have no vector for
the configured model, or a vector of older text, are embedded in batches;
each batch's vectors and axis links are committed together, so a run killed
half-way loses at most one batch of work and the next run picks it up.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

import numpy as np

from kb.store import Store
from search.embed import (GPU_BATCH, Embedder, check_device, default_device, get_embedder, head_text, passage_text,
                          passage_windows)
from search.index import check_model, load_index
from search.linking import AxisModel, link_many, load_axis_model, models_dir_for



def axes_retrain_every() -> int:
    """KB_AXES_RETRAIN_EVERY: refit the axes model after this many new confirmations (0: never automatically)."""
    try:
        return max(0, int(os.environ.get("KB_AXES_RETRAIN_EVERY") or 20))
    except ValueError:
        return 20  # models_dir default: the folder beside the database


class Indexer:
    def __init__(self, store: Store, model: str, *, embedder: Embedder | None = None, batch_size: int | None = None,
                 index_path: Path | None = None, device: str | None = None, models_dir: Path | None = None):
        self.device = check_device(device or default_device())  # a GPU asked for and absent fails here, early
        # Practices per committed batch: on a GPU, larger, so each encode call fills it (GPU_BATCH texts and more).
        batch_size = batch_size or (64 if self.device == "cpu" else 4 * GPU_BATCH)
        self.store = store
        # A run's models folder (`--models`, a fold of `kb eval --folds`) wins; else the models retrained
        # for this database (`kb axes retrain`, beside it), which fall back to the shipped ones.
        self.models_dir = Path(models_dir) if models_dir else models_dir_for(store.path)
        self.index_path = index_path or store.path.with_name(store.path.name + ".faiss")
        self.model = model
        self._embedder = embedder
        self.batch_size = batch_size
        self.seconds_embedding = 0.0
        self.retrain_error = ""
        self.retrain_every = axes_retrain_every()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.model, self.device)
        return self._embedder

    def axis_model(self) -> AxisModel:
        """The axes model (cached by file: a retrain that replaces it is picked up at the next use)."""
        return load_axis_model(self.models_dir)

    def set_links(self, rows: list[dict], vectors: np.ndarray, heads: np.ndarray) -> None:
        """Link practices to axes and store the links, inside the caller's transaction. A practice a
        coordinator confirmed axes for keeps exactly those: it is not linked again."""
        full = self.store.practices_by_ids([r["id"] for r in rows])
        todo = [i for i, r in enumerate(rows)
                if r["id"] in full and not any(a["source"] == "confirmed" for a in full[r["id"]]["axes"])]
        if not todo:
            return
        links = link_many(self.axis_model(), vectors[todo], heads[todo],
                          [full[rows[i]["id"]]["title"] for i in todo], [full[rows[i]["id"]]["text"] for i in todo],
                          [full[rows[i]["id"]].get("axes_hint") or [] for i in todo])
        for i, ls in zip(todo, links):
            self.store.set_axes(rows[i]["id"], ls)

    def run(self, progress: Callable[[int], None] | None = None) -> int:
        """Embed and link every practice that needs it; returns how many were done."""
        name = self.embedder.name
        check_model(self.store, name)
        self.retrain_if_due(name)
        todo = self.store.practices_needing_vectors(name)
        if not todo:
            return 0
        self.axis_model()  # a missing or unreadable axes model fails before any work is done
        done = 0
        for i in range(0, len(todo), self.batch_size):
            batch = todo[i:i + self.batch_size]
            # Copies of a document on the drive carry the same practice texts: embed each text once.
            known = self.store.vectors_by_content(name, [r["content_key"] for r in batch])
            fresh = [r for r in batch if any(x is None for x in known.get(r["content_key"], (None,)))]
            t0 = time.perf_counter()
            # One call for texts, heads and passages: sentence-transformers batches by length across them all.
            windows = [passage_windows(r["title"], r["text"]) for r in fresh]
            both = self.embedder.encode_passages([passage_text(r["title"], r["text"]) for r in fresh]
                                                 + [head_text(r["title"], r["summary"]) for r in fresh]
                                                 + [w for ws in windows for w in ws])
            texts, heads, rest = both[:len(fresh)], both[len(fresh):2 * len(fresh)], both[2 * len(fresh):]
            self.seconds_embedding += time.perf_counter() - t0
            for r, v, h, ws in zip(fresh, texts, heads, windows):
                known[r["content_key"]] = (v, h, rest[:len(ws)])
                rest = rest[len(ws):]
            vecs = np.vstack([known[r["content_key"]][0] for r in batch])
            heads = np.vstack([known[r["content_key"]][1] if known[r["content_key"]][1] is not None
                               else known[r["content_key"]][0] for r in batch])
            with self.store.transaction():
                self.store.put_vectors(name, [(r["id"], r["content_key"], *known[r["content_key"]]) for r in batch])
                self.set_links(batch, vecs, heads)
            done += len(batch)
            if progress:
                progress(len(batch))
        load_index(self.store, self.index_path, name, save=True)  # bring the FAISS files up to date now, not on first search
        return done

    def retrain_if_due(self, model_name: str) -> bool:
        """Refit the axes model when coordinators confirmed KB_AXES_RETRAIN_EVERY practices since the
        last fit, and relink. Checked at the start of every indexing run (`kb ingest`, and the web
        application's reindex after an edit): one COUNT query when nothing is due, a few seconds when it
        is, and never inside a coordinator's click. A failed retrain leaves the model as it was."""
        from search.axes_train import retrain_due, retrain_store

        if self.models_dir is None or not retrain_due(self.store, self.retrain_every):
            return False
        try:
            retrain_store(self.store, model_name, self.models_dir)
        except ValueError as exc:
            self.retrain_error = str(exc)
            return False
        self.relink(model_name=model_name)
        return True

    def relink(self, model_name: str | None = None) -> int:
        """Re-link every practice's axes from its stored vectors (after a retrain); practices with
        confirmed axes keep them. `model_name` (the vectors' model) spares loading the embedder."""
        name = model_name or self.embedder.name
        ids, vecs = self.store.vectors(name)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            heads = self.store.head_vectors(name, chunk)
            with self.store.transaction():
                self.set_links([{"id": pid} for pid in chunk], vecs[i:i + 500], heads)
        return len(ids)


def make_indexer(store: Store, model: str, models_dir: Path | None = None) -> Indexer:
    """The `praxis.indexer` entry point used by `kb ingest` (on KB_DEVICE, which `kb ingest --device` sets)."""
    return Indexer(store, model, models_dir=models_dir)

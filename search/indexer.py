"""Bringing derived data up to date: vectors for practices that lack them, their MoU axes, the index.

Runs after ingestion (and after edits): whatever practices have no vector for
the configured model, or a vector of older text, are embedded in batches;
each batch's vectors and axis links are committed together, so a run killed
half-way loses at most one batch of work and the next run picks it up.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import numpy as np

from kb.store import Store
from search.embed import GPU_BATCH, Embedder, check_device, default_device, get_embedder, head_text, passage_text
from search.index import check_model, load_index
from search.linking import AxisModel, build_axis_model, link


class Indexer:
    def __init__(self, store: Store, model: str, *, embedder: Embedder | None = None, batch_size: int | None = None,
                 index_path: Path | None = None, device: str | None = None):
        self.device = check_device(device or default_device())  # a GPU asked for and absent fails here, early
        # Practices per committed batch: on a GPU, larger, so each encode call fills it (GPU_BATCH texts and more).
        batch_size = batch_size or (64 if self.device == "cpu" else 4 * GPU_BATCH)
        self.store = store
        self.index_path = index_path or store.path.with_name(store.path.name + ".faiss")
        self.model = model
        self._embedder = embedder
        self.batch_size = batch_size
        self._axis_model: AxisModel | None = None
        self.seconds_embedding = 0.0

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.model, self.device)
        return self._embedder

    def axis_model(self) -> AxisModel:
        if self._axis_model is None:
            self._axis_model = build_axis_model(self.embedder.encode_passages, self.confirmed_examples())
        return self._axis_model

    def confirmed_examples(self) -> tuple[np.ndarray, list[list[int]]] | None:
        examples = self.store.confirmed_examples()
        if not examples:
            return None
        ids, vecs = self.store.vectors(self.embedder.name)
        row = {pid: i for i, pid in enumerate(ids)}
        pairs = [(vecs[row[pid]], axes) for pid, axes in examples if pid in row]
        if not pairs:
            return None
        return np.vstack([v for v, _ in pairs]), [a for _, a in pairs]

    def run(self, progress: Callable[[int], None] | None = None) -> int:
        """Embed and link every practice that needs it; returns how many were done."""
        name = self.embedder.name
        check_model(self.store, name)
        todo = self.store.practices_needing_vectors(name)
        if not todo:
            return 0
        axis_model = self.axis_model()
        done = 0
        for i in range(0, len(todo), self.batch_size):
            batch = todo[i:i + self.batch_size]
            # Copies of a document on the drive carry the same practice texts: embed each text once.
            known = self.store.vectors_by_content(name, [r["content_key"] for r in batch])
            fresh = [r for r in batch if r["content_key"] not in known or known[r["content_key"]][1] is None]
            t0 = time.perf_counter()
            # One call for texts and heads: sentence-transformers batches by length across both.
            both = self.embedder.encode_passages([passage_text(r["title"], r["text"]) for r in fresh]
                                                 + [head_text(r["title"], r["summary"]) for r in fresh])
            texts, heads = both[:len(fresh)], both[len(fresh):]
            self.seconds_embedding += time.perf_counter() - t0
            known.update({r["content_key"]: (v, h) for r, v, h in zip(fresh, texts, heads)})
            vecs = [known[r["content_key"]][0] for r in batch]
            hints = {r["id"]: r for r in self.store.practices_by_ids([r["id"] for r in batch]).values()}
            with self.store.transaction():
                self.store.put_vectors(name, [(r["id"], r["content_key"], *known[r["content_key"]]) for r in batch])
                for r, v in zip(batch, vecs):
                    hint = hints.get(r["id"], {}).get("axes_hint") or []
                    self.store.set_axes(r["id"], link(axis_model, v, r["text"], hint=hint))
            done += len(batch)
            if progress:
                progress(len(batch))
        load_index(self.store, self.index_path, name, save=True)  # bring the FAISS files up to date now, not on first search
        return done

    def relink(self) -> int:
        """Re-link every practice's axes from its stored vector (after coordinators confirm tags)."""
        self._axis_model = None
        model = self.axis_model()
        ids, vecs = self.store.vectors(self.embedder.name)
        rows = self.store.practices_by_ids(ids)
        with self.store.transaction():
            for pid, v in zip(ids, vecs):
                r = rows.get(pid)
                if r is not None:
                    self.store.set_axes(pid, link(model, v, r["text"], hint=r.get("axes_hint") or []))
        return len(ids)


def make_indexer(store: Store, model: str) -> Indexer:
    """The `praxis.indexer` entry point used by `kb ingest` (on KB_DEVICE, which `kb ingest --device` sets)."""
    return Indexer(store, model)

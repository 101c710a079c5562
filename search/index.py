"""The FAISS index beside the database, rebuilt from stored vectors when missing or stale.

Vectors are indexed language-centred: the mean vector of each language's
practices is subtracted before normalising, and a query is centred with the
mean of its own language. Multilingual models put a strong "which language"
component in every vector, so without this an English query prefers any
English text to the Greek practice that answers it (on the development corpus,
cross-lingual nDCG@10 went from 0.20 to 0.72 with this alone).

The `embeddings` table is the truth; the index file is a cache of it. A sidecar
JSON records the store's vectors_version and the model the index was built
for: when either differs (vectors were added, replaced or removed, or a run
was killed between writing vectors and writing the index), the index is
rebuilt from the table. Vectors are normalised, so an inner-product index
gives cosine similarity.
"""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import faiss
import numpy as np

from kb.store import Store


INDEX_FORMAT = 2  # bump when what the index file holds changes: older files are rebuilt
MIN_PER_LANGUAGE = 5  # fewer practices than this in a language: use the mean of all practices


def text_language(text: str) -> str:
    """el when the text is mostly Greek letters, else en."""
    greek = sum(1 for ch in text if "\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "el" if greek >= latin else "en"


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return (x / np.where(norms == 0, 1, norms)).astype(np.float32)


def language_means(vectors: np.ndarray, languages: list[str]) -> dict[str, np.ndarray]:
    if not len(vectors):
        return {}
    means = {"*": vectors.mean(axis=0)}
    langs = np.array(languages)
    for lang in ("el", "en"):
        mask = langs == lang
        if mask.sum() >= MIN_PER_LANGUAGE:
            means[lang] = vectors[mask].mean(axis=0)
    return means


class VectorIndex:
    def __init__(self, ids: list[str], vectors: np.ndarray, model: str, version: int,
                 languages: list[str] | None = None):
        self.ids = ids
        self.model = model
        self.version = version
        self.dim = int(vectors.shape[1]) if len(ids) else 0
        self.row_of = {pid: i for i, pid in enumerate(ids)}
        self.means = language_means(vectors, languages or ["*"] * len(ids))
        self.index = faiss.IndexFlatIP(self.dim or 1)
        if len(ids):
            centred = vectors - np.vstack([self._mean(lang) for lang in (languages or ["*"] * len(ids))])
            self.index.add(np.ascontiguousarray(_normalise(centred)))

    def _mean(self, lang: str) -> np.ndarray:
        return self.means.get(lang, self.means["*"])

    def centre_query(self, query_vec: np.ndarray, query_text: str) -> np.ndarray:
        if not self.means:
            return query_vec
        return _normalise(np.asarray(query_vec, dtype=np.float32) - self._mean(text_language(query_text)))

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        if not self.ids or k <= 0:
            return []
        k = min(k, len(self.ids))
        scores, rows = self.index.search(np.asarray(query, dtype=np.float32).reshape(1, -1), k)
        return [(self.ids[r], float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]

    def vector(self, pid: str) -> np.ndarray | None:
        row = self.row_of.get(pid)
        return None if row is None else self.index.reconstruct(row)

    def scores_for(self, query: np.ndarray, ids: list[str]) -> list[tuple[str, float]]:
        """Exact cosine for a subset of practices (used when filters narrow the candidates)."""
        rows = [self.row_of[p] for p in ids if p in self.row_of]
        if not rows:
            return []
        mat = np.vstack([self.index.reconstruct(r) for r in rows])
        sims = mat @ np.asarray(query, dtype=np.float32)
        order = np.argsort(-sims)
        return [(self.ids[rows[i]], float(sims[i])) for i in order]


class IndexMismatch(Exception):
    pass


_cache: dict[tuple[str, str], VectorIndex] = {}
_lock = threading.Lock()


def _paths(index_path: Path) -> tuple[Path, Path]:
    return index_path, index_path.with_name(index_path.name + ".json")


def check_model(store: Store, model: str) -> None:
    """Refuse to mix vectors of different models, and say how to fix it."""
    others = [(m, n) for m, n in store.vector_models() if m != model]
    if others:
        listed = ", ".join(f"{m} ({n} practices)" for m, n in others)
        raise IndexMismatch(
            f"the database holds vectors made with {listed}, but the configured model is {model}: "
            f"run `kb reembed` to embed every practice with {model}, or set KB_MODEL back to the old model"
        )


def load_index(store: Store, index_path: Path, model: str) -> VectorIndex:
    """The index for `store`, from memory, from disk, or rebuilt from the stored vectors."""
    version = store.vectors_version()
    key = (str(store.path.resolve()), model)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached.version == version:
            return cached
        idx_file, meta_file = _paths(index_path)
        index = _read(idx_file, meta_file, model, version)
        if index is None:
            check_model(store, model)
            ids, vecs = store.vectors(model)
            lang_of = dict(store.execute("SELECT id, language FROM practices").fetchall())
            index = VectorIndex(ids, vecs, model, version, [lang_of.get(p) or "*" for p in ids])
            _write(index, idx_file, meta_file)
        _cache[key] = index
        return index


def _read(idx_file: Path, meta_file: Path, model: str, version: int) -> VectorIndex | None:
    try:
        meta = json.loads(meta_file.read_text("utf-8"))
        if meta.get("version") != version or meta.get("model") != model or meta.get("format") != INDEX_FORMAT:
            return None
        raw = faiss.read_index(str(idx_file))
    except (OSError, ValueError, RuntimeError):
        return None
    ids = meta.get("ids") or []
    if raw.ntotal != len(ids):
        return None
    index = VectorIndex([], np.zeros((0, 0), np.float32), model, version)
    index.ids, index.index, index.dim = ids, raw, raw.d
    index.row_of = {pid: i for i, pid in enumerate(ids)}
    index.means = {k: np.asarray(v, dtype=np.float32) for k, v in (meta.get("means") or {}).items()}
    return index


def _write(index: VectorIndex, idx_file: Path, meta_file: Path) -> None:
    """Write atomically: a temp file then rename, index before its sidecar."""
    try:
        tmp = idx_file.with_name(idx_file.name + f".tmp{os.getpid()}")
        faiss.write_index(index.index, str(tmp))
        os.replace(tmp, idx_file)
        tmp_meta = meta_file.with_name(meta_file.name + f".tmp{os.getpid()}")
        tmp_meta.write_text(json.dumps({"format": INDEX_FORMAT, "version": index.version, "model": index.model, "ids": index.ids,
                                        "means": {k: v.tolist() for k, v in index.means.items()}}))
        os.replace(tmp_meta, meta_file)
    except OSError:
        pass  # a read-only folder: the in-memory index still serves


def index_is_current(store: Store, index_path: Path, model: str) -> bool:
    idx_file, meta_file = _paths(index_path)
    return _read(idx_file, meta_file, model, store.vectors_version()) is not None

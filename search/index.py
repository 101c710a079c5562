"""The FAISS indexes beside the database, rebuilt from stored vectors when missing or stale.

Two spaces share one id list: practice texts (kb.sqlite.faiss) and practice
heads, title plus summary (kb.sqlite.faiss.head); a third holds the passage
windows of long practices (kb.sqlite.faiss.passages), each with the row of its
practice. The sidecar JSON holds the ids, the passages' owners, the language
means and what the files were built from.

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

from kb.model import text_language
from kb.store import Store


INDEX_FORMAT = 4  # bump when what the index file holds changes: older files are rebuilt
MIN_PER_LANGUAGE = 5  # fewer practices than this in a language: use the mean of all practices


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


class _Space:
    """One FAISS index of language-centred vectors, with the means that centred them."""

    def __init__(self, vectors: np.ndarray, languages: list[str]):
        self.dim = int(vectors.shape[1]) if len(vectors) else 0
        self.means = language_means(vectors, languages)
        self.index = faiss.IndexFlatIP(self.dim or 1)
        if len(vectors):
            centred = vectors - np.vstack([self.mean(lang) for lang in languages])
            self.index.add(np.ascontiguousarray(_normalise(centred)))

    def mean(self, lang: str) -> np.ndarray:
        return self.means.get(lang, self.means["*"])

    def centre(self, query_vec: np.ndarray, query_text: str) -> np.ndarray:
        if not self.means:
            return query_vec
        return _normalise(np.asarray(query_vec, dtype=np.float32) - self.mean(text_language(query_text)))


class VectorIndex:
    """Two spaces over the same practices: their texts, and their heads (title and summary).

    A query's dense score is the mean of its cosine in both: the head says what the practice
    is without the dilution of a long text (on the development corpus this took dense nDCG@10
    from 0.72 to 0.78, paraphrases from 0.48 to 0.63). Related practices use the text space.
    """

    def __init__(self, ids: list[str], vectors: np.ndarray, model: str, version: int,
                 languages: list[str] | None = None, heads: np.ndarray | None = None,
                 passages: tuple[list[int], np.ndarray] | None = None):
        self.ids = ids
        self.model = model
        self.version = version
        self.row_of = {pid: i for i, pid in enumerate(ids)}
        languages = languages or ["*"] * len(ids)
        self.text = _Space(vectors, languages)
        self.head = _Space(heads if heads is not None and len(heads) else vectors, languages)
        owners, pvecs = passages if passages is not None and len(passages[0]) else ([], np.zeros((0, 0), np.float32))
        self.passage = _Space(pvecs, [languages[o] for o in owners])
        self.set_owners(owners)

    def set_owners(self, owners: list[int]) -> None:
        """The practice row of each passage, and each practice's passage rows."""
        self.owners = np.asarray(owners, dtype=np.int64)
        self.passages_of: dict[int, list[int]] = {}
        for prow, owner in enumerate(owners):
            self.passages_of.setdefault(int(owner), []).append(prow)

    @property
    def dim(self) -> int:
        return self.text.dim

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Nearest practices to a (centred) vector in the text space: related practices."""
        if not self.ids or k <= 0:
            return []
        k = min(k, len(self.ids))
        scores, rows = self.text.index.search(np.asarray(query, dtype=np.float32).reshape(1, -1), k)
        return [(self.ids[r], float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]

    def vector(self, pid: str) -> np.ndarray | None:
        row = self.row_of.get(pid)
        return None if row is None else self.text.index.reconstruct(row)

    def query(self, query_vec: np.ndarray, query_text: str, k: int,
              ids: list[str] | None = None) -> list[tuple[str, float]]:
        """Practices best matching a query vector: mean cosine over text and head, best first.

        A long practice's text cosine is that of its best passage window when higher
        (search.embed.passage_windows). Candidates are the top k of each space (or exactly
        `ids`, when filters chose them); each candidate is scored exactly in every space."""
        if not self.ids or k <= 0:
            return []
        qt = self.text.centre(query_vec, query_text).reshape(1, -1)
        qh = self.head.centre(query_vec, query_text).reshape(1, -1)
        qp = self.passage.centre(query_vec, query_text).reshape(1, -1) if len(self.owners) else None
        if ids is None:
            depth = min(k, len(self.ids))
            rows = {int(r) for space, q in ((self.text, qt), (self.head, qh))
                    for r in space.index.search(q, depth)[1][0] if r >= 0}
            if qp is not None:
                found = self.passage.index.search(qp, min(k, len(self.owners)))[1][0]
                rows.update(int(self.owners[r]) for r in found if r >= 0)
        else:
            rows = {self.row_of[p] for p in ids if p in self.row_of}
        if not rows:
            return []
        rows = sorted(rows)
        text = np.vstack([self.text.index.reconstruct(r) for r in rows]) @ qt[0]
        head = np.vstack([self.head.index.reconstruct(r) for r in rows]) @ qh[0]
        if qp is not None:
            for i, r in enumerate(rows):
                prows = self.passages_of.get(r)
                if prows:
                    best = float(np.max(np.vstack([self.passage.index.reconstruct(p) for p in prows]) @ qp[0]))
                    text[i] = max(text[i], best)
        sims = (text + head) / 2
        order = np.argsort(-sims)[:k]
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
            index = VectorIndex(ids, vecs, model, version, [lang_of.get(p) or "*" for p in ids],
                                heads=store.head_vectors(model, ids), passages=store.passage_vectors(model, ids))
            _write(index, idx_file, meta_file)
        _cache[key] = index
        return index


def _space_files(idx_file: Path) -> tuple[Path, Path, Path]:
    """The files of the text, head and passage spaces."""
    return idx_file, idx_file.with_name(idx_file.name + ".head"), idx_file.with_name(idx_file.name + ".passages")


def _read(idx_file: Path, meta_file: Path, model: str, version: int) -> VectorIndex | None:
    try:
        meta = json.loads(meta_file.read_text("utf-8"))
        if meta.get("version") != version or meta.get("model") != model or meta.get("format") != INDEX_FORMAT:
            return None
        raws = [faiss.read_index(str(f)) for f in _space_files(idx_file)]
    except (OSError, ValueError, RuntimeError):
        return None
    ids, owners = meta.get("ids") or [], meta.get("owners") or []
    if any(raw.ntotal != len(ids) for raw in raws[:2]) or raws[2].ntotal != len(owners):
        return None
    index = VectorIndex([], np.zeros((0, 0), np.float32), model, version)
    index.ids = ids
    index.row_of = {pid: i for i, pid in enumerate(ids)}
    index.set_owners(owners)
    spaces = (index.text, index.head, index.passage)
    for space, raw, means in zip(spaces, raws, (meta["means"], meta["head_means"], meta["passage_means"])):
        space.index, space.dim = raw, raw.d
        space.means = {k: np.asarray(v, dtype=np.float32) for k, v in means.items()}
    return index


def _write(index: VectorIndex, idx_file: Path, meta_file: Path) -> None:
    """Write atomically: temp files then renames, the indexes before their sidecar."""
    try:
        for space, path in zip((index.text, index.head, index.passage), _space_files(idx_file)):
            tmp = path.with_name(path.name + f".tmp{os.getpid()}")
            faiss.write_index(space.index, str(tmp))
            os.replace(tmp, path)
        tmp_meta = meta_file.with_name(meta_file.name + f".tmp{os.getpid()}")
        tmp_meta.write_text(json.dumps({
            "format": INDEX_FORMAT, "version": index.version, "model": index.model, "ids": index.ids,
            "means": {k: v.tolist() for k, v in index.text.means.items()},
            "head_means": {k: v.tolist() for k, v in index.head.means.items()},
            "owners": index.owners.tolist(),
            "passage_means": {k: v.tolist() for k, v in index.passage.means.items()},
        }))
        os.replace(tmp_meta, meta_file)
    except OSError:
        pass  # a read-only folder: the in-memory index still serves


def index_is_current(store: Store, index_path: Path, model: str) -> bool:
    idx_file, meta_file = _paths(index_path)
    return _read(idx_file, meta_file, model, store.vectors_version()) is not None

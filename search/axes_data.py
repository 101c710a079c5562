"""Training examples for the MoU axes classifier: practice records labelled with their axes.

Three sources, one shape (`Examples`: the vectors the index holds for a
practice, its text, its axes, and the group it belongs to for
cross-validation):
- a labelled corpus (docs/ + gold/, FORMAT.md): each document is read and
  extracted exactly as ingestion does, and a record that hits exactly one gold
  practice (the rule of `kb eval`) is an example with that practice's axes;
- the practices a coordinator confirmed in a store;
- the shipped base set (vectors as float16, next to the shipped model), so a
  retrain on a municipal server needs neither the corpus nor re-embedding.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.fold import fold
from search.embed import head_text, passage_text

N_AXES = 8


@dataclass
class Examples:
    """Labelled practices. `vectors` and `heads` are the index's text and head vectors (L2-normalised)."""
    vectors: np.ndarray  # (n, dim) float32
    heads: np.ndarray  # (n, dim) float32
    texts: list[str]  # title and text, for the word features
    labels: np.ndarray  # (n, 8) uint8, 1 where the practice belongs to the axis
    groups: list[str]  # the document each example came from (cross-validation folds by document)

    def __len__(self) -> int:
        return len(self.texts)

    def take(self, rows) -> "Examples":
        rows = list(rows)
        return Examples(self.vectors[rows], self.heads[rows], [self.texts[i] for i in rows], self.labels[rows],
                        [self.groups[i] for i in rows])

    @staticmethod
    def concat(parts: list["Examples"]) -> "Examples":
        parts = [p for p in parts if len(p)]
        if not parts:
            raise ValueError("no training examples: nothing labelled with MoU axes")
        return Examples(np.vstack([p.vectors for p in parts]), np.vstack([p.heads for p in parts]),
                        [t for p in parts for t in p.texts], np.vstack([p.labels for p in parts]),
                        [g for p in parts for g in p.groups])


def label_matrix(axes_lists: list[list[int]]) -> np.ndarray:
    y = np.zeros((len(axes_lists), N_AXES), dtype=np.uint8)
    for i, axes in enumerate(axes_lists):
        for a in axes:
            if 1 <= int(a) <= N_AXES:
                y[i, int(a) - 1] = 1
    return y


def fold_of(key: str, n_folds: int) -> int:
    """A stable fold for a document path (the same on every machine and run)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % n_folds


def example_text(title: str, text: str) -> str:
    """What the word features read: the practice's title and text."""
    return passage_text(title, text)


# -- from a labelled corpus --------------------------------------------------------------


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def corpus_records(corpus: Path, docs: set[str] | None = None, models_dir: Path | None = None) -> list[dict]:
    """Records extracted from the corpus's documents (all, or only the `docs` files) that hit exactly one
    gold practice: {title, summary, text, doc, gold, axes, axes_hint}. Documents that cannot be read are skipped.
    `models_dir`: the learned extraction models to extract with (a fold's freshly trained segmenter)."""
    from ingest.batch import folder_municipality, process_bytes

    gold = _jsonl(corpus / "gold" / "practices.jsonl")
    files = [d["file"] for d in _jsonl(corpus / "gold" / "documents.jsonl")]
    if docs is not None:
        files = [f for f in files if f in docs]
    out: list[dict] = []
    for file in sorted(files):
        golds = [g for g in gold if g["doc"] == file]
        path = corpus / "docs" / file
        if not golds or not path.is_file():
            continue
        result = process_bytes(path.read_bytes(), file, folder_municipality(file), 50,
                               str(models_dir) if models_dir else None)
        seen: set[tuple[str, str, str]] = set()
        for p in result.get("practices", []):
            key = (p["title"].strip(), p["summary"].strip(), p["text"].strip())
            if key in seen:  # the store keeps one record of a text repeated in a document
                continue
            seen.add(key)
            body = fold(f"{p['title']} {p['text']}")
            hits = [g for g in golds if fold(g["marker"]) in body]
            if len(hits) == 1:
                out.append({"title": p["title"], "summary": p["summary"], "text": p["text"], "doc": file,
                            "gold": hits[0]["id"], "axes": list(hits[0]["axes"]),
                            "axes_hint": list(p.get("axes_hint") or [])})
    return out


def embed_records(records: list[dict], embedder) -> Examples:
    """Examples from records, embedded as the Indexer embeds them (text and head in one call)."""
    both = embedder.encode_passages([passage_text(r["title"], r["text"]) for r in records]
                                    + [head_text(r["title"], r["summary"]) for r in records])
    n = len(records)
    return Examples(vectors=np.asarray(both[:n], dtype=np.float32), heads=np.asarray(both[n:], dtype=np.float32),
                    texts=[example_text(r["title"], r["text"]) for r in records],
                    labels=label_matrix([r["axes"] for r in records]), groups=[r["doc"] for r in records])


# -- from a store ---------------------------------------------------------------------------


def confirmed_examples(store, model: str) -> Examples | None:
    """The practices whose axes a coordinator confirmed, with their stored vectors (None when there are none)."""
    confirmed = store.confirmed_examples()
    if not confirmed:
        return None
    ids, vecs = store.vectors(model)
    row = {pid: i for i, pid in enumerate(ids)}
    pairs = [(pid, axes) for pid, axes in confirmed if pid in row]
    if not pairs:
        return None
    pids = [p for p, _ in pairs]
    rows = store.practices_by_ids(pids)
    heads = store.head_vectors(model, pids)
    return Examples(vectors=np.vstack([vecs[row[p]] for p in pids]).astype(np.float32),
                    heads=np.asarray(heads, dtype=np.float32),
                    texts=[example_text(rows[p]["title"], rows[p]["text"]) for p in pids],
                    labels=label_matrix([a for _, a in pairs]),
                    groups=[f"store:{rows[p].get('document_id') or p}" for p in pids])


# -- the shipped base set -------------------------------------------------------------------


def save_examples(ex: Examples, path: Path) -> Path:
    """The base training set, small: float16 vectors, texts as one JSON string (no pickle)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(tmp, vectors=ex.vectors.astype(np.float16), heads=ex.heads.astype(np.float16),
                        labels=ex.labels.astype(np.uint8),
                        texts=np.array(json.dumps(ex.texts, ensure_ascii=False)),
                        groups=np.array(json.dumps(ex.groups, ensure_ascii=False)))
    tmp.replace(path)
    return path


def load_examples(path: Path) -> Examples:
    with np.load(path, allow_pickle=False) as z:
        return Examples(vectors=z["vectors"].astype(np.float32), heads=z["heads"].astype(np.float32),
                        texts=json.loads(str(z["texts"])), labels=z["labels"].astype(np.uint8),
                        groups=json.loads(str(z["groups"])))

"""The FAISS indexes beside the database: exact when small, approximate (IVF) when large, kept in step.

Two spaces share one id space: practice texts (kb.sqlite.faiss) and practice
heads, title plus summary (kb.sqlite.faiss.head). A third holds the passage
windows of long practices (kb.sqlite.faiss.passages): its labels are a sequence
of their own, and `owners[passage label]` is the rowid of the passage's practice
(-1 once removed). The sidecar JSON holds the ids, the owners, the language
means, the probe depth and the vectors_version the files hold.

Vectors are indexed language-centred: the mean vector of each language's
practices is subtracted before normalising, and a query is centred with the
mean of its own language. Multilingual models put a strong "which language"
component in every vector, so without this an English query prefers any
English text to the Greek practice that answers it (on the development corpus,
cross-lingual nDCG@10 went from 0.20 to 0.72 with this alone).

Each vector's FAISS id is its practice's SQLite rowid, so a filter computed
as a bitmap over rowids (search.catalog) is handed to FAISS as an
IDSelectorBitmap: the index skips what the filter excludes in C++, and no
allowed id is walked in Python (issue 11). The filtered search widens the probe
depth by the inverse of the filter's selectivity, so a rare filter ends up
scanning every list: an exact search over the few allowed vectors.

Passages are few (only long practices have them), so their space is always exact;
a filter reaches it as a bitmap over passage labels, read off the practices'
bitmap through `owners`.

Below ANN_MIN practices a space is exact (IndexFlatIP behind an IDMap2): at
20,000 vectors a flat scan takes about 2 ms. Above it, an IVF index with
about sqrt(n) lists, vectors stored as float16 (half the memory: 150 MB less
per 100,000 practices, for cosine errors around 1e-4), whose probe depth is calibrated when it is built: the
smallest nprobe whose recall@10 against the exact answer reaches CALIBRATE_RECALL
on probes drawn from the other space (heads probe texts, texts probe heads:
short texts, like queries). IVF rather than HNSW because it can remove and
replace vectors (edited and deleted practices) and builds in seconds, not
minutes, on two cores.

The `embeddings` table is the truth; the index files are a cache of it. Every
stored vector carries the vectors_version that wrote it, so an index that is
behind takes in only the newer vectors (add_with_ids) and drops the deleted
ones, instead of being rebuilt; the language means stay those of the last full
build. A full build happens when the files are missing, of another model or
format, when their ids no longer match the rowids, or when the index grew past
REBUILD_GROWTH times its built size (a flat index that crossed ANN_MIN, or IVF
lists trained on too few practices). Vectors are normalised, so an inner-product
index gives cosine similarity.
"""
from __future__ import annotations

import json
import math
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import faiss
import numpy as np

from kb.model import text_language
from kb.store import Store


INDEX_FORMAT = 6  # bump when what the index file holds changes: older files are rebuilt
MIN_PER_LANGUAGE = 5  # fewer practices than this in a language: use the mean of all practices
ANN_MIN = 20_000  # from this many practices, an approximate (IVF) index
CALIBRATE_RECALL = 0.999  # recall@10 the probe depth is chosen for: on real queries it came out 0.01 lower (0.995 gave 0.985)
CALIBRATE_PROBES = 100
EXACT_REBUILD_GROWTH = 1.5  # the same for an exact index (cheap to rebuild: its centring means stay fresh)
REBUILD_GROWTH = 2.0  # rebuild once the index holds this many times the practices it was built with
MIN_CANDIDATES = 50  # per space, whatever k: the exact rescoring of a few more is cheap, a missed one is not
PASSAGES_EXACT = 1 << 62  # the passage space's ann_min: always exact (IndexFlatIP behind an IDMap2)
PASSAGE_LABELS_SPARE = 10_000  # passage labels that may be spent before removed ones are renumbered away
NPROBE_STEPS = (4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512)


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


def _labels(rowids) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(rowids, dtype=np.int64))


def build_faiss(vectors: np.ndarray, labels: np.ndarray, *, ann_min: int = ANN_MIN,
                probes: np.ndarray | None = None) -> faiss.Index:
    """An exact index below ann_min vectors, else IVF-Flat with a calibrated nprobe; ids are `labels`."""
    n, d = vectors.shape if vectors.ndim == 2 and len(vectors) else (0, vectors.shape[-1] if vectors.ndim == 2 else 1)
    d = d or 1
    if n < ann_min:
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(d))
        if n:
            index.add_with_ids(np.ascontiguousarray(vectors), labels)
        return index
    nlist = max(16, int(math.sqrt(n)))
    index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(d), d, nlist, faiss.ScalarQuantizer.QT_fp16,
                                          faiss.METRIC_INNER_PRODUCT)
    index.cp.niter = 10
    rng = np.random.default_rng(0)
    sample = vectors[rng.choice(n, size=min(n, 40 * nlist), replace=False)]
    index.train(np.ascontiguousarray(sample))
    index.set_direct_map_type(faiss.DirectMap.Hashtable)  # reconstruct and remove by id
    index.add_with_ids(np.ascontiguousarray(vectors), labels)
    if probes is None:  # midpoints of random pairs: near practices, yet none of them
        pairs = rng.integers(n, size=(CALIBRATE_PROBES, 2))
        probes = _normalise(vectors[pairs[:, 0]] + vectors[pairs[:, 1]])
    index.nprobe = calibrate_nprobe(index, probes, rng)
    return index


def calibrate_nprobe(index: faiss.IndexIVF, probes: np.ndarray, rng: np.random.Generator,
                     target: float = CALIBRATE_RECALL, k: int = 10) -> int:
    """The smallest probe depth whose recall@k against a full scan reaches `target` on sampled probes."""
    q = np.ascontiguousarray(probes[rng.choice(len(probes), size=min(len(probes), CALIBRATE_PROBES), replace=False)])
    exact = index.search(q, k, params=faiss.SearchParametersIVF(nprobe=index.nlist))[1]
    truth = [set(r[r >= 0].tolist()) for r in exact]
    for nprobe in (p for p in NPROBE_STEPS if p < index.nlist):
        got = index.search(q, k, params=faiss.SearchParametersIVF(nprobe=nprobe))[1]
        hit = sum(len(t & set(g.tolist())) for t, g in zip(truth, got))
        if hit >= target * sum(len(t) for t in truth):
            return nprobe
    return int(index.nlist)


@contextmanager
def one_thread() -> Iterator[None]:
    """One OpenMP thread for a single query: on the 2-core machine under load, a flat search of 5,000
    vectors took 40 ms with FAISS's default 2 threads and 0.15 ms with 1 (thread wake-ups, not work)."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


class Selection:
    """A filter as FAISS sees it: a bitmap over practice rowids, and how many practices it keeps."""

    def __init__(self, mask: np.ndarray):
        self.mask = mask
        self.count = int(np.count_nonzero(mask))
        self._bits = np.packbits(mask, bitorder="little")  # kept alive as long as the selector
        self.selector = faiss.IDSelectorBitmap(len(self._bits), faiss.swig_ptr(self._bits))

    def __contains__(self, label: int) -> bool:
        return 0 <= label < len(self.mask) and bool(self.mask[label])


class _Space:
    """One FAISS index of language-centred vectors, with the means that centred them."""

    def __init__(self, vectors: np.ndarray, languages: list[str], labels: np.ndarray | None = None, *,
                 ann_min: int = ANN_MIN, probes: np.ndarray | None = None,
                 means: dict[str, np.ndarray] | None = None):
        self.dim = int(vectors.shape[1]) if vectors.ndim == 2 else 0
        # `means`: a space built empty (no passages yet) centres what is added later as the texts are centred
        self.means = language_means(vectors, languages) if len(vectors) or means is None else dict(means)
        labels = _labels(np.arange(len(vectors)) if labels is None else labels)
        centred = self.centre_rows(vectors, languages) if len(vectors) else vectors
        self.index = build_faiss(centred, labels, ann_min=ann_min, probes=probes)

    def mean(self, lang: str) -> np.ndarray:
        return self.means.get(lang, self.means["*"])

    def centre_rows(self, vectors: np.ndarray, languages: list[str]) -> np.ndarray:
        if not self.means:
            return _normalise(vectors)
        return _normalise(vectors - np.vstack([self.mean(lang or "*") for lang in languages]))

    def centre(self, query_vec: np.ndarray, query_text: str) -> np.ndarray:
        if not self.means:
            return query_vec
        return _normalise(np.asarray(query_vec, dtype=np.float32) - self.mean(text_language(query_text)))

    @property
    def approximate(self) -> bool:
        return isinstance(self.index, faiss.IndexIVF)

    def params(self, selection: Selection | None, total: int, exact: bool = False):
        """Search parameters: the filter's selector, and for IVF a probe depth widened by 1/selectivity."""
        sel = selection.selector if selection is not None else None
        if not self.approximate:
            return faiss.SearchParameters(sel=sel) if sel is not None else None
        ivf = faiss.extract_index_ivf(self.index)
        nprobe = ivf.nprobe
        if exact:
            nprobe = ivf.nlist
        elif selection is not None:
            nprobe = ivf.nlist if not selection.count else math.ceil(nprobe * total / selection.count)
        return faiss.SearchParametersIVF(sel=sel, nprobe=int(min(ivf.nlist, max(1, nprobe))))

    def search(self, q: np.ndarray, k: int, selection: Selection | None = None, total: int = 0,
               exact: bool = False) -> np.ndarray:
        """Labels of the k nearest (allowed) vectors, best first."""
        params = self.params(selection, total, exact)
        labels = self.index.search(np.ascontiguousarray(q.reshape(1, -1), dtype=np.float32), k, params=params)[1][0]
        return labels[labels >= 0]

    def reconstruct_labels(self, labels: np.ndarray) -> np.ndarray:
        return self.index.reconstruct_batch(_labels(labels))


class VectorIndex:
    """Two spaces over the same practices: their texts, and their heads (title and summary);
    a third of the passage windows of long practices.

    A query's dense score is the mean of its cosine in both: the head says what the practice
    is without the dilution of a long text (on the development corpus this took dense nDCG@10
    from 0.72 to 0.78, paraphrases from 0.48 to 0.63). A long practice's text cosine is that of
    its best passage window when higher (search.embed.passage_windows). Related practices use
    the text space.

    `ids[label]` is the practice id of a FAISS label (its rowid; None where nothing is indexed),
    `row_of[practice id]` its label; `owners[passage label]` the label of a passage's practice
    (-1: removed), `passages_of[practice label]` its passage labels.
    """

    def __init__(self, ids: list[str], vectors: np.ndarray, model: str, version: int,
                 languages: list[str] | None = None, heads: np.ndarray | None = None,
                 labels: list[int] | np.ndarray | None = None, *, ann_min: int = ANN_MIN,
                 passages: tuple[list[int], np.ndarray] | None = None):
        """`passages`: (for each passage, the position in `ids` of its practice; their vectors)."""
        self.model = model
        self.version = version
        labels = _labels(np.arange(len(ids)) if labels is None else labels)
        size = int(labels.max()) + 1 if len(labels) else 0
        self.ids: list[str | None] = [None] * size
        for label, pid in zip(labels.tolist(), ids):
            self.ids[label] = pid
        self.row_of = {pid: label for label, pid in zip(labels.tolist(), ids)}
        languages = languages or ["*"] * len(ids)
        heads = heads if heads is not None and len(heads) else vectors
        self.text = _Space(vectors, languages, labels, ann_min=ann_min, probes=heads)
        self.head = _Space(heads, languages, labels, ann_min=ann_min, probes=vectors)
        positions, pvecs = passages if passages is not None and len(passages[0]) else ([], None)
        if pvecs is None:
            pvecs = np.zeros((0, vectors.shape[1] if vectors.ndim == 2 else 0), np.float32)
        self.passage = _Space(pvecs, [languages[o] for o in positions], ann_min=PASSAGES_EXACT,
                              means=self.text.means)
        self.set_owners(labels[np.asarray(positions, dtype=np.int64)] if len(positions) else [])
        self.built_size = len(ids)
        self.lock = threading.RLock()  # FAISS indexes are not safe to search while they change

    def set_owners(self, owners) -> None:
        """The practice label of each passage label (-1: removed), and each practice's passage labels."""
        self.owners = np.asarray(owners, dtype=np.int64).reshape(-1)
        self.passages_of: dict[int, list[int]] = {}
        for plabel, owner in enumerate(self.owners.tolist()):
            if owner >= 0:
                self.passages_of.setdefault(owner, []).append(plabel)

    @property
    def dim(self) -> int:
        return self.text.dim

    def __len__(self) -> int:
        return len(self.row_of)

    @property
    def approximate(self) -> bool:
        return self.text.approximate

    def search(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Nearest practices to a (centred) vector in the text space: related practices."""
        if not self.row_of or k <= 0:
            return []
        k = min(k, len(self))
        with self.lock, one_thread():
            scores, labels = self.text.index.search(np.asarray(query, dtype=np.float32).reshape(1, -1), k)
        return [(self.ids[r], float(s)) for r, s in zip(labels[0], scores[0]) if r >= 0]

    def vector(self, pid: str) -> np.ndarray | None:
        label = self.row_of.get(pid)
        if label is None:
            return None
        with self.lock:
            return self.text.index.reconstruct(label)

    def passage_selection(self, selection: Selection) -> Selection:
        """The passages of the practices a selection keeps (their labels' bitmap, read through `owners`)."""
        owners = self.owners
        inside = (owners >= 0) & (owners < len(selection.mask))
        mask = np.zeros(len(owners), dtype=bool)
        mask[inside] = selection.mask[owners[inside]]
        return Selection(mask)

    def selection(self, ids: list[str]) -> Selection:
        """A Selection from practice ids (callers with a rowid bitmap build the Selection directly)."""
        mask = np.zeros(len(self.ids), dtype=bool)
        labels = [self.row_of[p] for p in ids if p in self.row_of]
        mask[labels] = True
        return Selection(mask)

    def query(self, query_vec: np.ndarray, query_text: str, k: int,
              ids: list[str] | None = None, *, selection: Selection | None = None,
              exact: bool = False) -> list[tuple[str, float]]:
        """Practices best matching a query vector: mean cosine over text and head, best first.

        Candidates are the top k of each space among the allowed practices (`selection`, or
        `ids` when a caller has only ids), and the practices of the top k allowed passages; each
        candidate is then scored exactly in every space (a practice's text cosine is its best
        passage's when higher). `exact` scans every list of an approximate index (the bench's
        reference)."""
        if not self.row_of or k <= 0:
            return []
        if selection is None and ids is not None:
            selection = self.selection(ids)
        if selection is not None and not selection.count:
            return []
        qt = self.text.centre(query_vec, query_text)
        qh = self.head.centre(query_vec, query_text)
        depth = min(max(k, MIN_CANDIDATES), len(self))
        with self.lock, one_thread():
            found = [space.search(q, depth, selection, len(self), exact)
                     for space, q in ((self.text, qt), (self.head, qh))]
            qp = self.passage.centre(query_vec, query_text) if self.passage.index.ntotal else None
            if qp is not None:
                psel = self.passage_selection(selection) if selection is not None else None
                plabels = self.passage.search(qp, min(depth, self.passage.index.ntotal), psel)
                found.append(self.owners[plabels])
            labels = np.unique(np.concatenate(found))
            if not len(labels):
                return []
            text = self.text.reconstruct_labels(labels) @ qt.reshape(-1)
            head = self.head.reconstruct_labels(labels) @ qh.reshape(-1)
            if qp is not None:
                for i, label in enumerate(labels.tolist()):
                    plabels = self.passages_of.get(label)
                    if plabels:
                        best = float(np.max(self.passage.reconstruct_labels(np.asarray(plabels)) @ qp.reshape(-1)))
                        text[i] = max(text[i], best)
        sims = (text + head) / 2
        order = np.argsort(-sims, kind="stable")[:k]
        return [(self.ids[int(labels[i])], float(sims[i])) for i in order]

    # -- keeping in step with the store ----------------------------------------------

    def remove(self, labels: list[int]) -> None:
        if not labels:
            return
        arr = _labels(labels)
        with self.lock:
            for space in (self.text, self.head):
                space.index.remove_ids(arr)
            plabels = [p for label in labels for p in self.passages_of.pop(int(label), [])]
            if plabels:
                self.passage.index.remove_ids(_labels(plabels))
                self.owners[plabels] = -1
            for label in labels:
                pid = self.ids[label]
                if pid is not None and self.row_of.get(pid) == label:
                    del self.row_of[pid]
                self.ids[label] = None

    def add(self, labels: list[int], ids: list[str], vectors: np.ndarray, heads: np.ndarray,
            languages: list[str], passages: tuple[list[int], np.ndarray] | None = None) -> None:
        """Index new or replaced vectors (a practice's old label and passages are removed first); means
        stay as built. `passages`: (the position in `ids` of each passage's practice, their vectors);
        they take the next passage labels."""
        if not ids:
            return
        stale = [self.row_of[p] for p in ids if p in self.row_of]
        stale += [label for label in labels if label < len(self.ids) and self.ids[label] is not None]
        self.remove(sorted(set(stale)))
        arr = _labels(labels)
        with self.lock:
            self.text.index.add_with_ids(self.text.centre_rows(vectors, languages), arr)
            self.head.index.add_with_ids(self.head.centre_rows(heads, languages), arr)
            top = int(arr.max()) + 1
            if top > len(self.ids):
                self.ids.extend([None] * (top - len(self.ids)))
            for label, pid in zip(labels, ids):
                self.ids[label] = pid
                self.row_of[pid] = label
            if passages is not None and len(passages[0]):
                positions, pvecs = passages
                owners = arr[np.asarray(positions, dtype=np.int64)]
                plabels = np.arange(len(self.owners), len(self.owners) + len(owners), dtype=np.int64)
                self.passage.index.add_with_ids(self.passage.centre_rows(pvecs, [languages[p] for p in positions]),
                                                plabels)
                self.owners = np.concatenate([self.owners, owners])
                for plabel, owner in zip(plabels.tolist(), owners.tolist()):
                    self.passages_of.setdefault(owner, []).append(plabel)

    def needs_rebuild(self, ann_min: int = ANN_MIN) -> bool:
        n = len(self)
        if len(self.owners) > PASSAGE_LABELS_SPARE and len(self.owners) > 2 * self.passage.index.ntotal:
            return True  # passage labels mostly of removed passages (edits of long practices): renumber them
        if not self.approximate and n < ann_min:
            # A rebuild recomputes the language means that centre the vectors: an index first built from
            # the first embedding batch of a run, then only added to, centred every later vector by the
            # means of that batch alone (kb eval, cross-lingual nDCG@10 0.61 -> 0.47). An exact index is
            # cheap to rebuild, so it is rebuilt once it holds half as many practices again.
            return n > EXACT_REBUILD_GROWTH * max(self.built_size, 1)
        return n > REBUILD_GROWTH * max(self.built_size, 1)


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


def build_index(store: Store, model: str, version: int, *, ann_min: int = ANN_MIN) -> VectorIndex:
    """A full build from the stored vectors."""
    check_model(store, model)
    rows = store.vector_rows(model)
    return VectorIndex(rows["ids"], rows["vectors"], model, version, rows["languages"], heads=rows["heads"],
                       labels=rows["rowids"], ann_min=ann_min, passages=rows["passages"])


def sync(index: VectorIndex, store: Store, version: int) -> bool:
    """Bring `index` up to `version` in place: add vectors written since, drop deleted ones.
    False when it cannot (the caller rebuilds)."""
    if index.version == version:
        return True
    if index.version > version:
        return False  # the database is older than the index (restored from a backup)
    rows = store.vector_rows(index.model, since=index.version)
    index.add(rows["rowids"].tolist(), rows["ids"], rows["vectors"], rows["heads"], rows["languages"],
              rows["passages"])
    if len(index) != store.count_vectors(index.model):  # practices were deleted: find which
        present = set(store.vector_ids(index.model))
        index.remove([label for pid, label in index.row_of.items() if pid not in present])
    index.version = version
    return len(index) == store.count_vectors(index.model)


def load_index(store: Store, index_path: Path, model: str, *, ann_min: int = ANN_MIN,
               save: bool = False) -> VectorIndex:
    """The index for `store`: from memory or disk, brought up to date incrementally, or rebuilt.

    `save` writes an index that changed back to disk (the indexer does, after ingestion: the
    next process then starts from it). A rebuilt index is always written."""
    version = store.vectors_version()
    key = (str(store.path.resolve()), model)
    with _lock:
        index = _cache.get(key)
        if index is not None and index.version == version:
            return index
        idx_file, meta_file = _paths(index_path)
        if index is None:
            index = _read(idx_file, meta_file, model, store)
        changed = index is None or index.version != version
        if index is not None and not (sync(index, store, version) and not index.needs_rebuild(ann_min)):
            index = None
        if index is None:
            index = build_index(store, model, version, ann_min=ann_min)
            save = True
        if changed and save:
            _write(index, idx_file, meta_file)
        _cache[key] = index
        return index


def _space_files(idx_file: Path) -> tuple[Path, Path, Path]:
    """The files of the text, head and passage spaces."""
    return idx_file, idx_file.with_name(idx_file.name + ".head"), idx_file.with_name(idx_file.name + ".passages")


def _read(idx_file: Path, meta_file: Path, model: str, store: Store) -> VectorIndex | None:
    """The index files, whatever version they hold (load_index brings them up to date), or None."""
    try:
        meta = json.loads(meta_file.read_text("utf-8"))
        if meta.get("model") != model or meta.get("format") != INDEX_FORMAT:
            return None
        raws = [faiss.read_index(str(f)) for f in _space_files(idx_file)]
    except (OSError, ValueError, RuntimeError):
        return None
    ids, labels, owners = meta.get("ids") or [], meta.get("labels") or [], meta.get("owners") or []
    if len(ids) != len(labels) or any(raw.ntotal != len(ids) for raw in raws[:2]):
        return None
    if raws[2].ntotal != sum(1 for o in owners if o >= 0):
        return None
    if labels and not store.rowids_match(_spot_check(ids, labels)):
        return None  # rowids changed under the index (a VACUUM): rebuild
    index = VectorIndex([], np.zeros((0, 0), np.float32), meta["model"], int(meta["version"]))
    size = max(labels) + 1 if labels else 0
    index.ids = [None] * size
    for label, pid in zip(labels, ids):
        index.ids[label] = pid
    index.row_of = dict(zip(ids, labels))
    index.built_size = int(meta.get("built_size") or len(ids))
    index.set_owners(owners)
    nprobes = (meta.get("nprobe") or [None, None]) + [None]
    for space, raw, means, nprobe in zip((index.text, index.head, index.passage), raws,
                                         (meta["means"], meta["head_means"], meta["passage_means"]), nprobes):
        space.index, space.dim = raw, raw.d
        if nprobe and isinstance(raw, faiss.IndexIVF):
            raw.nprobe = int(nprobe)
        space.means = {k: np.asarray(v, dtype=np.float32) for k, v in means.items()}
    return index


def _spot_check(ids: list[str], labels: list[int], n: int = 32) -> list[tuple[str, int]]:
    step = max(1, len(ids) // n)
    return [(ids[i], labels[i]) for i in range(0, len(ids), step)][:n + 1] + [(ids[-1], labels[-1])]


def _write(index: VectorIndex, idx_file: Path, meta_file: Path) -> None:
    """Write atomically: temp files then renames, the indexes before their sidecar."""
    try:
        with index.lock:
            for space, path in zip((index.text, index.head, index.passage), _space_files(idx_file)):
                tmp = path.with_name(path.name + f".tmp{os.getpid()}")
                faiss.write_index(space.index, str(tmp))
                os.replace(tmp, path)
            pairs = list(index.row_of.items())
            owners = index.owners.tolist()
        tmp_meta = meta_file.with_name(meta_file.name + f".tmp{os.getpid()}")
        tmp_meta.write_text(json.dumps({
            "format": INDEX_FORMAT, "version": index.version, "model": index.model,
            "ids": [p for p, _ in pairs], "labels": [label for _, label in pairs], "built_size": index.built_size,
            "nprobe": [faiss.extract_index_ivf(s.index).nprobe if s.approximate else None
                       for s in (index.text, index.head)],
            "means": {k: v.tolist() for k, v in index.text.means.items()},
            "head_means": {k: v.tolist() for k, v in index.head.means.items()},
            "owners": owners,
            "passage_means": {k: v.tolist() for k, v in index.passage.means.items()},
        }))
        os.replace(tmp_meta, meta_file)
    except OSError:
        pass  # a read-only folder: the in-memory index still serves


def index_is_current(store: Store, index_path: Path, model: str) -> bool:
    idx_file, meta_file = _paths(index_path)
    index = _read(idx_file, meta_file, model, store)
    return index is not None and index.version == store.vectors_version()

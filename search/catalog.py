"""Filter and facet columns of every practice, in memory as numpy arrays over SQLite rowids.

A filtered search used to ask SQLite for the allowed ids, build a Python set of
them and hand them, sorted, to the vector index: at 100,000 practices an axis
filter keeps about a quarter of them, and that walk alone cost tens of
milliseconds a query (issue 11). Here each filter is a vectorised comparison
over an array (municipality, language, status, start year, published) or a
posting list (MoU axes, target groups, themes), giving a boolean mask over
rowids, which are also the FAISS ids (search.index): the mask goes to FAISS as a
bitmap. Facet counts over any result set are bincounts and posting-list sums
over that mask, so they cover the full result set at a cost that does not
depend on how many rows a Python loop would visit.

The catalog is reloaded whole when the store's catalog_version (bumped by
triggers on every change to these columns or to the axes) moves: about half a
second at 100,000 practices, paid by the first query after an edit.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from kb.municipalities import canonical_municipality
from kb.store import Store


def nocase(text: str) -> str:
    """SQLite's NOCASE: ASCII letters folded, nothing else (as the SQL filter compared names)."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


class FilterError(ValueError):
    pass


@dataclass
class Codes:
    """A column of strings (or numbers) coded as small integers: codes[rowid], -1 for none."""
    codes: np.ndarray
    values: list

    @classmethod
    def of(cls, size: int, rowids: np.ndarray, raw: list) -> Codes:
        values = sorted({v for v in raw if v not in (None, "")}, key=str)
        index = {v: i for i, v in enumerate(values)}
        codes = np.full(size, -1, dtype=np.int32)
        codes[rowids] = [index.get(v, -1) for v in raw]
        return cls(codes, values)

    def mask(self, wanted: list) -> np.ndarray:
        hits = [i for i, v in enumerate(self.values) if v in wanted]
        return np.isin(self.codes, hits) if hits else np.zeros(len(self.codes), dtype=bool)

    def counts(self, mask: np.ndarray) -> list[tuple]:
        codes = self.codes[mask]
        got = np.bincount(codes[codes >= 0], minlength=len(self.values))
        return [(self.values[i], int(n)) for i, n in enumerate(got) if n]


class Catalog:
    """Every practice's filter columns, by rowid; built from the store in one pass."""

    def __init__(self, store: Store):
        self.version = store.catalog_version()
        rows = store.catalog_rows()
        rowids = np.array([r[0] for r in rows], dtype=np.int64)
        self.size = int(rowids.max()) + 1 if len(rowids) else 0
        self.rowid_of = {r[1]: r[0] for r in rows}
        self.pid = np.empty(self.size, dtype=object)
        self.pid[rowids] = [r[1] for r in rows]
        self.published = np.zeros(self.size, dtype=bool)
        self.published[rowids] = [bool(r[6]) for r in rows]
        self.municipality = Codes.of(self.size, rowids, [r[2] for r in rows])
        self.language = Codes.of(self.size, rowids, [r[3] for r in rows])
        self.status = Codes.of(self.size, rowids, [r[4] for r in rows])
        self.year = Codes.of(self.size, rowids, [r[5] for r in rows])
        self.labels: dict[str, dict] = {"axis": {}, "target_group": {}, "service": {}}
        for kind, value, rowids_csv in store.catalog_labels():
            self.labels[kind][value] = np.unique(np.array(rowids_csv.split(","), dtype=np.int64))
        self._by_name = {nocase(name): i for i, name in enumerate(self.municipality.values)}

    def __len__(self) -> int:
        return len(self.rowid_of)

    def _labelled(self, kind: str, value) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        rows = self.labels[kind].get(value)
        if rows is not None:
            mask[rows] = True
        return mask

    def mask(self, filters) -> np.ndarray:
        """Published practices passing `filters` (a search.hybrid.Filters) as a boolean mask over rowids."""
        mask = self.published.copy()
        if filters.municipality:
            name = canonical_municipality(filters.municipality) or filters.municipality.strip()
            code = self._by_name.get(nocase(name))
            mask &= self.municipality.codes == (-2 if code is None else code)
        if filters.lang:
            if filters.lang not in ("el", "en"):
                raise FilterError("lang must be el or en")
            mask &= self.language.mask([filters.lang])
        if filters.status:
            mask &= self.status.mask([filters.status])
        if filters.target_group:
            mask &= self._labelled("target_group", filters.target_group)
        if filters.service:
            mask &= self._labelled("service", filters.service)
        if filters.year not in (None, ""):
            try:
                mask &= self.year.mask([int(filters.year)])
            except (TypeError, ValueError):
                raise FilterError("year must be a number") from None
        if filters.axis not in (None, ""):
            try:
                axis = int(filters.axis)
            except (TypeError, ValueError):
                raise FilterError("axis must be a number from 1 to 8") from None
            if not 1 <= axis <= 8:
                raise FilterError("axis must be a number from 1 to 8")
            mask &= self._labelled("axis", axis)
        return mask

    def facets(self, mask: np.ndarray) -> dict[str, list[tuple]]:
        """Counts over the practices of `mask`, most frequent first, for each facet of the search page."""
        out = {
            "municipality": self.municipality.counts(mask),
            "axis": [(a, int(np.count_nonzero(mask[rows]))) for a, rows in self.labels["axis"].items()],
            "target_group": [(v, int(np.count_nonzero(mask[rows]))) for v, rows in self.labels["target_group"].items()],
            "service": [(v, int(np.count_nonzero(mask[rows]))) for v, rows in self.labels["service"].items()],
            "status": self.status.counts(mask),
            "lang": self.language.counts(mask),
            "year": self.year.counts(mask),
        }
        return {name: sorted(((v, n) for v, n in c if n), key=lambda kv: (-kv[1], str(kv[0])))
                for name, c in out.items()}

    def ids_of(self, rowids: np.ndarray) -> list[str]:
        return self.pid[rowids].tolist()

    def mask_of(self, ids) -> np.ndarray:
        """A mask over rowids from practice ids (a result list of at most a few hundred)."""
        mask = np.zeros(self.size, dtype=bool)
        rows = [self.rowid_of[p] for p in ids if p in self.rowid_of]
        mask[rows] = True
        return mask


_cache: dict[str, Catalog] = {}
_lock = threading.Lock()


def load_catalog(store: Store) -> Catalog:
    """The store's catalog, reloaded when its catalog_version moved."""
    key = str(store.path.resolve())
    version = store.catalog_version()
    with _lock:
        cat = _cache.get(key)
        if cat is None or cat.version != version:
            cat = _cache[key] = Catalog(store)
        return cat

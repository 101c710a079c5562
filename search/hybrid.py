"""Hybrid retrieval: Greek-folded BM25 (FTS5) and dense vectors, fused by reciprocal rank fusion.

Keyword search finds exact names and terms (ESTIA, ΣΕΜ, Ελληνομάθεια) in any
inflection; dense search finds the same meaning in other words or the other
language. Reciprocal rank fusion (Cormack et al., 2009) adds w/(K + rank) from
each list, so neither score scale dominates. A keyword hit's weight w is the
share of the query's terms it contains, cubed: a practice that matches one
word of a six-word query is weak evidence, and for an English question about
Greek practices such partial matches are mostly noise from English texts
(on the development corpus, plain RRF dropped cross-lingual nDCG@10 from 0.69
to 0.07; weighted, hybrid matches or beats dense on every kind of query).
K is 10 rather than the usual 60 so that the top of each list counts.
Filters (municipality, MoU axis, language, status) narrow the candidates before
ranking, so a filtered search ranks all matching practices, not a top-N. They
are evaluated as a bitmap over rowids (search.catalog) that FAISS applies
itself, and that selects among all keyword matches before they are sorted, so
that none of a rare filter's matches is lost past a top-N.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kb.municipalities import canonical_municipality
from kb.store import Store
from search.embed import Embedder, get_embedder
from search.catalog import Catalog, FilterError, load_catalog
from search.index import Selection, VectorIndex, load_index
from search.snippets import snippet
from search.text import fts_expression, query_terms

RRF_K = 10
COVERAGE_POWER = 3
MODES = ("hybrid", "bm25", "dense")


class QueryError(ValueError):
    pass


@dataclass
class Filters:
    municipality: str | None = None
    axis: int | None = None
    lang: str | None = None
    status: str | None = None
    target_group: str | None = None  # a label of kb.vocab (e.g. "women", "roma")
    service: str | None = None  # a theme label of kb.vocab (e.g. "housing", "language")
    year: int | None = None  # start year

    def active(self) -> bool:
        return any(v not in (None, "") for v in (self.municipality, self.axis, self.lang, self.status,
                                                 self.target_group, self.service, self.year))


@dataclass
class Hit:
    id: str
    title: str
    municipality: str
    snippet: str
    source: str
    axes: list[int]
    score: float
    language: str = ""
    status: str = ""
    target_groups: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    start_year: int | None = None
    ranks: dict = field(default_factory=dict)  # rank in each list that found it (bm25, dense)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "title": self.title, "municipality": self.municipality, "snippet": self.snippet,
            "source": self.source, "axes": self.axes, "score": round(self.score, 6),
            "language": self.language, "status": self.status, "target_groups": self.target_groups,
            "services": self.services, "start_year": self.start_year,
        }


def rrf(*ranked: list[str], weights: list[dict[str, float] | None] | None = None,
        k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal rank fusion; `weights[i]`, when given, weighs each id of list i (default 1)."""
    scores: dict[str, float] = {}
    for i, lst in enumerate(ranked):
        w = (weights or [None] * len(ranked))[i]
        for rank, pid in enumerate(lst, start=1):
            scores[pid] = scores.get(pid, 0.0) + (1.0 if w is None else w.get(pid, 0.0)) / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


class Searcher:
    """Searches one store. The embedding model and the index load on first use."""

    def __init__(self, store: Store, *, model: str, index_path: Path | None = None,
                 embedder: Embedder | None = None):
        self.store = store
        self.model = model
        self.index_path = index_path or store.path.with_name(store.path.name + ".faiss")
        self._embedder = embedder

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.model)
        return self._embedder

    @property
    def index(self) -> VectorIndex:
        return load_index(self.store, self.index_path, self.embedder.name)

    @property
    def catalog(self) -> Catalog:
        return load_catalog(self.store)

    # -- candidates ------------------------------------------------------------

    def allowed_ids(self, filters: Filters) -> set[str] | None:
        """The practices that pass the filters, or None when every practice passes.

        Only published practices are searched: submissions waiting for review are not.
        """
        # "< or >" rather than "<>": two range seeks on the review_state index instead of a scan.
        if not filters.active() and not self.store.execute(
            "SELECT 1 FROM practices WHERE review_state < 'published' OR review_state > 'published' LIMIT 1"
        ).fetchone():
            return None
        where, params = ["review_state = 'published'"], []
        if filters.municipality:
            name = canonical_municipality(filters.municipality) or filters.municipality.strip()
            where.append("municipality = ? COLLATE NOCASE")
            params.append(name)
        if filters.lang:
            if filters.lang not in ("el", "en"):
                raise QueryError("lang must be el or en")
            where.append("language = ?")
            params.append(filters.lang)
        if filters.status:
            where.append("status = ?")
            params.append(filters.status)
        if filters.target_group:
            where.append("EXISTS (SELECT 1 FROM json_each(practices.target_groups) WHERE value = ?)")
            params.append(filters.target_group)
        if filters.service:
            where.append("EXISTS (SELECT 1 FROM json_each(practices.services) WHERE value = ?)")
            params.append(filters.service)
        if filters.year not in (None, ""):
            try:
                where.append("start_year = ?")
                params.append(int(filters.year))
            except (TypeError, ValueError):
                raise QueryError("year must be a number") from None
        if filters.axis not in (None, ""):
            try:
                axis = int(filters.axis)
            except (TypeError, ValueError):
                raise QueryError("axis must be a number from 1 to 8") from None
            if not 1 <= axis <= 8:
                raise QueryError("axis must be a number from 1 to 8")
            where.append("id IN (SELECT practice_id FROM practice_axes WHERE axis = ?)")
            params.append(axis)
        return {r[0] for r in self.store.execute(f"SELECT id FROM practices WHERE {' AND '.join(where)}", params)}

    def allowed(self, filters: Filters) -> Allowed | None:
        """What allowed_ids says, as a bitmap over rowids (the search path: no id walked in Python)."""
        catalog = self.catalog
        if not filters.active() and np.count_nonzero(catalog.published) == len(catalog):
            return None
        try:
            return Allowed(catalog, catalog.mask(filters))
        except FilterError as exc:
            raise QueryError(str(exc)) from None

    def facets(self, filters: Filters | None = None, ids: list[str] | None = None) -> dict[str, list[tuple]]:
        """Facet counts over a full result set: the practices passing `filters`, among `ids` when given."""
        catalog = self.catalog
        allowed = self.allowed(filters or Filters())
        mask = catalog.published if allowed is None else allowed.selection.mask
        if ids is not None:
            mask = mask & catalog.mask_of(ids)
        return catalog.facets(mask)

    def _fts_ranked(self, expr: str, allowed: Allowed | set[str] | None, limit: int) -> list[str]:
        """Keyword matches best first; under a filter, every allowed match ranks (no top-N cut first)."""
        if not isinstance(allowed, Allowed):
            return [pid for pid, _ in self.store.fts_search(expr, limit)]
        rowids, scores = self.store.fts_scores(expr)
        mask = allowed.selection.mask
        inside = rowids < len(mask)
        inside[inside] = mask[rowids[inside]]
        rowids, scores = rowids[inside], scores[inside]
        order = np.argsort(-scores, kind="stable")[:limit]
        return allowed.catalog.ids_of(rowids[order])

    def bm25(self, terms: list[str], allowed: set[str] | None, depth: int) -> list[str]:
        expr = fts_expression(terms)
        if not expr:
            return []
        limit = depth if allowed is None else max(depth, 5000)
        ranked = self._fts_ranked(expr, allowed, limit)
        if allowed is not None:
            ranked = [p for p in ranked if p in allowed]
        return ranked[:depth]

    def coverage(self, ids: list[str], terms: list[str]) -> dict[str, float]:
        """For each practice, (share of the query terms it contains) ** COVERAGE_POWER."""
        if not ids or not terms:
            return {}
        patterns = [re.compile(r"\b" + re.escape(t)) for t in terms]
        out = {}
        for row in self.store.fts_rows(ids):  # by rowid: a WHERE on practice_id scanned every row (issue 11)
            pid, text = row["practice_id"], f"{row['title']} {row['body']}"
            share = sum(1 for p in patterns if p.search(text)) / len(patterns)
            out[pid] = share ** COVERAGE_POWER
        return out

    def dense(self, query: str, allowed: set[str] | None, depth: int) -> list[str]:
        qv = self.embedder.encode_query(query)
        if isinstance(allowed, Allowed):
            return [pid for pid, _ in self.index.query(qv, query, depth, selection=allowed.selection)]
        ids = sorted(allowed) if allowed is not None else None
        return [pid for pid, _ in self.index.query(qv, query, depth, ids=ids)]

    # -- search ----------------------------------------------------------------

    def search(self, query: str, *, k: int = 10, filters: Filters | None = None, mode: str = "hybrid") -> list[Hit]:
        query = (query or "").strip()
        if not query:
            raise QueryError("empty query")
        if len(query) > 1000:
            raise QueryError("query too long (1000 characters at most)")
        if mode not in MODES:
            raise QueryError(f"mode must be one of {', '.join(MODES)}")
        k = max(1, min(int(k), 100))
        filters = filters or Filters()
        allowed = self.allowed(filters)
        if allowed is not None and not allowed:
            return []
        terms = query_terms(query)
        depth = max(100, 5 * k)
        lists: dict[str, list[str]] = {}
        if mode in ("hybrid", "bm25"):
            lists["bm25"] = self.bm25(terms, allowed, depth)
        if mode in ("hybrid", "dense"):
            lists["dense"] = self.dense(query, allowed, depth)
        weights = [self.coverage(lists["bm25"], terms) if name == "bm25" else None for name in lists]
        fused = rrf(*lists.values(), weights=weights)[:k]
        rows = self.store.practices_by_ids([pid for pid, _ in fused])
        hits = []
        for pid, score in fused:
            row = rows.get(pid)
            if row is None:
                continue
            hits.append(Hit(
                id=pid, title=row["title"], municipality=row["municipality"] or "",
                snippet=snippet(row["text"], terms), source=row["source_path"] or "",
                axes=[a["axis"] for a in row["axes"]], score=score,
                language=row["language"] or "", status=row["status"] or "",
                target_groups=row["target_groups"] or [], services=row["services"] or [],
                start_year=row["start_year"],
                ranks={name: lst.index(pid) + 1 for name, lst in lists.items() if pid in lst},
            ))
        return hits


class Allowed:
    """The practices a filter keeps: a FAISS Selection over rowids, and membership by practice id."""

    def __init__(self, catalog: Catalog, mask: np.ndarray):
        self.catalog = catalog
        self.selection = Selection(mask)

    def __contains__(self, pid: object) -> bool:
        rowid = self.catalog.rowid_of.get(pid)  # type: ignore[call-overload]
        return rowid is not None and bool(self.selection.mask[rowid])

    def __len__(self) -> int:
        return self.selection.count

    def ids(self) -> list[str]:
        """The kept practice ids (for a rare filter: walks only the kept rows)."""
        return self.catalog.ids_of(np.flatnonzero(self.selection.mask))

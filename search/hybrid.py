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

Keyword search also matches concepts across languages: a query term covered by
a concept the query names (ΚΕΜ / Migrant Integration Centre, a target group, a
theme, a domain word of kb/glossary.json) is found in a practice that holds
the concept's token, whatever language it is written in (kb.fts, search.text).
On the development corpus this took keyword nDCG@10 for cross-lingual queries
from 0.15 to 0.44 and hybrid from 0.566 to 0.585 overall (cross-lingual 0.472
to 0.506, English 0.642 to 0.668, Greek 0.698 to 0.712). The glossary was
written from the field's vocabulary, not fitted to the queries.
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
from search.text import concept_groups, fts_expression, query_terms

RRF_K = 10
USE_CONCEPTS = True  # search concept tokens too (False only to measure without them)
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

    @classmethod
    def from_row(cls, pid: str, row: dict, terms: list[str], score: float, ranks: dict | None = None) -> "Hit":
        """A hit from a stored practice row, its snippet marking the query's terms."""
        return cls(
            id=pid, title=row["title"], municipality=row["municipality"] or "",
            snippet=snippet(row["text"], terms), source=row["source_path"] or "",
            axes=[a["axis"] for a in row["axes"]], score=score,
            language=row["language"] or "", status=row["status"] or "",
            target_groups=row["target_groups"] or [], services=row["services"] or [],
            start_year=row["start_year"], ranks=ranks or {},
        )

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

    def bm25(self, terms: list[str], allowed: set[str] | None, depth: int,
             groups: dict[str, list[str]] | None = None) -> list[str]:
        expr = fts_expression(terms, sorted({t for g in (groups or {}).values() for t in g}))
        if not expr:
            return []
        limit = depth if allowed is None else max(depth, 5000)
        ranked = self._fts_ranked(expr, allowed, limit)
        if allowed is not None:
            ranked = [p for p in ranked if p in allowed]
        return ranked[:depth]

    def coverage(self, ids: list[str], terms: list[str],
                 groups: dict[str, list[str]] | None = None) -> dict[str, float]:
        """For each practice, (share of the query terms it contains) ** COVERAGE_POWER.

        A term counts as contained when the practice holds one of the concept tokens
        that cover it in the query (`groups`, search.text.concept_groups)."""
        if not ids or not terms:
            return {}
        groups = groups or {}
        patterns = [(re.compile(r"\b" + re.escape(t)), set(groups.get(t, ()))) for t in terms]
        out = {}
        for row in self.store.fts_rows(ids):  # by rowid: a WHERE on practice_id scanned every row (issue 11)
            pid, text, held = row["practice_id"], f"{row['title']} {row['body']}", set((row["terms"] or "").split())
            share = sum(1 for p, toks in patterns if toks & held or p.search(text)) / len(patterns)
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
        groups = concept_groups(query) if USE_CONCEPTS else {}
        depth = max(100, 5 * k)
        lists: dict[str, list[str]] = {}
        if mode in ("hybrid", "bm25"):
            lists["bm25"] = self.bm25(terms, allowed, depth, groups)
        if mode in ("hybrid", "dense"):
            lists["dense"] = self.dense(query, allowed, depth)
        weights = [self.coverage(lists["bm25"], terms, groups) if name == "bm25" else None for name in lists]
        fused = rrf(*lists.values(), weights=weights)[:k]
        rows = self.store.practices_by_ids([pid for pid, _ in fused])
        hits = []
        for pid, score in fused:
            row = rows.get(pid)
            if row is None:
                continue
            hits.append(Hit.from_row(pid, row, terms, score,
                                     ranks={name: lst.index(pid) + 1 for name, lst in lists.items() if pid in lst}))
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


# -- relevance cut-off (issue 12) ----------------------------------------------
# Dense search ranks every practice, so without a cut-off every query "matched" the
# whole database ("xyzzy qwerty": 20 of 38). A search now matches the keyword hits
# whose share of the query's terms is at least KEYWORD_MIN_SHARE, plus the dense
# hits whose similarity (VectorIndex.query's centred mean cosine) is at least
# DENSE_MIN and within DENSE_MARGIN of the query's best. All three were chosen out
# of fold on the development corpus's queries by bench/cutoff.py; KB_DENSE_MIN,
# KB_DENSE_MARGIN, KB_DENSE_GATE and KB_KEYWORD_MIN override them for another model.
# bench/cutoff.py, 5 folds of the 113 corpus queries, each fold's choice the best mean F1 among the
# settings costing the other folds at most 0.005 nDCG@10: every fold chose dense >= 0.06 and no
# margin, four of five a keyword share >= 0.67. Held out: hybrid nDCG@10 0.649 -> 0.646, 78% of the
# irrelevant practices no longer listed, recall of relevant ones 0.84 (precision 0.20: the count is
# honest about what matches, not a claim that all of it is relevant); ten nonsense queries: 0 results.
# Stricter thresholds cut more but cost nDCG (the F1-best, dense >= 0.18, lost 0.09).
DENSE_MIN_DEFAULT = 0.06
DENSE_MARGIN_DEFAULT = float("inf")  # off: no fold chose any margin tried (0.02-0.20)
# A query none of whose words occurs in any published practice (keyboard mash, "*(", an unknown
# name) matches by meaning only when its best similarity reaches DENSE_GATE: on the development
# corpus every unfiltered query had a keyword hit, while ten nonsense queries had none and best
# similarities of 0.15-0.27 (real queries: median 0.33). Set above that nonsense, not fitted out of fold.
DENSE_GATE_DEFAULT = 0.3
KEYWORD_MIN_SHARE_DEFAULT = 0.67


def _env_float(name: str, default: float) -> float:
    import os

    raw = os.environ.get(name)
    try:
        return float(raw) if raw not in (None, "") else default
    except ValueError:
        raise QueryError(f"{name} must be a number, not {raw!r}") from None


def dense_min() -> float:
    """The dense similarity a practice needs to match without keywords (KB_DENSE_MIN)."""
    return _env_float("KB_DENSE_MIN", DENSE_MIN_DEFAULT)


def dense_margin() -> float:
    """How far below the query's best dense similarity a practice may be and still match (KB_DENSE_MARGIN)."""
    return _env_float("KB_DENSE_MARGIN", DENSE_MARGIN_DEFAULT)


def dense_gate() -> float:
    """The best similarity a query with no known word needs to match anything (KB_DENSE_GATE)."""
    return _env_float("KB_DENSE_GATE", DENSE_GATE_DEFAULT)


def known_words(searcher: "Searcher", query: str) -> bool:
    """Whether any of the query's words occurs in some practice (whatever the filters)."""
    return bool(searcher.bm25(query_terms(query), None, 1))


def keyword_min_share() -> float:
    """The share of the query's terms a keyword hit needs to match (KB_KEYWORD_MIN)."""
    return _env_float("KB_KEYWORD_MIN", KEYWORD_MIN_SHARE_DEFAULT)


def keyword_shares(searcher: "Searcher", query: str, allowed: set[str] | None) -> dict[str, float]:
    """Every keyword hit (among `allowed`) with the share of the query's terms it contains."""
    terms = query_terms(query)
    ids = searcher.bm25(terms, allowed, 1_000_000)
    if not ids:
        return {}
    power = searcher.coverage(ids, terms)
    return {pid: round(c ** (1 / COVERAGE_POWER), 6) for pid, c in power.items()}


def dense_scores(searcher: "Searcher", query: str, allowed: set[str] | None) -> dict[str, float]:
    """The dense similarity of every practice (among `allowed`) to the query."""
    index = searcher.index
    ids = sorted(allowed) if allowed is not None else [p for p in index.ids if p is not None]
    if not ids:
        return {}
    qv = searcher.embedder.encode_query(query)
    return dict(index.query(qv, query, len(ids), ids=ids))


@dataclass
class Matched:
    """The practices a query matches, and why: "keywords", "meaning" or "both"."""
    why: dict[str, str]
    keyword: dict[str, float]
    dense: dict[str, float]

    @property
    def ids(self) -> set[str]:
        return set(self.why)


def matched(searcher: "Searcher", query: str, *, filters: Filters | None = None, mode: str = "hybrid",
            min_dense: float | None = None, min_share: float | None = None,
            margin: float | None = None) -> Matched:
    """The practices that match a query: the keyword hits (mode hybrid or bm25) covering at least
    `min_share` of its terms, and the dense hits (mode hybrid or dense) at least `min_dense` similar
    and within `margin` of the best dense similarity (the tail of a long ranking is cut)."""
    query = (query or "").strip()
    if mode not in MODES:
        raise QueryError(f"mode must be one of {', '.join(MODES)}")
    allowed = searcher.allowed_ids(filters or Filters())
    if allowed is not None and not allowed:
        return Matched({}, {}, {})
    min_dense = dense_min() if min_dense is None else min_dense
    min_share = keyword_min_share() if min_share is None else min_share
    margin = dense_margin() if margin is None else margin
    kw = keyword_shares(searcher, query, allowed) if mode in ("hybrid", "bm25") else {}
    dn = dense_scores(searcher, query, allowed) if mode in ("hybrid", "dense") else {}
    by_kw = {p for p, s in kw.items() if s > 0 and s >= min_share}
    top = max(dn.values(), default=0.0)
    floor = max(min_dense, top - margin)
    if top < dense_gate() and not known_words(searcher, query):
        floor = float("inf")
    by_dn = {p for p, s in dn.items() if s >= floor}
    why = {p: "both" if p in by_kw and p in by_dn else "keywords" if p in by_kw else "meaning"
           for p in by_kw | by_dn}
    return Matched(why, kw, dn)


def ranked_matches(searcher: "Searcher", query: str, *, filters: Filters | None = None,
                   mode: str = "hybrid") -> tuple[list[Hit], Matched]:
    """The matched practices, best first: in the searcher's own order for its top 100, then the
    rest by their keyword share and dense similarity (a database with more than 100 matches)."""
    m = matched(searcher, query, filters=filters, mode=mode)
    if not m.why:
        return [], m
    top = [h for h in searcher.search(query, k=100, filters=filters, mode=mode) if h.id in m.why]
    seen = {h.id for h in top}
    rest = sorted((p for p in m.why if p not in seen),
                  key=lambda p: (-m.keyword.get(p, 0.0), -m.dense.get(p, 0.0), p))
    if rest:
        rows = searcher.store.practices_by_ids(rest)
        terms = query_terms(query)
        for pid in rest:
            row = rows.get(pid)
            if row is None:
                continue
            top.append(Hit.from_row(pid, row, terms, 0.0))
    return top, m


SORTS = ("relevance", "newest", "municipality", "title")


def in_years(hits: list[dict], year_from: int | None, year_to: int | None) -> list[dict]:
    """Hits whose start year lies in the range; with a bound set, a hit without a start year is left out."""
    if year_from is None and year_to is None:
        return hits
    lo, hi = year_from or 0, year_to or 9999
    return [h for h in hits if h.get("start_year") and lo <= h["start_year"] <= hi]


def sort_hits(hits: list[dict], sort: str) -> list[dict]:
    """Hits in the chosen order; ties keep the relevance order (Python's sort is stable)."""
    if sort == "newest":
        return sorted(hits, key=lambda h: -(h.get("start_year") or 0))
    if sort == "municipality":
        return sorted(hits, key=lambda h: (not h.get("municipality"), (h.get("municipality") or "").casefold()))
    if sort == "title":
        return sorted(hits, key=lambda h: (h.get("title") or "").casefold())
    return hits

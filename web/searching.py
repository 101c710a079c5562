"""Search requests shared by the pages, the exports and the API: parameters, results, facets.

With a query, results come from the hybrid searcher; without one but with
filters (the coverage table links to such pages), the matching published
practices are listed ("browse"), strongest axis link first when an axis is
chosen. A query matches keyword hits and dense hits above a calibrated
similarity (search.hybrid.matched), so the total, the facets (municipalities,
axes, target groups, themes, statuses, languages, start years) and the exports
all cover exactly the matched set; pages show `k` of it at a time.
"""
from __future__ import annotations

import csv
import html
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from flask import g
from markupsafe import Markup

from kb.model import LANGUAGES, STATUSES
from kb.redact import contact_spans, redact
from kb.spreadsheet import cell
from search.hybrid import MODES, SORTS, Filters, in_years, ranked_matches, sort_hits
from search.snippets import snippet
from search.text import query_terms
from web.extension import praxis

MAX_K = 100
MAX_PAGE = 10_000
EXPORT_FIELDS = ("id", "title", "municipality", "language", "status", "axes", "score", "source", "snippet", "url")
_MARK = re.compile(r"</?mark>")


class ParamError(ValueError):
    """A bad search parameter; the message is an interface string (web.i18n translates it)."""


@dataclass
class Query:
    q: str = ""
    k: int = 20
    municipality: str = ""
    axis: int | None = None
    lang: str = ""
    status: str = ""
    mode: str = "hybrid"
    target_group: str = ""
    service: str = ""
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    page: int = 1
    sort: str = "relevance"
    explicit_k: bool = field(default=False, repr=False)

    @property
    def filters(self) -> Filters:
        return Filters(municipality=self.municipality or None, axis=self.axis, lang=self.lang or None,
                       status=self.status or None, target_group=self.target_group or None,
                       service=self.service or None, year=self.year)

    def params(self, **changes) -> dict:
        """The non-empty URL parameters of this query (with changes), for links and the permalink."""
        values = {"q": self.q, "municipality": self.municipality, "axis": self.axis, "lang": self.lang,
                  "status": self.status, "target_group": self.target_group, "service": self.service,
                  "year": self.year, "year_from": self.year_from, "year_to": self.year_to,
                  "sort": "" if self.sort == "relevance" else self.sort,
                  "mode": "" if self.mode == "hybrid" else self.mode,
                  "k": self.k if self.explicit_k else None, "page": self.page if self.page > 1 else None}
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "")}

    @property
    def empty(self) -> bool:
        return not self.q and not self.filters.active() and self.year_from is None and self.year_to is None


def ascii_digits(raw: str) -> bool:
    """Only 0-9: str.isdigit() also accepts "²" and other Unicode digits, on which int() fails (a 500)."""
    return raw.isascii() and raw.isdigit()


def parse(args, *, default_k: int = 20) -> Query:
    q = (args.get("q") or "").strip()
    if len(q) > 1000:
        raise ParamError("The query is too long (1000 characters at most).")
    query = Query(q=q, k=default_k)
    raw_k = (args.get("k") or "").strip()
    if raw_k:
        if not ascii_digits(raw_k) or not 1 <= int(raw_k) <= MAX_K:
            raise ParamError("k must be a whole number from 1 to 100.")
        query.k, query.explicit_k = int(raw_k), True
    raw_axis = (args.get("axis") or "").strip()
    if raw_axis:
        if not ascii_digits(raw_axis) or not 1 <= int(raw_axis) <= 8:
            raise ParamError("axis must be a number from 1 to 8.")
        query.axis = int(raw_axis)
    query.lang = (args.get("lang") or "").strip()
    if query.lang and query.lang not in LANGUAGES:
        raise ParamError("lang must be el or en.")
    query.status = (args.get("status") or "").strip()
    if query.status and query.status not in STATUSES:
        raise ParamError("status must be running, planned or ended.")
    query.municipality = (args.get("municipality") or "").strip()[:200]
    query.target_group = (args.get("target_group") or "").strip()[:100]
    query.service = (args.get("service") or "").strip()[:100]
    query.year = _year(args, "year")
    query.year_from = _year(args, "year_from")
    query.year_to = _year(args, "year_to")
    if query.year_from and query.year_to and query.year_from > query.year_to:
        raise ParamError("year_from must not be after year_to.")
    raw_page = (args.get("page") or "").strip()
    if raw_page:
        if not ascii_digits(raw_page) or not 1 <= int(raw_page) <= MAX_PAGE:
            raise ParamError("page must be a whole number from 1 to 10000.")
        query.page = int(raw_page)
    query.sort = (args.get("sort") or "relevance").strip()
    if query.sort not in SORTS:
        raise ParamError("sort must be relevance, newest, municipality or title.")
    query.mode = (args.get("mode") or "hybrid").strip()
    if query.mode not in MODES:
        raise ParamError("mode must be hybrid, bm25 or dense.")
    return query


def _year(args, name: str) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    # The ASCII check first: int() accepts "２０２１" and would also accept a 10,000-digit number.
    if not ascii_digits(raw) or len(raw) != 4 or not 1900 <= int(raw) <= 2100:
        raise ParamError(f"{name} must be a year such as 2021.")
    return int(raw)


def search_hits(query: Query) -> list[dict]:
    """Every practice the query matches (the relevance cut-off of search.hybrid.matched), in the chosen
    order, each with "matched" (keywords, meaning or both); without a query, the practices the filters
    select. The snippet is HTML escaped by construction (search.snippets)."""
    if query.q:
        hits, m = ranked_matches(praxis().searcher, query.q, filters=query.filters, mode=query.mode)
        out = public([h.to_dict() | {"matched": m.why.get(h.id, "")} for h in hits], query.q)
    else:
        out = browse(query, None)
    return sort_hits(in_years(out, query.year_from, query.year_to), query.sort)


def page_of(hits: list[dict], query: Query) -> list[dict]:
    start = (query.page - 1) * query.k
    return hits[start:start + query.k]


def pages(total: int, k: int) -> int:
    return max(1, -(-total // k))


def public(hits: list[dict], q: str) -> list[dict]:
    """Hits as this user may read them: sources relative to the drive (never the server's folders);
    for anonymous users, titles and snippets without e-mail addresses or telephone numbers. The
    snippet is made again from the redacted text (redacting the snippet itself would leave the part
    of a number cut at the snippet's edge)."""
    store = praxis().store
    roots = store.drive_roots() if hits else []
    for h in hits:
        h["source"] = store.shown_path(h["source"], roots)
    if g.get("user") is not None or not hits:
        return hits
    rows = praxis().store.practices_by_ids([h["id"] for h in hits])
    terms = query_terms(q)
    for h in hits:
        row = rows.get(h["id"])
        h["title"] = redact(h["title"])
        if row is not None and contact_spans(row["text"] or ""):
            h["snippet"] = snippet(redact(row["text"]), terms)
    return hits


def browse(query: Query, k: int | None) -> list[dict]:
    searcher, store = praxis().searcher, praxis().store
    allowed = searcher.allowed_ids(query.filters)
    if allowed is None:
        rows = store.practices("review_state = 'published'")
    else:
        rows = list(store.practices_by_ids(sorted(allowed)).values())
    def axis_score(r: dict) -> float:
        return next((a["score"] for a in r["axes"] if a["axis"] == query.axis), 0.0)
    if query.axis:
        rows.sort(key=lambda r: (-axis_score(r), r["municipality"] or "", r["title"]))
    else:
        rows.sort(key=lambda r: (r["municipality"] or "", r["title"]))
    out = []
    roots = store.drive_roots()
    for r in rows[:k] if k is not None else rows:
        words = (r["summary"] or r["text"] or "").split()
        if g.get("user") is None:
            words = redact(" ".join(words)).split()
        text = " ".join(words[:40]) + (" …" if len(words) > 40 else "")
        out.append({
            "id": r["id"], "title": r["title"] if g.get("user") else redact(r["title"]),
            "municipality": r["municipality"] or "", "snippet": html.escape(text),
            "source": store.shown_path(r["source_path"] or "", roots),
            "axes": [a["axis"] for a in r["axes"]], "score": round(axis_score(r), 4) if query.axis else None,
            "language": r["language"] or "", "status": r["status"] or "",
            "target_groups": r["target_groups"] or [], "services": r["services"] or [],
            "start_year": r["start_year"],
        })
    return out


def for_page(hits: list[dict]) -> list[dict]:
    """Hits for templates: the snippet marked safe, because search.snippets escaped every character of
    the document and added only its own <mark> tags (browse snippets are escaped above). Nothing else is."""
    return [{**h, "snippet": Markup(h["snippet"])} for h in hits]


FACETS = ("municipality", "axis", "target_group", "service", "status", "lang", "year")


def facets(hits: list[dict]) -> dict[str, list[tuple]]:
    counts = {name: Counter() for name in FACETS}
    for h in hits:
        if h["municipality"]:
            counts["municipality"][h["municipality"]] += 1
        for a in h["axes"]:
            counts["axis"][a] += 1
        counts["target_group"].update(h.get("target_groups") or [])
        counts["service"].update(h.get("services") or [])
        if h.get("language"):
            counts["lang"][h["language"]] += 1
        if h.get("status"):
            counts["status"][h["status"]] += 1
        if h.get("start_year"):
            counts["year"][h["start_year"]] += 1
    return {name: sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0]))) for name, c in counts.items()}


def plain(snippet_html: str) -> str:
    return html.unescape(_MARK.sub("", snippet_html))


def to_csv(hits: list[dict], url_for_practice) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(EXPORT_FIELDS)
    for h in hits:
        row = {**h, "snippet": plain(h["snippet"]), "url": url_for_practice(h["id"])}
        writer.writerow([cell(row.get(f)) for f in EXPORT_FIELDS])
    return "\ufeff" + buf.getvalue()  # a BOM, so that spreadsheet programs read the Greek as UTF-8

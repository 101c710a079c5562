"""The JSON API under /api: read-only, and a contract other tools rely on (keep names and fields).

GET /api/search?q=&k=&municipality=&axis=&lang=&status=&mode=
    {"query", "results": [{"id", "title", "municipality", "snippet", "source", "axes", "score",
                            "language", "status"}]}  (snippet: HTML, escaped, with <mark> around matches)
GET /api/practices/<id>   the practice's fields, "axes": [{"axis", "score", "evidence", "source"}],
                          "related": [{"id", "title", "municipality", "score", "same"}];
                          "contact" only for logged-in users
GET /api/axes             {"axes": [{"number", "title_el", "title_en", "text_el", "text_en", "count"}]}
GET /api/suggest?q=       {"query", "suggestions": [{"id", "title", "municipality"}]}: titles whose words
                          start with the folded query words (for search-as-you-type)
Errors are {"error": "..."} with 400 (bad parameters), 401, 404 or 503 (model or index unavailable).
"""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from kb.axes import all_axes
from kb.fold import words
from kb.redact import redact
from search.embed import ModelError
from search.hybrid import QueryError
from search.index import IndexMismatch
from web import records, searching, stats
from web.extension import praxis

bp = Blueprint("api", __name__, url_prefix="/api")


def error(message: str, code: int = 400):
    return jsonify({"error": message}), code


@bp.get("/search")
def search():
    if not (request.args.get("q") or "").strip():
        return error("missing query: pass q=...")
    try:
        query = searching.parse(request.args, default_k=10)
        hits = praxis().searcher.search(query.q, k=query.k, filters=query.filters, mode=query.mode)
    except (searching.ParamError, QueryError) as exc:
        return error(str(exc))
    except (ModelError, IndexMismatch) as exc:
        return error(f"search is not available: {exc}", 503)
    return jsonify({"query": query.q, "results": searching.public([h.to_dict() for h in hits], query.q)})


@bp.get("/practices/<pid>")
def practice(pid: str):
    p = records.load(pid)
    if p is None:
        return error(f"no practice {pid!r}", 404)
    return jsonify(records.to_json(p, records.related_for(pid)))


@bp.get("/axes")
def axes():
    counts = stats.axis_counts()
    return jsonify({"axes": [
        {"number": a.number, "title_el": a.title_el, "title_en": a.title_en, "text_el": a.text_el,
         "text_en": a.text_en, "count": counts.get(a.number, 0)}
        for a in all_axes()
    ]})


@bp.get("/suggest")
def suggest():
    q = (request.args.get("q") or "")[:200]
    terms = words(q)[:8]
    if not terms:
        return jsonify({"query": q, "suggestions": []})
    # Whole words, then the last one as a prefix; \w+ tokens cannot break out of the quotes.
    match = " AND ".join(f'title : "{t}"' for t in terms[:-1])
    match = (match + " AND " if match else "") + f'title : "{terms[-1]}"*'
    rows = praxis().store.suggest_titles(match, 8)
    return jsonify({"query": q, "suggestions": [
        {"id": r["id"], "title": r["title"] if g.get("user") else redact(r["title"]),
         "municipality": r["municipality"] or ""} for r in rows
    ]})

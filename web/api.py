"""The JSON API under /api: read-only, and a contract other tools rely on (keep names and fields).

GET /api/search?q=&k=&page=&sort=&municipality=&axis=&lang=&status=&year_from=&year_to=&mode=
    {"query", "total", "page", "pages", "k", "results": [{"id", "title", "municipality", "snippet", "source",
     "axes", "score", "language", "status", "matched"}]}  (snippet: HTML, escaped, with <mark> around
     matches; total: every practice the query matches, keywords or meaning above the calibrated
     similarity; matched: "keywords", "meaning" or "both")
GET /api/practices/<id>   the practice's fields, "axes": [{"axis", "score", "evidence", "source"}],
                          "related": [{"id", "title", "municipality", "score", "same"}];
                          "contact" only for logged-in users
GET /api/axes             {"axes": [{"number", "title_el", "title_en", "text_el", "text_en", "count"}]}
GET /api/openapi.json     the OpenAPI 3 description of this API
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
from search.hybrid import MODES, SORTS, QueryError
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
        hits = searching.search_hits(query)
    except (searching.ParamError, QueryError) as exc:
        return error(str(exc))
    except (ModelError, IndexMismatch) as exc:
        return error(f"search is not available: {exc}", 503)
    return jsonify({"query": query.q, "total": len(hits), "page": query.page,
                    "pages": searching.pages(len(hits), query.k), "k": query.k,
                    "results": searching.page_of(hits, query)})


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


# -- OpenAPI -----------------------------------------------------------------------
# Written by hand next to the routes it describes; tests/test_web_search.py checks that every
# /api route is here and that each path here is a route.

def _param(name: str, description: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


_ERROR = {"description": "Bad parameters", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_YEAR = {"type": "integer", "minimum": 1900, "maximum": 2100}
OPENAPI: dict = {
    "openapi": "3.0.3",
    "info": {"title": "Praxis JSON API", "version": "1",
             "description": "Read-only search over the good practices of the Greek Cities Network for Integration."},
    "paths": {
        "/api/search": {"get": {
            "summary": "Practices that match a query (keywords, or meaning above the calibrated similarity)",
            "parameters": [
                _param("q", "The query, Greek or English (1000 characters at most)", {"type": "string"}, True),
                _param("k", "Results per page", {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}),
                _param("page", "Page of results", {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1}),
                _param("sort", "Order", {"type": "string", "enum": list(SORTS), "default": "relevance"}),
                _param("municipality", "Municipality (Greek or English name)", {"type": "string"}),
                _param("axis", "MoU axis", {"type": "integer", "minimum": 1, "maximum": 8}),
                _param("lang", "Language of the practice", {"type": "string", "enum": ["el", "en"]}),
                _param("status", "Status", {"type": "string", "enum": ["running", "planned", "ended"]}),
                _param("target_group", "Target group label (kb.vocab)", {"type": "string"}),
                _param("service", "Theme label (kb.vocab)", {"type": "string"}),
                _param("year", "Start year, exactly", _YEAR),
                _param("year_from", "Started in this year or later", _YEAR),
                _param("year_to", "Started in this year or earlier", _YEAR),
                _param("mode", "Retrieval", {"type": "string", "enum": list(MODES), "default": "hybrid"}),
            ],
            "responses": {
                "200": {"description": "One page of the matched practices", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/SearchPage"}}}},
                "400": _ERROR, "503": {"description": "Model or index unavailable"},
            },
        }},
        "/api/practices/{pid}": {"get": {
            "summary": "One published practice, its MoU axes and related practices",
            "parameters": [{"name": "pid", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "The practice", "content": {"application/json": {
                "schema": {"type": "object"}}}}, "404": {"description": "No such practice"}},
        }},
        "/api/axes": {"get": {
            "summary": "The eight MoU axes with their number of practices",
            "responses": {"200": {"description": "The axes", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"axes": {"type": "array", "items": {"type": "object", "properties": {
                    "number": {"type": "integer"}, "title_el": {"type": "string"}, "title_en": {"type": "string"},
                    "text_el": {"type": "string"}, "text_en": {"type": "string"}, "count": {"type": "integer"}}}}}}}}}},
        }},
        "/api/suggest": {"get": {
            "summary": "Titles whose words start with the query's words (search as you type)",
            "parameters": [_param("q", "What was typed so far", {"type": "string"})],
            "responses": {"200": {"description": "Up to 8 suggestions", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"query": {"type": "string"}, "suggestions": {"type": "array", "items": {
                    "type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                                                     "municipality": {"type": "string"}}}}}}}}}},
        }},
        "/api/openapi.json": {"get": {
            "summary": "This description",
            "responses": {"200": {"description": "OpenAPI 3 document", "content": {"application/json": {
                "schema": {"type": "object"}}}}},
        }},
    },
    "components": {"schemas": {
        "Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]},
        "Hit": {"type": "object", "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "municipality": {"type": "string"},
            "snippet": {"type": "string", "description": "HTML, escaped, with <mark> around matched words"},
            "source": {"type": "string"}, "axes": {"type": "array", "items": {"type": "integer"}},
            "score": {"type": "number"}, "language": {"type": "string"}, "status": {"type": "string"},
            "target_groups": {"type": "array", "items": {"type": "string"}},
            "services": {"type": "array", "items": {"type": "string"}},
            "start_year": {"type": "integer", "nullable": True},
            "matched": {"type": "string", "enum": ["keywords", "meaning", "both"]}}},
        "SearchPage": {"type": "object", "properties": {
            "query": {"type": "string"}, "total": {"type": "integer", "description": "Every matched practice"},
            "page": {"type": "integer"}, "pages": {"type": "integer"}, "k": {"type": "integer"},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}}}},
    }},
}


@bp.get("/openapi.json")
def openapi():
    return jsonify(OPENAPI)

"""The HTML pages: search, practice, MoU axes, coverage, original documents, language, ingestion runs."""
from __future__ import annotations

import io
import json
import re

from flask import Blueprint, Response, abort, redirect, render_template, request, send_file, url_for

from kb import history
from kb.axes import all_axes, get_axis
from kb.model import STATUSES
from search.embed import ModelError
from search.hybrid import QueryError
from search.index import IndexMismatch
from web import records, searching, stats
from web.auth import can, role_required, safe_next
from web.extension import praxis
from web.i18n import LANGS, LANG_COOKIE, gettext as _

bp = Blueprint("pages", __name__)


def register_filters(app) -> None:
    app.add_template_filter(paragraphs)
    app.add_template_filter(pretty_json)


def paragraphs(text: str | None) -> list[str]:
    """A document's text as paragraphs (each autoescaped by the template)."""
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text or "") if p.strip()]


def pretty_json(value) -> str:
    """A history value for people: lists joined by commas, other JSON as it is."""
    if value is None:
        return ""
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return str(value)
    if isinstance(data, list):
        return ", ".join(map(str, data))
    return str(data)


def run_query(query: searching.Query) -> tuple[list[dict], str | None, int]:
    """Every matched hit (for the total, the facets and the exports), an error message, the status code."""
    if query.empty:
        return [], None, 200
    try:
        return searching.search_hits(query), None, 200
    except QueryError as exc:
        return [], _("The query is not valid: {reason}", reason=str(exc)), 400
    except (ModelError, IndexMismatch) as exc:
        return [], _("Search is not available right now: {reason}", reason=str(exc)), 503


@bp.get("/search")
def search():
    try:
        query = searching.parse(request.args)
    except searching.ParamError as exc:
        query, error, code, hits = searching.Query(), _(str(exc)), 400, []
    else:
        hits, error, code = run_query(query)
    store = praxis().store
    return render_template(
        "search.html", query=query, hits=searching.for_page(searching.page_of(hits, query)), total=len(hits),
        pages=searching.pages(len(hits), query.k), first=(query.page - 1) * query.k + 1,
        facets=searching.facets(hits), error=error, municipalities=[m for m, _n in store.municipalities()],
        axes=all_axes(), counts=stats.axis_counts(), statuses=STATUSES, sorts=searching.SORTS,
    ), code


bp.add_url_rule("/", "index", search)


def _export_query() -> tuple[searching.Query, list[dict]]:
    try:
        query = searching.parse(request.args, default_k=searching.MAX_K)
    except searching.ParamError as exc:
        abort(400, _(str(exc)))
    hits, error, code = run_query(query)
    if error:
        abort(code, error)
    # The whole matched set (an explicit k= caps it), whatever page the user was looking at.
    return query, hits[:query.k] if query.explicit_k else hits


@bp.get("/search.json")
def export_json():
    query, hits = _export_query()
    body = {"query": query.q, "filters": query.params(q=None), "total": len(hits), "results": hits}
    return Response(json.dumps(body, ensure_ascii=False, indent=1), mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="praxis-search.json"'})


@bp.get("/search.csv")
def export_csv():
    _query, hits = _export_query()
    text = searching.to_csv(hits, lambda pid: url_for("pages.practice", pid=pid, _external=True))
    return Response(text, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="praxis-search.csv"'})


@bp.get("/practices/<pid>")
def practice(pid: str):
    p = records.load(pid)
    if p is None:
        abort(404)
    store = praxis().store
    rel = records.related_for(pid)
    returned = history.last(store, pid, "review_state") if p["review_state"] == "returned" else None
    return render_template(
        "practice.html", p=p, fields=records.PAGE_FIELDS, same=[r for r in rel if r["same"]],
        related=[r for r in rel if not r["same"]], document_name=records.document_name(p["document_id"]),
        upload=records.upload_of(pid),
        # Edits hold what was removed (personal data) and why: coordinators only (issue 10).
        history=history.for_practice(store, pid) if can("coordinator") else [],
        returned=returned, axes=all_axes(),
        confirmed={a["axis"] for a in p["axes"]} if can("coordinator") else set(),
    )


@bp.get("/documents/<int:doc_id>/original")
@role_required("viewer")  # an original holds every contact detail the pages hide: logged-in users only
def document_original(doc_id: int):
    store = praxis().store
    if not can("coordinator") and not store.document_is_published(doc_id):
        abort(404)
    found = records.document_file(doc_id)
    if found is None:
        abort(404)
    data, name = found
    return send_file(io.BytesIO(data), as_attachment=True, download_name=name, max_age=0)


@bp.get("/practices/<pid>/upload")
@role_required("viewer")
def practice_upload(pid: str):
    if records.load(pid) is None:
        abort(404)
    upload = records.upload_of(pid)
    data = records.upload_bytes(upload) if upload else None
    if data is None:
        abort(404)
    return send_file(io.BytesIO(data), as_attachment=True, download_name=upload["name"],
                     mimetype="application/octet-stream", max_age=0)


@bp.get("/axes")
def axes():
    return render_template("axes.html", axes=all_axes(), counts=stats.axis_counts())


@bp.get("/axes/<int:number>")
def axis(number: int):
    try:
        ax = get_axis(number)
    except KeyError:
        abort(404)
    hits = searching.browse(searching.Query(axis=number), 1000)
    return render_template("axis.html", axis=ax, hits=searching.for_page(hits))


@bp.get("/municipalities")
def municipalities():
    return render_template("municipalities.html", municipalities=praxis().store.municipalities())


@bp.get("/municipalities/<name>")
def municipality(name: str):
    return redirect(url_for("pages.search", municipality=name))


@bp.get("/coverage")
def coverage():
    return render_template("coverage.html", table=stats.coverage(), axes=all_axes())


@bp.get("/admin/runs")
@role_required("coordinator")
def runs():
    store = praxis().store
    items = store.runs(20)
    failures = store.run_failures(items[0]["id"]) if items else []
    return render_template("runs.html", runs=items, failures=failures)


@bp.get("/lang/<code>")
def set_lang(code: str):
    if code not in LANGS:
        abort(404)
    response = redirect(safe_next(request.args.get("next")))
    response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                        secure=request.is_secure)
    return response


"""Coordinators' review: the queue, approve, return with a comment, edit fields, confirm MoU axes, bulk approve.

States: published (searchable; the default for ingested practices), submitted
(waiting for review), returned (sent back with a comment). Every change is
written with its history row (kb.history) in one transaction. Edited and
confirmed practices are marked `edited`, so re-ingesting their document never
overwrites them; confirmed axes become labelled examples for the axis linker.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from kb import history, log
from search.embed import ModelError
from search.index import IndexMismatch
from web import forms
from web.auth import role_required
from web.extension import praxis
from web.i18n import gettext as _

bp = Blueprint("review", __name__, url_prefix="/review")

QUEUE_STATES = ("submitted", "returned")
LOG = log.get("web")


def _practice(pid: str) -> dict:
    p = praxis().store.practice(pid)
    if p is None:
        abort(404)
    return p


def set_state(p: dict, state: str, comment: str = "") -> bool:
    if p["review_state"] == state:
        return False
    store = praxis().store
    with store.transaction():
        store.update_practice(p["id"], {"review_state": state})
        history.record(store, p["id"], g.user["username"], "review_state", p["review_state"], state, comment)
    LOG.info("review: %r set %s from %s to %s", g.user["username"], p["id"], p["review_state"], state)
    return True


def reindex() -> None:
    """Embed and link what changed; a failure only delays it (the next `kb ingest` run catches up)."""
    try:
        praxis().indexer().run()
    except (ModelError, IndexMismatch, OSError) as exc:
        flash(_("Saved, but search will see the change only after the next indexing: {reason}", reason=str(exc)),
              "warning")


def _back(pid: str | None = None):
    target = request.form.get("back")
    if target == "queue" or pid is None:
        return redirect(url_for("review.queue"))
    return redirect(url_for("pages.practice", pid=pid))


@bp.get("")
@role_required("coordinator")
def queue():
    store = praxis().store
    marks = ",".join("?" * len(QUEUE_STATES))
    items = store.practices(f"review_state IN ({marks})", QUEUE_STATES, order="review_state DESC, updated, title")
    flagged = store.practices("review_state = 'published' AND flags <> '[]'", order="updated DESC")[:50]
    return render_template("review.html", items=items, flagged=flagged)


@bp.post("/<pid>/approve")
@role_required("coordinator")
def approve(pid: str):
    p = _practice(pid)
    if set_state(p, "published", request.form.get("comment", "").strip()[:2000]):
        flash(_("Approved: the practice is now published."))
    return _back(pid)


@bp.post("/<pid>/return")
@role_required("coordinator")
def send_back(pid: str):
    p = _practice(pid)
    comment = request.form.get("comment", "").strip()[:2000]
    if not comment:
        flash(_("Say why the practice is returned (a comment is required)."), "error")
        return _back(pid)
    set_state(p, "returned", comment)
    flash(_("Returned with your comment."))
    return _back(pid)


@bp.post("/bulk")
@role_required("coordinator")
def bulk():
    ids = request.form.getlist("ids")[:500]
    if request.form.get("action") != "approve" or not ids:
        flash(_("Select practices to approve."), "error")
        return redirect(url_for("review.queue"))
    store = praxis().store
    done = 0
    with store.transaction():
        for p in store.practices_by_ids(ids).values():
            done += set_state(p, "published", _("bulk approval"))
    flash(_("{n} practices approved.", n=done))
    return redirect(url_for("review.queue"))


@bp.post("/<pid>/axes")
@role_required("coordinator")
def confirm_axes(pid: str):
    p = _practice(pid)
    chosen = {int(a) for a in request.form.getlist("axes") if a.isascii() and a.isdigit() and 1 <= int(a) <= 8}
    # Keep the present order (strongest first) for axes already linked; new ones follow by number.
    before = [a["axis"] for a in p["axes"]]
    axes = [a for a in before if a in chosen] + sorted(chosen - set(before))
    store = praxis().store
    with store.transaction():
        store.confirm_axes(pid, axes)
        store.update_practice(pid, {"edited": 1})
        history.record(store, pid, g.user["username"], "axes", before, axes,
                       request.form.get("comment", "").strip()[:2000] or _("axes confirmed"))
    LOG.info("review: %r confirmed axes %s of %s", g.user["username"], axes, pid)
    flash(_("MoU axes confirmed."))
    return _back(pid)


@bp.route("/<pid>/edit", methods=["GET", "POST"])
@role_required("coordinator")
def edit(pid: str):
    p = _practice(pid)
    if request.method == "GET":
        return render_template("edit.html", p=p, names=forms.EDIT_FIELDS, kinds=forms.KINDS,
                               choices=forms.CHOICES, values=forms.as_form({n: p[n] for n in forms.EDIT_FIELDS}),
                               errors={})
    values, errors = forms.parse(request.form, forms.EDIT_FIELDS)
    if not values.get("text") and "text" not in errors:
        errors["text"] = "The text of the practice is required."
    if errors:
        return render_template("edit.html", p=p, names=forms.EDIT_FIELDS, kinds=forms.KINDS, choices=forms.CHOICES,
                               values=forms.as_form({**values, **{k: request.form.get(k, "") for k in errors}}),
                               errors=errors), 400
    changes = {k: v for k, v in values.items() if (p[k] or None) != (v or None)}
    if not changes:
        flash(_("Nothing changed."))
        return redirect(url_for("pages.practice", pid=pid))
    comment = request.form.get("comment", "").strip()[:2000]
    store = praxis().store
    with store.transaction():
        store.update_practice(pid, {**changes, "edited": 1})
        for field, value in changes.items():
            history.record(store, pid, g.user["username"], field, p[field], value, comment)
    LOG.info("review: %r edited %s (%s)", g.user["username"], pid, ", ".join(sorted(changes)))
    if {"title", "text"} & set(changes):
        reindex()
    flash(_("Changes saved."))
    return redirect(url_for("pages.practice", pid=pid))



"""Submitting a practice through the web: a form and/or a document, a preview, then review.

The uploaded document is kept under the uploads folder named by its SHA-256
(never the client's file name, never overwritten) and read with the same pure
functions as batch ingestion (ingest.readers, ingest.extraction); what it says
fills the fields the form left empty. The preview shows the MoU axes the
linker suggests, and near-duplicates already in the base. A saved submission
is stored with review_state 'submitted' (not searchable until approved), then
embedded and linked.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for

from kb import history, log, vocab
from kb.axes import all_axes
from kb.model import Practice, practice_id, text_language
from kb.store import now
from search.embed import ModelError, passage_text
from search.hybrid import QueryError
from search.index import IndexMismatch
from search.linking import link, sentences
from web import forms, records
from web.auth import role_required
from web.extension import praxis
from web.i18n import gettext as _
from web.review import reindex

bp = Blueprint("submit", __name__)
LOG = log.get("web")


class UploadError(Exception):
    pass


def keep_original(data: bytes) -> str:
    """Store the bytes as uploads/<sha256> unless already there; returns the SHA-256."""
    sha = hashlib.sha256(data).hexdigest()
    folder: Path = praxis().settings.uploads_dir
    folder.mkdir(parents=True, exist_ok=True, mode=0o750)
    target = folder / sha
    if target.exists():
        return sha
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        try:
            os.link(tmp, target)  # never replaces an existing file
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)
    return sha


def read_document(data: bytes, name: str, municipality: str) -> tuple[list[Practice], str]:
    """The practices found in an uploaded document, and its whole text, read in a worker process with
    the ingestion's timeout and memory cap (web.uploads)."""
    from web.uploads import UploadReadError, read_in_worker

    try:
        result = read_in_worker(data, name, municipality, praxis().settings.file_timeout_s)
    except UploadReadError as exc:
        raise UploadError(_("The document cannot be read: {reason}", reason=str(exc))) from None
    except ImportError as exc:  # the readers are another package's; say so rather than fail
        raise UploadError(_("Documents cannot be read on this server: {reason}", reason=str(exc))) from None
    return [Practice(**p) for p in result["practices"]], result["text"]


def fill_from(values: dict, found: Practice | None, text: str) -> dict:
    """Fields the form left empty, taken from the document."""
    out = dict(values)
    if found is not None:
        for name in forms.SUBMIT_FIELDS:
            if not out.get(name) and getattr(found, name, None):
                out[name] = getattr(found, name)
    if not out.get("text"):
        out["text"] = (found.text if found is not None and found.text else text).strip()
    return out


def labelled_sentences(text: str, labels_of) -> list[dict]:
    """Vocabulary labels found in a text, each with the first sentence that names it."""
    found: dict[str, str] = {}
    for sentence in sentences(text) or [text]:
        for label in labels_of(sentence):
            found.setdefault(label, sentence)
    return [{"label": label, "evidence": sentence} for label, sentence in found.items()]


def suggestions(values: dict) -> dict:
    """Suggested MoU axes, target groups and themes with the sentences behind them, and near-duplicates
    already in the base."""
    px = praxis()
    text = "\n".join(filter(None, (values.get("summary"), values.get("text"))))
    out = {"axes": [], "duplicates": [], "error": None,
           "target_groups": labelled_sentences(text, vocab.target_groups),
           "services": labelled_sentences(text, vocab.services)}
    try:
        vec = px.searcher.embedder.encode_passages([passage_text(values.get("title", ""), values.get("text", ""))])[0]
        out["axes"] = link(px.axis_model(), vec, values.get("text", ""))
        query = " ".join(filter(None, (values.get("title"), values.get("summary"))))[:1000]
        if query.strip():
            out["duplicates"] = [h.to_dict() for h in px.searcher.search(query, k=5)]
    except (ModelError, IndexMismatch, QueryError, OSError) as exc:
        out["error"] = str(exc)
    return out


def _render(values: dict, errors: dict, *, preview: dict | None = None, upload: dict | None = None, code: int = 200):
    return render_template("submit.html", names=forms.SUBMIT_FIELDS, kinds=forms.KINDS, choices=forms.CHOICES,
                           values=forms.as_form(values), errors=errors, preview=preview, upload=upload,
                           axes={a.number: a for a in all_axes()}), code


@bp.route("/submit", methods=["GET", "POST"])
@role_required("coordinator")
def submit():
    if request.method == "GET":
        return _render({}, {})
    values, errors = forms.parse(request.form, forms.SUBMIT_FIELDS, required=())
    upload = _upload(values, errors)
    if not values.get("title") and "title" not in errors:
        errors["title"] = "A title is required."
    if values.get("text") and not values.get("language"):
        values["language"] = text_language(values["text"])
    if not values.get("text") and not errors:
        errors["text"] = "Describe how the practice works, or upload a document."
    if errors:
        return _render({**values, **{k: request.form.get(k, "") for k in errors if k in forms.SUBMIT_FIELDS}},
                       errors, upload=upload, code=400)
    if request.form.get("action") != "save":
        preview = suggestions(values)
        if not values.get("target_groups"):  # offered in the field, for the coordinator to accept or edit
            values["target_groups"] = [t["label"] for t in preview["target_groups"]]
        return _render(values, {}, preview=preview, upload=upload)
    if not values.get("services"):
        values["services"] = vocab.services(values.get("text", ""))
    pid = save(values, upload)
    flash(_("Thank you: the practice was submitted and waits for review."))
    return redirect(url_for("pages.practice", pid=pid))


def _upload(values: dict, errors: dict) -> dict | None:
    """A file sent with this request (read: it fills the empty fields), or the one kept at the preview
    step, named by its SHA-256 (not read again: the person has seen and corrected the fields since)."""
    file = request.files.get("document")
    if file is None or not file.filename:
        sha = request.form.get("upload_sha", "")
        if not sha:
            return None
        if not records.SHA256.match(sha) or not (praxis().settings.uploads_dir / sha).is_file():
            errors["document"] = "The uploaded file is no longer available: please upload it again."
            return None
        return {"sha256": sha, "name": records.download_name(request.form.get("upload_name", "")), "practices": None}
    data = file.read()
    if len(data) > current_app.config["MAX_FILE_BYTES"]:
        abort(413)
    if not data:
        errors["document"] = "The file is empty."
        return None
    name = records.download_name(file.filename)
    try:
        found, text = read_document(data, name, values.get("municipality", ""))
    except UploadError as exc:
        errors["document"] = str(exc)
        return None
    sha = keep_original(data)
    values.update(fill_from(values, found[0] if found else None, text))
    return {"sha256": sha, "name": name, "practices": len(found)}


def save(values: dict, upload: dict | None) -> str:
    store = praxis().store
    user = g.user["username"]
    seed = f"{user}:{now()}:{secrets.token_hex(8)}"
    pid = practice_id(hashlib.sha256(seed.encode()).hexdigest(), 0, values["title"])
    p = Practice(**{k: v for k, v in values.items() if k in forms.KINDS}, kind="submission")
    with store.transaction():
        store.insert_practice(pid, p, document_id=None,
                              source_path=f"upload:{upload['name'] if upload else 'web form'}",
                              origin="submission", review_state="submitted")
        history.record(store, pid, user, "review_state", None, "submitted", _("submitted through the web form"))
        if upload:
            history.record(store, pid, user, "upload", None, upload["sha256"], upload["name"])
    LOG.info("submission: %r submitted %s%s", user, pid, f" with upload {upload['sha256']}" if upload else "")
    reindex()
    return pid

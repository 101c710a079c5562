"""One practice as the pages and the API show it: who may see it, its fields, related practices, its files.

Practices waiting for review (submitted, returned) are visible to coordinators
and admins only; contact details to logged-in users only: the `contact` field is
dropped and every e-mail address and telephone number in the other fields is
replaced by a marker (kb.redact), as in snippets and exports. Original files are
found from the store's records (the paths table, or the uploads folder by
SHA-256 for submissions), never from anything in the request.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path

from flask import g

from kb import history, users
from kb.redact import redact
from search.embed import ModelError
from search.index import IndexMismatch
from search.related import related
from web.extension import praxis

API_FIELDS = (
    "id", "title", "municipality", "summary", "text", "source", "location", "language", "status", "start_year",
    "target_groups", "services", "partners", "funding", "results", "lessons", "transferability", "timescale",
    "axes", "flags", "review_state", "document_id", "origin",
)
# Fields shown on the practice page after the heading, in this order (empty ones are left out).
PAGE_FIELDS = ("summary", "timescale", "target_groups", "services", "partners", "funding", "results", "lessons",
               "transferability")
REVIEW_STATES = ("published", "submitted", "returned")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def logged_in() -> bool:
    return g.get("user") is not None


def load(pid: str) -> dict | None:
    """The practice, or None when it does not exist or this user may not see it."""
    p = praxis().store.practice(pid)
    if p is None:
        return None
    if p["review_state"] != "published" and not users.has_role(g.get("user"), "coordinator"):
        return None
    p["source"] = praxis().store.shown_path(p["source_path"] or "")
    p["location"] = location(p)
    if not logged_in():
        hide_contacts(p)
    return p


# Fields of a practice that may quote a document's contact details.
TEXT_FIELDS = ("title", "summary", "text", "location", "target_groups", "services", "partners", "funding",
               "results", "lessons", "transferability", "timescale", "context")


def hide_contacts(p: dict) -> dict:
    """A practice as anonymous users may read it: no contact field, no e-mail address or telephone
    number in any other field or in the axis evidence (the sentences quoted from the text)."""
    p["contact"] = None
    for f in TEXT_FIELDS:
        if f in p:
            p[f] = redact(p[f])
    for a in p.get("axes") or []:
        a["evidence"] = redact(a.get("evidence") or [])
    return p


def location(p: dict) -> str:
    if p.get("location"):
        return p["location"]
    return f"p. {p['page']}" if p.get("page") else ""


def related_for(pid: str, k: int = 6) -> list[dict]:
    """Related practices; empty when the model or index is unavailable (the page still shows)."""
    try:
        rel = related(praxis().searcher, pid, k)
    except (ModelError, IndexMismatch, OSError):
        return []
    roots = praxis().store.drive_roots()
    for r in rel:
        r["source"] = praxis().store.shown_path(r.get("source") or "", roots)
        if not logged_in():
            r["title"] = redact(r["title"])
    return rel


def to_json(p: dict, rel: list[dict]) -> dict:
    out = {f: p.get(f) for f in API_FIELDS}
    out["axes"] = [{"axis": a["axis"], "score": a["score"], "evidence": a["evidence"], "source": a["source"]}
                   for a in p["axes"]]
    if logged_in():
        out["contact"] = p.get("contact") or ""
    out["related"] = [{"id": r["id"], "title": r["title"], "municipality": r["municipality"], "score": r["score"],
                       "same": r["same"]} for r in rel]
    return out


def download_name(name: str, fallback: str = "document") -> str:
    """The file's own name without folders, control characters or quotes (for Content-Disposition)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C" and ch not in '"<>:|?*')
    base = base.strip(" .")
    return base[:200] or fallback


def document_file(doc_id: int) -> tuple[bytes, str] | None:
    """The bytes of a stored document, read from the first recorded drive file that still holds exactly
    what was ingested, and the name to download it under.

    A file of the drive can be swapped for a symbolic link (to the database, to its secret, to /etc)
    or its folder for a link elsewhere: the file is opened without following a final link, and its
    size and SHA-256 must be the ingested ones, so only the document's own bytes are ever served.
    The bytes are served from memory (at most the ingestion's size limit), as hashed: nothing can be
    swapped between the check and the send."""
    store = praxis().store
    doc = store.document(doc_id)
    if doc is None:
        return None
    for row in store.document_paths(doc_id):
        if row["missing"]:
            continue
        data = verified_bytes(drive_path(row), doc["size"], doc["sha256"])
        if data is not None:
            return data, download_name(row["display"] or row["path"])
    return None


def verified_bytes(path: Path, size: int, sha256: str) -> bytes | None:
    """The file's bytes when it is a regular file (not a link) of this size and SHA-256; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:  # missing, a symbolic link (ELOOP), unreadable
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_size != size:
            return None
        data = fh.read(size + 1)
    if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
        return None
    return data


def drive_path(row: dict) -> Path:
    """The absolute path of a recorded drive file. Stored paths are as `kb ingest` was given them, often
    relative to its working folder; `send_file` would resolve a relative one against web/ (issue 10).
    Databases written before the absolute path was recorded fall back on the server's working folder."""
    return Path(row.get("abspath") or os.path.abspath(row["path"]))


def document_name(doc_id: int | None) -> str:
    if doc_id is None:
        return ""
    rows = praxis().store.document_paths(doc_id)
    live = [r for r in rows if not r["missing"]] or rows
    return download_name(live[0]["display"]) if live else ""


def upload_of(pid: str) -> dict | None:
    """The document uploaded with a submission: {"sha256", "name", "path"} when its file is kept."""
    entry = history.last(praxis().store, pid, "upload")
    if not entry or not SHA256.match(entry["after"] or ""):
        return None
    path = Path(os.path.abspath(praxis().settings.uploads_dir / entry["after"]))
    if not path.is_file():
        return None
    return {"sha256": entry["after"], "name": download_name(entry["comment"]), "path": path}


def upload_bytes(upload: dict) -> bytes | None:
    """An upload's bytes, checked as drive files are (no link followed; the SHA-256 its name says)."""
    try:
        size = os.lstat(upload["path"]).st_size
    except OSError:
        return None
    return verified_bytes(upload["path"], size, upload["sha256"])

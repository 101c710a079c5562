"""Batch ingestion of a shared drive: incremental, deduplicated, resumable, and unbreakable on bad files.

A run walks the given files and folders, and for each file:
- unchanged (same size and mtime as last time) → not read at all;
- same bytes as a document already stored → `duplicate` (or `unchanged` if only its mtime moved);
- new or changed → read and split into practices in a worker process (a hostile
  file can hang or crash a parser: each file has a timeout and a memory cap, and
  a dead worker is replaced), then committed in its own transaction.
Embedding is not this module's business: the caller passes an `indexer` (see
search.indexer) that embeds pending practices in batches while workers keep
extracting. Files that vanished from a scanned folder keep their practices,
flagged "source missing", until `kb prune` removes them.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import sys
import time
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Protocol

from kb.model import Practice, practice_id
from kb.municipalities import canonical_municipality
from kb.store import Store

INGESTED, UNCHANGED, DUPLICATE, FAILED = "ingested", "unchanged", "duplicate", "failed"
STATUSES = (INGESTED, UNCHANGED, DUPLICATE, FAILED)


class Indexer(Protocol):
    """What a run needs from search.indexer.Indexer: embed and link whatever lacks vectors."""

    seconds_embedding: float

    def run(self) -> int: ...


@dataclass
class Options:
    max_file_mb: float = 50.0
    timeout_s: float = 120.0
    workers: int = max(1, min(4, (os.cpu_count() or 2)))
    worker_memory_mb: int = 2048
    retry_failed: bool = False
    embed_every: int = 64  # embed once this many practices wait for vectors
    # A folder of learned models (segment.json, axes.npz) that overrides the shipped ones for this run;
    # handed to each worker as an argument, so a pool never reads it from a global.
    models_dir: str | None = None


@dataclass
class FileOutcome:
    path: str
    status: str
    reason: str = ""
    practices: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class RunReport:
    run_id: int
    files: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0
    seconds_embedding: float = 0.0
    practices_embedded: int = 0
    missing: int = 0

    @property
    def totals(self) -> dict:
        t = {s: 0 for s in STATUSES}
        for f in self.files:
            t[f.status] += 1
        t["files"] = len(self.files)
        t["practices"] = sum(f.practices for f in self.files)
        t["missing"] = self.missing
        t["embedded"] = self.practices_embedded
        t["seconds"] = round(self.seconds, 2)
        t["seconds_embedding"] = round(self.seconds_embedding, 2)
        return t

    def to_dict(self) -> dict:
        return {"run_id": self.run_id, "files": [f.to_dict() for f in self.files], "totals": self.totals}


# -- walking the drive ---------------------------------------------------------


def display_name(path: str) -> str:
    """A printable, storable form of any file name, whatever bytes the drive gave it."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


@dataclass
class Found:
    display: str  # the path as found under the given PATH
    real: str  # the path to open (may hold undecodable bytes as surrogates)
    error: str = ""  # why it cannot even be looked at (broken link, loop, permission)


# Files every shared drive has that are not documents: Office lock files, OS metadata.
SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini", "icon\r"}


# A knowledge base kept inside the folder it ingests: its SQLite database with the WAL/SHM/journal files
# beside it, and the FAISS index files next to it (kb.sqlite.faiss, .faiss.head, .faiss.json, temp files).
# Read as documents they were "failed" files on every run (issue 9).
KB_FILE_RE = re.compile(r"\.sqlite3?(?:-wal|-shm|-journal)?$|\.faiss(?:\.[\w-]+)*$", re.I)


def is_system_file(name: str) -> bool:
    return name.startswith(("~$", "._")) or name.lower() in SYSTEM_FILES or bool(KB_FILE_RE.search(name))


def walk(roots: list[str]) -> Iterator[Found]:
    """Every file under the roots, in a stable order. Symbolic links to folders are followed once:
    a link back into a folder already being walked is a loop and is reported, not followed. A link
    that leads out of its root is reported and not followed (it could point at the database, its
    secret or /etc, whose bytes the web would then hand out as a document's original)."""
    for root in roots:
        if not os.path.lexists(root):
            yield Found(display_name(root), root, "no such file or folder")
            continue
        if os.path.islink(root) and not os.path.exists(root):
            yield Found(display_name(root), root, _link_error(root))
            continue
        if not os.path.isdir(root):
            yield Found(display_name(root), root)
            continue
        yield from _walk_dir(root, set(), os.path.realpath(root))


def _link_error(path: str) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return "symbolic link loop: the link points back to itself"
        return f"broken symbolic link: it points to {display_name(os.readlink(path))}, which does not exist"
    return ""


def _walk_dir(folder: str, seen: set[tuple[int, int]], inside: str) -> Iterator[Found]:
    try:
        st = os.stat(folder)
    except OSError as exc:
        yield Found(display_name(folder), folder, f"cannot open folder: {exc.strerror or exc}")
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        yield Found(display_name(folder), folder, "symbolic link loop: this folder links back to a folder above it")
        return
    seen = seen | {key}
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Found(display_name(folder), folder, f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        path = os.path.join(folder, entry.name)
        try:
            is_link = entry.is_symlink()
            if is_link and not os.path.exists(path):
                yield Found(display_name(path), path, _link_error(path))
            elif is_link and os.path.commonpath([inside, os.path.realpath(path)]) != inside:
                yield Found(display_name(path), path, "symbolic link to a place outside the folder being "
                                                      "ingested: not followed")
            elif entry.is_dir(follow_symlinks=True):
                yield from _walk_dir(path, seen, inside)
            elif entry.is_file(follow_symlinks=True):
                if not is_system_file(entry.name):
                    yield Found(display_name(path), path)
            # sockets, fifos, devices: not documents, silently skipped
        except OSError as exc:
            yield Found(display_name(path), path, f"cannot look at the file: {exc.strerror or exc}")


def folder_municipality(display: str) -> str:
    """The municipality named by a folder on the way to the file (shared drives are often laid out so)."""
    for part in Path(display).parts[:-1]:
        name = canonical_municipality(part)
        if name:
            return name
    return ""


def read_file(path: str, limit: int) -> bytes:
    """The only place a document's bytes are read from the drive."""
    with open(path, "rb") as fh:
        return fh.read(limit)


# -- the worker: bytes → practices (runs in a separate process) ------------------


def _limit_memory(mb: int) -> None:
    try:
        import resource

        limit = mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def process_bytes(data: bytes, name: str, municipality: str, max_file_mb: float,
                  models_dir: str | None = None) -> dict:
    """Read and extract one file. Pure: bytes in, a plain dict out (picklable). `models_dir` overrides
    the shipped learned models (None: the shipped ones)."""
    from ingest.blocks import ReadError
    from ingest.extraction import extract_practices
    from ingest.readers import Limits, read_bytes

    try:
        result = read_bytes(data, name, limits=Limits(max_bytes=int(max_file_mb * 1024 * 1024)))
    except ReadError as exc:
        return {"error": exc.reason}
    except MemoryError:
        return {"error": "the file needs more memory to read than allowed: it may be malformed or a decompression bomb"}
    models = Path(models_dir) if models_dir else None
    practices = extract_practices(result.blocks, source=name, meta=result.meta, folder_municipality=municipality,
                                  models_dir=models)
    part_names = [""] * len(practices)
    for part_name, found in _part_practices(result, name, municipality, models_dir=models):
        practices.append(found)
        part_names.append(part_name)
    for i, p in enumerate(practices):
        p.ordinal = i
    return {
        "format": result.format,
        "meta": {k: v for k, v in result.meta.items() if isinstance(v, (str, int, float, bool))},
        "practices": [p.to_dict() for p in practices],
        "parts": part_names,  # per practice: "" (the file itself) or the attachment it was found in
    }


PART_SEP = " › "  # "reply.eml › report.pdf": a practice found in an attachment names both


def _part_practices(result, name: str, municipality: str, prefix: str = "", *, models_dir: Path | None = None):
    """(attachment path inside the file, practice) for the practices of each part (an e-mail's
    attachments, an attached e-mail's own attachments), each part extracted on its own."""
    from ingest.extraction import extract_practices

    for part_name, part in result.parts:
        inner = prefix + PART_SEP + part_name if prefix else part_name
        source = name + PART_SEP + inner
        for p in extract_practices(part.blocks, source=source, meta=part.meta, folder_municipality=municipality,
                                   models_dir=models_dir):
            yield inner, p
        yield from _part_practices(part, name, municipality, inner, models_dir=models_dir)


# -- the run ---------------------------------------------------------------------


class Batch:
    def __init__(self, store: Store, *, options: Options | None = None,
                 indexer_factory: Callable[[], Indexer] | None = None,
                 progress: Callable[[FileOutcome], None] | None = None,
                 worker: Callable[..., dict] = process_bytes):
        self.store = store
        self.worker = worker  # a top-level function (it is pickled to the worker processes)
        self.options = options or Options()
        self.indexer_factory = indexer_factory
        self._indexer: Indexer | None = None
        self.progress = progress
        self.pending_vectors = 0

    def indexer(self) -> Indexer | None:
        if self._indexer is None and self.indexer_factory is not None:
            self._indexer = self.indexer_factory()
        return self._indexer

    def run(self, roots: list[str], *, total_hint: Callable[[int], None] | None = None) -> RunReport:
        t0 = time.perf_counter()
        run_id = self.store.start_run({"paths": [display_name(r) for r in roots]})
        report = RunReport(run_id)
        try:
            self._run(report, roots, total_hint)
        except BaseException:
            # A run that dies (no model, a full disk, Ctrl-C) must not stay marked "running".
            status = "interrupted" if isinstance(sys.exc_info()[1], KeyboardInterrupt) else "failed"
            try:
                self.store.finish_run(run_id, report.totals, status=status)
            except Exception:  # the store itself is what failed: keep the original error
                pass
            raise
        report.seconds = time.perf_counter() - t0
        self.store.finish_run(run_id, report.totals)
        return report

    def _run(self, report: RunReport, roots: list[str], total_hint: Callable[[int], None] | None) -> None:
        found = list(walk(roots))
        if total_hint:
            total_hint(len(found))
        known = self.store.all_paths()
        seen: set[str] = set()
        touched: list[str] = []
        to_read: list[tuple[Found, os.stat_result]] = []

        # Pass 1: stat only. Unchanged files are never opened.
        for f in found:
            seen.add(f.display)
            if f.error:
                self._finish(report, f.display, FAILED, f.error)
                continue
            try:
                st = os.stat(f.real)
            except OSError as exc:
                self._finish(report, f.display, FAILED, f"cannot look at the file: {exc.strerror or exc}")
                continue
            row = known.get(f.display)
            if (row and row["size"] == st.st_size and row["mtime_ns"] == st.st_mtime_ns
                    and not (row["status"] == FAILED and self.options.retry_failed)):
                touched.append(f.display)
                report.files.append(FileOutcome(f.display, UNCHANGED, row["reason"] or ""))
                if self.progress:
                    self.progress(report.files[-1])
                continue
            to_read.append((f, st))
        self._touch(touched)

        # Pass 2: read, hash, deduplicate, extract in workers, commit file by file.
        self._read_all(report, to_read, known)

        # Files that disappeared from the scanned folders.
        roots_display = [display_name(os.path.join(r, "")) for r in roots if os.path.isdir(r)]
        gone = [p for p, row in known.items() if p not in seen and not row["missing"]
                and any(p.startswith(r) for r in roots_display)]
        with self.store.transaction():
            report.missing = self.store.mark_missing(gone)

        self._embed(force=True, report=report)

    def _touch(self, paths: list[str]) -> None:
        if not paths:
            return
        with self.store.transaction():
            for i in range(0, len(paths), 500):
                chunk = paths[i:i + 500]
                self.store.execute(
                    f"UPDATE paths SET last_seen=datetime('now'), missing=0 WHERE path IN ({','.join('?' * len(chunk))})",
                    chunk,
                )

    def _finish(self, report: RunReport, display: str, status: str, reason: str = "", practices: int = 0,
                *, store_path: dict | None = None) -> None:
        """Record one file's outcome (and, for failures, its path row) in one transaction."""
        with self.store.transaction():
            if store_path is not None:
                self.store.upsert_path(display, display=display, **store_path)
            self.store.record_run_file(report.run_id, display, status, reason, practices)
        outcome = FileOutcome(display, status, reason, practices)
        report.files.append(outcome)
        if self.progress:
            self.progress(outcome)

    def _read_all(self, report: RunReport, to_read: list[tuple[Found, os.stat_result]], known: dict) -> None:
        if not to_read:
            return
        from pebble import ProcessExpired, ProcessPool

        opts = self.options
        first_of_sha: dict[str, str] = {}
        waiting_dups: dict[str, list[tuple[str, dict]]] = {}
        ctx = multiprocessing.get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
        with ProcessPool(max_workers=opts.workers, max_tasks=100, context=ctx,
                         initializer=_limit_memory, initargs=(opts.worker_memory_mb,)) as pool:
            inflight: list[tuple[object, Found, dict]] = []

            def drain(block_until: int) -> None:
                while len(inflight) > block_until:
                    fut, f, info = inflight.pop(0)
                    try:
                        result = fut.result()
                    except FutureTimeout:
                        result = {"error": f"reading took longer than {opts.timeout_s:g} s and was stopped: "
                                           "the file may be malformed"}
                    except ProcessExpired as exc:
                        result = {"error": f"the reader crashed on this file (exit code {exc.exitcode}): "
                                           "it may be malformed or too large to read"}
                    except Exception as exc:  # an extractor bug must not stop the run
                        result = {"error": f"internal error while reading: {exc.__class__.__name__}: {exc}"}
                    self._commit(report, f, info, result)
                    for dup_display, dup_info in waiting_dups.pop(info["sha256"], []):
                        self._commit_duplicate(report, dup_display, dup_info)

            for f, st in to_read:
                info = {"size": st.st_size, "mtime_ns": st.st_mtime_ns}
                if st.st_size > opts.max_file_mb * 1024 * 1024:
                    self._finish(report, f.display, FAILED,
                                 f"file too large: {st.st_size / 1048576:.1f} MB, the limit is {opts.max_file_mb:g} MB",
                                 store_path={**info, "document_id": None, "status": FAILED,
                                             "reason": "file too large"})
                    continue
                try:
                    data = read_file(f.real, int(opts.max_file_mb * 1024 * 1024) + 1)
                except OSError as exc:
                    reason = ("permission denied: the file cannot be read by this user"
                              if isinstance(exc, PermissionError) else f"cannot open the file: {exc.strerror or exc}")
                    self._finish(report, f.display, FAILED, reason)
                    continue
                sha = hashlib.sha256(data).hexdigest()
                info["sha256"] = sha
                decided = self._known_content(report, f, info, known.get(f.display))
                if decided:
                    continue
                if sha in first_of_sha:  # the same bytes earlier in this run
                    waiting_dups.setdefault(sha, []).append((f.display, info))
                    continue
                first_of_sha[sha] = f.display
                fut = pool.schedule(self.worker, args=(data, f.display, folder_municipality(f.display),
                                                         opts.max_file_mb, opts.models_dir), timeout=opts.timeout_s)
                inflight.append((fut, f, info))
                drain(2 * opts.workers)
                self._embed(force=False, report=report)
            drain(0)
        for sha, dups in waiting_dups.items():  # originals that never reached a commit
            for dup_display, dup_info in dups:
                self._commit_duplicate(report, dup_display, dup_info)

    def _known_content(self, report: RunReport, f: Found, info: dict, row: dict | None) -> bool:
        """Handle bytes the store already has. Returns True when the file needs no reading."""
        doc = self.store.document_by_sha(info["sha256"])
        if doc is None:
            return False
        if doc["status"] == FAILED and self.options.retry_failed:
            return False
        if doc["status"] == INGESTED and doc["n_practices"] and not self.store.has_practices(doc["id"]):
            return False  # its practices went when the file changed; the file is back to these bytes: read again
        store_path = {**info, "document_id": doc["id"]}
        store_path.pop("sha256")
        if row and row["document_id"] == doc["id"]:  # touched, not changed
            self._finish(report, f.display, UNCHANGED, doc["reason"] or "",
                         store_path={**store_path, "status": row["status"], "reason": row["reason"] or ""})
            return True
        others = [p for p in self.store.document_paths(doc["id"]) if p["path"] != f.display and not p["missing"]]
        if doc["status"] == FAILED:
            self._finish(report, f.display, FAILED, doc["reason"],
                         store_path={**store_path, "status": FAILED, "reason": doc["reason"]})
        elif others:
            self._finish(report, f.display, DUPLICATE, f"same content as {others[0]['display']}",
                         store_path={**store_path, "status": DUPLICATE, "reason": f"same content as {others[0]['display']}"})
        else:  # moved or renamed: the document lives on under this path
            self._finish(report, f.display, UNCHANGED, "",
                         store_path={**store_path, "status": INGESTED, "reason": ""})
            self.store.execute(  # a practice from an attachment keeps its " › attachment" suffix
                "UPDATE practices SET source_path = ? || CASE WHEN instr(source_path, ?) > 0 "
                "THEN substr(source_path, instr(source_path, ?)) ELSE '' END WHERE document_id=?",
                (f.display, PART_SEP, PART_SEP, doc["id"]))
        if row and row["document_id"] not in (None, doc["id"]):
            with self.store.transaction():
                self._release_document(row["document_id"], f.display)
        return True

    def _release_document(self, doc_id: int, leaving_path: str) -> None:
        """A path now holds other content: if no other path holds the old document, drop its practices
        (edited ones are kept, flagged 'source changed')."""
        others = [p for p in self.store.document_paths(doc_id) if p["path"] != leaving_path and not p["missing"]]
        if not others:
            self.store.replace_practices(doc_id, [], [], source_path="")

    def _commit(self, report: RunReport, f: Found, info: dict, result: dict) -> None:
        sha = info["sha256"]
        if "error" in result:
            with self.store.transaction():
                doc_id = self.store.upsert_document(sha256=sha, size=info["size"], format="", status=FAILED,
                                                    reason=result["error"])
                self._path_moves(f.display, doc_id)
                self.store.upsert_path(f.display, display=f.display, document_id=doc_id, size=info["size"],
                                       mtime_ns=info["mtime_ns"], status=FAILED, reason=result["error"])
                self.store.record_run_file(report.run_id, f.display, FAILED, result["error"], 0)
            outcome = FileOutcome(f.display, FAILED, result["error"])
        else:
            practices = [Practice(**p) for p in result["practices"]]
            ids = _unique_ids(sha, practices)
            meta = result.get("meta", {})
            languages = [p.language for p in practices if p.language]
            municipalities = [p.municipality for p in practices if p.municipality]
            with self.store.transaction():
                doc_id = self.store.upsert_document(
                    sha256=sha, size=info["size"], format=result["format"], status=INGESTED,
                    title=str(meta.get("title") or ""),
                    language=max(set(languages), key=languages.count) if languages else "",
                    municipality=max(set(municipalities), key=municipalities.count) if municipalities else "",
                    n_practices=len(practices), original=f.display,
                )
                self._path_moves(f.display, doc_id)
                self.store.upsert_path(f.display, display=f.display, document_id=doc_id, size=info["size"],
                                       mtime_ns=info["mtime_ns"], status=INGESTED)
                parts = result.get("parts") or [""] * len(practices)
                written, _kept = self.store.replace_practices(
                    doc_id, practices, ids, source_path=f.display,
                    source_paths=[f.display + PART_SEP + part if part else f.display for part in parts])
                self.store.record_run_file(report.run_id, f.display, INGESTED, "", len(written))
            self.pending_vectors += len(written)
            outcome = FileOutcome(f.display, INGESTED, "", len(written))
        report.files.append(outcome)
        if self.progress:
            self.progress(outcome)

    def _path_moves(self, display: str, new_doc_id: int) -> None:
        row = self.store.path_row(display)
        if row and row["document_id"] not in (None, new_doc_id):
            self._release_document(row["document_id"], display)

    def _commit_duplicate(self, report: RunReport, display: str, info: dict) -> None:
        doc = self.store.document_by_sha(info["sha256"])
        if doc is None:
            self._finish(report, display, FAILED, "its identical copy could not be read")
            return
        first = [p for p in self.store.document_paths(doc["id"]) if p["path"] != display]
        status = FAILED if doc["status"] == FAILED else DUPLICATE
        reason = doc["reason"] if status == FAILED else f"same content as {first[0]['display'] if first else '?'}"
        with self.store.transaction():
            self._path_moves(display, doc["id"])
        self._finish(report, display, status, reason,
                     store_path={"document_id": doc["id"], "size": info["size"], "mtime_ns": info["mtime_ns"],
                                 "status": status, "reason": reason})

    def _embed(self, *, force: bool, report: RunReport) -> None:
        if self.indexer_factory is None:
            return
        if not force and self.pending_vectors < self.options.embed_every:
            return
        if force and self.pending_vectors == 0:
            # Practices left without vectors by an earlier, interrupted run still get them,
            # but an unchanged re-run must not load the model: ask the store first, cheaply.
            if not self.store.execute(
                "SELECT 1 FROM practices p LEFT JOIN embeddings e ON e.practice_id = p.id "
                "WHERE e.practice_id IS NULL OR e.content_key <> p.content_key LIMIT 1"
            ).fetchone():
                return
        indexer = self.indexer()
        report.practices_embedded += indexer.run()
        report.seconds_embedding = getattr(indexer, "seconds_embedding", 0.0)
        self.pending_vectors = 0


def _unique_ids(sha: str, practices: list[Practice]) -> list[str]:
    ids, seen = [], set()
    for i, p in enumerate(practices):
        pid = practice_id(sha, i, p.title)
        while pid in seen:
            pid = practice_id(sha, i + 10_000, pid)
        seen.add(pid)
        ids.append(pid)
    return ids

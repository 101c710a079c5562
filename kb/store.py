"""The SQLite store: documents, their paths, practices, axes, embeddings, runs.

One database file holds everything that was learned from the documents; the
FAISS index beside it can always be rebuilt from the `embeddings` table.

Writes go through explicit transactions (`with store.transaction():`) so that
each ingested file is committed whole or not at all: a run killed at any moment
leaves the database as it was after the last committed file. The connection is
in autocommit mode and sqlite-utils is used for schema and reads; writes that
must be atomic use plain SQL inside `transaction()` (sqlite-utils' own helpers
commit by themselves, which would split a file's writes).

Keyword search runs on an FTS5 table (kb.fts).
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import sqlite_utils

from kb import schema
from kb.fold import fold
from kb.model import LIST_FIELDS, Practice
from kb.fts import KeywordIndex
from kb.reports import Reports
from kb.runs import Runs
from kb.schema import SCHEMA_VERSION  # noqa: F401 - part of this module's interface
from kb.search_sql import SearchQueries


# Columns of the practices table that come straight from a Practice record.
PRACTICE_COLUMNS = (
    "title", "text", "municipality", "summary", "language", "status", "start_year",
    "target_groups", "services", "partners", "funding", "results", "lessons",
    "transferability", "contact", "timescale", "location", "page", "axes_hint", "kind", "ordinal", "context",
)
JSON_COLUMNS = set(LIST_FIELDS) | {"axes_hint", "flags"}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class StoreError(Exception):
    pass


class Store(Runs, Reports, KeywordIndex, SearchQueries):
    """The database, with one SQLite connection per thread.

    A connection shared by the web server's threads ran one thread's statements inside another's
    transaction, and a thread waiting on an ingestion's write lock held the connection, so every
    other request waited too (issue 10). Each thread now opens its own connection on first use
    (WAL lets readers go on while one writer holds the lock); `close()` closes them all.
    """

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"no database at {self.path}: run `kb ingest` first or pass --db")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._open: list[sqlite3.Connection] = []
        self._open_lock = threading.Lock()
        self._migrate()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        with self._open_lock:
            self._open.append(conn)
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
            self._local.depth = 0
        return conn

    @property
    def db(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None or db.conn is not self.conn:
            db = self._local.db = sqlite_utils.Database(self.conn)
        return db

    def close(self) -> None:
        """Close every thread's connection; a later use opens a new one."""
        self.release_run_lock()
        with self._open_lock:
            conns, self._open = self._open, []
            self._local = threading.local()
        for conn in conns:
            conn.close()

    # -- transactions -------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception. Nested calls (in the same thread)
        join the outer one."""
        conn = self.conn
        if self._local.depth:
            self._local.depth += 1
            try:
                yield conn
            finally:
                self._local.depth -= 1
            return
        conn.execute("BEGIN IMMEDIATE")
        self._local.depth = 1
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
        finally:
            self._local.depth = 0

    def execute(self, sql: str, params: Iterable = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, tuple(params))

    def rows(self, sql: str, params: Iterable = ()) -> list[dict]:
        cur = self.conn.execute(sql, tuple(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def rows_in(self, sql: str, values: list, params: tuple = ()) -> Iterator[dict]:
        """Rows of `sql`, whose `{marks}` stands for an IN list of `values`, 500 values a query
        (SQLite limits the variables of one statement); `params` come before the values."""
        for i in range(0, len(values), 500):
            chunk = values[i:i + 500]
            yield from self.rows(sql.format(marks=",".join("?" * len(chunk))), (*params, *chunk))

    # -- schema --------------------------------------------------------------

    def _migrate(self) -> None:
        """Bring the database to the schema this code writes (kb.schema), in one transaction."""
        with self.transaction():
            version = schema.current_version(self)
            if version > schema.SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer Praxis (schema {version}); upgrade Praxis to read it"
                )
            schema.upgrade(self, version)
            self._migrate_fts()  # the keyword index is rebuilt when the concepts change (kb.fts)

    def add_missing_columns(self, table: str, columns: dict) -> None:
        """Columns added since a database was created (additive migrations)."""
        have = set(self.db[table].columns_dict)
        for name, kind in columns.items():
            if name not in have:
                self.db[table].add_column(name, kind)

    # -- meta ----------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value) -> None:
        self.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, str(value)))

    def _bump_vectors_version(self) -> None:
        self.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vectors_version'"
        )

    def vectors_version(self) -> int:
        return int(self.get_meta("vectors_version", "0"))

    # -- documents and paths -------------------------------------------------

    def path_row(self, path: str) -> dict | None:
        rows = self.rows("SELECT * FROM paths WHERE path = ?", (path,))
        return rows[0] if rows else None

    def all_paths(self) -> dict[str, dict]:
        return {r["path"]: r for r in self.rows("SELECT * FROM paths")}

    def document_by_sha(self, sha256: str) -> dict | None:
        rows = self.rows("SELECT * FROM documents WHERE sha256 = ?", (sha256,))
        return rows[0] if rows else None

    def document(self, doc_id: int) -> dict | None:
        rows = self.rows("SELECT * FROM documents WHERE id = ?", (doc_id,))
        return rows[0] if rows else None

    def document_paths(self, doc_id: int) -> list[dict]:
        return self.rows("SELECT * FROM paths WHERE document_id = ? ORDER BY first_seen, path", (doc_id,))

    def upsert_document(self, *, sha256: str, size: int, format: str, status: str, reason: str = "",
                        title: str = "", language: str = "", municipality: str = "",
                        n_practices: int = 0, original: str = "") -> int:
        ts = now()
        existing = self.document_by_sha(sha256)
        if existing:
            self.execute(
                "UPDATE documents SET size=?, format=?, status=?, reason=?, title=?, language=?, "
                "municipality=?, n_practices=?, original=COALESCE(NULLIF(?, ''), original), updated=? "
                "WHERE id=?",
                (size, format, status, reason, title, language, municipality, n_practices, original, ts,
                 existing["id"]),
            )
            return existing["id"]
        cur = self.execute(
            "INSERT INTO documents(sha256, size, format, status, reason, title, language, municipality, "
            "n_practices, original, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (sha256, size, format, status, reason, title, language, municipality, n_practices, original, ts, ts),
        )
        return cur.lastrowid

    def upsert_path(self, path: str, *, display: str, document_id: int | None, size: int, mtime_ns: int,
                    status: str, reason: str = "") -> None:
        """Record a file of the drive. `path` is as the run was given it (often relative to the working
        folder of `kb ingest`); its absolute form is kept too, because the server that later hands the
        file out runs from another folder (`make run` served every download with a 500: issue 10)."""
        ts = now()
        self.execute(
            "INSERT INTO paths(path, display, document_id, size, mtime_ns, status, reason, missing, first_seen, "
            "last_seen, abspath) VALUES (?,?,?,?,?,?,?,0,?,?,?) ON CONFLICT(path) DO UPDATE SET "
            "display=excluded.display, document_id=excluded.document_id, size=excluded.size, "
            "mtime_ns=excluded.mtime_ns, status=excluded.status, reason=excluded.reason, missing=0, "
            "last_seen=excluded.last_seen, abspath=excluded.abspath",
            (path, display, document_id, size, mtime_ns, status, reason, ts, ts, os.path.abspath(path)),
        )

    def touch_path(self, path: str) -> None:
        self.execute("UPDATE paths SET last_seen=?, missing=0 WHERE path=?", (now(), path))

    def mark_missing(self, paths: Iterable[str]) -> int:
        """Flag paths that are gone from the drive; their practices are kept and flagged 'source missing'."""
        n = 0
        for p in paths:
            row = self.path_row(p)
            if not row or row["missing"]:
                continue
            self.execute("UPDATE paths SET missing=1 WHERE path=?", (p,))
            n += 1
            doc_id = row["document_id"]
            if doc_id is None:
                continue
            alive = self.conn.execute(
                "SELECT COUNT(*) FROM paths WHERE document_id=? AND missing=0", (doc_id,)
            ).fetchone()[0]
            if not alive:
                for pid, in self.conn.execute("SELECT id FROM practices WHERE document_id=?", (doc_id,)):
                    self.add_flag(pid, "source missing")
        return n

    # -- practices -----------------------------------------------------------

    def replace_practices(self, document_id: int, practices: list[Practice], ids: list[str], *,
                          source_path: str, source_paths: list[str] | None = None) -> tuple[list[str], list[str]]:
        """Store a document's practices, replacing the ones from its previous version.

        Practices a coordinator edited or confirmed are never overwritten: they are kept and
        flagged 'source changed'. Practices a coordinator took down (returned) stay down: they are
        kept too, and the new version of one (same title or same text, from the same document or
        file) takes its place, its id (so its history) and its review state, instead of coming
        back published (issue 10). The same practice text twice in one document is stored once.
        (The same text in two different documents stays two records, one per source, linked
        as the same practice by search.related.) `source_paths`, when given, is each practice's own
        source (an e-mail's attachment: "reply.eml › report.pdf"). Returns (ids written, ids kept
        because edited or taken down).
        """
        old = self.rows("SELECT id, edited, content_key, review_state FROM practices WHERE document_id=?",
                        (document_id,))
        keep = {r["id"] for r in old if r["edited"] or r["review_state"] != "published"}
        new_ids = set(ids)
        for r in old:
            if r["id"] in keep:
                if r["id"] not in new_ids:
                    self.add_flag(r["id"], "source changed")
                continue
            self.delete_practice(r["id"])
        held = self._taken_down(document_id, source_path)
        written = []
        ts = now()
        seen_keys = set()
        paths = source_paths if source_paths and len(source_paths) == len(practices) else [source_path] * len(practices)
        for pid, p, path in zip(ids, practices, paths):
            key = p.content_key()
            if pid in keep or key in seen_keys:
                continue
            seen_keys.add(key)
            state, flags = "published", "[]"
            prior = held.pop(key, None) or held.pop(("title", fold(p.title)), None)
            if prior is not None:
                held = {k: v for k, v in held.items() if v["id"] != prior["id"]}
                if prior["edited"]:  # the coordinator's own version stands
                    continue
                self.delete_practice(prior["id"])
                keep.discard(prior["id"])
                pid, state = prior["id"], prior["review_state"]
                flags = json.dumps(sorted(set(json.loads(prior["flags"] or "[]")) | {"source changed"}))
            values = [self._encode(c, getattr(p, c)) for c in PRACTICE_COLUMNS]
            self.execute(
                f"INSERT INTO practices(id, document_id, {', '.join(PRACTICE_COLUMNS)}, content_key, source_path, "
                "origin, review_state, edited, flags, created, updated) VALUES "
                f"(?, ?, {', '.join('?' * len(PRACTICE_COLUMNS))}, ?, ?, 'ingest', ?, 0, ?, ?, ?)",
                [pid, document_id, *values, key, path, state, flags, ts, ts],
            )
            self._index_fts(pid, p.title, p.text)
            written.append(pid)
        return written, sorted(keep)

    def _taken_down(self, document_id: int, source_path: str) -> dict:
        """Ingested practices a coordinator took down, of this document or of an earlier version of the
        file at `source_path`, by content key and by folded title."""
        held: dict = {}
        for r in self.rows("SELECT id, title, edited, content_key, review_state, flags FROM practices "
                           "WHERE origin='ingest' AND review_state <> 'published' AND (document_id=? OR "
                           "(source_path=? AND source_path <> ''))", (document_id, source_path)):
            held.setdefault(r["content_key"], r)
            held.setdefault(("title", fold(r["title"] or "")), r)
        return held

    def insert_practice(self, pid: str, p: Practice, *, document_id: int | None, source_path: str,
                        origin: str, review_state: str) -> None:
        ts = now()
        values = [self._encode(c, getattr(p, c)) for c in PRACTICE_COLUMNS]
        self.execute(
            f"INSERT INTO practices(id, document_id, {', '.join(PRACTICE_COLUMNS)}, content_key, source_path, "
            "origin, review_state, edited, flags, created, updated) VALUES "
            f"(?, ?, {', '.join('?' * len(PRACTICE_COLUMNS))}, ?, ?, ?, ?, 0, '[]', ?, ?)",
            [pid, document_id, *values, p.content_key(), source_path, origin, review_state, ts, ts],
        )
        self._index_fts(pid, p.title, p.text)

    def update_practice(self, pid: str, changes: dict) -> None:
        """Apply field changes (used by reviewers). A new title or text gets a new content key,
        so the indexer embeds and links the practice again."""
        allowed = set(PRACTICE_COLUMNS) | {"review_state", "edited", "flags"}
        bad = set(changes) - allowed
        if bad:
            raise StoreError(f"unknown practice fields: {', '.join(sorted(bad))}")
        sets = ", ".join(f"{c}=?" for c in changes)
        self.execute(
            f"UPDATE practices SET {sets}, updated=? WHERE id=?",
            [*(self._encode(c, v) for c, v in changes.items()), now(), pid],
        )
        if {"title", "text", "summary"} & set(changes):
            row = self.practice(pid)
            key = Practice(title=row["title"] or "", text=row["text"] or "", summary=row["summary"] or "").content_key()
            self.execute("UPDATE practices SET content_key=? WHERE id=?", (key, pid))
            self._unindex_fts(pid)
            self._index_fts(pid, row["title"], row["text"])

    def delete_practice(self, pid: str) -> None:
        self._unindex_fts(pid)
        self.execute("DELETE FROM practice_axes WHERE practice_id=?", (pid,))
        if self.conn.execute("DELETE FROM embeddings WHERE practice_id=?", (pid,)).rowcount:
            self._bump_vectors_version()
        self.execute("DELETE FROM practices WHERE id=?", (pid,))

    def add_flag(self, pid: str, flag: str) -> None:
        row = self.conn.execute("SELECT flags FROM practices WHERE id=?", (pid,)).fetchone()
        if not row:
            return
        flags = json.loads(row[0] or "[]")
        if flag not in flags:
            flags.append(flag)
            self.execute("UPDATE practices SET flags=? WHERE id=?", (json.dumps(flags), pid))

    @staticmethod
    def _encode(column: str, value):
        if column in JSON_COLUMNS:
            return json.dumps(list(value or []), ensure_ascii=False)
        return value

    @staticmethod
    def _decode(row: dict) -> dict:
        for c in JSON_COLUMNS:
            if c in row and isinstance(row[c], str):
                try:
                    row[c] = json.loads(row[c])
                except ValueError:
                    row[c] = []
        return row

    def practice(self, pid: str) -> dict | None:
        rows = self.rows("SELECT * FROM practices WHERE id=?", (pid,))
        if not rows:
            return None
        row = self._decode(rows[0])
        row["axes"] = self.practice_axes(pid)
        return row

    def practices(self, where: str = "1=1", params: Iterable = (), order: str = "municipality, title") -> list[dict]:
        rows = [self._decode(r) for r in self.rows(f"SELECT * FROM practices WHERE {where} ORDER BY {order}", params)]
        axes = self.axes_by_practice([r["id"] for r in rows])
        for r in rows:
            r["axes"] = axes.get(r["id"], [])
        return rows

    def practices_by_ids(self, ids: list[str]) -> dict[str, dict]:
        out = {r["id"]: self._decode(r) for r in self.rows_in("SELECT * FROM practices WHERE id IN ({marks})", ids)}
        axes = self.axes_by_practice(list(out))
        for pid, r in out.items():
            r["axes"] = axes.get(pid, [])
        return out

    def count_practices(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM practices").fetchone()[0]

    def municipalities(self) -> list[tuple[str, int]]:
        """Municipalities with their number of published practices (submissions waiting for review
        are nobody's business but the coordinators')."""
        return [
            (r[0], r[1]) for r in self.conn.execute(
                "SELECT municipality, COUNT(*) FROM practices WHERE municipality <> '' "
                "AND review_state = 'published' GROUP BY municipality ORDER BY municipality"
            )
        ]

    # -- axes ----------------------------------------------------------------

    def set_axes(self, pid: str, links: list[dict]) -> None:
        """Replace a practice's automatic axis links; confirmed links stay as they are."""
        self.execute("DELETE FROM practice_axes WHERE practice_id=? AND source<>'confirmed'", (pid,))
        confirmed = {r[0] for r in self.conn.execute(
            "SELECT axis FROM practice_axes WHERE practice_id=?", (pid,))}
        for link in links:
            if link["axis"] in confirmed:
                continue
            self.execute(
                "INSERT INTO practice_axes(practice_id, axis, score, evidence, source) VALUES (?,?,?,?,?)",
                (pid, int(link["axis"]), float(link["score"]),
                 json.dumps(link.get("evidence", []), ensure_ascii=False), link.get("source", "auto")),
            )

    def confirm_axes(self, pid: str, axes: list[int]) -> None:
        """A coordinator's tags: exactly these axes, marked confirmed (labelled examples for the linker)."""
        self.execute("DELETE FROM practice_axes WHERE practice_id=?", (pid,))
        for rank, axis in enumerate(axes):
            self.execute(
                "INSERT INTO practice_axes(practice_id, axis, score, evidence, source) VALUES (?,?,?,?,?)",
                (pid, int(axis), 1.0 - rank * 0.01, "[]", "confirmed"),
            )

    def practice_axes(self, pid: str) -> list[dict]:
        return self.axes_by_practice([pid]).get(pid, [])

    def axes_by_practice(self, ids: list[str]) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for r in self.rows_in("SELECT * FROM practice_axes WHERE practice_id IN ({marks}) ORDER BY score DESC, axis",
                              ids):
            r["evidence"] = json.loads(r["evidence"] or "[]")
            out.setdefault(r["practice_id"], []).append(r)
        return out

    def confirmed_examples(self) -> list[tuple[str, list[int]]]:
        """Practices whose axes a coordinator confirmed: (practice id, axes)."""
        ex: dict[str, list[int]] = {}
        for pid, axis in self.conn.execute(
            "SELECT practice_id, axis FROM practice_axes WHERE source='confirmed' ORDER BY practice_id, score DESC"
        ):
            ex.setdefault(pid, []).append(axis)
        return list(ex.items())

    # -- embeddings ----------------------------------------------------------

    def practices_needing_vectors(self, model: str) -> list[dict]:
        return self.rows(
            "SELECT p.id, p.title, p.summary, p.text, p.content_key FROM practices p LEFT JOIN embeddings e "
            "ON e.practice_id = p.id WHERE e.practice_id IS NULL OR e.model <> ? OR e.content_key <> p.content_key "
            "OR e.head IS NULL OR e.passages IS NULL "
            "ORDER BY p.id",
            (model,),
        )

    def vectors_by_content(self, model: str, keys: list[str]) -> dict[str, tuple]:
        """Stored (text vector, head vector, passage vectors) of `model` for these content keys (the same text
        embedded once); head or passages are None when the row is from before them."""
        out: dict[str, tuple] = {}
        for r in self.rows_in("SELECT content_key, dim, vector, head, passages FROM embeddings "
                              "WHERE model=? AND content_key IN ({marks})", keys, (model,)):
            blob = lambda b: None if b is None else np.frombuffer(b, dtype=np.float32)  # noqa: E731
            passages = blob(r["passages"])
            out[r["content_key"]] = (blob(r["vector"]), blob(r["head"]),
                                     None if passages is None else passages.reshape(-1, r["dim"]))
        return out

    def put_vectors(self, model: str, items: list[tuple]) -> None:
        """Store (practice id, content key, vector[, head vector[, passage vectors]]) as float32 for `model`.

        The vector embeds the practice's title and text; the head vector its title and summary
        (a long text dilutes what the practice is; search uses both); the passage vectors the
        windows of a long text (search.embed.passage_windows; none for a short one); each with the
        vectors_version it brings (an index that is behind takes in only newer vectors)."""
        version = self.vectors_version() + 1
        for pid, key, vec, *rest in items:
            v = np.asarray(vec, dtype=np.float32)
            h, p = (rest + [None, None])[:2]
            self.execute(
                "INSERT OR REPLACE INTO embeddings(practice_id, model, dim, content_key, vector, head, passages, "
                "version) VALUES (?,?,?,?,?,?,?,?)",
                (pid, model, int(v.shape[0]), key, v.tobytes(),
                 None if h is None else np.asarray(h, dtype=np.float32).tobytes(),
                 None if p is None else np.asarray(p, dtype=np.float32).tobytes(), version),
            )
        if items:
            self._bump_vectors_version()

    def passage_vectors(self, model: str, ids: list[str]) -> tuple[list[int], np.ndarray]:
        """The passage vectors of these practices, stacked, and for each the position in `ids` of its practice."""
        pos = {p: i for i, p in enumerate(ids)}
        owners, blocks = [], []
        for r in self.rows_in("SELECT practice_id, dim, passages FROM embeddings "
                              "WHERE model=? AND passages IS NOT NULL AND practice_id IN ({marks})", ids, (model,)):
            block = np.frombuffer(r["passages"], dtype=np.float32).reshape(-1, r["dim"])
            owners += [pos[r["practice_id"]]] * len(block)
            blocks.append(block)
        return owners, (np.vstack(blocks) if owners else np.zeros((0, 0), dtype=np.float32))

    def head_vectors(self, model: str, ids: list[str]) -> np.ndarray:
        """Head vectors in the order of ids; a practice stored without one gets its text vector."""
        rows = {
            r["practice_id"]: np.frombuffer(r["head"] if r["head"] is not None else r["vector"], dtype=np.float32,
                                            count=r["dim"])
            for r in self.rows_in("SELECT practice_id, dim, vector, head FROM embeddings "
                                  "WHERE model=? AND practice_id IN ({marks})", ids, (model,))
        }
        return np.vstack([rows[p] for p in ids]) if ids else np.zeros((0, 0), dtype=np.float32)

    def delete_vectors(self) -> int:
        """Forget every vector (before re-embedding with another model)."""
        n = self.execute("DELETE FROM embeddings").rowcount
        self._bump_vectors_version()
        return n

    def vector_models(self) -> list[tuple[str, int]]:
        return [(r[0], r[1]) for r in self.conn.execute("SELECT model, COUNT(*) FROM embeddings GROUP BY model")]

    def vectors(self, model: str | None = None) -> tuple[list[str], np.ndarray]:
        sql = "SELECT practice_id, dim, vector FROM embeddings"
        params: tuple = ()
        if model is not None:
            sql += " WHERE model = ?"
            params = (model,)
        ids, vecs = [], []
        for pid, dim, blob in self.conn.execute(sql + " ORDER BY practice_id", params):
            ids.append(pid)
            vecs.append(np.frombuffer(blob, dtype=np.float32, count=dim))
        if not vecs:
            return [], np.zeros((0, 0), dtype=np.float32)
        return ids, np.vstack(vecs)


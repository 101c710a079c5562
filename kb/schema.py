"""The database schema as numbered migration steps, applied in order (issue 10).

`meta.schema_version` names the last step a database has had; opening it with kb.store.Store
applies the later ones inside one transaction, so a database is never left half-migrated. Step 1
is the first released schema; every later step only adds (tables, columns, indexes) and is
written so that it can meet a database that already has what it adds (databases written before
the steps were numbered got some columns on first use). A new step goes at the end of MIGRATIONS
with the next number; tests/test_store.py migrates a step-1 database to the last step.
"""
from __future__ import annotations

from typing import Callable

import sqlite_utils


def _base(store) -> None:
    """1: documents, their paths, practices, axis links, embeddings, runs, keyword index."""
    db: sqlite_utils.Database = store.db
    db["documents"].create(
        {
            "id": int, "sha256": str, "size": int, "format": str, "status": str, "reason": str,
            "title": str, "language": str, "municipality": str, "n_practices": int,
            "original": str, "created": str, "updated": str,
        },
        pk="id", not_null={"sha256"}, if_not_exists=True,
    )
    db["documents"].create_index(["sha256"], unique=True, if_not_exists=True)
    db["paths"].create(
        {
            "path": str, "display": str, "document_id": int, "size": int, "mtime_ns": int,
            "status": str, "reason": str, "missing": int, "first_seen": str, "last_seen": str,
        },
        pk="path", foreign_keys=[("document_id", "documents", "id")], if_not_exists=True,
    )
    db["paths"].create_index(["document_id"], if_not_exists=True)
    db["practices"].create(
        {
            "id": str, "document_id": int, "ordinal": int, "kind": str,
            "title": str, "text": str, "municipality": str, "summary": str, "language": str,
            "status": str, "start_year": int, "target_groups": str, "services": str,
            "partners": str, "funding": str, "results": str, "lessons": str,
            "transferability": str, "contact": str, "timescale": str, "location": str,
            "page": int, "axes_hint": str, "content_key": str, "source_path": str,
            "origin": str, "review_state": str, "edited": int, "flags": str,
            "created": str, "updated": str,
        },
        pk="id", foreign_keys=[("document_id", "documents", "id")], if_not_exists=True,
        defaults={"origin": "ingest", "review_state": "published", "edited": 0, "flags": "[]"},
    )
    db["practices"].create_index(["document_id"], if_not_exists=True)
    db["practices"].create_index(["content_key"], if_not_exists=True)
    db["practices"].create_index(["municipality"], if_not_exists=True)
    db["practice_axes"].create(
        {"practice_id": str, "axis": int, "score": float, "evidence": str, "source": str},
        pk=("practice_id", "axis"), foreign_keys=[("practice_id", "practices", "id")], if_not_exists=True,
    )
    db["practice_axes"].create_index(["axis"], if_not_exists=True)
    db["embeddings"].create(
        {"practice_id": str, "model": str, "dim": int, "content_key": str, "vector": bytes},
        pk="practice_id", foreign_keys=[("practice_id", "practices", "id")], if_not_exists=True,
    )
    db["runs"].create(
        {"id": int, "started": str, "ended": str, "status": str, "args": str, "counts": str},
        pk="id", if_not_exists=True,
    )
    db["run_files"].create(
        {"run_id": int, "path": str, "status": str, "reason": str, "practices": int},
        foreign_keys=[("run_id", "runs", "id")], if_not_exists=True,
    )
    db["run_files"].create_index(["run_id"], if_not_exists=True)
    if "practices_fts" not in db.table_names():
        store.execute(
            "CREATE VIRTUAL TABLE practices_fts USING fts5("
            "practice_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    if store.get_meta("vectors_version") is None:
        store.set_meta("vectors_version", 0)


def _context_and_heads(store) -> None:
    """2: a practice's context line, head vectors (title and summary), the review_state index
    (every search first asks whether any practice is unpublished)."""
    store.add_missing_columns("practices", {"context": str})
    store.add_missing_columns("embeddings", {"head": bytes})
    store.db["practices"].create_index(["review_state"], if_not_exists=True)


def _absolute_paths(store) -> None:
    """3: the absolute path of each drive file, so the server finds it from any working folder."""
    store.add_missing_columns("paths", {"abspath": str})


def _accounts(store) -> None:
    """4: accounts, login failures by name, server-side sessions, the change history (until now
    created on first use by kb.users and kb.history, which still make sure of them)."""
    from kb import history, users

    users.ensure_table(store)
    history.ensure_table(store)


def _passages(store) -> None:
    """5: passage vectors of long practices (windows of their text; search.embed.passage_windows)."""
    store.add_missing_columns("embeddings", {"passages": bytes})


# What search.catalog holds in memory (the filter and facet columns, the axes): any change to them
# bumps catalog_version, so a server sees a coordinator's edit or a new ingestion at its next query.
CATALOG_COLUMNS = ("municipality", "language", "status", "start_year", "review_state", "target_groups", "services")


def _search_at_scale(store) -> None:
    """6: what search at scale reads (issue 11; kb.search_sql): the vectors_version that wrote each
    vector and its index (an index takes in newer vectors only), a (model, practice) index for counting
    and listing vectors, the catalog_version counter and its triggers, and keyword-index rows keyed by
    their practices' rowids (the index is rebuilt so on opening, by kb.fts)."""
    store.add_missing_columns("embeddings", {"version": int})
    store.execute("CREATE INDEX IF NOT EXISTS idx_embeddings_version ON embeddings(version)")
    # Counting and listing a model's vectors from this index, not the table (whose rows carry two
    # vectors): at 100,000 practices, syncing 200 new vectors took 1.7 s with table scans, 0.1 s without.
    store.execute("CREATE INDEX IF NOT EXISTS idx_embeddings_model ON embeddings(model, practice_id)")
    store.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('catalog_version', '0')")
    bump = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalog_version'"
    events = {
        "practices_ins": "AFTER INSERT ON practices",
        "practices_del": "AFTER DELETE ON practices",
        "practices_upd": f"AFTER UPDATE OF {', '.join(CATALOG_COLUMNS)} ON practices",
        "axes_ins": "AFTER INSERT ON practice_axes",
        "axes_del": "AFTER DELETE ON practice_axes",
        "axes_upd": "AFTER UPDATE ON practice_axes",
    }
    for name, event in events.items():
        store.execute(f"CREATE TRIGGER IF NOT EXISTS catalog_{name} {event} BEGIN {bump}; END")
    store.set_meta("fts_concepts", "")  # rows indexed before this step are under other rowids: rebuild


MIGRATIONS: list[tuple[int, str, Callable]] = [
    (1, "first released schema", _base),
    (2, "practice context, head vectors, review_state index", _context_and_heads),
    (3, "absolute paths of drive files", _absolute_paths),
    (4, "accounts, login failures, sessions, history", _accounts),
    (5, "passage vectors", _passages),
    (6, "vector versions, catalog triggers, keyword rows by rowid", _search_at_scale),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def current_version(store) -> int:
    """The database's schema version; 0 for a new database (the meta table is made here)."""
    if "meta" not in store.db.table_names():
        store.db["meta"].create({"key": str, "value": str}, pk="key")
    return int(store.get_meta("schema_version") or 0)


def upgrade(store, version: int, *, to: int = SCHEMA_VERSION) -> None:
    """Apply the steps after `version` up to `to`, in order (inside the caller's transaction)."""
    for number, _what, step in MIGRATIONS:
        if version < number <= to:
            step(store)
            store.set_meta("schema_version", number)

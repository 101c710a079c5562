"""`kb backup DIR` and `kb restore DIR`: the database, its index files, the uploads and the secret.

The database is copied with SQLite's online backup API under one read transaction, so the copy is one consistent state even while the server and an ingestion write
(a plain file copy of a WAL database can mix two states, or miss the WAL). The FAISS index files
are copied as they are: they are derived data, and a set that does not match the copied vectors
is rebuilt from the `embeddings` table on first search (search.index). Uploads are write-once files
named by their SHA-256, so copying them is safe at any moment. The secret keeps the sessions and
CSRF tokens valid after a restore; it is copied with mode 0600.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from kb.config import Settings

DB_NAME = "kb.sqlite"


class BackupError(Exception):
    pass


def _copy_db(source: Path, target: Path) -> None:
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(str(tmp))
    try:
        # In one step: a step-wise backup restarts whenever another connection writes, so under a
        # busy ingestion it might never finish; one step reads one snapshot (WAL: writers go on).
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"the copy of {source} fails SQLite's integrity check: {check}")
    finally:
        src.close()
        dst.close()
    os.replace(tmp, target)


def _side_files(db_path: Path) -> list[Path]:
    """The index files beside the database (kb.sqlite.faiss, .faiss.head, .faiss.json)."""
    return sorted(p for p in db_path.parent.glob(db_path.name + ".faiss*") if p.is_file() and ".tmp" not in p.name)


def backup(settings: Settings, folder: Path) -> dict:
    """Write a backup of everything the database needs into `folder`; returns what was copied."""
    db = settings.db_path
    if not db.is_file():
        raise BackupError(f"no database at {db}")
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: back up into a new folder")
    _copy_db(db, folder / DB_NAME)
    copied = {"database": str(folder / DB_NAME), "index": [], "uploads": 0, "secret": False}
    for f in _side_files(db):
        shutil.copy2(f, folder / (DB_NAME + f.name[len(db.name):]))
        copied["index"].append(f.name)
    if settings.uploads_dir.is_dir():
        target = folder / (DB_NAME + ".uploads")
        shutil.copytree(settings.uploads_dir, target, ignore=shutil.ignore_patterns(".upload-*"))
        copied["uploads"] = sum(1 for _ in target.iterdir())
    secret = Path(str(db) + ".secret")
    if secret.is_file():
        _copy_private(secret, folder / (DB_NAME + ".secret"))
        copied["secret"] = True
    return copied


def restore(settings: Settings, folder: Path, *, force: bool = False) -> dict:
    """Put a backup in place of the database at settings.db_path (stop the server first)."""
    source = folder / DB_NAME
    if not source.is_file():
        raise BackupError(f"{folder} holds no backup ({DB_NAME} is missing)")
    db = settings.db_path
    if db.exists() and not force:
        raise BackupError(f"{db} exists: pass --force to replace it")
    db.parent.mkdir(parents=True, exist_ok=True)
    for stale in [*_side_files(db), Path(str(db) + "-wal"), Path(str(db) + "-shm")]:
        stale.unlink(missing_ok=True)
    _copy_db(source, db)
    restored = {"database": str(db), "index": [], "uploads": 0, "secret": False}
    for f in _side_files(source):
        shutil.copy2(f, db.with_name(db.name + f.name[len(DB_NAME):]))
        restored["index"].append(f.name)
    uploads = folder / (DB_NAME + ".uploads")
    if uploads.is_dir():
        shutil.copytree(uploads, settings.uploads_dir, dirs_exist_ok=True)
        restored["uploads"] = sum(1 for _ in uploads.iterdir())
    secret = folder / (DB_NAME + ".secret")
    if secret.is_file():
        _copy_private(secret, Path(str(db) + ".secret"))
        restored["secret"] = True
    return restored


def _copy_private(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(source.read_bytes())

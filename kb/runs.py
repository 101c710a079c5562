"""Ingestion runs as the store records them: when, with which roots, what each file came to.

A mixin of kb.store.Store (it uses the store's execute, rows and transaction); also where the
drive roots the runs were given are read back, to show drive paths relative to them.

One run at a time per database (issue 10): two runs at once (a scheduled one and a manual one)
would read the same files twice and write the index files over each other. `start_run` takes an
exclusive flock on <db>.run.lock, held until `finish_run` or the end of the process (the kernel
drops it when a run is killed, so a crash never leaves a stale lock), and only then marks runs
that were left 'running' by a killed process as 'interrupted'.
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone

from kb import log

try:
    import fcntl
except ImportError:  # not on Windows: runs are then not locked against each other
    fcntl = None  # type: ignore[assignment]

LOG = log.get("store")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class RunLocked(Exception):
    """Another ingestion run holds the database's run lock."""


class Runs:
    _run_lock_fd: int | None = None

    def _lock_runs(self) -> None:
        if fcntl is None or self._run_lock_fd is not None:
            return
        lock_path = str(self.path) + ".run.lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise RunLocked(f"another ingestion run (process {holder}) is using {self.path}: "
                            "wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._run_lock_fd = fd

    def release_run_lock(self) -> None:
        if self._run_lock_fd is not None:
            os.close(self._run_lock_fd)  # closing drops the flock
            self._run_lock_fd = None
    # -- runs ----------------------------------------------------------------

    def start_run(self, args: dict) -> int:
        """Take the run lock (RunLocked when another run holds it) and record a new run."""
        self._lock_runs()
        with self.transaction():
            self.execute("UPDATE runs SET status='interrupted' WHERE status='running'")
            cur = self.execute(
                "INSERT INTO runs(started, status, args, counts) VALUES (?, 'running', ?, '{}')",
                (_now(), json.dumps(args, ensure_ascii=False)),
            )
        LOG.info("ingestion run %d started: %s", cur.lastrowid, json.dumps(args, ensure_ascii=False))
        return cur.lastrowid

    def record_run_file(self, run_id: int, path: str, status: str, reason: str, practices: int) -> None:
        self.execute(
            "INSERT INTO run_files(run_id, path, status, reason, practices) VALUES (?,?,?,?,?)",
            (run_id, path, status, reason, practices),
        )

    def finish_run(self, run_id: int, counts: dict, status: str = "completed") -> None:
        with self.transaction():
            self.execute(
                "UPDATE runs SET ended=?, status=?, counts=? WHERE id=?",
                (_now(), status, json.dumps(counts), run_id),
            )
        LOG.info("ingestion run %d %s: %s", run_id, status, json.dumps(counts))
        self.release_run_lock()

    def runs(self, limit: int = 20) -> list[dict]:
        rows = self.rows("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        for r in rows:
            r["counts"] = json.loads(r["counts"] or "{}")
        return rows

    def run_failures(self, run_id: int) -> list[dict]:
        return self.rows(
            "SELECT path, status, reason FROM run_files WHERE run_id=? AND status='failed' ORDER BY path", (run_id,)
        )

    def drive_roots(self) -> list[str]:
        """The files and folders ingestion runs were given, longest first."""
        roots: set[str] = set()
        for (args,) in self.conn.execute("SELECT DISTINCT args FROM runs"):
            try:
                roots.update(p for p in json.loads(args or "{}").get("paths", []) if isinstance(p, str))
            except (ValueError, AttributeError):
                continue
        return sorted(roots, key=len, reverse=True)

    def shown_path(self, path: str, roots: list[str] | None = None) -> str:
        """A drive path as people see it: relative to the folder the run was given (the server's own
        folders are nobody's business); a file given by itself, or a path no run knows, by its name."""
        if not path or path.startswith("upload:"):
            return path or ""
        for root in self.drive_roots() if roots is None else roots:
            base = root.rstrip("/" + os.sep)
            if path == base:
                return os.path.basename(base) or path
            if base and (path.startswith(base + "/") or path.startswith(base + os.sep)):
                return path[len(base) + 1:]
        return os.path.basename(path) if os.path.isabs(path) else path

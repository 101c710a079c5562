"""`kb backup` / `kb restore` (kb.backup): a backup taken while another connection writes restores to a
consistent database with its accounts, uploads, index files and secret."""
from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

from click.testing import CliRunner

from kb import users
from kb.cli import cli
from kb.model import Practice
from kb.store import Store

PASSWORD = "a long enough password"


def test_backup_taken_during_writes_restores_cleanly(tmp_path):
    db = tmp_path / "live" / "kb.sqlite"
    store = Store(db)
    users.add_user(store, "ada", PASSWORD, "admin")
    upload = b"an uploaded document"
    uploads = Path(str(db) + ".uploads")
    uploads.mkdir()
    (uploads / hashlib.sha256(upload).hexdigest()).write_bytes(upload)
    secret = Path(str(db) + ".secret")
    secret.write_text("0123456789abcdef")
    secret.chmod(0o600)
    index = Path(str(db) + ".faiss")
    index.write_bytes(b"index bytes")

    stop, written = threading.Event(), [0]

    def ingestion() -> None:  # two practices per transaction, as fast as it goes
        s = Store(db)
        while not stop.is_set():
            i = written[0]
            with s.transaction():
                for j in (0, 1):
                    s.insert_practice(f"p{i:06d}{j}", Practice(title=f"Πρακτική {i}", text="κείμενο " * 300),
                                      document_id=None, source_path="drive/x.md", origin="ingest",
                                      review_state="published")
            written[0] += 1
        s.close()

    writer = threading.Thread(target=ingestion)
    writer.start()
    while written[0] < 20:
        time.sleep(0.01)
    result = CliRunner().invoke(cli, ["--db", str(db), "backup", str(tmp_path / "backup")])
    after = written[0]
    deadline = time.monotonic() + 10
    while written[0] <= after and time.monotonic() < deadline:  # the backup left no lock behind
        time.sleep(0.01)
    resumed = written[0] > after
    stop.set()
    writer.join()
    assert result.exit_code == 0, result.output
    # The writer ran before, during (timing allowing) and after the backup; how many of its
    # transactions fell inside a fast backup depends on the machine's load, so that is not asserted.
    assert resumed, "the writes went on after the backup"

    restored = tmp_path / "elsewhere" / "kb.sqlite"
    result = CliRunner().invoke(cli, ["--db", str(restored), "restore", str(tmp_path / "backup")])
    assert result.exit_code == 0, result.output
    r = Store(restored)
    assert r.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = r.count_practices()
    assert n >= 40 and n % 2 == 0, n  # whole transactions only
    assert r.execute("SELECT COUNT(*) FROM practices_fts").fetchone()[0] == n
    assert users.authenticate(r, "ada", PASSWORD)["role"] == "admin"
    assert (Path(str(restored) + ".uploads") / hashlib.sha256(upload).hexdigest()).read_bytes() == upload
    kept = Path(str(restored) + ".secret")
    assert kept.read_text() == "0123456789abcdef" and kept.stat().st_mode & 0o777 == 0o600
    assert Path(str(restored) + ".faiss").read_bytes() == b"index bytes"
    # A restore never replaces a database by accident, and a backup never mixes into an old one.
    again = CliRunner().invoke(cli, ["--db", str(restored), "restore", str(tmp_path / "backup")])
    assert again.exit_code != 0 and "--force" in again.output
    assert CliRunner().invoke(cli, ["--db", str(db), "backup", str(tmp_path / "backup")]).exit_code != 0

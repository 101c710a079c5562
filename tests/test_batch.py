"""Batch ingestion over a drive: incremental, deduplicated, resumable, and unbreakable on bad files."""
from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from ingest import batch as batch_mod
from ingest.batch import Batch, Options
from kb.store import Store

KB = str(Path(sys.executable).with_name("kb"))

GREEK_REPORT = """ΑΠΟΛΟΓΙΣΜΟΣ ΔΡΑΣΕΩΝ {n}

Ο Δήμος Καρδίτσας παρουσιάζει τις δράσεις ένταξης του έτους.

ΜΑΘΗΜΑΤΑ ΕΛΛΗΝΙΚΗΣ ΓΛΩΣΣΑΣ

Το Κέντρο Ένταξης Μεταναστών οργανώνει μαθήματα ελληνικής γλώσσας για ενήλικες πρόσφυγες, με παιδότοπο για τα παιδιά. Έκδοση {n}.

ΣΥΜΒΟΥΛΕΥΤΙΚΗ ΑΠΑΣΧΟΛΗΣΗΣ

Σύμβουλοι απασχόλησης βοηθούν πρόσφυγες στη σύνταξη βιογραφικού και στην αναζήτηση εργασίας. Έκδοση {n}.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_drive(root: Path, n: int = 4) -> Path:
    for i in range(n):
        write(root / "karditsa" / f"report-{i}.txt", GREEK_REPORT.format(n=i))
    return root


class CountingIndexer:
    """Stands in for search.indexer.Indexer where a test is about ingestion, not embedding."""

    made = 0

    def __init__(self, store):
        type(self).made += 1
        self.store = store
        self.seconds_embedding = 0.0

    def run(self) -> int:
        """Stores a dummy vector for each practice that lacks one, as the real indexer would."""
        todo = self.store.practices_needing_vectors("fake")
        with self.store.transaction():
            self.store.put_vectors("fake", [(r["id"], r["content_key"], [1.0, 0.0]) for r in todo])
        return len(todo)


def run(store, roots, **kw) -> batch_mod.RunReport:
    factory = kw.pop("indexer_factory", None)
    return Batch(store, options=Options(workers=2, **kw), indexer_factory=factory).run([str(r) for r in roots])


def statuses(report) -> dict[str, str]:
    return {Path(f.path).name: f.status for f in report.files}


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "kb.sqlite")
    yield s
    s.close()


def test_first_run_ingests_and_unchanged_rerun_reads_nothing(store, tmp_path, monkeypatch):
    drive = make_drive(tmp_path / "drive")
    first = run(store, [drive], indexer_factory=lambda: CountingIndexer(store))
    assert set(statuses(first).values()) == {"ingested"}
    assert first.totals["practices"] > 0 and first.practices_embedded == first.totals["practices"]
    n = store.count_practices()

    def no_reading(path, limit):
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(batch_mod, "read_file", no_reading)
    CountingIndexer.made = 0
    second = run(store, [drive], indexer_factory=lambda: CountingIndexer(store))
    assert set(statuses(second).values()) == {"unchanged"}
    assert CountingIndexer.made == 0, "an unchanged re-run must not load the embedding model"
    assert store.count_practices() == n


def test_identical_copies_are_one_document(store, tmp_path):
    drive = make_drive(tmp_path / "drive", 1)
    copy = drive / "Κοινόχρηστος" / "report-0 - Αντίγραφο.txt"
    copy.parent.mkdir()
    copy.write_bytes((drive / "karditsa" / "report-0.txt").read_bytes())
    report = run(store, [drive])
    got = statuses(report)
    assert got == {"report-0 - Αντίγραφο.txt": "duplicate", "report-0.txt": "ingested"}
    dup = next(f for f in report.files if f.status == "duplicate")
    assert "same content as" in dup.reason
    assert store.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
    # A later run sees the copy as a duplicate of the stored document, not as new.
    (drive / "new").mkdir()
    (drive / "new" / "third copy.txt").write_bytes(copy.read_bytes())
    assert statuses(run(store, [drive]))["third copy.txt"] == "duplicate"


def test_changed_file_replaces_practices_but_keeps_edited_ones(store, tmp_path):
    drive = make_drive(tmp_path / "drive", 1)
    run(store, [drive])
    before = {p["id"]: p for p in store.practices()}
    edited_id = next(iter(before))
    with store.transaction():
        store.update_practice(edited_id, {"summary": "checked by a coordinator", "edited": 1})
    f = drive / "karditsa" / "report-0.txt"
    f.write_text(GREEK_REPORT.format(n=99).replace("βιογραφικού", "βιογραφικού και συνεντεύξεων"), encoding="utf-8")
    os.utime(f, ns=(time.time_ns(), time.time_ns() + 10**9))
    report = run(store, [drive])
    assert statuses(report) == {"report-0.txt": "ingested"}
    after = {p["id"]: p for p in store.practices()}
    assert edited_id in after and after[edited_id]["summary"] == "checked by a coordinator"
    assert "source changed" in after[edited_id]["flags"]
    assert any("συνεντεύξεων" in p["text"] for p in after.values())
    assert not any("Έκδοση 0." in p["text"] for pid, p in after.items() if pid != edited_id)


def test_vanished_file_keeps_practices_flagged_until_pruned(store, tmp_path):
    drive = make_drive(tmp_path / "drive", 2)
    run(store, [drive])
    gone = drive / "karditsa" / "report-1.txt"
    gone.unlink()
    report = run(store, [drive])
    assert report.missing == 1
    flagged = [p for p in store.practices() if "source missing" in p["flags"]]
    assert flagged and all(p["source_path"].endswith("report-1.txt") for p in flagged)
    n = store.count_practices()
    db = str(store.path)
    dry = subprocess.run([KB, "--db", db, "prune"], capture_output=True, text=True, check=True)
    assert "would remove" in dry.stdout and "report-1.txt" in dry.stdout
    assert Store(db).count_practices() == n
    subprocess.run([KB, "--db", db, "prune", "--apply"], capture_output=True, text=True, check=True)
    assert Store(db).count_practices() == n - len(flagged)


def test_bad_files_fail_with_reasons_and_the_run_goes_on(store, tmp_path, monkeypatch):
    drive = make_drive(tmp_path / "drive", 1)
    bad = drive / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    (bad / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (bad / "big.txt").write_bytes(b"x" * 300_000)
    os.symlink(bad / "nowhere.pdf", bad / "dangling.pdf")
    os.symlink(drive, bad / "loop")  # a folder link back up the tree
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (40 * 1024 * 1024))
    (bad / "bomb.docx").write_bytes(bomb.getvalue())
    (bad / "locked.txt").write_text("secret", encoding="utf-8")
    name_bytes = os.fsencode(str(bad)) + b"/\xff\xfe-latin1-\xe9.txt"
    with open(name_bytes, "wb") as fh:
        fh.write("Μαθήματα ελληνικών για πρόσφυγες στον Δήμο Λάρισας.".encode("utf-8"))

    real_read = batch_mod.read_file

    def read(path, limit):
        if path.endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real_read(path, limit)

    monkeypatch.setattr(batch_mod, "read_file", read)
    report = run(store, [drive], max_file_mb=0.25)
    by_name = {Path(f.path).name: f for f in report.files}
    assert by_name["report-0.txt"].status == "ingested"
    expect = {
        "empty.txt": "empty", "old.doc": "legacy", "broken.pdf": "corrupt PDF", "big.txt": "too large",
        "dangling.pdf": "broken symbolic link", "loop": "symbolic link loop", "bomb.docx": "zip bomb",
        "locked.txt": "permission denied",
    }
    for name, words in expect.items():
        assert by_name[name].status == "failed", name
        assert words.lower() in by_name[name].reason.lower(), (name, by_name[name].reason)
    odd = next(f for f in report.files if "latin1" in f.path)
    assert odd.status == "ingested" and "\\xff" in odd.path
    # Every failure is recorded with the run.
    run_id = store.runs(1)[0]["id"]
    failed = {Path(r["path"]).name for r in store.run_failures(run_id)}
    assert set(expect) <= failed


def hang_on_marker(data: bytes, name: str, municipality: str, max_file_mb: float, models_dir: str | None) -> dict:
    if b"HANG" in data:
        time.sleep(60)
    return batch_mod.process_bytes(data, name, municipality, max_file_mb, models_dir)


def test_a_hanging_parser_is_stopped_by_the_timeout(store, tmp_path):
    drive = make_drive(tmp_path / "drive", 1)
    write(drive / "hostile.txt", "HANG " * 10)
    t0 = time.monotonic()
    report = Batch(store, options=Options(workers=2, timeout_s=2), worker=hang_on_marker).run([str(drive)])
    assert time.monotonic() - t0 < 30
    got = {Path(f.path).name: f for f in report.files}
    assert got["hostile.txt"].status == "failed" and "longer than 2 s" in got["hostile.txt"].reason
    assert got["report-0.txt"].status == "ingested"


def test_runs_are_recorded_and_listed(store, tmp_path):
    drive = make_drive(tmp_path / "drive", 1)
    (drive / "empty.txt").write_bytes(b"")
    run(store, [drive])
    out = subprocess.run([KB, "--db", str(store.path), "runs", "--json"], capture_output=True, text=True, check=True)
    runs = json.loads(out.stdout)
    assert runs[0]["status"] == "completed"
    assert runs[0]["counts"]["ingested"] == 1 and runs[0]["counts"]["failed"] == 1
    assert runs[0]["failures"][0]["path"].endswith("empty.txt")


def practice_snapshot(db: Path) -> dict:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, title, text, municipality FROM practices ORDER BY id").fetchall()
    vecs = {r[0] for r in conn.execute("SELECT practice_id FROM embeddings")}
    conn.close()
    return {"practices": rows, "vectors": vecs}


@pytest.mark.slow
def test_sigkill_and_resume_gives_the_same_practices(tmp_path, model_dir):
    drive = make_drive(tmp_path / "drive", 60)
    env = {**os.environ, "KB_MODEL": str(model_dir)}
    ref_db, db = tmp_path / "ref.sqlite", tmp_path / "killed.sqlite"
    subprocess.run([KB, "--db", str(ref_db), "ingest", str(drive), "--json"], env=env, check=True,
                   capture_output=True)
    proc = subprocess.Popen([KB, "--db", str(db), "ingest", str(drive), "--json", "--workers", "1"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    committed = 0
    while time.time() < deadline and proc.poll() is None:
        try:
            conn = sqlite3.connect(db, timeout=1)
            committed = conn.execute("SELECT COUNT(*) FROM run_files").fetchone()[0]
            conn.close()
        except sqlite3.Error:
            pass
        if committed >= 10:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed: make the drive bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < committed < 60
    subprocess.run([KB, "--db", str(db), "ingest", str(drive), "--json"], env=env, check=True, capture_output=True)
    ref, got = practice_snapshot(ref_db), practice_snapshot(db)
    assert got["practices"] == ref["practices"]
    assert got["vectors"] == {r[0] for r in got["practices"]}
    # The FAISS index agrees with the database.
    from search.index import load_index

    store = Store(db)
    index = load_index(store, db.with_name(db.name + ".faiss"), model_dir.name)
    assert sorted(index.row_of) == sorted(got["vectors"])


def test_watch_ingests_changes_and_stops_on_sigterm(tmp_path):
    drive = make_drive(tmp_path / "drive", 1)
    db = tmp_path / "watch.sqlite"
    proc = subprocess.Popen([KB, "--db", str(db), "ingest", str(drive), "--watch", "--interval", "1", "--no-embed",
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        def practices_from(name):
            try:
                conn = sqlite3.connect(db, timeout=1)
                n = conn.execute("SELECT COUNT(*) FROM practices WHERE source_path LIKE ?", (f"%{name}",)).fetchone()[0]
                conn.close()
                return n
            except sqlite3.Error:
                return 0

        deadline = time.time() + 60
        while practices_from("report-0.txt") == 0 and time.time() < deadline:
            time.sleep(0.2)
        write(drive / "karditsa" / "later.txt", GREEK_REPORT.format(n=7))
        while practices_from("later.txt") == 0 and time.time() < deadline:
            time.sleep(0.2)
        assert practices_from("later.txt") > 0
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert out.count('"totals"') >= 2


def test_office_lock_files_and_os_metadata_are_not_documents(store, tmp_path):
    drive = make_drive(tmp_path / "drive", 1)
    for name in ("~$report-0.docx", ".DS_Store", "Thumbs.db", "._report-0.txt"):
        (drive / "karditsa" / name).write_bytes(b"\0\1junk")
    report = run(store, [drive])
    assert statuses(report) == {"report-0.txt": "ingested"}


def test_a_knowledge_base_inside_the_ingested_folder_is_not_read(tmp_path):
    """kb.sqlite, its -wal/-shm/-journal files and the FAISS index files are skipped by the walk (issue 9)."""
    docs = tmp_path / "drive"
    docs.mkdir()
    (docs / "note.txt").write_text("Το Κέντρο Κοινότητας εξυπηρέτησε 640 ωφελούμενους.", encoding="utf-8")
    con = sqlite3.connect(docs / "kb.sqlite")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t(x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()  # the connection stays open: kb.sqlite-wal and kb.sqlite-shm exist now
    for name in ("kb.sqlite.faiss", "kb.sqlite.faiss.head", "kb.sqlite.faiss.json", "kb.sqlite.faiss.tmp123",
                 "old.sqlite3", "old.sqlite-journal"):
        (docs / name).write_bytes(b"\x00\x01binary")
    assert (docs / "kb.sqlite-wal").exists() and (docs / "kb.sqlite-shm").exists()
    found = [os.path.basename(f.real) for f in batch_mod.walk([str(docs)])]
    con.close()
    assert found == ["note.txt"]
    # documents whose names only look alike are still read
    assert not batch_mod.is_system_file("sqlite-guide.pdf") and not batch_mod.is_system_file("faiss notes.docx")

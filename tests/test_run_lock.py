"""One ingestion run at a time per database (kb.runs): a second run is refused with a clear reason
while the first holds the lock, runs again once it is released, and a killed run leaves no lock."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from conftest import ROOT, write_drive

from ingest.batch import Batch, Options
from kb.runs import RunLocked
from kb.store import Store

DOC = "# Μαθήματα ελληνικών\n\nΟ Δήμος οργανώνει μαθήματα ελληνικών για πρόσφυγες από το 2019.\n"


def test_a_second_run_waits_for_the_first(tmp_path):
    drive = write_drive(tmp_path / "drive", {"a/doc.md": DOC})
    first, second = Store(tmp_path / "kb.sqlite"), Store(tmp_path / "kb.sqlite")
    run_id = first.start_run({"paths": [str(drive)]})  # a run in progress (another process, in effect)
    with pytest.raises(RunLocked, match="another ingestion run"):
        Batch(second, options=Options(workers=1)).run([str(drive)])
    assert second.count_practices() == 0
    assert [r["status"] for r in second.runs()] == ["running"]  # the live run is not marked interrupted
    first.finish_run(run_id, {})
    report = Batch(second, options=Options(workers=1)).run([str(drive)])
    assert report.totals["ingested"] == 1


def test_a_killed_run_leaves_no_lock(tmp_path):
    db = tmp_path / "kb.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from kb.store import Store; import time; Store({str(db)!r}).start_run({{}}); "
                               "print('locked', flush=True); time.sleep(60)"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(RunLocked, match=f"process {holder.pid}"):
            Store(db).start_run({})
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    store = Store(db)
    store.start_run({})  # the kernel dropped the dead process's lock
    assert [r["status"] for r in store.runs()] == ["running", "interrupted"]


def test_kb_ingest_beside_a_running_one_says_so(tmp_path):
    drive = write_drive(tmp_path / "drive", {"a/doc.md": DOC})
    holder = Store(tmp_path / "kb.sqlite")
    holder.start_run({})
    out = subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(tmp_path / "kb.sqlite"), "ingest", "--no-embed",
                          str(drive)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and "another ingestion run" in out.stderr and "Traceback" not in out.stderr, out.stderr

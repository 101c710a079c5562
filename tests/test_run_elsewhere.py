"""kb started from a directory other than the checkout, and a run that dies (issue 9's real-world defects)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest.batch import Batch, Options
from kb.store import Store

ROOT = Path(__file__).resolve().parent.parent


def test_default_model_path_does_not_depend_on_the_cwd(tmp_path):
    """Another cwd, no KB_MODEL: the default model folder is still the checkout's data/models/..."""
    code = "from kb.config import default_model; print(default_model())"
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert Path(out).is_absolute()
    assert Path(out) == ROOT / "data" / "models" / "multilingual-e5-small"


def test_an_explicit_model_setting_still_wins(monkeypatch):
    from kb import config

    monkeypatch.setenv("KB_MODEL", "some/where")
    assert config.default_model() == "some/where"


class _NoModel:
    def __init__(self, store):
        raise RuntimeError("embedding model not found at data/models/multilingual-e5-small")


def test_a_run_that_dies_is_not_left_running(tmp_path):
    drive = tmp_path / "drive" / "karditsa"
    drive.mkdir(parents=True)
    (drive / "report.txt").write_text(
        "ΜΑΘΗΜΑΤΑ ΕΛΛΗΝΙΚΗΣ ΓΛΩΣΣΑΣ\n\nΤο Κέντρο Ένταξης οργανώνει μαθήματα ελληνικής γλώσσας για ενήλικες "
        "πρόσφυγες, με παιδότοπο για τα παιδιά.\n", encoding="utf-8")
    store = Store(tmp_path / "kb.sqlite")
    try:
        batch = Batch(store, options=Options(workers=1), indexer_factory=lambda: _NoModel(store))
        with pytest.raises(RuntimeError, match="embedding model not found"):
            batch.run([str(tmp_path / "drive")])
        run = store.runs()[0]
        assert run["status"] == "failed" and run["ended"]
        assert run["counts"].get("ingested", 0) + run["counts"].get("failed", 0) >= 1
    finally:
        store.close()

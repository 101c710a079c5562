"""Shared fixtures. The embedding model is built (if needed) and loaded once per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent

# CI installs every system tool the tests use (tesseract, LibreOffice, Chromium, fonts, axe-core) and
# sets KB_REQUIRE_SYSTEM_DEPS=1 (.ci/run): there a test that would skip for a missing tool fails
# instead, so a failed apt-get or npm cannot leave `make test` green with those tests unrun (issue 10).
REQUIRE_SYSTEM_DEPS = os.environ.get("KB_REQUIRE_SYSTEM_DEPS", "").strip() not in ("", "0")


def _required(report) -> None:
    if REQUIRE_SYSTEM_DEPS and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"KB_REQUIRE_SYSTEM_DEPS is set, so this may not skip: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _required(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _required(outcome.get_result())
MODEL_DIR = ROOT / "data" / "models" / "multilingual-e5-small"


@pytest.fixture(scope="session")
def model_dir() -> Path:
    from search.modelbuild import build_model

    return build_model(MODEL_DIR)


@pytest.fixture(scope="session")
def embedder(model_dir):
    from search.embed import get_embedder

    return get_embedder(str(model_dir))


def write_drive(folder: Path, docs: dict[str, str]) -> Path:
    """Write {relative path: text} under folder, as a shared drive would hold them."""
    for rel, text in docs.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return folder


def ingest_drive(store, folder: Path, indexer):
    """Ingest a folder into store with the given indexer; every file must be read."""
    from ingest.batch import Batch, Options

    report = Batch(store, options=Options(workers=2), indexer_factory=lambda: indexer).run([str(folder)])
    assert report.totals["failed"] == 0, report.to_dict()
    return report

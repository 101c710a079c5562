"""Shared fixtures. The embedding model is built (if needed) and loaded once per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
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

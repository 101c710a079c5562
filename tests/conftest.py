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

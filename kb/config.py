"""Where things live and the limits that apply, read from the environment.

Every path can be set per command (`--db`) or through the environment:
KB_DB (database, default data/kb.sqlite), KB_MODEL (a sentence-transformers
model name or folder, default the multilingual-e5-small folder that
`make model` writes), KB_MAX_FILE_MB (largest file ingested, default 50),
KB_MODELS_DIR (a folder of learned models, `segment.json` and `axes.npz`, that
`kb train --out` writes; default: the models shipped in the packages).
The FAISS index and uploaded originals sit beside the database.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB = Path("data") / "kb.sqlite"
# The checkout (or installed tree) that holds kb/: the model folder that `make model` / `kb model`
# writes lives there, so the default must not depend on the directory kb is started from (issue 9:
# a run started elsewhere read every file, then died with "embedding model not found").
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_DIR = PROJECT_ROOT / "data" / "models" / "multilingual-e5-small"


def default_db() -> Path:
    return Path(os.environ.get("KB_DB") or DEFAULT_DB)


def default_model() -> str:
    return os.environ.get("KB_MODEL") or str(DEFAULT_MODEL_DIR)


def default_models_dir() -> Path | None:
    value = os.environ.get("KB_MODELS_DIR")
    return Path(value) if value else None


@dataclass
class Settings:
    db_path: Path = field(default_factory=default_db)
    model: str = field(default_factory=default_model)
    max_file_mb: float = field(default_factory=lambda: float(os.environ.get("KB_MAX_FILE_MB") or 50))
    file_timeout_s: float = field(default_factory=lambda: float(os.environ.get("KB_FILE_TIMEOUT") or 120))
    models_dir: Path | None = field(default_factory=default_models_dir)

    @property
    def index_path(self) -> Path:
        return self.db_path.with_name(self.db_path.name + ".faiss")

    @property
    def uploads_dir(self) -> Path:
        return self.db_path.with_name(self.db_path.name + ".uploads")

"""Named extension points, resolved through entry points so that lower layers never import higher ones.

`praxis.indexer`: a callable (store, model, models_dir=None) -> object with run() -> int that
embeds and links pending practices; search provides it, ingest uses it.
"""
from __future__ import annotations

from importlib.metadata import entry_points


def load(group: str, name: str = "default"):
    for ep in entry_points(group=group):
        if ep.name == name:
            return ep.load()
    raise LookupError(f"no {group} plugin named {name!r}: is Praxis installed (`make install`)?")


def indexer_factory(store, model: str, models_dir=None):
    """A zero-argument factory for the configured indexer (built, and the model loaded, only when called);
    `models_dir` overrides the shipped learned models (the MoU axis classifier)."""
    make = load("praxis.indexer")
    return lambda: make(store, model, models_dir=models_dir)

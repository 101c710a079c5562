"""What one web application holds for its lifetime: the settings, one Store, one Searcher, one Indexer.

The Searcher loads the embedding model on first use (seconds), so it is made
once per application and shared by every request. The Indexer (embedding and
axis linking of submissions and edits) shares its embedder; the axis
prototypes are embedded once per process, and the coordinators' confirmed
examples are read afresh for every use, so a confirmation counts at once.
"""
from __future__ import annotations

import dataclasses
import threading

from flask import current_app

from kb.config import Settings
from kb.store import Store
from search.hybrid import Searcher
from search.indexer import Indexer


_axis_models: dict[tuple[str, str], object] = {}  # (embedder, models dir) -> axis model (prototypes are slow)
_axis_lock = threading.Lock()


class WebIndexer(Indexer):
    def axis_model(self):
        with _axis_lock:
            key = (self.embedder.name, str(self.models_dir or ""))
            base = _axis_models.get(key)
            if base is None:
                base = _axis_models[key] = super().axis_model()
        return dataclasses.replace(base, examples=self.confirmed_examples())


class Praxis:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = Store(settings.db_path)
        self.searcher = Searcher(self.store, model=settings.model, index_path=settings.index_path)
        self._indexer: WebIndexer | None = None
        self._lock = threading.Lock()

    def indexer(self) -> WebIndexer:
        with self._lock:
            if self._indexer is None:
                self._indexer = WebIndexer(self.store, self.settings.model, embedder=self.searcher.embedder,
                                           index_path=self.settings.index_path, models_dir=self.settings.models_dir)
            return self._indexer

    def axis_model(self):
        return self.indexer().axis_model()


def praxis() -> Praxis:
    return current_app.extensions["praxis"]

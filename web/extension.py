"""What one web application holds for its lifetime: the settings, one Store, one Searcher, one Indexer.

The Searcher loads the embedding model on first use (seconds), so it is made
once per application and shared by every request. The Indexer (embedding and
axis linking of submissions and edits) shares its embedder; the MoU axes model
is a small file read once and again whenever `kb axes retrain` replaces it.
"""
from __future__ import annotations

import threading

from flask import current_app

from kb.config import Settings
from kb.store import Store
from search.hybrid import Searcher
from search.indexer import Indexer


class WebIndexer(Indexer):
    """The application's Indexer (kept as a name of its own for the web layer and its tests)."""


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

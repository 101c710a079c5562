"""The keyword index of the store: an FTS5 table of folded titles, texts and concept tokens.

Its columns hold Greek-folded text (see kb.fold): SQLite's unicode61 tokenizer
does not fold Greek accents or final sigma by itself, so both stored text and
queries are folded first. A third column holds the bilingual concept tokens a
practice mentions (kb.vocab: programmes, target groups, themes, domain terms),
so that a query naming a concept in one language finds practices that name it
in the other. When the concepts change (a new glossary), the index is rebuilt
on opening.
"""
from __future__ import annotations

import sqlite3

from kb.fold import fold
from kb.vocab import concept_tokens, concepts_signature


class KeywordIndex:
    """Mixed into kb.store.Store: the practices_fts table, kept beside the practices."""

    def _migrate_fts(self) -> None:
        tables = self.db.table_names()
        if "practices_fts" in tables and "terms" not in self.db["practices_fts"].columns_dict:
            self.execute("DROP TABLE practices_fts")  # from before concept tokens: rebuilt below
            self.set_meta("fts_concepts", "")
        if "practices_fts" not in self.db.table_names():
            self.execute(
                "CREATE VIRTUAL TABLE practices_fts USING fts5("
                "practice_id UNINDEXED, title, body, terms, tokenize = 'unicode61 remove_diacritics 2')"
            )
        if self.get_meta("fts_concepts") != concepts_signature():
            self._reindex_fts()

    def _index_fts(self, pid: str, title: str, text: str) -> None:
        """Index folded title and text, and the bilingual concept tokens they mention, under the
        practice's own rowid (rows found by id without a scan; search.catalog's bitmaps are over rowids)."""
        self.execute(
            "INSERT INTO practices_fts(rowid, practice_id, title, body, terms) "
            "VALUES ((SELECT rowid FROM practices WHERE id = ?), ?, ?, ?, ?)",
            (pid, pid, fold(title), fold(text), " ".join(concept_tokens(f"{title}\n{text}"))),
        )

    def _unindex_fts(self, pid: str) -> None:
        """Drop a practice's keyword-index row by rowid (a WHERE on the UNINDEXED id column scans them all)."""
        self.execute("DELETE FROM practices_fts WHERE rowid = (SELECT rowid FROM practices WHERE id = ?)", (pid,))

    def _reindex_fts(self) -> None:
        """Rebuild the keyword index from the practices (new concepts, or a database from before them)."""
        self.execute("DELETE FROM practices_fts")
        for pid, title, text in self.conn.execute("SELECT id, title, text FROM practices").fetchall():
            self._index_fts(pid, title or "", text or "")
        self.set_meta("fts_concepts", concepts_signature())

    def fts_search(self, match: str, limit: int = 100) -> list[tuple[str, float]]:
        """Run an FTS5 MATCH expression over folded title/body and concept tokens; best first as (id, score).

        Column weights: a title word counts three times a text word or a concept token."""
        if not match:
            return []
        try:
            rows = self.conn.execute(
                "SELECT practice_id, bm25(practices_fts, 0.0, 3.0, 1.0, 1.0) AS s FROM practices_fts "
                "WHERE practices_fts MATCH ? ORDER BY s LIMIT ?",
                (match, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            from kb.store import StoreError  # the store's error, raised from its own method

            raise StoreError(f"bad keyword query: {exc}") from exc
        return [(pid, -s) for pid, s in rows]

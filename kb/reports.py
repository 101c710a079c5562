"""Read-only questions the web and the CLI ask the store, as named methods (issue 10: SQL lives in kb/).

A mixin of kb.store.Store: counts per MoU axis and per municipality × axis (published practices
only), title suggestions, whether a document may be downloaded, and the documents whose files are
all gone (for `kb prune`).
"""
from __future__ import annotations


class Reports:
    def axis_counts(self) -> dict[int, int]:
        """Published practices linked to each MoU axis (1 to 8, zero included)."""
        counts = {n: 0 for n in range(1, 9)}
        for axis, n in self.execute(
            "SELECT pa.axis, COUNT(DISTINCT pa.practice_id) FROM practice_axes pa JOIN practices p "
            "ON p.id = pa.practice_id WHERE p.review_state = 'published' GROUP BY pa.axis"
        ).fetchall():
            counts[int(axis)] = int(n)
        return counts

    def coverage_counts(self) -> tuple[dict[str, int], dict[tuple[str, int], int]]:
        """Published practices per municipality, and per (municipality, axis)."""
        totals = dict(self.execute(
            "SELECT municipality, COUNT(*) FROM practices WHERE review_state = 'published' AND municipality <> '' "
            "GROUP BY municipality"
        ).fetchall())
        cells = {(muni, int(axis)): int(n) for muni, axis, n in self.execute(
            "SELECT p.municipality, pa.axis, COUNT(DISTINCT p.id) FROM practices p JOIN practice_axes pa "
            "ON pa.practice_id = p.id WHERE p.review_state = 'published' AND p.municipality <> '' "
            "GROUP BY p.municipality, pa.axis"
        )}
        return totals, cells

    def suggest_titles(self, match: str, limit: int = 8) -> list[dict]:
        """Published practices whose folded title matches an FTS5 expression, best first."""
        return self.rows(
            "SELECT p.id, p.title, p.municipality FROM practices_fts f JOIN practices p ON p.id = f.practice_id "
            "WHERE practices_fts MATCH ? AND p.review_state = 'published' ORDER BY bm25(practices_fts) LIMIT ?",
            (match, limit),
        )

    def has_practices(self, doc_id: int) -> bool:
        return self.execute("SELECT 1 FROM practices WHERE document_id = ? LIMIT 1", (doc_id,)).fetchone() is not None

    def document_is_published(self, doc_id: int) -> bool:
        """True when at least one of the document's practices is published."""
        return self.execute(
            "SELECT 1 FROM practices WHERE document_id = ? AND review_state = 'published' LIMIT 1", (doc_id,)
        ).fetchone() is not None

    def vanished_documents(self) -> list[dict]:
        """Documents that had files on the drive and have none left: [{"id", "original", "practices"}]."""
        docs = self.rows(
            "SELECT d.id, d.original FROM documents d WHERE EXISTS (SELECT 1 FROM paths p WHERE p.document_id=d.id) "
            "AND NOT EXISTS (SELECT 1 FROM paths p WHERE p.document_id=d.id AND p.missing=0)"
        )
        for d in docs:
            d["practices"] = self.rows("SELECT id, title FROM practices WHERE document_id=?", (d["id"],))
        return docs

    def remove_document(self, doc_id: int) -> None:
        """A document with its practices and paths (inside the caller's transaction)."""
        for (pid,) in self.execute("SELECT id FROM practices WHERE document_id=?", (doc_id,)).fetchall():
            self.delete_practice(pid)
        self.execute("DELETE FROM paths WHERE document_id=?", (doc_id,))
        self.execute("DELETE FROM documents WHERE id=?", (doc_id,))

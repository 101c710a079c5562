"""The queries search needs at scale, as a mixin of kb.store.Store (kept apart so store.py stays readable).

Vectors since a version (the FAISS index takes in only what changed), the filter
and facet columns of every practice in one pass (search.catalog keeps them in
memory as arrays over rowids), and a keyword search among a few ids (a rare
filter). The catalog_version counter is bumped by triggers on every change to a
practice's filter columns or axes, whoever writes them; those triggers and the
indexes these queries use are made by kb.schema's step 6.
"""
from __future__ import annotations

import sqlite3

import numpy as np


class SearchQueries:
    """Mixed into kb.store.Store, whose conn, execute, rows_in and get_meta these use."""

    conn: sqlite3.Connection

    def fts_rows(self, ids: list[str]) -> list[dict]:
        """The keyword-index rows (folded title, body, ...) of these practices, found by rowid."""
        return list(self.rows_in("SELECT * FROM practices_fts WHERE rowid IN "
                                 "(SELECT rowid FROM practices WHERE id IN ({marks}))", ids))

    def vector_rows(self, model: str, since: int | None = None) -> dict:
        """Vectors of `model` (written after version `since`, when given) with what the index needs:
        {"rowids": practice rowids (int64), "ids", "languages", "vectors", "heads", "passages"} (a missing
        head is the text vector; "passages" is (for each passage vector, the position of its practice in
        these rows; the passage vectors stacked))."""
        sql = ("SELECT p.rowid, e.practice_id, p.language, e.vector, COALESCE(e.head, e.vector), e.passages "
               "FROM embeddings e CROSS JOIN practices p ON p.id = e.practice_id WHERE e.model = ?")
        params: tuple = (model,)
        if since is not None:  # embeddings first (CROSS JOIN), by the version index ("+e.model": not the model's)
            sql = sql.replace("WHERE e.model = ?", "WHERE +e.model = ?") + " AND e.version > ?"
            params += (since,)
        rows = self.conn.execute(sql + " ORDER BY p.rowid", params).fetchall()
        dim = len(rows[0][3]) // 4 if rows else 0

        def matrix(col: int) -> np.ndarray:
            return np.frombuffer(b"".join(r[col] for r in rows), dtype=np.float32).reshape(len(rows), dim)

        owners = [i for i, r in enumerate(rows) for _ in range(len(r[5] or b"") // (4 * dim or 1))]
        passages = np.frombuffer(b"".join(r[5] or b"" for r in rows), dtype=np.float32).reshape(len(owners), dim)
        return {"rowids": np.array([r[0] for r in rows], dtype=np.int64), "ids": [r[1] for r in rows],
                "languages": [r[2] or "*" for r in rows], "vectors": matrix(3), "heads": matrix(4),
                "passages": (owners, passages)}

    def count_vectors(self, model: str) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM embeddings WHERE model = ?", (model,)).fetchone()[0]

    def vector_ids(self, model: str) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT practice_id FROM embeddings WHERE model = ?", (model,))]

    def rowids_match(self, pairs: list[tuple[str, int]]) -> bool:
        """Whether each (practice id, rowid) pair still holds (a VACUUM may renumber rowids); a practice
        deleted since does not count against it (syncing the index removes it)."""
        got = {r["id"]: r["rowid"] for r in self.rows_in("SELECT id, rowid FROM practices WHERE id IN ({marks})",
                                                         [p for p, _ in pairs])}
        return all(got.get(p, rowid) == rowid for p, rowid in pairs)

    def catalog_version(self) -> int:
        return int(self.get_meta("catalog_version", "0"))

    def catalog_rows(self) -> list[tuple]:
        """(rowid, id, municipality, language, status, start_year, published) of every practice."""
        return self.conn.execute(
            "SELECT rowid, id, municipality, language, status, start_year, review_state = 'published' FROM practices"
        ).fetchall()

    def catalog_labels(self) -> list[tuple]:
        """(kind, value, "rowid,rowid,..."): the practices holding each target group, service and MoU axis.
        Grouped in SQL: at 100,000 practices, 0.7 s against 2.1 s for one row per label read into Python."""
        return self.conn.execute(
            "SELECT 'target_group', j.value, group_concat(p.rowid) FROM practices p, json_each(p.target_groups) j "
            "GROUP BY j.value "
            "UNION ALL SELECT 'service', j.value, group_concat(p.rowid) FROM practices p, json_each(p.services) j "
            "GROUP BY j.value "
            "UNION ALL SELECT 'axis', a.axis, group_concat(p.rowid) FROM practice_axes a "
            "JOIN practices p ON p.id = a.practice_id GROUP BY a.axis"
        ).fetchall()

    def fts_scores(self, match: str) -> tuple[np.ndarray, np.ndarray]:
        """Every practice matching an FTS5 expression: (rowids, scores), higher better, unsorted.

        For filtered searches: the caller keeps the rows its rowid bitmap allows and sorts those. At
        100,000 practices this took 60-230 ms under load where `practice_id IN (...)` took 105-310 ms
        (FTS5 reads the unindexed id of every match) and `rowid IN (...)` up to 3.8 s."""
        import sqlite3 as _sqlite3

        from kb.store import StoreError

        try:
            rows = self.conn.execute("SELECT rowid, bm25(practices_fts, 0.0, 3.0, 1.0, 1.0) FROM practices_fts "
                                     "WHERE practices_fts MATCH ?", (match,)).fetchall()
        except _sqlite3.OperationalError as exc:
            raise StoreError(f"bad keyword query: {exc}") from exc
        arr = np.array(rows, dtype=np.float64).reshape(-1, 2)
        return arr[:, 0].astype(np.int64), -arr[:, 1]

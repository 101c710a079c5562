"""The change history of practices: who changed which field, when, from what to what, and why.

Every change a coordinator makes through the web interface (approve, return,
edit, confirm MoU axes, submit) is one row per field. Values are stored as
text; lists (target groups, axes) as JSON. Call `record` inside the same
transaction as the change it describes, so that neither exists without the
other. The table is created on first use.
"""
from __future__ import annotations

import json

from kb.store import Store, now


def ensure_table(store: Store) -> None:
    store.execute(
        "CREATE TABLE IF NOT EXISTS history ("
        "id INTEGER PRIMARY KEY, practice_id TEXT NOT NULL, user TEXT NOT NULL, time TEXT NOT NULL, "
        "field TEXT NOT NULL, before TEXT, after TEXT, comment TEXT NOT NULL DEFAULT '')"
    )
    store.execute("CREATE INDEX IF NOT EXISTS history_practice ON history(practice_id, id)")


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def record(store: Store, practice_id: str, user: str, field: str, before=None, after=None, comment: str = "") -> None:
    ensure_table(store)
    store.execute(
        "INSERT INTO history(practice_id, user, time, field, before, after, comment) VALUES (?,?,?,?,?,?,?)",
        (practice_id, user, now(), field, _text(before), _text(after), comment or ""),
    )


def for_practice(store: Store, practice_id: str) -> list[dict]:
    """The practice's changes, newest first."""
    ensure_table(store)
    return store.rows("SELECT * FROM history WHERE practice_id = ? ORDER BY id DESC", (practice_id,))


def last(store: Store, practice_id: str, field: str) -> dict | None:
    """The latest change of one field (e.g. the comment of the last 'review_state' change)."""
    ensure_table(store)
    rows = store.rows(
        "SELECT * FROM history WHERE practice_id = ? AND field = ? ORDER BY id DESC LIMIT 1", (practice_id, field)
    )
    return rows[0] if rows else None

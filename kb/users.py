"""Accounts: who may log in to the web interface, and in which role.

Roles, each including the ones before it: viewer (reads, sees contact
details), coordinator (reviews, edits, tags and submits practices), admin.
Passwords are stored as werkzeug hashes (scrypt). After MAX_FAILURES wrong
passwords in a row an account is locked for LOCK_SECONDS, whatever password
is tried next; a good login resets the count. The `users` table is created on
first use in the store's database, so older databases need no migration.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from werkzeug.security import check_password_hash, generate_password_hash

from kb.store import Store, now

ROLES = ("viewer", "coordinator", "admin")
MAX_FAILURES = 5
LOCK_SECONDS = 300
MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
# Checked when the user does not exist, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password of anyone")


class UserError(ValueError):
    pass


class LockedOut(Exception):
    def __init__(self, until: str):
        super().__init__(f"account locked until {until}")
        self.until = until


def ensure_table(store: Store) -> None:
    store.execute(
        "CREATE TABLE IF NOT EXISTS users ("
        "id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE, password_hash TEXT NOT NULL, "
        "role TEXT NOT NULL CHECK (role IN ('viewer', 'coordinator', 'admin')), created TEXT NOT NULL, "
        "failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT)"
    )


def role_rank(role: str | None) -> int:
    return ROLES.index(role) + 1 if role in ROLES else 0


def has_role(user: dict | None, role: str) -> bool:
    """True when the user's role is `role` or above it."""
    return bool(user) and role_rank(user["role"]) >= role_rank(role)


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise UserError(f"the password must be at least {MIN_PASSWORD} characters long")


def get_user(store: Store, username: str) -> dict | None:
    ensure_table(store)
    rows = store.rows("SELECT * FROM users WHERE username = ?", (username,))
    return rows[0] if rows else None


def add_user(store: Store, username: str, password: str, role: str = "viewer") -> dict:
    username = (username or "").strip()
    if not _USERNAME.match(username):
        raise UserError("a username is 2 to 64 letters, digits or . _ @ -")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    _check_password(password)
    ensure_table(store)
    with store.transaction():
        if get_user(store, username):
            raise UserError(f"user {username!r} already exists")
        store.execute(
            "INSERT INTO users(username, password_hash, role, created) VALUES (?, ?, ?, ?)",
            (username, generate_password_hash(password), role, now()),
        )
    return get_user(store, username)


def set_password(store: Store, username: str, password: str) -> None:
    _check_password(password)
    ensure_table(store)
    cur = store.execute(
        "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE username = ?",
        (generate_password_hash(password), username),
    )
    if not cur.rowcount:
        raise UserError(f"no user {username!r}")


def set_role(store: Store, username: str, role: str) -> None:
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    ensure_table(store)
    if not store.execute("UPDATE users SET role = ? WHERE username = ?", (role, username)).rowcount:
        raise UserError(f"no user {username!r}")


def list_users(store: Store) -> list[dict]:
    ensure_table(store)
    return store.rows(
        "SELECT username, role, created, failed_logins, locked_until FROM users ORDER BY username"
    )


def authenticate(store: Store, username: str, password: str, *, at: datetime | None = None) -> dict | None:
    """The user when the password is right; None when not; LockedOut while the account is locked."""
    at = at or datetime.now(timezone.utc)
    user = get_user(store, (username or "").strip()) if username else None
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if user["locked_until"]:
        until = datetime.fromisoformat(user["locked_until"])
        if until > at:
            raise LockedOut(user["locked_until"])
    if check_password_hash(user["password_hash"], password or ""):
        store.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", (user["id"],))
        return get_user(store, user["username"])
    failures = user["failed_logins"] + 1
    locked = None
    if failures >= MAX_FAILURES:
        locked = (at + timedelta(seconds=LOCK_SECONDS)).isoformat(timespec="seconds")
        failures = 0
    store.execute("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?", (failures, locked, user["id"]))
    if locked:
        raise LockedOut(locked)
    return None


"""Accounts: who may log in to the web interface, and in which role.

Roles, each including the ones before it: viewer (reads, sees contact
details), coordinator (reviews, edits, tags and submits practices), admin.
Passwords are stored as werkzeug hashes (scrypt). After MAX_FAILURES wrong
passwords in a row a name is locked for LOCK_SECONDS, whatever password is
tried next; a good login resets the count. Failures are counted per name,
whether an account has it or not, so the answers (and their timing: a hash is
checked either way) are the same for a real account and an unknown name; the
count is one atomic UPSERT, so parallel guesses cannot lose failures (issue 10).
The tables are created on first use in the store's database, so older
databases need no migration.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta, timezone

from werkzeug.security import check_password_hash, generate_password_hash

from kb import log
from kb.store import Store, now

LOG = log.get("users")

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
    store.execute(
        "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, username TEXT NOT NULL COLLATE NOCASE, "
        "created TEXT NOT NULL)"
    )
    store.execute(
        "CREATE TABLE IF NOT EXISTS login_failures (name TEXT PRIMARY KEY COLLATE NOCASE, "
        "failures INTEGER NOT NULL DEFAULT 0, locked_until TEXT)"
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
    LOG.info("account added: %r as %s", username, role)
    return get_user(store, username)


def set_password(store: Store, username: str, password: str) -> None:
    _check_password(password)
    ensure_table(store)
    with store.transaction():
        cur = store.execute(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE username = ?",
            (generate_password_hash(password), username),
        )
        if not cur.rowcount:
            raise UserError(f"no user {username!r}")
        store.execute("DELETE FROM login_failures WHERE name = ?", (username,))
        store.execute("DELETE FROM sessions WHERE username = ?", (username,))  # every session ends
    LOG.info("password changed: %r (its sessions ended)", username)


def set_role(store: Store, username: str, role: str) -> None:
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    ensure_table(store)
    before = get_user(store, username)
    if not store.execute("UPDATE users SET role = ? WHERE username = ?", (role, username)).rowcount:
        raise UserError(f"no user {username!r}")
    LOG.info("role changed: %r from %s to %s", username, before["role"] if before else "?", role)


def list_users(store: Store) -> list[dict]:
    ensure_table(store)
    return store.rows(
        "SELECT u.username, u.role, u.created, COALESCE(f.failures, 0) AS failed_logins, f.locked_until "
        "FROM users u LEFT JOIN login_failures f ON f.name = u.username ORDER BY u.username"
    )


def failures(store: Store, username: str) -> int:
    """Wrong passwords in a row for this name (since the last good login or lock)."""
    ensure_table(store)
    row = store.execute("SELECT failures FROM login_failures WHERE name = ?", (username.strip(),)).fetchone()
    return row[0] if row else 0


def authenticate(store: Store, username: str, password: str, *, at: datetime | None = None) -> dict | None:
    """The user when the password is right; None when not; LockedOut while the name is locked.

    A real account and an unknown name go through the same steps: the lock is looked up by name, a
    password hash is checked (a dummy one for an unknown name), and a failure is counted by name."""
    at = at or datetime.now(timezone.utc)
    name = (username or "").strip()[:64]
    ensure_table(store)
    user = get_user(store, name) if name else None
    ok = check_password_hash(user["password_hash"] if user else _DUMMY_HASH, password or "") and user is not None
    row = store.execute("SELECT locked_until FROM login_failures WHERE name = ?", (name,)).fetchone()
    if row and row[0] and datetime.fromisoformat(row[0]) > at:
        raise LockedOut(row[0])
    if ok:
        store.execute("DELETE FROM login_failures WHERE name = ?", (name,))
        return user
    locked = None
    with store.transaction():
        count = store.execute(
            "INSERT INTO login_failures(name, failures) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET "
            "failures = failures + 1, locked_until = NULL RETURNING failures", (name,)
        ).fetchone()[0]
        if count >= MAX_FAILURES:
            locked = (at + timedelta(seconds=LOCK_SECONDS)).isoformat(timespec="seconds")
            store.execute("UPDATE login_failures SET failures = 0, locked_until = ? WHERE name = ?", (locked, name))
            LOG.warning("login locked: %r until %s after %d failures", name, locked, count)
        # Names whose lock has passed and that failed no more since: forgotten (unknown names pile up).
        store.execute("DELETE FROM login_failures WHERE failures = 0 AND locked_until < ?",
                      (at.isoformat(timespec="seconds"),))
    if locked:
        raise LockedOut(locked)
    return None


# -- sessions: kept server-side, so that logging out ends them (issue 10) -----------------------------
# The cookie carries a random token; the table holds only its SHA-256 (a copy of the database opens
# no session). A copied cookie is refused once its session is closed (logout, new password) or older
# than the absolute lifetime, however often it was used.


def _session_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(store: Store, username: str, max_age_s: float = 12 * 3600) -> str:
    """A new session for the user; returns the token for the cookie. Sessions past max_age_s go."""
    ensure_table(store)
    token = secrets.token_urlsafe(32)
    expired = (datetime.now(timezone.utc) - timedelta(seconds=max_age_s)).isoformat(timespec="seconds")
    with store.transaction():
        store.execute("DELETE FROM sessions WHERE created < ?", (expired,))
        store.execute("INSERT INTO sessions(id, username, created) VALUES (?, ?, ?)",
                      (_session_key(token), username, now()))
    return token


def session_user(store: Store, token: str, max_age_s: float, *, at: datetime | None = None) -> str | None:
    """The username of an open session younger than max_age_s; None otherwise (an old one is closed)."""
    if not token:
        return None
    ensure_table(store)
    row = store.execute("SELECT username, created FROM sessions WHERE id = ?", (_session_key(token),)).fetchone()
    if row is None:
        return None
    at = at or datetime.now(timezone.utc)
    if datetime.fromisoformat(row[1]) + timedelta(seconds=max_age_s) <= at:
        close_session(store, token)
        return None
    return row[0]


def close_session(store: Store, token: str) -> None:
    if token:
        ensure_table(store)
        store.execute("DELETE FROM sessions WHERE id = ?", (_session_key(token),))

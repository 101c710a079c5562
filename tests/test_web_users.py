"""Accounts (kb.users), the change history (kb.history) and the `kb user` commands; no model needed."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from kb import history, users
from kb.cli import cli, load_plugins
from kb.store import Store

PASSWORD = "a long enough password"


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "kb.sqlite")
    yield s
    s.close()


def test_add_and_authenticate(store):
    users.add_user(store, "maria", PASSWORD, "coordinator")
    user = users.authenticate(store, "maria", PASSWORD)
    assert user["role"] == "coordinator" and user["password_hash"] != PASSWORD
    assert users.authenticate(store, "MARIA", PASSWORD)["username"] == "maria"  # names ignore case
    assert users.authenticate(store, "maria", "wrong") is None
    assert users.authenticate(store, "nobody", PASSWORD) is None
    with pytest.raises(users.UserError):
        users.add_user(store, "maria", PASSWORD)
    with pytest.raises(users.UserError):
        users.add_user(store, "x y", PASSWORD)
    with pytest.raises(users.UserError):
        users.add_user(store, "short", "1234")
    with pytest.raises(users.UserError):
        users.add_user(store, "root", PASSWORD, "god")
    assert [u["username"] for u in users.list_users(store)] == ["maria"]
    assert "password_hash" not in users.list_users(store)[0]


def test_roles_include_lower_ones():
    assert users.has_role({"role": "admin"}, "coordinator")
    assert users.has_role({"role": "coordinator"}, "viewer")
    assert not users.has_role({"role": "viewer"}, "coordinator")
    assert not users.has_role(None, "viewer")


def test_lock_after_five_failures(store):
    users.add_user(store, "nikos", PASSWORD)
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    for _ in range(users.MAX_FAILURES - 1):
        assert users.authenticate(store, "nikos", "wrong", at=t0) is None
    with pytest.raises(users.LockedOut):
        users.authenticate(store, "nikos", "wrong", at=t0)
    with pytest.raises(users.LockedOut):  # even the right password, while locked
        users.authenticate(store, "nikos", PASSWORD, at=t0 + timedelta(seconds=60))
    later = t0 + timedelta(seconds=users.LOCK_SECONDS + 1)
    assert users.authenticate(store, "nikos", PASSWORD, at=later) and users.failures(store, "nikos") == 0
    # A new password unlocks at once.
    for _ in range(users.MAX_FAILURES - 1):
        users.authenticate(store, "nikos", "wrong", at=later)
    with pytest.raises(users.LockedOut):
        users.authenticate(store, "nikos", "wrong", at=later)
    users.set_password(store, "nikos", "another long password")
    assert users.authenticate(store, "nikos", "another long password", at=later)


def test_history(store):
    with store.transaction():
        history.record(store, "p1", "maria", "review_state", "submitted", "returned", "λείπουν στοιχεία")
        history.record(store, "p1", "maria", "axes", [1, 2], [2])
    rows = history.for_practice(store, "p1")
    assert [r["field"] for r in rows] == ["axes", "review_state"]  # newest first
    assert rows[0]["before"] == "[1, 2]" and rows[1]["comment"] == "λείπουν στοιχεία"
    assert history.last(store, "p1", "review_state")["after"] == "returned"
    assert history.for_practice(store, "p2") == []


def test_user_commands(tmp_path):
    load_plugins()
    db = str(tmp_path / "kb.sqlite")
    runner = CliRunner()
    r = runner.invoke(cli, ["--db", db, "user", "add", "eleni", "--role", "admin", "--password-stdin"],
                      input=PASSWORD + "\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["--db", db, "user", "add", "kostas"], input="pass one two\npass one two\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["--db", db, "user", "add", "eleni", "--password-stdin"], input=PASSWORD + "\n")
    assert r.exit_code != 0 and "already exists" in r.output
    r = runner.invoke(cli, ["--db", db, "user", "passwd", "kostas", "--password-stdin"], input="new password 1\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["--db", db, "user", "role", "kostas", "coordinator"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["--db", db, "user", "list"])
    assert "eleni" in r.output and "admin" in r.output and "coordinator" in r.output
    store = Store(db)
    assert users.authenticate(store, "kostas", "new password 1")
    r = runner.invoke(cli, ["--db", db, "user", "passwd", "nobody", "--password-stdin"], input="whatever123\n")
    assert r.exit_code != 0

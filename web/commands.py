"""`kb serve` (the web interface) and `kb user add|passwd|list|role` (accounts)."""
from __future__ import annotations

import sys
import threading

import click

from kb import users
from kb.cli import open_store
from kb.config import Settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Requests served at once.")
@click.option("--dev", is_flag=True, help="Flask's development server with reloading, for working on Praxis itself.")
@click.pass_obj
def serve(settings: Settings, host: str, port: int, threads: int, dev: bool) -> None:
    """Serve the web interface and the JSON API (search in Greek and English, review, submissions)."""
    from web import create_app

    open_store(settings).close()  # a clear message when the database is missing or unreadable
    app = create_app(settings)
    px = app.extensions["praxis"]
    # Load the model and the index now, in the background: the first search should not wait for them.
    threading.Thread(target=_warm_up, args=(px,), daemon=True).start()
    click.echo(f"Praxis on http://{host}:{port}/  (database {settings.db_path})")
    if dev:
        app.run(host=host, port=port, debug=True, use_reloader=False)
        return
    from waitress import serve as waitress_serve

    waitress_serve(app, host=host, port=port, threads=threads, ident="praxis",
                   max_request_body_size=max(app.config["MAX_UPLOAD_LENGTH"], app.config["MAX_CONTENT_LENGTH"]))


def _warm_up(px) -> None:
    try:
        px.searcher.index  # noqa: B018 - loads the embedder, then the index
        px.searcher.embedder.encode_query("warm up")
    except Exception as exc:  # the pages say what is wrong when someone searches
        print(f"kb serve: search is not ready: {exc}", file=sys.stderr)


@click.group("user")
def user() -> None:
    """Accounts for the web interface (roles: viewer, coordinator, admin)."""


def _password(password_stdin: bool, username: str) -> str:
    if password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return click.prompt(f"Password for {username}", hide_input=True, confirmation_prompt=True)


@user.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(users.ROLES), default="viewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.pass_obj
def add(settings: Settings, username: str, role: str, password_stdin: bool) -> None:
    """Create an account (the password is asked twice unless --password-stdin)."""
    store = open_store(settings, create=True)
    try:
        users.add_user(store, username, _password(password_stdin, username), role)
    except users.UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"user {username} added ({role})")


@user.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.pass_obj
def passwd(settings: Settings, username: str, password_stdin: bool) -> None:
    """Set a new password (this also unlocks the account and logs out its sessions)."""
    store = open_store(settings)
    if users.get_user(store, username) is None:
        raise click.ClickException(f"no user {username!r}")
    try:
        users.set_password(store, username, _password(password_stdin, username))
    except users.UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"password of {username} changed")


@user.command("role")
@click.argument("username")
@click.argument("role", type=click.Choice(users.ROLES))
@click.pass_obj
def role(settings: Settings, username: str, role: str) -> None:
    """Change an account's role."""
    try:
        users.set_role(open_store(settings), username, role)
    except users.UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{username} is now {role}")


@user.command("list")
@click.pass_obj
def list_(settings: Settings) -> None:
    """Every account with its role."""
    rows = users.list_users(open_store(settings))
    if not rows:
        click.echo("no users yet: add one with `kb user add NAME --role admin`")
    for r in rows:
        locked = f"  locked until {r['locked_until']}" if r["locked_until"] else ""
        click.echo(f"{r['username']:<24} {r['role']:<12} since {r['created']}{locked}")

"""The `kb` command line.

The group and the commands that need only the store live here; the commands
that read documents, search or serve come from the packages that implement
them, registered as `praxis.commands` entry points (as Datasette and
sqlite-utils load their plugins). So `kb` imports nothing from ingest, search
or web, and the layers stay one-way.
"""
from __future__ import annotations

import csv
import json
import sqlite3
import sys
from importlib.metadata import entry_points
from pathlib import Path

import click

from kb import log
from kb.config import Settings, default_db
from kb.redact import redact
from kb.spreadsheet import cell
from kb.store import Store, StoreError

EXPORT_FIELDS = (
    "id", "title", "municipality", "summary", "text", "source", "location", "language", "status",
    "start_year", "target_groups", "services", "partners", "funding", "results", "contact", "axes",
    "review_state", "flags",
)
REDACTED_FIELDS = ("title", "summary", "text", "location", "partners", "funding", "results")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Database file (default: $KB_DB, else data/kb.sqlite).")
@click.version_option(package_name="praxis-kb", prog_name="kb")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """Praxis: good practices of the Cities Network for Integration, searchable in Greek and English."""
    log.configure()
    ctx.obj = Settings(db_path=db_path or default_db())


def open_store(settings: Settings, *, create: bool = False) -> Store:
    try:
        return Store(settings.db_path, create=create)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    except Exception as exc:  # not a database, locked, unreadable
        raise click.ClickException(f"cannot open database {settings.db_path}: {exc}") from None


def export_rows(store: Store, *, contacts: bool = False) -> list[dict]:
    """Published practices as exported; without `contacts`, no contact field and every e-mail address
    and telephone number in the text replaced by a marker (kb.redact), as anonymous web users see them."""
    rows = []
    for p in store.practices("review_state = 'published'"):
        if not contacts:
            p = {**p, **{f: redact(p[f]) for f in REDACTED_FIELDS}, "contact": ""}
        rows.append({
            "id": p["id"], "title": p["title"], "municipality": p["municipality"] or "",
            "summary": p["summary"] or "", "text": p["text"], "source": p["source_path"] or "",
            "location": p["location"] or "", "language": p["language"] or "", "status": p["status"] or "",
            "start_year": p["start_year"], "target_groups": p["target_groups"], "services": p["services"],
            "partners": p["partners"], "funding": p["funding"] or "", "results": p["results"] or "",
            "contact": p["contact"] or "", "axes": [a["axis"] for a in p["axes"]],
            "review_state": p["review_state"], "flags": p["flags"],
        })
    return rows


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write to this file instead of standard output.")
@click.option("--contacts", is_flag=True,
              help="Keep contact details (the contact field, e-mail addresses and telephone numbers in the text).")
@click.pass_obj
def export(settings: Settings, fmt: str, output, contacts: bool) -> None:
    """Every published practice with its fields and MoU axes (strongest first); contact details hidden
    unless --contacts."""
    store = open_store(settings)
    rows = export_rows(store, contacts=contacts)
    if fmt == "jsonl":
        for r in rows:
            output.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(output, fieldnames=EXPORT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: cell(v) for k, v in r.items()})


@cli.command()
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def runs(settings: Settings, limit: int, as_json: bool) -> None:
    """The latest ingestion runs: when, what they counted, and each failure with its reason."""
    store = open_store(settings)
    items = store.runs(limit)
    for r in items:
        r["failures"] = store.run_failures(r["id"])
    if as_json:
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo("no runs yet")
    for r in items:
        c = r["counts"]
        click.echo(f"run {r['id']}  {r['started']} → {r['ended'] or '…'}  {r['status']}  "
                   f"files {c.get('files', 0)}: ingested {c.get('ingested', 0)}, unchanged {c.get('unchanged', 0)}, "
                   f"duplicate {c.get('duplicate', 0)}, failed {c.get('failed', 0)}; practices {c.get('practices', 0)}")
        for f in r["failures"]:
            click.echo(f"    failed  {f['path']}: {f['reason']}")


@cli.command()
@click.option("--apply", is_flag=True, help="Really remove (without it, only list what would go).")
@click.pass_obj
def prune(settings: Settings, apply: bool) -> None:
    """Remove practices whose source files disappeared from the drive (a dry run unless --apply)."""
    store = open_store(settings)
    docs = store.vanished_documents()
    n_practices = 0
    for d in docs:
        n_practices += len(d["practices"])
        click.echo(f"{'removing' if apply else 'would remove'}: {d['original'] or d['id']} "
                   f"({len(d['practices'])} practices)")
    if apply:
        with store.transaction():
            for d in docs:
                store.remove_document(d["id"])
    verb = "removed" if apply else "would remove"
    click.echo(f"{verb} {len(docs)} documents, {n_practices} practices" + ("" if apply else " (dry run: add --apply)"))


@cli.command("backup")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def backup_cmd(settings: Settings, folder: Path) -> None:
    """Copy the database (consistent while the server and ingestion write), its index files, the
    uploads and the secret into a new FOLDER."""
    from kb import backup

    try:
        done = backup.backup(settings, folder)
    except (backup.BackupError, OSError, sqlite3.Error) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backed up {settings.db_path} to {folder}: index files {len(done['index'])}, "
               f"uploads {done['uploads']}, secret {'yes' if done['secret'] else 'no'}")


@cli.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing database.")
@click.pass_obj
def restore_cmd(settings: Settings, folder: Path, force: bool) -> None:
    """Put the backup in FOLDER in place of the database (stop the server first)."""
    from kb import backup

    try:
        done = backup.restore(settings, folder, force=force)
    except (backup.BackupError, OSError, sqlite3.Error) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"restored {folder} to {settings.db_path}: index files {len(done['index'])}, "
               f"uploads {done['uploads']}, secret {'yes' if done['secret'] else 'no'}")


def load_plugins(group: click.Group = cli) -> None:
    for ep in entry_points(group="praxis.commands"):
        if ep.name in group.commands:
            continue
        try:
            group.add_command(ep.load(), ep.name)
        except Exception as exc:  # a broken plugin must not take the whole CLI down
            print(f"kb: cannot load command {ep.name!r} ({ep.value}): {exc}", file=sys.stderr)


def main() -> None:
    from kb.runs import RunLocked

    load_plugins()
    try:
        cli(prog_name="kb")
    except RunLocked as exc:  # a second `kb ingest` beside a running one: say so, no traceback
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()

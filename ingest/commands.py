"""`kb ingest`: read files and folders into the knowledge base (also `--watch`)."""
from __future__ import annotations

import json
import os
import signal
import sys
import threading
from pathlib import Path

import click

from ingest.batch import Batch, FileOutcome, Options
from kb import plugins
from kb.cli import open_store
from kb.config import Settings


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: files and totals (no progress bar).")
@click.option("--workers", type=click.IntRange(1, 32), default=None, help="Reader processes (default: CPUs, at most 4).")
@click.option("--max-file-mb", type=click.FloatRange(0.001, 10_000), default=None,
              help="Skip files larger than this (default: $KB_MAX_FILE_MB or 50).")
@click.option("--timeout", "timeout_s", type=click.FloatRange(1, 86_400), default=None,
              help="Seconds one file may take to read (default: $KB_FILE_TIMEOUT or 120).")
@click.option("--retry-failed", is_flag=True, help="Read again files that failed before, even if unchanged.")
@click.option("--no-embed", is_flag=True, help="Store practices without embedding them (a later run embeds them).")
@click.option("--device", default=None, help="Embed on this torch device: cpu, cuda or cuda:N (default: $KB_DEVICE "
              "or cpu); a GPU for big back-fills.")
@click.option("--watch", is_flag=True, help="Keep running: poll the paths and ingest what changed.")
@click.option("--interval", type=click.FloatRange(1, 86_400), default=60, show_default=True,
              help="Seconds between polls with --watch.")
@click.option("--models", "models_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="A folder of learned models (`kb train --out`) to use instead of the shipped ones "
                   "(default: $KB_MODELS_DIR).")
@click.pass_obj
def ingest(settings: Settings, paths, as_json, workers, max_file_mb, timeout_s, retry_failed, no_embed,
           device, watch, interval, models_dir) -> None:
    """Read PDF, DOCX, TXT, MD and HTML files (folders recursively) and store their practices.

    Unchanged files are skipped without being opened; identical copies are stored once;
    each file is committed on its own, so an interrupted run loses nothing and resumes.
    Exits 0 when the run completed, even if some files failed (they are listed with a reason).
    """
    store = open_store(settings, create=True)
    models_dir = models_dir or settings.models_dir
    options = Options(
        max_file_mb=max_file_mb or settings.max_file_mb,
        timeout_s=timeout_s or settings.file_timeout_s,
        retry_failed=retry_failed,
        models_dir=str(models_dir) if models_dir else None,
    )
    if workers:
        options.workers = workers
    if device:
        os.environ["KB_DEVICE"] = device  # the indexer (search.embed) reads it
    factory = None if no_embed else plugins.indexer_factory(store, settings.model, models_dir=models_dir)
    if factory is not None and device:
        try:  # made now, so that a GPU asked for and absent fails before any file is read
            indexer = factory()
        except Exception as exc:  # the indexer's own error names the device and what to do
            raise click.ClickException(str(exc)) from None
        factory = lambda: indexer  # noqa: E731
    stop = threading.Event()
    if watch:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
    while True:
        report = _one_run(store, list(paths), options, factory, as_json)
        if as_json:
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            _summary(report)
        if not watch:
            return
        if stop.wait(interval):
            click.echo("stopped", err=True)
            return


def _one_run(store, paths, options, factory, as_json):
    bar = None
    if not as_json and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=0, unit="file", file=sys.stderr, dynamic_ncols=True)

    def on_total(n: int) -> None:
        if bar is not None:
            bar.total = n
            bar.refresh()

    def on_file(outcome: FileOutcome) -> None:
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(outcome.status, refresh=False)

    batch = Batch(store, options=options, indexer_factory=factory, progress=on_file)
    try:
        return batch.run(paths, total_hint=on_total)
    finally:
        if bar is not None:
            bar.close()


def _summary(report) -> None:
    t = report.totals
    for f in report.files:
        if f.status == "failed":
            click.echo(f"failed     {f.path}: {f.reason}")
        elif f.status == "duplicate":
            click.echo(f"duplicate  {f.path}: {f.reason}")
        elif f.status == "ingested":
            click.echo(f"ingested   {f.path}: {f.practices} practices")
    click.echo(
        f"{t['files']} files: {t['ingested']} ingested, {t['unchanged']} unchanged, {t['duplicate']} duplicate, "
        f"{t['failed']} failed; {t['practices']} practices; {t['missing']} gone from the drive; "
        f"{t['seconds']:.1f} s (embedding {report.seconds_embedding:.1f} s)"
    )

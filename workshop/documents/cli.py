"""flask documents bundle SLUG OUT.zip: the KLA evidence bundle, as the organiser's button makes it."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from workshop.certificates.cli import DEFAULT_BASE_URL
from workshop.documents import services
from workshop.events.models import Event
from workshop.extensions import db

documents_cli = AppGroup("documents", help="Documents of an event.")


@documents_cli.command("bundle")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def bundle_command(slug: str, out: str) -> None:
    """Write the KLA evidence bundle of the event SLUG to OUT (a .zip)."""
    event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one_or_none()
    if event is None:
        raise click.ClickException(f"No event with the slug {slug!r}.")
    base_url = current_app.config.get("PUBLIC_BASE_URL") or DEFAULT_BASE_URL
    with open(out, "wb") as target:
        names = services.write_bundle(event, target, base_url)
    click.echo(f"Wrote {len(names)} files to {out}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(documents_cli)

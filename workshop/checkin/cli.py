"""flask checkin device-token SLUG --name NAME / flask checkin revoke-token SLUG --name NAME."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from workshop.checkin import services
from workshop.core.audit import acting_as
from workshop.core.cli import event_from_slug
from workshop.extensions import db

checkin_cli = AppGroup("checkin", help="Scanner phones for check-in.")


@checkin_cli.command("device-token")
@click.argument("slug")
@click.option("--name", required=True, help="A name for the phone, e.g. 'Pintu Aula 1'.")
def device_token_command(slug: str, name: str) -> None:
    """Print a device token for a scanner phone (alone on the last line)."""
    event = event_from_slug(slug)
    with acting_as("cli:checkin device-token"):
        try:
            device, token = services.create_device_token(event, name)
        except services.DeviceTokenError as error:
            if str(error) == "taken":
                raise click.ClickException(f"A phone named {name!r} already has a token; revoke it first.")
            raise click.ClickException("Give the phone a name (at most 120 characters).")
        db.session.commit()
    click.echo(
        f"Device token for {device.name!r} ({event.slug}), valid until {device.expires_at.isoformat()}:"
    )
    click.echo(token)


@checkin_cli.command("revoke-token")
@click.argument("slug")
@click.option("--name", required=True)
def revoke_token_command(slug: str, name: str) -> None:
    """Revoke the device token of a scanner phone."""
    event = event_from_slug(slug)
    with acting_as("cli:checkin revoke-token"):
        device = services.revoke_device_token(event, name)
        if device is None:
            raise click.ClickException(f"No active device token named {name!r} for {slug}.")
        db.session.commit()
    click.echo(f"Revoked the device token {name!r}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(checkin_cli)

"""flask checkin device-token SLUG --name NAME / flask checkin revoke-token SLUG --name NAME."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from workshop.checkin import services
from workshop.core.audit import acting_as
from workshop.core.cli import event_from_slug
from workshop.events.models import Event
from workshop.extensions import db

checkin_cli = AppGroup("checkin", help="Scanner phones for check-in.")


def _phone_command(command: str, name_help: str | None = None):
    """``flask checkin COMMAND SLUG --name NAME``: the decorated function does it to the phone
    NAME of the event (as ``cli:checkin COMMAND`` in the audit log) and answers what to print
    once it is committed."""

    def decorate(function):
        @checkin_cli.command(command, help=function.__doc__)
        @click.argument("slug")
        @click.option("--name", required=True, help=name_help)
        def run(slug: str, name: str) -> None:
            event = event_from_slug(slug)
            with acting_as(f"cli:checkin {command}"):
                done = function(event, name)
                db.session.commit()
            click.echo(done)

        return run

    return decorate


@_phone_command("device-token", name_help="A name for the phone, e.g. 'Pintu Aula 1'.")
def device_token_command(event: Event, name: str) -> str:
    """Print a device token for a scanner phone (alone on the last line)."""
    try:
        device, token = services.create_device_token(event, name)
    except services.DeviceTokenError as error:
        if str(error) == "taken":
            raise click.ClickException(f"A phone named {name!r} already has a token; revoke it first.")
        raise click.ClickException("Give the phone a name (at most 120 characters).")
    return f"Device token for {device.name!r} ({event.slug}), valid until {device.expires_at.isoformat()}:\n{token}"


@_phone_command("revoke-token")
def revoke_token_command(event: Event, name: str) -> str:
    """Revoke the device token of a scanner phone."""
    if services.revoke_device_token(event, name) is None:
        raise click.ClickException(f"No active device token named {name!r} for {event.slug}.")
    return f"Revoked the device token {name!r}."


def init_app(app: Flask) -> None:
    app.cli.add_command(checkin_cli)

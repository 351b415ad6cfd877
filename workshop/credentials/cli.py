"""flask credentials rotate-key / flask credentials keys: the deployment's signing keys."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from workshop.credentials import keys
from workshop.credentials.models import CredentialKey
from workshop.extensions import db

credentials_cli = AppGroup("credentials", help="Open Badges credentials and their signing keys.")


@credentials_cli.command("rotate-key")
def rotate_key_command() -> None:
    """Make a new signing key; older keys stay published and keep verifying what they signed."""
    row = keys.rotate_key()
    db.session.commit()
    click.echo(f"New signing key {row.kid} ({row.algorithm}).")


@credentials_cli.command("keys")
def keys_command() -> None:
    """List the signing keys (the newest not retired signs)."""
    for row in db.session.execute(select(CredentialKey).order_by(CredentialKey.id)).scalars():
        state = f"retired {row.retired_at:%Y-%m-%d %H:%M} UTC" if row.retired_at else "signing"
        click.echo(f"{row.kid}  {row.algorithm}  made {row.created_at:%Y-%m-%d %H:%M} UTC  {state}")


def init_app(app: Flask) -> None:
    app.cli.add_command(credentials_cli)

"""flask certificates sign SLUG (DESIGN.md §5): added to the certificates command group from here,
so the certificates module never imports the signatures module."""

from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import with_appcontext

from workshop.core.audit import acting_as
from workshop.extensions import db
from workshop.signatures import services


@click.command("sign")
@click.argument("slug")
@with_appcontext
def sign_command(slug: str) -> None:
    """PAdES-sign the event's issued certificates that are not signed yet (failed ones again)."""
    from workshop.core.cli import event_from_slug

    event = event_from_slug(slug)
    if not services.get_settings(event).is_configured:
        raise click.ClickException(
            "Signing is not set up for this event: upload a PKCS#12 or set up BSrE on the Signatures page."
        )
    started = time.perf_counter()
    with acting_as("cli:certificates sign"):
        counts = services.sign_event(event)
        db.session.commit()
    seconds = time.perf_counter() - started
    click.echo(f"Signed {counts['signed']} certificates, {counts['failed']} failed ({seconds:.1f} s).")
    if counts["failed"]:
        for row in services.status_rows(event):
            if row.status == "failed":
                click.echo(f"  {row.certificate.number}: {row.reason}")
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    from workshop.certificates.cli import certificates_cli

    certificates_cli.add_command(sign_command)

"""flask certificates issue SLUG [--force] / flask certificates export SLUG OUT.zip (DESIGN.md §5)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from workshop.certificates import services
from workshop.core.audit import acting_as
from workshop.core.cli import event_from_slug, public_base_url
from workshop.extensions import db

certificates_cli = AppGroup("certificates", help="Attendance certificates.")


@certificates_cli.command("issue")
@click.argument("slug")
@click.option("--force", is_flag=True, help="Issue even though the last session has not ended.")
def issue_command(slug: str, force: bool) -> None:
    """Number and issue the certificates of everyone due."""
    event = event_from_slug(slug)
    if services.get_settings(event).id is None:
        raise click.ClickException(
            "Fill in the certificate settings (who signs) first, on the Certificates page."
        )
    for note in services.self_signing_notes(event):  # nobody signs their own certificate
        click.echo(note)
    with acting_as("cli:certificates issue"):
        try:
            issued = services.issue_due(event, force=force)
        except services.IssueTooEarly as error:
            db.session.rollback()
            raise click.ClickException(
                f"The last session ends {event.local(error.last_end):%Y-%m-%d %H:%M} {event.tz_label}; "
                "use --force to issue before that."
            )
        db.session.commit()
    if not issued:
        click.echo("Nobody is due a certificate.")
        return
    click.echo(f"Issued {len(issued)} certificates: {issued[0].number} to {issued[-1].number}.")


@certificates_cli.command("export")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
def export_command(slug: str, out: Path, lang: str) -> None:
    """Write every valid issued certificate of the event into one ZIP of PDFs."""
    event = event_from_slug(slug)
    tmp = out.with_name(out.name + ".part")
    with tmp.open("wb") as target:
        count = services.write_zip(event, target, public_base_url(), lang)
    tmp.replace(out)
    click.echo(f"Wrote {count} certificates to {out}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(certificates_cli)

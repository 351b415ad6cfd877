"""flask participants import SLUG FILE [--dry-run] [--json] [--allow-errors] [--update]
(DESIGN.md §5). Messages are in English on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask, current_app
from flask_babel import force_locale
from sqlalchemy import select

from workshop.core.audit import acting_as
from workshop.extensions import db

CLI_LOCALE = "en"


def init_app(app: Flask) -> None:
    @app.cli.group("participants")
    def participants():
        """The attendees of an event (participants and every other role)."""

    @participants.command("import")
    @click.argument("slug")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
    @click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON object: rows and summary.")
    @click.option(
        "--allow-errors",
        is_flag=True,
        help="Import the ok and warning rows even when other rows have errors.",
    )
    @click.option(
        "--update",
        is_flag=True,
        help="Apply the file's corrections to people already in the event (matched on NIP, else phone, "
        "else name and institution). Without it they are reported and left as they are; nobody is "
        "ever added twice.",
    )
    def import_command(slug, file, dry_run, as_json, allow_errors, update):
        """Import attendees of event SLUG from FILE (.xlsx or .csv).

        Each row is matched to the person it already is in the event: "match" in --json is new,
        unchanged, updated or conflict (a conflict is an error row). Rows with warnings are
        imported; rows with errors block the whole import unless
        --allow-errors (then they are left out). Everything is stored in one transaction, or
        nothing. The exit code is 1 when nothing could be imported (a file that cannot be read,
        rows with errors without --allow-errors, a failure while storing); a --dry-run exits 0
        whenever the file could be read. Messages are in English.
        """
        from workshop.attendees import importing
        from workshop.events.models import Event

        with force_locale(CLI_LOCALE):
            event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one_or_none()
            if event is None:
                raise click.ClickException(f"No event with slug {slug!r}.")
            try:
                result = importing.check_import(event, file.read_bytes(), update=update)
            except importing.ImportFileError as problem:
                if as_json:
                    click.echo(
                        json.dumps(
                            {
                                "rows": [],
                                "summary": {"ok": 0, "warning": 0, "error": 0, "skipped": 0},
                                "error": str(problem),
                            },
                            ensure_ascii=False,
                        )
                    )
                raise click.ClickException(str(problem))

            if as_json:
                click.echo(json.dumps(result.to_json(), ensure_ascii=False))
            else:
                _print_rows(result)
            report = (lambda text: click.echo(text, err=True)) if as_json else click.echo

            summary = result.summary
            if dry_run:
                report(f"Dry run: nothing was written. {_would(result, allow_errors)}")
                return
            if summary["error"] and not allow_errors:
                raise click.ClickException(
                    f"{summary['error']} row(s) have errors, so nothing was imported. Correct the file, "
                    "or use --allow-errors to import the other rows."
                )
            if not result.accepted():
                raise click.ClickException("No row can be imported.")
            if not result.to_store():
                report("Nothing to import: every row is already registered as it is, or has errors.")
                return
            with acting_as("cli"):
                try:
                    done = importing.commit_import(event, result, allow_errors=allow_errors)
                    db.session.commit()
                except Exception as error:
                    db.session.rollback()
                    current_app.logger.error(
                        "Import into event %s failed: %s", event.id, type(error).__name__
                    )
                    raise click.ClickException(
                        f"The import failed ({type(error).__name__}); nothing was saved."
                    )
            report(
                f"Imported into {event.slug}: {done.created} added, {done.updated} updated, "
                f"{done.unchanged} already registered and left as they are, "
                f"{done.skipped_errors} row(s) with errors left out."
            )


def _would(result, allow_errors: bool) -> str:
    if result.summary["error"] and not allow_errors:
        return f"A real run would import nothing: {result.summary['error']} row(s) have errors."
    return (
        f"A real run would add {result.to_create}, update {result.to_update} and leave "
        f"{result.unchanged} already registered as they are."
    )


def _print_rows(result) -> None:
    for row in result.rows:
        click.echo(f"row {row.row}\t{row.status}\t{row.match}\t{row.name}")
        for message in row.messages():
            click.echo(f"\t- {message}")
    summary = result.summary
    click.echo(
        f"ok: {summary['ok']}, warning: {summary['warning']}, error: {summary['error']}, skipped: {summary['skipped']}"
    )

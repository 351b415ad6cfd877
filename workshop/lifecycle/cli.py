"""flask data purge [--dry-run]; flask backup OUT; flask restore IN [--force]."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import inspect, text

from workshop.core import signals
from workshop.core.audit import acting_as
from workshop.extensions import db
from workshop.lifecycle import services

data_cli = AppGroup("data", help="Personal data after events (UU 27/2022).")


@data_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Say what would be purged; change nothing.")
def purge_command(dry_run: bool) -> None:
    """Purge the personal data of events past their retention period."""
    events = services.due_events()
    if not events:
        click.echo("No event is past its retention period.")
    for event in events:
        plan = services.plan_purge(event)
        click.echo(
            f"{event.slug}: ended {event.ends_on.isoformat()}, kept {event.retention_months} months "
            f"(until {services.retention_ends(event).isoformat()}): {plan.attendees} people, "
            f"{plan.audit_entries} audit entries, {plan.files} files"
        )
        if dry_run:
            continue
        with acting_as("cli:data purge"):
            services.purge_event(event, plan)
            db.session.commit()
        click.echo(f"{event.slug}: purged; counts kept: {services.anonymous_counts(event)['total']} people")
        for module, counts in sorted(plan.by_module.items()):  # what each module says it erased
            click.echo(
                f"  {module}: " + ", ".join(f"{what} {count}" for what, count in sorted(counts.items()))
            )
    # What modules keep only for a while whatever the event (job results, abandoned uploads).
    with acting_as("cli:data purge"):
        swept = signals.collect(signals.retention_sweep, None, dry_run=dry_run)
        db.session.commit()
    for what, count in sorted(swept.items()):
        if count:
            click.echo(f"{count} {what}")
    if dry_run:
        click.echo("Dry run: nothing was changed.")


def _sqlite_path() -> Path:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise click.ClickException(
            "flask backup/restore copy a SQLite database. For PostgreSQL use pg_dump and pg_restore "
            "(README, 'Backups'): pg_dump --format=custom --file=bintek.dump \"$DATABASE_URL\""
        )
    return Path(url.database)


def backup_command(out: str, force: bool) -> None:
    source = _sqlite_path()
    target = Path(out)
    if target.exists() and not force:
        raise click.ClickException(f"{target} exists; give --force to overwrite it.")
    # The online backup API: a consistent copy while the app keeps serving (WAL included).
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    click.echo(f"Backed up {source} to {target} ({target.stat().st_size} bytes).")


def _table_rows(connection, table: str) -> int:
    return connection.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()


def restore_command(source_file: str, force: bool) -> None:
    target = _sqlite_path()
    source = Path(source_file)
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise click.ClickException(f"{source} is damaged (integrity check failed).")
            tables = {row[0] for row in check.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        check.close()
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{source} is not a SQLite backup: {error}")
    if "alembic_version" not in tables or "events" not in tables:
        raise click.ClickException(f"{source} is not a Bintek backup (no events table or migration record).")
    with db.engine.connect() as connection:
        present = [t for t in inspect(connection).get_table_names() if t != "alembic_version"]
        filled = [t for t in present if _table_rows(connection, t)]
    if filled and not force:
        raise click.ClickException(
            f"The database {target} is not empty ({', '.join(sorted(filled)[:5])}, ...); "
            "give --force to replace it with the backup."
        )
    db.session.remove()
    db.engine.dispose()
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    click.echo(f"Restored {target} from {source}. Restart the app so every worker opens the restored file.")


def init_app(app: Flask) -> None:
    app.cli.add_command(data_cli)

    @app.cli.command("backup")
    @click.argument("out")
    @click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
    def backup(out: str, force: bool) -> None:
        """Copy the SQLite database to OUT while the app runs (PostgreSQL: pg_dump)."""
        backup_command(out, force)

    @app.cli.command("restore")
    @click.argument("source_file", metavar="IN")
    @click.option("--force", is_flag=True, help="Replace a database that already holds data.")
    def restore(source_file: str, force: bool) -> None:
        """Replace the SQLite database with the backup IN (stop the app first)."""
        restore_command(source_file, force)

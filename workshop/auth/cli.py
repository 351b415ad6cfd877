"""flask create-user."""

import sys

import click
from flask import Flask
from sqlalchemy import select

from workshop.auth import services
from workshop.core.audit import acting_as
from workshop.core.tokens import generate_password
from workshop.extensions import db


def init_app(app: Flask) -> None:
    @app.cli.command("create-user")
    @click.option("--email", required=True)
    @click.option("--name", required=True)
    @click.option("--admin", "is_admin", is_flag=True, help="Administrator: sees every event.")
    @click.option("--event", "event_slug", help="Add the account to this event's team.")
    @click.option("--role", type=click.Choice(["organiser", "staff", "facilitator"]), help="Role in --event.")
    @click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
    def create_user(email, name, is_admin, event_slug, role, password_stdin):
        """Create an account; without --password-stdin a password is generated and printed."""
        from workshop.events.models import Event
        from workshop.events.services import add_member

        if bool(event_slug) != bool(role):
            raise click.UsageError("--event and --role go together.")
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
            problem = services.password_problem(password, email, app.config["MIN_PASSWORD_LENGTH"])
            if problem:
                raise click.ClickException(problem)
        else:
            password = generate_password()
        event = None
        if event_slug:
            event = db.session.execute(select(Event).where(Event.slug == event_slug)).scalar_one_or_none()
            if event is None:
                raise click.ClickException(f"No event with slug {event_slug!r}.")
        with acting_as("cli"):
            try:
                user = services.create_user(email, name, password, is_admin=is_admin)
            except services.AccountError as e:
                raise click.ClickException(str(e))
            if event is not None:
                add_member(event, user, role)
            db.session.commit()
        click.echo(f"Created account {user.email}" + (f" ({role} of {event.slug})" if event else ""))
        if not password_stdin:
            click.echo(f"Password: {password}")

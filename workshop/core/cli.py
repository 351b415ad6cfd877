"""What the modules' `flask …` commands share: the event named on the command line, and the
address printed in QR codes and links when there is no request to take it from."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from workshop.events.models import Event
from workshop.extensions import db

DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def event_from_slug(slug: str) -> Event:
    """The event with this slug, else the command stops with a message."""
    event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one_or_none()
    if event is None:
        raise click.ClickException(f"No event with the slug {slug!r}.")
    return event


def public_base_url() -> str:
    return current_app.config.get("PUBLIC_BASE_URL") or DEFAULT_BASE_URL

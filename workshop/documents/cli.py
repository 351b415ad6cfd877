"""flask documents bundle SLUG OUT.zip: the KLA evidence bundle, as the organiser's button makes it.
flask documents make SLUG KIND OUT: any one document of the event (kinds from the exporter
registry, listed by --help)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from workshop.core import exporters
from workshop.core.cli import event_from_slug, public_base_url
from workshop.documents import services

documents_cli = AppGroup("documents", help="Documents of an event.")


@documents_cli.command("bundle")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def bundle_command(slug: str, out: str) -> None:
    """Write the KLA evidence bundle of the event SLUG to OUT (a .zip)."""
    event = event_from_slug(slug)
    with open(out, "wb") as target:
        try:
            names = services.write_bundle(event, target, public_base_url())
        except services.BundleIncomplete as incomplete:
            raise click.ClickException(str(incomplete)) from None
    click.echo(f"Wrote {len(names)} files to {out}.")


class _KindsHelp(click.Command):
    """--help lists the kinds from the registry (filled at app creation, after import time)."""

    def format_epilog(self, ctx, formatter):
        with formatter.section("Kinds"):
            formatter.write_dl([(e.kind, f"{e.label} [{e.format}]") for e in exporters.all_exports()])


@documents_cli.command("make", cls=_KindsHelp)
@click.argument("slug")
@click.argument("kind")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def make_command(slug: str, kind: str, out: str) -> None:
    """Write one document of the event SLUG to OUT. KIND is one of the kinds listed below (KLA
    evidence kinds only for the questions the event serves)."""
    export = exporters.get(kind)
    if export is None:
        raise click.ClickException(f"Unknown kind {kind!r}. Kinds: {', '.join(exporters.kinds())}.")
    event = event_from_slug(slug)
    if not export.is_available(event):
        raise click.ClickException(f"The event {slug!r} has no document of the kind {kind!r}.")
    data = export.make(event, public_base_url())
    with open(out, "wb") as target:
        target.write(data)
    click.echo(f"Wrote {export.kind} ({len(data) // 1024 or 1} KB) to {out}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(documents_cli)

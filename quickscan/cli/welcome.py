"""``quickscan welcome``: what `make run` prints before the server starts."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..questionnaire_store import registry


@click.command("welcome")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
@with_appcontext
def welcome(base_url: str) -> None:
    """Print the links to try in a browser."""
    click.echo("\nQuickscan is starting. Open in your browser:")
    click.echo(f"  {base_url}/                 start page: the available questionnaires")
    for q in registry(current_app):
        click.echo(f"  {base_url}/questionnaires/{q.id}/{q.version}   {q.key}")
    click.echo("Stop the server with Ctrl+C.\n")

"""``quickscan serve``: the development server (gunicorn serves production; see docs/deployment.md)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .common import current


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--welcome", is_flag=True, help="First print the links to try (as `quickscan welcome` does).")
@with_appcontext
def serve_app(host: str, port: int, welcome: bool) -> None:
    """Serve the app with the development server (use gunicorn in production)."""
    from werkzeug.serving import run_simple

    from .. import migrate
    from ..access_log import MaskingRequestHandler
    from .demo import link_base, print_links

    problem = migrate.schema_problem(current())
    if problem:
        raise click.ClickException(problem)
    if welcome:
        click.echo("\nQuickscan is starting. Open in your browser:")
        print_links(link_base(host, port))
        click.echo("Stop the server with Ctrl+C.\n")
    run_simple(host, port, current(), threaded=True, request_handler=MaskingRequestHandler)

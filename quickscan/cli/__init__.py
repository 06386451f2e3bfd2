"""The ``quickscan`` command: a click group with one sub-group per subject, each loaded when it is used.

A command imports what it needs and nothing more, so ``quickscan --help`` starts at once and ``quickscan
score`` loads no web app (issue 18). This module imports click alone: :data:`COMMANDS` names each
command's module and the one-line summary ``quickscan --help`` prints (pip keeps its commands the same
way), and :class:`LazyGroup` imports a command's module only when that command runs or shows its own help.
``tests/app/test_cli_startup.py`` checks that the summaries are the commands' own and what each start imports.

Commands that need the app use Flask's ``with_appcontext``; the group hands them the factory (see
:meth:`LazyGroup.get_command`). ``quickscan run``, ``shell`` and ``routes`` are Flask's own commands.
Commands that only read files (``questionnaire validate``, ``score``) never create the app, so they work
without a database.
"""

from __future__ import annotations

import importlib
import sys
from typing import NamedTuple

import click


class Entry(NamedTuple):
    """Where a command lives (``module:attribute``, the module relative to this package unless it has a
    dot) and the summary ``quickscan --help`` shows for it."""

    target: str
    summary: str


COMMANDS: dict[str, Entry] = {
    "backup": Entry("db:backup", "Write a consistent snapshot of the database to FILE while the app keeps serving."),
    "company": Entry("programme:company_group", "Companies taking part."),
    "compare": Entry("scoring:compare", "Compare BASELINE.csv with ENDLINE.csv per dimension (independent samples)."),
    "db": Entry("db:db_group", "Create and migrate the database."),
    "demo": Entry(
        "demo:create_demo",
        "Create the demo programme: 6 regions x 8 companies, coaches, managers, two waves of answers.",
    ),
    "init-db": Entry("db:init_db", "Create the database or migrate it to the newest schema (same as `db upgrade`)."),
    "invite": Entry("programme:invite", "Create COUNT single-use survey links; prints one absolute link per line."),
    "plan": Entry("plan:plan_group", "Plans of approach (plan van aanpak): focus areas and their actions."),
    "programme": Entry("programme:programme_group", "The programme as a whole."),
    "questionnaire": Entry("questionnaire:questionnaire_group", "Check and read questionnaire definitions."),
    "report": Entry("report:report_group", "Company and programme reports (PDF)."),
    "restore": Entry("db:restore", "Restore a backup made by `quickscan backup` into the (empty) database."),
    "retention": Entry(
        "retention:retention_group", "Delete answers after the retention period (QUICKSCAN_RETENTION_DAYS)."
    ),
    "revoke": Entry(
        "programme:revoke",
        "Revoke one survey LINK (or token): it stops working and any answers given with it are deleted.",
    ),
    "routes": Entry("flask.cli:routes_command", "Show the routes for the app."),
    "run": Entry("flask.cli:run_command", "Run a development server."),
    "score": Entry(
        "scoring:score",
        "Score RESPONSES.csv: per group and dimension n, mean, SD, interval, % favourable and alpha.",
    ),
    "serve": Entry("serve:serve_app", "Serve the app with the development server (use gunicorn in production)."),
    "shell": Entry("flask.cli:shell_command", "Run a shell in the app context."),
    "user": Entry("users:user_group", "Accounts (the password is read from standard input)."),
    "wave": Entry("programme:wave_group", "Open and close a company's baseline and end-line."),
    "welcome": Entry(
        "demo:welcome", "Print the links to try in a browser: the start page, a survey link and the demo logins."
    ),
    "worker": Entry("worker:worker", "Run a worker for report jobs: computes and stores report results until stopped."),
}


def load(name: str) -> click.Command:
    """Import the command ``name`` of :data:`COMMANDS` (and whatever its module imports)."""
    module_name, _, attribute = COMMANDS[name].target.partition(":")
    if "." not in module_name:
        module_name = f"{__name__}.{module_name}"
    command = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{COMMANDS[name].target} is not a click command")
    return command


class LazyGroup(click.Group):
    """A group whose commands (:data:`COMMANDS`) are imported when they are looked up, not before."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in COMMANDS:
            command = load(cmd_name)
            _offer_app(ctx)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands from the summaries, without importing a single command."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in COMMANDS:
                # A stand-in with the summary as its help: shortened as click shortens a command's own.
                summary = click.Command(name, help=COMMANDS[name].summary).get_short_help_str(limit)
            else:
                command = super().get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                summary = command.get_short_help_str(limit)
            rows.append((name, summary))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _offer_app(ctx: click.Context) -> None:
    """Flask's ``with_appcontext`` finds the app factory in a ``ScriptInfo`` in ``ctx.obj``; put one there
    for the command just loaded, unless one is there already (the tests' runner brings its own).

    Only a command whose module imported Flask can use ``with_appcontext``; for the others (``score``,
    ``questionnaire``) Flask stays unloaded.
    """
    root = ctx.find_root()
    if "flask" not in sys.modules or root.obj is not None:
        return
    from flask.cli import ScriptInfo

    from .. import create_app

    root.obj = ScriptInfo(create_app=create_app, load_dotenv_defaults=False)


@click.group(
    "quickscan",
    cls=LazyGroup,
    help="Quickscan: learning-culture survey engine. Run `quickscan COMMAND --help` for details.",
)
@click.version_option(package_name="quickscan", prog_name="quickscan")
def main() -> None:
    """The ``quickscan`` command (the entry point in pyproject.toml)."""


__all__ = ["COMMANDS", "Entry", "LazyGroup", "load", "main"]

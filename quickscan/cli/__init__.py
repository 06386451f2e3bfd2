"""The ``quickscan`` command: a click group with one sub-group per subject.

``quickscan run`` and ``quickscan shell`` come from Flask's own group; the rest is ours. Commands that only
read files (``questionnaire validate``) never create the app, so they work without a database.
"""

from __future__ import annotations

from flask.cli import FlaskGroup

from .. import create_app
from ..cli_scoring import compare, score
from .data import programme_group, retention_group
from .db import backup, db_group, restore
from .questionnaire import questionnaire_group
from .report import report_group
from .setup import company_group, demo, init_db, invite, revoke, serve, wave_group
from .users import user_group
from .welcome import welcome

main = FlaskGroup(
    name="quickscan",
    create_app=create_app,
    load_dotenv=False,
    help="Quickscan: learning-culture survey engine. Run `quickscan COMMAND --help` for details.",
)
main.add_command(questionnaire_group)
main.add_command(db_group)
main.add_command(welcome)
for command in (
    score,
    compare,
    backup,
    restore,
    init_db,
    company_group,
    wave_group,
    invite,
    revoke,
    serve,
    user_group,
    demo,
    programme_group,
    retention_group,
    report_group,
):
    main.add_command(command)

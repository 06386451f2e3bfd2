"""The ``quickscan`` command: a click group with one sub-group per subject.

``quickscan run`` and ``quickscan shell`` come from Flask's own group; the rest is ours. Commands that only
read files (``questionnaire validate``) never create the app, so they work without a database.
"""

from __future__ import annotations

from flask.cli import FlaskGroup

from .. import create_app
from .db import backup, db_group, init_db, restore
from .demo import create_demo, welcome
from .plan import plan_group
from .programme import company_group, invite, programme_group, revoke, wave_group
from .questionnaire import questionnaire_group
from .report import report_group
from .retention import retention_group
from .scoring import compare, score
from .serve import serve_app
from .users import user_group

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
    serve_app,
    user_group,
    create_demo,
    programme_group,
    retention_group,
    report_group,
    plan_group,
):
    main.add_command(command)

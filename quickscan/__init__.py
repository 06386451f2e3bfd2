"""Quickscan: the Flask app. The only package that touches HTTP and the database.

``create_app`` is the factory: ``flask --app quickscan run``, ``gunicorn 'quickscan:create_app()'`` and the
tests (``create_app({"TESTING": True, ...})``) all start here. Importing the package loads nothing else:
the ``quickscan`` command imports ``quickscan.cli`` (and so this file) to print its help, and a command
that needs no web app (``quickscan score``) must not pay for Flask, SQLAlchemy or matplotlib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration from the environment (or ``test_config``), then each subsystem."""
    from flask import Flask

    from . import (
        access_log,
        account,
        admin,
        audit_trail,
        auth,
        circles,
        compression,
        config,
        dashboard,
        db,
        dialogue,
        errors,
        i18n,
        plans,
        public,
        questionnaire_store,
        report_cache,
        report_jobs,
        security,
        skills,
        survey,
        url_ids,
    )

    app = Flask(__name__, instance_path=config.instance_path(), instance_relative_config=True)
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    url_ids.init_app(app)
    access_log.init_app(app)
    security.init_app(app)
    db.init_app(app)
    questionnaire_store.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    public.init_app(app)
    survey.init_app(app)
    auth.init_app(app)
    account.init_app(app)
    dashboard.init_app(app)
    plans.init_app(app)
    dialogue.init_app(app)
    skills.init_app(app)
    admin.init_app(app)
    audit_trail.init_app(app)
    circles.init_app(app)
    report_cache.init_app(app)
    report_jobs.init_app(app)
    compression.init_app(app)
    return app


__all__ = ["create_app"]

"""gunicorn settings for Quickscan: `gunicorn -c gunicorn.conf.py 'quickscan:create_app()'`.

See docs/deployment.md. Access- and error-log lines never contain a survey token (quickscan.access_log.GunicornLogger).
"""

import os

bind = os.environ.get("QUICKSCAN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("QUICKSCAN_WORKERS", "2"))
# One thread per worker (gunicorn's sync worker): the app's work is CPU, not waiting, so threads in a worker
# mostly take turns at the GIL. Measured with 16 clients (docs/performance.md): on PostgreSQL 4 threads gave
# 10-16 % fewer requests per second and a p95 of 61-65 ms against 40-41 ms; on SQLite about the same
# throughput, p95 47-58 ms against 34-38 ms. Sync workers need a buffering proxy in front for slow clients:
# nginx, as in docs/deployment.md.
threads = int(os.environ.get("QUICKSCAN_THREADS", "1"))
# A worker busy for longer than `timeout` seconds is killed (nginx then answers 502); the app's statements end
# sooner (QUICKSCAN_DB_STATEMENT_TIMEOUT, 20 s) with a page. On SIGTERM (`systemctl stop`) workers get
# `graceful_timeout` seconds to finish their request: less than systemd's TimeoutStopSec=30 (docs/deployment.md).
timeout = 30
graceful_timeout = 25
accesslog = "-"
errorlog = "-"
logger_class = "quickscan.access_log.GunicornLogger"
# No referrer or user agent: they add nothing for operations and the referrer could hold a survey URL.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(L)ss'
forwarded_allow_ips = os.environ.get("QUICKSCAN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):  # noqa: ANN001, ARG001 - gunicorn's hook signature
    """Refuse to start at all (not only each worker, again and again) without a production secret, or with a
    database this version cannot serve (not migrated after an upgrade)."""
    if os.environ.get("QUICKSCAN_ENV", "").lower() == "production" and not os.environ.get("QUICKSCAN_SECRET_KEY"):
        raise SystemExit("Quickscan: set QUICKSCAN_SECRET_KEY (a long random string) when QUICKSCAN_ENV=production.")
    from quickscan import create_app, migrate
    from quickscan.db import database

    app = create_app()
    try:
        problem = migrate.schema_problem(app)
    finally:
        database(app).engine.dispose()  # the workers open their own connections
    if problem:
        raise SystemExit(problem)

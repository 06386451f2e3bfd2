"""Operations: survey tokens never reach a log line (error path included), and a link sent to the wrong person can be
revoked."""

from __future__ import annotations

import logging
import subprocess
import sys
from types import SimpleNamespace

from flask import Flask
from sqlalchemy import func, select

from quickscan.access_log import GunicornLogger, mask
from quickscan.auth import add_user
from quickscan.cli import main
from quickscan.db import transaction
from quickscan.models import Invitation, Response

from ..conftest import ROOT
from .auth_helpers import PASSWORD, log_in
from .survey_helpers import csrf, make_company, store_responses

TOKEN = "kHQKDiQky0NJxPz6R6cCen-Z6mnxOQxAkR6s6pwm4yE"


def test_mask_removes_tokens_from_request_lines() -> None:
    assert mask(f"GET /s/{TOKEN}/2 HTTP/1.1") == "GET /s/<masked>/2 HTTP/1.1"
    assert mask(f"POST /s/{TOKEN}?lang=en HTTP/1.1") == "POST /s/<masked>?lang=en HTTP/1.1"
    assert mask("GET /companies/x HTTP/1.1") == "GET /companies/x HTTP/1.1"


def test_gunicorn_access_log_has_no_token(caplog) -> None:  # type: ignore[no-untyped-def]
    from gunicorn.config import Config

    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", '%(h)s "%(r)s" %(U)s %(s)s')
    logger = GunicornLogger(cfg)
    req = SimpleNamespace(
        method="GET", path=f"/s/{TOKEN}/3", query="lang=en", version=(1, 1), headers=[], uri=f"/s/{TOKEN}/3?lang=en"
    )
    resp = SimpleNamespace(status="200 OK", sent=10, headers=[], response_length=10)
    environ = {
        "REMOTE_ADDR": "10.0.0.1",
        "RAW_URI": f"/s/{TOKEN}/3?lang=en",
        "REQUEST_METHOD": "GET",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": f"/s/{TOKEN}/3",
        "QUERY_STRING": "lang=en",
    }
    atoms = logger.atoms(resp, req, environ, SimpleNamespace(seconds=0, microseconds=1000))
    line = logger.cfg.access_log_format % atoms
    assert TOKEN not in line and "/s/<masked>/3" in line


def test_gunicorn_conf_uses_the_masking_logger() -> None:
    code = "import runpy; c = runpy.run_path('gunicorn.conf.py'); print(c['logger_class'], c['access_log_format'])"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.startswith("quickscan.access_log.GunicornLogger") and "%(a)s" not in out and "%(f)s" not in out


def test_development_server_log_has_no_token(app: Flask, caplog) -> None:  # type: ignore[no-untyped-def]
    from quickscan.access_log import MaskingRequestHandler

    handler = MaskingRequestHandler.__new__(MaskingRequestHandler)
    handler.client_address = ("127.0.0.1", 1)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        handler.log("info", '"%s" %s %s', f"GET /s/{TOKEN}/1 HTTP/1.1", "200", "-")
    assert TOKEN not in caplog.text and "/s/<masked>/1" in caplog.text


def test_a_500_on_a_survey_page_logs_no_token(app: Flask, caplog, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from quickscan import response_store

    co = make_company(app, employees=1, managers=0)
    token = co.employee[0]

    def broken(*_args: object) -> None:
        raise KeyError(f"no questionnaire for {token}")

    monkeypatch.setattr(response_store, "questionnaire_of", broken)
    app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)  # as in production: logged, then a 500 page
    with caplog.at_level(logging.ERROR, logger="quickscan"):
        page = app.test_client().get(f"/s/{token}/6")
    assert page.status_code == 500
    assert "Exception on /s/<masked>/6 [GET]" in caplog.text
    assert "KeyError: 'no questionnaire for <masked>'" in caplog.text  # the traceback is there, masked
    assert token not in caplog.text


def test_a_failing_statement_shows_no_parameters(app: Flask) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with transaction(app) as s:
        try:
            s.execute(text("SELECT * FROM no_such_table WHERE token = :t"), {"t": TOKEN})
        except DBAPIError as exc:
            said = str(exc)
        s.rollback()
    assert "no_such_table" in said and TOKEN not in said and "hidden" in said


def test_the_development_server_and_gunicorn_mask_their_error_logs(app: Flask, caplog) -> None:  # type: ignore[no-untyped-def]
    from gunicorn.config import Config

    with caplog.at_level(logging.ERROR, logger="werkzeug"):
        logging.getLogger("werkzeug").error("Error on request:\n%s", f'File "x", GET /s/{TOKEN}/1\nKeyError: {TOKEN}')
    assert TOKEN not in caplog.text and "/s/<masked>/1" in caplog.text

    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    cfg = Config()
    logger = GunicornLogger(cfg)
    collect = Collect()
    logger.error_log.addHandler(collect)
    try:
        try:
            raise ValueError(f"bad request line GET /s/{TOKEN}")
        except ValueError:
            logger.exception("Error handling request /s/%s/3", TOKEN)
    finally:
        logger.error_log.removeHandler(collect)
    assert lines and "Error handling request /s/<masked>/3" in lines[0] and TOKEN not in lines[0]
    assert "ValueError: bad request line GET /s/<masked>" in lines[0]


def test_mask_leaves_ordinary_words_alone() -> None:
    name = "test_a_request_that_gets_no_connection_answ"  # 43 characters, but a name, not a token
    assert mask(f"in {name} at /companies/x") == f"in {name} at /companies/x"
    assert mask(f"revoked {TOKEN}.") == "revoked <masked>."
    assert mask("code 7KQM-4RXT-2PGH typed") == "code <masked> typed"  # a QR card's short code
    assert mask("GET /s/ HTTP/1.1") == "GET /s/ HTTP/1.1"  # the page where codes are typed


def test_revoke_a_link_from_the_command_line(app: Flask) -> None:
    co = make_company(app, employees=2, managers=0)
    store_responses(app, co.employee[:1], co.questionnaire)
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["revoke", f"https://scan.example.nl/s/{co.employee[0]}/3"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Revoked ({co.company}, baseline, employee).")
    assert app.test_client().get(f"/s/{co.employee[0]}").status_code == 410  # as a used link (test_link_holder)
    with transaction(app) as s:
        assert s.scalar(select(func.count()).select_from(Invitation)) == 1
        assert s.scalar(select(func.count()).select_from(Response)) == 0
    again = runner.invoke(main, ["revoke", co.employee[0]])
    assert again.exit_code == 1 and "no such invitation" in again.output


def test_revoke_a_link_in_the_admin_pages_only_for_that_company(app: Flask) -> None:
    one = make_company(app, "Een", employees=1, managers=0)
    two = make_company(app, "Twee", employees=1, managers=0)
    with transaction(app) as s:
        add_user(s, "admin@example.nl", PASSWORD, "admin")
    client = app.test_client()
    log_in(client, "admin@example.nl")
    page = client.get(f"/admin/companies/{one.company}")
    assert "Een link intrekken" in page.get_data(as_text=True)
    wrong = client.post(
        f"/admin/companies/{one.company}", data={"csrf_token": csrf(page), "action": "revoke", "link": two.employee[0]}
    )
    assert "Een heeft geen uitnodiging met deze link." in wrong.get_data(as_text=True)
    assert app.test_client().get(f"/s/{two.employee[0]}").status_code == 200
    done = client.post(
        f"/admin/companies/{one.company}",
        data={"csrf_token": csrf(page), "action": "revoke", "link": f"http://x/s/{one.employee[0]}"},
    )
    assert done.status_code == 302
    assert app.test_client().get(f"/s/{one.employee[0]}").status_code == 410

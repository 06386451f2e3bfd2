"""`quickscan welcome` and `quickscan serve --welcome`: the links a newcomer is told to open (issue 18)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from quickscan.cli import main


@pytest.fixture
def opened(runner: FlaskCliRunner) -> str:
    """A company with an open baseline and one unused employee link; returns the link's token."""
    slug = runner.invoke(main, ["company", "add", "Bakkerij", "--region", "Twente"]).output.strip()
    runner.invoke(main, ["wave", "open", slug, "--kind", "baseline"])
    link = runner.invoke(main, ["invite", slug, "--kind", "baseline", "--role", "employee", "--count", "1"])
    return link.output.strip().rsplit("/", 1)[1]


def test_welcome_links_go_to_the_port_given(runner: FlaskCliRunner, opened: str) -> None:
    shown = runner.invoke(main, ["welcome", "--port", "8080"])
    assert shown.exit_code == 0, shown.output
    assert f"  http://127.0.0.1:8080/s/{opened}   fill in the survey as an employee" in shown.output
    assert "http://127.0.0.1:8080/login" in shown.output and ":5000" not in shown.output


def test_welcome_alone_does_not_say_the_server_is_starting(runner: FlaskCliRunner, opened: str) -> None:
    shown = runner.invoke(main, ["welcome"]).output
    assert "starting" not in shown and "Ctrl+C" not in shown
    assert "while the server runs: `quickscan serve`" in shown
    assert "no accounts yet: `quickscan user add EMAIL --role admin`" in shown


def test_welcome_uses_the_configured_base_url(app: Flask, runner: FlaskCliRunner, opened: str) -> None:
    app.config["BASE_URL"] = "https://scan.example.nl"
    shown = runner.invoke(main, ["welcome"]).output
    assert f"https://scan.example.nl/s/{opened}" in shown and "127.0.0.1" not in shown
    given = runner.invoke(main, ["welcome", "--base-url", "http://localhost:9000/"]).output
    assert "  http://localhost:9000/login " in given


def test_serve_welcome_prints_the_links_of_the_address_it_serves(
    runner: FlaskCliRunner, opened: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import werkzeug.serving

    served: dict[str, Any] = {}
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda host, port, app, **kw: served.update(at=(host, port)))
    shown = runner.invoke(main, ["serve", "--host", "0.0.0.0", "--port", "8123", "--welcome"])
    assert shown.exit_code == 0, shown.output
    assert served["at"] == ("0.0.0.0", 8123)
    lines = shown.output.splitlines()
    assert lines[1] == "Quickscan is starting. Open in your browser:"
    assert f"  http://127.0.0.1:8123/s/{opened}   fill in the survey as an employee" in lines
    assert "Stop the server with Ctrl+C." in lines[-2:]
    quiet = runner.invoke(main, ["serve", "--port", "8124"])
    assert quiet.output == "" and served["at"] == ("127.0.0.1", 8124)

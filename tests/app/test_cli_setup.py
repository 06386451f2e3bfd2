"""`quickscan init-db`, `company`, `wave`, `invite`: setting up a measurement from the terminal."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskCliRunner

from quickscan import migrate
from quickscan.cli import main


def run(runner: FlaskCliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(main, list(args))


def test_add_a_company_open_a_wave_and_invite(app: Flask, runner: FlaskCliRunner) -> None:
    added = run(
        runner, "company", "add", "Bakkerij De Vries B.V.", "--region", "Twente", "--departments", "bakkerij,winkel"
    )
    assert added.exit_code == 0, added.output
    assert added.output.strip() == "bakkerij-de-vries-b-v"
    again = run(runner, "company", "add", "Bakkerij De Vries B.V.", "--region", "Twente")
    assert again.output.strip() == "bakkerij-de-vries-b-v-2"

    opened = run(runner, "wave", "open", "bakkerij-de-vries-b-v", "--kind", "baseline")
    assert opened.exit_code == 0 and "baseline open with leercultuur-mkb@1" in opened.output

    links = run(
        runner,
        "invite",
        "bakkerij-de-vries-b-v",
        "--kind",
        "baseline",
        "--role",
        "employee",
        "--count",
        "3",
        "--department",
        "winkel",
        "--base-url",
        "https://scan.example.nl/",
    )
    assert links.exit_code == 0, links.output
    lines = links.output.split()
    assert len(lines) == 3 and len(set(lines)) == 3
    for line in lines:
        match = re.fullmatch(r"https://scan\.example\.nl/s/([A-Za-z0-9_-]{43})", line)
        assert match, line  # 32 random bytes, URL-safe: 256 bits

    listed = run(runner, "company", "list")
    assert "bakkerij-de-vries-b-v " in listed.output and "baseline open 0/3" in listed.output


def test_a_link_works_until_the_wave_is_closed(app: Flask, runner: FlaskCliRunner) -> None:
    slug = run(runner, "company", "add", "Metaal Oost", "--region", "Achterhoek").output.strip()
    run(runner, "wave", "open", slug, "--kind", "endline")
    link = run(runner, "invite", slug, "--kind", "endline", "--role", "manager", "--count", "1").output.strip()
    path = link.replace("http://127.0.0.1:5000", "")
    client = app.test_client()
    assert client.get(path).status_code == 200
    closed = run(runner, "wave", "close", slug, "--kind", "endline")
    assert closed.exit_code == 0
    assert client.get(path).status_code == 410
    refused = run(runner, "invite", slug, "--kind", "endline", "--role", "manager", "--count", "1")
    assert refused.exit_code == 1 and "is closed" in refused.output


def test_mistakes_get_a_message_and_exit_1_without_traceback(app: Flask, runner: FlaskCliRunner) -> None:
    slug = run(runner, "company", "add", "Zorg West", "--region", "Rijnmond", "--departments", "zorg").output.strip()
    cases = [
        (["wave", "open", "nope", "--kind", "baseline"], "There is no company 'nope'"),
        (["wave", "open", slug, "--kind", "baseline", "--questionnaire", "x@9"], "No questionnaire 'x@9'"),
        (["wave", "close", slug, "--kind", "baseline"], "has no baseline wave"),
        (["invite", slug, "--kind", "baseline", "--role", "employee", "--count", "2"], "has no baseline wave"),
        (["company", "add", " ", "--region", "X"], "needs a name"),
    ]
    for args, message in cases:
        result = run(runner, *args)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    run(runner, "wave", "open", slug, "--kind", "baseline")
    wrong_dept = run(
        runner, "invite", slug, "--kind", "baseline", "--role", "employee", "--count", "1", "--department", "kantoor"
    )
    assert wrong_dept.exit_code == 1 and "has no department 'kantoor' (known: zorg)" in wrong_dept.output
    too_many = run(runner, "invite", slug, "--kind", "baseline", "--role", "employee", "--count", "0")
    assert too_many.exit_code == 2


def test_names_longer_than_their_columns_are_refused(app: Flask, runner: FlaskCliRunner) -> None:
    long_department = run(runner, "company", "add", "Kort", "--region", "Twente", "--departments", "x" * 101)
    assert long_department.exit_code == 1 and "at most 100 characters" in long_department.output
    long_name = run(runner, "company", "add", "n" * 201, "--region", "Twente")
    assert long_name.exit_code == 1 and "at most 200 characters" in long_name.output
    assert "Traceback" not in long_name.output + long_department.output


def test_init_db_is_idempotent(app: Flask, runner: FlaskCliRunner) -> None:
    first = run(runner, "init-db")
    second = run(runner, "init-db")
    assert first.exit_code == second.exit_code == 0
    head = migrate.head_revision()
    assert second.output.startswith("Database ") and f"schema {head} -> {head}" in second.output
    assert migrate.current_revision(app) == head

"""The app factory, configuration, public pages and error pages, judged by what a person sees."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quickscan import config, create_app
from quickscan.db import database


def test_config_defaults_to_sqlite_in_instance_and_generates_a_kept_secret(tmp_path: Path) -> None:
    cfg = config.from_environment(str(tmp_path), environ={})
    assert cfg["DATABASE_URL"] == f"sqlite:///{tmp_path / 'quickscan.sqlite'}"
    secret_file = tmp_path / "secret_key"
    assert secret_file.read_text().strip() == cfg["SECRET_KEY"]
    assert len(cfg["SECRET_KEY"]) == 64
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    # The same key on the next start: sessions survive a restart.
    assert config.from_environment(str(tmp_path), environ={})["SECRET_KEY"] == cfg["SECRET_KEY"]


def test_config_from_environment_variables(tmp_path: Path) -> None:
    environ = {
        "QUICKSCAN_DATABASE_URL": "postgresql+psycopg://u@db/q",
        "QUICKSCAN_SECRET_KEY": "from-env",
        "QUICKSCAN_QUESTIONNAIRES": "/srv/q",
    }
    cfg = config.from_environment(str(tmp_path), environ=environ)
    assert cfg["DATABASE_URL"] == "postgresql+psycopg://u@db/q"
    assert cfg["SECRET_KEY"] == "from-env"
    assert cfg["QUESTIONNAIRE_DIR"] == "/srv/q"
    assert not (tmp_path / "secret_key").exists()


def test_instance_path_from_environment(tmp_path: Path) -> None:
    target = tmp_path / "inst"
    assert config.instance_path({"QUICKSCAN_INSTANCE_PATH": str(target)}) == str(target)
    assert target.is_dir()


def test_factory_reads_environment_when_called_not_at_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUICKSCAN_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUICKSCAN_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    app = create_app()
    assert app.instance_path == str(tmp_path)
    assert app.config["DATABASE_URL"].endswith("x.sqlite")
    database(app).engine.dispose()


def test_start_page_lists_the_shipped_questionnaire(client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Waar moet ik zijn?" in html and "Vragenlijsten" in html
    assert "leercultuur-mkb@1" in html
    assert 'href="/questionnaires/leercultuur-mkb/1"' in html


def test_questionnaire_preview_per_role_and_language(client: FlaskClient) -> None:
    employee = client.get("/questionnaires/leercultuur-mkb/1?role=employee&lang=nl")
    manager = client.get("/questionnaires/leercultuur-mkb/1?role=manager&lang=en")
    assert employee.status_code == manager.status_code == 200
    assert 'lang="nl"' in employee.get_data(as_text=True)
    assert 'lang="en"' in manager.get_data(as_text=True)
    assert employee.get_data(as_text=True) != manager.get_data(as_text=True)


def test_questionnaire_preview_shows_the_texts_of_the_definition(app: Flask, client: FlaskClient) -> None:
    from quickscan.questionnaire_store import registry

    q = registry(app).get("leercultuur-mkb", 1)
    html = client.get("/questionnaires/leercultuur-mkb/1?role=manager&lang=en").get_data(as_text=True)
    first_manager_item = q.items_for("manager")[0]
    from markupsafe import escape

    assert str(escape(first_manager_item.text["manager"]["en"])) in html


@pytest.mark.parametrize(
    "url",
    [
        "/questionnaires/nope/1",
        "/questionnaires/leercultuur-mkb/99",
        "/questionnaires/leercultuur-mkb/1?role=admin",
        "/questionnaires/leercultuur-mkb/1?lang=fr",
        "/no/such/page",
    ],
)
def test_unknown_pages_get_a_friendly_404(client: FlaskClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert "Niet gevonden" in html
    assert "Traceback" not in html


def test_an_unexpected_error_shows_a_plain_page_without_traceback(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    page = app.test_client().get("/boom")
    assert page.status_code == 500
    html = page.get_data(as_text=True)
    assert "Er ging iets mis" in html
    assert "secret internals" not in html and "Traceback" not in html


def test_method_not_allowed_is_a_readable_page(client: FlaskClient) -> None:
    page = client.post("/")
    assert page.status_code == 405
    assert "Dat kan hier niet" in page.get_data(as_text=True)


def test_stylesheet_is_served_by_the_app_and_pages_use_no_external_assets(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "http://" not in html and "https://" not in html
    with client.get("/static/quickscan.css") as css:
        assert css.status_code == 200
        assert "@import" not in css.get_data(as_text=True)


def test_health(client: FlaskClient) -> None:
    assert client.get("/health").get_json() == {"status": "ok"}


def test_gunicorn_loads_the_factory_string(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gunicorn.util import import_app

    monkeypatch.setenv("QUICKSCAN_INSTANCE_PATH", str(tmp_path))
    app = import_app("quickscan:create_app()")
    assert isinstance(app, Flask)
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'quickscan.sqlite'}"
    database(app).engine.dispose()

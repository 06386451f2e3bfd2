"""Report results as jobs (quickscan.report_jobs): computed, stored under the release key, served with
"berekend op"; gone when superseded, when the company is deleted and by retention. In process without a
queue (SQLite, the default); through procrastinate and a worker on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from flask import Flask
from sqlalchemy import select, text

from quickscan import computed_results, programme, releases, report_jobs, report_keys, retention
from quickscan.cli import main
from quickscan.db import database, transaction
from quickscan.models import Company, ComputedResult, Programme
from quickscan.questionnaire_store import registry
from reports.company import CompanyInput, CompanyReport
from reports.text import moment

from . import plan_helpers
from .plan_helpers import World, answer, client_of, make_world


@pytest.fixture
def world(app: Flask) -> World:
    return make_world(app)


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every scoring of a company report, by ``among_managers``."""
    calls: list[bool] = []
    gather = CompanyInput.gather

    def spy(self: CompanyInput, among_managers: bool = False) -> object:
        calls.append(among_managers)
        return gather(self, among_managers)

    monkeypatch.setattr(CompanyInput, "gather", spy)
    return calls


def _rows(app: Flask) -> dict[str, tuple[str, dt.datetime]]:
    with transaction(app) as s:
        found = s.execute(select(ComputedResult.scope, ComputedResult.key, ComputedResult.computed_at)).all()
    return {scope: (key, at) for scope, key, at in found}


def _pks(app: Flask, slug: str) -> tuple[int, int]:
    with transaction(app) as s:
        company = programme.company_by_slug(s, slug)
        return company.pk, company.region.programme_pk


def _key(app: Flask, slug: str, among_managers: bool = False) -> str | None:
    with transaction(app) as s:
        return report_keys.company_key(s, registry(app), programme.company_by_slug(s, slug), among_managers)


def _page(app: Flask, who: str, slug: str) -> str:
    response = client_of(app, who).get(f"/companies/{slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_signed_result_is_read_back_and_a_changed_or_foreign_one_is_not() -> None:
    packed = computed_results.pack({"mean": 3.5}, "secret")
    assert computed_results.unpack(packed, "secret") == {"mean": 3.5}
    assert computed_results.unpack(packed, "another secret") is None
    changed = packed[:-1] + bytes([packed[-1] ^ 1])
    assert computed_results.unpack(changed, "secret") is None
    assert computed_results.unpack(b"short", "secret") is None


def test_a_result_stored_by_another_version_of_the_code_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    packed = computed_results.pack({"mean": 3.5}, "secret")
    monkeypatch.setattr(computed_results, "code_fingerprint", lambda: b"the statistics of the next release")
    assert computed_results.unpack(packed, "secret") is None
    assert computed_results.unpack(computed_results.pack({"mean": 3.5}, "secret"), "secret") == {"mean": 3.5}


def test_computed_at_is_shown_in_dutch_local_time() -> None:
    assert moment(dt.datetime(2026, 11, 27, 17, 5), "nl") == "27 november 2026 om 18:05"  # CET = UTC+1
    assert moment(dt.datetime(2026, 7, 1, 9, 30), "en") == "1 July 2026 at 11:30"  # CEST = UTC+2


def test_without_a_queue_the_first_view_computes_and_stores_and_the_next_is_served_from_the_store(
    app: Flask, world: World, scored: list[bool]
) -> None:
    assert not report_jobs.queued(app)
    company_pk, _ = _pks(app, world.a)
    first = _page(app, "coach_a", world.a)
    assert scored == [False]  # the coach's view only, as before jobs
    rows = _rows(app)
    assert set(rows) == {f"company:{company_pk}:coach"}
    key, at = rows[f"company:{company_pk}:coach"]
    assert key == _key(app, world.a)
    assert f"Berekend op {moment(at, 'nl')}" in first
    # another process (no shared cache) serves the stored results without scoring
    app.extensions["quickscan.report_cache"].clear()
    second = _page(app, "coach_a", world.a)
    assert scored == [False] and f"Berekend op {moment(at, 'nl')}" in second


def test_report_build_without_a_queue_stores_every_company_for_both_readers_and_the_programme(
    app: Flask, world: World, scored: list[bool]
) -> None:
    said = app.test_cli_runner().invoke(main, ["report", "build"])
    assert said.exit_code == 0, said.output
    assert "Stored the results of 2 companies and the programme (computed here: no job queue)." in said.output
    a, programme_pk = _pks(app, world.a)
    b, _ = _pks(app, world.b)
    rows = _rows(app)
    assert set(rows) == {
        f"company:{a}:coach",
        f"company:{a}:managers",
        f"company:{b}:coach",
        f"company:{b}:managers",
        f"programme:{programme_pk}",
    }
    assert rows[f"company:{a}:managers"][0] == _key(app, world.a, among_managers=True)
    done = len(scored)
    manager_page = _page(app, "manager_a", world.a)
    _page(app, "coach_a", world.a)
    programme_page = client_of(app, "admin").get("/programme").get_data(as_text=True)
    assert len(scored) == done  # nothing scored in a request: every page came from the store
    assert f"Berekend op {moment(rows[f'company:{a}:managers'][1], 'nl')}" in manager_page
    assert f"Berekend op {moment(rows[f'programme:{programme_pk}'][1], 'nl')}" in programme_page
    pdf = client_of(app, "coach_a").get(f"/companies/{world.a}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_the_managers_view_stored_is_the_managers_report(app: Flask, world: World) -> None:
    app.test_cli_runner().invoke(main, ["report", "build"])
    a, _ = _pks(app, world.a)
    with transaction(app) as s:
        for among_managers in (False, True):
            stored = computed_results.load(
                s,
                computed_results.company_scope(a, among_managers),
                _key(app, world.a, among_managers) or "",
                str(app.config["SECRET_KEY"]),
            )
            assert stored is not None and isinstance(stored.value, CompanyReport)
            assert stored.value.company == "Alfa" and stored.value.computed_at == stored.computed_at


def test_a_new_release_deletes_the_stored_results_of_the_company_and_the_programme(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.test_cli_runner().invoke(main, ["report", "build"])
    a, programme_pk = _pks(app, world.a)
    b, _ = _pks(app, world.b)
    with transaction(app) as s:
        wave = programme.wave_of(s, programme.company_by_slug(s, world.a), "baseline")
        tokens = [i.token for i in programme.invite(s, wave, "employee", 5)]
    monkeypatch.setattr(plan_helpers, "release_pending", lambda _app: 0)
    answer(app, tokens, world.questionnaire, values={"development": 5})  # submitted, waiting
    assert len(_rows(app)) == 5  # what waits changes no result
    with transaction(app) as s:
        wave = programme.wave_of(s, programme.company_by_slug(s, world.a), "baseline")
        assert releases.release(s, wave, registry(app)) is not None
    assert set(_rows(app)) == {f"company:{b}:coach", f"company:{b}:managers"}
    page = _page(app, "coach_a", world.a)  # computed again from the new release
    assert _rows(app)[f"company:{a}:coach"][0] == _key(app, world.a)
    assert "Berekend op" in page and f"programme:{programme_pk}" not in _rows(app)


def test_withholding_deletes_the_stored_results(app: Flask, world: World) -> None:
    app.test_cli_runner().invoke(main, ["report", "build"])
    a, _ = _pks(app, world.a)
    with transaction(app) as s:
        company = programme.company_by_slug(s, world.a)
        wave = programme.wave_of(s, company, "baseline")
        link = next(i.token for i in wave.invitations if i.role == "employee" and i.response is not None)
        programme.revoke(s, company, link)
    assert not any(scope.startswith(f"company:{a}:") or scope.startswith("programme:") for scope in _rows(app))


def test_a_result_stored_for_an_older_key_is_never_served(app: Flask, world: World, scored: list[bool]) -> None:
    app.test_cli_runner().invoke(main, ["report", "build"])
    a, _ = _pks(app, world.a)
    old_key = _rows(app)[f"company:{a}:coach"][0]
    with transaction(app) as s:
        s.get(Company, a).name = "Alfa Nieuw"  # type: ignore[union-attr]
    done = len(scored)
    page = _page(app, "coach_a", world.a)
    assert len(scored) == done + 1 and "Alfa Nieuw" in page
    assert _rows(app)[f"company:{a}:coach"][0] not in (old_key, None)


def test_deleting_a_company_deletes_its_stored_results_and_the_programmes(app: Flask, world: World) -> None:
    app.test_cli_runner().invoke(main, ["report", "build"])
    b, _ = _pks(app, world.b)
    with transaction(app) as s:
        retention.delete_company(s, programme.company_by_slug(s, world.a))
    assert set(_rows(app)) == {f"company:{b}:coach", f"company:{b}:managers"}


def test_retention_deletes_every_stored_result_of_the_programme(app: Flask, world: World) -> None:
    app.test_cli_runner().invoke(main, ["report", "build"])
    assert len(_rows(app)) == 5
    with transaction(app) as s:
        prog = s.scalars(select(Programme)).one()
        prog.closed_on = dt.date.today() - dt.timedelta(days=400)
    with transaction(app) as s:
        assert retention.apply(s, 365)
    assert _rows(app) == {}


def test_the_worker_refuses_to_start_without_a_queue(app: Flask) -> None:
    said = app.test_cli_runner().invoke(main, ["worker", "--once"])
    assert said.exit_code == 1 and "No job queue: set QUICKSCAN_JOB_QUEUE=procrastinate" in said.output


def test_a_queue_on_sqlite_is_refused_at_start(app: Flask) -> None:
    if database(app).engine.dialect.name == "postgresql":
        pytest.skip("on PostgreSQL the queue is allowed")
    from quickscan import create_app

    with pytest.raises(RuntimeError, match="needs a PostgreSQL database"):
        create_app({**app.config, "JOB_QUEUE": "procrastinate"})


# --- PostgreSQL: the queue and a worker --------------------------------------------------------------------


@pytest.fixture
def queued_app(app: Flask) -> Flask:
    with database(app).engine.begin() as conn:
        conn.execute(text("TRUNCATE procrastinate_jobs RESTART IDENTITY CASCADE"))
    app.config["JOB_QUEUE"] = "procrastinate"
    return app


@pytest.mark.postgres
def test_build_enqueues_a_worker_runs_the_jobs_and_the_pages_serve_what_it_stored(
    queued_app: Flask, world: World, scored: list[bool]
) -> None:
    app = queued_app
    said = app.test_cli_runner().invoke(main, ["report", "build", "--no-wait"])
    assert said.exit_code == 0, said.output
    assert "3 job(s) in the queue 'reports'" in said.output
    assert _rows(app) == {}  # nothing computed yet: the worker does that
    report_jobs.run_worker(app, wait_for_jobs=False)  # runs until the queue is empty
    assert len(_rows(app)) == 5
    with database(app).engine.connect() as conn:
        statuses = conn.execute(text("SELECT status::text FROM procrastinate_jobs")).scalars().all()
    assert statuses == ["succeeded"] * 3
    done = len(scored)
    page = _page(app, "coach_a", world.a)
    assert len(scored) == done
    a, _ = _pks(app, world.a)
    assert f"Berekend op {moment(_rows(app)[f'company:{a}:coach'][1], 'nl')}" in page


@pytest.mark.postgres
def test_build_shows_progress_until_a_worker_elsewhere_has_run_every_job(queued_app: Flask, world: World) -> None:
    app = queued_app
    stop = threading.Event()

    def worker() -> None:  # a worker "on another machine": polls until told to stop
        while not stop.is_set():
            report_jobs.run_worker(app, wait_for_jobs=False)
            stop.wait(0.2)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        said = app.test_cli_runner().invoke(main, ["report", "build"])
    finally:
        stop.set()
        thread.join(30)
    assert said.exit_code == 0, said.output
    assert said.output.splitlines()[-2:] == ["done 3/3", "Stored the results of 2 companies and the programme."]
    assert "Stored the results of 2 companies and the programme." in said.output
    assert len(_rows(app)) == 5


@pytest.mark.postgres
def test_with_a_queue_a_page_without_stored_results_computes_in_the_request_and_enqueues_one_job(
    queued_app: Flask, world: World, scored: list[bool]
) -> None:
    app = queued_app
    a, _ = _pks(app, world.a)
    page = _page(app, "coach_a", world.a)
    _page(app, "coach_a", world.a)  # in the cache now; a new process would ask again:
    app.extensions["quickscan.report_cache"].clear()
    again = _page(app, "coach_a", world.a)
    assert "Berekend op" in page and "Alfa" in again
    assert _rows(app) == {}  # the request computed, the worker stores
    with database(app).engine.connect() as conn:
        waiting = conn.execute(text("SELECT task_name, args::text, status::text FROM procrastinate_jobs")).all()
    assert waiting == [(report_jobs.COMPANY_TASK, f'{{"pk": {a}}}', "todo")]  # once, though asked twice
    report_jobs.run_worker(app, wait_for_jobs=False)
    assert {f"company:{a}:coach", f"company:{a}:managers"} <= set(_rows(app))


@pytest.mark.postgres
def test_a_job_whose_company_is_gone_stores_nothing(queued_app: Flask, world: World) -> None:
    app = queued_app
    a, _ = _pks(app, world.a)
    report_jobs.enqueue(app, [report_jobs.Job("company", a)])
    with transaction(app) as s:
        retention.delete_company(s, programme.company_by_slug(s, world.a))
    report_jobs.run_worker(app, wait_for_jobs=False)
    assert _rows(app) == {}

"""The programme's baseline reference for reliable change, from the database (issue 16, item 6): computed
from released baselines only, once per report, in a fixed number of queries, and named on the company page."""

from __future__ import annotations

import numpy as np
from flask import Flask
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from quickscan import programme, releases, reporting
from quickscan.auth import add_user
from quickscan.db import transaction
from quickscan.models import Answer, Company, Response, Wave
from quickscan.questionnaire_store import registry
from reports.company import CompanyReport
from scoring import Answers, programme_reference
from scoring.results import DimensionComparison, PairedResult

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import release_pending
from .test_reporting import DAY, _count_queries

MANAGER = "baas@example.nl"
#: 12 of the 20 employees make the same code in both waves (the 8 + 8 others keep rule 7 satisfied).
LINKS = [f"hash-{i}" for i in range(12)] + [None] * 8


def _answers(q: Questionnaire, seed: int) -> np.ndarray:
    """20 employees' answers: a level per person plus a little noise per item (so a theme's items agree),
    reverse-worded items stored as answered."""
    items = q.items_for("employee")
    rng = np.random.default_rng(seed)
    level = rng.normal(3.3, 0.8, (20, 1))
    values = np.clip(np.rint(level + rng.normal(0, 0.5, (20, len(items)))), 1, 5)
    reverse = [j for j, item in enumerate(items) if item.reverse]
    values[:, reverse] = 6 - values[:, reverse]
    return values


def _respond(session: Session, q: Questionnaire, wave_row: Wave, seed: int, links: list[str | None]) -> None:
    invitations = programme.invite(session, wave_row, "employee", 20)
    values = _answers(q, seed)
    pks = session.scalars(
        insert(Response).returning(Response.pk, sort_by_parameter_order=True),
        [
            {"invitation_pk": inv.pk, "language": "nl", "started_on": DAY, "submitted_on": DAY, "link_code": code}
            for inv, code in zip(invitations, links, strict=True)
        ],
    ).all()
    items = q.items_for("employee")
    rows = [
        {"response_pk": pk, "element_id": item.id, "value": int(values[r, j]), "code": None, "text": None}
        for r, pk in enumerate(pks)
        for j, item in enumerate(items)
    ]
    session.execute(insert(Answer), rows)


def _company(app: Flask, name: str, seed: int, linked: bool = False, baseline_only: bool = False) -> str:
    """A company of 20 employees per wave (baseline answers drawn with ``seed``); ``linked``: with
    :data:`LINKS`."""
    q = registry(app).get("leercultuur-mkb", 1)
    with transaction(app) as s:
        company = programme.add_company(s, name, "Twente")
        for kind, shift in (("baseline", 0), ("endline", 1)):
            if kind == "endline" and baseline_only:
                continue
            w = programme.open_wave(s, company, kind, q)
            w.opened_on = DAY
            _respond(s, q, w, seed + shift, LINKS if linked else [None] * 20)
        return company.slug


def _report(app: Flask, slug: str) -> CompanyReport:
    with transaction(app) as s:
        report = reporting.company_report(s, registry(app), slug)
    assert report is not None
    return report


def _references(report: CompanyReport) -> dict[str, object]:
    assert report.comparison is not None
    out = {}
    for dim_id, dim in report.comparison.dimensions.items():
        assert isinstance(dim, DimensionComparison) and isinstance(dim.paired, PairedResult)
        out[dim_id] = dim.paired.reliable_change_reference
    return out


def _expected(app: Flask, seeds: list[int]) -> dict[str, object]:
    """The pure path: the programme's reference from the same baseline answers (see ``_respond``)."""
    q = registry(app).get("leercultuur-mkb", 1)
    found = programme_reference(q, [Answers.from_values(_answers(q, seed)) for seed in seeds])
    return dict(found.dimensions)


def test_the_company_report_uses_the_programme_reference_and_names_it(app: Flask) -> None:
    slug = _company(app, "Bouw Koppel", 10, linked=True)
    _company(app, "Metaal Twee", 20)
    release_pending(app)
    report = _report(app, slug)
    assert {r.source for r in _references(report).values()} == {"baseline"}  # two companies: not enough

    _company(app, "Zorg Drie", 30)
    release_pending(app)
    report = _report(app, slug)
    used = _references(report)
    assert used == _expected(app, [10, 20, 30])
    assert {(r.source, r.companies) for r in used.values()} == {("programme", 3)}  # type: ignore[attr-defined]
    # the whole load (quickscan report build) gives the same reference
    with transaction(app) as s:
        everything, _ = reporting.everything(s, registry(app), "key")
    assert _references(everything[slug]) == used

    with transaction(app) as s:
        company = s.scalar(select(Company).where(Company.slug == slug))
        add_user(s, MANAGER, PASSWORD, "manager", company=company)
    client = app.test_client()
    assert log_in(client, MANAGER, PASSWORD).status_code == 302
    page = client.get(f"/companies/{slug}?lang=en").get_data(as_text=True)
    first = next(iter(used.values()))
    assert f"the programme&#39;s baseline (n = {first.n}, 3 companies, alpha" in page  # type: ignore[attr-defined]


def test_only_released_baselines_of_shown_companies_enter(app: Flask) -> None:
    slug = _company(app, "Bouw Koppel", 10, linked=True)
    _company(app, "Metaal Twee", 20)
    _company(app, "Zorg Drie", 30)
    release_pending(app)
    _company(app, "Later Vier", 40, baseline_only=True)  # submitted, not released: stays out
    assert _references(_report(app, slug)) == _expected(app, [10, 20, 30])

    release_pending(app)
    assert _references(_report(app, slug)) == _expected(app, [10, 20, 30, 40])

    # a withheld wave (a response deleted on request) leaves the reference until its next release
    with transaction(app) as s:
        withheld = s.scalar(select(Wave).join(Company).where(Company.name == "Zorg Drie", Wave.kind == "baseline"))
        assert withheld is not None
        releases.withhold(withheld)
    assert _references(_report(app, slug)) == _expected(app, [10, 20, 40])


def test_one_company_page_loads_the_programme_in_a_fixed_number_of_queries(app: Flask) -> None:
    slug = _company(app, "Bouw Koppel", 10, linked=True)
    for i in range(3):
        _company(app, f"Bedrijf {i}", 20 + i)
    release_pending(app)
    with _count_queries(app) as few, transaction(app) as s:
        reporting.company_report(s, registry(app), slug)
    for i in range(3, 6):
        _company(app, f"Bedrijf {i}", 20 + i)
    release_pending(app)
    with _count_queries(app) as more, transaction(app) as s:
        report = reporting.company_report(s, registry(app), slug)
    assert report is not None
    assert {r.companies for r in _references(report).values()} == {7}  # type: ignore[attr-defined]
    assert len(more) == len(few)
    # nothing released since: the reference is kept (one small query instead of loading the programme)
    with _count_queries(app) as again, transaction(app) as s:
        kept = reporting.company_report(s, registry(app), slug)
    assert kept is not None and _references(kept) == _references(report)
    assert len(again) == len(more) - 2  # not: the baseline waves, nor their respondents with their answers (one query)

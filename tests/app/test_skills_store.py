"""The skills matrix in the database: changes, refusals, snapshots when a wave closes, deletion and retention."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import func, select

from quickscan import exports, programme, retention, skills_store
from quickscan.db import Base, transaction
from quickscan.models import Company
from quickscan.skills_models import SkillCell, SkillPerson, SkillSnapshot, SkillTask
from quickscan.skills_store import SkillsInputError

from .survey_helpers import make_company, store_responses

SKILL_TABLES = (SkillTask, SkillPerson, SkillCell, SkillSnapshot)


def _count(app: Flask, model) -> int:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _matrix(app: Flask, slug: str) -> None:
    """Two tasks (welding critical), three people; Anna and Bram qualified at welding, only Anna at sawing."""
    with transaction(app) as s:
        company = programme.company_by_slug(s, slug)
        weld = skills_store.add_task(s, company, "Lassen", critical=True)
        saw = skills_store.add_task(s, company, "Zagen")
        anna, bram, cas = (skills_store.add_person(s, company, n) for n in ("Anna", "Bram", "Cas"))
        skills_store.set_cell(s, anna, weld, 4, None, None, "coach@example.nl")
        skills_store.set_cell(s, bram, weld, 3, None, None, "coach@example.nl")
        skills_store.set_cell(s, anna, saw, 3, None, None, "coach@example.nl")
        skills_store.set_cell(s, cas, saw, 1, 3, dt.date(2027, 3, 1), "coach@example.nl")


def test_the_figures_follow_the_cells(app: Flask) -> None:
    a = make_company(app, "Alfa", employees=1, managers=0)
    _matrix(app, a.company)
    with transaction(app) as s:
        f = skills_store.figures(s, programme.company_by_slug(s, a.company))
    assert (f.people, f.tasks, f.critical_tasks, f.critical_covered, f.one_person_tasks, f.with_step) == (
        3,
        2,
        1,
        1,
        1,
        1,
    )
    with transaction(app) as s:  # Cas leaves: inactive people do not count
        company = programme.company_by_slug(s, a.company)
        cas = s.scalars(select(SkillPerson).where(SkillPerson.name == "Cas")).one()
        skills_store.update_person(s, company, cas, "Cas", active=False)
        f = skills_store.figures(s, company)
    assert (f.people, f.with_step) == (2, 0)


def test_bad_changes_are_refused_and_store_nothing(app: Flask) -> None:
    a = make_company(app, "Alfa", employees=1, managers=0)
    _matrix(app, a.company)
    with transaction(app) as s:
        company = programme.company_by_slug(s, a.company)
        with pytest.raises(SkillsInputError):
            skills_store.add_task(s, company, "  lassen ")  # the same name, other case and spaces
        with pytest.raises(SkillsInputError):
            skills_store.add_person(s, company, "   ")
        with pytest.raises(SkillsInputError):
            skills_store.add_person(s, company, "anna")
        with pytest.raises(SkillsInputError):
            skills_store.add_task(s, company, "Heftruck", minimum=0)
        anna = s.scalars(select(SkillPerson).where(SkillPerson.name == "Anna")).one()
        weld = s.scalars(select(SkillTask).where(SkillTask.name == "Lassen")).one()
        with pytest.raises(SkillsInputError) as refused:
            skills_store.set_cell(s, anna, weld, 7, None, None, "x")
        assert str(refused.value.on_page()) == "Een niveau is 0, 1, 2, 3 of 4."
        with pytest.raises(SkillsInputError):
            skills_store.set_cell(s, anna, weld, 2, None, dt.date(2027, 1, 1), "x")
    assert _count(app, SkillTask) == 2 and _count(app, SkillPerson) == 3
    with transaction(app) as s:
        assert s.scalars(select(SkillCell.level).join(SkillPerson).where(SkillPerson.name == "Anna")).all() == [4, 3]


def test_removing_a_person_or_a_task_removes_their_cells(app: Flask) -> None:
    a = make_company(app, "Alfa", employees=1, managers=0)
    _matrix(app, a.company)
    with transaction(app) as s:
        anna = s.scalars(select(SkillPerson).where(SkillPerson.name == "Anna")).one()
        assert skills_store.remove_person(s, anna) == 2
    assert _count(app, SkillPerson) == 2 and _count(app, SkillCell) == 2
    with transaction(app) as s:
        skills_store.remove_task(s, s.scalars(select(SkillTask).where(SkillTask.name == "Zagen")).one())
    assert _count(app, SkillTask) == 1 and _count(app, SkillCell) == 1


def test_closing_a_wave_takes_a_snapshot_of_totals(app: Flask) -> None:
    a = make_company(app, "Alfa", employees=1, managers=0)
    b = make_company(app, "Beta", employees=1, managers=0)  # no matrix: no snapshot
    _matrix(app, a.company)
    with transaction(app) as s:
        for slug in (a.company, b.company):
            programme.close_wave(
                s, programme.wave_of(s, programme.company_by_slug(s, slug), "baseline"), a.questionnaire
            )
    with transaction(app) as s:
        [snap] = s.scalars(select(SkillSnapshot)).all()
        assert snap.kind == "baseline" and snap.figures["critical_covered"] == 1 and snap.figures["with_step"] == 1
        assert "Anna" not in str(snap.figures)
        company = programme.company_by_slug(s, a.company)
        anna = s.scalars(select(SkillPerson).where(SkillPerson.name == "Cas")).one()
        skills_store.set_cell(
            s,
            anna,
            s.scalars(select(SkillTask).where(SkillTask.name == "Lassen")).one(),
            1,
            2,
            dt.date(2027, 1, 1),
            "x",
        )
        skills_store.take_snapshot(s, company, "endline")
        change = skills_store.change(s, company)
        assert change is not None and change.with_step == 0 and change.critical_covered == 0
        totals = skills_store.programme_totals(s, [c.pk for c in s.scalars(select(Company))])
        assert totals.companies == 1 and totals.compared == 1 and totals.now.people == 3


def test_deleting_the_company_deletes_its_matrix(app: Flask) -> None:
    a = make_company(app, "Alfa", employees=1, managers=0)
    _matrix(app, a.company)
    with transaction(app) as s:
        company = programme.company_by_slug(s, a.company)
        skills_store.take_snapshot(s, company, "manual")
        retention.delete_company(s, company)
    assert [_count(app, m) for m in SKILL_TABLES] == [0, 0, 0, 0]


def test_retention_deletes_the_matrix_but_keeps_the_totals(app: Flask) -> None:
    a = make_company(app, "Alfa", employees=2, managers=0)
    store_responses(app, a.employee, a.questionnaire)
    _matrix(app, a.company)
    with transaction(app) as s:
        skills_store.take_snapshot(s, programme.company_by_slug(s, a.company), "manual")
        prog = programme.company_by_slug(s, a.company).region.programme
        prog.closed_on = dt.date(2024, 1, 1)
    with transaction(app) as s:
        [item] = retention.expired(s, 365, today=dt.date(2025, 2, 1))
        assert item.skill_people == 3 and item.what() == "2 responses and 3 person(s) of skills matrices"
        retention.apply(s, 365, today=dt.date(2025, 2, 1))
    assert [_count(app, m) for m in SKILL_TABLES] == [0, 0, 0, 1]


def test_nothing_links_the_matrix_to_the_survey() -> None:
    survey = {"waves", "invitations", "responses", "answers", "releases"}
    for model in SKILL_TABLES:
        table = Base.metadata.tables[model.__tablename__]
        assert {fk.column.table.name for fk in table.foreign_keys} <= {"companies", "skill_people", "skill_tasks"}
        assert not {fk.column.table.name for fk in table.foreign_keys} & survey


def test_the_survey_export_holds_nothing_of_the_matrix(app: Flask) -> None:
    a = make_company(app, "Alfa", employees=6, managers=0)
    store_responses(app, a.employee, a.questionnaire)
    _matrix(app, a.company)
    with transaction(app) as s:
        company = programme.company_by_slug(s, a.company)
        programme.close_wave(s, programme.wave_of(s, company, "baseline"), a.questionnaire)
        table = exports.build(s, a.questionnaire, [company])
    everything = repr((table.header, table.rows, table.codebook))
    assert table.rows and not any(word in everything for word in ("Anna", "Bram", "Lassen", "Zagen"))

"""The demo's skills matrices (inzetbaarheidsmatrix): the first three companies of the demo's first region
keep one, so ``make run`` shows the grid, the leerbehoeften and the change between baseline and end-line.

Tasks follow the company's sector (a few critical), people are invented first names, levels are drawn so
that most tasks have two or more people at level 3+; the first critical task has only one (the risk the grid
flags) and the last task none.
The baseline snapshot is the matrix as it stood when the baseline closed; by the end-line about half of the
dated targets were reached (levels raised) and about half of the people got a new one; the end-line snapshot
keeps that. A seeded generator of its own, so the demo's other data stay as they were.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import skills_store
from .models import Company

#: How many companies (the first ones created) keep a matrix.
COMPANIES = 3
#: Tasks per sector; a ``*`` marks a critical one.
TASKS = {
    "bouw": ("Metselen", "Timmeren", "Bekisting *", "Steigerbouw *", "Tekening lezen", "Kraan bedienen *", "Tegelen"),
    "metaal": ("Lassen MIG *", "Lassen TIG", "CNC draaien *", "Frezen", "Zagen", "Meten en controleren", "Heftruck"),
    "installatie": (
        "Storing zoeken *",
        "CV-ketel *",
        "Warmtepomp",
        "Elektra",
        "Zonnepanelen",
        "Leidingwerk",
        "Offerte",
    ),
    "zorg": ("Medicatie *", "Tillift *", "Rapporteren", "Dagprogramma", "Wondzorg", "Begeleiden", "Roosteren"),
    "agri": ("Oogsten", "Klimaatcomputer *", "Gewasbescherming *", "Heftruck", "Sorteren", "Inpakken", "Planning"),
}
FIRST_NAMES = (
    "Ahmed", "Anouk", "Bas", "Daan", "Emma", "Fatima", "Gerrit", "Hanna", "Iris", "Jeroen", "Kees", "Lotte",
    "Mehmet", "Nina", "Olga", "Pieter", "Rik", "Sanne", "Tom", "Yusuf", "Wim", "Zeynep",
)  # fmt: skip
#: The level chances (0-4) of a cell.
LEVEL_CHANCES = (0.3, 0.12, 0.18, 0.28, 0.12)


def create(session: Session, seed: int, baseline_closed: dt.date, endline_closed: dt.date) -> int:
    """Matrices for the first :data:`COMPANIES` companies; how many were made (only ``flush()``es)."""
    rng = np.random.default_rng([seed, 3])
    companies = session.scalars(select(Company).order_by(Company.pk).limit(COMPANIES)).all()
    for company in companies:
        names = [str(n) for n in rng.choice(FIRST_NAMES, size=int(rng.integers(12, 19)), replace=False)]
        tasks = [
            skills_store.add_task(session, company, name.rstrip(" *"), critical=name.endswith("*"), minimum=2)
            for name in TASKS.get(company.sector or "", TASKS["metaal"])
        ]
        people = [skills_store.add_person(session, company, name) for name in sorted(names)]
        levels = rng.choice(5, size=(len(people), len(tasks)), p=LEVEL_CHANCES)
        # The grid's flags show: the first critical task has one qualified person, the last task none.
        first_critical = next(j for j, t in enumerate(tasks) if t.critical)
        levels[:, first_critical] = np.minimum(levels[:, first_critical], 2)
        levels[int(rng.integers(len(people))), first_critical] = 4
        levels[:, -1] = np.minimum(levels[:, -1], 2)
        # A dated target for about a third of the people, on one task below level 3.
        targets: dict[tuple[int, int], dt.date] = {}
        for i in range(len(people)):
            low = np.flatnonzero(levels[i] < 3)
            if low.size and rng.random() < 0.35:
                targets[(i, int(rng.choice(low)))] = endline_closed - dt.timedelta(days=int(rng.integers(10, 120)))
        at = dt.datetime.combine(baseline_closed, dt.time(12))
        by = "demo"
        for i, person in enumerate(people):
            for j, task in enumerate(tasks):
                day = targets.get((i, j))
                target = 3 if day is not None else None
                skills_store.set_cell(session, person, task, int(levels[i, j]), target, day, by, at)
        skills_store.take_snapshot(session, company, "baseline", at)
        # By the end-line about half of the targets were reached; a few new ones were set.
        end = dt.datetime.combine(endline_closed, dt.time(12))
        for i, j in targets:
            if rng.random() < 0.5:
                skills_store.set_cell(session, people[i], tasks[j], 3, None, None, by, end)
        for person in people:
            if rng.random() < 0.5:
                j = int(rng.integers(len(tasks)))
                cell = skills_store.cells(session, company).get((person.pk, tasks[j].pk))
                if cell is not None and cell.level < 4:
                    day = endline_closed + dt.timedelta(days=int(rng.integers(60, 240)))
                    skills_store.set_cell(session, person, tasks[j], cell.level, cell.level + 1, day, by, end)
        skills_store.take_snapshot(session, company, "endline", end)
    return len(companies)

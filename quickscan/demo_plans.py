"""The demo's plans of approach: what most of the 48 demo companies chose after their baseline, and how far
they got by the end-line.

:mod:`quickscan.demo` calls :func:`choose` once a company's baseline answers exist, and :func:`store` when
the company is done. Focus areas come from what the coach saw at the baseline: mostly the weakest
dimensions of the employees' answers, sometimes the largest gap between managers and employees, now and
then the owner's own wish; a company whose baseline had too few employees to show results chose in
conversation, without numbers. Actions come from the questionnaire's suggestions or are the demo's own,
with roles as owners, dates between the baseline and just after the end-line, and a status as it stands at
the end-line (some done, some going, some stopped, some overdue). A few companies have no plan.

The end-line answers of a focus dimension rise a little more (:func:`extra_change`): :data:`FOCUS_EFFECT`
times how far the company's actions got. That is an assumption of the demo, put in so the end-line pages
have something to show; it is not evidence that plans work. A seeded generator of its own makes the plans,
so the same seed gives the same plans and the demo's other data stay as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from reports.plan import MAX_FOCUS_AREAS, Status
from scoring import anonymity

from .models import ActionNote, ActionStep, Company, FocusArea, Plan, PlanAction

#: How much more (on the 1–5 latent scale of the demo's answer model) a focus dimension rises at the
#: end-line when all of its company's actions are done; half of it for actions still going.
FOCUS_EFFECT = 0.15
#: Demo companies (by index) without a plan: the coach's overview shows "geen plan".
WITHOUT_PLAN = frozenset({6, 17, 29, 40})
#: The action owner close to the work, per demo sector.
TEAM_LEADS = {
    "bouw": "Uitvoerder",
    "metaal": "Teamleider werkplaats",
    "installatie": "Teamleider service",
    "zorg": "Teamleider wonen",
    "agri": "Teamleider kas",
}
OWNERS = ("Bedrijfsleider", "HR-medewerker", "Praktijkopleider")
#: Actions the demo's companies wrote themselves, per dimension: (title, what and why).
OWN_ACTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "psych_safety": (
        ("Elke maand één fout bespreken in het werkoverleg", "Wat ging er mis, wat leren we ervan? Geen schuldige."),
        ("Na een incident eerst vragen wat er gebeurde", "Niet: wie heeft het gedaan. De leiding doet het voor."),
    ),
    "time_to_learn": (
        ("Het laatste uur van de vrijdag is voor uitleg en leren", "Om de beurt laat iemand iets nieuws zien."),
        ("Leertijd apart noteren in de urenregistratie", "Zo zien we hoeveel tijd er echt naar leren gaat."),
    ),
    "leadership": (
        ("Elke week een ochtend meewerken op de werkvloer", "Vragen stellen in plaats van antwoorden geven."),
        ("Leidinggevenden volgen samen een korte training coachen", "Twee dagdelen, met het O&O-fonds."),
    ),
    "knowledge_sharing": (
        ("Vaste koppels van een ervaren en een nieuwe collega", "Voor de drie lastigste klussen."),
        ("Korte filmpjes van lastige handelingen op de telefoon", "Gemaakt door de vakmensen zelf."),
    ),
    "development": (
        ("Een gesprek over leren bij het jaargesprek", "Wat wil je leren, wat heb je daarvoor nodig?"),
        ("Laten weten welke opleidingen het bedrijf betaalt", "Een lijst in de kantine en in de app."),
    ),
    "ownership": (
        ("Medewerkers kiezen zelf een cursus uit het aanbod", "Uit het aanbod van het O&O-fonds; één per jaar."),
        ("Leerwensen ophalen in het werkoverleg", "Iedereen noemt één ding dat hij of zij wil leren."),
    ),
    "reflection": (
        ("Na elke grote klus tien minuten terugkijken", "Wat ging goed, wat kan beter? Eén punt opschrijven."),
        ("Een verbeterbord bij de koffieautomaat", "Ideeën erop; elke maand kiezen we er één."),
    ),
}
STEPS = (
    "Bespreken in het werkoverleg",
    "Afspraak in de planning zetten",
    "Uitleggen aan de ploeg",
    "Eerste keer uitproberen",
    "Na een maand samen terugkijken",
    "Vastleggen in een korte werkinstructie",
)
NOTES: dict[str, tuple[str, ...]] = {
    "done": ("Gedaan. De ploeg vond het nuttig; we houden het erin.", "Afgerond en besproken in het werkoverleg."),
    "in_progress": ("Eerste keer gedaan; ging beter dan verwacht.", "Loopt, maar niet elke week: de drukte gaat voor."),
    "stopped": (
        "Gestopt: past niet bij de ploegendiensten. We proberen iets anders.",
        "Gestopt na twee keer; te weinig animo. Besproken met de coach.",
    ),
    "planned": ("Uitgesteld tot na de drukke periode.",),
}
WHY = {
    "weakest": (
        "Laagste score bij de nulmeting.",
        "Een van de laagste scores bij de nulmeting; herkenbaar voor de ondernemer.",
        "Scoort laag bij de nulmeting.",
    ),
    "gap": ("De leiding ziet dit duidelijk positiever dan de medewerkers.",),
    "wish": ("De ondernemer wil hier zelf mee verder.",),
    "conversation": ("Uit het gesprek met de coach: hier wil het bedrijf mee aan de slag.",),
}


@dataclass
class DemoAction:
    title: str
    description: str
    owner: str
    start_on: dt.date | None
    due_on: dt.date
    status: Status
    shareable: bool
    from_suggestion: bool
    updated_at: dt.datetime
    steps: list[tuple[str, bool]] = field(default_factory=list)
    notes: list[tuple[dt.datetime, str]] = field(default_factory=list)


@dataclass
class DemoPlan:
    created_at: dt.datetime
    #: (dimension id, why, actions), in the plan's order.
    focus: list[tuple[str, str, list[DemoAction]]]

    @property
    def touched_at(self) -> dt.datetime:
        return max(
            [self.created_at]
            + [a.updated_at for _, _, actions in self.focus for a in actions]
            + [at for _, _, actions in self.focus for a in actions for at, _ in a.notes]
        )


def _observed(q: Questionnaire, answers: Sequence[Mapping[str, Any]], role: str) -> dict[str, float]:
    """Per dimension, the mean of the items ``role`` answered (reverse-worded items turned back): what the
    baseline page showed, close enough to the report's scores to rank the dimensions."""
    sums: dict[str, list[float]] = {}
    for item in q.items_for(role):  # type: ignore[arg-type]
        scale = q.scales[item.scale]
        for one in answers:
            value = one.get(item.id, (None,))[0]
            if value is not None:
                sums.setdefault(item.dimension, []).append(scale.reverse(value) if item.reverse else value)
    return {d: float(np.mean(v)) for d, v in sums.items()}


def choose(
    rng: np.random.Generator,
    q: Questionnaire,
    index: int,
    sector: str,
    baseline: Mapping[str, Sequence[Mapping[str, Any]]],
    baseline_closed: dt.date,
    end: dt.date,
    last: bool = False,
) -> DemoPlan | None:
    """The plan demo company ``index`` made after its baseline (``baseline``: the answers per role), with
    each action's status as it stands on ``end``; None for the companies without a plan. ``last`` marks the
    company whose end-line stays open: it gets an action employees are told about on its welcome page."""
    if index in WITHOUT_PLAN:
        return None
    dims = [d.id for d in q.dimensions]
    n_focus = 2 if index == 0 else int(rng.choice([1, 2, 3], p=[0.25, 0.5, 0.25]))
    n_focus = min(n_focus, MAX_FOCUS_AREAS)
    employees = baseline.get("employee", [])
    focus: list[tuple[str, str]] = []
    if len(employees) < anonymity.threshold(q):
        # No results to choose from (too few employees answered): chosen in conversation, without numbers.
        for d in rng.permutation(dims)[:n_focus]:
            focus.append((str(d), WHY["conversation"][0]))
    else:
        emp = _observed(q, employees, "employee")
        man = _observed(q, baseline.get("manager", []), "manager")
        weakest = sorted(dims, key=lambda d: emp.get(d, 9.0))
        gaps = sorted(dims, key=lambda d: emp.get(d, 9.0) - man.get(d, emp.get(d, 9.0)))
        while len(focus) < n_focus:
            taken = {d for d, _ in focus}
            u = rng.random()
            pool, reason = (weakest, "weakest") if u < 0.75 else (gaps, "gap") if u < 0.9 else (dims, "wish")
            if reason == "wish":
                pool = [str(d) for d in rng.permutation(dims)]
            left = [x for x in pool if x not in taken]
            # Not always the very weakest: of the first three left, the first most often.
            d = left[int(rng.choice(3, p=[0.55, 0.3, 0.15]))] if reason != "wish" and len(left) >= 3 else left[0]
            focus.append((d, WHY[reason][int(rng.integers(len(WHY[reason])))]))
    day = baseline_closed + dt.timedelta(days=int(rng.integers(3, 40)))
    created = dt.datetime.combine(day, dt.time(int(rng.integers(9, 17)), int(rng.choice([0, 15, 30, 45]))))
    engagement = float(rng.random())
    plan = DemoPlan(created, [])
    for d, why in focus:
        count = int(rng.choice([1, 2, 3, 4], p=[0.3, 0.35, 0.25, 0.1]))
        # Each suggestion and own action at most once per focus area.
        suggestions = list(next(x for x in q.dimensions if x.id == d).suggestions.get("nl", ()))
        own = list(OWN_ACTIONS.get(d, ()))
        actions = [_action(rng, suggestions, own, sector, created, end, engagement) for _ in range(count)]
        plan.focus.append((d, why, actions))
    if last and not any(a.shareable and a.status == "done" for _, _, actions in plan.focus for a in actions):
        first = plan.focus[0][2][0]
        first.status, first.shareable = "done", True
        first.steps = [(text, True) for text, _ in first.steps]
    return plan


def _action(
    rng: np.random.Generator,
    suggestions: list[str],
    own: list[tuple[str, str]],
    sector: str,
    created: dt.datetime,
    end: dt.date,
    engagement: float,
) -> DemoAction:
    """One action, taken from (and out of) ``suggestions`` or ``own``."""
    from_suggestion = bool(suggestions) and (rng.random() < 0.55 or not own)
    if from_suggestion:
        title, description = suggestions.pop(int(rng.integers(len(suggestions)))), ""
    else:
        title, description = own.pop(int(rng.integers(len(own)))) if own else ("Eigen actie", "")
    owners = (*OWNERS, TEAM_LEADS.get(sector, "Teamleider"))
    owner = owners[int(rng.choice(len(owners), p=[0.35, 0.2, 0.1, 0.35]))]
    start = created.date() + dt.timedelta(days=int(rng.integers(0, 150)))
    due = start + dt.timedelta(days=int(rng.integers(30, 200)))
    status = _status(rng, due <= end, engagement)
    # The last change: for a finished action around its due date; otherwise somewhere since its start.
    last_day = min(due, end) if status == "done" else start + (min(end, due) - start) * float(rng.random())
    last_day = max(created.date(), min(last_day, end))
    updated = dt.datetime.combine(last_day, dt.time(int(rng.integers(8, 18)), int(rng.integers(60))))
    action = DemoAction(
        title=title,
        description=description,
        owner=owner,
        start_on=start if rng.random() < 0.9 else None,
        due_on=due,
        status=status,
        shareable=status in ("done", "in_progress") and rng.random() < 0.5,
        from_suggestion=from_suggestion,
        updated_at=updated,
    )
    if rng.random() < 0.5:
        texts = rng.choice(len(STEPS), size=int(rng.integers(2, 5)), replace=False)
        done = {"done": len(texts), "planned": 0}.get(status, int(rng.integers(0, len(texts))))
        action.steps = [(STEPS[int(t)], i < done) for i, t in enumerate(texts)]
    if rng.random() < 0.35 or status == "stopped":
        note_day = max(created.date(), min(updated.date(), end) - dt.timedelta(days=int(rng.integers(0, 10))))
        texts_of = NOTES[status]
        action.notes.append(
            (
                dt.datetime.combine(note_day, dt.time(int(rng.integers(8, 18)))),
                texts_of[int(rng.integers(len(texts_of)))],
            )
        )
    return action


def _status(rng: np.random.Generator, due_by_end: bool, engagement: float) -> Status:
    """An action's status at the end-line: mostly done when it was due by then (more so in an engaged
    company), some stopped, and what is left over its date is overdue; going or planned when due later."""
    if due_by_end:
        done = 0.55 + 0.35 * engagement
        p = [(1 - done - 0.1) * 0.25, (1 - done - 0.1) * 0.75, done, 0.1]
    else:
        p = [0.25, 0.55, 0.15, 0.05]
    statuses: tuple[Status, ...] = ("planned", "in_progress", "done", "stopped")
    return statuses[int(rng.choice(4, p=p))]


def extra_change(plan: DemoPlan | None) -> dict[str, float]:
    """The extra end-line rise per focus dimension: :data:`FOCUS_EFFECT` times how far the company's actions
    got (done counts 1, going one half, planned or stopped nothing)."""
    if plan is None:
        return {}
    weight = {"done": 1.0, "in_progress": 0.5}
    actions = [a for _, _, acts in plan.focus for a in acts]
    progress = sum(weight.get(a.status, 0.0) for a in actions) / len(actions) if actions else 0.0
    return {d: FOCUS_EFFECT * progress for d, _, _ in plan.focus}


def store(session: Session, company: Company, plan: DemoPlan, authors: Sequence[str]) -> None:
    """Add ``plan`` as ``company``'s plan; notes are written by one of ``authors`` (the demo's coach and
    manager accounts). Only adds; the demo flushes."""
    row = Plan(company_pk=company.pk, created_at=plan.created_at, touched_at=plan.touched_at)
    for position, (dimension, why, actions) in enumerate(plan.focus):
        focus = FocusArea(dimension_id=dimension, why=why, position=position)
        for number, a in enumerate(actions):
            focus.actions.append(
                PlanAction(
                    title=a.title,
                    description=a.description,
                    owner=a.owner,
                    start_on=a.start_on,
                    due_on=a.due_on,
                    status=a.status,
                    shareable=a.shareable,
                    from_suggestion=a.from_suggestion,
                    created_at=plan.created_at,
                    updated_at=a.updated_at,
                    steps=[ActionStep(text=t, done=done, position=i) for i, (t, done) in enumerate(a.steps)],
                    notes=[
                        ActionNote(written_at=at, author=authors[(number + i) % len(authors)], text=text)
                        for i, (at, text) in enumerate(a.notes)
                    ],
                )
            )
        row.focus_areas.append(focus)
    session.add(row)

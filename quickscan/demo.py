"""A demo programme shaped like a provincial one, with answers drawn from a plausible model.

6 labour-market regions x 8 companies of 20-100 employees, one coach per region, one manager account per
company, a closed baseline and an open end-line. The answer model (all on the 1-5 agree scale):

    latent(respondent, dimension) = 3.3 + company culture + dimension offset + person effect
                                    (+ company change at the end-line) (+ 0.4 for managers: rosier)
                                    (+ a little more at the end-line on the plan's focus dimensions)
    answer(item) = round(latent + item noise), reversed for reverse-worded items, clipped to 1..5;
    about 4 % "weet ik niet", 3 % skipped; response rate 55-90 %.

A few companies get fewer than 5 employee responses, so the anonymity rules show; about a third of the
respondents make a link code at both waves, so the paired analysis has data; about one in four employees
writes an open answer to each open question. After its baseline most companies make a plan of approach
(:mod:`quickscan.demo_plans`), and the skills matrices of three companies (:mod:`quickscan.demo_skills`). The same
seed gives the same programme, tokens and plans included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from questionnaires import ROLES, Item, Questionnaire

from . import demo_circle, demo_dialogue, demo_plans, demo_skills, programme
from .auth import add_user, hash_password
from .models import Answer, Company, Invitation, Response, User, Wave
from .response_store import link_hash

#: Open answers the demo's employees write (about one in four per question), in plain Dutch.
DEMO_COMMENTS = {
    "going_well": (
        "Collega's helpen je altijd als je iets niet weet.",
        "Nieuwe mensen krijgen een vaste collega die ze inwerkt.",
        "Je mag een cursus volgen als je dat vraagt.",
        "We bespreken fouten zonder dat iemand de schuld krijgt.",
        "De leidinggevende vraagt regelmatig hoe het gaat.",
        "In het werkoverleg delen we wat we geleerd hebben.",
        "Ik leer veel van de oudere collega's.",
        "Er is ruimte om dingen uit te proberen.",
        "Weinig. Het is vooral druk.",
        "Als je iets wilt leren, wordt dat meestal wel geregeld.",
    ),
    "would_help": (
        "Meer tijd tijdens het werk om iets nieuws te leren.",
        "Een gesprek over wat ik over een paar jaar wil doen.",
        "Dat we na een klus kort terugkijken wat beter kan.",
        "Korte trainingen op de werkplek in plaats van een hele dag weg.",
        "Dat ik eens mee mag kijken op een andere afdeling.",
        "Duidelijkheid over welke opleidingen het bedrijf betaalt.",
        "Een ontwikkelplan dat we ook echt bijhouden.",
        "Minder werkdruk, dan is er ruimte om te leren.",
        "Filmpjes of uitleg op de telefoon die ik kan bekijken als het uitkomt.",
        "Meer waardering als je iets nieuws hebt geleerd.",
    ),
}

DEMO_PASSWORD = "demo-wachtwoord"
ADMIN_EMAIL = "admin@demo.quickscan.nl"
REGIONS = ("Twente", "Achterhoek", "Rijnmond", "Zuid-Limburg", "Friesland", "Midden-Utrecht")
SECTORS = {
    "bouw": ("Bouwbedrijf", ("uitvoering", "werkvoorbereiding", "kantoor")),
    "metaal": ("Metaalbewerking", ("productie", "onderhoud", "kantoor")),
    "installatie": ("Installatietechniek", ("monteurs", "service", "kantoor")),
    "zorg": ("Zorggroep", ("wonen", "dagbesteding", "ondersteuning")),
    "agri": ("Kwekerij", ("kas", "logistiek", "kantoor")),
}
FAMILY_NAMES = (
    "De Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "De Boer",
    "Mulder",
    "De Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Van Leeuwen",
    "Dekker",
    "Brouwer",
    "De Wit",
    "Dijkstra",
    "Smits",
    "De Graaf",
    "Van der Meer",
    "Van der Linden",
    "Kok",
    "Jacobs",
    "De Haan",
    "Vermeulen",
    "Van den Berg",
    "Van Dijk",
    "Schouten",
    "Willems",
    "Hoekstra",
    "Koster",
    "Verhoeven",
    "Prins",
    "Huisman",
    "Postma",
    "Kuipers",
    "Van Vliet",
    "Wouters",
    "Timmermans",
    "Gerritsen",
    "Van Beek",
    "Kramer",
    "Scholten",
    "Post",
    "Hermans",
    "Molenaar",
    "Evers",
)
BASELINE_DAY = dt.date(2026, 1, 20)
ENDLINE_DAY = dt.date(2026, 11, 10)
#: Companies (by index) with fewer than 5 employee responses at one wave, to show the anonymity rules.
SMALL = {5: "baseline", 19: "endline", 33: "both"}


@dataclass
class DemoSummary:
    companies: int = 0
    responses: int = 0
    answers: int = 0
    open_link_token: str | None = None
    logins: list[tuple[str, str]] = field(default_factory=list)


def is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(Company)) and not session.scalar(
        select(func.count()).select_from(User)
    )


def _token(rng: np.random.Generator) -> str:
    return bytes(rng.integers(0, 256, 32, dtype=np.uint8)).hex()[:43]


def create(
    session: Session,
    q: Questionnaire,
    seed: int = 2026,
    progress: Callable[[int, int], None] | None = None,
    regions: tuple[str, ...] = REGIONS,
) -> DemoSummary:
    """Fill an empty database with the demo programme (only ``flush()``es; the caller commits).

    ``regions`` can be shortened (tests); each region has 8 companies.
    """
    rng = np.random.default_rng(seed)
    # The open answers draw from a stream of their own, so adding them left every other demo answer as it was.
    comment_rng = np.random.default_rng([seed, 1])
    # So do the plans of approach (quickscan.demo_plans).
    plan_rng = np.random.default_rng([seed, 2])
    summary = DemoSummary()
    hashed = hash_password(DEMO_PASSWORD)  # once: scrypt is slow on purpose
    add_user(session, ADMIN_EMAIL, DEMO_PASSWORD, "admin", password_hash=hashed)
    summary.logins.append(("admin", ADMIN_EMAIL))
    items = {role: q.items_for(role) for role in ROLES}
    dim_offset = {d.id: rng.normal(0, 0.25) for d in q.dimensions}
    plan = q.development_plan_question()
    dept_q = next((x for x in q.questions if x.id == "department"), None)
    years_q = next((x for x in q.questions if x.id == "years_employed"), None)
    open_ids = [x.id for x in q.questions if x.type == "open" and x.id in DEMO_COMMENTS and "employee" in x.text]
    n_companies = len(regions) * 8
    names = list(rng.permutation(FAMILY_NAMES))
    index = 0
    for region_name in regions:
        coached: list[Company] = []
        coach_email = f"coach-{programme.slugify(region_name)}@demo.quickscan.nl"
        for _ in range(8):
            sector = list(SECTORS)[index % len(SECTORS)]
            kind, departments = SECTORS[sector]
            size = int(rng.integers(20, 101))
            band = "20-49" if size < 50 else "50-100"
            company = programme.add_company(
                session, f"{kind} {names[index]}", region_name, list(departments), sector, band
            )
            company.link_key = bytes(rng.integers(0, 256, 32, dtype=np.uint8)).hex()
            coached.append(company)
            manager_email = f"manager-{company.slug}@demo.quickscan.nl"
            add_user(session, manager_email, DEMO_PASSWORD, "manager", company=company, password_hash=hashed)
            if index == 0:
                summary.logins.append(("manager", manager_email))
            culture = rng.normal(0, 0.45)
            change = rng.normal(0.3, 0.25)
            people = rng.normal(0, 0.55, size)  # the same people at both waves
            makes_code = rng.random(size) < 0.35
            codes = [
                f"{chr(65 + rng.integers(26))}{chr(65 + rng.integers(26))}-{rng.integers(1, 32)}" for _ in range(size)
            ]
            chosen: demo_plans.DemoPlan | None = None  # the plan of approach, made after the baseline
            for kind_name, day in (("baseline", BASELINE_DAY), ("endline", ENDLINE_DAY)):
                wave = programme.open_wave(session, company, kind_name, q)
                wave.opened_on = day
                small = SMALL.get(index) in (kind_name, "both")
                rate = rng.uniform(0.55, 0.9)
                responders = np.flatnonzero(rng.random(size) < rate)
                if small:
                    responders = responders[: int(rng.integers(2, 5))]
                shift = change if kind_name == "endline" else 0.0
                extra = demo_plans.extra_change(chosen)  # focus dimensions rise a little more at the end-line
                offsets = {d: v + extra.get(d, 0.0) for d, v in dim_offset.items()}
                emp_invites = _invite(session, rng, wave, "employee", size, departments, day)
                man_invites = _invite(session, rng, wave, "manager", int(rng.integers(1, 4)), None, day)
                rows = []
                # Each text at most once per wave of a company, in a random order.
                unwritten = {
                    q_id: [int(i) for i in comment_rng.permutation(len(DEMO_COMMENTS[q_id]))] for q_id in open_ids
                }
                for person in responders:
                    answers = _answers(rng, q, items["employee"], 3.3 + culture + people[person] + shift, offsets)
                    if plan is not None:
                        p_plan = 0.3 if kind_name == "baseline" else min(0.9, 0.35 + 0.5 * change + 0.1)
                        has = rng.random() < p_plan
                        code = (
                            ("working" if rng.random() < 0.55 else "not_started")
                            if has
                            else ("making" if rng.random() < 0.3 else "none")
                        )
                        answers["development_plan"] = (None, code, None)
                    if dept_q is not None:
                        answers["department"] = (
                            None,
                            dept_q.options[int(rng.integers(len(dept_q.options)))].code,
                            None,
                        )
                    if years_q is not None:
                        answers["years_employed"] = (
                            None,
                            years_q.options[int(rng.integers(len(years_q.options)))].code,
                            None,
                        )
                    for q_id in open_ids:
                        if comment_rng.random() < 0.25 and unwritten[q_id]:
                            answers[q_id] = (None, None, DEMO_COMMENTS[q_id][unwritten[q_id].pop()])
                    link = link_hash(company.link_key, codes[person]) if makes_code[person] else None
                    rows.append((emp_invites[person], link, answers))
                for invitation in man_invites[: max(1, len(man_invites) - 1)]:
                    answers = _answers(rng, q, items["manager"], 3.7 + culture + rng.normal(0, 0.3) + shift, offsets)
                    rows.append((invitation, None, answers))
                seen = {
                    "employee": [a for _, _, a in rows[: len(responders)]],
                    "manager": [a for _, _, a in rows[len(responders) :]],
                }
                submitted = ENDLINE_DAY if kind_name == "endline" else BASELINE_DAY + dt.timedelta(days=9)
                summary.responses += len(rows)
                summary.answers += _store(session, rows, day, submitted)
                unused = [inv for i, inv in enumerate(emp_invites) if i not in set(responders.tolist())]
                if kind_name == "endline" and index == n_companies - 1 and unused:
                    # The last company's end-line stays open, to try the survey; its results appear when it
                    # closes. Every other wave is closed and released, so the reports show in full.
                    summary.open_link_token = unused[0].token
                else:
                    closing = day + dt.timedelta(days=21 if kind_name == "baseline" else 14)
                    programme.close_wave(session, wave, q, closing)
                if kind_name == "baseline":
                    chosen = demo_plans.choose(
                        plan_rng, q, index, sector, seen, closing, ENDLINE_DAY, last=index == n_companies - 1
                    )
            if chosen is not None:
                demo_plans.store(session, company, chosen, (coach_email, manager_email))
            index += 1
            summary.companies += 1
            if progress:
                progress(index, n_companies)
        add_user(session, coach_email, DEMO_PASSWORD, "coach", coach_of=coached, password_hash=hashed)
        if region_name == regions[0]:
            summary.logins.append(("coach", coach_email))
    demo_dialogue.create(session, q, BASELINE_DAY, seed)
    demo_skills.create(session, seed, BASELINE_DAY + dt.timedelta(days=21), ENDLINE_DAY + dt.timedelta(days=14))
    demo_circle.add(
        session, regions, ADMIN_EMAIL, dt.datetime.combine(BASELINE_DAY + dt.timedelta(days=31), dt.time(9))
    )
    session.flush()
    return summary


def _invite(
    session: Session,
    rng: np.random.Generator,
    wave: Wave,
    role: str,
    count: int,
    departments: tuple[str, ...] | None,
    day: dt.date,
) -> list[Invitation]:
    invitations = [
        Invitation(
            wave=wave,
            token=_token(rng),
            role=role,
            created_on=day,
            department=departments[int(rng.integers(len(departments)))] if departments else None,
        )
        for _ in range(count)
    ]
    session.add_all(invitations)
    session.flush()
    return invitations


def _answers(
    rng: np.random.Generator,
    q: Questionnaire,
    items: Sequence[Item],
    level: float,
    dim_offset: dict[str, float],
) -> dict[str, tuple[int | None, str | None, str | None]]:
    out: dict[str, tuple[int | None, str | None, str | None]] = {}
    for item in items:
        scale = q.scales[item.scale]
        u = rng.random()
        if u < 0.03:
            continue  # skipped
        if u < 0.07 and scale.non_substantive:
            out[item.id] = (None, scale.non_substantive[0].code, None)
            continue
        value = int(np.clip(np.rint(level + dim_offset[item.dimension] + rng.normal(0, 0.75)), scale.min, scale.max))
        out[item.id] = (scale.reverse(value) if item.reverse else value, None, None)  # type: ignore[assignment]
    return out


def _store(session: Session, rows, started: dt.date, submitted: dt.date) -> int:  # type: ignore[no-untyped-def]
    if not rows:
        return 0
    pks = session.scalars(
        insert(Response).returning(Response.pk, sort_by_parameter_order=True),
        [
            {
                "invitation_pk": inv.pk,
                "language": "nl",
                "started_on": started,
                "submitted_on": submitted,
                "link_code": link,
                "last_page": 99,
            }
            for inv, link, _ in rows
        ],
    ).all()
    answer_rows = [
        {"response_pk": pk, "element_id": eid, "value": v, "code": c, "text": t}
        for pk, (_, _, answers) in zip(pks, rows, strict=True)
        for eid, (v, c, t) in answers.items()
    ]
    if answer_rows:
        session.execute(insert(Answer), answer_rows)
    return len(answer_rows)

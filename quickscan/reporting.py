"""From the database to report data: the app side of ``reports/``.

The only report code that touches SQL. It reads companies, waves, invitation and response counts and the
submitted answers (:func:`quickscan.wave_answers.load`, one query per questionnaire version for all waves at
once: scores, development plans, the employees' hashed link codes and the open answers) and the companies'
plans of approach (:func:`quickscan.plan_store.load`, one bulk load), and hands plain arrays, lists and
metadata to :mod:`reports.company` and :mod:`reports.programme`, which call the scoring
engine (``score``, ``compare``, ``perception_gap``, ``development_plan``) and apply the anonymity rules.

Public functions (each takes an open SQLAlchemy session and the questionnaire registry):

* :func:`company_report`: one company by slug (the company page and its PDF download);
* :func:`company_reports`: many companies with one bulk load;
* :func:`programme_report`: the anonymised programme overview;
* :func:`everything`: all company reports and the programme report from the same single load;
* :func:`all_inputs` (and :func:`company_inputs`, :func:`programme_input`): the same as plain inputs that
  are scored later, by ``.gather()``: ``quickscan report build`` loads them here once and lets worker
  processes score and draw.

A company with a baseline and an end-line of the same questionnaire version also gets the programme's
baseline reference for reliable change (:func:`scoring.programme_reference`, computed once per programme and
version from the released baselines of its companies: from the answers loaded already, and one query for
the companies not loaded; kept per app until a release, withholding or deletion changes those baselines).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from questionnaires import ROLES, Questionnaire, Registry, Role
from reports.company import CompanyInput, CompanyReport, Turnout, WaveInfo, WaveInput
from reports.dialogue import Held
from reports.plan import Plan
from reports.programme import ProgrammeCompany, ProgrammeInput, ProgrammeReport
from scoring import Answers, ProgrammeReference, programme_reference

from . import dialogue_store, plan_store, releases, wave_answers
from .models import Company, Invitation, Programme, Region, Response, Wave
from .programme import DEFAULT_PROGRAMME


@dataclass(frozen=True)
class _Counts:
    invited: dict[tuple[int, str], int]
    responded: dict[tuple[int, str], int]


def _counts(session: Session, wave_pks: Sequence[int]) -> _Counts:
    """Invitations and submitted responses per (wave, role), in one query: the participation figures,
    which may stay live (they say nothing about answers)."""
    out = _Counts({}, {})
    if not wave_pks:
        return out
    rows = session.execute(
        select(
            Invitation.wave_pk,
            Invitation.role,
            func.count(Invitation.pk),
            func.count(Response.submitted_on),
        )
        .join(Response, Response.invitation_pk == Invitation.pk, isouter=True)
        .where(Invitation.wave_pk.in_(wave_pks))
        .group_by(Invitation.wave_pk, Invitation.role)
    ).all()
    for wave_pk, role, invited, responded in rows:
        out.invited[(wave_pk, role)] = int(invited)
        out.responded[(wave_pk, role)] = int(responded)
    return out


def _empty(q: Questionnaire, role: Role) -> Answers:
    k = len(q.items_for(role))
    return Answers.from_values(np.empty((0, k)), k=k)


def _comments(loaded: wave_answers.WaveAnswers | None) -> dict[str, tuple[str, ...]]:
    """Per open question the answers of one group (the report sorts them and applies the anonymity rule)."""
    return {} if loaded is None else {qid: tuple(texts) for qid, texts in loaded.comments.items()}


def _wave_inputs(
    session: Session, questionnaires: Registry, companies: Sequence[Company]
) -> tuple[dict[int, list[WaveInput]], dict[int, dt.date]]:
    """Per company pk its waves as :class:`WaveInput` (released answers only, see :mod:`quickscan.releases`);
    per company pk the date of its last release, the date its results stand on."""
    waves = [w for c in companies for w in c.waves]
    counts = _counts(session, [w.pk for w in waves])
    released_on = releases.last_released_on(session, [w.pk for w in waves])
    by_key: dict[tuple[str, int], list[Wave]] = {}
    for wave in waves:
        by_key.setdefault((wave.questionnaire_id, wave.questionnaire_version), []).append(wave)
    inputs: dict[int, list[WaveInput]] = {}
    last: dict[int, dt.date] = {}
    for (qid, version), group in sorted(by_key.items()):
        q = questionnaires.get(qid, version)
        loaded = wave_answers.load(session, q, group, ROLES)
        for wave in group:
            emp = loaded.get((wave.pk, "employee"))
            man = loaded.get((wave.pk, "manager"))
            info = WaveInfo(
                kind="baseline" if wave.kind == "baseline" else "endline",
                questionnaire_id=qid,
                questionnaire_version=version,
                opened_on=wave.opened_on,
                closed_on=wave.closed_on,
                employees=Turnout(
                    counts.invited.get((wave.pk, "employee"), 0), counts.responded.get((wave.pk, "employee"), 0)
                ),
                managers=Turnout(
                    counts.invited.get((wave.pk, "manager"), 0), counts.responded.get((wave.pk, "manager"), 0)
                ),
            )
            inputs.setdefault(wave.company_pk, []).append(
                WaveInput(
                    info=info,
                    questionnaire=q,
                    employees=emp.answers if emp is not None else _empty(q, "employee"),
                    managers=man.answers if man is not None else _empty(q, "manager"),
                    plan=tuple(emp.plan) if emp is not None else (),
                    links=tuple(emp.links) if emp is not None else (),
                    comments=_comments(emp),
                    manager_comments=_comments(man),
                )
            )
            day = released_on.get(wave.pk) if wave.withheld_since is None else None
            if day is not None and (wave.company_pk not in last or day > last[wave.company_pk]):
                last[wave.company_pk] = day
    return inputs, last


def _companies(session: Session, where: Iterable[object] = ()) -> list[Company]:
    query = (
        select(Company)
        .join(Region, Company.region_pk == Region.pk)
        .options(joinedload(Company.region), selectinload(Company.waves))
        .order_by(Company.slug)
    )
    for condition in where:
        query = query.where(condition)  # type: ignore[arg-type]
    return list(session.scalars(query).unique())


def default_questionnaire(questionnaires: Registry) -> Questionnaire:
    return (
        questionnaires.get("leercultuur-mkb")
        if any(q.id == "leercultuur-mkb" for q in questionnaires)
        else next(iter(questionnaires))
    )


def _compared_key(company: Company) -> tuple[str, int] | None:
    """The questionnaire version of a company's baseline and end-line, when both exist and agree."""
    kinds = {w.kind: (w.questionnaire_id, w.questionnaire_version) for w in company.waves}
    base, end = kinds.get("baseline"), kinds.get("endline")
    return base if base is not None and base == end else None


#: Per database engine (one per app): (programme pk, questionnaire id, version) -> (fingerprint, reference).
_REFERENCES: weakref.WeakKeyDictionary[Engine, dict[tuple[int, str, int], tuple[object, ProgrammeReference]]] = (
    weakref.WeakKeyDictionary()
)


def baseline_fingerprint(session: Session, programme_pk: int, qid: str, version: int) -> list[tuple[Any, ...]]:
    """What the programme's reference is computed from, in one query: per baseline wave of the programme with
    this questionnaire version (by pk) its company, whether it is withheld, and its employees' released
    responses (how many, the last release). A release, a withholding or a deletion changes it."""
    rows = session.execute(
        select(Wave.pk, Wave.company_pk, Wave.withheld_since, func.count(Response.pk), func.max(Response.release_pk))
        .join(Company, Wave.company_pk == Company.pk)
        .join(Region, Company.region_pk == Region.pk)
        .outerjoin(Invitation, (Invitation.wave_pk == Wave.pk) & (Invitation.role == "employee"))
        .outerjoin(Response, (Response.invitation_pk == Invitation.pk) & Response.release_pk.is_not(None))
        .where(
            Region.programme_pk == programme_pk,
            Wave.kind == "baseline",
            Wave.questionnaire_id == qid,
            Wave.questionnaire_version == version,
        )
        .group_by(Wave.pk, Wave.company_pk, Wave.withheld_since)
        .order_by(Wave.pk)
    ).all()
    return [tuple(row) for row in rows]


def _references(
    session: Session, questionnaires: Registry, companies: Sequence[Company], inputs: dict[int, list[WaveInput]]
) -> dict[int, ProgrammeReference]:
    """Per company pk with a comparison: its programme's baseline reference for reliable change.

    One per (programme, questionnaire version): the employees' released baseline answers of every company of
    the programme with that version; those of ``inputs`` (loaded already, released only) are reused, the
    others come from one query (:func:`quickscan.wave_answers.load`, ``released_only=True``: withheld waves
    and unreleased responses never enter). Which companies may enter is :mod:`scoring.anonymity`'s rule 7.
    The result is kept per app and programme until :func:`baseline_fingerprint` changes, so a company page
    costs one small query for it, not a load of the programme."""
    wanted: dict[tuple[int, str, int], list[int]] = {}
    for c in companies:
        key = _compared_key(c)
        if key is not None:
            wanted.setdefault((c.region.programme_pk, *key), []).append(c.pk)
    # a company has one baseline at most: the one loaded already is the wave found below
    known = {pk: w.employees for pk, waves in inputs.items() for w in waves if w.info.kind == "baseline"}
    cache = _REFERENCES.setdefault(session.get_bind().engine, {})
    out: dict[int, ProgrammeReference] = {}
    for (programme_pk, qid, version), members in sorted(wanted.items()):
        fingerprint = baseline_fingerprint(session, programme_pk, qid, version)
        cached = cache.get((programme_pk, qid, version))
        if cached is not None and cached[0] == fingerprint:
            reference = cached[1]
        else:
            q = questionnaires.get(qid, version)
            missing = [pk for pk, company_pk, *_ in fingerprint if company_pk not in known]
            waves = session.scalars(select(Wave).where(Wave.pk.in_(missing))).all() if missing else []
            loaded = wave_answers.load(session, q, waves, ("employee",), released_only=True)
            matrices = [
                known[company_pk] if company_pk in known else loaded[(pk, "employee")].answers
                for pk, company_pk, *_ in fingerprint
                if company_pk in known or (pk, "employee") in loaded
            ]
            reference = programme_reference(q, matrices)
            cache[(programme_pk, qid, version)] = (fingerprint, reference)
        out.update((pk, reference) for pk in members)
    return out


def _inputs(
    companies: Sequence[Company],
    inputs: dict[int, list[WaveInput]],
    last: dict[int, dt.date],
    questionnaires: Registry,
    references: dict[int, ProgrammeReference],
    plans: dict[int, Plan],
    dialogues: dict[int, tuple[Held, ...]],
) -> dict[str, CompanyInput]:
    fallback = default_questionnaire(questionnaires)
    return {
        c.slug: CompanyInput(
            c.name,
            c.region.name,
            tuple(inputs.get(c.pk, [])),
            last.get(c.pk),
            fallback,
            references.get(c.pk),
            plans.get(c.pk),
            dialogues.get(c.pk, ()),
        )
        for c in companies
    }


def company_inputs(
    session: Session, questionnaires: Registry, slugs: Sequence[str] | None = None
) -> dict[str, CompanyInput]:
    """The plain inputs of the companies ``slugs`` (default: all), by slug, from one bulk load: answers
    matrices and metadata, ready to be scored (``.gather()``) here or in a worker process."""
    where = [] if slugs is None else [Company.slug.in_(list(slugs))]
    companies = _companies(session, where)
    inputs, last = _wave_inputs(session, questionnaires, companies)
    references = _references(session, questionnaires, companies, inputs)
    plans = plan_store.load(session, [c.pk for c in companies])  # one bulk load, plain frozen data
    dialogues = dialogue_store.held(session, [c.pk for c in companies], questionnaires)
    return _inputs(companies, inputs, last, questionnaires, references, plans, dialogues)


def company_reports(
    session: Session, questionnaires: Registry, slugs: Sequence[str] | None = None, among_managers: bool = False
) -> dict[str, CompanyReport]:
    """Report data of the companies ``slugs`` (default: all), by slug, from one bulk load.

    ``among_managers``: for the company's own managers (``scoring.anonymity`` rule 6: the managers' result
    from 3 managers); coaches and the programme lead get the report without it."""
    entries = company_inputs(session, questionnaires, slugs)
    return {slug: entry.gather(among_managers) for slug, entry in entries.items()}


def company_report(
    session: Session, questionnaires: Registry, slug: str, among_managers: bool = False
) -> CompanyReport | None:
    """Report data of one company, or None when there is no company ``slug``."""
    return company_reports(session, questionnaires, [slug], among_managers).get(slug)


def order_key(secret: str | bytes, slug: str) -> str:
    """A company's place in the anonymised order: a keyed hash of its slug, stable while the key is, and
    meaningless to anyone who does not hold the key (so the letters say nothing about names)."""
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, slug.encode(), hashlib.sha256).hexdigest()


def _programme(
    session: Session,
    questionnaires: Registry,
    secret: str | bytes,
    companies: Sequence[Company],
    inputs: dict[int, list[WaveInput]],
    last: dict[int, dt.date],
    programme_slug: str,
    plans: dict[int, Plan],
) -> ProgrammeInput | None:
    prog = session.scalar(select(Programme).where(Programme.slug == programme_slug))
    if prog is None:
        return None
    members = [c for c in companies if c.region.programme_pk == prog.pk]
    keys = Counter(
        w.questionnaire.key for c in members for w in inputs.get(c.pk, []) if w.info.kind == "endline"
    ) or Counter(w.questionnaire.key for c in members for w in inputs.get(c.pk, []))
    if keys:
        top = max(keys.values())
        qid, version = sorted(k for k, n in keys.items() if n == top)[0].rsplit("@", 1)
        q = questionnaires.get(qid, int(version))
    else:
        q = default_questionnaire(questionnaires)
    entries = []
    for c in members:
        waves = {w.info.kind: w for w in inputs.get(c.pk, [])}
        entries.append(
            ProgrammeCompany(
                order_key(secret, c.slug), c.region.name, waves.get("baseline"), waves.get("endline"), plans.get(c.pk)
            )
        )
    dates = [last[c.pk] for c in members if c.pk in last]
    return ProgrammeInput(prog.name, q, tuple(entries), max(dates) if dates else None)


def programme_input(
    session: Session, questionnaires: Registry, secret: str | bytes, programme_slug: str = DEFAULT_PROGRAMME
) -> ProgrammeInput | None:
    """The plain inputs of the programme report (None when there is no such programme)."""
    companies = _companies(session, [Region.programme.has(Programme.slug == programme_slug)])
    inputs, last = _wave_inputs(session, questionnaires, companies)
    plans = plan_store.load(session, [c.pk for c in companies])  # one bulk load; a plan holds no answers
    return _programme(session, questionnaires, secret, companies, inputs, last, programme_slug, plans)


def programme_report(
    session: Session, questionnaires: Registry, secret: str | bytes, programme_slug: str = DEFAULT_PROGRAMME
) -> ProgrammeReport | None:
    """The anonymised programme report (None when there is no such programme). ``secret`` keys the
    anonymised order of the companies (the app's secret key)."""
    found = programme_input(session, questionnaires, secret, programme_slug)
    return None if found is None else found.gather()


def all_inputs(
    session: Session, questionnaires: Registry, secret: str | bytes, programme_slug: str = DEFAULT_PROGRAMME
) -> tuple[dict[str, CompanyInput], ProgrammeInput | None]:
    """The inputs of every company's report and of the programme report, from one load of the database."""
    companies = _companies(session)
    inputs, last = _wave_inputs(session, questionnaires, companies)
    references = _references(session, questionnaires, companies, inputs)
    plans = plan_store.load(session, [c.pk for c in companies])  # once, for the companies and the programme
    dialogues = dialogue_store.held(session, [c.pk for c in companies], questionnaires)
    return (
        _inputs(companies, inputs, last, questionnaires, references, plans, dialogues),
        _programme(session, questionnaires, secret, companies, inputs, last, programme_slug, plans),
    )


def everything(
    session: Session, questionnaires: Registry, secret: str | bytes, programme_slug: str = DEFAULT_PROGRAMME
) -> tuple[dict[str, CompanyReport], ProgrammeReport | None]:
    """Every company's report data and the programme report, from one load of the database."""
    companies, prog = all_inputs(session, questionnaires, secret, programme_slug)
    return {slug: entry.gather() for slug, entry in companies.items()}, None if prog is None else prog.gather()

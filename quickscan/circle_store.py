"""Learning circles (leerkringen) in the database: which circle a company is in, who consents, and the plain
inputs of :mod:`scoring.circle` and :mod:`reports.circle_handout`. Functions here only ``flush()``.

A company's circle is the named circle the programme lead put it in (:class:`quickscan.models.Circle`), else
the circle of its region: the companies of its region in no named circle. Consent is a row per company
(:class:`quickscan.models.CircleConsent`: who set it and when); no row is no consent. The numbers come from
released answers only (:func:`quickscan.wave_answers.load`), scored by :func:`scoring.score` as the company
page scores them; who counts is :mod:`scoring.circle`'s rule, never decided here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from questionnaires import Questionnaire, Registry
from reports.circle import CircleReport
from reports.circle_handout import HandoutInput, SharedAction
from scoring import anonymity, score
from scoring.circle import AnyBand, Band, CompanyWave, Member, bands, company_view, handout_dots
from scoring.results import DimensionStats, GroupResult

from . import audit, report_keys, wave_answers
from .circle_models import Circle, CircleConsent, CircleMember
from .models import Company, FocusArea, Plan, PlanAction, Region, User, Wave

KINDS = ("baseline", "endline")


class CircleError(ValueError):
    """A change to the circles that cannot be made (an empty or taken name, a company of another programme)."""


@dataclass(frozen=True)
class CircleRef:
    """A company's circle: its name, its members, and the named circle's pk (None: the region's circle)."""

    name: str
    companies: tuple[Company, ...]
    circle_pk: int | None = None


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def circle_of(session: Session, company: Company) -> CircleRef:
    """The circle ``company`` is in: its named circle, else its region's (the region's companies in no named
    circle)."""
    membership = session.scalar(select(CircleMember).where(CircleMember.company_pk == company.pk))
    if membership is not None:
        circle = membership.circle
        pks = [m.company_pk for m in circle.members]
        companies = session.scalars(select(Company).where(Company.pk.in_(pks)).order_by(Company.name)).all()
        return CircleRef(circle.name, tuple(companies), circle.pk)
    named = select(CircleMember.company_pk)
    companies = session.scalars(
        select(Company).where(Company.region_pk == company.region_pk, Company.pk.not_in(named)).order_by(Company.name)
    ).all()
    return CircleRef(company.region.name, tuple(companies))


def consents(session: Session, company_pks: Sequence[int]) -> dict[int, CircleConsent]:
    """The consent rows of these companies, by company pk (a company without one has not consented)."""
    if not company_pks:
        return {}
    rows = session.scalars(select(CircleConsent).where(CircleConsent.company_pk.in_(list(company_pks))))
    return {row.company_pk: row for row in rows}


def set_consent(session: Session, company: Company, consent: bool, by: User | None, who: str = "") -> bool:
    """Record whether ``company`` takes part in its circle's comparisons, by whom and when; audited. True when
    it changed."""
    row = session.get(CircleConsent, company.pk)
    if row is not None and row.consent == consent:
        return False
    author = by.email if by is not None else who or "command line"
    if row is None:
        row = CircleConsent(company_pk=company.pk, consent=consent, set_by=author, set_at=now())
        session.add(row)
    else:
        row.consent, row.set_by, row.set_at = consent, author, now()
    audit.record(session, "circle.consent", by, "company", company.slug, "yes" if consent else "no", actor_email=who)
    session.flush()
    return True


def create_circle(session: Session, programme_pk: int, name: str, companies: Sequence[Company]) -> Circle:
    """A named circle of ``companies`` (each leaves the named circle it was in)."""
    name = name.strip()
    if not name:
        raise CircleError("a circle needs a name")
    if session.scalar(select(Circle).where(Circle.programme_pk == programme_pk, Circle.name == name)) is not None:
        raise CircleError(f"there is a circle {name!r} already")
    circle = Circle(programme_pk=programme_pk, name=name[:200], created_at=now())
    session.add(circle)
    session.flush()
    set_members(session, circle, companies)
    return circle


def set_members(session: Session, circle: Circle, companies: Sequence[Company]) -> None:
    """The named circle's members are ``companies`` (of its programme), each leaving any other named circle."""
    for company in companies:
        if company.region.programme_pk != circle.programme_pk:
            raise CircleError(f"{company.slug} is not in the circle's programme")
    pks = {c.pk for c in companies}
    for member in list(circle.members):
        if member.company_pk not in pks:
            circle.members.remove(member)
    session.flush()
    have = {m.company_pk for m in circle.members}
    for pk in sorted(pks - have):
        other = session.scalar(select(CircleMember).where(CircleMember.company_pk == pk))
        if other is not None:
            session.delete(other)
            session.flush()
        circle.members.append(CircleMember(company_pk=pk))
    session.flush()


def delete_circle(session: Session, circle: Circle) -> None:
    """Remove a named circle: its companies go back to their region's circle."""
    session.delete(circle)
    session.flush()


def circles(session: Session, programme_pk: int | None = None) -> list[Circle]:
    """The named circles (of a programme), by name."""
    query = select(Circle).options(selectinload(Circle.members)).order_by(Circle.name)
    if programme_pk is not None:
        query = query.where(Circle.programme_pk == programme_pk)
    return list(session.scalars(query))


# ---------------------------------------------------------------------------------------------------
# from the database to the plain inputs of scoring.circle


def _company_wave(q: Questionnaire, loaded: wave_answers.WaveAnswers | None) -> CompanyWave | None:
    if loaded is None:
        return None
    total = score(q, loaded.answers, "employee", with_items=False).total
    means: dict[str, float | None] = {}
    scored: dict[str, int] = {}
    if isinstance(total, GroupResult):
        for dim_id, dim in total.dimensions.items():
            means[dim_id] = dim.mean if isinstance(dim, DimensionStats) else None
            scored[dim_id] = dim.n
    return CompanyWave(loaded.answers.n, means, scored)


def members(session: Session, questionnaires: Registry, companies: Sequence[Company], q: Questionnaire) -> list[Member]:
    """The circle's companies as :class:`scoring.circle.Member`: consent, and per wave with questionnaire ``q``
    the released employee answers scored (a wave with another questionnaire version is left out: its means
    cannot be compared)."""
    agreed = consents(session, [c.pk for c in companies])
    waves = [w for c in companies for w in c.waves if f"{w.questionnaire_id}@{w.questionnaire_version}" == q.key]
    loaded = wave_answers.load(session, q, waves, ("employee",))
    out = []
    for c in companies:
        by_kind = {w.kind: _company_wave(q, loaded.get((w.pk, "employee"))) for w in waves if w.company_pk == c.pk}
        row = agreed.get(c.pk)
        out.append(Member(str(c.pk), row is not None and row.consent, by_kind.get("baseline"), by_kind.get("endline")))
    return out


def _questionnaire(questionnaires: Registry, waves: Sequence[Wave]) -> Questionnaire | None:
    keys = Counter((w.questionnaire_id, w.questionnaire_version) for w in waves)
    if not keys:
        return None
    top = max(keys.values())
    qid, version = sorted(k for k, n in keys.items() if n == top)[0]
    return questionnaires.get(qid, version)


def dimension_ids(q: Questionnaire) -> list[str]:
    """The dimensions employees answer, in questionnaire order."""
    return [d.id for d in q.dimensions if q.dimension_items(d.id, "employee")]


def circle_key(session: Session, company: Company) -> str:
    """What the company's circle part is made of, as a key (two small queries, no answers read): the circle
    and its companies, their waves' released responses (:func:`quickscan.report_keys.released_waves`) and
    their consent rows. A release, a withholding, a consent or a change of circle changes it."""
    ref = circle_of(session, company)
    pks = [c.pk for c in ref.companies]
    agreed = consents(session, [*pks, company.pk])
    rows = sorted((pk, row.consent, row.set_by, row.set_at) for pk, row in agreed.items())
    return report_keys.digest(
        ("circle", company.pk, ref.name, ref.circle_pk, pks, report_keys.released_waves(session, pks), rows)
    )


def programme_key(session: Session, programme_pk: int) -> str:
    """What the programme's band per region is made of, as a key: its companies and regions, their waves'
    released responses and their consent rows (three small queries)."""
    rows = session.execute(
        select(Company.pk, Region.name)
        .join(Region, Company.region_pk == Region.pk)
        .where(Region.programme_pk == programme_pk)
        .order_by(Company.pk)
    ).all()
    pks = [pk for pk, _ in rows]
    agreed = sorted((pk, row.consent) for pk, row in consents(session, pks).items())
    waves = report_keys.released_waves(session, pks)
    return report_keys.digest(("regions", programme_pk, [tuple(r) for r in rows], waves, agreed))


def company_circle(session: Session, questionnaires: Registry, company: Company) -> CircleReport | None:
    """The company beside its circle in its latest wave (None when the company has no wave yet)."""
    own = {w.kind: w for w in company.waves}
    wave = own.get("endline") or own.get("baseline")
    if wave is None:
        return None
    q = questionnaires.get(wave.questionnaire_id, wave.questionnaire_version)
    ref = circle_of(session, company)
    found = members(session, questionnaires, ref.companies, q)
    kind = wave.kind
    view = company_view(ref.name, found, str(company.pk), kind, dimension_ids(q), anonymity.threshold(q))
    return CircleReport(q, view)


def consent_of(session: Session, company: Company) -> CircleConsent | None:
    return session.get(CircleConsent, company.pk)


def is_taking_part(session: Session, company: Company) -> bool:
    """Whether the lead recorded the company's consent."""
    row = consent_of(session, company)
    return row is not None and row.consent


def _shared_actions(session: Session, companies: Sequence[Company], leave_out: int | None) -> list[SharedAction]:
    """The actions the consenting ``companies`` (but ``leave_out``) shared with their circle; the company's
    name only where it chose to be named."""
    pks = [c.pk for c in companies if c.pk != leave_out]
    names = {c.pk: c.name for c in companies}
    if not pks:
        return []
    rows = session.execute(
        select(Plan.company_pk, FocusArea.dimension_id, PlanAction.title, PlanAction.status, PlanAction.circle_named)
        .join(FocusArea, PlanAction.focus_area_pk == FocusArea.pk)
        .join(Plan, FocusArea.plan_pk == Plan.pk)
        .where(Plan.company_pk.in_(pks), PlanAction.circle_shareable.is_(True))
        .order_by(PlanAction.title, PlanAction.pk)
    ).all()
    statuses = {"planned", "in_progress", "done", "stopped"}
    return [
        SharedAction(dim, title, status, names[pk] if named else None)  # type: ignore[arg-type]
        for pk, dim, title, status, named in rows
        if status in statuses
    ]


def handout_input(session: Session, questionnaires: Registry, company: Company, own_copy: bool) -> HandoutInput | None:
    """The handout of ``company``'s circle: its own copy (``own_copy``) or the coach's. The wave is the
    end-line when any theme has enough companies there, else the baseline. None without any wave, and for
    the own copy of a company that does not take part."""
    if own_copy and not is_taking_part(session, company):
        return None  # who keeps its numbers out does not read the others' (scoring.circle rule 5)
    ref = circle_of(session, company)
    waves = [w for c in ref.companies for w in c.waves]
    q = _questionnaire(questionnaires, [w for w in waves if w.kind == "endline"] or waves)
    if q is None:
        return None
    found = members(session, questionnaires, ref.companies, q)
    limit = anonymity.threshold(q)
    dims = dimension_ids(q)
    dots = handout_dots(found, "endline", dims, limit)
    kind = "endline"
    if not any(isinstance(d, dict) for d in dots.values()):
        dots, kind = handout_dots(found, "baseline", dims, limit), "baseline"
    agreed = consents(session, [c.pk for c in ref.companies])
    taking_part = [c for c in ref.companies if agreed.get(c.pk) is not None and agreed[c.pk].consent]
    own = company.pk if own_copy else None
    return HandoutInput(
        circle=ref.name,
        questionnaire=q,
        kind=kind,
        threshold=limit,
        dots=dots,
        own_key=str(company.pk) if own_copy else None,
        own_name=company.name if own_copy else "",
        actions=tuple(_shared_actions(session, taking_part, own)),
    )


def region_members(
    session: Session, questionnaires: Registry, programme_pk: int, q: Questionnaire
) -> dict[str, list[Member]]:
    """Per region of the programme (by name) all its companies as members (the programme report's band per
    region, whatever named circles there are)."""
    companies = session.scalars(
        select(Company)
        .join(Region, Company.region_pk == Region.pk)
        .where(Region.programme_pk == programme_pk)
        .options(selectinload(Company.waves))
        .order_by(Company.name)
    ).all()
    everyone = members(session, questionnaires, companies, q)
    out: dict[str, list[Member]] = {}
    for company, member in zip(companies, everyone, strict=True):
        out.setdefault(company.region.name, []).append(member)
    return dict(sorted(out.items()))


def programme_region_bands(
    session: Session, questionnaires: Registry, programme_pk: int
) -> tuple[Questionnaire, str, dict[str, dict[str, AnyBand]]] | None:
    """The band per region of the programme (all its companies that count, whatever named circles there
    are): in the end-line when any region has a band there, else the baseline. None without any wave."""
    waves = list(
        session.scalars(
            select(Wave)
            .join(Company, Wave.company_pk == Company.pk)
            .join(Region)
            .where(Region.programme_pk == programme_pk)
        )
    )
    q = _questionnaire(questionnaires, [w for w in waves if w.kind == "endline"] or waves)
    if q is None:
        return None
    regions = region_members(session, questionnaires, programme_pk, q)
    dims = dimension_ids(q)
    limit = anonymity.threshold(q)
    for kind in ("endline", "baseline"):
        out = {region: bands(found, kind, dims, limit) for region, found in regions.items()}
        if kind == "baseline" or any(isinstance(b, Band) for per in out.values() for b in per.values()):
            return q, kind, out
    return None

"""What a report page is made of, as a short key: the same key, the same page (:mod:`quickscan.report_pages`).

Results change only when a wave is released or withheld (:mod:`quickscan.releases`), so a report is known by
what it reads, not by when it is read. One or two small queries give, per company:

* each wave: its pk, kind and questionnaire version, whether it is withheld, and its released responses (how
  many, the last release holding one): a release adds responses under a new release pk, a deletion on request
  withholds the wave and lowers the count, retention deletes rows and lowers it too;
* the definitions of those questionnaire versions (their fingerprints), and the fallback one;
* the company's name, slug, region and programme, and when its plan of approach last changed
  (``plans.touched_at``: the report shows the plan), and its revealed dialogue sessions (pk and when);
* for a company with a baseline and an end-line, the programme's baseline fingerprint for reliable change
  (:func:`quickscan.reporting.baseline_fingerprint`), the same one :mod:`quickscan.reporting` caches its
  reference by;
* whether the reader is one of the company's managers (``among_managers``: ``scoring.anonymity`` rule 6
  shows them less), so a manager never gets a coach's page. The language is added by the caller.

The PDF's cover also prints the live participation (invited, submitted) and each wave's dates: its key adds
them (:func:`cover_facts`). Nothing here reads an answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaires import Questionnaire, Registry

from . import dialogue_store, reporting
from .models import Company, Invitation, Plan, Programme, Region, Response, Wave
from .programme import DEFAULT_PROGRAMME

#: A plan changed less than this long ago is not a key yet: ``touched_at`` keeps whole seconds, so a second
#: change within the same second would otherwise look the same (:func:`settled`).
PLAN_SETTLE = dt.timedelta(seconds=2)


def digest(parts: Iterable[Any]) -> str:
    """A short, stable key of ``parts`` (plain values: their ``repr`` is stable)."""
    return hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]


def _waves(session: Session, company_pks: list[int]) -> list[tuple[Any, ...]]:
    """Per wave of the companies (by pk): company, pk, kind, questionnaire, withheld, released responses and the
    last release holding one. One query."""
    if not company_pks:
        return []
    rows = session.execute(
        select(
            Wave.company_pk,
            Wave.pk,
            Wave.kind,
            Wave.questionnaire_id,
            Wave.questionnaire_version,
            Wave.withheld_since,
            func.count(Response.pk),
            func.max(Response.release_pk),
        )
        .outerjoin(Invitation, Invitation.wave_pk == Wave.pk)
        .outerjoin(Response, (Response.invitation_pk == Invitation.pk) & Response.release_pk.is_not(None))
        .where(Wave.company_pk.in_(company_pks))
        .group_by(
            Wave.company_pk,
            Wave.pk,
            Wave.kind,
            Wave.questionnaire_id,
            Wave.questionnaire_version,
            Wave.withheld_since,
        )
        .order_by(Wave.pk)
    ).all()
    return [tuple(row) for row in rows]


def released_waves(session: Session, company_pks: list[int]) -> list[tuple[Any, ...]]:
    """:func:`_waves` for other keys (the learning circle's part of the company page)."""
    return _waves(session, company_pks)


def _plans(session: Session, company_pks: list[int]) -> list[tuple[int, dt.datetime]]:
    if not company_pks:
        return []
    rows = session.execute(
        select(Plan.company_pk, Plan.touched_at).where(Plan.company_pk.in_(company_pks)).order_by(Plan.company_pk)
    ).all()
    return [(pk, touched) for pk, touched in rows]


def _definition(questionnaire: Questionnaire) -> str:
    # A definition not read from a file (tests) has no fingerprint: it is known by its object while it lives.
    return questionnaire.fingerprint or f"{questionnaire.key}#{id(questionnaire)}"


def _definitions(questionnaires: Registry, waves: list[tuple[Any, ...]]) -> list[tuple[str, str]]:
    """The fingerprints of the waves' questionnaire versions and of the fallback (a company without waves)."""
    keys = sorted({(row[3], row[4]) for row in waves})
    found = [(f"{qid}@{version}", _definition(questionnaires.get(qid, version))) for qid, version in keys]
    fallback = reporting.default_questionnaire(questionnaires)
    return [*found, ("fallback", _definition(fallback))]


def settled(plans: list[tuple[int, dt.datetime]], now: dt.datetime | None = None) -> bool:
    """Whether every plan's last change is old enough for its second to say it all (:data:`PLAN_SETTLE`)."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return all(touched <= now - PLAN_SETTLE for _, touched in plans)


def company_key(session: Session, questionnaires: Registry, company: Company, among_managers: bool) -> str | None:
    """The key of ``company``'s report for this reader (any language), or None while its plan has only just
    changed."""
    waves = _waves(session, [company.pk])
    plans = _plans(session, [company.pk])
    if not settled(plans):
        return None
    reference: list[Any] = []
    kinds = {row[2]: (row[3], row[4]) for row in waves}
    if kinds.get("baseline") is not None and kinds.get("baseline") == kinds.get("endline"):
        qid, version = kinds["baseline"]
        reference = reporting.baseline_fingerprint(session, company.region.programme_pk, qid, version)
    return digest(
        (
            "company",
            company.pk,
            company.slug,
            company.name,
            company.region.name,
            company.region.programme_pk,
            among_managers,
            waves,
            _definitions(questionnaires, waves),
            plans,
            reference,
            dialogue_store.key_facts(session, company.pk),
        )
    )


def cover_facts(session: Session, company: Company) -> list[tuple[Any, ...]]:
    """What the PDF's cover adds to the page, live: per wave its dates, and per role how many were invited
    and how many submitted. One query."""
    rows = session.execute(
        select(
            Wave.pk,
            Wave.opened_on,
            Wave.closed_on,
            Invitation.role,
            func.count(Invitation.pk),
            func.count(Response.submitted_on),
        )
        .outerjoin(Invitation, Invitation.wave_pk == Wave.pk)
        .outerjoin(Response, Response.invitation_pk == Invitation.pk)
        .where(Wave.company_pk == company.pk)
        .group_by(Wave.pk, Wave.opened_on, Wave.closed_on, Invitation.role)
        .order_by(Wave.pk, Invitation.role)
    ).all()
    return [tuple(row) for row in rows]


def programme_key(session: Session, questionnaires: Registry, programme_slug: str = DEFAULT_PROGRAMME) -> str | None:
    """The key of the programme report (any language); None when there is no such programme or a plan has
    only just changed."""
    prog = session.scalar(select(Programme).where(Programme.slug == programme_slug))
    if prog is None:
        return None
    companies = session.execute(
        select(Company.pk, Company.slug, Region.name)
        .join(Region, Company.region_pk == Region.pk)
        .where(Region.programme_pk == prog.pk)
        .order_by(Company.pk)
    ).all()
    pks = [pk for pk, _, _ in companies]
    waves = _waves(session, pks)
    plans = _plans(session, pks)
    if not settled(plans):
        return None
    return digest(
        (
            "programme",
            prog.pk,
            prog.name,
            [tuple(row) for row in companies],
            waves,
            _definitions(questionnaires, waves),
            plans,
        )
    )

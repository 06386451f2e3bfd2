"""The demo's dialogue sessions: one finished session (revealed, then closed) for the first few demo companies
of the first region (whose coach and managers are the demo's logins).

:mod:`quickscan.demo` calls :func:`create` once the companies, their baselines and coaches exist. Each
session was held a few weeks after the baseline, on the questionnaire's themes, by the company's coach, with
6 to 9 participants who rate "now" a little below the company's baseline and "wanted" higher, and write a
remark now and then. A seeded generator of its own makes them, so the demo's other data stay as they were.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from questionnaires.dialogue import from_questionnaire

from . import dialogue_store, short_codes
from .dialogue_models import DialogueSession, DialogueVote
from .models import CoachAssignment, Company, Region, User

#: How many demo companies (of the first region, the first by name) get a session.
COMPANIES = 3
#: Days after the baseline a session took place.
AFTER_BASELINE = 35
REMARKS = (
    "We hebben het te druk om stil te staan bij leren.",
    "Nieuwe collega's leren vooral door mee te kijken.",
    "Fouten worden snel opgelost, maar we praten er niet over.",
    "Ik weet niet wat de baas van mij verwacht.",
    "Een vast moment per week zou helpen.",
    "De oudere vakmensen weten veel, dat moeten we vastleggen.",
    "Over opleidingen praten we alleen als het moet.",
    "Het werkoverleg kan korter en vaker over verbeteren gaan.",
)


def create(session: Session, q: Questionnaire, baseline_day: dt.date, seed: int) -> int:
    """Add a finished session to each of the first :data:`COMPANIES` companies; the number of sessions made."""
    rng = np.random.default_rng([seed, 3])
    instrument = from_questionnaire(q)
    first_region = session.scalar(select(Region.pk).order_by(Region.pk).limit(1))
    companies = list(
        session.scalars(
            select(Company).where(Company.region_pk == first_region).order_by(Company.name).limit(COMPANIES)
        )
    )
    for company in companies:
        coach = session.scalar(
            select(User)
            .join(CoachAssignment, CoachAssignment.user_pk == User.pk)
            .where(CoachAssignment.company_pk == company.pk)
        )
        held = dt.datetime.combine(baseline_day + dt.timedelta(days=AFTER_BASELINE), dt.time(15, 0))
        dialogue = DialogueSession(
            company_pk=company.pk,
            facilitator_pk=coach.pk if coach is not None else None,
            join_code="".join(str(c) for c in rng.choice(list(short_codes.ALPHABET), dialogue_store.CODE_LENGTH)),
            status="closed",
            instrument=instrument.ref,
            created_at=held,
            revealed_at=held + dt.timedelta(minutes=20),
            closed_at=held + dt.timedelta(minutes=75),
        )
        session.add(dialogue)
        session.flush()
        level = {f.id: rng.normal(3.0, 0.5) for f in instrument.factors}
        ambition = {f.id: rng.uniform(0.5, 1.8) for f in instrument.factors}
        for _person in range(int(rng.integers(6, 10))):
            participant = bytes(rng.integers(0, 256, 16, dtype=np.uint8)).hex()
            for factor in instrument.factors:
                now = int(np.clip(round(level[factor.id] + rng.normal(0, 0.8)), 1, 5))
                wanted = int(np.clip(round(now + ambition[factor.id] + rng.normal(0, 0.5)), now, 5))
                remark = str(REMARKS[int(rng.integers(len(REMARKS)))]) if rng.random() < 0.08 else ""
                session.add(
                    DialogueVote(
                        session_pk=dialogue.pk,
                        participant=participant,
                        factor_id=factor.id,
                        now=now,
                        wanted=wanted,
                        remark=remark,
                        updated_at=held + dt.timedelta(minutes=10),
                    )
                )
    session.flush()
    return len(companies)

"""Data protection: deleting a company with all its answers, and removing answers after the retention period.

The retention period (``QUICKSCAN_RETENTION_DAYS``, default 365) counts from the day a programme was
closed (``quickscan programme close``). After it, the responses and answers of that programme's companies
are deleted, and so are their plans of approach (with their focus areas, actions, steps and notes: they
hold managers' names and what coaches wrote); companies, waves and invitation counts stay, so the
programme's shape remains on record. The results jobs stored (:mod:`quickscan.computed_results`) go with
the answers they were computed from. The skills matrices of those companies (tasks, people, levels: named
personal data) go too, and their dialogue sessions with their votes and remarks; the skills snapshots stay, as
they hold totals only (docs/privacy.md). Functions here only ``flush()``; the caller commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from questionnaires import Registry

from . import computed_results, releases, skills_store
from .dialogue_models import DialogueSession, DialogueVote
from .models import Company, Invitation, Plan, Programme, Region, Response, Wave
from .skills_models import SkillCell, SkillPerson, SkillTask

DEFAULT_RETENTION_DAYS = 365


@dataclass(frozen=True)
class Expired:
    programme: str
    closed_on: dt.date
    responses: int
    #: Plans of approach of the programme's companies.
    plans: int = 0
    #: People in the skills matrices of the programme's companies.
    skill_people: int = 0

    def what(self) -> str:
        """What is deleted, in words: ``3 responses`` or ``3 responses and 2 plan(s)``."""
        said = f"{self.responses} responses" + (f" and {self.plans} plan(s)" if self.plans else "")
        return said + (f" and {self.skill_people} person(s) of skills matrices" if self.skill_people else "")


def expired(session: Session, retention_days: int, today: dt.date | None = None) -> list[Expired]:
    """Programmes closed more than ``retention_days`` ago that still hold responses or plans."""
    cutoff = (today or dt.date.today()) - dt.timedelta(days=retention_days)
    companies = (
        select(Programme.slug, Programme.closed_on, Company.pk.label("company_pk"))
        .join(Region, Region.programme_pk == Programme.pk)
        .join(Company, Company.region_pk == Region.pk)
        .where(Programme.closed_on.is_not(None), Programme.closed_on < cutoff)
        .subquery()
    )
    responses = session.execute(
        select(companies.c.slug, companies.c.closed_on, func.count(Response.pk))
        .join(Wave, Wave.company_pk == companies.c.company_pk)
        .join(Invitation, Invitation.wave_pk == Wave.pk)
        .join(Response, Response.invitation_pk == Invitation.pk)
        .group_by(companies.c.slug, companies.c.closed_on)
    ).all()
    plans = session.execute(
        select(companies.c.slug, companies.c.closed_on, func.count(Plan.pk))
        .join(Plan, Plan.company_pk == companies.c.company_pk)
        .group_by(companies.c.slug, companies.c.closed_on)
    ).all()
    people = session.execute(
        select(companies.c.slug, companies.c.closed_on, func.count(SkillPerson.pk))
        .join(SkillPerson, SkillPerson.company_pk == companies.c.company_pk)
        .group_by(companies.c.slug, companies.c.closed_on)
    ).all()
    counts: dict[tuple[str, dt.date], list[int]] = {}
    for column, rows in enumerate((responses, plans, people)):
        for slug, closed, n in rows:
            counts.setdefault((slug, closed), [0, 0, 0])[column] = int(n)
    return [Expired(slug, closed, n, p, k) for (slug, closed), (n, p, k) in sorted(counts.items())]


def close_programme(
    session: Session, programme: Programme, questionnaires: Registry, day: dt.date | None = None
) -> int:
    """Mark ``programme`` closed on ``day`` (default today), so its retention period starts, and close its
    open waves (releasing what they hold, as closing a wave does); the number of waves closed."""
    programme.closed_on = day or dt.date.today()
    return close_waves(session, programme, questionnaires)


def deletion_date(closed_on: dt.date, retention_days: int) -> dt.date:
    """The first day ``retention apply`` deletes the answers of a programme closed on ``closed_on``."""
    return closed_on + dt.timedelta(days=retention_days + 1)


def _open_waves(session: Session, programme: Programme) -> list[Wave]:
    return list(
        session.scalars(
            select(Wave).join(Company).join(Region).where(Region.programme_pk == programme.pk, Wave.is_open.is_(True))
        ).all()
    )


def close_waves(session: Session, programme: Programme, questionnaires: Registry) -> int:
    """Close every open wave of ``programme`` (its links then answer 410) and release what each holds;
    the number closed."""
    waves = _open_waves(session, programme)
    for wave in waves:
        wave.is_open, wave.closed_on = False, dt.date.today()
        session.flush()
        releases.release(session, wave, questionnaires)
        skills_store.snapshot_on_close(session, wave.company, wave.kind)
    return len(waves)


def apply(session: Session, retention_days: int, today: dt.date | None = None) -> list[Expired]:
    """Delete the responses (and by cascade their answers), the plans of approach (and by cascade their
    focus areas, actions, steps and notes) and the skills matrices (tasks, people, cells; not their snapshots)
    of every expired programme."""
    found = expired(session, retention_days, today)
    for item in found:
        companies = (
            select(Company.pk)
            .join(Region, Company.region_pk == Region.pk)
            .join(Programme, Region.programme_pk == Programme.pk)
            .where(Programme.slug == item.programme)
        )
        invitations = (
            select(Invitation.pk).join(Wave, Invitation.wave_pk == Wave.pk).where(Wave.company_pk.in_(companies))
        )
        session.execute(delete(Response).where(Response.invitation_pk.in_(invitations)))
        session.execute(delete(Plan).where(Plan.company_pk.in_(companies)))
        people = select(SkillPerson.pk).where(SkillPerson.company_pk.in_(companies))
        session.execute(delete(SkillCell).where(SkillCell.person_pk.in_(people)))
        session.execute(delete(SkillPerson).where(SkillPerson.company_pk.in_(companies)))
        session.execute(delete(SkillTask).where(SkillTask.company_pk.in_(companies)))
        dialogues = select(DialogueSession.pk).where(DialogueSession.company_pk.in_(companies))
        session.execute(delete(DialogueVote).where(DialogueVote.session_pk.in_(dialogues)))
        session.execute(delete(DialogueSession).where(DialogueSession.company_pk.in_(companies)))
        programme = session.scalars(select(Programme).where(Programme.slug == item.programme)).one()
        # No stored result computed from the deleted answers survives them (quickscan.computed_results).
        computed_results.forget_programme(session, programme.pk)
        # A used link must not open again once its answers are gone (nothing is left to release).
        for wave in _open_waves(session, programme):
            wave.is_open, wave.closed_on = False, dt.date.today()
    session.flush()
    return found


def delete_company(session: Session, company: Company) -> int:
    """Delete ``company`` with its waves, invitations, responses, answers and manager accounts."""
    count = session.scalar(
        select(func.count(Response.pk)).join(Invitation).join(Wave).where(Wave.company_pk == company.pk)
    )
    computed_results.forget_company(session, company.pk)  # its own go by cascade too; the programme's not
    session.delete(company)
    session.flush()
    return int(count or 0)

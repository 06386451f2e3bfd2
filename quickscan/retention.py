"""Data protection: deleting a company with all its answers, and removing answers after the retention period.

The retention period (``QUICKSCAN_RETENTION_DAYS``, default 365) counts from the day a programme was
closed (``quickscan programme close``). After it, the responses and answers of that programme's companies
are deleted; companies, waves and invitation counts stay, so the programme's shape remains on record.
Functions here only ``flush()``; the caller commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from questionnaires import Registry

from . import releases
from .models import Company, Invitation, Programme, Region, Response, Wave

DEFAULT_RETENTION_DAYS = 365


@dataclass(frozen=True)
class Expired:
    programme: str
    closed_on: dt.date
    responses: int


def expired(session: Session, retention_days: int, today: dt.date | None = None) -> list[Expired]:
    """Programmes closed more than ``retention_days`` ago that still hold responses."""
    cutoff = (today or dt.date.today()) - dt.timedelta(days=retention_days)
    rows = session.execute(
        select(Programme.slug, Programme.closed_on, func.count(Response.pk))
        .join(Region, Region.programme_pk == Programme.pk)
        .join(Company, Company.region_pk == Region.pk)
        .join(Wave, Wave.company_pk == Company.pk)
        .join(Invitation, Invitation.wave_pk == Wave.pk)
        .join(Response, Response.invitation_pk == Invitation.pk)
        .where(Programme.closed_on.is_not(None), Programme.closed_on < cutoff)
        .group_by(Programme.slug, Programme.closed_on)
        .order_by(Programme.slug)
    ).all()
    return [Expired(slug, closed, int(n)) for slug, closed, n in rows if closed is not None]


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
    return len(waves)


def apply(session: Session, retention_days: int, today: dt.date | None = None) -> list[Expired]:
    """Delete the responses (and by cascade their answers) of every expired programme."""
    found = expired(session, retention_days, today)
    for item in found:
        invitations = (
            select(Invitation.pk)
            .join(Wave, Invitation.wave_pk == Wave.pk)
            .join(Company, Wave.company_pk == Company.pk)
            .join(Region, Company.region_pk == Region.pk)
            .join(Programme, Region.programme_pk == Programme.pk)
            .where(Programme.slug == item.programme)
        )
        session.execute(delete(Response).where(Response.invitation_pk.in_(invitations)))
        # A used link must not open again once its answers are gone (nothing is left to release).
        programme = session.scalars(select(Programme).where(Programme.slug == item.programme)).one()
        for wave in _open_waves(session, programme):
            wave.is_open, wave.closed_on = False, dt.date.today()
    session.flush()
    return found


def delete_company(session: Session, company: Company) -> int:
    """Delete ``company`` with its waves, invitations, responses, answers and manager accounts."""
    count = session.scalar(
        select(func.count(Response.pk)).join(Invitation).join(Wave).where(Wave.company_pk == company.pk)
    )
    session.delete(company)
    session.flush()
    return int(count or 0)

"""The audit trail: who did what to which object, and when (AVG art. 5(2), ASVS V7).

One small service. :func:`record` adds an :class:`~quickscan.models.AuditEvent` and only ``flush()``es, so
the event is committed with the change it describes, by the request boundary or ``db.transaction()``, and
vanishes with it when that is rolled back. Events are appended, never changed (an update raises); only
:func:`prune` deletes them, after ``QUICKSCAN_AUDIT_DAYS``.

An event never holds survey answers, survey tokens or passwords: callers pass ids, slugs, e-mail addresses
of accounts and a short detail of their own making, never user input such as a typed password.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from .models import AuditEvent, User

DEFAULT_AUDIT_DAYS = 730
#: Who acts when no account does: the command line on the server.
COMMAND_LINE = "(command line)"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def record(
    session: Session,
    action: str,
    actor: User | None = None,
    object_kind: str | None = None,
    object_id: object = None,
    detail: str | None = None,
    actor_email: str | None = None,
) -> AuditEvent:
    """Append one event (only ``flush()``es). ``actor`` is the account acting (None: the command line, or
    nobody known, as for a failed login of an unknown address; then ``actor_email`` may say who)."""
    entry = AuditEvent(
        at=_now(),
        actor_pk=actor.pk if actor is not None else None,
        actor_email=actor.email if actor is not None else actor_email,
        action=action[:40],
        object_kind=object_kind,
        object_id=None if object_id is None else str(object_id)[:254],
        detail=None if detail is None else detail[:200],
    )
    session.add(entry)
    session.flush()
    return entry


def by_command_line(
    session: Session, action: str, object_kind: str | None = None, object_id: object = None, detail: str | None = None
) -> AuditEvent:
    """Append an event done with the ``quickscan`` command on the server (no account acts)."""
    return record(session, action, None, object_kind, object_id, detail, actor_email=COMMAND_LINE)


@event.listens_for(AuditEvent, "before_update")
def _append_only(_mapper: Any, _connection: Any, _target: AuditEvent) -> None:
    raise RuntimeError("audit events are never changed")


def page(session: Session, number: int, size: int = 50) -> tuple[Sequence[AuditEvent], int]:
    """Events of page ``number`` (from 1), newest first, and the number of pages (at least 1)."""
    total = int(session.scalar(select(func.count(AuditEvent.pk))) or 0)
    pages = max(1, -(-total // size))
    number = min(max(1, number), pages)
    events = session.scalars(
        select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.pk.desc()).offset((number - 1) * size).limit(size)
    ).all()
    return events, pages


COLUMNS = ("when", "actor_id", "actor_email", "action", "object_kind", "object_id", "detail")


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet does not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def as_csv(session: Session) -> str:
    """Every event, newest first, as CSV (UTF-8, one header row)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for e in session.scalars(select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.pk.desc())):
        writer.writerow(
            [
                _cell(v)
                for v in (e.at.isoformat(), e.actor_pk, e.actor_email, e.action, e.object_kind, e.object_id, e.detail)
            ]
        )
    return out.getvalue()


def prune(session: Session, days: int, today: dt.date | None = None) -> int:
    """Delete events older than ``days`` days; the number deleted."""
    cutoff = dt.datetime.combine((today or dt.date.today()) - dt.timedelta(days=days), dt.time())
    result = session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff))
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)

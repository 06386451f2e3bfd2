"""Dialogue sessions in the database: start, join by code, vote (an upsert), reveal, close; read the votes as
:class:`scoring.dialogue.Vote` for the group result. Functions here only ``flush()``; the request commits.

**Join codes** are in the style of :mod:`quickscan.short_codes`: Crockford's base 32 (no I, L, O, U), typed
forgivingly (case, spaces and hyphens do not matter, O is 0, I and L are 1), shown as ``7KQM-4RXT``. Eight
random characters (40 bits) for the handful of sessions open at a time; the code stops working when the
session closes.

**Votes** are upserted on the unique key (session, participant, factor): a double submit or a change before
the reveal updates the vote, never adds one, also with many phones at once. A vote is checked against the
session's status *after* it was written, under a shared lock of the session's row (PostgreSQL; SQLite writes
one at a time anyway), and :func:`reveal` takes that row's update lock: so no vote lands after the reveal.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from questionnaires import Registry
from questionnaires.dialogue import Instrument, Instruments, from_questionnaire
from reports.dialogue import Held
from scoring.dialogue import MIN_VOTERS, Vote, session_result

from . import models
from .dialogue_models import DialogueSession, DialogueVote
from .short_codes import ALPHABET

#: Characters of a join code.
CODE_LENGTH = 8
#: The most characters of a remark.
REMARK_LENGTH = 200
_READ_AS = {"O": "0", "I": "1", "L": "1"}


class DialogueError(ValueError):
    """A change the session refuses: voting after the reveal, revealing before 3 votes."""


def now() -> dt.datetime:
    """Naive UTC to the second, as the plans keep time."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def shown_code(code: str) -> str:
    """``7KQM4RXT`` as it is shown and spoken: ``7KQM-4RXT``."""
    return f"{code[:4]}-{code[4:]}"


def normalise_code(typed: str) -> str | None:
    """The join code someone typed, as stored; None when it cannot be a code."""
    plain = "".join(_READ_AS.get(c, c) for c in typed.upper() if c not in " -.")
    if len(plain) != CODE_LENGTH or any(c not in ALPHABET for c in plain):
        return None
    return plain


def _new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        taken = session.scalar(select(DialogueSession.pk).where(DialogueSession.join_code == code))
        if taken is None:
            return code


def new_participant() -> str:
    """A random participant id for a phone's cookie (128 bits, hex)."""
    return secrets.token_hex(16)


def start(
    session: Session, company: models.Company, instrument: Instrument, facilitator: models.User | None
) -> DialogueSession:
    """A new open session of ``company`` on ``instrument``, with a fresh join code."""
    new = DialogueSession(
        company_pk=company.pk,
        facilitator_pk=facilitator.pk if facilitator is not None else None,
        join_code=_new_code(session),
        status="open",
        instrument=instrument.ref,
        created_at=now(),
    )
    session.add(new)
    session.flush()
    return new


def of_company(session: Session, company: models.Company, pk: int) -> DialogueSession | None:
    """Session ``pk`` if it belongs to ``company``, else None (an id from another company)."""
    return session.scalar(
        select(DialogueSession).where(DialogueSession.pk == pk, DialogueSession.company_pk == company.pk)
    )


def sessions(session: Session, company_pk: int) -> list[DialogueSession]:
    """The company's sessions, newest first."""
    return list(
        session.scalars(
            select(DialogueSession)
            .where(DialogueSession.company_pk == company_pk)
            .order_by(DialogueSession.created_at.desc(), DialogueSession.pk.desc())
        )
    )


def by_code(session: Session, typed: str) -> DialogueSession | None:
    """The session a typed join code opens: not a closed one (its code stopped working)."""
    code = normalise_code(typed)
    if code is None:
        return None
    return session.scalar(
        select(DialogueSession).where(DialogueSession.join_code == code, DialogueSession.status != "closed")
    )


def participants(session: Session, dialogue: DialogueSession) -> int:
    """How many phones voted in the session."""
    return int(
        session.scalar(
            select(func.count(distinct(DialogueVote.participant))).where(DialogueVote.session_pk == dialogue.pk)
        )
        or 0
    )


def participant_counts(session: Session, pks: list[int]) -> dict[int, int]:
    """How many voted, per session ``pks`` (one query)."""
    if not pks:
        return {}
    rows = session.execute(
        select(DialogueVote.session_pk, func.count(distinct(DialogueVote.participant)))
        .where(DialogueVote.session_pk.in_(pks))
        .group_by(DialogueVote.session_pk)
    ).all()
    found = {pk: int(n) for pk, n in rows}
    return {pk: found.get(pk, 0) for pk in pks}


@dataclass(frozen=True)
class Rating:
    """A participant's rating of one factor, checked by the page (1–5, a remark of at most 200 characters)."""

    now: int
    wanted: int
    remark: str = ""


def vote(session: Session, dialogue: DialogueSession, participant: str, ratings: Mapping[str, Rating]) -> None:
    """Store (or replace) ``participant``'s ratings; DialogueError when the session is no longer open. The
    caller rolls back on the error (the request does, on its 4xx), so nothing of a refused vote stays."""
    if not ratings:
        return
    at = now()
    rows = [
        {
            "session_pk": dialogue.pk,
            "participant": participant,
            "factor_id": factor_id,
            "now": r.now,
            "wanted": r.wanted,
            "remark": r.remark.strip()[:REMARK_LENGTH],
            "updated_at": at,
        }
        for factor_id, r in ratings.items()
    ]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(DialogueVote).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["session_pk", "participant", "factor_id"],
        set_={name: statement.excluded[name] for name in ("now", "wanted", "remark", "updated_at")},
    )
    session.execute(statement)
    status = session.scalar(
        select(DialogueSession.status).where(DialogueSession.pk == dialogue.pk).with_for_update(read=True)
    )
    if status != "open":
        raise DialogueError("the session is no longer open")


def own_ratings(session: Session, dialogue: DialogueSession, participant: str) -> dict[str, Rating]:
    """What ``participant`` voted (to fill in their form again: only ever shown to that phone)."""
    rows = session.scalars(
        select(DialogueVote).where(
            DialogueVote.session_pk == dialogue.pk,
            DialogueVote.participant == participant,
        )
    )
    return {v.factor_id: Rating(v.now, v.wanted, v.remark) for v in rows}


def votes(session: Session, dialogue: DialogueSession) -> list[Vote]:
    """The session's votes, for :func:`scoring.dialogue.session_result` (never shown one by one)."""
    rows = session.execute(
        select(
            DialogueVote.participant,
            DialogueVote.factor_id,
            DialogueVote.now,
            DialogueVote.wanted,
        ).where(DialogueVote.session_pk == dialogue.pk)
    ).all()
    return [Vote(p, f, n, w) for p, f, n, w in rows]


def remarks(session: Session, dialogue: DialogueSession) -> dict[str, list[str]]:
    """The non-empty remarks per factor (for :func:`scoring.dialogue.remarks`, which orders them)."""
    out: dict[str, list[str]] = {}
    rows = session.execute(
        select(DialogueVote.factor_id, DialogueVote.remark).where(
            DialogueVote.session_pk == dialogue.pk, DialogueVote.remark != ""
        )
    ).all()
    for factor_id, remark in rows:
        out.setdefault(factor_id, []).append(remark)
    return out


def reveal(session: Session, dialogue: DialogueSession) -> None:
    """Show the group's result: only an open session with at least 3 voters (DialogueError otherwise)."""
    locked = session.scalar(select(DialogueSession).where(DialogueSession.pk == dialogue.pk).with_for_update())
    session.refresh(dialogue)
    if locked is None or dialogue.status != "open":
        raise DialogueError("only an open session can be revealed")
    if participants(session, dialogue) < MIN_VOTERS:
        raise DialogueError(f"fewer than {MIN_VOTERS} participants")
    dialogue.status = "revealed"
    dialogue.revealed_at = now()
    session.flush()


def close(session: Session, dialogue: DialogueSession) -> None:
    """End the session: its join code stops working. Closing an open session reveals nothing."""
    if dialogue.status == "closed":
        return
    dialogue.status = "closed"
    dialogue.closed_at = now()
    session.flush()


def held(session: Session, company_pks: list[int], questionnaires: Registry) -> dict[int, tuple[Held, ...]]:
    """The revealed sessions with a shown result (3 voters or more) of ``company_pks``, newest first, as the
    company report carries them. Two queries; a session whose instrument the app no longer has is left out."""
    if not company_pks:
        return {}
    rows = list(
        session.scalars(
            select(DialogueSession)
            .where(
                DialogueSession.company_pk.in_(company_pks),
                DialogueSession.revealed_at.is_not(None),
            )
            .order_by(DialogueSession.created_at.desc(), DialogueSession.pk.desc())
        )
    )
    by_session: dict[int, list[Vote]] = {r.pk: [] for r in rows}
    if rows:
        found = session.execute(
            select(
                DialogueVote.session_pk,
                DialogueVote.participant,
                DialogueVote.factor_id,
                DialogueVote.now,
                DialogueVote.wanted,
            ).where(DialogueVote.session_pk.in_(list(by_session)))
        ).all()
        for pk, participant, factor_id, now_, wanted in found:
            by_session[pk].append(Vote(participant, factor_id, now_, wanted))
    out: dict[int, list[Held]] = {}
    for row in rows:
        used = instrument(row.instrument, questionnaires, shipped_instruments())
        if used is None:
            continue
        result = session_result([f.id for f in used.factors], by_session[row.pk])
        if result.shown:
            out.setdefault(row.company_pk, []).append(Held(row.created_at.date(), used, result))
    return {pk: tuple(found) for pk, found in out.items()}


def key_facts(session: Session, company_pk: int) -> list[tuple[Any, ...]]:
    """What the company report's key needs of its sessions: each revealed one's pk and when (votes no longer
    change after the reveal)."""
    rows = session.execute(
        select(DialogueSession.pk, DialogueSession.revealed_at)
        .where(
            DialogueSession.company_pk == company_pk,
            DialogueSession.revealed_at.is_not(None),
        )
        .order_by(DialogueSession.pk)
    ).all()
    return [tuple(r) for r in rows]


@cache
def shipped_instruments() -> Instruments:
    """The dialogue definitions shipped with Quickscan (the app's own copy: :func:`quickscan.dialogue.instruments`)."""
    return Instruments()


def instrument(ref: str, questionnaires: Registry, instruments: Instruments) -> Instrument | None:
    """The instrument ``ref`` names: a questionnaire's dimensions, or a dialogue definition; None when the
    app no longer has it."""
    kind, _, key = ref.partition(":")
    if kind == "questionnaire":
        try:
            return from_questionnaire(questionnaires.resolve(key))
        except (KeyError, ValueError):
            return None
    return instruments.get(ref)

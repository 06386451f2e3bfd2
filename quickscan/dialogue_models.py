"""The dialogue session's tables (docs/dialogue.md): a company's sessions and its participants' votes.

A participant is a random id from a phone's cookie, never a name or an address; votes are deleted with their
session, the session with its company, and both by retention (:mod:`quickscan.retention`). What may be shown
of them is :mod:`scoring.dialogue`'s rules.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import Base
from .models import Company


class DialogueSession(Base):
    """A dialogue session of one company (:mod:`quickscan.dialogue`): a group rates the instrument's factors
    "now" and "wanted" on their phones, joining with ``join_code``; revealed together, then closed."""

    __tablename__ = "dialogue_sessions"
    __table_args__ = (CheckConstraint("status IN ('open', 'revealed', 'closed')", name="status"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"), index=True)
    #: Who started it (None once that account is deleted).
    facilitator_pk: Mapped[int | None] = mapped_column(ForeignKey("users.pk", ondelete="SET NULL"))
    #: Eight characters of Crockford's base 32 (:mod:`quickscan.dialogue_store`), without the hyphen.
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    #: ``questionnaire:<id>@<version>`` or ``dialogue:<id>@<version>`` (:mod:`questionnaires.dialogue`).
    instrument: Mapped[str] = mapped_column(String(140))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revealed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    company: Mapped[Company] = relationship()


class DialogueVote(Base):
    """One participant's rating of one factor; a participant is a random id from their phone's cookie.

    The unique key makes a second submit (or a change before the reveal) update the vote, never add one."""

    __tablename__ = "dialogue_votes"
    __table_args__ = (
        UniqueConstraint("session_pk", "participant", "factor_id", name="uq_dialogue_votes_participant_factor"),
        CheckConstraint("now BETWEEN 1 AND 5", name="now"),
        CheckConstraint("wanted BETWEEN 1 AND 5", name="wanted"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_pk: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.pk", ondelete="CASCADE"))
    participant: Mapped[str] = mapped_column(String(32))
    factor_id: Mapped[str] = mapped_column(String(64))
    now: Mapped[int] = mapped_column(Integer)
    wanted: Mapped[int] = mapped_column(Integer)
    remark: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

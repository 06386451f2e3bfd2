"""The learning circle's tables (leerkring, docs/learning-circle.md): the named circles the programme lead
defines, their members, and each company's consent. Its rules live in :mod:`scoring.circle`; a company in no
named circle belongs to the circle of its region (:mod:`quickscan.circle_store`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import Base


class Circle(Base):
    """A named learning circle defined by the programme lead (a sector circle, say). A company in no named
    circle belongs to the circle of its region."""

    __tablename__ = "circles"
    __table_args__ = (UniqueConstraint("programme_pk", "name", name="uq_circles_programme_name"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_pk: Mapped[int] = mapped_column(ForeignKey("programmes.pk", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)

    members: Mapped[list[CircleMember]] = relationship(
        back_populates="circle", cascade="all, delete-orphan", passive_deletes=True
    )


class CircleMember(Base):
    """A company in a named circle: at most one named circle per company."""

    __tablename__ = "circle_members"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    circle_pk: Mapped[int] = mapped_column(ForeignKey("circles.pk", ondelete="CASCADE"), index=True)
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"), unique=True)

    circle: Mapped[Circle] = relationship(back_populates="members")


class CircleConsent(Base):
    """Whether a company takes part in its circle's comparisons, set by the programme lead: who set it and
    when (shown to the company). No row: no consent."""

    __tablename__ = "circle_consents"

    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"), primary_key=True)
    consent: Mapped[bool] = mapped_column(Boolean)
    set_by: Mapped[str] = mapped_column(String(254))
    set_at: Mapped[dt.datetime] = mapped_column(DateTime)

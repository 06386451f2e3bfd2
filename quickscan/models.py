"""The ORM models. Tables are created by migrations (``quickscan db upgrade``), never by ``create_all``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .db import Base


class QuestionnaireSnapshot(Base):
    """The exact definition of a questionnaire version, kept when it is first registered.

    Responses refer to ``id@version``; this row keeps what was asked under that name, and its
    fingerprint lets the app notice a file on disk that was changed without a new version.
    """

    __tablename__ = "questionnaire_snapshots"
    __table_args__ = (UniqueConstraint("questionnaire_id", "version", name="uq_questionnaire_snapshots_key"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    definition: Mapped[str] = mapped_column(Text)
    registered_on: Mapped[dt.date] = mapped_column(Date)

    @property
    def key(self) -> str:
        return f"{self.questionnaire_id}@{self.version}"

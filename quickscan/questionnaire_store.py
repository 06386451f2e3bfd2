"""The questionnaires the app serves: the registry of definition files, and their snapshots in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires import Questionnaire, Registry

from .models import QuestionnaireSnapshot

EXTENSION = "quickscan.questionnaires"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Registry(app.config["QUESTIONNAIRE_DIR"])
    for error in app.extensions[EXTENSION].errors:
        app.logger.error("Questionnaire not loaded:\n%s", error)


def registry(app: Flask | None = None) -> Registry:
    reg: Registry = (app or current_app).extensions[EXTENSION]
    return reg


@dataclass(frozen=True)
class Registration:
    key: str
    status: str  # "new", "unchanged" or "changed"


def register(session: Session, questionnaires: Registry) -> list[Registration]:
    """Keep a snapshot of every definition not seen before; report those whose file has changed since.

    A changed definition under an existing id@version is never overwritten: the old snapshot stays, and
    the caller is told, because answers given to the old text must keep their meaning.
    """
    existing = {(s.questionnaire_id, s.version): s for s in session.scalars(select(QuestionnaireSnapshot))}
    out = []
    for q in questionnaires:
        snap = existing.get((q.id, q.version))
        if snap is None:
            session.add(
                QuestionnaireSnapshot(
                    questionnaire_id=q.id,
                    version=q.version,
                    fingerprint=q.fingerprint,
                    definition=q.canonical_json,
                    registered_on=dt.date.today(),
                )
            )
            out.append(Registration(q.key, "new"))
        elif snap.fingerprint != q.fingerprint:
            out.append(Registration(q.key, "changed"))
        else:
            out.append(Registration(q.key, "unchanged"))
    session.flush()
    return out


def snapshot_status(session: Session, questionnaire: Questionnaire) -> str:
    """``registered``, ``changed`` (file differs from the snapshot) or ``unregistered``."""
    snap = session.scalars(
        select(QuestionnaireSnapshot).where(
            QuestionnaireSnapshot.questionnaire_id == questionnaire.id,
            QuestionnaireSnapshot.version == questionnaire.version,
        )
    ).first()
    if snap is None:
        return "unregistered"
    return "registered" if snap.fingerprint == questionnaire.fingerprint else "changed"

"""Storing survey answers: start a response, save a page, submit exactly once.

Functions here only ``flush()``; the request boundary commits. Concurrency is left to the database: one
response per invitation (unique key), one answer per element (unique key), and submission is a conditional
``UPDATE … WHERE submitted_on IS NULL`` so two simultaneous submits store one response.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata

from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from questionnaires import Questionnaire, Registry

from .forms import StoredAnswer
from .models import Answer, Company, Invitation, Response, Wave


class QuestionnaireChanged(RuntimeError):
    """The definition on disk no longer matches the one the wave was opened with."""


TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


class AlreadySubmitted(RuntimeError):
    """The response was submitted (perhaps on another device) before this change could be stored."""


def find_invitation(session: Session, token: str) -> Invitation | None:
    """The invitation of ``token``; None for anything that is not a token we could have made."""
    if not TOKEN.fullmatch(token or ""):
        return None
    return session.scalar(
        select(Invitation)
        .where(Invitation.token == token)
        .options(joinedload(Invitation.wave).joinedload(Wave.company), joinedload(Invitation.response))
    )


def questionnaire_of(wave: Wave, registry: Registry) -> Questionnaire:
    """The definition of ``wave``; refuses a file that was changed under the same version."""
    try:
        q = registry.get(wave.questionnaire_id, wave.questionnaire_version)
    except KeyError:
        raise QuestionnaireChanged(
            f"{wave.questionnaire_id}@{wave.questionnaire_version} is no longer available"
        ) from None
    if q.fingerprint != wave.fingerprint:
        raise QuestionnaireChanged(
            f"{q.key} differs from the definition this wave was opened with; a changed questionnaire "
            "needs a new version"
        )
    return q


def start(session: Session, invitation: Invitation, language: str) -> Response:
    """The response of ``invitation``, created on first use (only the date is kept)."""
    if invitation.response is not None:
        return invitation.response
    response = Response(invitation_pk=invitation.pk, language=language, started_on=dt.date.today(), last_page=0)
    try:
        with session.begin_nested():
            session.add(response)
    except IntegrityError:
        # A parallel request created it first: use that one.
        response = session.scalars(select(Response).where(Response.invitation_pk == invitation.pk)).one()
    session.expire(invitation, ["response"])
    return response


def stored_answers(session: Session, response: Response) -> dict[str, StoredAnswer]:
    rows = session.scalars(select(Answer).where(Answer.response_pk == response.pk))
    return {a.element_id: StoredAnswer(a.value, a.code, a.text) for a in rows}


def save_page(
    session: Session, response: Response, page: int, answers: dict[str, StoredAnswer | None]
) -> None:
    """Replace the answers to the elements of one page (``None`` clears an answer).

    The conditional update comes first: it refuses a response submitted meanwhile (on another device), and
    the row lock it takes makes two saves of the same response run one after the other.
    """
    locked = session.execute(
        update(Response)
        .where(Response.pk == response.pk, Response.submitted_on.is_(None))
        .values(last_page=case((Response.last_page < page, page), else_=Response.last_page))
        .execution_options(synchronize_session=False)
    )
    if not locked.rowcount:  # type: ignore[attr-defined]
        raise AlreadySubmitted(response.pk)
    ids = list(answers)
    session.execute(delete(Answer).where(Answer.response_pk == response.pk, Answer.element_id.in_(ids)))
    session.add_all(
        Answer(response_pk=response.pk, element_id=eid, value=a.value, code=a.code, text=a.text)
        for eid, a in answers.items()
        if a is not None
    )
    session.flush()
    session.expire(response, ["last_page"])


def submit(session: Session, response: Response) -> bool:
    """Mark ``response`` submitted. False when it already was (a double submit): store nothing then."""
    result = session.execute(
        update(Response)
        .where(Response.pk == response.pk, Response.submitted_on.is_(None))
        .values(submitted_on=dt.date.today())
        .execution_options(synchronize_session=False)
    )
    session.expire(response)
    return bool(result.rowcount)  # type: ignore[attr-defined]


def normalise_link_code(*parts: str) -> str:
    """Upper case, no accents, no spaces: ``"ma", "15", "Lé"`` and ``"MA", "15", "LE"`` are the same code."""
    joined = "-".join(parts)
    ascii_text = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in ascii_text.upper() if ch.isalnum() or ch == "-")


def link_hash(company: Company, code: str) -> str:
    """A keyed hash of the code: equal codes in one company pair up; the code itself is never stored."""
    return hmac.new(bytes.fromhex(company.link_key), code.encode("utf-8"), hashlib.sha256).hexdigest()

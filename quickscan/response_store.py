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
from dataclasses import dataclass

from sqlalchemy import bindparam, case, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from questionnaires import Questionnaire, Registry

from .models import Answer, Company, Invitation, Response, Wave
from .survey_forms import StoredAnswer


class QuestionnaireChanged(RuntimeError):
    """The definition on disk no longer matches the one the wave was opened with."""


TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: The shape of the tokens ``programme.invite`` makes (``secrets.token_urlsafe(32)``): an unknown token of this
#: shape may be a revoked link, and is answered like a used one.
ISSUED = re.compile(r"[A-Za-z0-9_-]{43}")


class AlreadySubmitted(RuntimeError):
    """The response was submitted (perhaps on another device) before this change could be stored."""


@dataclass(frozen=True)
class Started:
    """The response behind a link, as far as the survey pages need it."""

    pk: int
    language: str
    last_page: int
    submitted_on: dt.date | None
    link_code: str | None  # its keyed hash


@dataclass(frozen=True)
class Link:
    """What a survey link opens: the invitation, its wave and company, and the response when started.

    Read in one query per request (the survey's hot path); changes go through the functions below, each one
    statement, never through these objects.
    """

    token: str
    invitation_pk: int
    role: str
    wave_pk: int
    wave_is_open: bool
    questionnaire_id: str
    questionnaire_version: int
    fingerprint: str
    link_key: str
    response: Started | None


# The survey's statements are built once, with bind parameters, and run on the session's connection: building
# a statement and computing its cache key on every request cost about as much as running it.
_LINK = (
    select(
        Invitation.pk,
        Invitation.role,
        Wave.pk,
        Wave.is_open,
        Wave.questionnaire_id,
        Wave.questionnaire_version,
        Wave.fingerprint,
        Company.link_key,
        Response.pk,
        Response.language,
        Response.last_page,
        Response.submitted_on,
        Response.link_code,
    )
    .join(Wave, Invitation.wave_pk == Wave.pk)
    .join(Company, Wave.company_pk == Company.pk)
    .outerjoin(Response, Response.invitation_pk == Invitation.pk)
    .where(Invitation.token == bindparam("token"))
)
_STORED = select(Answer.element_id, Answer.value, Answer.code, Answer.text).where(
    Answer.response_pk == bindparam("r_pk")
)
_NOT_SUBMITTED = (Response.pk == bindparam("r_pk"), Response.submitted_on.is_(None))
_SAVE = (
    update(Response)
    .where(*_NOT_SUBMITTED)
    .values(
        last_page=case((Response.last_page < bindparam("page"), bindparam("page")), else_=Response.last_page),
        language=func.coalesce(bindparam("lang"), Response.language),
    )
)
_CLEAR = delete(Answer).where(
    Answer.response_pk == bindparam("r_pk"), Answer.element_id.in_(bindparam("ids", expanding=True))
)
_ADD = insert(Answer)
_SET_LINK_CODE = update(Response).where(*_NOT_SUBMITTED).values(link_code=bindparam("code"))
_SUBMIT = update(Response).where(*_NOT_SUBMITTED).values(submitted_on=bindparam("day"))


def find_invitation(session: Session, token: str) -> Link | None:
    """The link of ``token``; None for anything that is not a token we made."""
    if not TOKEN.fullmatch(token or ""):
        return None
    row = session.connection().execute(_LINK, {"token": token}).one_or_none()
    if row is None:
        return None
    inv_pk, role, wave_pk, is_open, q_id, q_version, fingerprint, link_key, r_pk, lang, last, done, link_code = row
    started = Started(r_pk, lang, last, done, link_code) if r_pk is not None else None
    return Link(token, inv_pk, role, wave_pk, is_open, q_id, q_version, fingerprint, link_key, started)


def questionnaire_of(link: Link | Wave, registry: Registry) -> Questionnaire:
    """The definition of a link's wave; refuses a file that was changed under the same version."""
    questionnaire_id = link.questionnaire_id
    version = link.questionnaire_version
    try:
        q = registry.get(questionnaire_id, version)
    except KeyError:
        raise QuestionnaireChanged(f"{questionnaire_id}@{version} is no longer available") from None
    if q.fingerprint != link.fingerprint:
        raise QuestionnaireChanged(
            f"{q.key} differs from the definition this wave was opened with; a changed questionnaire "
            "needs a new version"
        )
    return q


def start(session: Session, link: Link, language: str) -> Started:
    """The response of ``link``, created on first use (only the date is kept)."""
    if link.response is not None:
        return link.response
    try:
        with session.begin_nested():
            session.execute(
                insert(Response).values(
                    invitation_pk=link.invitation_pk, language=language, started_on=dt.date.today(), last_page=0
                )
            )
    except IntegrityError:
        pass  # a parallel request created it first: use that one
    found = find_invitation(session, link.token)
    assert found is not None and found.response is not None
    return found.response


def stored_answers(session: Session, response_pk: int) -> dict[str, StoredAnswer]:
    rows = session.connection().execute(_STORED, {"r_pk": response_pk})
    return {eid: StoredAnswer(value, code, text) for eid, value, code, text in rows}


def save_page(
    session: Session,
    response_pk: int,
    page: int,
    answers: dict[str, StoredAnswer | None],
    language: str | None = None,
    keep_unanswered: bool = False,
) -> None:
    """Replace the answers to the elements of one page (``None`` clears an answer); remember ``language``.

    With ``keep_unanswered`` (a browser that was not shown the stored answers), ``None`` keeps the stored
    answer: only a new answer replaces one.

    The conditional update comes first: it refuses a response submitted meanwhile (on another device), and
    the row lock it takes makes two saves of the same response run one after the other.
    """
    connection = session.connection()
    locked = connection.execute(_SAVE, {"r_pk": response_pk, "page": page, "lang": language})
    if not locked.rowcount:
        raise AlreadySubmitted(response_pk)
    cleared = [eid for eid, a in answers.items() if a is not None or not keep_unanswered]
    if cleared:
        connection.execute(_CLEAR, {"r_pk": response_pk, "ids": cleared})
    rows = [
        {"response_pk": response_pk, "element_id": eid, "value": a.value, "code": a.code, "text": a.text}
        for eid, a in answers.items()
        if a is not None
    ]
    if rows:
        connection.execute(_ADD, rows)


def set_link_code(session: Session, response_pk: int, link_code: str | None) -> None:
    """Store the keyed hash of a respondent's own code (None: no code), unless the response was submitted."""
    if not session.connection().execute(_SET_LINK_CODE, {"r_pk": response_pk, "code": link_code}).rowcount:
        raise AlreadySubmitted(response_pk)


def submit(session: Session, response_pk: int) -> bool:
    """Mark the response submitted. False when it already was (a double submit): store nothing then."""
    result = session.connection().execute(_SUBMIT, {"r_pk": response_pk, "day": dt.date.today()})
    return bool(result.rowcount)


def normalise_link_code(*parts: str) -> str:
    """Upper case, no accents, no spaces: ``"ma", "15", "Lé"`` and ``"MA", "15", "LE"`` are the same code."""
    joined = "-".join(parts)
    ascii_text = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in ascii_text.upper() if ch.isalnum() or ch == "-")


def link_hash(link_key: str, code: str) -> str:
    """A keyed hash of the code with the company's ``link_key``: equal codes in one company pair up; the code
    itself is never stored."""
    return hmac.new(bytes.fromhex(link_key), code.encode("utf-8"), hashlib.sha256).hexdigest()

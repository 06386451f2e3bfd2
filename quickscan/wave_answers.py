"""From stored answers to the matrices the scoring engine reads: the bridge between SQL and ``scoring``.

One statement (one snapshot) fetches the respondents of the waves asked for with all their answers; numpy fills one
:class:`scoring.Answers` per (wave, role) with columns in ``questionnaire.items_for(role)`` order. Only
submitted responses count: a respondent who stopped half-way has not given their answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Integer, String, Text, cast, literal, null, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from questionnaires import ROLES, Questionnaire, Role
from scoring import NO_CODE, Answers

from .models import Answer, Invitation, Response, Wave


@dataclass
class WaveAnswers:
    """The submitted answers of one role in one wave, ready for scoring."""

    wave_pk: int
    role: Role
    answers: Answers
    #: Per respondent: the development-plan option code (or None).
    plan: list[str | None]
    #: Per respondent: the hashed link code (or None).
    links: list[str | None]
    #: Per respondent: the department of the invitation (or None).
    departments: list[str | None]
    #: Per single-choice question (department, years employed): the option code per respondent.
    choices: dict[str, list[str | None]] = field(default_factory=dict)
    #: Per open question: the non-empty answers, in response order.
    comments: dict[str, list[str]] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return int(self.answers.values.shape[0])


def load(
    session: Session,
    q: Questionnaire,
    waves: Iterable[Wave],
    roles: Iterable[Role] = ROLES,
    *,
    released_only: bool = True,
) -> dict[tuple[int, Role], WaveAnswers]:
    """The answers of ``waves`` (all using questionnaire ``q``) per (wave pk, role).

    Only released responses (:mod:`quickscan.releases`): every output is computed from releases, never
    from the live set; a wave whose results are withheld (after a deletion on request) gives nothing.
    ``released_only=False`` reads every submitted response (for checks and tools that show no results,
    such as ``db copy``'s comparison).
    """
    wave_pks = [w.pk for w in waves]
    counted = Response.release_pk.is_not(None) if released_only else Response.submitted_on.is_not(None)
    roles = tuple(roles)
    out: dict[tuple[int, Role], WaveAnswers] = {}
    if not wave_pks:
        return out
    # One statement, so one snapshot: respondents and their answers cannot disagree when a survey is
    # submitted, a wave released or a response deleted while this reads (issue 19). A wave withheld by the
    # time the statement runs gives nothing, whatever the caller's Wave objects said.
    where = [Invitation.wave_pk.in_(wave_pks), Invitation.role.in_(roles), counted]
    if released_only:
        where.append(Wave.withheld_since.is_(None))
    # A UNION ALL of the respondents (part 0) and their answers (part 1), unordered (the respondents are
    # ordered here; their answers are placed by respondent).
    people = (
        select(
            Response.pk.label("pk"),
            literal(0).label("part"),
            Invitation.wave_pk,
            Invitation.role,
            Invitation.department,
            Response.link_code,
            *_nothing(String(64), Integer(), String(64), Text()),
        )
        .join(Invitation, Response.invitation_pk == Invitation.pk)
        .join(Wave, Invitation.wave_pk == Wave.pk)
        .where(*where)
    )
    answered = (
        select(
            Answer.response_pk,
            literal(1),
            *_nothing(Integer(), String(10), String(100), String(64)),
            Answer.element_id,
            Answer.value,
            Answer.code,
            Answer.text,
        )
        .join(Response, Answer.response_pk == Response.pk)
        .join(Invitation, Response.invitation_pk == Invitation.pk)
        .join(Wave, Invitation.wave_pk == Wave.pk)
        .where(*where)
    )
    result = session.connection().execute(union_all(people, answered))
    rows = result.cursor.fetchall()  # the driver's tuples: ints and strings need no conversion, Row objects cost
    result.close()
    columns = {role: {item.id: j for j, item in enumerate(q.items_for(role))} for role in roles}
    ns_index = {
        role: {
            item.id: {ns.code: i for i, ns in enumerate(q.scales[item.scale].non_substantive)}
            for item in q.items_for(role)
        }
        for role in roles
    }
    plan_question = q.development_plan_question()
    plan_id = plan_question.id if plan_question else None
    open_ids = {question.id for question in q.questions if question.type == "open"}
    choice_ids = [question.id for question in q.questions if question.type == "single_choice"]
    groups: dict[tuple[int, Role], _Group] = {}
    row_of: dict[int, tuple[_Group, int, Role]] = {}
    for pk, _, wave_pk, role, department, link, *_ in sorted((r for r in rows if r[1] == 0), key=itemgetter(0)):
        key: tuple[int, Role] = (wave_pk, "manager" if role == "manager" else "employee")
        group = groups.setdefault(key, _Group({qid: [] for qid in choice_ids}))
        row_of[pk] = (group, group.add(department, link), key[1])
    for pk, part, _, _, _, _, element_id, value, code, text in rows:
        if part == 0:
            continue
        group, row, role = row_of[pk]
        column = columns[role].get(element_id)
        if column is not None:
            if value is not None:
                group.values.append((row, column, value))
            elif code is not None and code in ns_index[role][element_id]:
                group.codes.append((row, column, ns_index[role][element_id][code]))
        elif element_id == plan_id:
            group.plan[row] = code
        elif element_id in group.choices:
            group.choices[element_id][row] = code
        elif element_id in open_ids and text:
            group.comments.setdefault(element_id, []).append((row, text))
    for key, group in groups.items():
        out[key] = group.finish(key, len(columns[key[1]]))
    return out


def _nothing(*types: TypeEngine[Any]) -> list[ColumnElement[Any]]:
    """Typed NULL columns, so both halves of the UNION have the same column types (PostgreSQL asks)."""
    return [cast(null(), t) for t in types]


@dataclass
class _Group:
    """One (wave, role)'s respondents while the rows stream in; :meth:`finish` fills the matrices at once."""

    choices: dict[str, list[str | None]] = field(default_factory=dict)
    departments: list[str | None] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)
    plan: list[str | None] = field(default_factory=list)
    values: list[tuple[int, int, float]] = field(default_factory=list)
    codes: list[tuple[int, int, int]] = field(default_factory=list)
    #: Per open question: (row, text), in any order; :meth:`finish` puts them in respondent order.
    comments: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def add(self, department: str | None, link: str | None) -> int:
        """A new respondent; their row number."""
        self.departments.append(department)
        self.links.append(link)
        self.plan.append(None)
        for answers in self.choices.values():
            answers.append(None)
        return len(self.departments) - 1

    def finish(self, key: tuple[int, Role], k: int) -> WaveAnswers:
        n = len(self.departments)
        values = np.full((n, k), np.nan, order="F")
        codes = np.full((n, k), NO_CODE, dtype=np.int8, order="F")
        if self.values:
            r, c, v = zip(*self.values, strict=True)
            values[list(r), list(c)] = v
        if self.codes:
            r, c, v = zip(*self.codes, strict=True)
            codes[list(r), list(c)] = v
        return WaveAnswers(
            wave_pk=key[0],
            role=key[1],
            answers=Answers(values, codes),
            plan=self.plan,
            links=self.links,
            departments=self.departments,
            choices=self.choices,
            comments={
                qid: [text for _, text in sorted(texts, key=itemgetter(0))] for qid, texts in self.comments.items()
            },
        )

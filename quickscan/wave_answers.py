"""From stored answers to the matrices the scoring engine reads: the bridge between SQL and ``scoring``.

One query fetches every answer of the submitted responses of the waves asked for; numpy fills one
:class:`scoring.Answers` per (wave, role) with columns in ``questionnaire.items_for(role)`` order. Only
submitted responses count: a respondent who stopped half-way has not given their answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

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
    wave_pks = [w.pk for w in waves if not (released_only and w.withheld_since is not None)]
    counted = Response.release_pk.is_not(None) if released_only else Response.submitted_on.is_not(None)
    roles = tuple(roles)
    out: dict[tuple[int, Role], WaveAnswers] = {}
    if not wave_pks:
        return out
    respondents = session.execute(
        select(Response.pk, Invitation.wave_pk, Invitation.role, Invitation.department, Response.link_code)
        .join(Invitation, Response.invitation_pk == Invitation.pk)
        .where(Invitation.wave_pk.in_(wave_pks), Invitation.role.in_(roles), counted)
        .order_by(Response.pk)
    ).all()
    row_of: dict[int, tuple[tuple[int, Role], int]] = {}
    members: dict[tuple[int, Role], list[tuple[int, str | None, str | None]]] = {}
    for response_pk, wave_pk, role, department, link in respondents:
        key: tuple[int, Role] = (wave_pk, "manager" if role == "manager" else "employee")
        group = members.setdefault(key, [])
        row_of[response_pk] = (key, len(group))
        group.append((response_pk, department, link))

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
    for key, group in members.items():
        k = len(columns[key[1]])
        out[key] = WaveAnswers(
            wave_pk=key[0],
            role=key[1],
            answers=Answers(
                np.full((len(group), k), np.nan, order="F"), np.full((len(group), k), NO_CODE, dtype=np.int8, order="F")
            ),
            plan=[None] * len(group),
            links=[link for _, _, link in group],
            departments=[department for _, department, _ in group],
            choices={qid: [None] * len(group) for qid in choice_ids},
        )
    if not row_of:
        return out
    rows = session.execute(
        select(Answer.response_pk, Answer.element_id, Answer.value, Answer.code, Answer.text)
        .join(Response, Answer.response_pk == Response.pk)
        .join(Invitation, Response.invitation_pk == Invitation.pk)
        .where(Invitation.wave_pk.in_(wave_pks), Invitation.role.in_(roles), counted)
        .order_by(Answer.response_pk)
    )
    for response_pk, element_id, value, code, text in rows:
        key, row = row_of[response_pk]
        target = out[key]
        column = columns[key[1]].get(element_id)
        if column is not None:
            if value is not None:
                target.answers.values[row, column] = value
            elif code is not None and code in ns_index[key[1]][element_id]:
                target.answers.codes[row, column] = ns_index[key[1]][element_id][code]
        elif element_id == plan_id:
            target.plan[row] = code
        elif element_id in target.choices:
            target.choices[element_id][row] = code
        elif element_id in open_ids and text:
            target.comments.setdefault(element_id, []).append(text)
    return out

"""Releases: the only way a wave's answers reach a result (``scoring.anonymity`` rule 8).

A threshold protects one look at the data, not two: a manager who reads the results at 5 responses and
again at 6, and knows who submitted in between, reads that person's answers. So no page, PDF, chart or
export is computed from the live set of submitted responses. They are computed from the responses of a
wave's *releases*:

* closing a wave releases what was submitted (:func:`release`), the first time as it stands (rules 1–7
  then decide what of it may be shown);
* deleting a released response on request (``quickscan revoke``) withholds the wave's results until its
  next release (:func:`withhold`): the same results without that response would show it;
* a wave that is opened again keeps showing its released results; what is submitted after a release
  waits, and the next close releases it only when every group it would change (employees, managers, each
  department) gains none or at least its threshold (:func:`scoring.anonymity.release_allowed`). Until then
  the waiting responses count in the participation figures only.

Participation counts (how many of how many filled in) stay live: they say nothing about answers.
Functions here only ``flush()``; the caller's transaction commits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, object_session

from questionnaires import Questionnaire, Registry
from scoring import anonymity

from . import computed_results
from .models import Invitation, Release, Response, Wave


@dataclass(frozen=True)
class Pending:
    """The submitted responses of a wave that no release holds yet, with, per group, how many are new and
    how many the earlier releases hold. Groups: each role, and each (role, department) of invitations with
    a department."""

    response_pks: list[int]
    groups: list[tuple[str, str | None]]
    new: list[int]
    released: list[int]


def pending(session: Session, wave: Wave) -> Pending:
    """What :func:`release` would add to the results of ``wave``."""
    rows = session.execute(
        select(Response.pk, Invitation.role, Invitation.department, Response.release_pk)
        .join(Invitation, Response.invitation_pk == Invitation.pk)
        .where(Invitation.wave_pk == wave.pk, Response.submitted_on.is_not(None))
        .order_by(Response.pk)
    ).all()
    new: Counter[tuple[str, str | None]] = Counter()
    released: Counter[tuple[str, str | None]] = Counter()
    for _, role, department, release_pk in rows:
        counter = new if release_pk is None else released
        counter[(role, None)] += 1
        if department:
            counter[(role, department)] += 1
    groups = sorted(set(new) | set(released), key=lambda g: (g[0], g[1] or ""))
    return Pending(
        [pk for pk, _, _, release_pk in rows if release_pk is None],
        groups,
        [new[g] for g in groups],
        [released[g] for g in groups],
    )


def release(
    session: Session, wave: Wave, questionnaires: Questionnaire | Registry, day: dt.date | None = None
) -> Release | None:
    """Release the waiting responses of ``wave`` when rule 8 allows it; the new release, or None (nothing
    waits, or too few to release without showing one person's answers as the difference).

    ``questionnaires`` is the wave's questionnaire, or a registry holding it (for its threshold).
    """
    found = pending(session, wave)
    if not found.response_pks:
        return None
    questionnaire = (
        questionnaires
        if isinstance(questionnaires, Questionnaire)
        else questionnaires.get(wave.questionnaire_id, wave.questionnaire_version)
    )
    if (questionnaire.id, questionnaire.version) != (wave.questionnaire_id, wave.questionnaire_version):
        raise ValueError(
            f"wave {wave.pk} uses {wave.questionnaire_id}@{wave.questionnaire_version}, not {questionnaire.key}"
        )
    # The strictest view of each group: managers see the managers' result from 3 (rule 6), so it may only
    # move in steps of 3 for them either.
    limits = [anonymity.limit_for(questionnaire, role, among_managers=True) for role, _ in found.groups]
    if not anonymity.release_allowed(found.new, found.released, limits):
        return None
    number = (session.scalar(select(func.max(Release.number)).where(Release.wave_pk == wave.pk)) or 0) + 1
    made = Release(
        wave_pk=wave.pk, number=number, released_on=day or dt.date.today(), responses=len(found.response_pks)
    )
    session.add(made)
    session.flush()
    session.execute(update(Response).where(Response.pk.in_(found.response_pks)).values(release_pk=made.pk))
    wave.withheld_since = None
    session.flush()
    computed_results.forget_company(session, wave.company_pk)  # superseded: the stored results go
    return made


def withhold(wave: Wave, day: dt.date | None = None) -> None:
    """Withhold the results of ``wave``: a released response is about to be deleted on request, and the
    same results without it would differ by one known person. They come back with the wave's next
    release, which (rule 8) adds at least the threshold of new responses to every group it changes."""
    if wave.withheld_since is None:
        wave.withheld_since = day or dt.date.today()
    session = object_session(wave)
    if session is not None:  # no stored copy of the withheld results survives (quickscan.computed_results)
        computed_results.forget_company(session, wave.company_pk)


def last_released_on(session: Session, wave_pks: Sequence[int]) -> dict[int, dt.date]:
    """Per wave pk the day of its last release that still holds a response (the day its results stand on);
    waves without one are left out. One query."""
    if not wave_pks:
        return {}
    rows = session.execute(
        select(Release.wave_pk, func.max(Release.released_on))
        .join(Response, Response.release_pk == Release.pk)
        .where(Release.wave_pk.in_(wave_pks))
        .group_by(Release.wave_pk)
    ).all()
    return {wave_pk: day for wave_pk, day in rows}

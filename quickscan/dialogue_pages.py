"""What the dialogue session's facilitator page (:mod:`quickscan.dialogue`) shows, and a revealed session's
summary: the instrument, the group result with the rules of :mod:`scoring.dialogue` applied, the remarks
after the reveal, the mirror from the company's released survey results (:mod:`quickscan.reporting`), the
plan's focus areas, the join code and its QR code.
"""

from __future__ import annotations

import segno
from flask import abort, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from questionnaires import localise
from questionnaires.dialogue import Instrument
from reports import dialogue as report_dialogue
from reports import text as report_text
from reports.plan import MAX_FOCUS_AREAS
from scoring import dialogue as scoring_dialogue

from . import dialogue_store, plan_store, reporting
from .db import session as db_session
from .dialogue_models import DialogueSession
from .i18n import request_language
from .models import Company
from .questionnaire_store import registry

#: How often the facilitator's page asks for the count (``static/dialogue.js`` reads it from the page).
POLL_SECONDS = 3


def instrument_or_404(dialogue: DialogueSession) -> Instrument:
    """The session's instrument; 404 when the app no longer has its definition (nothing to show it with)."""
    found = dialogue_store.instrument(dialogue.instrument, registry(), dialogue_store.shipped_instruments())
    if found is None:
        abort(404)
    return found


def join_url(dialogue: DialogueSession) -> str:
    return url_for("dialogue.join", code=dialogue.join_code, _external=True)


def facilitator_page(company: Company, dialogue: DialogueSession, status: int = 200) -> tuple[str, int]:
    lang = request_language()
    instrument = instrument_or_404(dialogue)
    votes = dialogue_store.votes(db_session(), dialogue)
    result = scoring_dialogue.session_result([f.id for f in instrument.factors], votes)
    rank: scoring_dialogue.RankBy = "divided" if request.args.get("rank") == "divided" else "gap"
    shown = dialogue.revealed_at is not None and result.shown
    remarks: dict[str, tuple[str, ...]] = {}
    mirror = None
    chosen: set[str] = set()
    room = False
    if shown:
        said = dialogue_store.remarks(db_session(), dialogue)
        remarks = {f.id: scoring_dialogue.remarks(said.get(f.id, []), result.participants) for f in instrument.factors}
        if instrument.from_questionnaire:
            report = reporting.company_report(
                db_session(), registry(), company.slug, among_managers=current_user.role == "manager"
            )
            mirror = report_dialogue.mirror(report, [f.id for f in instrument.factors])
            plan = plan_store.find(db_session(), company)
            chosen = {f.dimension_id for f in plan.focus_areas} if plan is not None else set()
            room = len(chosen) < MAX_FOCUS_AREAS
    report_lang = report_text.check_lang(lang)
    qr = segno.make(join_url(dialogue), error="m", micro=False)
    return render_template(
        "dialogue/facilitate.html",
        company=company,
        dialogue=dialogue,
        instrument=instrument,
        result=result,
        shown=shown,
        ranked=result.ranked(rank) if shown else [],
        rank=rank,
        remarks=remarks,
        mirror=mirror,
        chosen=chosen,
        room=room,
        code=dialogue_store.shown_code(dialogue.join_code),
        join_url=join_url(dialogue),
        join_page=url_for("dialogue.enter", _external=True),
        qr=qr.svg_data_uri(scale=8, dark="#000", light="#fff"),
        min_voters=scoring_dialogue.MIN_VOTERS,
        poll=POLL_SECONDS,
        form=FlaskForm(),
        spread=lambda fid, found: report_dialogue.spread_svg(factor_name(instrument, fid, lang), found, lang),
        name=lambda fid: factor_name(instrument, fid, lang),
        num=lambda value: report_text.number(value, report_lang, 1),
        signed=lambda value: report_text.number(value, report_lang, 1, signed=True),
        lang=lang,
    ), status


def factor_name(instrument: Instrument, factor_id: str, lang: str) -> str:
    factor = instrument.factor(factor_id)
    return localise(factor.name, lang) if factor is not None else factor_id


def summary_of(
    company: Company, dialogue: DialogueSession, among_managers: bool = False
) -> report_dialogue.Summary | None:
    """A revealed session's summary (None before the reveal, or closed without one)."""
    instrument = dialogue_store.instrument(dialogue.instrument, registry(), dialogue_store.shipped_instruments())
    if instrument is None or dialogue.revealed_at is None:
        return None
    result = scoring_dialogue.session_result(
        [f.id for f in instrument.factors], dialogue_store.votes(db_session(), dialogue)
    )
    if not result.shown:
        return None
    said = dialogue_store.remarks(db_session(), dialogue)
    report = (
        reporting.company_report(db_session(), registry(), company.slug, among_managers=among_managers)
        if instrument.from_questionnaire
        else None
    )
    return report_dialogue.Summary(
        held_on=dialogue.created_at.date(),
        instrument=instrument,
        result=result,
        mirror=report_dialogue.mirror(report, [f.id for f in instrument.factors]),
        remarks={f.id: scoring_dialogue.remarks(said.get(f.id, []), result.participants) for f in instrument.factors},
    )

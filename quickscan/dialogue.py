"""The dialogue session pages: "Waar staan we, en waar willen we naartoe?" (issue 20).

- ``/companies/<slug>/dialogue``: the company's sessions; its coach or manager starts one there. The programme
  lead sees only that a session took place (date, number of participants), nothing of its result.
- ``/companies/<slug>/dialogue/<pk>``: the facilitator's page, for a beamer: join code and QR code, how many
  voted (kept up by ``static/dialogue.js`` polling ``…/status``; a refresh link without script), then after
  the reveal per factor the spread, medians, gap, how divided, the mirror and the remarks; ranked by gap or
  by division; one click makes a factor a focus area of the plan of approach, the remarks its notes.
- ``/d/`` and ``/d/<code>``: the participant's phone, no account: rate each factor now and wanted (1–5), with
  an optional remark; changeable until the reveal. One vote per phone per session: a random id in a cookie.

What may be shown is decided in :mod:`scoring.dialogue` (nothing before 3 votes, never one person's pair);
the mirror comes from the company's released survey results (:mod:`quickscan.reporting`,
:func:`reports.dialogue.mirror`). Who: the company's coach and managers run and see; the lead sees the list;
anyone else gets 404, as on the company pages. Every change is a POST with a CSRF token.
"""

from __future__ import annotations

import re

from flask import Blueprint, Flask, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as HttpResponse

from questionnaires import localise
from questionnaires.dialogue import Instrument, Instruments, from_questionnaire
from reports import dialogue as report_dialogue
from reports import text as report_text
from reports.plan import MAX_FOCUS_AREAS
from scoring import dialogue as scoring_dialogue

from . import audit, dialogue_pages, dialogue_store, plan_changes, plan_pages, throttle
from .auth import company_or_404
from .db import session as db_session
from .dialogue_models import DialogueSession
from .i18n import request_language
from .models import Company
from .plan_pages import EDITORS
from .questionnaire_store import registry

bp = Blueprint("dialogue", __name__)

#: The participant's cookie: a random id, one per phone, for every session it joins.
COOKIE = "qs_dialogue"
COOKIE_DAYS = 2
_PARTICIPANT = re.compile(r"[0-9a-f]{32}")
EXTENSION = "quickscan.dialogue_instruments"


def instruments(app: Flask | None = None) -> Instruments:
    found: Instruments = (app or current_app).extensions[EXTENSION]
    return found


# --- who and what ----------------------------------------------------------------------------------------


def _running(slug: str) -> Company:
    """The company ``slug`` for its coach or manager: 404 unless the user may see it, 403 for the lead."""
    company = company_or_404(current_user, slug)
    if current_user.role not in EDITORS:
        abort(403)
    return company


def _session(company: Company, pk: int) -> DialogueSession:
    return dialogue_store.of_company(db_session(), company, pk) or abort(404)


def _checked() -> None:
    """Every change is a form of ours: without a valid CSRF token, 400 before anything happens."""
    if not FlaskForm().validate_on_submit():
        abort(400)


def _instrument(dialogue: DialogueSession) -> Instrument:
    return dialogue_pages.instrument_or_404(dialogue)


def _choices(company: Company, lang: str) -> list[tuple[str, str]]:
    """The instruments a session can use: the company questionnaire's themes first, then the definitions."""
    out = []
    q = plan_pages.questionnaire(company)
    if q is not None:
        out.append((from_questionnaire(q).ref, _("De thema's van de vragenlijst")))
    out.extend((i.ref, localise(i.title, lang)) for i in instruments())
    return out


def _audit(action: str, company: Company, detail: str) -> None:
    audit.record(db_session(), action, current_user._get_current_object(), "dialogue", company.slug, detail)


# --- the company's sessions --------------------------------------------------------------------------------


@bp.route("/companies/<slug>/dialogue", methods=["GET", "POST"])
@login_required
def index(slug: str) -> HttpResponse | tuple[str, int]:
    """The sessions of the company (for the lead: when, and how many took part); a POST starts one."""
    company = company_or_404(current_user, slug)
    lang = request_language()
    choices = _choices(company, lang)
    if request.method == "POST":
        company = _running(slug)
        _checked()
        ref = request.form.get("instrument", "")
        found = dict(choices)
        if ref not in found:
            abort(400)
        instrument = dialogue_store.instrument(ref, registry(), instruments())
        if instrument is None:
            abort(400)
        new = dialogue_store.start(db_session(), company, instrument, current_user._get_current_object())
        _audit("dialogue.start", company, f"session {new.pk} on {ref}")
        return redirect(url_for(".facilitate", slug=slug, pk=new.pk))
    rows = dialogue_store.sessions(db_session(), company.pk)
    counts = dialogue_store.participant_counts(db_session(), [r.pk for r in rows])
    return render_template(
        "dialogue/index.html",
        company=company,
        rows=rows,
        counts=counts,
        choices=choices,
        can_run=current_user.role in EDITORS,
        form=FlaskForm(),
        lang=lang,
    ), 200


# --- the facilitator's page --------------------------------------------------------------------------------


@bp.get("/companies/<slug>/dialogue/<int:pk>")
@login_required
def facilitate(slug: str, pk: int) -> tuple[str, int]:
    company = _running(slug)
    return dialogue_pages.facilitator_page(company, _session(company, pk))


@bp.get("/companies/<slug>/dialogue/<int:pk>/status")
@login_required
def status(slug: str, pk: int) -> HttpResponse:
    """For the facilitator's script: the session's status and how many voted (no result, ever)."""
    company = _running(slug)
    dialogue = _session(company, pk)
    voters = dialogue_store.participants(db_session(), dialogue)
    return jsonify(
        status=dialogue.status,
        participants=voters,
        can_reveal=dialogue.status == "open" and voters >= scoring_dialogue.MIN_VOTERS,
    )


@bp.post("/companies/<slug>/dialogue/<int:pk>/reveal")
@login_required
def reveal(slug: str, pk: int) -> HttpResponse | tuple[str, int]:
    company = _running(slug)
    dialogue = _session(company, pk)
    _checked()
    try:
        dialogue_store.reveal(db_session(), dialogue)
    except dialogue_store.DialogueError:
        flash(_("Laten zien kan pas als minstens %(n)s mensen gestemd hebben.", n=scoring_dialogue.MIN_VOTERS), "error")
        return redirect(url_for(".facilitate", slug=slug, pk=pk))
    _audit("dialogue.reveal", company, f"session {pk}")
    return redirect(url_for(".facilitate", slug=slug, pk=pk) + "#result")


@bp.post("/companies/<slug>/dialogue/<int:pk>/close")
@login_required
def close(slug: str, pk: int) -> HttpResponse:
    company = _running(slug)
    dialogue = _session(company, pk)
    _checked()
    dialogue_store.close(db_session(), dialogue)
    _audit("dialogue.close", company, f"session {pk}")
    flash(_("De sessie is gesloten. De code werkt niet meer."))
    return redirect(url_for(".facilitate", slug=slug, pk=pk))


@bp.post("/companies/<slug>/dialogue/<int:pk>/focus")
@login_required
def focus(slug: str, pk: int) -> HttpResponse:
    """One click: a factor (a dimension of the questionnaire) becomes a focus area; the remarks its notes."""
    company = _running(slug)
    dialogue = _session(company, pk)
    _checked()
    instrument = _instrument(dialogue)
    factor_id = request.form.get("factor", "")
    if dialogue.revealed_at is None or not instrument.from_questionnaire or instrument.factor(factor_id) is None:
        abort(400)
    lang = request_language()
    result = scoring_dialogue.session_result(
        [f.id for f in instrument.factors], dialogue_store.votes(db_session(), dialogue)
    )
    found = next((f for f in result.ranked() if f.factor_id == factor_id), None)
    if found is None:
        abort(400)
    said = scoring_dialogue.remarks(
        dialogue_store.remarks(db_session(), dialogue).get(factor_id, []), result.participants
    )
    report_lang = report_text.check_lang(lang)
    why = _(
        "Uit de dialoogsessie van %(date)s (%(n)s deelnemers): nu %(now)s, gewenst %(wanted)s.",
        date=report_text.date(dialogue.created_at.date(), report_lang),
        n=result.participants,
        now=report_text.number(found.now_median, report_lang, 1),
        wanted=report_text.number(found.wanted_median, report_lang, 1),
    )
    if said:
        why += "\n" + _("Opmerkingen:") + "\n" + "\n".join(f"- {text}" for text in said)
    back = url_for(".facilitate", slug=slug, pk=pk) + "#result"
    try:
        plan_changes.add_focus_area(db_session(), plan_changes.lock(db_session(), company), factor_id, why)
    except plan_changes.AlreadyChosen:
        flash(_("Dit thema staat al in het plan."))
        return redirect(back)
    except plan_changes.PlanError:
        flash(_("Er zijn al %(n)s aandachtspunten: verwijder er eerst een.", n=MAX_FOCUS_AREAS), "error")
        return redirect(back)
    _audit("plan.focus_add", company, f"{factor_id} (dialogue session {pk})")
    flash(_("%(name)s staat nu in het plan van aanpak.", name=dialogue_pages.factor_name(instrument, factor_id, lang)))
    return redirect(back)


@bp.get("/companies/<slug>/dialogue/<int:pk>/summary.pdf")
@login_required
def summary_pdf(slug: str, pk: int) -> HttpResponse:
    company = _running(slug)
    dialogue = _session(company, pk)
    lang = request_language()
    summary = dialogue_pages.summary_of(company, dialogue, among_managers=current_user.role == "manager")
    if summary is None:
        abort(404)
    pdf = report_dialogue.summary_pdf(company.name, summary, lang)
    name = f"dialoogsessie-{company.slug}-{dialogue.created_at.date().isoformat()}.pdf"
    return HttpResponse(
        pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


# --- the participant's phone -------------------------------------------------------------------------------


def _participant() -> tuple[str, bool]:
    """This phone's participant id, and whether it is new (then the response sets the cookie)."""
    known = request.cookies.get(COOKIE, "")
    if _PARTICIPANT.fullmatch(known):
        return known, False
    return dialogue_store.new_participant(), True


def _with_cookie(response: HttpResponse, participant: str, new: bool) -> HttpResponse:
    if new:
        response.set_cookie(
            COOKIE,
            participant,
            max_age=COOKIE_DAYS * 86400,
            path="/d/",
            httponly=True,
            samesite="Lax",
            secure=bool(current_app.config.get("HTTPS")) or request.is_secure,
        )
    return response


@bp.route("/d/", methods=["GET", "POST"])
def enter() -> HttpResponse | tuple[str, int]:
    """Type the join code shown on the screen."""
    request_language()
    unknown = False
    wait = 0
    typed = ""
    if request.method == "POST":
        _checked()
        typed = request.form.get("code", "")[:40]
        found = dialogue_store.by_code(db_session(), typed)
        if found is not None:
            return redirect(url_for(".join", code=found.join_code))
        wait = throttle.admit_code(db_session())  # so that codes cannot be guessed one after the other
        unknown = not wait
    page = render_template("dialogue/enter.html", form=FlaskForm(), unknown=unknown, wait=wait, typed=typed)
    return page, 429 if wait else (404 if unknown else 200)


def _read_ratings(
    instrument: Instrument,
) -> tuple[dict[str, dialogue_store.Rating], dict[str, str], dict[str, dict[str, str]]]:
    """The ratings posted, the errors per field (located), and what was posted (to show again). A value no
    form of ours sends (not 1–5) is tampering: 400."""
    ratings: dict[str, dialogue_store.Rating] = {}
    errors: dict[str, str] = {}
    posted: dict[str, dict[str, str]] = {}
    for factor in instrument.factors:
        values = {key: request.form.get(f"{key}-{factor.id}", "") for key in ("now", "wanted", "remark")}
        posted[factor.id] = values
        for key in ("now", "wanted"):
            if values[key] == "":
                errors[f"{key}-{factor.id}"] = _("Kies een cijfer van 1 tot 5.")
            elif values[key] not in {"1", "2", "3", "4", "5"}:
                abort(400)
        if len(values["remark"]) > dialogue_store.REMARK_LENGTH:
            errors[f"remark-{factor.id}"] = _("Hoogstens %(n)s tekens.", n=dialogue_store.REMARK_LENGTH)
        if not any(k.endswith(f"-{factor.id}") for k in errors):
            ratings[factor.id] = dialogue_store.Rating(int(values["now"]), int(values["wanted"]), values["remark"])
    return ratings, errors, posted


@bp.route("/d/<code>", methods=["GET", "POST"])
def join(code: str) -> HttpResponse:
    """The participant's form: each factor now and wanted; saved again and again until the reveal."""
    lang = request_language()
    participant, new = _participant()
    dialogue = dialogue_store.by_code(db_session(), code)
    if dialogue is None:
        wait = throttle.admit_code(db_session())
        page = render_template("dialogue/enter.html", form=FlaskForm(), unknown=not wait, wait=wait, typed=code[:40])
        return HttpResponse(page, status=429 if wait else 404, mimetype="text/html")
    instrument = _instrument(dialogue)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        _checked()
        if dialogue.status != "open":
            return redirect(url_for(".join", code=dialogue.join_code))
        ratings, errors, posted = _read_ratings(instrument)
        if not errors:
            try:
                dialogue_store.vote(db_session(), dialogue, participant, ratings)
            except dialogue_store.DialogueError:
                abort(409)
            flash(_("Je cijfers zijn bewaard. Je kunt ze aanpassen tot de uitkomst op het scherm komt."))
            return _with_cookie(redirect(url_for(".join", code=dialogue.join_code) + "#saved"), participant, new)
        status = 400
        values = posted
    else:
        values = {
            fid: {"now": str(r.now), "wanted": str(r.wanted), "remark": r.remark}
            for fid, r in dialogue_store.own_ratings(db_session(), dialogue, participant).items()
        }
    page = render_template(
        "dialogue/vote.html",
        dialogue=dialogue,
        instrument=instrument,
        values=values,
        errors=errors,
        voted=bool(values) and not errors,
        form=FlaskForm(),
        remark_length=dialogue_store.REMARK_LENGTH,
        lang=lang,
        localise=localise,
    )
    return _with_cookie(HttpResponse(page, status=status, mimetype="text/html"), participant, new)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = dialogue_store.shipped_instruments()
    for error in app.extensions[EXTENSION].errors:
        app.logger.error("Dialogue instrument not loaded:\n%s", error)
    app.register_blueprint(bp)

"""The survey as a respondent meets it: ``/s/<token>`` → welcome → one page per section → link code →
submit → thank you.

Every page works without JavaScript. Answers are saved per page, so the same link resumes where the
respondent stopped, on any device; but answers are shown again only in the browser that sent them
(``survey_session``), and a used link, a closed wave and a revoked link give one and the same page, so
whoever holds someone else's link learns neither their answers nor whether they sent them. Anything a
normal browser cannot send (a value off the scale, an unknown field, a field sent twice, an over-long text,
a missing CSRF token) is tampering: 400, nothing stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Flask, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as HttpResponse
from wtforms import StringField
from wtforms.fields import IntegerField
from wtforms.validators import Length, NumberRange, Optional, Regexp

from questionnaires import Questionnaire, Role, Section, localise
from scoring import anonymity

from . import plan_store, response_store, short_codes, survey_session, throttle
from .db import session as db_session
from .i18n import request_language
from .questionnaire_store import registry
from .survey_forms import StoredAnswer, field_name, kind_of, make_section_form

bp = Blueprint("survey", __name__, url_prefix="/s")


@dataclass
class Survey:
    """Everything a survey page needs, looked up once per request from the token."""

    token: str
    link: response_store.Link
    questionnaire: Questionnaire
    role: Role
    sections: tuple[Section, ...]
    lang: str

    @property
    def response(self) -> response_store.Started | None:
        return self.link.response


def load(token: str) -> Survey:
    """The survey behind ``token``; 404 for an unknown token, 410 for a closed wave or a revoked link."""
    link = response_store.find_invitation(db_session(), token)
    if link is None:
        if response_store.ISSUED.fullmatch(token):  # perhaps a revoked link: answered like a used one
            abort(410, description="unusable")
        abort(404)
    if not link.wave_is_open:
        abort(410, description="unusable")
    try:
        q = response_store.questionnaire_of(link, registry())
    except response_store.QuestionnaireChanged as exc:
        current_app.logger.error("Survey refused: %s", exc)
        abort(503)
    # The language a response was started in is a stored answer too: only the browser that knows the link gets it.
    started_in = link.response.language if link.response and survey_session.knows_link(token) else None
    lang = request_language(q.languages, started_in)
    role: Role = "manager" if link.role == "manager" else "employee"
    survey = g.survey = Survey(token, link, q, role, q.sections_for(role), lang)
    return survey


def _gone_if_submitted(survey: Survey) -> None:
    if survey.response is not None and survey.response.submitted_on is not None:
        abort(410, description="unusable")


def _check_fields(allowed: set[str]) -> None:
    """A post with a field the page does not have, or a field sent twice, is not from our form."""
    for key in request.form:
        if key not in allowed or len(request.form.getlist(key)) > 1:
            abort(400)


class StartForm(FlaskForm):
    pass


#: How the end-line welcome page names an action's status ("you said, we did").
SHARED_STATUS_WORDS = {"done": _l("Klaar"), "in_progress": _l("Bezig"), "planned": _l("Gepland")}


class ShortCodeForm(FlaskForm):
    code = StringField(validators=[Length(max=40)])


@bp.route("/", methods=["GET", "POST"])
def enter_code() -> HttpResponse | tuple[str, int]:
    """The short code printed under the QR code (:mod:`quickscan.short_codes`), typed in: on to its link."""
    request_language()
    form = ShortCodeForm()
    unknown = False
    if request.method == "POST":
        _check_fields({"csrf_token", "code"})
        if not form.validate():
            abort(400)
        wait = throttle.admit_code(db_session())  # so that codes cannot be guessed one after the other
        if wait:
            page = render_template("survey/enter_code.html", form=form, unknown=False, wait=wait)
            return HttpResponse(page, status=429, headers={"Retry-After": str(wait)}, mimetype="text/html")
        token = short_codes.find_token(db_session(), form.code.data or "")
        if token is not None:
            return redirect(url_for(".welcome", token=token))
        unknown = True
    return render_template("survey/enter_code.html", form=form, unknown=unknown, wait=0), 200


@bp.get("/<token>")
def welcome(token: str) -> str:
    survey = load(token)
    _gone_if_submitted(survey)
    return render_template(
        "survey/welcome.html",
        s=survey,
        form=StartForm(),
        resume=survey_session.knows_link(token),
        managers_min=anonymity.MANAGER_PEERS_MIN,
        # At the end-line: what the company worked on since the baseline, as far as the manager shares it.
        shared=plan_store.shared_actions(db_session(), survey.link.wave_pk),
        status_words=SHARED_STATUS_WORDS,
    )


@bp.post("/<token>/start")
def begin(token: str) -> HttpResponse:
    survey = load(token)
    _gone_if_submitted(survey)
    _check_fields({"csrf_token"})
    if not StartForm().validate():
        abort(400)
    response = response_store.start(db_session(), survey.link, survey.lang)
    survey_session.remember_link(token, created=survey.response is None)
    page = min(response.last_page + 1, len(survey.sections))
    return redirect(url_for(".page", token=token, number=page))


def _started(survey: Survey) -> response_store.Started:
    _gone_if_submitted(survey)
    if survey.response is None:
        abort(redirect(url_for(".welcome", token=survey.token)))
    return survey.response


@bp.route("/<token>/<int:number>", methods=["GET", "POST"])
def page(token: str, number: int) -> HttpResponse | str:
    survey = load(token)
    response = _started(survey)
    if not 1 <= number <= len(survey.sections):
        abort(404)
    section = survey.sections[number - 1]
    form_class = make_section_form(survey.questionnaire, section, survey.role, survey.lang)
    q = survey.questionnaire
    if request.method == "POST":
        _check_fields({"csrf_token", "action"} | {field_name(e) for e in section.elements})
        form = form_class()
        if request.form.get("action") not in ("next", "back") or not form.validate():
            abort(400)
        answers = {eid: kind_of(q.element(eid)).store(form[field_name(eid)].data) for eid in section.elements}
        shown = _shown(survey, response, number, _page_answers(response, section))
        try:
            response_store.save_page(db_session(), response.pk, number, answers, survey.lang, keep_unanswered=not shown)
        except response_store.AlreadySubmitted:
            abort(410, description="unusable")
        sent = {eid: a for eid, a in answers.items() if a is not None}
        # A browser that was not shown the page knows the result only when it answered every question on it.
        survey_session.remember_page(token, number, sent if shown or len(sent) == len(answers) else None)
        if request.form["action"] == "back":
            target = (
                url_for(".page", token=token, number=number - 1) if number > 1 else url_for(".welcome", token=token)
            )
        elif number < len(survey.sections):
            target = url_for(".page", token=token, number=number + 1)
        else:
            target = url_for(".link_code", token=token)
        return redirect(target)
    stored = _page_answers(response, section)
    shown = _shown(survey, response, number, stored)
    data = {field_name(eid): kind_of(q.element(eid)).restore(a) for eid, a in stored.items()} if shown else {}
    form = form_class(formdata=None, data=data)
    return render_template(
        "survey/page.html",
        s=survey,
        form=form,
        section=section,
        number=number,
        total=len(survey.sections),
        kept=not shown,
    )


def _page_answers(response: response_store.Started, section: Section) -> dict[str, StoredAnswer]:
    stored = response_store.stored_answers(db_session(), response.pk)
    return {eid: stored[eid] for eid in section.elements if eid in stored}


def _shown(survey: Survey, response: response_store.Started, number: int, stored: dict[str, StoredAnswer]) -> bool:
    """Whether this browser sees the page's stored answers: only when it sent exactly these itself.

    A page beyond the last one saved holds nothing yet; any other saved page looks the same to a browser that
    did not send it, answered or not (a note says the answers are kept).
    """
    return number > response.last_page or survey_session.knows_page(survey.token, number, stored)


class LinkCodeForm(FlaskForm):
    """The self-made code: the same three answers at baseline and end-line pair the two responses."""

    letters = StringField(
        validators=[Optional(), Length(min=2, max=2), Regexp(r"^[^\W\d_]{2}$")],
        render_kw={"maxlength": 2, "autocomplete": "off", "autocapitalize": "characters"},
    )
    day = IntegerField(
        validators=[Optional(), NumberRange(min=1, max=31)], render_kw={"inputmode": "numeric", "autocomplete": "off"}
    )
    place = StringField(
        validators=[Optional(), Length(min=2, max=2), Regexp(r"^[^\W\d_]{2}$")],
        render_kw={"maxlength": 2, "autocomplete": "off", "autocapitalize": "characters"},
    )


@bp.route("/<token>/code", methods=["GET", "POST"])
def link_code(token: str) -> HttpResponse | str:
    survey = load(token)
    response = _started(survey)
    known = survey_session.knows_code(token, response.link_code)
    form = LinkCodeForm()
    if request.method == "POST":
        _check_fields({"csrf_token", "action", "letters", "day", "place"})
        form.validate()
        if form.csrf_token.errors:
            abort(400)
        action = request.form.get("action")
        if action not in ("save", "skip", "back"):
            abort(400)
        if action == "back":
            return redirect(url_for(".page", token=token, number=len(survey.sections)))
        if action == "skip":
            if known:  # a browser that does not know the stored code leaves it as it is
                _set_link_code(token, response, None)
            return redirect(url_for(".review", token=token))
        if not form.errors:
            parts = (form.letters.data or "", str(form.day.data or ""), form.place.data or "")
            if all(parts):
                code = response_store.normalise_link_code(*parts)
                _set_link_code(token, response, response_store.link_hash(survey.link.link_key, code))
                return redirect(url_for(".review", token=token))
            form.form_errors.append(_("Vul alle drie de delen in, of kies 'Overslaan'."))
    return render_template(
        "survey/code.html", s=survey, form=form, has_code=known and response.link_code is not None, kept=not known
    )


def _set_link_code(token: str, response: response_store.Started, link_code: str | None) -> None:
    try:
        response_store.set_link_code(db_session(), response.pk, link_code)
    except response_store.AlreadySubmitted:
        abort(410, description="unusable")
    survey_session.remember_code(token, link_code)


class SubmitForm(FlaskForm):
    pass


@bp.route("/<token>/submit", methods=["GET", "POST"])
def review(token: str) -> HttpResponse | str:
    survey = load(token)
    response = _started(survey)
    if request.method == "POST":
        _check_fields({"csrf_token", "action"})
        if not SubmitForm().validate():
            abort(400)
        if request.form.get("action") == "back":
            return redirect(url_for(".link_code", token=token))
        if request.form.get("action") != "submit":
            abort(400)
        response_store.submit(db_session(), response.pk)  # False: sent at the same moment by another click
        survey_session.remember_submitted(token)
        return redirect(url_for(".thanks", token=token))
    stored = response_store.stored_answers(db_session(), response.pk)
    pages = [(n, {e: stored[e] for e in s.elements if e in stored}) for n, s in enumerate(survey.sections, start=1)]
    # How many were answered is shown only to the browser that sent every saved page itself.
    saved = [(n, answers) for n, answers in pages if n <= response.last_page]
    known = survey_session.knows_pages(token, saved)
    answered = sum(len(answers) for _, answers in pages)
    asked = sum(len(s.elements) for s in survey.sections)
    return render_template(
        "survey/submit.html", s=survey, form=SubmitForm(), answered=answered, asked=asked, kept=not known
    )


@bp.get("/<token>/thanks")
def thanks(token: str) -> HttpResponse | str:
    """The thank-you page, only for the browser that sent the response; any other is sent to the link's welcome
    page, which answers the same for a used, a closed and a revoked link."""
    if not survey_session.submitted_here(token):
        return redirect(url_for(".welcome", token=token))
    request_language()
    return render_template("survey/thanks.html")


@bp.app_context_processor
def helpers() -> dict[str, object]:
    """``t(text)``: a questionnaire text in the page language; ``ns_codes(id)``: "weet ik niet" codes."""

    def t(text: dict[str, str]) -> str:
        return localise(text, g.get("lang") or "nl")

    def ns_codes(element_id: str) -> tuple[str, ...]:
        survey: Survey | None = g.get("survey")
        if survey is None:
            return ()
        element = survey.questionnaire.element(element_id)
        scale = getattr(element, "scale", None)
        return survey.questionnaire.scales[scale].non_substantive_codes if scale else ()

    return {"t": t, "ns_codes": ns_codes}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

"""The survey as a respondent meets it: ``/s/<token>`` → welcome → one page per section → link code →
submit → thank you.

Every page works without JavaScript. Answers are saved per page, so the same link resumes where the
respondent stopped, on any device. Anything a normal browser cannot send (a value off the scale, an unknown
field, a field sent twice, an over-long text, a missing CSRF token) is tampering: 400, nothing stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Flask, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as HttpResponse
from wtforms import StringField
from wtforms.fields import IntegerField
from wtforms.validators import Length, NumberRange, Optional, Regexp

from questionnaires import Questionnaire, Role, Section, localise

from . import response_store
from .db import session as db_session
from .i18n import request_language
from .questionnaire_store import registry
from .survey_forms import field_name, kind_of, make_section_form

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
    """The survey behind ``token``; 404 for an unknown token, 410 for a closed wave."""
    link = response_store.find_invitation(db_session(), token)
    if link is None:
        abort(404)
    if not link.wave_is_open:
        abort(410, description="closed")
    try:
        q = response_store.questionnaire_of(link, registry())
    except response_store.QuestionnaireChanged as exc:
        current_app.logger.error("Survey refused: %s", exc)
        abort(503)
    lang = request_language(q.languages, link.response.language if link.response else None)
    role: Role = "manager" if link.role == "manager" else "employee"
    survey = g.survey = Survey(token, link, q, role, q.sections_for(role), lang)
    return survey


def _gone_if_submitted(survey: Survey) -> None:
    if survey.response is not None and survey.response.submitted_on is not None:
        abort(410, description="submitted")


def _check_fields(allowed: set[str]) -> None:
    """A post with a field the page does not have, or a field sent twice, is not from our form."""
    for key in request.form:
        if key not in allowed or len(request.form.getlist(key)) > 1:
            abort(400)


class StartForm(FlaskForm):
    pass


@bp.get("/<token>")
def welcome(token: str) -> str:
    survey = load(token)
    _gone_if_submitted(survey)
    return render_template("survey/welcome.html", s=survey, form=StartForm())


@bp.post("/<token>/start")
def begin(token: str) -> HttpResponse:
    survey = load(token)
    _gone_if_submitted(survey)
    _check_fields({"csrf_token"})
    if not StartForm().validate():
        abort(400)
    response = response_store.start(db_session(), survey.link, survey.lang)
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
        try:
            response_store.save_page(db_session(), response.pk, number, answers, survey.lang)
        except response_store.AlreadySubmitted:
            abort(410, description="submitted")
        if request.form["action"] == "back":
            target = (
                url_for(".page", token=token, number=number - 1) if number > 1 else url_for(".welcome", token=token)
            )
        elif number < len(survey.sections):
            target = url_for(".page", token=token, number=number + 1)
        else:
            target = url_for(".link_code", token=token)
        return redirect(target)
    stored = response_store.stored_answers(db_session(), response.pk)
    data = {field_name(eid): kind_of(q.element(eid)).restore(stored[eid]) for eid in section.elements if eid in stored}
    form = form_class(formdata=None, data=data)
    return render_template(
        "survey/page.html", s=survey, form=form, section=section, number=number, total=len(survey.sections)
    )


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
            _set_link_code(response, None)
            return redirect(url_for(".review", token=token))
        if not form.errors:
            parts = (form.letters.data or "", str(form.day.data or ""), form.place.data or "")
            if all(parts):
                code = response_store.normalise_link_code(*parts)
                _set_link_code(response, response_store.link_hash(survey.link.link_key, code))
                return redirect(url_for(".review", token=token))
            form.form_errors.append(_("Vul alle drie de delen in, of kies 'Overslaan'."))
    return render_template("survey/code.html", s=survey, form=form, has_code=response.has_link_code)


def _set_link_code(response: response_store.Started, link_code: str | None) -> None:
    try:
        response_store.set_link_code(db_session(), response.pk, link_code)
    except response_store.AlreadySubmitted:
        abort(410, description="submitted")


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
        response_store.submit(db_session(), response.pk)
        return redirect(url_for(".thanks", token=token))
    stored = response_store.stored_answers(db_session(), response.pk)
    asked = [e for s in survey.sections for e in s.elements]
    answered = sum(1 for e in asked if e in stored)
    return render_template("survey/submit.html", s=survey, form=SubmitForm(), answered=answered, asked=len(asked))


@bp.get("/<token>/thanks")
def thanks(token: str) -> HttpResponse | str:
    link = response_store.find_invitation(db_session(), token)
    if link is None:
        abort(404)
    if link.response is None or link.response.submitted_on is None:
        return redirect(url_for(".welcome", token=token))
    g.lang = link.response.language
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

"""The forms of the programme lead's pages (:mod:`quickscan.admin`); the survey's are in
:mod:`quickscan.survey_forms`."""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from questionnaires import ROLES, WAVE_KINDS

from . import passwords
from .auth import ACCOUNT_ROLE_NAMES, ACCOUNT_ROLES


def choices(pairs: Sequence[tuple[str, object]]) -> list[SelectChoice]:
    """WTForms choices; labels may be lazy strings, translated when the form is drawn."""
    return [SelectChoice(value, label) for value, label in pairs]


SIZE_BANDS = choices([("", "–"), ("20-49", "20–49"), ("50-100", "50–100"), ("<20", "<20"), (">100", ">100")])
#: What the lead reads for each wave kind and respondent role.
KIND_LABELS = {"baseline": _l("Nulmeting"), "endline": _l("Eindmeting")}
ROLE_LABELS = {"employee": _l("Medewerkers"), "manager": _l("Leidinggevenden")}


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class CompanyForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[InputRequired(), Length(max=200)])
    region = StringField(_l("Regio"), validators=[InputRequired(), Length(max=200)], render_kw={"list": "regions"})
    sector = StringField(_l("Sector"), validators=[Optional(), Length(max=100)])
    size_band = SelectField(_l("Aantal medewerkers"), choices=SIZE_BANDS, validators=[Optional()])
    departments = TextAreaField(_l("Afdelingen (één per regel)"), validators=[Optional(), Length(max=2000)])


class WaveForm(FlaskForm):
    kind = SelectField(_l("Meting"), choices=lambda: choices([(k, KIND_LABELS[k]) for k in WAVE_KINDS]))
    questionnaire = SelectField(_l("Vragenlijst"))


class InviteForm(FlaskForm):
    kind = SelectField(_l("Meting"), choices=lambda: choices([(k, KIND_LABELS[k]) for k in WAVE_KINDS]))
    role = SelectField(_l("Voor"), choices=lambda: choices([(r, ROLE_LABELS[r]) for r in ROLES]))
    count = IntegerField(_l("Aantal links"), validators=[InputRequired(), NumberRange(min=1, max=1000)])
    department = SelectField(_l("Afdeling"), validators=[Optional()])


class UserForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[InputRequired(), Length(max=254)])
    role = SelectField(_l("Rol"), choices=choices([(r, ACCOUNT_ROLE_NAMES[r]) for r in ACCOUNT_ROLES]))
    company = SelectField(_l("Bedrijf (voor een leidinggevende)"), validators=[Optional()])
    coach_of = MultiCheckboxField(_l("Begeleidt (voor een coach)"), validators=[Optional()])
    password = PasswordField(
        _l("Wachtwoord"), validators=[Optional(), Length(max=200)], render_kw={"autocomplete": "new-password"}
    )

    def validate_password(self, field: PasswordField) -> None:
        """A password given must follow the rules of :mod:`quickscan.passwords`; the message in the lead's
        language."""
        reason = passwords.weakness(field.data, self.email.data) if field.data else None
        if reason is not None:
            raise ValidationError(str(passwords.MESSAGES[reason]))


class ConfirmForm(FlaskForm):
    pass


def confirmation() -> ConfirmForm:
    """The form of a confirmation page; a post without a valid form token is not our form: 400."""
    form = ConfirmForm()
    if request.method == "POST" and not form.validate():
        abort(400)
    return form

"""The forms of the plan pages (:mod:`quickscan.plans`).

Every form checks its CSRF token (Flask-WTF) and its values; the pages show the errors beside the fields.
Several forms share a page, so each gets a prefix (``prefix=``) that keeps its field ids apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, Field, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from reports.plan import STATUSES

from .admin_forms import choices

#: The words of each status, as the pages show them.
STATUS_LABELS = {
    "planned": _l("Gepland"),
    "in_progress": _l("Bezig"),
    "done": _l("Klaar"),
    "stopped": _l("Gestopt"),
}
#: Dates a plan can sensibly hold; anything else is a typing error (or no browser's input).
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
REQUIRED = _l("Vul dit in.")


def _stripped(value: str | None) -> str | None:
    """Leading and trailing white space is no part of a text (and only spaces are no text)."""
    return value.strip() if isinstance(value, str) else value


def _text(label: Any, most: int) -> dict[str, Any]:
    """The arguments of a text field that must be filled in, with at most ``most`` characters."""
    return {"label": label, "validators": [DataRequired(REQUIRED), _at_most(most)], "filters": [_stripped]}


def _at_most(n: int) -> Length:
    return Length(max=n, message=_l("Hoogstens %(max)d tekens."))


class DayField(DateField):
    """A date (``<input type="date">``: the browser sends YYYY-MM-DD); empty is allowed; the error is in our
    own words."""

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators=[Optional()], **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Geen geldige datum. Kies een dag (jaar-maand-dag).")) from None
        day: dt.date | None = getattr(self, "data", None)
        if day is not None and not EARLIEST <= day <= LATEST:
            self.data = None
            raise ValueError(_l("Kies een datum tussen 2000 en 2100."))


class FocusForm(FlaskForm):
    """Choose a dimension as a focus area (the choices are the company's questionnaire's dimensions)."""

    dimension = SelectField(_l("Thema"), validators=[InputRequired(REQUIRED)])
    why = TextAreaField(_l("Waarom dit thema?"), validators=[Optional(), _at_most(1000)], filters=[_stripped])


class WhyForm(FlaskForm):
    why = TextAreaField(_l("Waarom dit thema?"), validators=[Optional(), _at_most(1000)], filters=[_stripped])


class NewActionForm(FlaskForm):
    title = StringField(**_text(_l("Nieuwe actie"), 200))


class SuggestionForm(FlaskForm):
    """One of the questionnaire's suggestions for the focus area's dimension, by its place in the list."""

    suggestion = IntegerField(validators=[InputRequired(), NumberRange(min=0)])


class ActionForm(FlaskForm):
    title = StringField(**_text(_l("Titel"), 200))
    description = TextAreaField(_l("Wat en waarom"), validators=[Optional(), _at_most(2000)], filters=[_stripped])
    owner = StringField(_l("Wie trekt dit?"), validators=[Optional(), _at_most(120)], filters=[_stripped])
    start_on = DayField(_l("Begint op"))
    due_on = DayField(_l("Klaar op"))
    status = SelectField(_l("Stand van zaken"), choices=lambda: choices([(s, STATUS_LABELS[s]) for s in STATUSES]))
    shareable = BooleanField(_l("Medewerkers mogen deze actie zien"))
    circle_shareable = BooleanField(_l("De andere bedrijven van de leerkring mogen deze actie zien"))
    circle_named = BooleanField(_l("Noem daarbij de naam van ons bedrijf"))

    def validate_due_on(self, field: Field) -> None:
        start = self.start_on.data
        if field.data is not None and start is not None and field.data < start:
            raise ValidationError(_l("De einddatum ligt voor de begindatum."))


class StepForm(FlaskForm):
    text = StringField(**_text(_l("Nieuwe stap"), 200))


class StepDoneForm(FlaskForm):
    """Tick or untick a step: ``done`` is "1" or "0" (the button says which)."""

    done = SelectField(choices=choices([("1", "1"), ("0", "0")]), validators=[InputRequired()])


class NoteForm(FlaskForm):
    text = TextAreaField(**_text(_l("Notitie"), 2000))


class ConfirmForm(FlaskForm):
    pass

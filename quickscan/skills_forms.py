"""The forms of the skills matrix pages (:mod:`quickscan.skills`). Each checks its CSRF token and its values;
the pages show the errors beside the fields. The grid's own form (one select per cell) is read by
:func:`quickscan.skills.grid_post`, since its fields follow the matrix."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from .plan_forms import REQUIRED, DayField, _stripped
from .skills_store import NAME_LENGTH

#: The words of each level (scoring.skills rule 1), as the pages, the legend and the exports show them.
LEVEL_LABELS = {
    0: _l("niet opgeleid"),
    1: _l("in opleiding"),
    2: _l("kan het met hulp"),
    3: _l("zelfstandig"),
    4: _l("kan het anderen leren"),
}


def _name(label: object) -> StringField:
    return StringField(
        label,
        validators=[DataRequired(REQUIRED), Length(max=NAME_LENGTH, message=_l("Hoogstens %(max)d tekens."))],
        filters=[_stripped],
    )


class TaskForm(FlaskForm):
    name = _name(_l("Naam van de taak"))
    critical = BooleanField(_l("Kritieke taak (het werk stopt als niemand het kan)"))
    minimum = IntegerField(
        _l("Minimaal aantal mensen op niveau 3 of 4"),
        default=2,
        validators=[
            InputRequired(_l("Vul een getal in.")),
            NumberRange(min=1, max=99, message=_l("Het minimum is een getal van 1 tot 99.")),
        ],
    )


class PersonForm(FlaskForm):
    name = _name(_l("Naam of initialen"))
    active = BooleanField(_l("Werkt nu mee (telt mee in de cijfers)"), default=True)


class NewPersonForm(FlaskForm):
    name = _name(_l("Naam of initialen"))


class ImportForm(FlaskForm):
    file = FileField(_l("Bestand (Excel .xlsx of CSV)"))


class TargetForm(FlaskForm):
    """One task's target for one person (a sub-form of the person's page, prefixed by the task)."""

    target = IntegerField(validators=[])
    target_on = DayField(_l("Doel bereikt op"))


class ConfirmForm(FlaskForm):
    pass


__all__ = ["LEVEL_LABELS", "ConfirmForm", "ImportForm", "NewPersonForm", "PersonForm", "TaskForm", "TargetForm"]

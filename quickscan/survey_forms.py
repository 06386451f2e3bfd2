"""Survey forms, built at runtime from a questionnaire definition.

One *kind* per question type knows how to build its WTForms field and how an answer is stored
(:class:`StoredAnswer`: a scale value, a code, or text). :func:`make_section_form` puts the fields of one
section, for one role and language, on a fresh ``FlaskForm`` subclass (the Indico ``make_survey_form`` idea).
Every answer is optional: a respondent may skip anything, and "weet ik niet" is an answer of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from flask_wtf import FlaskForm
from wtforms import Field, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from questionnaires import Item, Question, Questionnaire, Role, Section, localise


@dataclass(frozen=True)
class StoredAnswer:
    """An answer as the database keeps it: exactly one of the three is set."""

    value: int | None = None
    code: str | None = None
    text: str | None = None


class Kind(Protocol):
    def field(self, element: Any, q: Questionnaire, role: Role, lang: str) -> Field: ...
    def store(self, data: str | None) -> StoredAnswer | None: ...
    def restore(self, answer: StoredAnswer) -> str: ...


def _legend(element: Item | Question, role: Role, lang: str) -> str:
    return localise(element.text[role], lang)


#: An unanswered radio group is fine; whitespace is not "unanswered" but a value no browser sends.
NOT_ANSWERED_OK = Optional(strip_whitespace=False)


class LikertKind:
    """A scored item: a radio group on the item's scale, plus its non-substantive options."""

    def field(self, element: Item, q: Questionnaire, role: Role, lang: str) -> Field:
        scale = q.scales[element.scale]
        choices = [SelectChoice(str(p.value), localise(p.label, lang)) for p in scale.points]
        choices += [SelectChoice(ns.code, localise(ns.label, lang)) for ns in scale.non_substantive]
        field: Field = RadioField(_legend(element, role, lang), choices=choices, validators=[NOT_ANSWERED_OK])
        return field

    def store(self, data: str | None) -> StoredAnswer | None:
        if not data:
            return None
        if data.lstrip("-").isdigit():
            return StoredAnswer(value=int(data))
        return StoredAnswer(code=data)

    def restore(self, answer: StoredAnswer) -> str:
        return str(answer.value) if answer.value is not None else answer.code or ""


class ChoiceKind:
    """A single choice between categories (department, years employed, development plan)."""

    def field(self, element: Question, q: Questionnaire, role: Role, lang: str) -> Field:
        choices = [SelectChoice(o.code, localise(o.label, lang)) for o in element.options]
        field: Field = RadioField(_legend(element, role, lang), choices=choices, validators=[NOT_ANSWERED_OK])
        return field

    def store(self, data: str | None) -> StoredAnswer | None:
        return StoredAnswer(code=data) if data else None

    def restore(self, answer: StoredAnswer) -> str:
        return answer.code or ""


class OpenKind:
    """Open text, limited to the question's ``max_length``."""

    def field(self, element: Question, q: Questionnaire, role: Role, lang: str) -> Field:
        limit = element.max_length or 1000
        field: Field = TextAreaField(
            _legend(element, role, lang),
            validators=[Optional(), Length(max=limit)],
            render_kw={"maxlength": limit, "rows": 4},
        )
        return field

    def store(self, data: str | None) -> StoredAnswer | None:
        text = (data or "").strip()
        return StoredAnswer(text=text) if text else None

    def restore(self, answer: StoredAnswer) -> str:
        return answer.text or ""


KINDS: dict[str, Kind] = {
    "item": LikertKind(),
    "single_choice": ChoiceKind(),
    "development_plan": ChoiceKind(),
    "open": OpenKind(),
}


def kind_of(element: Item | Question) -> Kind:
    return KINDS["item" if isinstance(element, Item) else element.type]


class SectionForm(FlaskForm):
    """Base of the generated forms; ``element_ids`` lists the answer fields in page order."""

    element_ids: tuple[str, ...] = ()


def field_name(element_id: str) -> str:
    """The form field name of an element; prefixed so no id can clash with a FlaskForm attribute."""
    return f"a_{element_id}"


#: Built form classes by (questionnaire fingerprint, section, role, language): a class depends on nothing else,
#: and building one is a good part of a survey page's work. Bounded by the definitions on disk.
_FORMS: dict[tuple[str, str, str, str], type[SectionForm]] = {}


def make_section_form(q: Questionnaire, section: Section, role: Role, lang: str) -> type[SectionForm]:
    """A form class for one page: one field per element of ``section`` asked of ``role`` (built once)."""
    if not q.fingerprint:  # a definition not read from a file (tests): nothing to key it on
        return _build_section_form(q, section, role, lang)
    key = (q.fingerprint, section.id, role, lang)
    form = _FORMS.get(key)
    if form is None:
        form = _FORMS.setdefault(key, _build_section_form(q, section, role, lang))
    return form


def _build_section_form(q: Questionnaire, section: Section, role: Role, lang: str) -> type[SectionForm]:
    attrs: dict[str, Any] = {"element_ids": section.elements}
    for element_id in section.elements:
        element = q.element(element_id)
        attrs[field_name(element_id)] = kind_of(element).field(element, q, role, lang)
    return type(f"Section_{section.id}", (SectionForm,), attrs)

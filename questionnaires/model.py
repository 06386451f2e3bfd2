"""Typed, immutable objects for a loaded questionnaire definition.

A :class:`Questionnaire` is what the rest of Quickscan works with: the form builder reads its sections,
the scoring engine reads its items, scales and dimensions, and the reports read its texts. It is only ever
built by :mod:`questionnaires.loader` from a definition that passed both the JSON Schema and the meaning
checks, so code that holds one may rely on every reference resolving and every text being present.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

#: The two kinds of respondent; each has its own wording of the same items.
Role = Literal["employee", "manager"]
ROLES: tuple[Role, ...] = ("employee", "manager")

#: The measurements of a programme in which a questionnaire is filled in: the start and the end.
WaveKind = Literal["baseline", "endline"]
WAVE_KINDS: tuple[WaveKind, ...] = ("baseline", "endline")

#: A text keyed by language code, e.g. ``{"nl": "Weet ik niet", "en": "Don't know"}``.
LocalText = Mapping[str, str]

#: The option codes of the development-plan question, in the order of the answer list.
DEVELOPMENT_PLAN_CODES: tuple[str, ...] = ("none", "making", "not_started", "working")
#: Codes that count as "has a development plan" for the programme KPI.
DEVELOPMENT_PLAN_HAS_PLAN: frozenset[str] = frozenset({"not_started", "working"})
#: The code that counts as "is working on it".
DEVELOPMENT_PLAN_WORKING = "working"


def localise(text: LocalText, lang: str, fallback: str | None = None) -> str:
    """Return ``text`` in ``lang``, else in ``fallback``, else in its first language."""
    if lang in text:
        return text[lang]
    if fallback is not None and fallback in text:
        return text[fallback]
    return next(iter(text.values()))


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: LocalText


@dataclass(frozen=True)
class NonSubstantive:
    """An answer option that is not a position on the scale ("weet ik niet"); it scores as missing."""

    code: str
    label: LocalText


@dataclass(frozen=True)
class Scale:
    id: str
    min: int
    max: int
    points: tuple[ScalePoint, ...]
    favourable_from: int
    non_substantive: tuple[NonSubstantive, ...] = ()

    def reverse(self, value: float) -> float:
        """Reverse a value on the scale's own bounds: ``min + max - value``."""
        return self.min + self.max - value

    @property
    def non_substantive_codes(self) -> tuple[str, ...]:
        return tuple(ns.code for ns in self.non_substantive)


@dataclass(frozen=True)
class Dimension:
    id: str
    name: LocalText
    description: LocalText
    sources: tuple[str, ...] = ()
    suggestions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    """A scored statement. ``text`` holds one wording per role that is asked the item."""

    id: str
    dimension: str
    scale: str
    reverse: bool
    text: Mapping[Role, LocalText]

    @property
    def roles(self) -> tuple[Role, ...]:
        return tuple(r for r in ROLES if r in self.text)


@dataclass(frozen=True)
class Option:
    code: str
    label: LocalText


QuestionType = Literal["single_choice", "development_plan", "open"]


@dataclass(frozen=True)
class Question:
    """An unscored question: a choice between categories, the development-plan question, or open text."""

    id: str
    type: QuestionType
    text: Mapping[Role, LocalText]
    options: tuple[Option, ...] = ()
    max_length: int | None = None
    required: bool = False

    @property
    def roles(self) -> tuple[Role, ...]:
        return tuple(r for r in ROLES if r in self.text)


@dataclass(frozen=True)
class Section:
    """One page of the survey: items and questions in the order they are shown."""

    id: str
    title: LocalText
    elements: tuple[str, ...]
    intro: LocalText | None = None


@dataclass(frozen=True)
class ScoringRules:
    min_answered_share: float = 0.6
    anonymity_threshold: int = 5


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    languages: tuple[str, ...]
    title: LocalText
    roles: tuple[Role, ...]
    scales: Mapping[str, Scale]
    dimensions: tuple[Dimension, ...]
    items: tuple[Item, ...]
    questions: tuple[Question, ...]
    sections: tuple[Section, ...]
    scoring: ScoringRules
    intro: Mapping[Role, LocalText] = field(default_factory=dict)
    estimated_minutes: int | None = None
    #: SHA-256 of the canonical JSON of the definition; a wave stores it to notice a changed file.
    fingerprint: str = ""
    #: The definition as canonical JSON (sorted keys, no whitespace): what the fingerprint is taken of.
    canonical_json: str = field(default="", repr=False, compare=False)

    @property
    def key(self) -> str:
        """``id@version``, the name under which responses are stored."""
        return f"{self.id}@{self.version}"

    def items_for(self, role: Role) -> tuple[Item, ...]:
        """The scored items asked of ``role``, in definition order."""
        return tuple(item for item in self.items if role in item.text)

    def questions_for(self, role: Role) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if role in q.text)

    def dimension(self, dimension_id: str) -> Dimension:
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise KeyError(dimension_id)

    def dimension_items(self, dimension_id: str, role: Role | None = None) -> tuple[Item, ...]:
        """The items of one dimension, for one role or (``role=None``) for any role."""
        return tuple(
            item for item in self.items if item.dimension == dimension_id and (role is None or role in item.text)
        )

    def element(self, element_id: str) -> Item | Question:
        """An item or question by id."""
        for item in self.items:
            if item.id == element_id:
                return item
        for question in self.questions:
            if question.id == element_id:
                return question
        raise KeyError(element_id)

    def sections_for(self, role: Role) -> tuple[Section, ...]:
        """The sections shown to ``role``, each with only the elements asked of that role.

        A section none of whose elements is asked of the role is left out.
        """
        out = []
        for section in self.sections:
            elements = tuple(e for e in section.elements if role in self.element(e).text)
            if elements:
                out.append(Section(section.id, section.title, elements, section.intro))
        return tuple(out)

    def development_plan_question(self) -> Question | None:
        for question in self.questions:
            if question.type == "development_plan":
                return question
        return None

"""Dialogue instruments: the factors a group rates "now" and "wanted" in a dialogue session.

A dialogue instrument is a set of factors, each with a name and a plain description. By default it is the
company questionnaire's dimensions (:func:`from_questionnaire`); it can also be its own JSON definition,
validated like a questionnaire (``dialogue.schema.json`` beside the questionnaire's schema, then the meaning
checks here), e.g. ``dialogues/actiescan-voorbeeld.json``, an Actiescan-like set of success factors.

An instrument is named by a reference that says where it comes from: ``questionnaire:<id>@<version>`` or
``dialogue:<id>@<version>``; a session keeps that reference.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .loader import QuestionnaireError, parse_json
from .model import LocalText, Questionnaire
from .validate import Issue, check_structure, check_values

SCHEMA_FILE = "dialogue.schema.json"
#: The folder of the dialogue definitions shipped with Quickscan.
SHIPPED_DIR = Path(__file__).resolve().parent / "dialogues"
#: Both questions are answered on this scale: 1 (not at all) to 5 (fully).
SCALE = (1, 5)


@dataclass(frozen=True)
class Factor:
    """One thing the group rates: a questionnaire's dimension, or a success factor of its own instrument."""

    id: str
    name: LocalText
    description: LocalText


@dataclass(frozen=True)
class Instrument:
    """A dialogue instrument: its reference, title and factors (in the order they are asked)."""

    ref: str
    title: LocalText
    factors: tuple[Factor, ...]
    #: Whether the factors are the questionnaire's dimensions (only then can one become a plan's focus area).
    from_questionnaire: bool

    def factor(self, factor_id: str) -> Factor | None:
        return next((f for f in self.factors if f.id == factor_id), None)


def from_questionnaire(q: Questionnaire) -> Instrument:
    """The default instrument: the questionnaire's dimensions, with their names and plain descriptions."""
    return Instrument(
        ref=f"questionnaire:{q.id}@{q.version}",
        title=q.title,
        factors=tuple(Factor(d.id, dict(d.name), dict(d.description)) for d in q.dimensions),
        from_questionnaire=True,
    )


@cache
def schema() -> dict[str, Any]:
    """The dialogue instrument's JSON Schema shipped with the package."""
    text = resources.files("questionnaires").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def check_meaning(data: dict[str, Any]) -> list[Issue]:
    """What the schema cannot say: factor ids used once, every text in every declared language and no other."""
    issues: list[Issue] = []
    languages: list[str] = data["languages"]

    def texts(where: str, text: dict[str, str]) -> None:
        for lang in languages:
            if lang not in text:
                issues.append(Issue(where, f"the text in language {lang!r} is missing"))
        for lang in text:
            if lang not in languages:
                issues.append(Issue(f"{where}.{lang}", f"language {lang!r} is not declared in 'languages'"))

    texts("title", data["title"])
    if "intro" in data:
        texts("intro", data["intro"])
    seen: set[str] = set()
    for i, factor in enumerate(data["factors"]):
        if factor["id"] in seen:
            issues.append(Issue(f"factors[{i}].id", f"factor id {factor['id']!r} is used more than once"))
        seen.add(factor["id"])
        texts(f"factors[{i}].name", factor["name"])
        texts(f"factors[{i}].description", factor["description"])
    return issues


def check(data: Any) -> list[Issue]:
    """All problems in a parsed dialogue definition: structure first; meaning only if the structure is sound."""
    issues = check_values(data) or check_structure(data, schema())
    return issues or check_meaning(data)


def load_data(data: Any, source: str = "<data>") -> Instrument:
    """Validate a parsed dialogue definition and build the instrument; QuestionnaireError says where and why."""
    issues = check(data)
    if issues:
        raise QuestionnaireError(source, issues)
    return Instrument(
        ref=f"dialogue:{data['id']}@{data['version']}",
        title=dict(data["title"]),
        factors=tuple(Factor(f["id"], dict(f["name"]), dict(f["description"])) for f in data["factors"]),
        from_questionnaire=False,
    )


def load_file(path: str | Path) -> Instrument:
    """Read, validate and build one dialogue definition file."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise QuestionnaireError(str(path), [Issue("", f"cannot read the file: {exc.strerror}")]) from None
    except UnicodeDecodeError as exc:
        raise QuestionnaireError(str(path), [Issue(f"byte {exc.start}", "the file is not UTF-8 text")]) from None
    return load_data(parse_json(text, str(path)), str(path))


class Instruments:
    """The valid dialogue definitions in one folder, by reference; invalid files are kept as errors."""

    def __init__(self, folder: str | Path = SHIPPED_DIR) -> None:
        self.errors: list[QuestionnaireError] = []
        self._by_ref: dict[str, Instrument] = {}
        for path in sorted(Path(folder).glob("*.json")):
            try:
                instrument = load_file(path)
            except QuestionnaireError as exc:
                self.errors.append(exc)
                continue
            self._by_ref[instrument.ref] = instrument

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self._by_ref.values())

    def get(self, ref: str) -> Instrument | None:
        return self._by_ref.get(ref)

"""Questionnaire definitions: JSON files, their JSON Schema, and the loader that turns them into typed objects.

The path of a questionnaire through Quickscan starts here::

    questionnaires/leercultuur-mkb.json  --load_file-->  Questionnaire  --> form, scoring, reports

This package is pure: it reads files and knows nothing of Flask, databases or statistics.
"""

from .loader import QuestionnaireError, Registry, load_data, load_file, load_text, parse_ref, resolve
from .model import (
    ROLES,
    WAVE_KINDS,
    Dimension,
    Item,
    Option,
    Question,
    Questionnaire,
    Role,
    Scale,
    ScoringRules,
    Section,
    WaveKind,
    localise,
)
from .validate import Issue, check

__all__ = [
    "ROLES",
    "WAVE_KINDS",
    "Dimension",
    "Issue",
    "Item",
    "Option",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Registry",
    "Role",
    "Scale",
    "ScoringRules",
    "Section",
    "WaveKind",
    "check",
    "load_data",
    "load_file",
    "load_text",
    "localise",
    "parse_ref",
    "resolve",
]

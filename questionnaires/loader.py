"""Read questionnaire files into :class:`~questionnaires.model.Questionnaire` objects.

``load_file`` parses, validates and builds; any problem raises :class:`QuestionnaireError` carrying the
file name and every :class:`~questionnaires.validate.Issue` found, so a caller can print
``FILE: <where>: <what>`` lines. :class:`Registry` indexes a folder of definitions by id and version.
"""

from __future__ import annotations

import hashlib
import json
import json.decoder
import json.scanner
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .model import (
    Dimension,
    Item,
    NonSubstantive,
    Option,
    Question,
    Questionnaire,
    Scale,
    ScalePoint,
    ScoringRules,
    Section,
)
from .validate import SCHEMA_FILE, Issue, check

#: The folder of the definitions shipped with Quickscan (this package).
SHIPPED_DIR = Path(__file__).resolve().parent


class QuestionnaireError(Exception):
    """A definition that cannot be used; ``issues`` says where and why."""

    def __init__(self, source: str, issues: list[Issue]) -> None:
        self.source = source
        self.issues = issues
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One ``FILE: <where>: <what>`` line per issue."""
        return [f"{self.source}: {issue}" for issue in self.issues]


class _DuplicateKey(ValueError):
    def __init__(self, key: str, position: int) -> None:
        super().__init__(key)
        self.key, self.position = key, position


class _BadConstant(ValueError):
    pass


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]')


def _key_position(text: str, start: int, key: str) -> int:
    """Where ``key`` occurs for the second time as a key of the object that opens at ``start``."""
    depth, seen = 0, 0
    for match in _TOKEN.finditer(text, start):
        token = match.group()
        if token in "{[":
            depth += 1
        elif token in "}]":
            depth -= 1
            if depth == 0:
                break
        elif depth == 1 and text[match.end() :].lstrip().startswith(":") and json.loads(token) == key:
            seen += 1
            if seen == 2:
                return match.start()
    return start


def _parse_object(
    s_and_end: tuple[str, int],
    strict: bool,
    scan_once: Any,
    object_hook: Any,
    object_pairs_hook: Any,
    memo: Any = None,
) -> tuple[dict[str, Any], int]:
    text, end = s_and_end
    pairs, new_end = json.decoder.JSONObject(s_and_end, strict, scan_once, None, list, memo)  # type: ignore[attr-defined]
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key, _key_position(text, end - 1, key))
        out[key] = value
    return out, new_end


def _reject_constant(name: str) -> Any:
    raise _BadConstant(name)


def _decoder() -> json.JSONDecoder:
    """A strict decoder: no NaN or Infinity, no duplicate keys (located); the Python scanner, for positions."""
    decoder = json.JSONDecoder(parse_constant=_reject_constant)
    decoder.parse_object = _parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder


def _line_col(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return f"line {line}, column {column}"


def parse_json(text: str, source: str) -> Any:
    """Parse JSON text strictly; every problem raises QuestionnaireError with its place."""
    if not text.strip():
        raise QuestionnaireError(source, [Issue("line 1, column 1", "the file is empty")])
    try:
        return _decoder().decode(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise QuestionnaireError(source, [Issue(where, f"not valid JSON: {exc.msg}")]) from None
    except _DuplicateKey as exc:
        issue = Issue(_line_col(text, exc.position), f"key {exc.key!r} appears twice in one object")
        raise QuestionnaireError(source, [issue]) from None
    except _BadConstant as exc:
        issue = Issue("", f"{exc.args[0]} is not valid JSON; write a number")
        raise QuestionnaireError(source, [issue]) from None
    except RecursionError:
        raise QuestionnaireError(source, [Issue("", "the JSON is nested too deeply")]) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise QuestionnaireError(source, [Issue("", f"not valid JSON: {exc}"[:200])]) from None


def canonical_json(data: Any) -> str:
    """The canonical JSON form (sorted keys, no whitespace): layout changes don't change it."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint(data: Any) -> str:
    """SHA-256 of the canonical JSON form."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def load_data(data: Any, source: str = "<data>") -> Questionnaire:
    """Validate already-parsed JSON and build the typed object."""
    issues = check(data)
    if issues:
        raise QuestionnaireError(source, issues)
    return build(data)


def load_text(text: str, source: str = "<text>") -> Questionnaire:
    return load_data(parse_json(text, source), source)


def load_file(path: str | Path) -> Questionnaire:
    """Read, validate and build one definition file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise QuestionnaireError(str(path), [Issue("", f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        issue = Issue(f"byte {exc.start}", "the file is not UTF-8 text")
        raise QuestionnaireError(str(path), [issue]) from None
    return load_text(text, str(path))


def _text(value: dict[str, str]) -> dict[str, str]:
    return dict(value)


def _role_text(value: dict[str, dict[str, str]]) -> dict[Any, dict[str, str]]:
    return {role: dict(by_lang) for role, by_lang in value.items()}


def build(data: dict[str, Any]) -> Questionnaire:
    """Turn a validated definition into typed objects (no checks here: :func:`check` did them)."""
    scales = {
        scale_id: Scale(
            id=scale_id,
            min=s["min"],
            max=s["max"],
            points=tuple(
                ScalePoint(p["value"], _text(p["label"])) for p in sorted(s["points"], key=lambda p: p["value"])
            ),
            favourable_from=s["favourable_from"],
            non_substantive=tuple(
                NonSubstantive(ns["code"], _text(ns["label"])) for ns in s.get("non_substantive", [])
            ),
        )
        for scale_id, s in data["scales"].items()
    }
    dimensions = tuple(
        Dimension(
            id=d["id"],
            name=_text(d["name"]),
            description=_text(d["description"]),
            sources=tuple(d.get("sources", ())),
            suggestions={lang: tuple(v) for lang, v in d.get("suggestions", {}).items()},
        )
        for d in data["dimensions"]
    )
    items = tuple(
        Item(it["id"], it["dimension"], it["scale"], it["reverse"], _role_text(it["text"])) for it in data["items"]
    )
    questions = tuple(
        Question(
            id=q["id"],
            type=q["type"],
            text=_role_text(q["text"]),
            options=tuple(Option(o["code"], _text(o["label"])) for o in q.get("options", ())),
            max_length=q.get("max_length"),
            required=q.get("required", False),
        )
        for q in data["questions"]
    )
    sections = tuple(
        Section(
            s["id"],
            _text(s["title"]),
            tuple(s["elements"]),
            _text(s["intro"]) if "intro" in s else None,
        )
        for s in data["sections"]
    )
    rules = data.get("scoring", {})
    return Questionnaire(
        id=data["id"],
        version=data["version"],
        languages=tuple(data["languages"]),
        title=_text(data["title"]),
        roles=tuple(data["roles"]),
        scales=scales,
        dimensions=dimensions,
        items=items,
        questions=questions,
        sections=sections,
        scoring=ScoringRules(
            min_answered_share=float(rules.get("min_answered_share", 0.6)),
            anonymity_threshold=int(rules.get("anonymity_threshold", 5)),
        ),
        intro=_role_text(data.get("intro", {})),
        estimated_minutes=data.get("estimated_minutes"),
        fingerprint=fingerprint(data),
        canonical_json=canonical_json(data),
    )


def parse_ref(ref: str) -> tuple[str, int | None]:
    """Split ``id[@version]``; a bad version raises ValueError."""
    qid, at, version = ref.partition("@")
    if not qid:
        raise ValueError(f"{ref!r}: the questionnaire id before '@' is missing")
    if not at:
        return qid, None
    if not version.isdigit():
        raise ValueError(f"{ref!r}: the version after '@' must be a whole number")
    return qid, int(version)


class Registry:
    """The valid definitions in one folder, by id and version; invalid files are kept as errors."""

    def __init__(self, folder: str | Path = SHIPPED_DIR) -> None:
        self.folder = Path(folder)
        self._by_key: dict[tuple[str, int], Questionnaire] = {}
        files: dict[tuple[str, int], Path] = {}
        self.errors: list[QuestionnaireError] = []
        for path in sorted(self.folder.glob("*.json")):
            if path.name == SCHEMA_FILE or path.name.endswith(".schema.json"):
                continue
            try:
                questionnaire = load_file(path)
            except QuestionnaireError as exc:
                self.errors.append(exc)
                continue
            key = (questionnaire.id, questionnaire.version)
            if key in self._by_key:
                issue = Issue("", f"{questionnaire.key} is also defined in {files[key].name}")
                self.errors.append(QuestionnaireError(str(path), [issue]))
                continue
            self._by_key[key] = questionnaire
            files[key] = path

    def __iter__(self) -> Iterator[Questionnaire]:
        return iter(sorted(self._by_key.values(), key=lambda q: (q.id, q.version)))

    def __len__(self) -> int:
        return len(self._by_key)

    def get(self, qid: str, version: int | None = None) -> Questionnaire:
        """The definition ``qid`` at ``version``, or its latest version; KeyError when absent."""
        if version is not None:
            return self._by_key[(qid, version)]
        versions = [v for (i, v) in self._by_key if i == qid]
        if not versions:
            raise KeyError(qid)
        return self._by_key[(qid, max(versions))]

    def resolve(self, ref: str) -> Questionnaire:
        """Look up ``id[@version]``."""
        qid, version = parse_ref(ref)
        return self.get(qid, version)


def resolve(ref: str, folder: str | Path = SHIPPED_DIR) -> Questionnaire:
    """A definition from a file path, or from ``id[@version]`` in ``folder``."""
    path = Path(ref)
    if ref.endswith(".json") or path.is_file():
        return load_file(path)
    return Registry(folder).resolve(ref)

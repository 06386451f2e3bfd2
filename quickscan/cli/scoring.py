"""``quickscan score`` and ``quickscan compare``: score a responses CSV, or compare two waves.

Two plain click commands (:data:`score` and :data:`compare`) for the ``quickscan`` group to register.
They read files, call :mod:`scoring` and print; every rule and number comes from there. A problem in the
questionnaire or a CSV prints ``FILE: where: what`` lines on stderr and exits 1 with nothing on stdout.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import click

import questionnaires
from questionnaires.model import ROLES, Questionnaire, Role, localise
from reports.text import t
from scoring import anonymity, engine
from scoring.csvio import CsvError, ResponseTable, read_responses
from scoring.matrix import ScoringError
from scoring.results import (
    NOTE_CLIPPED,
    NOTE_NO_SCALE,
    AnyGroup,
    ChangeReference,
    CompareResult,
    DimensionComparison,
    DimensionStats,
    Interval,
    PairedResult,
    PlanKpi,
    ScoreResult,
    SuppressedPlanKpi,
)

#: The label of respondents whose --group-by cell is empty.
BLANK_GROUP = "(blank)"

ROLE_OPTION = click.option(
    "--role",
    type=click.Choice(ROLES),
    default="employee",
    show_default=True,
    help="Whose answers the file holds.",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


class _Failed(Exception):
    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn the known failures into stderr lines and exit code 1 (never a traceback)."""
    try:
        yield
    except _Failed as exc:
        lines = exc.lines
    except questionnaires.QuestionnaireError as exc:
        lines = exc.lines()
    except CsvError as exc:
        lines = exc.lines()
    except ScoringError as exc:
        lines = [f"error: {exc}"]
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback (unless asked for)
        if os.environ.get("QUICKSCAN_DEBUG"):
            raise
        lines = [
            f"error: unexpected {type(exc).__name__}: {exc} (please report this; "
            "QUICKSCAN_DEBUG=1 shows where it happened)"
        ]
    else:
        return
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


def _questionnaire(ref: str) -> Questionnaire:
    try:
        return questionnaires.resolve(ref)
    except ValueError as exc:  # a malformed id@version; the message names the reference
        raise _Failed([str(exc)]) from None
    except KeyError:
        message = "no such questionnaire (give a .json file or the id[@version] of a shipped one)"
        raise _Failed([f"{ref}: {message}"]) from None


def _read(path: str, questionnaire: Questionnaire, role: Role, extra: Sequence[str] = ()) -> ResponseTable:
    return read_responses(path, questionnaire, role, extra)


def _f(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "-"
    text = f"{value:.{digits}f}"
    return text.lstrip("-") if float(text) == 0 else text


def _p(value: float | None) -> str:
    if value is None:
        return "-"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _ci(value: Interval | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value.low:.{digits}f} .. {value.high:.{digits}f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    out = []
    for row in (header, *rows):
        cells = [
            str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  " + "  ".join(cells).rstrip())
    return out


def _dimension_name(questionnaire: Questionnaire, dim_id: str) -> str:
    return f"{dim_id} ({localise(questionnaire.dimension(dim_id).name, questionnaire.languages[0])})"


def _plan_line(plan: PlanKpi | SuppressedPlanKpi | None, limit: int) -> list[str]:
    if plan is None:
        return []
    if isinstance(plan, SuppressedPlanKpi):
        return [f"  development plan: hidden ({plan.n} answers; anonymity threshold {limit})"]
    mark = " (indicative)" if plan.level == anonymity.INDICATIVE else ""
    return [
        f"  development plan (n={plan.n}){mark}: {plan.with_plan:.0f}% have one "
        f"(target {plan.target:.0f}%: {'met' if plan.meets_target else 'not met'}), "
        f"{plan.working:.0f}% work on it"
    ]


def _group_lines(questionnaire: Questionnaire, label: str, group: AnyGroup, limit: int) -> list[str]:
    if group.suppressed:
        too_few = group.reason == anonymity.REASON_TOO_FEW
        why = "fewer respondents than" if too_few else "protects a small group;"
        return [f"{label}: n={group.n}, hidden ({why} the threshold of {limit})", ""]
    lines = [f"{label}: n={group.n}"]
    rows = []
    no_scale = clipped = False
    for dim_id, dim in group.dimensions.items():
        name = _dimension_name(questionnaire, dim_id)
        if not isinstance(dim, DimensionStats):
            rows.append([name, str(dim.n), "hidden", "", "", "", "", ""])
            continue
        mark = "*" if dim.level == anonymity.INDICATIVE else ""
        rows.append(
            [
                name + mark,
                str(dim.n),
                _f(dim.mean),
                _f(dim.sd),
                _ci(dim.ci95),
                _f(dim.favourable, 0),
                "no scale" if dim.notes.get("alpha") == NOTE_NO_SCALE else _f(dim.alpha),
                _ci(dim.alpha_ci95),
            ]
        )
        no_scale |= dim.notes.get("alpha") == NOTE_NO_SCALE
        clipped |= NOTE_CLIPPED in dim.notes.values()
    lines += _table(["dimension", "n", "mean", "sd", "95% CI", "% fav", "alpha", "alpha 95% CI"], rows)
    if no_scale:
        lines.append(f"no scale: alpha below 0, {t('alpha_no_scale', 'en')}")
    if clipped:
        lines.append(t("clipped_note", "en"))
    lines += _plan_line(group.development_plan, limit)
    lines.append("")
    return lines


def render_score(questionnaire: Questionnaire, result: ScoreResult) -> str:
    """The readable table of ``quickscan score``."""
    lines = [
        f"{questionnaire.key}: {localise(questionnaire.title, questionnaire.languages[0])}",
        f"role {result.role}; anonymity threshold {result.anonymity_threshold}",
        "",
    ]
    for label, group in result.groups.items():
        lines += _group_lines(questionnaire, label, group, result.anonymity_threshold)
    lines.append(
        "* indicative: fewer than 10 respondents, so no interval or alpha. "
        "% fav: share with a dimension score at or above the scale's favourable point."
    )
    return "\n".join(lines)


def _reference(ref: ChangeReference | None, not_computable: bool) -> str:
    """Whose SD and alpha reliable change used."""
    if ref is None:
        return "not computable" if not_computable else "-"
    whose = f"programme baseline, {ref.companies} companies" if ref.source == "programme" else "baseline file"
    return f"{whose}, n={ref.n}, alpha {ref.alpha:.2f}, sd {ref.sd:.2f}"


def _paired_lines(questionnaire: Questionnaire, result: CompareResult) -> list[str]:
    """The respondents who used the same code in both files: change, d_z, Wilcoxon p, reliable change."""
    rows = []
    for dim_id, dim in result.dimensions.items():
        paired = dim.paired if isinstance(dim, DimensionComparison) else None
        if paired is None:
            continue
        name = _dimension_name(questionnaire, dim_id)
        if not isinstance(paired, PairedResult):
            why = "hidden" if paired.reason == anonymity.REASON_TOO_FEW else "hidden (protects the unlinked)"
            rows.append([name, str(paired.n), why] + [""] * 7)
            continue
        rc = paired.reliable_change
        counts = ["-", "-", "-"] if rc is None else [str(rc.improved), str(rc.unchanged), str(rc.deteriorated)]
        rows.append(
            [
                name + ("*" if paired.level == anonymity.INDICATIVE else ""),
                str(paired.n),
                _f(paired.mean_difference),
                _ci(paired.ci95),
                _f(paired.d_z),
                _p(paired.wilcoxon_p),
                *counts,
                _reference(paired.reliable_change_reference, "reliable_change" in paired.notes),
            ]
        )
    if not rows:
        return []
    header = ["dimension", "pairs", "change", "95% CI", "d_z", "Wilcoxon p", "better", "same", "worse"]
    return [
        "",
        "linked respondents (the same code in both files), change = end-line minus baseline of the same person:",
        *_table([*header, "reliable change against"], rows),
        "better/same/worse: reliable change (Jacobson & Truax 1991), |change| > 1.96 * sqrt(2) * sd * "
        "sqrt(1 - alpha) of the baseline file's scores; from 10 pairs. not computable: the baseline gives no sd "
        "above 0 or no alpha between 0 and 1. (The app's reports use the programme's baseline when it has 30 "
        "scores from 3 companies.)",
    ]


def render_compare(questionnaire: Questionnaire, result: CompareResult) -> str:
    """The readable table of ``quickscan compare``."""
    lines = [
        f"{questionnaire.key}: {localise(questionnaire.title, questionnaire.languages[0])}",
        f"role {result.role}; baseline n={result.n_baseline}, end-line n={result.n_endline}; "
        f"anonymity threshold {result.anonymity_threshold}",
        "difference = end-line minus baseline",
        "",
    ]
    rows = []
    clipped = False
    for dim_id, dim in result.dimensions.items():
        name = _dimension_name(questionnaire, dim_id)
        if not isinstance(dim, DimensionComparison):
            rows.append([name, str(dim.n_baseline), "", str(dim.n_endline), "", "hidden"] + [""] * 8)
            continue
        clipped |= NOTE_CLIPPED in dim.notes.values()
        mark = "*" if dim.level == anonymity.INDICATIVE else ""
        rows.append(
            [
                name + mark,
                str(dim.baseline.n),
                _f(dim.baseline.mean),
                str(dim.endline.n),
                _f(dim.endline.mean),
                _f(dim.difference),
                _ci(dim.ci95),
                _f(dim.hedges_g),
                _ci(dim.hedges_g_ci95),
                dim.effect_size or "-",
                _f(dim.cliffs_delta),
                _ci(dim.cliffs_delta_ci95),
                _f(dim.favourable_change, 0),
                _p(dim.p),
            ]
        )
    header = ["dimension", "n base", "mean", "n end", "mean", "diff", "95% CI"]
    header += ["g", "g 95% CI", "effect", "delta", "delta 95% CI", "fav +pts", "p"]
    lines += _table(header, rows)
    if clipped:
        lines.append(t("clipped_note", "en"))
    lines += _paired_lines(questionnaire, result)
    if result.development_plan:
        for wave, plan in result.development_plan.items():
            lines += [f"{wave}:"] + _plan_line(plan, result.anonymity_threshold)
    lines += [
        "",
        "* indicative: fewer than 10 respondents in a wave, so no interval or test. "
        "delta: Cliff's delta, P(end > base) - P(end < base), with its Feng & Cliff interval.",
    ]
    return "\n".join(lines)


def _run(action: Callable[[], str]) -> None:
    with _errors():
        output = action()
    click.echo(output)


@click.command("score")
@click.argument("questionnaire")
@click.argument("responses", metavar="RESPONSES.csv")
@ROLE_OPTION
@click.option("--group-by", "group_by", metavar="COLUMN", help="Break the results down by this column.")
@JSON_OPTION
def score(questionnaire: str, responses: str, role: Role, group_by: str | None, as_json: bool) -> None:
    """Score RESPONSES.csv: per group and dimension n, mean, SD, interval, % favourable and alpha.

    QUESTIONNAIRE is a .json definition or the id[@version] of a shipped one.
    """

    def action() -> str:
        q = _questionnaire(questionnaire)
        table = _read(responses, q, role, [group_by] if group_by else [])
        groups = None
        if group_by:
            groups = [cell or BLANK_GROUP for cell in table.columns[group_by]]
            if engine.TOTAL in groups:
                row = groups.index(engine.TOTAL) + 2
                where = f"{responses}: row {row}, column {group_by}"
                message = f"the group name {engine.TOTAL!r} is reserved for the whole sample; rename it"
                raise _Failed([f"{where}: {message}"])
        result = engine.score(q, table.answers, role, groups, table.development_plan)
        return result.to_json() if as_json else render_score(q, result)

    _run(action)


@click.command("compare")
@click.argument("questionnaire")
@click.argument("baseline", metavar="BASELINE.csv")
@click.argument("endline", metavar="ENDLINE.csv")
@ROLE_OPTION
@click.option(
    "--link-column",
    "link_column",
    metavar="COLUMN",
    help="The column with each respondent's own code: who used the same code in both files is also compared "
    "with themselves (paired change, Wilcoxon, reliable change).",
)
@JSON_OPTION
def compare(
    questionnaire: str, baseline: str, endline: str, role: Role, link_column: str | None, as_json: bool
) -> None:
    """Compare BASELINE.csv with ENDLINE.csv per dimension (independent samples).

    Mean difference (end-line minus baseline) with its Welch 95 % interval, Hedges' g, Cliff's delta and
    the change in % favourable; with --link-column also per person, for those who used the same code.
    """

    def action() -> str:
        q = _questionnaire(questionnaire)
        extra = [link_column] if link_column else []
        base = _read(baseline, q, role, extra)
        end = _read(endline, q, role, extra)
        base_links = [cell or None for cell in base.columns[link_column]] if link_column else None
        end_links = [cell or None for cell in end.columns[link_column]] if link_column else None
        result = engine.compare(
            q,
            base.answers,
            end.answers,
            role,
            baseline_links=base_links,
            endline_links=end_links,
            baseline_plan=base.development_plan,
            endline_plan=end.development_plan,
        )
        return result.to_json() if as_json else render_compare(q, result)

    _run(action)


__all__ = ["compare", "render_compare", "render_score", "score"]

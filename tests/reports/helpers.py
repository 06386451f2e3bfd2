"""Made-up report data for the report tests: answers matrices drawn from a seeded generator."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from io import BytesIO

import numpy as np
from pypdf import PdfReader

import questionnaires
from questionnaires import WaveKind
from questionnaires.model import DEVELOPMENT_PLAN_CODES, Questionnaire, Role
from reports.company import CompanyReport, Turnout, WaveInfo, WaveInput, company_report
from reports.programme import ProgrammeCompany
from scoring import NO_CODE, Answers

#: A company name that is markup, script and template syntax at once.
HOSTILE = "<script>alert(1)</script> {{7*7}} & <b>Zoet</b>"


@lru_cache(maxsize=1)
def questionnaire() -> Questionnaire:
    """The shipped Quickscan Leercultuur MKB."""
    return questionnaires.resolve("leercultuur-mkb@1")


def answers(
    q: Questionnaire,
    role: Role,
    n: int,
    seed: int,
    level: float = 3.4,
    spread: float = 0.9,
    dont_know: float = 0.05,
    values: Sequence[int] | None = None,
) -> Answers:
    """``n`` respondents: answers around ``level`` (or drawn from ``values``), some "weet ik niet"."""
    items = q.items_for(role)
    rng = np.random.default_rng(seed)
    k = len(items)
    if values is not None:
        raw = rng.choice(np.asarray(values, dtype=np.float64), size=(n, k))
    else:
        raw = np.clip(np.rint(level + rng.normal(0, spread, (n, k))), 1, 5)
    codes = np.full((n, k), NO_CODE, dtype=np.int8)
    dk = rng.random((n, k)) < dont_know
    raw[dk] = np.nan
    codes[dk] = 0
    return Answers(np.asfortranarray(raw), np.asfortranarray(codes))


def wave(
    q: Questionnaire,
    kind: WaveKind,
    employees: int,
    managers: int = 2,
    seed: int = 1,
    level: float = 3.4,
    values: Sequence[int] | None = None,
    plan_share: float = 0.5,
) -> WaveInput:
    """One wave with ``employees`` and ``managers`` respondents (invited: 20 % more)."""
    rng = np.random.default_rng(seed + 1000)
    plan = [
        str(rng.choice(DEVELOPMENT_PLAN_CODES[2:]))
        if rng.random() < plan_share
        else str(rng.choice(DEVELOPMENT_PLAN_CODES[:2]))
        for _ in range(employees)
    ]
    opened = dt.date(2026, 1, 20) if kind == "baseline" else dt.date(2026, 11, 10)
    info = WaveInfo(
        kind,
        q.id,
        q.version,
        opened,
        opened + dt.timedelta(days=21),
        Turnout(int(employees * 1.2) + 1, employees),
        Turnout(managers + 1, managers),
    )
    return WaveInput(
        info=info,
        questionnaire=q,
        employees=answers(q, "employee", employees, seed, level, values=values),
        managers=answers(q, "manager", managers, seed + 7, level + 0.4),
        plan=plan,
    )


def company(
    baseline: int | None = 40,
    endline: int | None = 45,
    name: str = "Bakkerij De Vries",
    region: str = "Twente",
    seed: int = 3,
    managers: int = 2,
    baseline_values: Sequence[int] | None = None,
    endline_values: Sequence[int] | None = None,
) -> CompanyReport:
    """A company report with the given employee counts per wave (None: no such wave); ``*_values`` limit the
    answers of a wave to those scale points."""
    q = questionnaire()
    waves = []
    if baseline is not None:
        waves.append(wave(q, "baseline", baseline, managers, seed, values=baseline_values))
    if endline is not None:
        waves.append(wave(q, "endline", endline, managers, seed + 1, level=3.8, values=endline_values))
    return company_report(name, region, waves, dt.date(2026, 11, 24), questionnaire=q)


def programme_company(key: str, region: str, baseline: int, endline: int, seed: int) -> ProgrammeCompany:
    q = questionnaire()
    return ProgrammeCompany(
        key, region, wave(q, "baseline", baseline, 1, seed), wave(q, "endline", endline, 1, seed + 1, level=3.7)
    )


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF (pypdf), spaces normalised."""
    reader = PdfReader(BytesIO(data))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def figure_texts(fig: object) -> list[str]:
    """Every text drawn in a matplotlib figure (axes texts, annotations, tick labels, legends)."""
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    assert isinstance(fig, Figure)
    return [artist.get_text() for artist in fig.findobj(Text) if artist.get_visible() and artist.get_text()]


def collection(fig: object, gid: str) -> list[tuple[float, float, float]]:
    """The bars (y centre, left, right) of the bar collection ``gid`` in a figure, empty when absent."""
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure

    assert isinstance(fig, Figure)
    out = []
    for coll in fig.findobj(PolyCollection):
        if coll.get_gid() != gid:
            continue
        for path in coll.get_paths():
            xs, ys = path.vertices[:, 0], path.vertices[:, 1]
            out.append((float((ys.min() + ys.max()) / 2), float(xs.min()), float(xs.max())))
    return out


def line_points(fig: object, gid: str) -> list[tuple[float, float]]:
    """The (x, y) points of the marker line ``gid`` in a figure."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    assert isinstance(fig, Figure)
    out = []
    for line in fig.findobj(Line2D):
        if line.get_gid() == gid:
            out.extend(zip(map(float, line.get_xdata()), map(float, line.get_ydata()), strict=True))
    return out


def label_rows(fig: object) -> list[tuple[float, str]]:
    """The row labels (y in data units, text) of a chart's first axes, top to bottom."""
    from matplotlib.figure import Figure

    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    rows = [(float(t.get_position()[1]), t.get_text()) for t in ax.texts if t.get_gid() == "label"]
    return sorted(rows)

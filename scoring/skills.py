"""The skills matrix (inzetbaarheidsmatrix): who can do which task, where one person is a risk, who learns what.

Pure numpy, no names: a company's matrix comes in as arrays (people down, tasks across) and plain figures
come out. The rules, numbered as the docs (docs/skills-matrix.md) cite them:

1. **Levels** 0 to 4: 0 not trained, 1 in training, 2 can do it with help, 3 independent, 4 can teach
   others. A cell nobody filled in is level 0. Anything else is refused (:class:`SkillsError`).
2. **Qualified**: a person at level 3 or 4 (:data:`QUALIFIED`) for a task.
3. **Coverage** of a task: its qualified people against its minimum (default 2, :data:`DEFAULT_MINIMUM`;
   at least 1). A task is *covered* when qualified >= minimum, *short* otherwise.
4. **One-person risk** ("één persoon"): exactly one qualified person, whatever the minimum.
5. **Versatility** of a person: the number of tasks at which they are qualified.
6. **Training need** (leerbehoefte): a person x task whose target level is above the current level.
7. **Development step** (ontwikkelstap): a person with at least one training need that has a target date.
   Only active people count; the share is of the active people, None (not computable) when there are none.

Only active people are counted in coverage and figures; the caller passes only those.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

#: The levels, lowest first (rule 1).
LEVELS = (0, 1, 2, 3, 4)
#: From this level a person is qualified for a task (rule 2).
QUALIFIED = 3
#: The minimum number of qualified people per task unless the company sets another (rule 3).
DEFAULT_MINIMUM = 2
#: No target set for a cell.
NO_TARGET = -1

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class SkillsError(ValueError):
    """A matrix that breaks rule 1 (a level outside 0-4) or whose arrays do not fit together."""


def check_level(value: int) -> int:
    """``value`` if it is a level 0-4 (rule 1); otherwise SkillsError."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
        raise SkillsError(f"level {value!r} is not one of 0, 1, 2, 3, 4")
    return value


@dataclass(frozen=True)
class Matrix:
    """One company's matrix: ``levels[p, t]`` (0-4), ``targets[p, t]`` (0-4 or :data:`NO_TARGET`),
    ``dated[p, t]`` (the target has a date), and per task its minimum and whether it is critical."""

    levels: IntArray
    targets: IntArray
    dated: BoolArray
    minimum: IntArray
    critical: BoolArray

    def __post_init__(self) -> None:
        people, tasks = self.levels.shape
        if self.targets.shape != (people, tasks) or self.dated.shape != (people, tasks):
            raise SkillsError("levels, targets and dates must have the same shape")
        if self.minimum.shape != (tasks,) or self.critical.shape != (tasks,):
            raise SkillsError("one minimum and one critical flag per task")
        if people and tasks and (self.levels.min() < 0 or self.levels.max() > 4):
            raise SkillsError("a level is not one of 0, 1, 2, 3, 4")
        if people and tasks and not np.all((self.targets == NO_TARGET) | ((self.targets >= 0) & (self.targets <= 4))):
            raise SkillsError("a target is not one of 0, 1, 2, 3, 4")
        if tasks and self.minimum.min() < 1:
            raise SkillsError("a task's minimum is at least 1")

    @classmethod
    def build(
        cls,
        levels: Sequence[Sequence[int]],
        minimum: Sequence[int],
        critical: Sequence[bool],
        targets: Sequence[Sequence[int]] | None = None,
        dated: Sequence[Sequence[bool]] | None = None,
    ) -> Matrix:
        """A matrix from nested lists (people x tasks); no targets unless given."""
        shape = (len(levels), len(minimum))
        lv = np.array(levels, dtype=np.int64).reshape(shape)
        tg = np.full(shape, NO_TARGET, np.int64) if targets is None else np.array(targets, np.int64).reshape(shape)
        dd = np.zeros(shape, np.bool_) if dated is None else np.array(dated, np.bool_).reshape(shape)
        return cls(lv, tg, dd, np.array(minimum, np.int64), np.array(critical, np.bool_))


def qualified(m: Matrix) -> IntArray:
    """Per task, how many people are qualified (rules 2, 3)."""
    counts: IntArray = np.count_nonzero(m.levels >= QUALIFIED, axis=0).astype(np.int64)
    return counts


def covered(m: Matrix) -> BoolArray:
    """Per task, whether it has at least its minimum of qualified people (rule 3)."""
    result: BoolArray = np.greater_equal(qualified(m), m.minimum)
    return result


def one_person(m: Matrix) -> BoolArray:
    """Per task, whether exactly one person is qualified (rule 4)."""
    result: BoolArray = np.equal(qualified(m), 1)
    return result


def versatility(m: Matrix) -> IntArray:
    """Per person, at how many tasks they are qualified (rule 5)."""
    counts: IntArray = np.count_nonzero(m.levels >= QUALIFIED, axis=1).astype(np.int64)
    return counts


def training_needs(m: Matrix) -> BoolArray:
    """Per person x task, whether the target is above the level (rule 6)."""
    result: BoolArray = np.logical_and(m.targets != NO_TARGET, m.targets > m.levels)
    return result


def development_step(m: Matrix) -> BoolArray:
    """Per person, whether they have a dated training need (rule 7)."""
    result: BoolArray = np.any(training_needs(m) & m.dated, axis=1)
    return result


@dataclass(frozen=True)
class Figures:
    """A company's matrix in numbers: what a snapshot keeps and the programme adds up. No names."""

    people: int
    tasks: int
    critical_tasks: int
    #: Critical tasks with at least their minimum of qualified people.
    critical_covered: int
    tasks_covered: int
    #: Tasks with exactly one qualified person.
    one_person_tasks: int
    #: Critical tasks with exactly one qualified person.
    critical_one_person: int
    #: Person x task cells with a training need, and those with a target date.
    training_needs: int
    dated_needs: int
    #: People with a development step (rule 7).
    with_step: int

    @property
    def share_with_step(self) -> float | None:
        """Percentage of people with a development step; None without people."""
        return None if self.people == 0 else 100.0 * self.with_step / self.people

    @property
    def share_critical_covered(self) -> float | None:
        """Percentage of critical tasks with enough qualified people; None without critical tasks."""
        return None if self.critical_tasks == 0 else 100.0 * self.critical_covered / self.critical_tasks

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Figures:
        """Figures from :meth:`to_dict` output (a snapshot's JSON); a missing count is 0."""
        return cls(**{name: int(data.get(name, 0)) for name in cls.__dataclass_fields__})


def figures(m: Matrix) -> Figures:
    """The figures of one company's matrix (rules 2-7)."""
    crit = m.critical
    cov = covered(m)
    one = one_person(m)
    needs = training_needs(m)
    return Figures(
        people=int(m.levels.shape[0]),
        tasks=int(m.levels.shape[1]),
        critical_tasks=int(crit.sum()),
        critical_covered=int((cov & crit).sum()),
        tasks_covered=int(cov.sum()),
        one_person_tasks=int(one.sum()),
        critical_one_person=int((one & crit).sum()),
        training_needs=int(needs.sum()),
        dated_needs=int((needs & m.dated).sum()),
        with_step=int(development_step(m).sum()),
    )


def total(parts: Sequence[Figures]) -> Figures:
    """The figures of several companies added up (the programme's totals: counts, never a company's rows)."""
    return Figures(**{name: sum(getattr(f, name) for f in parts) for name in Figures.__dataclass_fields__})


@dataclass(frozen=True)
class Change:
    """Baseline against end-line (two snapshots): critical tasks with enough backup, people with a step."""

    baseline: Figures
    endline: Figures

    @property
    def critical_covered(self) -> int:
        return self.endline.critical_covered - self.baseline.critical_covered

    @property
    def with_step(self) -> int:
        return self.endline.with_step - self.baseline.with_step

    @property
    def share_with_step(self) -> float | None:
        """The change in percentage points; None when either share cannot be computed."""
        before, after = self.baseline.share_with_step, self.endline.share_with_step
        return None if before is None or after is None else after - before


def overdue(dates: Sequence[dt.date | None], today: dt.date) -> list[bool]:
    """Which target dates lie before ``today`` (a missing date is never overdue)."""
    return [d is not None and d < today for d in dates]

"""Hand-written mutants of the anonymity rules, their application and the statistics (issue 24): does a test
notice?

Each mutant changes one snippet of one module (a threshold, a comparison, a ``min``/``max``, a limit not
passed on, a ``ddof``, a quantile's tail, a confidence level not passed on). For each, the tracked files of
this checkout are copied to a temporary folder, the mutant is applied there (never here), and the scoring
tests run against the copy; a mutant is *killed* when they fail (a hang counts as killed: the per-test
timeout ends it). The score per module is printed. A run of every mutant exits 1 when a module scores below
its floor (:data:`FLOORS`); ``--floor`` sets one floor for all modules, also for a run of some mutants.

    python benchmarks/mutate.py                 # every mutant, tests/scoring, the floors of FLOORS
    python benchmarks/mutate.py -k E1 -k A25    # some mutants
    python benchmarks/mutate.py --module scoring/change.py --tests tests/scoring/test_scoring_change.py

``make mutate`` runs it. Mutants that no test can kill (equivalent ones) are listed in :data:`EQUIVALENT`
with the reason, and left out of the score.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import mutants_statistics

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    name: str
    module: str
    old: str
    new: str


AT = "scoring/anonymity/thresholds.py"
AC = "scoring/anonymity/comments.py"
AP = "scoring/anonymity/pairs.py"
AB = "scoring/anonymity/breakdowns.py"
AR = "scoring/anonymity/releases.py"
AX = "scoring/anonymity/combinations.py"
AL = "scoring/anonymity/linked_tables.py"
E = "scoring/engine.py"
K = "scoring/kpi.py"
G = "scoring/grouped.py"

MUTANTS = [
    # scoring/anonymity/: constants
    Mutant("A1", AT, "DEFAULT_THRESHOLD = 5", "DEFAULT_THRESHOLD = 4"),
    Mutant("A2", AC, "COMMENTS_MIN = 10", "COMMENTS_MIN = 9"),
    Mutant("A3", AT, "STATISTICS_MIN = 10", "STATISTICS_MIN = 9"),
    Mutant("A4", AT, "MANAGER_MIN = 1", "MANAGER_MIN = 2"),
    Mutant("A5", AT, "MANAGER_PEERS_MIN = 3", "MANAGER_PEERS_MIN = 2"),
    # threshold and limits (rule 1, 6)
    Mutant("A6", AT, "return int(questionnaire.scoring.anonymity_threshold)", "return DEFAULT_THRESHOLD"),
    Mutant("A7", AT, "        return threshold(questionnaire)", "        return threshold(None)"),
    Mutant(
        "A8",
        AT,
        "MANAGER_PEERS_MIN if among_managers else MANAGER_MIN",
        "MANAGER_MIN if among_managers else MANAGER_PEERS_MIN",
    ),
    Mutant("A9", AT, "return max(STATISTICS_MIN, limit)", "return min(STATISTICS_MIN, limit)"),
    Mutant("A10", AT, "    if n < limit:\n        return SUPPRESSED", "    if n <= limit:\n        return SUPPRESSED"),
    Mutant("A11", AT, "    if n < statistics_min(limit):", "    if n <= statistics_min(limit):"),
    Mutant(
        "A12", AT, "return level(min(n_baseline, n_endline), limit)", "return level(max(n_baseline, n_endline), limit)"
    ),
    # comments (rule 4)
    Mutant("A13", AC, "return max(COMMENTS_MIN, limit)", "return min(COMMENTS_MIN, limit)"),
    Mutant("A14", AC, "return n_respondents >= comments_min(limit)", "return n_respondents > comments_min(limit)"),
    Mutant("A15", AC, "if c is not None and c.strip()", "if c is not None"),
    # pairs (rule 7)
    Mutant("A16", AP, "    if n_pairs < limit:", "    if n_pairs <= limit:"),
    Mutant("A17", AP, "if 0 < unpaired < limit:", "if 0 <= unpaired < limit:"),
    Mutant("A18", AP, "if 0 < unpaired < limit:", "if 0 < unpaired <= limit:"),
    Mutant("A19", AP, "(n_baseline - n_pairs) + (n_endline - n_pairs)", "(n_baseline - n_pairs)"),
    Mutant(
        "A20",
        AP,
        "return shows_statistics(level(n_pairs, limit))",
        "return shows_statistics(level(n_pairs + 1, limit))",
    ),
    # managers and the gap (rule 6)
    Mutant("A21", AT, "return n_managers >= limit_for(", "return n_managers > limit_for("),
    Mutant("A22", AT, "return n_employees >= limit and", "return n_employees > limit and"),
    Mutant("A23", AT, "return n_employees >= limit and", "return n_employees >= limit or"),
    # breakdowns (rules 2, 3)
    Mutant(
        "A24",
        AB,
        "new = suppress_breakdown(base, limit, hidden) | ",
        "new = suppress_breakdown(base, limit, hidden) & ",
    ),
    Mutant(
        "A25", AB, "        out |= np.asarray(hidden, dtype=np.bool_)\n    while True:", "        pass\n    while True:"
    ),
    Mutant("A26", AB, "if hidden_total == 0 or hidden_total >= limit", "if hidden_total == 0 or hidden_total > limit"),
    Mutant("A27", AB, "if hidden_total == 0 or hidden_total >= limit", "if hidden_total >= limit"),
    Mutant("A28", AB, "out[shown[np.argmin(n[shown])]] = True", "out[shown[np.argmax(n[shown])]] = True"),
    Mutant("A29", AT, "    return n >= limit\n", "    return n > limit\n"),
    # releases (rule 8)
    Mutant("A30", AR, "(n_new >= limit)", "(n_new > limit)"),
    Mutant("A31", AR, "(n_before < limit)", "(n_before <= limit)"),
    Mutant("A32", AR, "return bool(np.all((n_new == 0)", "return bool(np.any((n_new == 0)"),
    # exports (rule 9)
    Mutant("A33", AX, "rare = (counts < limit) & keys.any(axis=1)", "rare = (counts <= limit) & keys.any(axis=1)"),
    Mutant("A34", AX, "if n_empty == 0 or n_empty >= limit", "if n_empty == 0 or n_empty > limit"),
    Mutant("A35", AX, "if n_empty == 0 or n_empty >= limit", "if n_empty >= limit"),
    # linked tables (rule 10)
    Mutant("A36", AL, "small = (counts > 0) & (counts < limit)", "small = (counts > 0) & (counts <= limit)"),
    Mutant("A37", AL, "small.any(axis=0)", "small.all(axis=0)"),
    Mutant(
        "A38",
        AL,
        "total_hidden = bool(((sums > 0) & (sums < limit)).any())",
        "total_hidden = bool(((sums > 0) & (sums < limit)).all())",
    ),
    Mutant(
        "A39",
        AL,
        "out[candidates[np.argmin(row[candidates])]] = True",
        "out[candidates[np.argmax(row[candidates])]] = True",
    ),
    Mutant("A40", AL, "                total_hidden = True\n", "                total_hidden = False\n"),
    # engine.py: the rules applied
    Mutant(
        "E1", E, "anonymity.suppress_breakdown(arr.group_n, self.limit)", "anonymity.suppress_breakdown(arr.group_n)"
    ),
    Mutant(
        "E2",
        E,
        "anonymity.suppress_breakdown(desc.n, self.limit, hidden=groups)",
        "anonymity.suppress_breakdown(desc.n, self.limit)",
    ),
    Mutant("E3", E, "self.limit, hidden=dims[dim.id])", "self.limit, hidden=groups)"),
    Mutant(
        "E4",
        E,
        "reason = anonymity.REASON_TOO_FEW if n < self.limit",
        "reason = anonymity.REASON_TOO_FEW if n <= self.limit",
    ),
    Mutant("E5", E, "REASON_TOO_FEW if n_dim < self.limit", "REASON_TOO_FEW if n_dim <= self.limit"),
    Mutant("E6", E, "kpi.development_plan(development_plan, limit)", "kpi.development_plan(development_plan)"),
    Mutant("E7", E, "index, len(labels), limit, hidden[0])", "index, len(labels), limit, None)"),
    Mutant("E8", E, "limit = anonymity.limit_for(questionnaire, role)\n", "limit = anonymity.limit_for(None, role)\n"),
    Mutant("E9", E, "anonymity.comparison_level(n_b, n_e, limit)", "anonymity.level(n_b, limit)"),
    Mutant("E10", E, "kpi.development_plan(codes, limit)", "kpi.development_plan(codes)"),
    Mutant("E11", E, "ref, limit, n_b, n_e, span)", "ref, anonymity.DEFAULT_THRESHOLD, n_b, n_e, span)"),
    Mutant("E12", E, "limit = anonymity.threshold(questionnaire)", "limit = anonymity.threshold()"),
    Mutant("E13", E, "anonymity.manager_shown(n_m, among_managers)", "anonymity.manager_shown(n_m)"),
    Mutant("E14", E, "anonymity.gap_shown(n_e, n_m, limit, among_managers)", "anonymity.gap_shown(n_e, n_m, limit)"),
    Mutant("E15", E, "anonymity.group_shown(n_e, limit)", "anonymity.group_shown(n_e)"),
    Mutant("E16", E, "limit_for(questionnaire, role, among_managers)", "limit_for(questionnaire, role)"),
    Mutant("E17", E, "anonymity.level(n, self.limit), dims, plan)", "anonymity.level(n), dims, plan)"),
    Mutant("E18", E, "lvl = anonymity.level(n_dim, self.limit)", "lvl = anonymity.level(n_dim)"),
    Mutant("E19", E, "DimensionGap(dim_id, anonymity.level(n_e, limit),", "DimensionGap(dim_id, anonymity.level(n_e),"),
    Mutant("E20", E, "lvl = anonymity.level(n, limit)\n    full", "lvl = anonymity.level(n)\n    full"),
    # kpi.py: the KPI's share of the rules
    Mutant(
        "K1",
        K,
        "hide = anonymity.suppress_breakdown(counts.sum(axis=1), limit, hidden=hidden)",
        "hide = anonymity.suppress_breakdown(counts.sum(axis=1), limit)",
    ),
    Mutant(
        "K2", K, "    if hidden:\n        return SuppressedPlanKpi", "    if False:\n        return SuppressedPlanKpi"
    ),
    Mutant("K3", K, "[plan_kpi(counts[g], limit, hidden=", "[plan_kpi(counts[g], hidden="),
    # grouped.py: an empty last group
    Mutant("G1", G, "group_n = np.bincount(g, minlength=n_groups)", "group_n = np.bincount(g)"),
    # change.py and reliability.py: benchmarks/mutants_statistics.py
    *(Mutant(*row) for row in mutants_statistics.CHANGE + mutants_statistics.RELIABILITY),
]

#: The score (%) a module must reach in a run of every mutant (issue 24: 95 % for the anonymity rules and their
#: application, 92 % for the statistics).
FLOORS: dict[str, float] = {
    AT: 95.0,
    AC: 95.0,
    AP: 95.0,
    AB: 95.0,
    AR: 95.0,
    AX: 95.0,
    AL: 95.0,
    E: 95.0,
    K: 95.0,
    G: 95.0,
    mutants_statistics.C: 92.0,
    mutants_statistics.R: 92.0,
}

#: Test files run first for a module's mutants, so that a killed mutant fails early (``-x``); the rest of
#: ``tests/scoring`` follows, so a survivor has met every scoring test.
FIRST: dict[str, list[str]] = {
    mutants_statistics.C: [
        "tests/scoring/test_scoring_change.py",
        "tests/scoring/test_scoring_change_edges.py",
        "tests/scoring/test_scoring_wilcoxon.py",
        "tests/scoring/test_scoring_impossible.py",
        "tests/scoring/test_scoring_engine.py",
    ],
    mutants_statistics.R: [
        "tests/scoring/test_scoring_reliability.py",
        "tests/scoring/test_scoring_reliability_edges.py",
        "tests/scoring/test_scoring_impossible.py",
        "tests/scoring/test_scoring_engine.py",
    ],
}


#: Checks the mutants against the unchanged code, so it fails on every mutant: never run on one.
NOT_RUN = {"tests/scoring/test_scoring_mutants.py"}


def ordered(tests: list[str], module: str) -> list[str]:
    """The test files under ``tests``, those of :data:`FIRST` for ``module`` first (pytest keeps this order)."""
    files: list[str] = []
    for test in tests:
        path = ROOT / test.split("::")[0]
        files += [test] if path.is_file() else [str(f.relative_to(ROOT)) for f in sorted(path.rglob("test_*.py"))]
    files = [f for f in files if f.split("::")[0] not in NOT_RUN]
    first = [f for f in FIRST.get(module, []) if f in files]
    return first + [f for f in files if f not in first]


#: Mutants no test can kill, with the reason (left out of the score).
EQUIVALENT: dict[str, str] = {
    "E14": "perception_gap computes a gap only when the manager mean is shown, which manager_shown(n_m,"
    " among_managers) already decides; gap_shown without among_managers then agrees",
    "E19": "the gap's level is asked only for employees at or above the threshold (group_shown before it), where"
    " level(n, limit) and level(n, 5) agree: indicative below max(10, limit), full from there",
    "A40": "the branch is unreachable: the total is hidden from the start when a wave holds 1 to limit - 1 private"
    " respondents, so a wave whose total is shown holds at least limit; when its hidden groups hold fewer,"
    " a shown group with private respondents is left to hide",
    **mutants_statistics.EQUIVALENT,
}


def _copy_tree(dest: Path, exclude: list[str]) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in files:
        source = ROOT / name
        if source.is_file() and name not in exclude:
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def check(mutants: list[Mutant]) -> None:
    """Exit with a message when a mutant's snippet does not occur exactly once (the module changed), or when the
    mutated module is not valid Python (a test would "kill" it by failing to import: no measure of the tests)."""
    for mutant in mutants:
        text = (ROOT / mutant.module).read_text()
        found = text.count(mutant.old)
        if found != 1:
            raise SystemExit(f"{mutant.name}: {mutant.old!r} occurs {found} times in {mutant.module}")
        try:
            compile(text.replace(mutant.old, mutant.new), mutant.module, "exec")
        except SyntaxError as error:
            raise SystemExit(f"{mutant.name}: the mutated {mutant.module} is no valid Python ({error})") from None


def run_mutant(mutant: Mutant, tests: list[str], timeout: int, exclude: list[str]) -> bool:
    """True when the tests fail with ``mutant`` applied (killed)."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"mutant-{mutant.name}-") as tmp:
        where = Path(tmp)
        _copy_tree(where, exclude)
        path = where / mutant.module
        path.write_text(path.read_text().replace(mutant.old, mutant.new))
        env = {**os.environ, "PYTHONPATH": str(where)}
        tests = ordered(tests, mutant.module)
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", f"--timeout={timeout}", *tests]
        run = subprocess.run(command, cwd=where, env=env, capture_output=True, text=True)
        outcome = "killed" if run.returncode else "survived"
        print(f"{mutant.name}: {outcome} ({time.monotonic() - started:.0f} s)", flush=True)
        return run.returncode != 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", dest="names", action="append", help="run only this mutant (repeatable)")
    parser.add_argument("--module", action="append", help="run only the mutants of this module (repeatable)")
    parser.add_argument("--tests", nargs="+", default=["tests/scoring"], help="test paths (default tests/scoring)")
    parser.add_argument("--timeout", type=int, default=60, help="per-test timeout in a mutant run (seconds)")
    parser.add_argument("--workers", type=int, default=1, help="mutants run at a time (default 1)")
    parser.add_argument("--exclude", nargs="+", default=[], help="files left out of the copy (e.g. a test file)")
    parser.add_argument("--floor", type=float, default=None, help="one floor (%%) for every module instead of FLOORS")
    args = parser.parse_args(argv)
    chosen = [
        m for m in MUTANTS if (not args.names or m.name in args.names) and (not args.module or m.module in args.module)
    ]
    check(chosen)
    scored = [m for m in chosen if m.name not in EQUIVALENT]
    started = time.monotonic()
    with ThreadPoolExecutor(args.workers) as pool:
        killed = dict(
            zip(scored, pool.map(lambda m: run_mutant(m, args.tests, args.timeout, args.exclude), scored), strict=True)
        )
    per_module: dict[str, list[bool]] = defaultdict(list)
    for mutant, dead in killed.items():
        per_module[mutant.module].append(dead)
        if not dead:
            print(f"SURVIVED {mutant.name} {mutant.module}: {mutant.old!r} -> {mutant.new!r}")
    # The floors of FLOORS hold for a run of every mutant; a run of some mutants checks only --floor.
    everything = not args.names and not args.module
    low = []
    for module, results in sorted(per_module.items()):
        score = 100.0 * sum(results) / len(results)
        floor = args.floor if args.floor is not None else (FLOORS.get(module) if everything else None)
        below = floor is not None and score < floor
        mark = f", floor {floor:g} %{' NOT MET' if below else ''}" if floor is not None else ""
        print(f"{module}: {sum(results)}/{len(results)} killed, {score:.1f} %{mark}")
        if below:
            low.append(module)
    for name in sorted({m.name for m in chosen} & EQUIVALENT.keys(), key=lambda n: (n[0], int(n[1:]))):
        print(f"equivalent {name}: {EQUIVALENT[name]}")
    print(f"{len(scored)} mutants in {time.monotonic() - started:.0f} s")
    return 1 if low else 0


if __name__ == "__main__":
    raise SystemExit(main())

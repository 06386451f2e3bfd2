"""Benchmark of the dialogue session: prints the figures that go into docs/performance.md ("Dialogue session").

    .venv/bin/python benchmarks/dialogue.py [--phones 30] [--repeat 5]

1. ``scoring.dialogue.session_result`` on ``--phones`` participants x 7 factors (the questionnaire's
   dimensions): the group result the facilitator's page computes on every load after the reveal.
2. ``--phones`` phones voting at the same moment (one thread each, its own database session and transaction,
   seven upserted votes each, as ``POST /d/<code>`` stores them) on a fresh SQLite database in a temporary
   folder: the wall clock until the last vote is committed. Best of ``--repeat`` runs each.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from questionnaires import Registry  # noqa: E402
from questionnaires.dialogue import from_questionnaire  # noqa: E402
from scoring.dialogue import Vote, session_result  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    instrument = from_questionnaire(Registry().get("leercultuur-mkb"))
    factors = [f.id for f in instrument.factors]
    rng = np.random.default_rng(1)
    votes = [Vote(str(p), f, int(rng.integers(1, 6)), 5) for p in range(args.phones) for f in factors]
    best = min(_timed(lambda: session_result(factors, votes)) for _ in range(args.repeat * 20))
    print(f"session_result, {args.phones} phones x {len(factors)} factors: {best * 1000:.2f} ms")

    with tempfile.TemporaryDirectory() as instance:
        os.environ["QUICKSCAN_INSTANCE_PATH"] = instance
        from quickscan import create_app, dialogue_store, migrate, programme
        from quickscan.db import database, transaction

        app = create_app({"DATABASE_URL": f"sqlite:///{instance}/bench.sqlite", "SECRET_KEY": "bench"})
        migrate.upgrade(app)
        with transaction(app) as s:
            company = programme.add_company(s, "Bench", "Twente")
            company_pk = company.pk
        times = []
        for _ in range(args.repeat):
            with transaction(app) as s:
                company = s.get(programme.Company, company_pk)
                assert company is not None
                dialogue_pk = dialogue_store.start(s, company, instrument, None).pk
            barrier = threading.Barrier(args.phones + 1)
            ratings = {f: dialogue_store.Rating(3, 5, "") for f in factors}

            def phone(
                i: int,
                pk: int = dialogue_pk,
                barrier: threading.Barrier = barrier,
                ratings: dict[str, dialogue_store.Rating] = ratings,
            ) -> None:
                barrier.wait()
                with database(app).sessions.begin() as s:
                    found = s.get(dialogue_store.DialogueSession, pk)
                    assert found is not None
                    dialogue_store.vote(s, found, f"{i:032x}", ratings)

            threads = [threading.Thread(target=phone, args=(i,)) for i in range(args.phones)]
            for t in threads:
                t.start()
            barrier.wait()
            start = time.perf_counter()
            for t in threads:
                t.join()
            times.append(time.perf_counter() - start)
            with transaction(app) as s:
                found = s.get(dialogue_store.DialogueSession, dialogue_pk)
                assert found is not None and dialogue_store.participants(s, found) == args.phones
        print(f"{args.phones} phones voting at once (SQLite): {min(times) * 1000:.0f} ms until the last vote is stored")
    print(f"load average: {os.getloadavg()[0]:.1f}")
    return 0


def _timed(work: object) -> float:
    start = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())

"""The leerkring handout and band chart in docs/learning-circle.md, made from the demo: ``make handout`` (or
``python docs/handout.py``).

Loads the demo into a fresh SQLite database in a temporary folder (as ``make run`` does), then, for the
circle of the demo company below, writes the coach's copy of the handout to docs/examples/ (seed
:data:`SEED`, so the file only changes when the code or the demo does) and the company's band chart and the
handout's dots as PNGs to docs/images/.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
COMPANY = "bouwbedrijf-koster"  # a demo company of Twente that takes part, with both waves released
SEED = 2026


def main() -> int:
    with tempfile.TemporaryDirectory() as instance:
        os.environ["QUICKSCAN_INSTANCE_PATH"] = instance
        from click.testing import CliRunner
        from sqlalchemy import select

        from quickscan import circle_store, create_app
        from quickscan.cli import main as quickscan
        from quickscan.db import transaction
        from quickscan.models import Company
        from quickscan.questionnaire_store import registry
        from reports.charts import png_bytes
        from reports.circle import circle_chart
        from reports.circle_handout import dots_chart, handout_pdf
        from scoring.circle import handout_letters

        for command in (["init-db"], ["demo"]):  # as `make run` does
            result = CliRunner().invoke(quickscan, command, catch_exceptions=False)
            assert result.exit_code == 0, result.output
        app = create_app()
        with transaction(app) as s:
            company = s.scalar(select(Company).where(Company.slug == COMPANY))
            assert company is not None, COMPANY
            coach_copy = circle_store.handout_input(s, registry(app), company, own_copy=False)
            own = circle_store.company_circle(s, registry(app), company)
        assert coach_copy is not None and own is not None
        (DOCS / "examples").mkdir(exist_ok=True)
        (DOCS / "images").mkdir(exist_ok=True)
        out = DOCS / "examples" / "leerkring-handout.pdf"
        out.write_bytes(handout_pdf(coach_copy, SEED, "nl"))
        print(f"docs/examples/{out.name}  <- the coach's copy of the circle of {COMPANY}, seed {SEED}")
        keys = [k for dots in coach_copy.dots.values() if isinstance(dots, dict) for k in dots]
        dots = dots_chart(coach_copy, handout_letters(keys, SEED), "nl")
        (DOCS / "images" / "leerkring-dots.png").write_bytes(png_bytes(dots.figure))
        print("docs/images/leerkring-dots.png  <- the handout's dots")
        band = circle_chart(own, "nl")
        (DOCS / "images" / "leerkring-band.png").write_bytes(png_bytes(band.figure))
        print(f"docs/images/leerkring-band.png  <- {COMPANY} beside its circle")
    return 0


if __name__ == "__main__":
    sys.exit(main())

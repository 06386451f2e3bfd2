"""The screenshots in docs/plan.md, docs/dialogue.md and docs/skills-matrix.md, made from the demo:
``make screenshots`` (or
``python docs/screenshots.py``).

Loads the demo into a fresh SQLite database in a temporary folder, serves the app on a free port, logs in as
a demo coach and a demo manager in Debian's Chromium (Playwright), and saves PNGs to docs/images/. Run it
again after changing a page that docs/plan.md or docs/skills-matrix.md shows; the pictures are then as the
code draws them.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

OUT = Path(__file__).resolve().parent / "images"
CHROMIUM = os.environ.get("QUICKSCAN_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
COMPANY = "bouwbedrijf-koster"  # a demo company with a plan and both waves released
COACH = "coach-twente@demo.quickscan.nl"
MANAGER = f"manager-{COMPANY}@demo.quickscan.nl"


def main(only: str | None = None) -> int:
    """Make every screenshot, or only those of ``only`` (``plan`` or ``dialogue``)."""
    with tempfile.TemporaryDirectory() as instance:
        os.environ["QUICKSCAN_INSTANCE_PATH"] = instance
        from click.testing import CliRunner
        from playwright.sync_api import Page, sync_playwright
        from sqlalchemy import select
        from werkzeug.serving import make_server

        from quickscan import create_app, demo, skills_store
        from quickscan.cli import main as quickscan
        from quickscan.db import transaction
        from quickscan.models import Company

        for command in (["init-db"], ["demo"]):  # as `make run` does
            result = CliRunner().invoke(quickscan, command, catch_exceptions=False)
            assert result.exit_code == 0, result.output
        app = create_app()
        with transaction(app) as s:  # the demo keeps skills matrices for its first companies
            companies = s.scalars(select(Company).order_by(Company.pk))
            skills_company = next(c.slug for c in companies if skills_store.has_matrix(s, c))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        OUT.mkdir(exist_ok=True)

        def log_in(page: Page, email: str) -> None:
            page.goto(f"{base}/login")
            page.fill("#email", email)
            page.fill("#password", demo.DEMO_PASSWORD)
            page.click("button[type=submit]")

        def shot(page: Page, path: str, name: str, full: bool = True, part: str | None = None) -> None:
            page.goto(f"{base}{path}", timeout=180_000)  # a report page on a busy machine
            if part:
                page.locator(part).screenshot(path=str(OUT / name))
            else:
                page.screenshot(path=str(OUT / name), full_page=full)
            print(f"docs/images/{name}  <- {path} {part or ''}")

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            desk = browser.new_page(viewport={"width": 1280, "height": 900})
            desk.set_default_timeout(120_000)  # a report page of the demo takes a while on a busy machine
            log_in(desk, COACH)
            if only in (None, "plan"):
                _plan_shots(browser, desk, shot, log_in)
            if only in (None, "dialogue"):
                _dialogue_shots(app, base, browser, desk, shot)
            if only in (None, "skills"):
                skills_manager = browser.new_page(viewport={"width": 1280, "height": 900})
                log_in(skills_manager, f"manager-{skills_company}@demo.quickscan.nl")
                shot(skills_manager, f"/companies/{skills_company}/skills", "skills-grid.png")
                shot(skills_manager, f"/companies/{skills_company}/skills/needs", "skills-needs.png")
            browser.close()
        server.shutdown()
    return 0


def _plan_shots(browser, desk, shot, log_in) -> None:  # type: ignore[no-untyped-def]
    """docs/plan.md: the first screen, the plan, an action, the coach's overview, the plan on a phone."""
    shot(desk, f"/companies/{COMPANY}", "plan-first-screen.png", part="#qs-summary")
    shot(desk, f"/companies/{COMPANY}/plan", "plan-page.png")
    action = desk.locator("a[href*='/plan/actions/']").first.get_attribute("href")
    if action:
        shot(desk, action, "plan-action.png")
    shot(desk, "/dashboard", "plan-overview.png", full=False)
    phone = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    log_in(phone, MANAGER)
    shot(phone, f"/companies/{COMPANY}/plan", "plan-phone.png", full=False)


def _dialogue_shots(app, base, browser, desk, shot) -> None:  # type: ignore[no-untyped-def]
    """docs/dialogue.md: a finished demo session; a new one started by the coach, and a phone joining it."""
    held, slug = _demo_session(app)
    shot(desk, f"/companies/{slug}/dialogue/{held}", "dialogue-result.png", part="#result")
    desk.goto(f"{base}/companies/{slug}/dialogue")
    desk.get_by_role("button", name="Sessie starten").click()
    desk.wait_for_url("**/dialogue/*")
    code = desk.locator("#join-code").inner_text().strip()
    desk.screenshot(path=str(OUT / "dialogue-open.png"))
    print("docs/images/dialogue-open.png  <- a new session")
    voter = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    shot(voter, f"/d/{code}", "dialogue-phone.png", full=False)


def _demo_session(app: object) -> tuple[int, str]:
    """The first demo dialogue session and its company's slug."""
    from sqlalchemy import select

    from quickscan.db import transaction
    from quickscan.dialogue_models import DialogueSession
    from quickscan.models import Company

    with transaction(app) as s:  # type: ignore[arg-type]
        held = s.scalars(select(DialogueSession).order_by(DialogueSession.pk)).first()
        assert held is not None, "the demo has no dialogue session"
        company = s.get(Company, held.company_pk)
        assert company is not None
        return held.pk, company.slug


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))

"""A wave holds at most QUICKSCAN_WAVE_LINKS links, employees and managers together (issue 23, finding 14).

Without a total, ``--count 1000`` run in a loop (or the form sent again and again) made links without end,
and a QR sheet of all of them outgrew what a request may take. A request that would pass the cap makes no
link at all and says, in Dutch, how many the wave has and how many may still be added.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from quickscan import config, programme
from quickscan.auth import add_user
from quickscan.cli import main
from quickscan.db import transaction
from quickscan.models import Invitation, Wave

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import csrf, make_company


def _links(app: Flask, slug: str) -> int:
    with transaction(app) as s:
        wave = programme.wave_of(s, programme.company_by_slug(s, slug), "baseline")
        return s.scalar(select(func.count(Invitation.pk)).where(Invitation.wave_pk == wave.pk)) or 0


def test_the_cap_is_1000_unless_set_and_must_be_a_positive_number(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert config.from_environment(str(tmp_path), {})["WAVE_LINKS"] == 1000 == programme.WAVE_LINKS
    assert config.from_environment(str(tmp_path), {"QUICKSCAN_WAVE_LINKS": "250"})["WAVE_LINKS"] == 250
    for wrong in ("0", "-5", "veel"):
        with pytest.raises(config.ConfigError, match="QUICKSCAN_WAVE_LINKS"):
            config.from_environment(str(tmp_path), {"QUICKSCAN_WAVE_LINKS": wrong})


def test_the_default_cap_counts_both_roles_and_a_refused_request_stores_nothing(app: Flask) -> None:
    co = make_company(app, "Groot BV", employees=3, managers=1)  # 4 links
    with transaction(app) as s:
        wave = s.scalar(select(Wave).join(Wave.company).where(Wave.kind == "baseline"))
        assert wave is not None
        with pytest.raises(programme.ProgrammeError) as refused:
            programme.invite(s, wave, "employee", 997)  # 4 + 997 = 1001
        assert "hoogstens 1000 links" in str(refused.value) and "al 4" in str(refused.value)
        assert "nog 996 bij" in str(refused.value)
    assert _links(app, co.company) == 4
    with transaction(app) as s:
        wave = s.scalar(select(Wave).where(Wave.kind == "baseline"))
        assert wave is not None
        assert len(programme.invite(s, wave, "manager", 996)) == 996  # exactly up to the cap
        with pytest.raises(programme.ProgrammeError, match="nog 0 bij"):
            programme.invite(s, wave, "employee", 1)
    assert _links(app, co.company) == 1000


def test_the_form_says_the_cap_and_refuses_to_pass_it(app: Flask) -> None:
    app.config["WAVE_LINKS"] = 10
    co = make_company(app, "Klein BV", employees=3, managers=1)
    with transaction(app) as s:
        add_user(s, "lead@example.nl", PASSWORD, "admin")
    lead = app.test_client()
    assert log_in(lead, "lead@example.nl").status_code == 302
    page = lead.get(f"/admin/companies/{co.company}")
    assert "Een meting heeft hoogstens 10 links, medewerkers en leidinggevenden samen." in page.get_data(as_text=True)

    def invite(count: int) -> str:
        data = {
            "invite-csrf_token": csrf(page),
            "action": "invite",
            "invite-kind": "baseline",
            "invite-role": "employee",
            "invite-count": str(count),
        }
        return lead.post(f"/admin/companies/{co.company}", data=data).get_data(as_text=True)

    refused = invite(7)  # 4 + 7 = 11
    assert "Er worden geen links gemaakt: een meting heeft hoogstens 10 links" in refused
    assert "Deze meting heeft er al 4; er kunnen er nog 6 bij." in refused
    assert "/s/" not in refused.split("Een link intrekken")[-1]  # no new links listed
    assert _links(app, co.company) == 4
    made = invite(6)
    assert "6 links gemaakt." in made
    assert _links(app, co.company) == 10


def test_the_command_says_the_cap_in_dutch_and_makes_nothing(app: Flask, runner: FlaskCliRunner) -> None:
    app.config["WAVE_LINKS"] = 10
    co = make_company(app, "Klein BV", employees=3, managers=1)
    args = ["invite", co.company, "--kind", "baseline", "--role", "manager", "--count"]
    refused = runner.invoke(main, [*args, "7"])
    assert refused.exit_code == 1
    assert "Er worden geen links gemaakt: een meting heeft hoogstens 10 links" in refused.output
    assert "Deze meting heeft er al 4; er kunnen er nog 6 bij." in refused.output
    assert "/s/" not in refused.output
    assert _links(app, co.company) == 4
    made = runner.invoke(main, [*args, "6"])
    assert made.exit_code == 0, made.output
    assert len(made.output.strip().splitlines()) == 6
    assert _links(app, co.company) == 10

"""The dialogue session through the app: start, join by code, vote (change, double submit, bad input), the
rule of 3, reveal with the medians of the votes, the mirror, a focus area with the remarks, close, the PDF."""

from __future__ import annotations

import io
import statistics

from flask import Flask
from pypdf import PdfReader
from sqlalchemy import func, select

from quickscan.db import transaction
from quickscan.dialogue_models import DialogueVote
from quickscan.models import FocusArea

from .dialogue_helpers import FACTORS, ballot, phone_token, start_session, vote
from .plan_helpers import client_of, make_world, token


def _votes(app: Flask) -> int:
    with transaction(app) as s:
        return int(s.scalar(select(func.count()).select_from(DialogueVote)) or 0)


def test_a_session_from_start_to_plan(app: Flask) -> None:
    world = make_world(app)
    coach, pk, code = start_session(app, world.a)
    page = coach.get(f"/companies/{world.a}/dialogue/{pk}").get_data(as_text=True)
    assert f"{code[:4]}-{code[4:]}" in page and "data:image/svg+xml" in page  # the code and the QR code
    # Five phones: now = 1..5 on every factor, wanted = 5,5,4,4,3; one changes its vote, one submits twice.
    nows, wanteds = [1, 2, 3, 4, 5], [5, 5, 4, 4, 3]
    phones = [app.test_client() for _ in nows]
    for i, phone in enumerate(phones):
        assert vote(phone, code, ballot(5, 5)) == 302  # first a different vote…
        assert vote(phone, code, ballot(nows[i], wanteds[i], f"Opmerking {i}")) == 302  # …then changed
    assert vote(phones[0], code, ballot(nows[0], wanteds[0], "Opmerking 0")) == 302  # a double submit
    assert _votes(app) == 5 * len(FACTORS)
    status = coach.get(f"/companies/{world.a}/dialogue/{pk}/status").get_json()
    assert status == {"status": "open", "participants": 5, "can_reveal": True}
    # Before the reveal the facilitator sees only the count: no remark, no result.
    assert "Opmerking 1" not in coach.get(f"/companies/{world.a}/dialogue/{pk}").get_data(as_text=True)
    # The phone sees its own ratings again (and only its own).
    own = phones[2].get(f"/d/{code}").get_data(as_text=True)
    assert 'id="now-time_to_learn-3" name="now-time_to_learn" value="3" checked' in own
    assert (
        coach.post(f"/companies/{world.a}/dialogue/{pk}/reveal", data={"csrf_token": token(coach)}).status_code == 302
    )
    page = coach.get(f"/companies/{world.a}/dialogue/{pk}").get_data(as_text=True)
    now_median = statistics.median(nows)
    wanted_median = statistics.median(wanteds)
    gap = statistics.median(w - n for n, w in zip(nows, wanteds, strict=True))
    assert f'<dd class="now-median">{now_median:.1f}'.replace(".", ",") in page
    assert f'<dd class="wanted-median">{wanted_median:.1f}'.replace(".", ",") in page
    assert f'<dd class="gap">+{gap:.1f}'.replace(".", ",") in page
    assert all(f"Opmerking {i}" in page for i in range(5))
    # The mirror: the employees' mean in the released survey (make_world: development 2, ownership 3, else 4).
    assert '<dd class="mirror">2,0</dd>' in page and '<dd class="mirror">4,0</dd>' in page
    # After the reveal a phone can no longer vote; the form is gone.
    later = app.test_client()
    assert "Stemmen en aanpassen kan niet meer" in later.get(f"/d/{code}").get_data(as_text=True)
    csrf = later.get("/d/").get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert later.post(f"/d/{code}", data={"csrf_token": csrf, **ballot(1, 5)}).status_code == 302
    assert _votes(app) == 5 * len(FACTORS)
    # One click: a focus area with the remarks as notes.
    focus = coach.post(
        f"/companies/{world.a}/dialogue/{pk}/focus", data={"csrf_token": token(coach), "factor": "development"}
    )
    assert focus.status_code == 302
    with transaction(app) as s:
        area = s.scalars(select(FocusArea).where(FocusArea.dimension_id == "development")).one()
        assert "5 deelnemers" in area.why and "- Opmerking 0" in area.why and "- Opmerking 4" in area.why
    # The one-page PDF: now vs wanted per factor.
    pdf = coach.get(f"/companies/{world.a}/dialogue/{pk}/summary.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert len(reader.pages) == 1
    assert "5 deelnemers" in text
    assert "Nu (middelste)" in text and "Gewenst (middelste)" in text and "3,0" in text and "4,0" in text
    # Closing stops the code.
    assert coach.post(f"/companies/{world.a}/dialogue/{pk}/close", data={"csrf_token": token(coach)}).status_code == 302
    assert app.test_client().get(f"/d/{code}").status_code == 404


def test_nothing_is_revealed_before_three_votes(app: Flask) -> None:
    world = make_world(app)
    coach, pk, code = start_session(app, world.a, "manager_a")
    for _ in range(2):
        assert vote(app.test_client(), code, ballot(2, 4, "Te vroeg")) == 302
    assert coach.get(f"/companies/{world.a}/dialogue/{pk}/status").get_json()["can_reveal"] is False
    assert (
        coach.post(f"/companies/{world.a}/dialogue/{pk}/reveal", data={"csrf_token": token(coach)}).status_code == 302
    )
    page = coach.get(f"/companies/{world.a}/dialogue/{pk}").get_data(as_text=True)
    assert "Te vroeg" not in page and 'class="now-median"' not in page and "vanaf 3 stemmen" in page
    assert coach.get(f"/companies/{world.a}/dialogue/{pk}/summary.pdf").status_code == 404


def test_bad_input_is_located_and_nothing_is_stored_and_tampering_is_400(app: Flask) -> None:
    world = make_world(app)
    _coach, _pk, code = start_session(app, world.a)
    phone = app.test_client()
    data = ballot(3, 4)
    del data["wanted-ownership"]
    data["remark-time_to_learn"] = "x" * 201
    response = phone.post(f"/d/{code}", data={"csrf_token": phone_token(phone, code), **data})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="wanted-ownership-error"' in page and 'id="remark-time_to_learn-error"' in page
    assert _votes(app) == 0
    tampered = ballot(3, 4) | {"now-leadership": "6"}
    assert phone.post(f"/d/{code}", data={"csrf_token": phone_token(phone, code), **tampered}).status_code == 400
    assert phone.post(f"/d/{code}", data=ballot(3, 4)).status_code == 400  # no form token
    assert _votes(app) == 0


def test_codes_are_typed_forgivingly_and_unknown_codes_are_404(app: Flask) -> None:
    world = make_world(app)
    _coach, _pk, code = start_session(app, world.a)
    phone = app.test_client()
    form = phone.get("/d/").get_data(as_text=True)
    csrf = form.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    typed = f" {code[:4].lower()} - {code[4:]}".replace("0", "o").replace("1", "l")
    went = phone.post("/d/", data={"csrf_token": csrf, "code": typed})
    assert went.status_code == 302 and went.headers["Location"].endswith(f"/d/{code}")
    assert phone.post("/d/", data={"csrf_token": csrf, "code": "ZZZZ-ZZZZ"}).status_code == 404


def test_the_lead_sees_only_that_a_session_took_place(app: Flask) -> None:
    world = make_world(app)
    coach, pk, code = start_session(app, world.a)
    for i in range(3):
        vote(app.test_client(), code, ballot(2, 4, f"Geheim {i}"))
    coach.post(f"/companies/{world.a}/dialogue/{pk}/reveal", data={"csrf_token": token(coach)})
    lead = client_of(app, "admin")
    listing = lead.get(f"/companies/{world.a}/dialogue")
    text = listing.get_data(as_text=True)
    assert listing.status_code == 200 and "<td>3</td>" in text and "Geheim" not in text and "Sessie starten" not in text
    assert lead.get(f"/companies/{world.a}/dialogue/{pk}").status_code == 403
    assert lead.get(f"/companies/{world.a}/dialogue/{pk}/summary.pdf").status_code == 403
    other = client_of(app, "manager_b")
    assert other.get(f"/companies/{world.a}/dialogue/{pk}").status_code == 404


def test_the_company_report_gets_a_section_per_revealed_session(app: Flask) -> None:
    world = make_world(app)
    coach, pk, code = start_session(app, world.a)
    before = coach.get(f"/companies/{world.a}").get_data(as_text=True)  # rendered and cached before the reveal
    assert "Dialoogsessie van" not in before
    for now in (1, 2, 4):
        vote(app.test_client(), code, ballot(now, 5, "Niet in het verslag"))
    assert "Dialoogsessie van" not in coach.get(f"/companies/{world.a}").get_data(as_text=True)  # not revealed
    coach.post(f"/companies/{world.a}/dialogue/{pk}/reveal", data={"csrf_token": token(coach)})
    page = coach.get(f"/companies/{world.a}").get_data(as_text=True)
    assert "Dialoogsessie van" in page and "3 deelnemers" in page and "Niet in het verslag" not in page
    pdf = coach.get(f"/companies/{world.a}/report.pdf").data
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    # medians: now 2, wanted 5, gap median(4, 3, 1) = 3
    assert "3 deelnemers" in text and "Nu (middelste)" in text and "+3,0" in text

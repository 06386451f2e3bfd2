"""Thirty phones voting in one dialogue session at once store thirty votes per factor: none lost, none
doubled, each the one its phone gave; and a phone that submits twice at the same moment still counts once.
Threads drive separate test clients (each its own cookies: its own phone), on SQLite and, with
``QUICKSCAN_TEST_DATABASE_URL`` set, on PostgreSQL (the upsert is the database's own in each)."""

from __future__ import annotations

import threading

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quickscan.db import transaction
from quickscan.dialogue_models import DialogueVote

from .dialogue_helpers import FACTORS, ballot, phone_token, start_session
from .plan_helpers import make_world
from .test_concurrency import run_threads

PHONES = 30


def test_thirty_phones_at_once_store_thirty_votes(app: Flask) -> None:
    world = make_world(app, employees=5)
    _coach, pk, code = start_session(app, world.a)
    phones = [app.test_client() for _ in range(PHONES)]
    tokens = [phone_token(phone, code) for phone in phones]  # each phone has its cookie and form token
    barrier = threading.Barrier(PHONES)

    def voter(i: int, phone: FlaskClient) -> None:
        data = {"csrf_token": tokens[i], **ballot(i % 5 + 1, 5, f"telefoon {i}")}
        barrier.wait()
        response = phone.post(f"/d/{code}", data=data)
        assert response.status_code == 302, response.status_code
        again = phone.post(f"/d/{code}", data=data)  # a double submit
        assert again.status_code == 302, again.status_code

    run_threads([lambda i=i, p=p: voter(i, p) for i, p in enumerate(phones)], barrier)
    with transaction(app) as s:
        rows = s.execute(
            select(DialogueVote.participant, DialogueVote.factor_id, DialogueVote.now, DialogueVote.remark).where(
                DialogueVote.session_pk == pk
            )
        ).all()
    assert len(rows) == PHONES * len(FACTORS)
    assert len({r.participant for r in rows}) == PHONES
    assert len({(r.participant, r.factor_id) for r in rows}) == len(rows)
    # Each phone's vote is its own: the remark names the phone, the mark is the one that phone gave.
    assert sorted({(r.remark, r.now) for r in rows}) == sorted((f"telefoon {i}", i % 5 + 1) for i in range(PHONES))

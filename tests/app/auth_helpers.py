"""Accounts for tests: one admin, coaches and managers of two companies, and a logged-in client."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient

from quickscan import programme
from quickscan.auth import add_user
from quickscan.db import transaction

from .survey_helpers import csrf

PASSWORD = "correct horse battery"


@dataclass
class People:
    a: str  # company slugs
    b: str


def make_people(app: Flask) -> People:
    with transaction(app) as s:
        a = programme.add_company(s, "Alfa Bouw", "Twente")
        b = programme.add_company(s, "Beta Zorg", "Rijnmond")
        add_user(s, "admin@example.nl", PASSWORD, "admin")
        add_user(s, "coach-a@example.nl", PASSWORD, "coach", coach_of=[a])
        add_user(s, "coach-b@example.nl", PASSWORD, "coach", coach_of=[b])
        add_user(s, "manager-a@example.nl", PASSWORD, "manager", company=a)
        add_user(s, "manager-b@example.nl", PASSWORD, "manager", company=b)
        return People(a.slug, b.slug)


def log_in(client: FlaskClient, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    page = client.get("/login")
    return client.post("/login", data={"csrf_token": csrf(page), "email": email, "password": password})

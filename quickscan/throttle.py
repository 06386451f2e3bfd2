"""The login throttle: how many password checks a client, and everyone together, may ask for per minute.

A password check costs scrypt's work on purpose (about a second of one core), so a stream of login posts
could use up the server without ever guessing right. Before any hashing, each post that would check a
password counts against two budgets, per minute:

- its **client** (``QUICKSCAN_LOGIN_LIMIT_CLIENT``, default 10): the request's address, as ProxyFix gives it
  behind ``QUICKSCAN_PROXIES`` trusted proxies; an IPv6 address counts for its /64 network, which one
  household or server has as a whole. The key is a keyed digest of that address, never the address;
- **everyone** (``QUICKSCAN_LOGIN_LIMIT_ALL``, default 30): all clients together, so that many addresses
  cannot add up to more hashing than the server can spare. It is counted in steps of 10 seconds, a sixth of
  the budget each (5 by default), so that a minute's checks cannot all arrive at once and keep every worker
  hashing. A client over its own limit does not count here. A browser that brings a valid device cookie of
  the account it logs in to is not held by this budget.

Over a budget, the answer is 429 with ``Retry-After`` (the seconds until the minute or step ends) and no
hashing. The short codes of the QR cards (:mod:`quickscan.short_codes`) are counted the same way, under keys
of their own: :data:`CODE_LIMIT` a minute per client (:func:`admit_code`).
The counts live in the database (``throttle_counts``: one row per key and minute, raised with one atomic
``INSERT … ON CONFLICT DO UPDATE … RETURNING``, SQLite ≥ 3.35 and PostgreSQL), so they hold across app
processes and servers, and in a transaction of their own, so a refused request that is rolled back still
counts. Rows older than the previous minute are deleted as new minutes start. The first time in a minute
that a client, or everyone, goes over, the audit trail gets one ``login.throttled`` event and the log a
warning; further refusals in that minute are counted, not recorded one by one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import logging
import math
from typing import Any

from flask import current_app, request
from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from . import audit
from .db import separate_transaction
from .models import ThrottleCount

#: The overall budget is counted in steps of this many seconds, ``STEPS`` a minute.
STEP_SECONDS = 10
STEPS = 60 // STEP_SECONDS
DEFAULT_LIMIT_CLIENT = 10
DEFAULT_LIMIT_ALL = 30
#: Short codes one client may type in a minute: enough for typing errors, far too few for guessing.
CODE_LIMIT = 10
EVERYONE = "all"
log = logging.getLogger("quickscan")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _minute(now: dt.datetime) -> dt.datetime:
    return now.replace(second=0, microsecond=0)


def _step(now: dt.datetime) -> dt.datetime:
    return now.replace(second=now.second - now.second % STEP_SECONDS, microsecond=0)


def _until(end: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((end - now).total_seconds()))


def client_key() -> str:
    """This request's client as a key: a keyed digest of its address (an IPv6 address: of its /64)."""
    address = request.remote_addr or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        network = address
    else:
        network = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return "client:" + hmac.new(secret, b"throttle|" + network.encode(), hashlib.sha256).hexdigest()[:40]


def _count(own: Session, key: str, window: dt.datetime) -> int:
    """Add one to ``key``'s count in ``window`` and return the new count, in one statement."""
    insert: Any = postgresql.insert if own.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(ThrottleCount)
        .values(key=key, window_start=window, hits=1)
        .on_conflict_do_update(index_elements=["key", "window_start"], set_={"hits": ThrottleCount.hits + 1})
        .returning(ThrottleCount.hits)
    )
    hits = int(own.execute(statement).scalar_one())
    if hits == 1:  # a new minute or step for this key: forget what is older than the minute before
        own.execute(delete(ThrottleCount).where(ThrottleCount.window_start < window - dt.timedelta(minutes=1)))
    return hits


def _over(own: Session, key: str, window: dt.datetime, limit: int, who: str, per: str) -> bool:
    """Count one check for ``key`` in ``window``; True when that goes over ``limit`` (recorded the first time
    a minute)."""
    if _count(own, key, window) <= limit:
        return False
    if _count(own, f"over:{who}", _minute(window)) == 1:
        detail = f"{who}: more than {limit} password checks in {per}; refused until it ends"
        audit.record(own, "login.throttled", detail=detail)
        log.warning("login throttle: %s", detail)
    return True


def admit(session: Session, everyone: bool = True, now: dt.datetime | None = None) -> int:
    """Count one password check for this request's client (and, with ``everyone``, for all clients).

    Returns 0 when the check may go ahead, else the seconds to wait (for ``Retry-After``). Call it before the
    request's own ``session`` writes anything (:func:`quickscan.db.separate_transaction`).
    """
    now = now or _now()
    minute, step = _minute(now), _step(now)
    per_client = int(current_app.config.get("LOGIN_LIMIT_CLIENT", DEFAULT_LIMIT_CLIENT))
    per_step = math.ceil(int(current_app.config.get("LOGIN_LIMIT_ALL", DEFAULT_LIMIT_ALL)) / STEPS)
    with separate_transaction(session) as own:
        if _over(own, client_key(), minute, per_client, "one client", "a minute"):
            return _until(minute + dt.timedelta(minutes=1), now)
        if everyone and _over(own, EVERYONE, step, per_step, "all clients", f"{STEP_SECONDS} seconds"):
            return _until(step + dt.timedelta(seconds=STEP_SECONDS), now)
    return 0


def admit_code(session: Session, now: dt.datetime | None = None) -> int:
    """Count one short code typed by this request's client; 0 when it may be looked up, else the seconds to
    wait (for ``Retry-After``). Call it before the request's own ``session`` writes anything."""
    now = now or _now()
    minute = _minute(now)
    with separate_transaction(session) as own:
        if _count(own, "code:" + client_key(), minute) > CODE_LIMIT:
            return _until(minute + dt.timedelta(minutes=1), now)
    return 0

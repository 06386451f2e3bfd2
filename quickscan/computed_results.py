"""Stored report results: what a job computed (:mod:`quickscan.report_jobs`), kept in the database under the
key of what it was computed from (:mod:`quickscan.report_keys`), so every node serves it without computing.

One row per *scope*: a company's results for its coach and the lead (``company:<pk>:coach``), the same for
its own managers, who see less (``company:<pk>:managers``, ``scoring.anonymity`` rule 6), and a programme's
(``programme:<pk>``). A row is served only while its key is the current key: results of a release that has
been superseded are never shown. And none outlives what it was made of (docs/privacy.md):

* a new release or a withholding of a company's wave deletes that company's rows and its programme's
  (:func:`forget_company`, called by :mod:`quickscan.releases`): the programme's results hold the company's;
* deleting a company deletes its rows (foreign key, ``ON DELETE CASCADE``) and its programme's
  (:func:`forget_company`, called by :mod:`quickscan.retention`);
* retention deletes the rows of every company of the expired programme and the programme's own.

The data is a pickle of the report dataclasses (:mod:`reports.company`, :mod:`reports.programme`), signed
with the app's secret key and a digest of the code that made it (HMAC-SHA256): a row that anyone changed in the
database, one signed with an earlier key, or one computed by another version of ``scoring/`` or ``reports/``, is
never unpickled; it counts as absent and is computed again. Functions here only ``flush()``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import pickle
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import reports
import scoring

from .models import Company, ComputedResult, Region

_SIGNATURE = 32  # bytes of HMAC-SHA256 in front of the pickle


def company_scope(company_pk: int, among_managers: bool) -> str:
    return f"company:{company_pk}:{'managers' if among_managers else 'coach'}"


def programme_scope(programme_pk: int) -> str:
    return f"programme:{programme_pk}"


def pack(value: object, secret: str | bytes) -> bytes:
    """``value`` pickled, with its signature in front."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return _sign(data, secret) + data


def unpack(stored: bytes, secret: str | bytes) -> object | None:
    """What :func:`pack` stored, or None when the signature does not match (changed, or another key)."""
    signature, data = stored[:_SIGNATURE], stored[_SIGNATURE:]
    if len(signature) != _SIGNATURE or not hmac.compare_digest(signature, _sign(data, secret)):
        return None
    value: object = pickle.loads(data)  # signed by this installation's secret key just above
    return value


def _sign(data: bytes, secret: str | bytes) -> bytes:
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, code_fingerprint() + data, hashlib.sha256).digest()


@functools.cache
def code_fingerprint() -> bytes:
    """A digest of the code that computes and holds results (``scoring/``, ``reports/``).

    It is part of every signature, so a row stored by another version of that code counts as absent after an
    upgrade (and on an old node during a rolling one): a fix in the statistics is never hidden behind a result
    computed before it, and a pickle of dataclasses whose fields have changed is never unpickled.
    """
    digest = hashlib.sha256()
    for package in (scoring, reports):
        root = Path(package.__path__[0])
        for path in sorted(root.rglob("*.py")):
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes())
    return digest.digest()


@dataclass(frozen=True)
class Stored:
    """Results served from the database, and when they were computed (UTC, naive)."""

    value: object
    computed_at: dt.datetime


def load(session: Session, scope: str, key: str, secret: str | bytes) -> Stored | None:
    """The stored results of ``scope`` if they were computed for ``key`` (the current one); else None."""
    row = session.execute(
        select(ComputedResult.key, ComputedResult.data, ComputedResult.computed_at).where(ComputedResult.scope == scope)
    ).first()
    if row is None or row.key != key:
        return None
    value = unpack(row.data, secret)
    return None if value is None else Stored(value, row.computed_at)


def store(
    session: Session,
    scope: str,
    key: str,
    value: object,
    secret: str | bytes,
    programme_pk: int,
    company_pk: int | None = None,
    computed_at: dt.datetime | None = None,
) -> dt.datetime:
    """Keep ``value`` as the results of ``scope`` for ``key``, replacing what was kept before; when it was
    computed. Two jobs storing the same scope at once: the second to insert keeps the first's row (a
    savepoint; no error for the caller) - both computed the results of the key they read."""
    when = computed_at or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    data = pack(value, secret)
    session.execute(delete(ComputedResult).where(ComputedResult.scope == scope))
    try:
        with session.begin_nested():
            session.add(
                ComputedResult(
                    scope=scope, company_pk=company_pk, programme_pk=programme_pk, key=key, data=data, computed_at=when
                )
            )
    except IntegrityError:
        pass
    return when


def forget_company(session: Session, company_pk: int) -> None:
    """Delete the stored results of a company (both readers) and of its programme, which hold its results."""
    programme_pk = session.scalar(
        select(Region.programme_pk).join(Company, Company.region_pk == Region.pk).where(Company.pk == company_pk)
    )
    scopes = [] if programme_pk is None else [programme_scope(programme_pk)]
    session.execute(
        delete(ComputedResult).where(or_(ComputedResult.company_pk == company_pk, ComputedResult.scope.in_(scopes)))
    )
    session.flush()


def forget_programme(session: Session, programme_pk: int) -> None:
    """Delete every stored result of a programme: its own and each of its companies'."""
    session.execute(delete(ComputedResult).where(ComputedResult.programme_pk == programme_pk))
    session.flush()

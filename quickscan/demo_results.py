"""The demo's stored report results: the companies of the demo coach's region computed as jobs
(:mod:`quickscan.report_jobs`) right after the demo is made, so their pages open from the store and say when
they were computed ("Berekend op …"). The other companies and the programme are computed when first viewed
(or by ``quickscan report build``), as in a real installation."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from . import report_jobs
from .db import transaction
from .models import Company, Region


def store(app: Flask, region: str) -> int:
    """Compute (or, with a queue, enqueue) the results of the companies of ``region``; how many companies."""
    with transaction(app) as s:
        pks = s.scalars(
            select(Company.pk).join(Region, Company.region_pk == Region.pk).where(Region.name == region)
        ).all()
    jobs = [report_jobs.Job("company", pk) for pk in sorted(pks)]
    if report_jobs.queued(app):
        report_jobs.enqueue(app, jobs, lock=True)
    else:
        for job in jobs:
            report_jobs.run_in_own_transaction(app, job)
    return len(jobs)

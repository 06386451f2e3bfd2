"""The demo's learning circles (docs/learning-circle.md): consent for most companies, one named circle, and
a few actions shared with the circle. Deterministic: the same demo gives the same circles.

* Consent: every company but the last of each region (by name), set by the demo's programme lead the day
  after the baseline closed; in the last region only four companies consent, so its circle reads "te weinig
  bedrijven om te vergelijken".
* A named circle "Zorg in het zuiden": the care companies of Rijnmond and Zuid-Limburg (they leave their
  regions' circles).
* Per region the first action (done or in progress) of the first three companies with a plan is shared with
  the circle; the first of them also lets the circle see its name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import circle_store
from .circle_models import CircleConsent
from .models import Company, FocusArea, Plan, PlanAction, Region

NAMED_CIRCLE = "Zorg in het zuiden"
NAMED_REGIONS = ("Rijnmond", "Zuid-Limburg")
#: How many companies of the last region consent: one short of a band.
FEW = 4


def add(session: Session, regions: Sequence[str], lead_email: str, consent_at: dt.datetime) -> None:
    """Consent, the named circle and the shared actions of the demo (only ``flush()``es)."""
    by_region = {
        name: list(
            session.scalars(
                select(Company)
                .join(Region, Company.region_pk == Region.pk)
                .where(Region.name == name)
                .order_by(Company.name)
            )
        )
        for name in regions
    }
    for i, name in enumerate(regions):
        companies = by_region[name]
        agreeing = companies[:FEW] if i == len(regions) - 1 and len(regions) > 1 else companies[:-1]
        for company in companies:
            session.add(
                CircleConsent(company_pk=company.pk, consent=company in agreeing, set_by=lead_email, set_at=consent_at)
            )
    session.flush()
    care = [c for name in NAMED_REGIONS for c in by_region.get(name, []) if c.sector == "zorg"]
    if len(care) >= 2:
        programme_pk = care[0].region.programme_pk
        circle = circle_store.create_circle(session, programme_pk, NAMED_CIRCLE, care)
        circle.created_at = consent_at
    for name in regions:
        shared = 0
        for company in by_region[name]:
            action = session.scalar(
                select(PlanAction)
                .join(FocusArea, PlanAction.focus_area_pk == FocusArea.pk)
                .join(Plan, FocusArea.plan_pk == Plan.pk)
                .where(Plan.company_pk == company.pk, PlanAction.status.in_(("done", "in_progress")))
                .order_by(FocusArea.position, PlanAction.pk)
                .limit(1)
            )
            if action is None:
                continue
            action.circle_shareable = True
            action.circle_named = shared == 0
            shared += 1
            if shared == 3:
                break
    session.flush()

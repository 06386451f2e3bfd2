"""The benchmarks' database: the demo programme in an instance folder, and copies of it at national scale.

:func:`demo_app` is the set-up ``benchmarks/pages.py``, ``reports.py`` and ``scale.py`` share: an app on
the SQLite file of an instance folder, migrated, with the demo programme made when it is empty (not timed).

:func:`scaled_app` makes a programme ``factor`` times the demo (10: 480 companies, 40: 1,920) by copying the
demo's rows in bulk (``INSERT ... SELECT`` with shifted keys), so each copy has the demo's respondents per
company (20-100 employees, 55-90 % response, a few small companies, plans of approach), in at most
:data:`NATIONAL_REGIONS` labour-market regions (the Netherlands has 35). Copies of a company answer alike;
what a page costs depends on how many companies and respondents it reads, not on what they answered.
The result is kept in the temporary folder, by factor and by a digest of the migrations, the demo and this
file: the next run finds it there.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from sqlalchemy import Table, func, select, text, update  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from quickscan import create_app, demo, migrate  # noqa: E402
from quickscan.db import transaction  # noqa: E402
from quickscan.models import Base, Company, Region  # noqa: E402
from quickscan.programme import slugify  # noqa: E402
from quickscan.questionnaire_store import registry  # noqa: E402

#: Labour-market regions (arbeidsmarktregio's): the demo's six first, then the others.
NATIONAL_REGIONS = (
    *demo.REGIONS,
    "Groningen",
    "Drenthe",
    "Regio Zwolle",
    "Stedendriehoek en Noordwest-Veluwe",
    "Midden-Gelderland",
    "FoodValley",
    "Rijk van Nijmegen",
    "Rivierenland",
    "Amersfoort",
    "Gooi en Vechtstreek",
    "Groot Amsterdam",
    "Zaanstreek/Waterland",
    "Noord-Holland Noord",
    "Zuid-Kennemerland en IJmond",
    "Flevoland",
    "Holland Rijnland",
    "Haaglanden",
    "Midden-Holland",
    "Drechtsteden",
    "Gorinchem",
    "Zeeland",
    "West-Brabant",
    "Midden-Brabant",
    "Noordoost-Brabant",
    "Zuidoost-Brabant",
    "Helmond-De Peel",
    "Noord-Limburg",
    "Midden-Limburg",
    "Zuid-Holland Centraal",
)
#: The tables copied, parents first, and what makes a copied row's unique text unique (``{i}``: the copy).
COPIED = {
    "waves": {},
    "releases": {},
    "invitations": {"token": "'x' || printf('%03d', {i}) || substr(token, 5)"},
    "responses": {},
    "answers": {},
    "users": {"email": "'copy{i}-' || email"},
    "coach_assignments": {},
    "plans": {},
    "focus_areas": {},
    "plan_actions": {},
    "action_steps": {},
    "action_notes": {},
}


def open_app(folder: Path) -> Flask:
    """The app on the SQLite database of instance folder ``folder``, migrated."""
    os.environ["QUICKSCAN_INSTANCE_PATH"] = str(folder)
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'quickscan.sqlite'}", "SECRET_KEY": "benchmark"})
    migrate.upgrade(app)
    return app


def demo_app(folder: Path | None, prefix: str = "qs-bench-") -> Flask:
    """The app on the demo programme in ``folder`` (a new temporary folder when None), made when empty."""
    folder = folder or Path(tempfile.mkdtemp(prefix=prefix))
    app = open_app(folder)
    with transaction(app) as s:
        empty = not s.scalar(select(func.count()).select_from(Company))
    if empty:
        print(f"Making the demo programme in {folder} (not timed) ...", flush=True)
        with transaction(app) as s:
            demo.create(s, registry(app).get("leercultuur-mkb", 1))
    return app


def _digest() -> str:
    parts = [Path(demo.__file__), Path(__file__), *sorted((ROOT / "quickscan" / "migrations").rglob("*.py"))]
    return hashlib.sha256(b"".join(p.read_bytes() for p in parts)).hexdigest()[:12]


def _max_pk(s: Session, table: Table) -> int:
    column = table.c.pk if "pk" in table.c else None
    return int(s.scalar(select(func.max(column))) or 0) if column is not None else 0


def _copy(s: Session, table: Table, i: int, offsets: dict[str, int], unique: dict[str, str]) -> None:
    """Copy ``table``'s original rows as copy ``i``: keys shifted by ``i`` times each table's largest key."""
    names, values = [], []
    for column in table.c:
        names.append(column.name)
        fk = next(iter(column.foreign_keys), None)
        if column.name == "pk":
            values.append(f"pk + {i * offsets[table.name]}")
        elif fk is not None:
            values.append(f"{column.name} + {i * offsets[fk.column.table.name]}")
        elif column.name in unique:
            values.append(unique[column.name].format(i=i))
        else:
            values.append(column.name)
    where = ""
    if "pk" in table.c:
        where = f" WHERE pk <= {offsets[table.name]}"
    elif "company_pk" in table.c:
        where = f" WHERE company_pk <= {offsets['companies']}"
    columns, selected = ", ".join(names), ", ".join(values)
    s.execute(text(f"INSERT INTO {table.name} ({columns}) SELECT {selected} FROM {table.name}{where}"))


def scale_up(app: Flask, factor: int, regions: int = len(NATIONAL_REGIONS)) -> int:
    """Turn the demo programme of ``app`` into ``factor`` copies of it over ``regions`` regions; the number
    of companies."""
    tables = Base.metadata.tables
    with transaction(app) as s:
        offsets = {name: _max_pk(s, tables[name]) for name in ["companies", *COPIED]}
        originals = s.scalars(select(Company).order_by(Company.pk)).all()
        programme_pk = originals[0].region.programme_pk
        rows = []
        for i in range(1, factor):
            for c in originals:
                rows.append(
                    {
                        "pk": c.pk + i * offsets["companies"],
                        "region_pk": c.region_pk,
                        "slug": f"{c.slug}-{i + 1}",
                        "name": f"{c.name} {i + 1}",
                        "sector": c.sector,
                        "size_band": c.size_band,
                        "departments": c.departments,
                        "link_key": c.link_key,
                    }
                )
        if rows:
            s.execute(tables["companies"].insert(), rows)
        for i in range(1, factor):
            for name, unique in COPIED.items():
                _copy(s, tables[name], i, offsets, unique)
        names = NATIONAL_REGIONS[: max(len(demo.REGIONS), min(regions, 6 * factor))]
        known = {r.name: r.pk for r in s.scalars(select(Region).where(Region.programme_pk == programme_pk))}
        for name in names:
            if name not in known:
                region = Region(programme_pk=programme_pk, slug=slugify(name), name=name)
                s.add(region)
                s.flush()
                known[name] = region.pk
        pks = s.scalars(select(Company.pk).order_by(Company.pk)).all()
        for index, pk in enumerate(pks):
            s.execute(update(Company).where(Company.pk == pk).values(region_pk=known[names[index % len(names)]]))
        return len(pks)


def scaled_app(factor: int) -> tuple[Flask, Path]:
    """The app on a programme ``factor`` times the demo, made once and kept in the temporary folder."""
    folder = Path(tempfile.gettempdir()) / "quickscan-bench-scale" / f"x{factor}-{_digest()}"
    if not (folder / "ready").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        start = time.perf_counter()
        app = demo_app(folder)
        n = scale_up(app, factor)
        with transaction(app) as s:
            s.execute(text("ANALYZE"))
        (folder / "ready").write_text(str(n))
        print(f"Made {n} companies in {folder} in {time.perf_counter() - start:.0f} s (not timed)", flush=True)
    return open_app(folder), folder

"""Setting up a programme: companies, waves and invitations. One service for the CLI and the admin pages;
it refuses with :class:`ProgrammeError`, whose message is written for the user (in English for the command
line, in the page's language for the admin pages: :mod:`quickscan.refusals`).

Functions here only ``flush()``; the caller's transaction commits.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaires import ROLES, WAVE_KINDS, Questionnaire, Registry

from . import releases, short_codes, skills_store
from .models import Company, Invitation, Programme, Region, Wave
from .refusals import Refusal

DEFAULT_PROGRAMME = "programma"


class ProgrammeError(Refusal):
    """A request that cannot be carried out; the message says why, in words for the user."""


def slugify(name: str) -> str:
    """``"Bakkerij De Vries B.V."`` → ``"bakkerij-de-vries-b-v"``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:60] or "x"


def _unique_slug(session: Session, base: str) -> str:
    slug, n = base, 1
    while session.scalar(select(func.count()).select_from(Company).where(Company.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def ensure_programme(session: Session, slug: str = DEFAULT_PROGRAMME, name: str = "Programma") -> Programme:
    """The programme ``slug``, created when it does not exist yet."""
    found = session.scalar(select(Programme).where(Programme.slug == slug))
    if found is None:
        found = Programme(slug=slug, name=name)
        session.add(found)
        session.flush()
    return found


def ensure_region(session: Session, prog: Programme, name: str) -> Region:
    """The region ``name`` of ``prog``, created when it does not exist yet."""
    slug = slugify(name)
    found = session.scalar(select(Region).where(Region.programme_pk == prog.pk, Region.slug == slug))
    if found is None:
        found = Region(programme=prog, slug=slug, name=name.strip())
        session.add(found)
        session.flush()
    return found


#: Longest names the database columns hold.
MAX_NAME, MAX_DEPARTMENT, MAX_SECTOR = 200, 100, 100


def check_lengths(name: str, region_name: str, departments: list[str], sector: str | None) -> None:
    """Refuse names longer than their columns, and a department named twice."""
    if len(name) > MAX_NAME or len(region_name.strip()) > MAX_NAME:
        raise ProgrammeError(
            f"A company or region name has at most {MAX_NAME} characters.",
            _l("De naam van een bedrijf of regio heeft hoogstens %(n)s tekens.", n=MAX_NAME),
        )
    if any(len(d) > MAX_DEPARTMENT for d in departments):
        raise ProgrammeError(
            f"A department name has at most {MAX_DEPARTMENT} characters.",
            _l("De naam van een afdeling heeft hoogstens %(n)s tekens.", n=MAX_DEPARTMENT),
        )
    if sector is not None and len(sector) > MAX_SECTOR:
        raise ProgrammeError(
            f"A sector has at most {MAX_SECTOR} characters.",
            _l("Een sector heeft hoogstens %(n)s tekens.", n=MAX_SECTOR),
        )
    if len(set(departments)) != len(departments):
        raise ProgrammeError("A department is named twice.", _l("Een afdeling staat er twee keer in."))


def add_company(
    session: Session,
    name: str,
    region_name: str,
    departments: list[str] | None = None,
    sector: str | None = None,
    size_band: str | None = None,
    programme_slug: str = DEFAULT_PROGRAMME,
) -> Company:
    name = name.strip()
    if not name or not region_name.strip():
        raise ProgrammeError("A company needs a name and a region.", _l("Een bedrijf heeft een naam en een regio."))
    depts = [d.strip() for d in departments or [] if d.strip()]
    check_lengths(name, region_name, depts, sector)
    reg = ensure_region(session, ensure_programme(session, programme_slug), region_name)
    company = Company(
        region=reg,
        name=name,
        slug=_unique_slug(session, slugify(name)),
        departments=depts,
        sector=sector,
        size_band=size_band,
        link_key=secrets.token_hex(32),
    )
    session.add(company)
    session.flush()
    return company


def company_by_slug(session: Session, slug: str) -> Company:
    company = session.scalar(select(Company).where(Company.slug == slug))
    if company is None:
        raise ProgrammeError(f"There is no company {slug!r}; see `quickscan company list`.")
    return company


def refuse_if_closed(company: Company) -> None:
    """Refuse to open a wave, or to print links, in a programme that has been closed.

    Closing a programme closes its waves for good: ``retention apply`` later deletes the responses of its
    used links, and a wave opened again would let those links be used afresh (and print them as unused).
    """
    closed_on = company.region.programme.closed_on
    if closed_on is not None:
        raise ProgrammeError(
            f"The programme of {company.name} was closed on {closed_on.isoformat()}: "
            "its waves stay closed and its links do not work again.",
            _l(
                "Het programma van %(name)s is op %(date)s afgesloten: de metingen blijven dicht en de links "
                "werken niet meer.",
                name=company.name,
                date=closed_on.isoformat(),
            ),
        )


def open_wave(session: Session, company: Company, kind: str, questionnaire: Questionnaire) -> Wave:
    """Open the ``kind`` wave of ``company`` (re-open it if it was closed); not in a closed programme."""
    if kind not in WAVE_KINDS:
        raise ProgrammeError(f"A wave is 'baseline' or 'endline', not {kind!r}.")
    refuse_if_closed(company)
    wave = session.scalar(select(Wave).where(Wave.company_pk == company.pk, Wave.kind == kind))
    if wave is None:
        wave = Wave(
            company=company,
            kind=kind,
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            fingerprint=questionnaire.fingerprint,
            is_open=True,
            opened_on=dt.date.today(),
        )
        session.add(wave)
    elif (wave.questionnaire_id, wave.questionnaire_version) != (questionnaire.id, questionnaire.version):
        used = f"{wave.questionnaire_id}@{wave.questionnaire_version}"
        raise ProgrammeError(
            f"The {kind} of {company.slug} already uses {used}.",
            _l("Deze meting van %(name)s gebruikt al vragenlijst %(used)s.", name=company.name, used=used),
        )
    else:
        wave.is_open, wave.closed_on = True, None
    session.flush()
    return wave


def reopen_wave(session: Session, wave: Wave) -> None:
    """Open a closed ``wave`` again (its unused links work again); not in a closed programme."""
    refuse_if_closed(wave.company)
    wave.is_open, wave.closed_on = True, None
    session.flush()


def wave_of(session: Session, company: Company, kind: str) -> Wave:
    wave = session.scalar(select(Wave).where(Wave.company_pk == company.pk, Wave.kind == kind))
    if wave is None:
        raise ProgrammeError(
            f"{company.slug} has no {kind} wave; open it with `quickscan wave open`.",
            _l("%(name)s heeft deze meting nog niet; open hem eerst.", name=company.name),
        )
    return wave


def close_wave(
    session: Session, wave: Wave, questionnaires: Questionnaire | Registry, day: dt.date | None = None
) -> None:
    """Close ``wave`` on ``day`` (default today): its links stop working, and what was submitted is
    released when the anonymity rules allow it (:func:`quickscan.releases.release`)."""
    wave.is_open, wave.closed_on = False, day or dt.date.today()
    session.flush()
    releases.release(session, wave, questionnaires, wave.closed_on)
    skills_store.snapshot_on_close(session, wave.company, wave.kind)  # the matrix's figures, if it keeps one


#: Links per wave, employees and managers together, unless ``QUICKSCAN_WAVE_LINKS`` sets another number: ten
#: times a company of 100, so a sheet of every link stays quick to print (docs/performance.md) and a slip
#: (``--count`` typed twice, a loop in a script) cannot fill the database.
WAVE_LINKS = 1000


def invite(
    session: Session,
    wave: Wave,
    role: str,
    count: int,
    department: str | None = None,
    wave_links: int = WAVE_LINKS,
) -> list[Invitation]:
    """``count`` new invitations: each a random 256-bit token, URL-safe, whose short code
    (:mod:`quickscan.short_codes`: its first 60 bits) no other invitation has. A wave holds at most
    ``wave_links`` links in all (:data:`WAVE_LINKS`); a request that would pass it makes none."""
    if role not in ROLES:
        raise ProgrammeError(f"An invitation is for 'employee' or 'manager', not {role!r}.")
    if not 1 <= count <= 1000:
        raise ProgrammeError("Invite between 1 and 1000 people at a time.")
    if department is not None and department not in wave.company.departments:
        known = ", ".join(wave.company.departments) or "none"
        raise ProgrammeError(f"{wave.company.slug} has no department {department!r} (known: {known}).")
    refuse_over_cap(session, wave, count, wave_links)
    today = dt.date.today()
    invitations = [
        Invitation(wave=wave, token=_new_token(), role=role, department=department, created_on=today)
        for _ in range(count)
    ]
    while clash := _clashing(session, invitations):  # about once in 2**60 / (links in the database) draws
        for invitation in clash:
            invitation.token = _new_token()
    session.add_all(invitations)
    session.flush()
    return invitations


def refuse_over_cap(session: Session, wave: Wave, count: int, wave_links: int = WAVE_LINKS) -> None:
    """Refuse ``count`` more links for ``wave`` when it would then hold more than ``wave_links``. The wave's
    row is locked first (PostgreSQL), so two requests at once cannot together pass the cap."""
    session.execute(select(Wave.pk).where(Wave.pk == wave.pk).with_for_update())
    made = session.scalar(select(func.count(Invitation.pk)).where(Invitation.wave_pk == wave.pk)) or 0
    if made + count <= wave_links:
        return
    left = max(wave_links - made, 0)
    message = (
        f"Er worden geen links gemaakt: een meting heeft hoogstens {wave_links} links (medewerkers en "
        f"leidinggevenden samen). Deze meting heeft er al {made}; er kunnen er nog {left} bij."
    )
    raise ProgrammeError(
        message,
        _l(
            "Er worden geen links gemaakt: een meting heeft hoogstens %(cap)s links (medewerkers en "
            "leidinggevenden samen). Deze meting heeft er al %(made)s; er kunnen er nog %(left)s bij.",
            cap=wave_links,
            made=made,
            left=left,
        ),
    )


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _clashing(session: Session, invitations: list[Invitation]) -> list[Invitation]:
    """The new invitations whose short code an earlier one (in the database or in the list) has."""
    with session.no_autoflush:  # the new invitations are not in the session yet
        taken = short_codes.taken_prefixes(session, [i.token for i in invitations])
    seen: set[str] = set()
    clash = []
    for invitation in invitations:
        prefix = invitation.token[: short_codes.PREFIX]
        if prefix in taken or prefix in seen:
            clash.append(invitation)
        seen.add(prefix)
    return clash


def token_of(link: str) -> str:
    """The token in a survey link (``https://…/s/<token>/2``) or the token itself."""
    match = re.search(r"/s/([A-Za-z0-9_-]+)", link)
    return match.group(1) if match else link.strip()


def revoke(session: Session, company: Company | None, link: str) -> Invitation:
    """Delete one invitation (and any answers given with it): the link stops working at once.

    With ``company`` given, only an invitation of that company is revoked. For a link that reached the
    wrong person (give the right person a new link), or a respondent who asks for their answers to be
    deleted. When those answers were released, the wave's results are withheld until its next release
    (:func:`quickscan.releases.withhold`): the same results without them would show them.
    """
    invitation = session.scalar(select(Invitation).where(Invitation.token == token_of(link)))
    if invitation is None or (company is not None and invitation.wave.company_pk != company.pk):
        raise ProgrammeError(
            "There is no such invitation" + (f" for {company.name}." if company else "."),
            _l("%(name)s heeft geen uitnodiging met deze link.", name=company.name)
            if company
            else _l("Er is geen uitnodiging met deze link."),
        )
    if invitation.response is not None and invitation.response.release_pk is not None:
        releases.withhold(invitation.wave)
    session.delete(invitation)
    session.flush()
    return invitation

"""The ORM models. Tables are created by migrations (``quickscan db upgrade``), never by ``create_all``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import Base


class QuestionnaireSnapshot(Base):
    """The exact definition of a questionnaire version, kept when it is first registered.

    Responses refer to ``id@version``; this row keeps what was asked under that name, and its
    fingerprint lets the app notice a file on disk that was changed without a new version.
    """

    __tablename__ = "questionnaire_snapshots"
    __table_args__ = (UniqueConstraint("questionnaire_id", "version", name="uq_questionnaire_snapshots_key"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    definition: Mapped[str] = mapped_column(Text)
    registered_on: Mapped[dt.date] = mapped_column(Date)

    @property
    def key(self) -> str:
        return f"{self.questionnaire_id}@{self.version}"


class Programme(Base):
    """A programme (e.g. a province's): regions, companies, coaches. Ids are namespaced by programme."""

    __tablename__ = "programmes"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    closed_on: Mapped[dt.date | None] = mapped_column(Date)

    regions: Mapped[list[Region]] = relationship(
        back_populates="programme", order_by="Region.name", cascade="all, delete-orphan", passive_deletes=True
    )


class Region(Base):
    __tablename__ = "regions"
    __table_args__ = (UniqueConstraint("programme_pk", "slug", name="uq_regions_programme_slug"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_pk: Mapped[int] = mapped_column(ForeignKey("programmes.pk", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))

    programme: Mapped[Programme] = relationship(back_populates="regions")
    companies: Mapped[list[Company]] = relationship(
        back_populates="region", order_by="Company.name", cascade="all, delete-orphan", passive_deletes=True
    )


class Company(Base):
    __tablename__ = "companies"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_pk: Mapped[int] = mapped_column(ForeignKey("regions.pk", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str | None] = mapped_column(String(100))
    size_band: Mapped[str | None] = mapped_column(String(20))
    #: Department names, as a JSON list of strings.
    departments: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Key for the keyed hash of respondents' self-made link codes (never shown, never exported).
    link_key: Mapped[str] = mapped_column(String(64))

    region: Mapped[Region] = relationship(back_populates="companies")
    waves: Mapped[list[Wave]] = relationship(
        back_populates="company", order_by="Wave.kind", cascade="all, delete-orphan", passive_deletes=True
    )


class Wave(Base):
    """One measurement of one company: ``baseline`` or ``endline``, with the questionnaire it uses."""

    __tablename__ = "waves"
    __table_args__ = (
        UniqueConstraint("company_pk", "kind", name="uq_waves_company_kind"),
        CheckConstraint("kind IN ('baseline', 'endline')", name="kind"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    #: Fingerprint of the definition when the wave was opened; a changed file is refused.
    fingerprint: Mapped[str] = mapped_column(String(64))
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    opened_on: Mapped[dt.date] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    #: Set when answers were deleted on request from a released response: the wave's results are withheld
    #: (showing them without that person would show that person's answers) until its next release.
    withheld_since: Mapped[dt.date | None] = mapped_column(Date)

    company: Mapped[Company] = relationship(back_populates="waves")
    releases: Mapped[list[Release]] = relationship(
        back_populates="wave", cascade="all, delete-orphan", passive_deletes=True, order_by="Release.number"
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="wave", cascade="all, delete-orphan", passive_deletes=True
    )


class Release(Base):
    """A release of a wave's results: the submitted responses that every page, PDF and export of the wave
    shows, fixed when the release is made (see :mod:`quickscan.releases` and ``scoring.anonymity`` rule 8).

    Responses submitted after it wait for the next release; a result never moves with one response.
    """

    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("wave_pk", "number", name="uq_releases_wave_number"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.pk", ondelete="CASCADE"), index=True)
    #: 1 for the first release of the wave, then 2, 3…
    number: Mapped[int] = mapped_column(Integer)
    released_on: Mapped[dt.date] = mapped_column(Date)
    #: How many responses this release added.
    responses: Mapped[int] = mapped_column(Integer)

    wave: Mapped[Wave] = relationship(back_populates="releases")


class Invitation(Base):
    """A single-use survey link: a random token (256 bits) for one role, optionally one department."""

    __tablename__ = "invitations"
    __table_args__ = (CheckConstraint("role IN ('employee', 'manager')", name="role"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.pk", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    department: Mapped[str | None] = mapped_column(String(100))
    created_on: Mapped[dt.date] = mapped_column(Date)

    wave: Mapped[Wave] = relationship(back_populates="invitations")
    response: Mapped[Response | None] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", passive_deletes=True
    )


class Response(Base):
    """The answers given through one invitation (at most one: the unique key enforces it).

    Only dates are kept, never an exact time, IP address or user agent.
    """

    __tablename__ = "responses"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    invitation_pk: Mapped[int] = mapped_column(ForeignKey("invitations.pk", ondelete="CASCADE"), unique=True)
    language: Mapped[str] = mapped_column(String(5))
    started_on: Mapped[dt.date] = mapped_column(Date)
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    #: Keyed hash of the respondent's self-made code, to pair baseline and end-line answers.
    link_code: Mapped[str | None] = mapped_column(String(64))
    #: The last page the respondent saved (1-based), to resume there.
    last_page: Mapped[int] = mapped_column(Integer, default=0)
    #: The release whose results include this response; None while it waits for one.
    release_pk: Mapped[int | None] = mapped_column(ForeignKey("releases.pk", ondelete="SET NULL"), index=True)

    invitation: Mapped[Invitation] = relationship(back_populates="response")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(Base):
    """One answer: a scale ``value``, or a ``code`` (a category or "weet ik niet"), or open ``text``."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_pk", "element_id", name="uq_answers_response_element"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_pk: Mapped[int] = mapped_column(ForeignKey("responses.pk", ondelete="CASCADE"))
    element_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[int | None] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")


class User(Base):
    """An account: ``admin`` (programme lead), ``coach`` (assigned companies) or ``manager`` (one company).

    Respondents have no account: they use invitation links.
    """

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'coach', 'manager')", name="role"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))
    #: The company of a manager (None for other roles).
    company_pk: Mapped[int | None] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"))
    #: Failed logins and lock of clients without this user's device cookie (new browsers, strangers).
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: The same for the user's own browsers (a valid device cookie): a stranger cannot lock these.
    device_failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    device_locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: Changes when the password changes, so old sessions stop working.
    session_token: Mapped[str] = mapped_column(String(64))
    #: Someone else (the lead, the command line) set the password: the user must choose their own first.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    company: Mapped[Company | None] = relationship()
    coached: Mapped[list[Company]] = relationship(secondary="coach_assignments", order_by="Company.name")

    # Flask-Login
    is_active = True
    is_anonymous = False
    is_authenticated = True

    def get_id(self) -> str:
        return f"{self.pk}:{self.session_token}"


class LoginSession(Base):
    """One login of an account, checked on every request (:mod:`quickscan.login_sessions`).

    The browser holds a random token; this row only its SHA-256 digest. Logging out or a new password
    deletes the row; so does the check when the login is too old or was idle too long.
    """

    __tablename__ = "login_sessions"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    #: The last request, written at most once a minute (the idle limit counts from it).
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
    #: When the password was last typed in this login (at login, or to confirm an admin action).
    password_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ThrottleCount(Base):
    """How many password checks one key (a client, or everyone) asked for in one minute
    (:mod:`quickscan.throttle`). Rows older than the previous minute are deleted as new ones come."""

    __tablename__ = "throttle_counts"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[dt.datetime] = mapped_column(DateTime, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)


class CoachAssignment(Base):
    __tablename__ = "coach_assignments"

    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk", ondelete="CASCADE"), primary_key=True)
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"), primary_key=True)


class AuditEvent(Base):
    """One thing someone did, for the audit trail (:mod:`quickscan.audit`): appended, never changed.

    Holds who (account id and e-mail, copied so the event outlives the account), what, to which object, and
    a short detail; never survey answers, tokens or passwords.
    """

    __tablename__ = "audit_events"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    actor_pk: Mapped[int | None] = mapped_column(Integer)
    actor_email: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(40))
    object_kind: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(254))
    detail: Mapped[str | None] = mapped_column(String(200))


class Plan(Base):
    """A company's plan of approach (plan van aanpak): one living plan per company, kept up during the
    programme (:mod:`quickscan.plan_store`). It holds no respondent data; it is deleted with its company."""

    __tablename__ = "plans"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    #: When the plan, a focus area, an action, a step or a note last changed (the coach's follow-up).
    touched_at: Mapped[dt.datetime] = mapped_column(DateTime)

    focus_areas: Mapped[list[FocusArea]] = relationship(
        back_populates="plan", order_by="FocusArea.position", cascade="all, delete-orphan", passive_deletes=True
    )


class FocusArea(Base):
    """One dimension of the company's questionnaire that its plan works on, and why."""

    __tablename__ = "focus_areas"
    __table_args__ = (UniqueConstraint("plan_pk", "dimension_id", name="uq_focus_areas_plan_dimension"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_pk: Mapped[int] = mapped_column(ForeignKey("plans.pk", ondelete="CASCADE"), index=True)
    dimension_id: Mapped[str] = mapped_column(String(64))
    why: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[Plan] = relationship(back_populates="focus_areas")
    actions: Mapped[list[PlanAction]] = relationship(
        back_populates="focus_area", order_by="PlanAction.pk", cascade="all, delete-orphan", passive_deletes=True
    )


class PlanAction(Base):
    """One action under a focus area; ``status`` is one of :data:`reports.plan.STATUSES`."""

    __tablename__ = "plan_actions"
    __table_args__ = (CheckConstraint("status IN ('planned', 'in_progress', 'done', 'stopped')", name="status"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    focus_area_pk: Mapped[int] = mapped_column(ForeignKey("focus_areas.pk", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: A role or a manager's name; never anything from survey answers.
    owner: Mapped[str] = mapped_column(String(120), default="")
    start_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    #: Shown to employees on the end-line survey's welcome page ("you said, we did").
    shareable: Mapped[bool] = mapped_column(Boolean, default=False)
    #: It began as one of the questionnaire's suggestions for the focus area's dimension.
    from_suggestion: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Shown to the other companies of the learning circle ("what the others tried"), without the company.
    circle_shareable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: With ``circle_shareable``: the circle may see which company it is.
    circle_named: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    focus_area: Mapped[FocusArea] = relationship(back_populates="actions")
    steps: Mapped[list[ActionStep]] = relationship(
        back_populates="action", order_by="ActionStep.position", cascade="all, delete-orphan", passive_deletes=True
    )
    notes: Mapped[list[ActionNote]] = relationship(
        back_populates="action", order_by="ActionNote.written_at", cascade="all, delete-orphan", passive_deletes=True
    )


class ActionStep(Base):
    """One step of an action's checklist."""

    __tablename__ = "action_steps"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_pk: Mapped[int] = mapped_column(ForeignKey("plan_actions.pk", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(200))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    action: Mapped[PlanAction] = relationship(back_populates="steps")


class ActionNote(Base):
    """A dated note on an action: the follow-up log."""

    __tablename__ = "action_notes"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_pk: Mapped[int] = mapped_column(ForeignKey("plan_actions.pk", ondelete="CASCADE"), index=True)
    written_at: Mapped[dt.datetime] = mapped_column(DateTime)
    #: Who wrote it: the account's display name or e-mail, copied so the note outlives the account.
    author: Mapped[str] = mapped_column(String(254), default="")
    text: Mapped[str] = mapped_column(Text)

    action: Mapped[PlanAction] = relationship(back_populates="notes")


class ComputedResult(Base):
    """A report's results as a job computed them (:mod:`quickscan.report_jobs`), stored under the key of what
    they were computed from (:mod:`quickscan.report_keys`): served while that key stands, deleted when a
    release supersedes it, with the company (cascade) and by retention (:mod:`quickscan.computed_results`)."""

    __tablename__ = "computed_results"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Whose results for which reader: ``company:<pk>:coach``, ``company:<pk>:managers``, ``programme:<pk>``.
    scope: Mapped[str] = mapped_column(String(64), unique=True)
    company_pk: Mapped[int | None] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True, nullable=True
    )
    programme_pk: Mapped[int] = mapped_column(ForeignKey("programmes.pk", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(32))
    #: The report data, pickled and signed with the app's secret key (:func:`quickscan.computed_results.pack`).
    data: Mapped[bytes] = mapped_column(LargeBinary)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime)

"""The records schema: SQLAlchemy 2.0 typed ORM, portable across SQLite and PostgreSQL.

Every timestamp is stored and returned as a timezone-aware UTC datetime (``UTCDateTime``);
dates that rules compare (activity dates, registration dates) are plain UK ``date`` values.
Completions and the audit log are append-only: rows are added and marked, never deleted.
The migrations in ``migrations/versions`` must create exactly this metadata (a test compares).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Names constraints and indexes the same way on every backend, so migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

RUN_OUTCOMES = ("running", "ok", "partial", "failed")
REFLECTION_STATUSES = ("draft", "submitted")
ENTRY_SOURCES = ("moodle", "manual")
# Where a completion's time came from, most exact first: the plugin's exact time, a report's
# time (to the minute), the latest criterion time, or the time the sync first saw it. The
# connector names the same sources (a test keeps the two lists equal).
DATE_SOURCES = ("plugin", "report", "criteria_latest", "observed")
EXACT_SOURCES = frozenset({"plugin", "report"})


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    SQLite has no time zones, so values are written as naive UTC and read back with UTC attached;
    PostgreSQL stores ``timestamp with time zone``. A naive datetime is refused on write, because
    guessing its zone is how a completion ends up on the wrong registration year.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given; pass a timezone-aware value")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime(),
        dict[str, Any]: sa.JSON(),
        list[Any]: sa.JSON(),
        list[str]: sa.JSON(),
    }


class SiteRow(Base):
    """One Moodle site; a database may hold several."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(500), unique=True)
    sitename: Mapped[str] = mapped_column(sa.String(500), default="")
    release: Mapped[str] = mapped_column(sa.String(200), default="")
    version: Mapped[str] = mapped_column(sa.String(50), default="")
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    # Digest of the roster definition ([workers]) the last catalogue refresh followed; None
    # when it followed course enrolments. A different roster makes the next run refresh.
    roster_digest: Mapped[str | None] = mapped_column(sa.String(64))


class WorkerRow(Base):
    """A worker: a Moodle user the sync found, with the profile facts the rules need, or a
    person the HR roster lists whom no Moodle account matches (``moodle_id`` None).

    ``on_roster`` says whether reports show them: with a roster ([workers]), only those the
    last roster read named; a worker taken off is kept with everything held about them.
    ``roster_sources`` says what named them (``cohort SW-REGISTERED``, ``roster.csv:14``).
    """

    __tablename__ = "workers"
    __table_args__ = (sa.UniqueConstraint("site_id", "moodle_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id"), index=True)
    moodle_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    username: Mapped[str] = mapped_column(sa.String(255), index=True)
    email: Mapped[str] = mapped_column(sa.String(320), index=True)
    idnumber: Mapped[str] = mapped_column(sa.String(255), default="", index=True)
    firstname: Mapped[str] = mapped_column(sa.String(255), default="")
    lastname: Mapped[str] = mapped_column(sa.String(255), default="")
    fullname: Mapped[str] = mapped_column(sa.String(500), default="")
    swe_number_raw: Mapped[str | None] = mapped_column(sa.String(100))
    swe_number: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    registered_on: Mapped[date | None]
    role: Mapped[str | None] = mapped_column(sa.String(100))
    team: Mapped[str | None] = mapped_column(sa.String(255), index=True)
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    suspended: Mapped[bool] = mapped_column(default=False)
    left: Mapped[bool] = mapped_column(default=False)
    on_roster: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    roster_sources: Mapped[list[str]] = mapped_column(default=list, server_default="[]")
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    # Set when the worker's records were erased (records/privacy.py): the row stays, without
    # personal data, so a later sync never brings their data back.
    erased_at: Mapped[datetime | None]

    site: Mapped[SiteRow] = relationship()


class CategoryRow(Base):
    __tablename__ = "categories"
    __table_args__ = (sa.UniqueConstraint("site_id", "moodle_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id"), index=True)
    moodle_id: Mapped[int] = mapped_column(sa.BigInteger)
    name: Mapped[str] = mapped_column(sa.String(500))
    parent: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    path: Mapped[str] = mapped_column(sa.Text, default="")


class CourseRow(Base):
    __tablename__ = "courses"
    __table_args__ = (sa.UniqueConstraint("site_id", "moodle_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id"), index=True)
    moodle_id: Mapped[int] = mapped_column(sa.BigInteger)
    shortname: Mapped[str] = mapped_column(sa.String(255))
    fullname: Mapped[str] = mapped_column(sa.String(1000))
    idnumber: Mapped[str] = mapped_column(sa.String(255), default="")
    category_moodle_id: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    category_path: Mapped[str] = mapped_column(sa.Text, default="")
    # Moodle's course summary (HTML), for the SWE-form export's description of a piece of CPD.
    summary: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    tags: Mapped[list[str]] = mapped_column(default=list)
    customfields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    visible: Mapped[bool | None]
    enablecompletion: Mapped[bool | None]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    # Set by the first complete course list that left the course out (deleted in Moodle, or
    # hidden from the token); cleared when Moodle lists it again. Its completions and CPD
    # entries stay: the learning happened.
    missing_since: Mapped[datetime | None]

    site: Mapped[SiteRow] = relationship()


class CompletionRow(Base):
    """A course completion Moodle reported. Append-only: a reset is a mark, never a delete."""

    __tablename__ = "completions"
    __table_args__ = (sa.UniqueConstraint("site_id", "worker_id", "course_id", "timecompleted"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id"), index=True)
    worker_id: Mapped[int] = mapped_column(sa.ForeignKey("workers.id"), index=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), index=True)
    timecompleted: Mapped[int] = mapped_column(sa.BigInteger)  # Unix seconds, as Moodle gave it
    date_source: Mapped[str] = mapped_column(sa.String(30))
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    reset_observed_at: Mapped[datetime | None]

    worker: Mapped[WorkerRow] = relationship()
    course: Mapped[CourseRow] = relationship()


class CpdEntryRow(Base):
    """A piece of CPD: derived from one completion through the mappings, or added by hand.

    Never deleted (it may carry a reflection): an entry whose course stops being mapped, or whose
    completion is superseded by a more exact one, is marked retired instead.
    """

    __tablename__ = "cpd_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(sa.ForeignKey("workers.id"), index=True)
    completion_id: Mapped[int | None] = mapped_column(sa.ForeignKey("completions.id"), unique=True)
    source: Mapped[str] = mapped_column(sa.String(20))  # moodle | manual
    title: Mapped[str] = mapped_column(sa.String(1000))
    activity_date: Mapped[date]  # UK (Europe/London) date
    hours: Mapped[float | None]
    cpd_type: Mapped[str] = mapped_column(sa.String(50))
    capabilities: Mapped[list[str]] = mapped_column(default=list)
    satisfies: Mapped[list[str]] = mapped_column(default=list)
    reflection_included: Mapped[bool] = mapped_column(default=False)
    peer_reflection_included: Mapped[bool] = mapped_column(default=False)
    rule_location: Mapped[str | None] = mapped_column(sa.Text)
    derived_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    retired_at: Mapped[datetime | None]
    retired_reason: Mapped[str | None] = mapped_column(sa.Text)

    worker: Mapped[WorkerRow] = relationship()
    completion: Mapped[CompletionRow | None] = relationship()
    reflection: Mapped[ReflectionRow | None] = relationship(back_populates="entry")
    declaration: Mapped[EntryDeclarationRow | None] = relationship(back_populates="entry")


class ReflectionRow(Base):
    """The worker's reflection on one CPD entry; one per entry, edited in place (audited)."""

    __tablename__ = "reflections"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("cpd_entries.id"), unique=True)
    learnt: Mapped[str] = mapped_column(sa.Text)
    impact: Mapped[str] = mapped_column(sa.Text)
    peer_reflection: Mapped[str | None] = mapped_column(sa.Text)
    peer_role: Mapped[str | None] = mapped_column(sa.String(255))
    status: Mapped[str] = mapped_column(sa.String(20))  # draft | submitted
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    entry: Mapped[CpdEntryRow] = relationship(back_populates="reflection")


class EntryDeclarationRow(Base):
    """The worker's declaration that a CPD entry is recorded on their SWE account (with its
    peer reflection, when ``peer_recorded_on_swe``); one per entry, edited in place (audited).
    Withdrawing it sets both flags false; the row and its audit trail stay."""

    __tablename__ = "entry_declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("cpd_entries.id"), unique=True)
    recorded_on_swe: Mapped[bool] = mapped_column(default=False)
    peer_recorded_on_swe: Mapped[bool] = mapped_column(default=False)
    declared_by: Mapped[str] = mapped_column(sa.String(255))
    declared_at: Mapped[datetime]

    entry: Mapped[CpdEntryRow] = relationship(back_populates="declaration")


class RenewalDeclarationRow(Base):
    """The worker's declaration that their renewal for a registration year is submitted (the
    CPD recorded on SWE, the application form sent, the fee paid). Withdrawing it sets
    ``submitted`` false; the row and its audit trail stay."""

    __tablename__ = "renewal_declarations"
    __table_args__ = (sa.UniqueConstraint("worker_id", "registration_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(sa.ForeignKey("workers.id"), index=True)
    registration_year: Mapped[str] = mapped_column(sa.String(20))  # e.g. 2025-26
    submitted: Mapped[bool] = mapped_column(default=True)
    declared_by: Mapped[str] = mapped_column(sa.String(255))
    declared_at: Mapped[datetime]


class SyncRunRow(Base):
    __tablename__ = "sync_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sites.id"), index=True)
    site_url: Mapped[str] = mapped_column(sa.String(500))
    started: Mapped[datetime] = mapped_column(index=True)
    finished: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(sa.String(20))  # running | ok | partial | failed
    strategy: Mapped[str] = mapped_column(sa.String(30))
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    calls: Mapped[dict[str, Any]] = mapped_column(default=dict)
    warnings: Mapped[list[Any]] = mapped_column(default=list)
    error: Mapped[str | None] = mapped_column(sa.Text)


class CursorRow(Base):
    """Where a strategy resumes on a site; only ever moves forward."""

    __tablename__ = "cursors"
    __table_args__ = (sa.UniqueConstraint("site_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id"))
    name: Mapped[str] = mapped_column(sa.String(100))
    value: Mapped[str] = mapped_column(sa.String(200))
    updated: Mapped[datetime]


class AuditRow(Base):
    """Append-only: who changed which CPD entry or reflection, when, from what to what."""

    __tablename__ = "audit_log"
    __table_args__ = (sa.Index(None, "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(50))
    entity_id: Mapped[int] = mapped_column(sa.BigInteger)
    action: Mapped[str] = mapped_column(sa.String(50))
    actor: Mapped[str] = mapped_column(sa.String(255))
    at: Mapped[datetime]
    before: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON())
    after: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON())


REMINDER_STATUSES = ("sending", "sent", "refused")


class ReminderSentRow(Base):
    """One reminder sent to one worker for one threshold of one registration year; never twice.

    Written as "sending" and committed before the Moodle call, then marked "sent" or "refused":
    a row left "sending" (cpdsync stopped mid-call) is never sent again automatically.
    """

    __tablename__ = "reminders_sent"
    __table_args__ = (sa.UniqueConstraint("worker_id", "registration_year", "threshold"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(sa.ForeignKey("workers.id"))
    registration_year: Mapped[str] = mapped_column(sa.String(20))  # e.g. 2025-26
    threshold: Mapped[str] = mapped_column(sa.String(50))  # e.g. 30d, window-open, digest-30d
    sent_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(sa.String(50), default="moodle")
    detail: Mapped[str | None] = mapped_column(sa.Text)  # Moodle's msgid or refusal message
    status: Mapped[str] = mapped_column(sa.String(20), default="sent", server_default="sent")

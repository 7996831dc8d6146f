"""The values records are written from and read back as: plain fields, already normalised.

The sync (cpdsync/app/) turns what Moodle reported into these values, and turns them back into
its own types when it reads a held catalogue; records stores them as given and never
interprets a Moodle reply, a profile field or a mapping rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class SiteValues:
    """One Moodle site, by URL (stored without a trailing slash)."""

    url: str
    sitename: str
    release: str
    version: str


@dataclass(frozen=True)
class CategoryValues:
    """One course category and its path of names (``Safeguarding / Children``)."""

    moodle_id: int
    name: str
    parent: int
    path: str


@dataclass(frozen=True)
class CourseValues:
    """One course; ``idnumber``, ``visible`` and ``enablecompletion`` are None when not known
    (Moodle withheld them), which keeps what is held."""

    moodle_id: int
    shortname: str
    fullname: str
    idnumber: str | None
    category_moodle_id: int
    visible: bool | None
    enablecompletion: bool | None
    tags: tuple[str, ...] = ()
    customfields: dict[str, str] = field(default_factory=dict)
    summary: str = ""  # Moodle's course summary (HTML as Moodle gives it)


@dataclass(frozen=True)
class WorkerValues:
    """One worker as stored: names, the normalised SWE number (``SW104455``) beside the raw one,
    the UK date they joined the register, role, team and the profile fields as given."""

    moodle_id: int
    username: str
    email: str
    idnumber: str
    firstname: str
    lastname: str
    fullname: str
    suspended: bool
    swe_number_raw: str | None = None
    swe_number: str | None = None
    registered_on: date | None = None
    role: str | None = None
    team: str | None = None
    profile: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RosterOnlyValues:
    """A person the HR roster lists whom no Moodle account matches: stored as a worker without
    a Moodle id, named by ``source`` (``roster.csv:14``). Found again by idnumber or email."""

    email: str
    idnumber: str
    fullname: str
    team: str | None
    role: str | None
    source: str

    def identities(self) -> list[str]:
        """Return what identifies the person across roster reads."""
        return roster_keys(self.email, self.idnumber)


def roster_keys(email: str | None, idnumber: str | None) -> list[str]:
    """Return what identifies an HR roster row, most telling first: its idnumber and its email
    (any case), where given; a row found again by either is the same person."""
    keys = [f"idnumber:{idnumber.strip().casefold()}"] if idnumber and idnumber.strip() else []
    if email and email.strip():
        keys.append(f"email:{email.strip().casefold()}")
    return keys


@dataclass(frozen=True)
class CompletionValues:
    """A worker completed a course at ``timecompleted`` (Unix seconds); ``date_source`` is one
    of ``schema.DATE_SOURCES``."""

    worker_moodle_id: int
    course_moodle_id: int
    timecompleted: int
    date_source: str


@dataclass(frozen=True)
class HeldCourse:
    """A stored course with its row id and category path, as a reader sees it;
    ``missing_since`` is when a complete course list first left it out (None: listed)."""

    row_id: int
    moodle_id: int
    shortname: str
    fullname: str
    idnumber: str
    category_moodle_id: int
    category_path: str
    visible: bool | None
    enablecompletion: bool | None
    tags: tuple[str, ...] = ()
    customfields: dict[str, str] = field(default_factory=dict)
    site_url: str | None = None  # base URL of the course's Moodle site, for links to it
    missing_since: datetime | None = None


@dataclass(frozen=True)
class DerivedEntryValues:
    """What a CPD entry derived from a completion says; the rule that gave it is named by
    ``rule_location`` (``file:line``) for the audit log."""

    title: str
    activity_date: date
    hours: float | None
    cpd_type: str
    capabilities: tuple[str, ...]
    satisfies: tuple[str, ...]
    reflection_included: bool
    peer_reflection_included: bool
    rule_location: str | None


def column_values(values: object, *, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """Return the fields of a values dataclass as column values (tuples as JSON lists, dicts
    copied), without the fields named in ``leave_out``."""
    columns: dict[str, Any] = {}
    for item in fields(values):  # type: ignore[arg-type]
        if item.name in leave_out:
            continue
        value = getattr(values, item.name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = dict(value)
        columns[item.name] = value
    return columns

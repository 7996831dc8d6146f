"""Plain inputs of the readiness engine. The app builds them from the records
(cpdsync/app/readiness_inputs.py); the engine never does I/O.

What counts is decided here, in ``CpdItem.reflected`` and ``CpdItem.peer_reflected``: only the
worker's own submitted words or their declaration that the piece is recorded on their Social
Work England (SWE) account. A mapping rule's ``reflection: included`` / ``peer_reflection:
true`` only *prompt* a reflection (``prompts_reflection``, ``prompts_peer``): they word the gaps
and rank suggestions, and satisfy nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

CpdSource = Literal["moodle", "manual"]
# framework id -> its item ids in framework order, e.g. {"KSS-CF": ["KSS-CF-1", …]}. Built by
# the caller from cpdsync.mappings.load_frameworks() so readiness does not depend on its type.
FrameworkItems = Mapping[str, Sequence[str]]
ReflectionState = Literal["none", "draft", "submitted"]


@dataclass(frozen=True)
class WorkerInfo:
    key: int  # the worker's database id
    email: str
    name: str
    idnumber: str
    swe_number: str | None  # normalised (e.g. SW123456), None when missing or unreadable
    role: str | None  # role id from the mappings
    team: str | None
    # The day the worker joined the SWE register, or was last restored to it (profile field).
    registered_on: date | None
    suspended: bool  # Moodle account suspended
    left: bool  # no active enrolment and suspended or marked left
    moodle_id: int | None = None  # None for a roster worker with no Moodle account
    site: str | None = None  # base URL of the worker's Moodle site
    # False for a worker the HR roster lists whom no Moodle account matches (``moodle_id`` is
    # then None too); ``roster_sources`` says what put the worker on the roster
    # (``cohort SW-REGISTERED``, ``roster.csv:14``).
    moodle_account: bool = True
    roster_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class CpdItem:
    """One piece of CPD activity: a mapped Moodle completion or an entry added by hand, with
    what the worker wrote or declared about it."""

    entry_id: int
    title: str
    activity_date: date  # UK date (Europe/London) of the completion or activity
    hours: float | None
    cpd_type: str
    capabilities: tuple[str, ...]
    satisfies: tuple[str, ...]
    source: CpdSource
    courseid: int | None = None
    reflection: ReflectionState = "none"  # the worker's written reflection
    peer_written: bool = False  # that reflection holds a peer reflection
    recorded_on_swe: bool = False  # declared: recorded on the worker's SWE account
    peer_recorded_on_swe: bool = False  # declared: recorded there with a peer reflection
    prompts_reflection: bool = False  # the course asks for a written reflection
    prompts_peer: bool = False  # the course is a peer discussion (e.g. a reflective group)
    # The reflection's text, submitted or draft, for `cpdsync export` (SWE's form asks for
    # each part); empty when there is none.
    learnt: str = ""
    impact: str = ""
    peer_reflection: str = ""
    peer_role: str = ""
    # The Moodle course's own summary (HTML), for the SWE export's description; "" for CPD
    # added by hand or a course read before summaries were kept.
    course_summary: str = ""

    @property
    def reflected(self) -> bool:
        """The worker submitted a reflection on it, or declared it recorded on SWE."""
        return self.reflection == "submitted" or self.recorded_on_swe or self.peer_recorded_on_swe

    @property
    def peer_reflected(self) -> bool:
        """Reflected, with a peer reflection the worker wrote (and submitted) or declared."""
        written = self.reflection == "submitted" and self.peer_written
        return self.reflected and (written or self.peer_recorded_on_swe)

    @property
    def has_draft_reflection(self) -> bool:
        return self.reflection == "draft"


@dataclass(frozen=True)
class CourseOffer:
    """A course a worker could take to close a gap, with what its mapping rule gives."""

    courseid: int
    shortname: str
    fullname: str
    capabilities: tuple[str, ...]
    satisfies: tuple[str, ...]
    cpd_type: str
    reflection_included: bool  # the rule says the course prompts a written reflection
    peer_reflection: bool  # the rule says the course is a peer discussion
    hours: float | None
    available: bool = True  # visible and completion enabled
    site: str | None = None  # base URL of the course's Moodle site, for its link

    @property
    def url(self) -> str | None:
        """The course's page in Moodle, or None when its site is not known."""
        return f"{self.site}/course/view.php?id={self.courseid}" if self.site else None


@dataclass(frozen=True)
class RenewalDeclaration:
    """The worker's declaration that their renewal for a registration year is submitted."""

    year: str  # registration year label, e.g. 2025-26
    declared_on: date  # UK date
    declared_by: str


@dataclass(frozen=True)
class ReadinessInput:
    worker: WorkerInfo
    cpd: tuple[CpdItem, ...]
    unmapped_completions: int = 0
    # Renewals declared submitted (and not withdrawn), by registration year label.
    renewals: Mapping[str, RenewalDeclaration] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadinessPolicy:
    """The council's thresholds for the statuses (config section ``[readiness]``)."""

    # at_risk when a statutory gap is open and fewer days than this remain to the deadline
    # (91: from 1 September, when 90 days remain).
    at_risk_days: int = 91
    # After a missed deadline, how many days the new year's report leads with it.
    missed_notice_days: int = 31

"""Plain inputs of the readiness engine. The records layer builds them from the database
(cpdsync/app/readiness_inputs.py); the engine never does I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

CpdSource = Literal["moodle", "manual"]


@dataclass(frozen=True)
class WorkerInfo:
    key: int  # the worker's database id
    email: str
    name: str
    idnumber: str
    swe_number: str | None  # normalised (e.g. SW123456), None when missing or unreadable
    role: str | None  # role id from the mappings
    team: str | None
    registered_on: date | None  # joined the SWE register, from the profile field
    suspended: bool  # Moodle account suspended
    left: bool  # no active enrolment and suspended or marked left


@dataclass(frozen=True)
class CpdItem:
    """One piece of CPD activity: a mapped Moodle completion or an entry added by hand.

    ``reflected``/``peer_reflected`` already apply what counts (docs/readiness.md): a submitted
    reflection written by the worker, or a rule saying the course collects one
    (``reflection: included`` / ``peer_reflection: true``). A draft reflection does not count.
    """

    entry_id: int
    title: str
    activity_date: date  # UK date (Europe/London) of the completion or activity
    hours: float | None
    cpd_type: str
    capabilities: tuple[str, ...]
    satisfies: tuple[str, ...]
    reflected: bool
    peer_reflected: bool
    source: CpdSource
    courseid: int | None = None
    has_draft_reflection: bool = False
    # The reflection's text, submitted or draft (``has_draft_reflection`` tells which), for
    # `cpdsync export` (SWE's form asks for each part); empty when there is none or the course
    # collected it in Moodle.
    learnt: str = ""
    impact: str = ""
    peer_reflection: str = ""
    peer_role: str = ""
    # The Moodle course's own summary (HTML), for the SWE export's description; "" for CPD
    # added by hand or a course read before summaries were kept.
    course_summary: str = ""


@dataclass(frozen=True)
class CourseOffer:
    """A course a worker could take to close a gap, with what its mapping rule gives."""

    courseid: int
    shortname: str
    fullname: str
    capabilities: tuple[str, ...]
    satisfies: tuple[str, ...]
    cpd_type: str
    reflection_included: bool
    peer_reflection: bool
    hours: float | None
    available: bool = True  # visible and completion enabled


@dataclass(frozen=True)
class ReadinessInput:
    worker: WorkerInfo
    cpd: tuple[CpdItem, ...]
    unmapped_completions: int = 0

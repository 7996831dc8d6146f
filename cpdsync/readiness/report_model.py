"""The readiness report: pydantic models whose JSON is the readiness contract, version 2
(docs/readiness.md, docs/readiness.schema.json).

Only the contract's fields serialise. Each worker also carries a ``detail`` (their CPD list,
requirements and framework coverage) for the text, HTML and export views; it is excluded
from the JSON so the contract stays exactly as documented (docs/readiness.schema.json).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["ready", "at_risk", "not_ready", "exempt"]
Severity = Literal["statutory", "local", "info"]
GapCode = Literal[
    "SWE_CPD_COUNT",
    "SWE_CPD_REFLECTION",
    "SWE_PEER_REFLECTION",
    "SWE_NUMBER_MISSING",
    "MANDATORY_EXPIRED",
    "MANDATORY_EXPIRING",
    "MANDATORY_MISSING",
    "KSS_COVERAGE",
    "FRAMEWORK_SUPERSEDED",
    "UNMAPPED_COMPLETIONS",
]

# Which gaps block renewal (statutory), which are council policy or data (local); the table of
# gaps in docs/readiness.md says the same.
SEVERITY: dict[str, Severity] = {
    "SWE_CPD_COUNT": "statutory",
    "SWE_CPD_REFLECTION": "statutory",
    "SWE_PEER_REFLECTION": "statutory",
    "SWE_NUMBER_MISSING": "local",
    "MANDATORY_EXPIRED": "local",
    "MANDATORY_EXPIRING": "local",
    "MANDATORY_MISSING": "local",
    "KSS_COVERAGE": "local",
    "FRAMEWORK_SUPERSEDED": "local",
    "UNMAPPED_COMPLETIONS": "info",
}
GAP_ORDER: tuple[str, ...] = tuple(SEVERITY)

STATUS_LABELS: dict[str, str] = {
    "ready": "Ready",
    "at_risk": "At risk",
    "not_ready": "Not ready",
    "exempt": "Exempt",
}


def plural(count: int, one: str, many: str | None = None) -> str:
    """Return ``1 day``, ``2 days``: a count with its noun, as gap messages and views word it."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegistrationYearOut(_Model):
    label: str
    start: date
    end: date


class WorkerOut(_Model):
    email: str
    name: str
    idnumber: str
    swe_number: str | None
    role: str | None


class CpdCounts(_Model):
    activities: int
    reflected: int
    peer_reflected: int
    required: int
    peer_required: int


class Gap(_Model):
    code: GapCode
    severity: Severity
    message: str
    suggested_courses: list[str] = Field(default_factory=list)


class EntryView(_Model):
    """One CPD entry as the worker sees it; ``counts`` is True when dated in the year."""

    entry_id: int
    title: str
    activity_date: date
    cpd_type: str
    hours: float | None
    capabilities: tuple[str, ...]
    reflected: bool
    peer_reflected: bool
    has_draft_reflection: bool
    source: str
    counts: bool
    learnt: str = ""
    impact: str = ""
    peer_reflection: str = ""
    peer_role: str = ""
    course_summary: str = ""


class RequirementView(_Model):
    id: str
    title: str
    last_done: date | None
    expires: date | None  # None: never expires once done, or never done
    state: Literal["valid", "expiring", "expired", "missing"]


class CoverageView(_Model):
    framework: str
    min_items: int
    window: str
    window_start: date  # first day of the rolling window (inclusive)
    covered: tuple[str, ...]
    uncovered: tuple[str, ...]


class WorkerDetail(_Model):
    key: int
    team: str | None
    suspended: bool
    registered_on: date | None
    entries: tuple[EntryView, ...] = ()
    requirements: tuple[RequirementView, ...] = ()
    coverage: CoverageView | None = None


class WorkerReadiness(_Model):
    worker: WorkerOut
    status: Status
    cpd: CpdCounts
    gaps: list[Gap]
    detail: WorkerDetail = Field(exclude=True)

    @property
    def statutory_gaps(self) -> list[Gap]:
        return [gap for gap in self.gaps if gap.severity == "statutory"]


class ReadinessReport(_Model):
    as_of: date
    registration_year: RegistrationYearOut
    deadline: date
    days_to_deadline: int
    workers: list[WorkerReadiness]

    def has_statutory_gaps(self) -> bool:
        return any(w.statutory_gaps for w in self.workers)

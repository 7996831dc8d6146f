"""The readiness report: pydantic models whose JSON is the readiness contract, schema 2
(docs/readiness.md). docs/readiness.schema.json is generated from these models
(`make docs`, cpdsync/render/readiness_schema.py) and a test keeps it current.

Only the contract's fields serialise. Each worker also carries a ``detail`` (their CPD list,
requirements, framework coverage, declarations) for the text, HTML and export views; it is
excluded from the JSON, so the contract stays exactly the generated schema.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Status = Literal["missed", "at_risk", "in_progress", "ready", "submitted", "exempt"]
Severity = Literal["statutory", "renewal", "local", "info"]
Outcome = Literal["met", "missed", "submitted", "exempt"]
GapCode = Literal[
    "SWE_RENEWAL_MISSED",
    "SWE_CPD_COUNT",
    "SWE_CPD_REFLECTION",
    "SWE_PEER_REFLECTION",
    "SWE_RENEWAL_STEPS",
    "SWE_NUMBER_MISSING",
    "ROSTER_NO_MOODLE_ACCOUNT",
    "MANDATORY_EXPIRED",
    "MANDATORY_EXPIRING",
    "MANDATORY_MISSING",
    "KSS_COVERAGE",
    "FRAMEWORK_SUPERSEDED",
    "UNMAPPED_COMPLETIONS",
]

# Each gap's severity, in the order a worker's gaps are listed: what ends a registration first,
# then the renewal steps, then council policy and data (local), then information. The table of
# gaps in docs/readiness.md says the same.
SEVERITY: dict[str, Severity] = {
    "SWE_RENEWAL_MISSED": "statutory",
    "SWE_CPD_COUNT": "statutory",
    "SWE_CPD_REFLECTION": "statutory",
    "SWE_PEER_REFLECTION": "statutory",
    "SWE_RENEWAL_STEPS": "renewal",
    "SWE_NUMBER_MISSING": "local",
    "ROSTER_NO_MOODLE_ACCOUNT": "local",
    "MANDATORY_EXPIRED": "local",
    "MANDATORY_EXPIRING": "local",
    "MANDATORY_MISSING": "local",
    "KSS_COVERAGE": "local",
    "FRAMEWORK_SUPERSEDED": "local",
    "UNMAPPED_COMPLETIONS": "info",
}
GAP_ORDER: tuple[str, ...] = tuple(SEVERITY)

# Most urgent first: team views sort by this order, then days left, then name.
STATUS_ORDER: tuple[Status, ...] = (
    "missed",
    "at_risk",
    "in_progress",
    "ready",
    "submitted",
    "exempt",
)
STATUS_LABELS: dict[str, str] = {
    "missed": "Missed",
    "at_risk": "At risk",
    "in_progress": "In progress",
    "ready": "Ready",
    "submitted": "Submitted",
    "exempt": "Exempt",
}
OUTCOME_LABELS: dict[str, str] = {
    "met": "CPD met",
    "missed": "missed",
    "submitted": "renewal submitted",
    "exempt": "exempt",
}


def plural(count: int, one: str, many: str | None = None) -> str:
    """Return ``1 day``, ``2 days``: a count with its noun, as gap messages and views word it."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


class _Model(BaseModel):
    # Every field is always written, so the generated schema marks every field required.
    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_serialization_defaults_required=True
    )


class RegistrationYearOut(_Model):
    label: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$", description="e.g. 2025-26")
    start: date = Field(description="1 December (2 December in 2019-20)")
    end: date = Field(description="30 November: the last day CPD may be dated")
    rules_provisional: bool = Field(
        default=False,
        description="True when Social Work England may still change this year's CPD rule; "
        "provisional_note says why.",
    )
    provisional_note: str | None = Field(
        default=None, description="Shown to workers when rules_provisional is true."
    )


class WorkerOut(_Model):
    email: str
    name: str
    idnumber: str = Field(description="Staff number; empty when none is held.")
    swe_number: str | None = Field(
        description="Normalised, e.g. SW123456; null when missing (gap SWE_NUMBER_MISSING)."
    )
    role: str | None = Field(description="Role id from the mapping files; null when none.")
    team: str | None = Field(default=None, description="Team, from the Moodle profile.")
    moodle_id: int | None = Field(
        default=None, description="Moodle user id; null for a worker with no Moodle account."
    )
    site: str | None = Field(default=None, description="Base URL of the worker's Moodle site.")


class PreviousYear(_Model):
    label: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$")
    outcome: Outcome = Field(
        description="As of that year's deadline: submitted (renewal declared), exempt (joined "
        "or restored on or after 1 September of it, or later), met (CPD rule met, renewal "
        "not declared) or missed (rule not met and no renewal declared)."
    )


class CpdCounts(_Model):
    activities: int = Field(ge=0, description="Distinct pieces of CPD dated in the year.")
    reflected: int = Field(
        ge=0, description="Pieces with the worker's submitted reflection or declared on SWE."
    )
    peer_reflected: int = Field(ge=0, description="Reflected pieces with a peer reflection.")
    required: int = Field(ge=0)
    peer_required: int = Field(ge=0)


class SuggestedCourse(_Model):
    id: int = Field(description="Moodle course id.")
    name: str
    url: str | None = Field(description="The course's page in Moodle; null if the site is unknown.")


def _severity_by_code(schema: dict[str, Any]) -> None:
    # Each code has one severity (SEVERITY); the schema says so, code by code.
    schema["allOf"] = [
        {
            "if": {"properties": {"code": {"const": code}}},
            "then": {"properties": {"severity": {"const": severity}}},
        }
        for code, severity in SEVERITY.items()
    ]


class Gap(_Model):
    model_config = ConfigDict(json_schema_extra=_severity_by_code)

    code: GapCode
    severity: Severity
    message: str = Field(description="What is missing, by when, and what to do, for the worker.")
    entries: list[int] = Field(
        default_factory=list, description="The CPD entries the gap is about."
    )
    suggested_courses: list[SuggestedCourse] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_severity_per_code(self) -> Gap:
        if self.severity != SEVERITY[self.code]:
            raise ValueError(f"gap {self.code} is {SEVERITY[self.code]}, not {self.severity}")
        return self


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
    recorded_on_swe: bool = False
    peer_recorded_on_swe: bool = False
    prompts_reflection: bool = False
    prompts_peer: bool = False
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


class RenewalView(_Model):
    """The worker's declaration that the year's renewal is submitted."""

    declared_on: date
    declared_by: str


class WorkerDetail(_Model):
    key: int
    team: str | None
    suspended: bool
    registered_on: date | None
    entries: tuple[EntryView, ...] = ()
    requirements: tuple[RequirementView, ...] = ()
    coverage: CoverageView | None = None
    renewal: RenewalView | None = None


class WorkerReadiness(_Model):
    worker: WorkerOut
    status: Status = Field(
        description="missed, at_risk, in_progress, ready, submitted or exempt (docs/readiness.md)."
    )
    previous_year: PreviousYear | None = Field(
        description="The year before's outcome; null before Social Work England's first year."
    )
    cpd: CpdCounts
    gaps: list[Gap]
    detail: WorkerDetail = Field(exclude=True)

    @property
    def statutory_gaps(self) -> list[Gap]:
        return [gap for gap in self.gaps if gap.severity == "statutory"]


class ReadinessReport(_Model):
    """The output of `cpdsync readiness --format json`: each worker's readiness for Social
    Work England registration renewal, most urgent first."""

    schema_version: Literal[2] = Field(default=2, alias="schema", description="Always 2.")
    as_of: date = Field(description="The UK date the report was made for.")
    registration_year: RegistrationYearOut
    deadline: date = Field(description="Renewal deadline day; the deadline is 23:59 UK time.")
    days_to_deadline: int = Field(description="0 on the deadline day, negative after it.")
    workers: list[WorkerReadiness]

    def has_statutory_gaps(self) -> bool:
        return any(w.statutory_gaps for w in self.workers)

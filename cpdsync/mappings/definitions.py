"""Typed mapping data shared by the sync (which applies rules) and readiness (which uses
requirements and roles). The loader in this package builds these from YAML/CSV files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CpdType = Literal[
    "training_course",
    "e_learning",
    "peer_discussion",
    "supervision",
    "reading",
    "conference",
    "research",
    "shadowing",
    "other",
]
CPD_TYPES: tuple[str, ...] = CpdType.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Duration:
    """An ISO 8601 calendar duration (years, months, days) such as P3Y or P18M."""

    years: int = 0
    months: int = 0
    days: int = 0
    text: str = ""

    def __str__(self) -> str:
        return self.text or f"P{self.years}Y{self.months}M{self.days}D"


@dataclass(frozen=True)
class Location:
    """Where a definition was written, for messages: ``file:line``."""

    path: str
    line: int | None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass(frozen=True)
class CourseFacts:
    """What a rule can match a course on. ``category_path`` is like ``Safeguarding / Children``."""

    courseid: int
    shortname: str
    fullname: str
    idnumber: str = ""
    category_path: str = ""
    tags: tuple[str, ...] = ()
    customfields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    """One rule's match condition: a glob on exactly one course attribute.

    ``attribute`` is idnumber | shortname | fullname | category | tag | customfield.NAME.
    """

    attribute: str
    pattern: str


@dataclass(frozen=True)
class Rule:
    match: Match
    capabilities: tuple[str, ...] = ()
    cpd_hours: float | None = None
    hours_from: str | None = None  # "customfield.NAME"
    cpd_type: CpdType = "training_course"
    satisfies: tuple[str, ...] = ()
    reflection_included: bool = False
    peer_reflection: bool = False
    location: Location | None = None


@dataclass(frozen=True)
class RuleMatch:
    """The outcome of applying the mappings to one course: the first matching rule, resolved."""

    rule: Rule
    capabilities: tuple[str, ...]
    cpd_hours: float | None
    cpd_type: CpdType
    satisfies: tuple[str, ...]
    reflection_included: bool
    peer_reflection: bool


@dataclass(frozen=True)
class Requirement:
    id: str
    title: str
    valid_for: Duration | None  # None: never expires once done
    roles: tuple[str, ...] = ()  # empty: applies to every role
    location: Location | None = None


@dataclass(frozen=True)
class Coverage:
    framework: str  # framework id, e.g. KSS-CF
    min_items: int
    window: Duration


@dataclass(frozen=True)
class RoleAssign:
    """How workers get a role: a glob on one profile field, or the default role."""

    profile_field: str | None = None
    pattern: str | None = None
    default: bool = False


@dataclass(frozen=True)
class Role:
    id: str
    assign: RoleAssign
    coverage: Coverage | None = None
    title: str = ""
    location: Location | None = None


@dataclass(frozen=True)
class MappingSet:
    """Every rule, requirement and role from the configured files, in file order."""

    rules: tuple[Rule, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    roles: tuple[Role, ...] = ()
    sources: tuple[str, ...] = ()

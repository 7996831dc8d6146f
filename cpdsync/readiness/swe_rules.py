"""Social Work England's renewal rules as versioned data: their shape, parsing and validation.

Every number that SWE could change (pieces of CPD, peer reflections, the new-registrant
exemption, the calendar) is data, each value with the registration year it takes effect from;
the code only says how the values are applied. The data ships as data/swe-rules.yaml beside
this module; cpdsync/app/rules.py reads it, and the readiness functions take the parsed rules
as an argument, so this package does no I/O.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from cpdsync.errors import ConfigError

_LABEL_RE = re.compile(r"^(\d{4})-(\d{2})$")
_MONTH_DAY_RE = re.compile(r"^(\d{2})-(\d{2})$")


def year_label_start(label: str) -> int:
    """Return the calendar year a registration year label such as ``2025-26`` starts in.

    Raise ValueError naming the expected form when the label is not like ``2025-26``.
    """
    match = _LABEL_RE.match(label.strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{label!r} is not a registration year; write it like 2025-26")
    return int(match.group(1))


def parse_month_day(text: str) -> tuple[int, int]:
    """Return (month, day) of text like ``12-01``; raise ValueError when it is not one."""
    match = _MONTH_DAY_RE.match(text)
    if not match or not (1 <= int(match.group(1)) <= 12 and 1 <= int(match.group(2)) <= 31):
        raise ValueError(f"{text!r} is not a month and day; write it like 12-01")
    return int(match.group(1)), int(match.group(2))


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FirstYear(_Data):
    label: str
    start: str


class CalendarRules(_Data):
    year_starts: str
    first_year: FirstYear
    window_opens: str
    deadline_time: str = Field(pattern=r"^\d{2}:\d{2}$")
    timezone: str
    sources: tuple[str, ...] = ()

    @field_validator("year_starts", "window_opens")
    @classmethod
    def _month_day(cls, value: str) -> str:
        parse_month_day(value)
        return value


class _Versioned(_Data):
    from_year: str
    sources: tuple[str, ...] = ()

    @field_validator("from_year")
    @classmethod
    def _label(cls, value: str) -> str:
        year_label_start(value)
        return value


_V = TypeVar("_V", bound=_Versioned)


class CpdRequirement(_Versioned):
    """How much CPD a renewal needs, from ``from_year`` until the next entry takes over.

    ``provisional`` marks a rule SWE may still change for that year; its ``note`` is then shown
    to every worker (it must say why the rule is provisional).
    """

    min_pieces: int = Field(ge=0)
    min_peer_reflected: int = Field(ge=0)
    provisional: bool = False
    note: str = ""

    @model_validator(mode="after")
    def _provisional_says_why(self) -> CpdRequirement:
        if self.provisional and not self.note.strip():
            raise ValueError("a provisional rule needs a note saying why, shown to workers")
        return self


class Exemption(_Versioned):
    """Workers who joined, or were restored to, the register on or after this day of the
    renewal year need no CPD for that renewal."""

    joined_on_or_after: str

    @field_validator("joined_on_or_after")
    @classmethod
    def _month_day(cls, value: str) -> str:
        parse_month_day(value)
        return value


class FormField(_Data):
    """One field of the SWE-form export; ``confirmed`` when its label is SWE's own wording,
    read on SWE's page ``source``, else cpdsync's suggestion."""

    field: str
    label: str
    required: bool
    confirmed: bool = False
    source: str | None = None


class CpdForm(_Data):
    fields: tuple[FormField, ...]
    sources: tuple[str, ...] = ()


class Fee(_Data):
    """A fee in whole pounds for one registration year."""

    year: str
    pounds: int = Field(gt=0)

    @field_validator("year")
    @classmethod
    def _label(cls, value: str) -> str:
        year_label_start(value)
        return value


class RenewalRules(_Data):
    """What a renewal needs and what follows when it is missed, in words shown to workers."""

    steps: tuple[str, ...] = Field(min_length=1)
    steps_sources: tuple[str, ...] = Field(min_length=1)
    restoration_url: str
    removal_sources: tuple[str, ...] = Field(min_length=1)
    restoration_fee: tuple[Fee, ...] = ()
    restoration_fee_sources: tuple[str, ...] = ()

    def restoration_fee_in(self, label: str) -> int | None:
        """Return the restoration fee in pounds for the registration year ``label``, or None
        when SWE's published table (and so the data) has none for that year."""
        return next((fee.pounds for fee in self.restoration_fee if fee.year == label), None)


class YearRules(_Data):
    """The rules in force for one registration year."""

    label: str
    cpd: CpdRequirement
    exemption: Exemption | None


class SweRules(_Data):
    version: int
    calendar: CalendarRules
    cpd_requirement: tuple[CpdRequirement, ...] = Field(min_length=1)
    new_registrant_exemption: tuple[Exemption, ...] = ()
    renewal: RenewalRules
    cpd_form: CpdForm

    def for_year(self, label: str) -> YearRules:
        """Return the rules in force for the registration year ``label``.

        Raise ConfigError when no rule covers that year (before SWE's first year).
        """
        start = year_label_start(label)
        cpd = _in_force(self.cpd_requirement, start)
        if cpd is None:
            raise ConfigError(
                f"no SWE CPD rule covers registration year {label}; the earliest is "
                f"{min(r.from_year for r in self.cpd_requirement)}"
            )
        exemption = _in_force(self.new_registrant_exemption, start)
        return YearRules(label=label, cpd=cpd, exemption=exemption)


def _in_force(entries: tuple[_V, ...], start: int) -> _V | None:
    """The entry with the latest ``from_year`` not after ``start``."""
    applicable = [e for e in entries if year_label_start(e.from_year) <= start]
    return max(applicable, key=lambda e: year_label_start(e.from_year), default=None)


def parse_rules(data: Any, *, source: str = "SWE rules") -> SweRules:
    """Return the rules in ``data`` (parsed YAML); raise ConfigError naming ``source`` and the
    bad key."""
    try:
        return SweRules.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg'].removeprefix('Value error, ')}"
            for err in exc.errors()
        )
        raise ConfigError(f"{source}: {problems}", path=source) from None


def rules_from_yaml(text: str, *, source: str) -> SweRules:
    """Return the rules in the YAML ``text`` read from ``source``; raise ConfigError naming
    ``source`` when it is not YAML or not valid rules."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML: {exc}", path=source) from None
    return parse_rules(data, source=source)

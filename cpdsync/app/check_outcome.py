"""What `cpdsync check` found: one line per finding, and the facts behind them.

A failing line carries the error it stands for; the check ends with the worst of them (exit 2
configuration, mappings or database; 3 Moodle refused; 4 Moodle unreachable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cpdsync.app.roster_check import RosterCheck
from cpdsync.config import Settings
from cpdsync.connector.capability_check import CapabilityFinding
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.facts import SiteFacts
from cpdsync.connector.function_check import CheckReport
from cpdsync.errors import CpdsyncError, InputFileError
from cpdsync.mappings import MappingSet
from cpdsync.records.schema_state import SchemaState

Status = Literal["ok", "info", "warn", "fail"]


@dataclass(frozen=True)
class CheckLine:
    """One finding: its section, status, what was found and, unless ok, what to do. A ``fail``
    line carries the error the check ends with when it is the worst."""

    section: str
    status: Status
    text: str
    fix: str | None = None
    error: CpdsyncError | None = None

    @property
    def exit_code(self) -> int:
        return self.error.exit_code if self.error is not None else 0


@dataclass
class CheckOutcome:
    """Every line of the check, and the facts behind them for the JSON report."""

    settings: Settings
    lines: list[CheckLine] = field(default_factory=list)
    client: MoodleClient | None = None
    site: SiteFacts | None = None
    strategy: str | None = None  # the strategy a sync would use, once Moodle is reached
    moodle: CheckReport | None = None
    mappings: MappingSet | None = None
    mapping_problems: InputFileError | None = None
    database: SchemaState | None = None
    capabilities: list[CapabilityFinding] = field(default_factory=list)
    roster: RosterCheck | None = None

    def add(self, section: str, status: Status, text: str, **more: object) -> None:
        """Add one line (``fix`` and ``error`` as keywords)."""
        self.lines.append(CheckLine(section, status, text, **more))  # type: ignore[arg-type]

    @property
    def ok(self) -> bool:
        return not any(line.status == "fail" for line in self.lines)

    def failure(self) -> CpdsyncError | None:
        """Return the error of the worst failing line (highest exit code, first of equals), or
        None when nothing failed."""
        failing = [line for line in self.lines if line.error is not None]
        if not failing:
            return None
        worst = max(line.exit_code for line in failing)
        return next(line.error for line in failing if line.exit_code == worst)

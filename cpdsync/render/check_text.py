"""What `cpdsync check` found, for people (text) and scripts (JSON)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from cpdsync.errors import CpdsyncError

SECTIONS = {
    "config": "Configuration",
    "mappings": "Mapping files",
    "database": "Database",
    "moodle": "Moodle",
    "functions": "Web-service functions the token may call",
    "capabilities": "The cpdsync role's capabilities",
    "plugin": "Companion plugin",
    "workers": "Workers (the roster: [workers])",
}
MARKS = {"ok": "ok", "info": "info", "warn": "WARN", "fail": "FAIL"}


class LineView(Protocol):
    @property
    def section(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def fix(self) -> str | None: ...
    @property
    def exit_code(self) -> int: ...


class MoodleCheckView(Protocol):
    def as_json(self) -> dict[str, Any]: ...


class CheckView(Protocol):
    @property
    def lines(self) -> Sequence[LineView]: ...
    @property
    def moodle(self) -> MoodleCheckView | None: ...
    @property
    def roster(self) -> MoodleCheckView | None: ...
    @property
    def ok(self) -> bool: ...
    def failure(self) -> CpdsyncError | None: ...


def render_check(outcome: CheckView) -> str:
    """Return every line under its section, each not ok with its fix, then the verdict."""
    out: list[str] = []
    for section, title in SECTIONS.items():
        lines = [line for line in outcome.lines if line.section == section]
        if not lines:
            continue
        out.append(title)
        for line in lines:
            out.append(f"  {MARKS[line.status]:<5} {line.text}")
            if line.fix and line.status != "ok":
                out.append(f"        fix: {line.fix}")
    out.append("")
    out.append(_verdict(outcome))
    return "\n".join(out)


def _verdict(outcome: CheckView) -> str:
    failing = [line for line in outcome.lines if line.status == "fail"]
    warned = sum(1 for line in outcome.lines if line.status == "warn")
    if not failing:
        return "Check passed" + (f", with {warned} warning(s) above." if warned else ".")
    failure = outcome.failure()
    code = failure.exit_code if failure else 1
    return f"Check FAILED: {len(failing)} problem(s) above (exit {code})."


def check_json(outcome: CheckView) -> dict[str, Any]:
    """Return the check as JSON: ``ok``, ``exit_code``, every line, Moodle's site and functions
    (null when Moodle was not reached) and the roster as read."""
    failure = outcome.failure()
    return {
        "ok": outcome.ok,
        "exit_code": failure.exit_code if failure else 0,
        "lines": [
            {"section": line.section, "status": line.status, "text": line.text, "fix": line.fix}
            for line in outcome.lines
        ],
        "moodle": outcome.moodle.as_json() if outcome.moodle is not None else None,
        "roster": outcome.roster.as_json() if outcome.roster is not None else None,
    }

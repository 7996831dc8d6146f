"""What `cpdsync check` found, for people (text) and scripts (JSON)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from cpdsync.errors import CpdsyncError, InputFileError
from cpdsync.mappings.definitions import MappingSet


class FunctionView(Protocol):
    """One Moodle function cpdsync may need, and whether the token may call it."""

    @property
    def name(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def callable(self) -> bool: ...
    @property
    def purpose(self) -> str: ...
    @property
    def fix(self) -> str | None: ...


class MoodleCheckView(Protocol):
    """The site and the functions the token may call."""

    @property
    def url(self) -> str: ...
    @property
    def sitename(self) -> str: ...
    @property
    def release(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def strategy(self) -> str: ...
    @property
    def functions(self) -> Sequence[FunctionView]: ...
    @property
    def report_id(self) -> int | None: ...
    @property
    def report_problem(self) -> str | None: ...
    @property
    def ok(self) -> bool: ...
    def as_json(self) -> dict[str, Any]: ...


class RosterView(Protocol):
    """The roster as `cpdsync check` found it."""

    @property
    def configured(self) -> bool: ...
    @property
    def workers(self) -> int | None: ...
    @property
    def sources(self) -> Sequence[str]: ...
    @property
    def without_account(self) -> Sequence[str]: ...
    @property
    def warnings(self) -> Sequence[str]: ...
    @property
    def problem(self) -> CpdsyncError | None: ...
    def as_json(self) -> dict[str, Any]: ...


class CheckView(Protocol):
    @property
    def moodle(self) -> MoodleCheckView: ...
    @property
    def roster(self) -> RosterView: ...
    @property
    def mappings(self) -> MappingSet | None: ...
    @property
    def mapping_problems(self) -> InputFileError | None: ...


def render_check(outcome: CheckView) -> str:
    """Return the site, each function with its mark and fix, the report, then the mappings."""
    report = outcome.moodle
    lines = [
        f"Moodle: {report.sitename} at {report.url}",
        f"Release: {report.release} (version {report.version})",
        f"Completion strategy: {report.strategy}",
        "",
    ]
    for check in report.functions:
        mark = "ok " if check.callable else ("MISSING" if check.required else "absent")
        kind = "required" if check.required else "optional"
        lines.append(f"  {mark:<7} {check.name} ({kind}): {check.purpose}")
        if check.fix:
            lines.append(f"          fix: {check.fix}")
    if report.report_id is not None:
        lines.append("")
        state = "ok" if report.report_problem is None else f"NOT USABLE: {report.report_problem}"
        lines.append(f"Report {report.report_id} (sync.report_id): {state}")
    lines.append("")
    lines.append(
        "All required functions are callable." if report.ok else "Required functions are missing."
    )
    lines.append(_mappings_text(outcome.mappings, outcome.mapping_problems))
    lines += _roster_lines(outcome.roster)
    return "\n".join(lines)


def _roster_lines(roster: RosterView) -> list[str]:
    if not roster.configured:
        return [f"Roster: none. Warning: {w}" for w in roster.warnings]
    if roster.problem is not None:
        return ["Roster ([workers]): NOT USABLE", *_indent(roster.problem.message)]
    lines = [f"Roster ([workers]): {roster.workers} workers"]
    lines += [f"  {source}" for source in roster.sources]
    if roster.without_account:
        lines.append(
            f"  {len(roster.without_account)} on the HR roster without a Moodle account (in "
            "every report as ROSTER_NO_MOODLE_ACCOUNT; make the account or correct the row):"
        )
        lines += [f"    {item}" for item in roster.without_account]
    lines += [f"  warning: {w}" for w in roster.warnings]
    return lines


def _indent(text: str) -> list[str]:
    return [f"  {line}" for line in text.splitlines()]


def check_json(outcome: CheckView) -> dict[str, Any]:
    """Return the check as JSON: Moodle's report with the mappings' state under "mappings"."""
    data = outcome.moodle.as_json()
    data["mappings"] = _mappings_json(outcome.mappings, outcome.mapping_problems)
    data["roster"] = outcome.roster.as_json()
    return data


def _mappings_json(
    mappings: MappingSet | None, problems: InputFileError | None
) -> dict[str, object]:
    if mappings is None:
        return {"ok": False, "problems": [str(p) for p in problems.problems] if problems else []}
    return {
        "ok": True,
        "files": list(mappings.sources),
        "rules": len(mappings.rules),
        "requirements": len(mappings.requirements),
        "roles": len(mappings.roles),
    }


def _mappings_text(mappings: MappingSet | None, problems: InputFileError | None) -> str:
    if mappings is None:
        found = problems.problems if problems else []
        return "Mappings: INVALID\n" + "\n".join(f"  {p}" for p in found)
    return (
        f"Mappings: ok ({len(mappings.rules)} rules, {len(mappings.requirements)} requirements, "
        f"{len(mappings.roles)} roles from {len(mappings.sources)} file(s))"
    )

"""What `cpdsync check` says about the roster ([workers], docs/roster.md): each source with
how many it names, the HR rows no Moodle account matches, and what the token lacks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cpdsync.app.roster import RosterSpec, read_roster
from cpdsync.app.status import NO_ROSTER_WARNING
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.facts import SiteFacts
from cpdsync.connector.needs import BATCH_FUNCTION, roster_functions
from cpdsync.errors import ConfigError, CpdsyncError, InputFileError, MoodleError


@dataclass
class RosterCheck:
    """The roster as Moodle answers for it; ``problem`` is what stops it being read."""

    configured: bool
    workers: int | None = None
    sources: list[str] = field(default_factory=list)
    without_account: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problem: CpdsyncError | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "configured": self.configured,
            "ok": self.problem is None,
            "workers": self.workers,
            "sources": self.sources,
            "without_moodle_account": self.without_account,
            "warnings": self.warnings,
            "problem": self.problem.message if self.problem else None,
        }


def unchecked_roster(spec: RosterSpec | None, problem: InputFileError | None) -> RosterCheck:
    """Return the roster check before Moodle is asked: the warning when none is configured,
    or the HR file's problems."""
    if problem is not None:
        return RosterCheck(configured=True, problem=problem)
    if spec is None or not spec.configured:
        return RosterCheck(configured=False, warnings=[NO_ROSTER_WARNING])
    return RosterCheck(configured=True)


def check_roster(client: MoodleClient, site: SiteFacts, spec: RosterSpec) -> RosterCheck:
    """Return what reading the roster ``spec`` from Moodle gives, or the error that stops it
    (a cohort or profile field the site lacks, a capability or function the token lacks, HR
    rows naming two users); the functions it needs are checked first (their fixes are in the
    function list)."""
    needed = roster_functions(cohorts=bool(spec.cohorts), profile_field=bool(spec.profile_field))
    missing = [name for name in needed if name not in site.functions]
    if missing:
        return RosterCheck(
            configured=True,
            problem=ConfigError(
                f"the token may not call {', '.join(missing)}, which the roster needs; see "
                "the fix listed for each above"
            ),
        )
    try:
        read = read_roster(client, site, spec, batched=BATCH_FUNCTION in site.functions)
    except (ConfigError, InputFileError, MoodleError) as exc:
        return RosterCheck(configured=True, problem=exc)
    sources = [f"cohort {name}: {size} members" for name, size in read.cohort_sizes.items()]
    if spec.profile_field:
        named = sum(f"profile field {spec.profile_field}" in s for s in read.sources.values())
        sources.append(f"profile field {spec.profile_field}: {named} users with it set")
    if spec.file is not None:
        sources.append(
            f"HR roster {spec.file.path}: {len(spec.file.rows)} rows, "
            f"{len(spec.file.rows) - len(read.unmatched)} with a Moodle account"
        )
    return RosterCheck(
        configured=True,
        workers=len(read.workers) + len(read.unmatched),
        sources=sources,
        without_account=[
            f"{spec.file.where(row)}: {row.label}" for row in read.unmatched if spec.file
        ],
        warnings=[w.message for w in read.warnings],
    )

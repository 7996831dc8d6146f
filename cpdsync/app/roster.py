"""The roster ([workers], docs/roster.md): who the council's social workers are, read from
Moodle cohorts, the plugin's users with a profile field set, and the HR roster CSV.

The union of the sources is the roster. Every roster worker is in every report, enrolled or
not; a row of the HR roster whom no Moodle account matches is still a worker, reported
without an account. The HR file is loaded and checked whole before a run touches Moodle or
the database (``roster_spec``); Moodle is read for the roster when the catalogue is
(``read_roster``), and the HR rows are matched to the workers held on every run
(``match_rows``), so a held catalogue keeps the HR roster's team and role.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from cpdsync.app.roster_file import RosterFile, RosterRow, load_roster
from cpdsync.config import WorkersSettings
from cpdsync.connector import roster_reads as reads
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.facts import FetchWarning, MoodleWorker, SiteFacts
from cpdsync.connector.needs import PLUGIN_FIELD_USERS_FUNCTION, PLUGIN_USERS_FUNCTION, how_to_allow
from cpdsync.errors import (
    ConfigError,
    InputFileError,
    MoodleFatalError,
    MoodleRequestError,
    Problem,
)
from cpdsync.mappings import MappingSet


@dataclass(frozen=True)
class RosterSpec:
    """The configured roster: cohort idnumbers, a profile field, the checked HR file."""

    cohorts: tuple[str, ...] = ()
    profile_field: str | None = None
    file: RosterFile | None = None

    @property
    def configured(self) -> bool:
        return bool(self.cohorts or self.profile_field or self.file)

    def digest(self) -> str | None:
        """Return a digest of the definition (the HR file's bytes included), None when no
        roster is configured: a change makes the next sync read the roster again."""
        if not self.configured:
            return None
        text = "\n".join(
            [
                ",".join(sorted(self.cohorts)),
                self.profile_field or "",
                f"{self.file.path}:{self.file.digest}" if self.file else "",
            ]
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def roster_spec(workers: WorkersSettings, mappings: MappingSet | None) -> RosterSpec:
    """Return the configured roster with its HR file loaded and checked against the mapping
    roles (roles unchecked when ``mappings`` is None); raise InputFileError listing every
    problem of the file."""
    roles = mappings.roles if mappings is not None else None
    roster = load_roster(workers.roster, roles) if workers.roster else None
    return RosterSpec(tuple(workers.cohorts), workers.with_profile_field, roster)


@dataclass
class RosterRead:
    """The roster as Moodle answered: the workers with an account (by id) and what named each,
    what Moodle would not show, and the HR rows no account matches."""

    workers: list[MoodleWorker] = field(default_factory=list)
    sources: dict[int, list[str]] = field(default_factory=dict)
    warnings: list[FetchWarning] = field(default_factory=list)
    cohort_sizes: dict[str, int] = field(default_factory=dict)
    unmatched: list[RosterRow] = field(default_factory=list)


def read_roster(
    client: MoodleClient, site: SiteFacts, spec: RosterSpec, *, batched: bool
) -> RosterRead:
    """Return the roster ``spec`` defines, read from Moodle (batched where allowed); raise
    ConfigError for a cohort or profile field the site lacks, InputFileError for HR rows
    naming two Moodle users or one user twice, MoodleFatalError for a function or capability
    the token lacks (naming the fix)."""
    plugin = PLUGIN_USERS_FUNCTION in site.functions
    read = RosterRead()
    found: dict[int, MoodleWorker] = {}
    member_ids = _cohort_members(client, spec.cohorts, read)
    if spec.profile_field:
        for worker in _field_users(client, site, spec.profile_field):
            found[worker.id] = worker
            read.sources.setdefault(worker.id, []).append(f"profile field {spec.profile_field}")
    for uid, names in member_ids.items():
        read.sources.setdefault(uid, []).extend(names)
    if spec.file is not None:
        for worker in _hr_lookups(client, spec.file.rows, plugin=plugin, batched=batched):
            found.setdefault(worker.id, worker)
    missing = [uid for uid in member_ids if uid not in found]
    details, read.warnings = reads.get_users(client, missing, plugin=plugin, batched=batched)
    found.update((worker.id, worker) for worker in details)
    if spec.file is not None:
        matched, read.unmatched = match_rows(spec.file, list(found.values()))
        for uid, row in matched.items():
            read.sources.setdefault(uid, []).append(spec.file.where(row))
    read.workers = [found[uid] for uid in sorted(read.sources) if uid in found]
    return read


def _cohort_members(
    client: MoodleClient, idnumbers: Sequence[str], read: RosterRead
) -> dict[int, list[str]]:
    if not idnumbers:
        return {}
    cohorts = reads.get_cohorts(client)
    by_idnumber = {c.idnumber: c for c in cohorts if c.idnumber}
    unknown = [name for name in idnumbers if name not in by_idnumber]
    if unknown:
        held = ", ".join(f"{c.idnumber} ({c.name})" for c in cohorts if c.idnumber)
        raise ConfigError(
            f"workers.cohorts names {', '.join(repr(n) for n in unknown)}, which no cohort of "
            f"the site has as its idnumber; cohorts with an idnumber: {held or 'none'} (set a "
            "cohort's idnumber in Site administration > Users > Accounts > Cohorts)",
            key="workers.cohorts",
        )
    wanted = [by_idnumber[name] for name in idnumbers]
    members = reads.get_cohort_members(client, [c.id for c in wanted])
    named: dict[int, list[str]] = {}
    for cohort in wanted:
        ids = members.get(cohort.id, [])
        read.cohort_sizes[cohort.idnumber] = len(ids)
        for uid in ids:
            named.setdefault(uid, []).append(f"cohort {cohort.idnumber}")
    return named


def _field_users(client: MoodleClient, site: SiteFacts, profile_field: str) -> list[MoodleWorker]:
    if PLUGIN_FIELD_USERS_FUNCTION not in site.functions:
        raise MoodleFatalError(
            f"workers.with_profile_field needs {PLUGIN_FIELD_USERS_FUNCTION}, which the token "
            f"may not call: {how_to_allow(PLUGIN_FIELD_USERS_FUNCTION)}",
            wsfunction=PLUGIN_FIELD_USERS_FUNCTION,
            errorcode="accessexception",
        )
    try:
        return reads.get_users_with_field(client, profile_field)
    except MoodleRequestError as exc:
        if exc.errorcode != "invalidparameter":
            raise
        raise ConfigError(
            f"workers.with_profile_field: Moodle refused {profile_field!r}: the site has no "
            "custom profile field with that shortname (Site administration > Users > User "
            "profile fields lists them)",
            key="workers.with_profile_field",
        ) from None


def _hr_lookups(
    client: MoodleClient, rows: Sequence[RosterRow], *, plugin: bool, batched: bool
) -> list[MoodleWorker]:
    """The Moodle users the HR rows could name: every user through the plugin (matched here
    in any case), else by email (as written and in lower case: Moodle compares it exactly)
    and by idnumber."""
    if plugin:
        return reads.get_all_users(client)
    emails = [e for row in rows if row.email for e in (row.email, row.email.lower())]
    idnumbers = [row.idnumber for row in rows if row.idnumber]
    found = reads.find_users(client, "email", emails, batched=batched) if emails else []
    if idnumbers:
        found += reads.find_users(client, "idnumber", idnumbers, batched=batched)
    return found


def match_rows(
    roster: RosterFile, workers: Sequence[MoodleWorker]
) -> tuple[dict[int, RosterRow], list[RosterRow]]:
    """Return the HR rows matched to ``workers`` (by Moodle id) and the rows no worker
    matches, by idnumber, else email, in any case; raise InputFileError naming each row whose
    email and idnumber name two users, whose email several users share, or that names a user
    an earlier row named."""
    by_idnumber: dict[str, list[MoodleWorker]] = {}
    by_email: dict[str, list[MoodleWorker]] = {}
    for worker in workers:
        if worker.idnumber:
            by_idnumber.setdefault(worker.idnumber.casefold(), []).append(worker)
        if worker.email:
            by_email.setdefault(worker.email.casefold(), []).append(worker)
    matched: dict[int, RosterRow] = {}
    unmatched: list[RosterRow] = []
    problems: list[Problem] = []
    for row in roster.rows:
        on_id = by_idnumber.get(row.idnumber.casefold(), []) if row.idnumber else []
        on_email = by_email.get(row.email.casefold(), []) if row.email else []
        message, chosen = _choose(row, on_id, on_email, matched)
        if message:
            problems.append(Problem(str(roster.path), row.line, message))
        elif chosen is None:
            unmatched.append(row)
        else:
            matched[chosen.id] = row
    if problems:
        raise InputFileError(problems, summary=f"{roster.path}: the HR roster (workers.roster)")
    return matched, unmatched


def _choose(
    row: RosterRow,
    on_id: list[MoodleWorker],
    on_email: list[MoodleWorker],
    matched: dict[int, RosterRow],
) -> tuple[str | None, MoodleWorker | None]:
    if on_id and on_email and on_id[0].id != on_email[0].id:
        return (
            f"idnumber {row.idnumber!r} is Moodle user {on_id[0].username!r} but email "
            f"{row.email!r} is {on_email[0].username!r}; correct one of them",
            None,
        )
    candidates = on_id or on_email
    if len(candidates) > 1:
        return (
            f"email {row.email!r} belongs to {len(candidates)} Moodle users "
            f"({', '.join(w.username for w in candidates)}); add their idnumber to the row",
            None,
        )
    if not candidates:
        return None, None
    worker = candidates[0]
    if worker.id in matched:
        return (
            f"names Moodle user {worker.username!r}, as line {matched[worker.id].line} does",
            None,
        )
    return None, worker


def hr_overrides(spec: RosterSpec, workers: Sequence[MoodleWorker]) -> dict[int, RosterRow]:
    """Return the HR row of each of ``workers`` the HR roster lists, by Moodle id (its team and
    role override Moodle's profile); raise InputFileError as ``match_rows``."""
    if spec.file is None:
        return {}
    return match_rows(spec.file, workers)[0]

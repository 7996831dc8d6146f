"""Storing what a roster read found (docs/roster.md): the HR roster's team and role over
Moodle's profile, the HR roster's people given a Moodle account since, and who is on the
roster, with notes for the run record of whoever it leaves out of reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from cpdsync.app.refresh_policy import Catalogue
from cpdsync.app.roster import RosterSpec
from cpdsync.app.roster_file import RosterRow
from cpdsync.mappings import MappingSet, assign_role
from cpdsync.records import roster_rows
from cpdsync.records.row_values import RosterOnlyValues, WorkerValues, roster_keys
from cpdsync.records.schema import SiteRow, WorkerRow
from cpdsync.records.write_counts import RosterCounts

MAX_NAMED = 10  # people a note names before "and N more"


def with_hr_values(values: WorkerValues, row: RosterRow | None) -> WorkerValues:
    """Return ``values`` with the team and role the HR roster ``row`` gives, where it gives
    them (the HR roster overrides Moodle's profile)."""
    if row is None:
        return values
    return replace(values, team=row.team or values.team, role=row.role or values.role)


def adopt_hr_accounts(session: Session, site_row: SiteRow, hr: dict[int, RosterRow]) -> int:
    """Give the Moodle id each HR row now matches to the worker held for that row without an
    account, so what was held about them stays theirs; return how many were given one."""
    accounts = {key: uid for uid, row in hr.items() for key in roster_keys(row.email, row.idnumber)}
    return roster_rows.adopt_accounts(session, site_row, accounts)


def store_roster(
    session: Session,
    site_row: SiteRow,
    spec: RosterSpec,
    catalogue: Catalogue,
    *,
    mappings: MappingSet,
    now: datetime,
) -> tuple[RosterCounts | None, list[str]]:
    """Record who is on the roster after a catalogue refresh and which roster it followed
    (a person without a Moodle account gets the HR roster's role, else the mappings' default
    role); return the roster counts (None without a roster) and the notes for the run
    record."""
    roster_rows.store_roster_digest(site_row, spec.digest())
    read = catalogue.roster
    if read is None:
        # Workers found through enrolments: only people of an earlier HR roster go off it.
        listed = {worker.id: () for worker in catalogue.workers}
        _, off = roster_rows.mark_roster(session, site_row, listed, [], now=now, complete=False)
        return None, _left_out_note(off)
    default = assign_role(mappings, {})
    without = [_roster_only(spec, row, default.id if default else None) for row in read.unmatched]
    counts, off = roster_rows.mark_roster(session, site_row, read.sources, without, now=now)
    return counts, _unmatched_notes(spec, read.unmatched) + _left_out_note(off)


def _roster_only(spec: RosterSpec, row: RosterRow, default_role: str | None) -> RosterOnlyValues:
    return RosterOnlyValues(
        email=row.email or "",
        idnumber=row.idnumber or "",
        fullname=row.name or row.email or row.idnumber or "",
        team=row.team,
        role=row.role or default_role,
        source=spec.file.where(row) if spec.file else "",
    )


def _unmatched_notes(spec: RosterSpec, rows: list[RosterRow]) -> list[str]:
    if spec.file is None:
        return []
    notes = [
        f"{spec.file.where(row)}: no Moodle account has {row.label}; they are in every "
        "report as ROSTER_NO_MOODLE_ACCOUNT until the account is made or the roster corrected"
        for row in rows[:MAX_NAMED]
    ]
    if len(rows) > MAX_NAMED:
        notes.append(f"and {len(rows) - MAX_NAMED} more HR roster rows without a Moodle account")
    return notes


def _left_out_note(rows: list[WorkerRow]) -> list[str]:
    if not rows:
        return []
    names = ", ".join(f"{row.fullname or row.username} <{row.email}>" for row in rows[:MAX_NAMED])
    more = f" and {len(rows) - MAX_NAMED} more" if len(rows) > MAX_NAMED else ""
    return [
        f"{len(rows)} worker(s) held are not on the roster ([workers]) and are left out of "
        f"reports from now on: {names}{more}; everything held about them is kept, and they "
        "are shown again if the roster names them"
    ]

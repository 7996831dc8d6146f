"""Who is on the roster: the flags a catalogue refresh sets on the site's workers, and the
workers the HR roster lists without a Moodle account (docs/roster.md).

Nobody is deleted: a worker taken off the roster keeps every record and is left out of
reports; one put back is shown again with them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdsync.records.row_values import RosterOnlyValues, roster_keys
from cpdsync.records.schema import SiteRow, WorkerRow
from cpdsync.records.write_counts import RosterCounts


def _site_workers(session: Session, site_row: SiteRow) -> list[WorkerRow]:
    return list(
        session.scalars(
            select(WorkerRow).where(WorkerRow.site_id == site_row.id).order_by(WorkerRow.id)
        )
    )


def adopt_accounts(session: Session, site_row: SiteRow, accounts: Mapping[str, int]) -> int:
    """Give a Moodle id to each held worker without one whose idnumber or email
    (``roster_keys``) is in ``accounts``, unless a worker with that Moodle id is held already:
    the person the HR roster listed now has an account, and keeps what was held about them.
    Return how many were given one."""
    rows = _site_workers(session, site_row)
    taken = {row.moodle_id for row in rows if row.moodle_id is not None}
    adopted = 0
    for row in rows:
        if row.moodle_id is not None:
            continue
        found = [accounts[key] for key in roster_keys(row.email, row.idnumber) if key in accounts]
        moodle_id = found[0] if found else None
        if moodle_id is None or moodle_id in taken:
            continue
        row.moodle_id = moodle_id
        taken.add(moodle_id)
        adopted += 1
    session.flush()
    return adopted


def mark_roster(
    session: Session,
    site_row: SiteRow,
    named: Mapping[int, Sequence[str]],
    without_account: Sequence[RosterOnlyValues],
    *,
    now: datetime,
    complete: bool = True,
) -> tuple[RosterCounts, list[WorkerRow]]:
    """Put on the roster the workers ``named`` (Moodle id -> what named them) and the HR
    roster's people ``without_account`` (stored as workers without a Moodle id); with
    ``complete``, take every other worker of the site off it. Without ``complete`` (workers
    found through enrolments) only workers without a Moodle account no longer listed are taken
    off. Return the counts and the workers taken off by this call."""
    counts = RosterCounts()
    taken_off: list[WorkerRow] = []
    rows = _site_workers(session, site_row)
    without = {key: values for values in without_account for key in values.identities()}
    for row in rows:
        values = _roster_only(row, without)
        if row.moodle_id is not None and row.moodle_id in named:
            _put_on(row, list(named[row.moodle_id]), counts)
        elif values is not None:
            _fill(row, values)
            _put_on(row, [values.source], counts)
        elif row.on_roster and (complete or row.moodle_id is None):
            row.on_roster = False
            counts.left_out += 1
            taken_off.append(row)
    for values in dict.fromkeys(without.values()):
        row = WorkerRow(
            site_id=site_row.id, moodle_id=None, username="", first_seen=now, last_seen=now
        )
        _fill(row, values)
        row.on_roster, row.roster_sources, row.profile = True, [values.source], {}
        session.add(row)
        counts.new += 1
    counts.no_moodle_account = len(without_account)
    session.flush()
    return counts, taken_off


def _roster_only(row: WorkerRow, without: dict[str, RosterOnlyValues]) -> RosterOnlyValues | None:
    """Take from ``without`` the HR row of a held worker without a Moodle account, if any."""
    if row.moodle_id is not None:
        return None
    for key in roster_keys(row.email, row.idnumber):
        values = without.get(key)
        if values is not None:
            for other in values.identities():
                without.pop(other, None)
            return values
    return None


def _put_on(row: WorkerRow, sources: list[str], counts: RosterCounts) -> None:
    # New to the roster: taken off before, or never named by one (held from enrolments).
    if not row.on_roster or not row.roster_sources:
        row.on_roster = True
        counts.new += 1
    elif list(row.roster_sources or []) != sources:
        counts.changed += 1
    else:
        counts.unchanged += 1
    row.roster_sources = sources


def _fill(row: WorkerRow, values: RosterOnlyValues) -> None:
    row.email = values.email
    row.idnumber = values.idnumber
    row.fullname = values.fullname
    row.team = values.team
    row.role = values.role


def store_roster_digest(site_row: SiteRow, digest: str | None) -> None:
    """Record which roster definition the site's catalogue now follows (None: enrolments)."""
    site_row.roster_digest = digest

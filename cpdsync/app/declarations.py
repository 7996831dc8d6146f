"""`cpdsync cpd renewal`: a worker declares their renewal for a registration year submitted
(the CPD recorded on their SWE account, the application form sent, the fee paid), or withdraws
that declaration. cpdsync cannot see the SWE account; until the worker says so, the renewal
steps stay in front of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cpdsync.app.rules import known_year, packaged_rules
from cpdsync.app.worker_values import find_worker
from cpdsync.config import Settings
from cpdsync.readiness.calendar import year_of
from cpdsync.records import declarations
from cpdsync.records.audit import os_user
from cpdsync.records.db import open_database
from cpdsync.timeutil import utc_now


@dataclass(frozen=True)
class RenewalOutcome:
    email: str
    name: str
    year: str  # registration year label
    submitted: bool  # as it now stands
    action: str  # declared, withdrawn or unchanged


def declare_renewal(
    settings: Settings,
    worker: str,
    *,
    year: str | None,
    submitted: bool,
    today: date,
    actor: str | None = None,
) -> RenewalOutcome:
    """Declare ``worker``'s renewal of registration year ``year`` (the year holding ``today``
    when None) submitted, or withdraw that when not ``submitted``; audited as ``actor`` (the
    OS user when None). Raise NotFoundError for an unknown worker, UsageError for a year that
    does not exist or has not begun."""
    label = (
        known_year(year, today=today).label
        if year
        else year_of(today, rules=packaged_rules().calendar).label
    )
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            row = find_worker(session, worker)
            action = declarations.declare_renewal(
                session,
                row.id,
                label,
                submitted=submitted,
                actor=actor or os_user(),
                now=utc_now(),
            )
            return RenewalOutcome(row.email, row.fullname, label, submitted, action)
    finally:
        database.close()

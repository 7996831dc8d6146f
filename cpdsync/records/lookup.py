"""Finding a worker by what a person types: email, Moodle username, staff idnumber or SWE
number, as every command taking a WORKER promises (docs/cli.md)."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from cpdsync.errors import NotFoundError
from cpdsync.records.schema import SiteRow, WorkerRow


def find_worker(
    session: Session, text: str, swe_number: str | None, *, site_id: int | None = None
) -> WorkerRow:
    """Return the one worker ``text`` names by email (any case), username or idnumber, or by
    ``swe_number`` (``text`` as a normalised SWE number, None when it is not one), among the
    workers of site ``site_id`` (of every site when None); raise NotFoundError saying what was
    tried when none does, or listing the candidates when it names workers on more than one
    site."""
    wanted = text.strip()
    if not wanted:
        raise NotFoundError("no worker given; name one by email, username, idnumber or SWE number")
    conditions = [
        func.lower(WorkerRow.email) == wanted.lower(),
        WorkerRow.username == wanted,
        WorkerRow.idnumber == wanted,
    ]
    number = swe_number
    if number is not None:
        conditions.append(WorkerRow.swe_number == number)
    query = (
        select(WorkerRow, SiteRow.url)
        .join(SiteRow, WorkerRow.site_id == SiteRow.id)
        .where(or_(*conditions))
        .order_by(WorkerRow.id)
    )
    if site_id is not None:
        query = query.where(WorkerRow.site_id == site_id)
    rows = session.execute(query).all()
    if not rows:
        tried = "email, Moodle username, staff idnumber" + (
            f" and SWE number {number}" if number else ""
        )
        raise NotFoundError(
            f"no worker matches {wanted!r} (tried {tried}); check the spelling, or run "
            "`cpdsync sync` if they joined Moodle since the last sync"
        )
    if len(rows) > 1:
        listed = "; ".join(
            f"{worker.fullname or worker.username} <{worker.email}> ("
            + (f"Moodle user {worker.moodle_id}" if worker.moodle_id else "no Moodle account")
            + f" on {url})"
            for worker, url in rows
        )
        raise NotFoundError(
            f"{wanted!r} names {len(rows)} workers: {listed}; name one by a value only they "
            "have (e.g. the email or idnumber)"
        )
    worker: WorkerRow = rows[0][0]
    return worker

"""The reminders log: which reminder went to whom, so none is ever sent twice.

A row is written "sending" and committed before the Moodle call and marked "sent" or "refused"
after it. A row left "sending" (cpdsync stopped, or the call failed without saying whether
Moodle delivered it) blocks that reminder for good: at-most-once delivery, because a message
cannot be un-sent and a missed reminder is better than a doubled one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exc, select
from sqlalchemy.orm import Session

from cpdsync.records.schema import ReminderSentRow, SiteRow, WorkerRow
from cpdsync.records.site_rows import site_key

SentKey = tuple[int, str, str]  # (worker id, registration year label, threshold)


@dataclass(frozen=True)
class Recipient:
    """A worker as a message recipient on the configured site."""

    worker_id: int
    moodle_id: int
    email: str
    name: str
    team: str | None
    profile: dict[str, str]
    suspended: bool
    left: bool


@dataclass(frozen=True)
class UnconfirmedReminder:
    email: str
    registration_year: str
    threshold: str
    sent_at: datetime
    detail: str | None


def sent_keys(session: Session, registration_year: str) -> set[SentKey]:
    """Return the (worker, year, threshold) of every reminder logged for the year, whatever
    its status: a refused or unconfirmed one is not sent again either."""
    rows = session.execute(
        select(ReminderSentRow.worker_id, ReminderSentRow.threshold).where(
            ReminderSentRow.registration_year == registration_year
        )
    )
    return {(worker_id, registration_year, threshold) for worker_id, threshold in rows}


def recipients(session: Session, site_url: str) -> dict[int, Recipient]:
    """Return the workers of the site at ``site_url`` who have a Moodle account (a message
    goes to one), by worker id."""
    query = (
        select(WorkerRow)
        .join(SiteRow, WorkerRow.site_id == SiteRow.id)
        .where(SiteRow.url == site_key(site_url), WorkerRow.erased_at.is_(None))
    )
    return {
        w.id: Recipient(
            worker_id=w.id,
            moodle_id=w.moodle_id,
            email=w.email,
            name=w.fullname,
            team=w.team,
            profile={str(k): str(v) for k, v in (w.profile or {}).items()},
            suspended=w.suspended,
            left=w.left,
        )
        for w in session.scalars(query)
        if w.moodle_id is not None
    }


def log_sending(
    session: Session, *, worker_id: int, registration_year: str, threshold: str, now: datetime
) -> int | None:
    """Log one reminder as "sending" and return its row id; return None when it is logged
    already (another cpdsync process got there first), so the caller does not send it."""
    row = ReminderSentRow(
        worker_id=worker_id,
        registration_year=registration_year,
        threshold=threshold,
        sent_at=now,
        channel="moodle",
        status="sending",
    )
    try:
        with session.begin_nested():
            session.add(row)
    except exc.IntegrityError:
        return None
    return row.id


def mark_outcome(session: Session, row_id: int, *, status: str, detail: str | None) -> None:
    """Mark a logged reminder "sent" or "refused", with Moodle's msgid or refusal message."""
    row = session.get(ReminderSentRow, row_id)
    if row is not None:
        row.status = status
        row.detail = detail


def forget_unsent(session: Session, row_ids: list[int]) -> None:
    """Delete the log rows of reminders Moodle certainly did not deliver (it refused the whole
    call with an error), so they can be sent once the cause is fixed."""
    if row_ids:
        session.execute(delete(ReminderSentRow).where(ReminderSentRow.id.in_(row_ids)))


def note_unconfirmed(session: Session, row_ids: list[int], detail: str) -> None:
    """Record why reminders whose delivery is unknown stay "sending" (never re-sent)."""
    for row_id in row_ids:
        mark_outcome(session, row_id, status="sending", detail=detail)


def unconfirmed_reminders(
    session: Session, site_id: int | None = None
) -> list[UnconfirmedReminder]:
    """Return the reminders left "sending" (of one site's workers when ``site_id`` is given):
    Moodle may or may not have delivered them."""
    query = (
        select(ReminderSentRow, WorkerRow.email)
        .join(WorkerRow, ReminderSentRow.worker_id == WorkerRow.id)
        .where(ReminderSentRow.status == "sending")
        .order_by(ReminderSentRow.sent_at, ReminderSentRow.id)
    )
    if site_id is not None:
        query = query.where(WorkerRow.site_id == site_id)
    return [
        UnconfirmedReminder(email, row.registration_year, row.threshold, row.sent_at, row.detail)
        for row, email in session.execute(query)
    ]

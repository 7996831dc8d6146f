"""Readiness reminders as Moodle messages: to each worker at the configured thresholds, and a
digest to each team's manager.

Delivery is at most once. Each message's log row is written "sending" and committed before the
Moodle call, then marked "sent" or "refused" (the recipient's message preferences, a deleted
account). A crash between the two leaves "sending": never re-sent automatically, and reported
(`cpdsync remind`, `cpdsync status`). A call Moodle refuses as a whole (missing capability or
function) delivered nothing, so its rows are removed and the reminders go out once it is fixed.
"""

from __future__ import annotations

import fnmatch
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

import requests
from pydantic import SecretStr

from cpdsync.app.report import load_report
from cpdsync.app.rules import packaged_rules
from cpdsync.config import Settings
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.limits import MESSAGES_BATCH_SIZE
from cpdsync.connector.messages import OutgoingMessage, send_batch
from cpdsync.connector.retry import NO_RETRY
from cpdsync.errors import ConfigError, CpdsyncError, UsageError
from cpdsync.mappings import MappingSet
from cpdsync.readiness.reminder_plan import current_threshold, due_reminders, team_digests
from cpdsync.readiness.report_model import ReadinessReport
from cpdsync.records import reminder_log as log_
from cpdsync.records.db import Database, open_database
from cpdsync.records.site_rows import find_site, site_key
from cpdsync.render.messages import digest_message, reminder_message

log = logging.getLogger("cpdsync.notify")

# A team's digest goes to its workers whose Moodle profile field MANAGER_FIELD matches this
# glob (case-insensitive), e.g. "Team Manager" or "Team Manager (Children North)".
MANAGER_FIELD = "jobrole"
MANAGER_JOBROLE = "Team Manager*"
DIGEST_PREFIX = "digest-"  # a digest's threshold in the log: digest-30d, digest-window-open

Status = Literal["would_send", "sent", "refused", "unconfirmed"]


@dataclass
class Outgoing:
    """One message cpdsync sends (or, on a dry run, would send) and what became of it."""

    kind: Literal["reminder", "digest"]
    worker_id: int
    moodle_id: int
    email: str
    name: str
    team: str | None
    threshold: str  # as logged: 30d, window-open, digest-30d …
    subject: str
    text: str
    status: Status = "would_send"
    detail: str | None = None

    @property
    def body(self) -> str:
        # Instant messages have no subject line, so the subject leads the text.
        return f"{self.subject}\n\n{self.text}"

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "to": {"email": self.email, "name": self.name, "moodle_id": self.moodle_id},
            "team": self.team,
            "threshold": self.threshold,
            "subject": self.subject,
            "text": self.text,
            "status": self.status,
            "detail": self.detail,
        }


@dataclass
class ReminderReport:
    as_of: date
    registration_year: str
    threshold: str | None  # the threshold reached now; None when no reminder is due
    dry_run: bool
    messages: list[Outgoing] = field(default_factory=list)
    unconfirmed: list[log_.UnconfirmedReminder] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(m.status == status for m in self.messages)

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "registration_year": self.registration_year,
            "threshold": self.threshold,
            "dry_run": self.dry_run,
            "counts": {s: self.count(s) for s in ("would_send", "sent", "refused", "unconfirmed")},
            "messages": [m.as_json() for m in self.messages],
            "unconfirmed_earlier": [
                {
                    "email": u.email,
                    "registration_year": u.registration_year,
                    "threshold": u.threshold,
                    "logged_at": u.sent_at.isoformat(),
                    "detail": u.detail,
                }
                for u in self.unconfirmed
            ],
        }


def is_manager(recipient: log_.Recipient) -> bool:
    """Return whether the worker's profile names them a team manager (MANAGER_JOBROLE)."""
    role = recipient.profile.get(MANAGER_FIELD, "").strip().casefold()
    return fnmatch.fnmatchcase(role, MANAGER_JOBROLE.casefold())


def _plan(
    report: ReadinessReport,
    people: dict[int, log_.Recipient],
    sent: set[log_.SentKey],
    days: list[int],
) -> list[Outgoing]:
    """The reminders and digests due now that were never logged, for workers of this site."""
    year = report.registration_year.label
    out: list[Outgoing] = []
    calendar = packaged_rules().calendar
    for reminder in due_reminders(report, days_before_deadline=days, sent=sent, calendar=calendar):
        person = people.get(reminder.worker_key)
        if person is None:
            continue  # a worker of another Moodle site held in the same database
        words = reminder_message(report, reminder.worker, window_open=reminder.window_open)
        out.append(
            Outgoing(
                "reminder",
                person.worker_id,
                person.moodle_id,
                person.email,
                person.name,
                person.team,
                reminder.threshold,
                words.subject,
                words.text,
            )
        )
    threshold = current_threshold(report, days, calendar=calendar)
    if threshold is None:
        return out
    key = DIGEST_PREFIX + threshold
    managers = [p for p in people.values() if is_manager(p) and not (p.suspended or p.left)]
    for team, workers in team_digests(report).items():
        digest = digest_message(report, team, workers)
        for person in managers:
            if (person.team or "").casefold() != team.casefold():
                continue
            if (person.worker_id, year, key) in sent:
                continue
            out.append(
                Outgoing(
                    "digest",
                    person.worker_id,
                    person.moodle_id,
                    person.email,
                    person.name,
                    person.team,
                    key,
                    digest.subject,
                    digest.text,
                )
            )
    return out


def send_reminders(
    settings: Settings,
    *,
    as_of: date,
    dry_run: bool,
    mappings: MappingSet | None = None,
    http_session: requests.Session | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    site: str | None = None,
) -> ReminderReport:
    """Send (or with ``dry_run`` only list) the reminders and managers' digests due on
    ``as_of`` that were never sent, logging each; return what was sent, refused or left
    unconfirmed.

    Raise ConfigError when sending while notify.moodle_messages is false or Moodle is not
    configured; a cpdsync Moodle* error when a call fails as a whole (the messages before it
    stay logged); StorageError when the database fails.
    """
    notify = settings.config.notify
    if not dry_run and not notify.moodle_messages:
        raise ConfigError(
            "reminders are not sent while notify.moodle_messages is false; set "
            "moodle_messages = true under [notify] in cpdsync.toml (or "
            "CPDSYNC_NOTIFY_MOODLE_MESSAGES=true), or preview them with --dry-run",
            key="notify.moodle_messages",
        )
    url, token = _site_and_token(settings, site, dry_run)
    report = load_report(
        settings, workers=None, team=None, as_of=as_of, mappings=mappings, site=url
    )
    year = report.registration_year.label
    days = list(notify.days_before_deadline)
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            people = log_.recipients(session, url)
            planned = _plan(report, people, log_.sent_keys(session, year), days)
            held = find_site(session, url)
            unconfirmed = log_.unconfirmed_reminders(session, held.id if held else -1)
        reached = current_threshold(report, days, calendar=packaged_rules().calendar)
        result = ReminderReport(as_of, year, reached, dry_run, planned, unconfirmed)
        if dry_run or not planned or token is None:
            return result
        client = _sending_client(settings, url, token, http_session)
        try:
            for start in range(0, len(planned), MESSAGES_BATCH_SIZE):
                _send(database, client, planned[start : start + MESSAGES_BATCH_SIZE], year, now)
        finally:
            client.close()
    finally:
        database.close()
    log.info(
        "reminders for %s: %d sent, %d refused, %d unconfirmed",
        year,
        result.count("sent"),
        result.count("refused"),
        result.count("unconfirmed"),
    )
    return result


def _site_and_token(
    settings: Settings, site: str | None, dry_run: bool
) -> tuple[str, SecretStr | None]:
    """Return the site whose workers are reminded and the token to send with (None for a dry
    run: it needs only the site's address, to pick its workers)."""
    url = settings.config.moodle.url
    token = None
    if not dry_run or (url is None and site is None):
        url, token = settings.require_moodle()
    return _reminded_site(url, site, dry_run), token


def _reminded_site(configured: str | None, site: str | None, dry_run: bool) -> str:
    """Return the site whose workers are reminded: ``site`` (--site) or moodle.url. Messages
    go out through the Moodle of moodle.url, so only a dry run may name another site."""
    if site is None or (configured is not None and site_key(site) == site_key(configured)):
        return site_key(configured or site or "")
    if not dry_run:
        raise UsageError(
            f"reminders go out through the Moodle of moodle.url ({configured}); to remind "
            f"the workers of {site_key(site)}, run remind with that site's config"
        )
    return site_key(site)


def _sending_client(
    settings: Settings, url: str, token: SecretStr, http_session: requests.Session | None
) -> MoodleClient:
    return MoodleClient(
        url,
        token,
        session=http_session,
        timeout_s=settings.config.moodle.timeout_s,
        max_in_flight=1,
        retry=NO_RETRY,  # a retried send could deliver a message twice
    )


def _send(
    database: Database,
    client: MoodleClient,
    batch: list[Outgoing],
    year: str,
    now: Callable[[], datetime],
) -> None:
    """Log a batch "sending" and commit, send it, then log each outcome."""
    rows: dict[int, Outgoing] = {}
    with database.transaction() as session:
        for message in batch:
            row_id = log_.log_sending(
                session,
                worker_id=message.worker_id,
                registration_year=year,
                threshold=message.threshold,
                now=now(),
            )
            if row_id is None:
                message.status, message.detail = "unconfirmed", "being sent by another cpdsync"
            else:
                rows[row_id] = message
    if not rows:
        return
    outgoing = [
        OutgoingMessage(m.moodle_id, m.body, clientmsgid=f"cpdsync-{row_id}")
        for row_id, m in rows.items()
    ]
    try:
        results = send_batch(client, outgoing)
    except CpdsyncError as exc:
        # An error body from Moodle (errorcode set) means the call was refused whole and nothing
        # was delivered; anything else (a timeout, a cut connection) may have delivered some.
        delivered_nothing = getattr(exc, "errorcode", None) is not None
        with database.transaction() as session:
            if delivered_nothing:
                log_.forget_unsent(session, list(rows))
            else:
                log_.note_unconfirmed(session, list(rows), f"delivery unknown: {exc.message}")
        for message in rows.values():
            message.status = "would_send" if delivered_nothing else "unconfirmed"
            message.detail = exc.message
        raise
    with database.transaction() as session:
        for (row_id, message), outcome in zip(rows.items(), results, strict=True):
            if outcome.sent:
                message.status, message.detail = "sent", f"Moodle message id {outcome.msgid}"
                log_.mark_outcome(session, row_id, status="sent", detail=message.detail)
            else:
                message.status, message.detail = "refused", outcome.error
                log_.mark_outcome(session, row_id, status="refused", detail=outcome.error)
                log.warning("Moodle refused the reminder to %s: %s", message.email, outcome.error)

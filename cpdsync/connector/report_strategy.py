"""The "report" completion strategy: a report-builder custom report read page by page.

For sites that may not install the local_cpdsync plugin. Core Moodle's completion functions
give no course completion time and cannot see completions on ended enrolments; a custom report
on the "Course participants" source can (docs/moodle-plugin.md says how to create it). Its
columns must be exactly REPORT_HEADERS, in that order.

Moodle formats every cell as text for the integration user: the completion time comes as
``Wednesday, 22 October 2025, 10:33 PM`` in that user's language and timezone, with no zone
marker. So before reading, the integration user's own record must say language ``en`` and
timezone ``Europe/London`` (set explicitly: "Server timezone" cannot be checked through web
services), and every time is parsed strictly; anything else stops the run with what to fix.
Times are exact to the minute (source "report"). In the hour repeated when clocks go back, a
time is read as the first of the two (BST).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from cpdsync.connector import limits
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.facts import (
    CompletionBatch,
    CompletionObservation,
    FetchWarning,
    MoodleCourse,
    MoodleWorker,
    SiteFacts,
)
from cpdsync.connector.replies import parse_reply
from cpdsync.errors import ConfigError

REPORT_FUNCTION = "core_reportbuilder_retrieve_report"
USERS_FUNCTION = "core_user_get_users_by_field"

# The report's columns in order, as Moodle titles them in English: User > Username,
# Course > Course short name, Course completion > Time completed. Moodle 4.5's report builder
# has no user id or course id column; usernames and course short names are unique in Moodle.
REPORT_HEADERS = ("Username", "Course short name", "Time completed")
REQUIRED_LANG = "en"
REQUIRED_TIMEZONE = "Europe/London"
UK = ZoneInfo(REQUIRED_TIMEZONE)

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Moodle's English strftimedaydatetime, '%A, %d %B %Y, %I:%M %p', with the leading zeros of
# the day and the hour removed as userdate() does.
_DATETIME = re.compile(
    r"(?P<weekday>[A-Z][a-z]+), (?P<day>[1-9]\d?) (?P<month>[A-Z][a-z]+) (?P<year>\d{4}), "
    r"(?P<hour>[1-9]\d?):(?P<minute>[0-5]\d) (?P<ampm>AM|PM)"
)

Pair = tuple[int, int]  # (userid, courseid)


class _Reply(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ReportRow(_Reply):
    columns: list[str]


class ReportData(_Reply):
    headers: list[str]
    rows: list[ReportRow]
    totalrowcount: int


class ReportDetails(_Reply):
    name: str = ""
    sourcename: str = ""


class RetrievedReport(_Reply):
    """core_reportbuilder_retrieve_report."""

    details: ReportDetails
    data: ReportData


class UserSettings(_Reply):
    id: int
    lang: str = ""
    timezone: str = ""


class ReportTimeError(ValueError):
    """A completion-time cell is not a Moodle English date and time."""


def parse_report_time(text: str) -> int:
    """Return the Unix time of a Europe/London ``Wednesday, 22 October 2025, 10:33 PM`` cell;
    raise ReportTimeError when the text is not exactly that form or names no real UK time."""
    match = _DATETIME.fullmatch(text)
    if not match:
        raise ReportTimeError(
            f"{text!r} is not written like 'Wednesday, 22 October 2025, 10:33 PM'"
        )
    if match["month"] not in _MONTHS or match["weekday"] not in _WEEKDAYS:
        raise ReportTimeError(f"{text!r} has an unknown weekday or month name")
    hour = int(match["hour"])
    if hour > 12:
        raise ReportTimeError(f"{text!r} has an hour past 12 on a 12-hour clock")
    hour = hour % 12 + (12 if match["ampm"] == "PM" else 0)
    try:
        local = datetime(
            int(match["year"]),
            _MONTHS.index(match["month"]) + 1,
            int(match["day"]),
            hour,
            int(match["minute"]),
            tzinfo=UK,
        )
    except ValueError as exc:
        raise ReportTimeError(f"{text!r} is not a real date: {exc}") from None
    if _WEEKDAYS[local.weekday()] != match["weekday"]:
        raise ReportTimeError(f"{text!r}: that date is a {_WEEKDAYS[local.weekday()]}")
    stamp = int(local.timestamp())
    # A time skipped when the clocks go forward does not survive the round trip.
    if datetime.fromtimestamp(stamp, UK).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ReportTimeError(f"{text!r} does not exist in UK time (the clocks went forward)")
    return stamp


def check_user_settings(client: MoodleClient, site: SiteFacts) -> None:
    """Return when the integration user's language is en and timezone Europe/London; raise
    ConfigError saying what to change otherwise (the report's dates depend on both)."""
    reply = client.call(USERS_FUNCTION, {"field": "id", "values": [site.userid]})
    users = parse_reply(list[UserSettings], reply, USERS_FUNCTION)
    if not users:
        raise ConfigError(
            f"{USERS_FUNCTION} did not return the integration user (id {site.userid}), so its "
            "language and timezone cannot be checked; give the cpdsync role "
            "moodle/user:viewdetails and moodle/user:viewalldetails",
            key="sync.report_id",
        )
    user = users[0]
    fixes = []
    if user.lang != REQUIRED_LANG:
        fixes.append(f"preferred language English (en), not {user.lang or 'unknown'!r}")
    if user.timezone != REQUIRED_TIMEZONE:
        shown = "Server timezone" if user.timezone == "99" else repr(user.timezone or "unknown")
        fixes.append(f"timezone Europe/London, not {shown}")
    if fixes:
        raise ConfigError(
            "the report strategy reads dates formatted for the integration user, so edit that "
            "user's profile in Moodle (Site administration > Users > Browse list of users) to "
            "set " + " and ".join(fixes) + "; also leave Site administration > Location > "
            "Force timezone unset or Europe/London",
            key="sync.report_id",
        )


def _check_headers(report: RetrievedReport, report_id: int) -> None:
    headers = tuple(report.data.headers)
    if headers == REPORT_HEADERS:
        return
    raise ConfigError(
        f"report {report_id} ({report.details.name or 'unnamed'}, source "
        f"{report.details.sourcename or 'unknown'}) has the columns {list(headers)}; cpdsync "
        f"needs exactly {list(REPORT_HEADERS)} in that order, with their default titles, on the "
        "Course participants source. Edit the report in Moodle (Reports > Report builder > "
        "Custom reports) as docs/moodle-plugin.md describes, or set sync.report_id to the "
        "right report",
        key="sync.report_id",
    )


def verify_report(client: MoodleClient, site: SiteFacts, report_id: int) -> None:
    """Return when report ``report_id`` can drive the report strategy: the integration user's
    language and timezone are right, and the report has exactly the documented columns; raise
    ConfigError saying what to fix otherwise (Moodle* errors when Moodle refuses)."""
    check_user_settings(client, site)
    reply = client.call(REPORT_FUNCTION, {"reportid": report_id, "page": 0, "perpage": 1})
    report = parse_reply(RetrievedReport, reply, REPORT_FUNCTION)
    _check_headers(report, report_id)
    for row in report.data.rows:
        for cell in row.columns[2:3]:
            if cell:
                try:
                    parse_report_time(cell)
                except ReportTimeError as exc:
                    raise ConfigError(
                        f"report {report_id}: the completion time {exc}; check the "
                        "integration user's language and the column's date format",
                        key="sync.report_id",
                    ) from None


def read_report(
    client: MoodleClient, report_id: int, *, page_size: int = limits.REPORT_PAGE_SIZE
) -> list[list[str]]:
    """Return every row of report ``report_id`` (cells as Moodle formats them), one call per
    page; raise ConfigError when its columns are not REPORT_HEADERS."""
    rows: list[list[str]] = []
    page = 0
    while True:
        reply = client.call(
            REPORT_FUNCTION, {"reportid": report_id, "page": page, "perpage": page_size}
        )
        report = parse_reply(RetrievedReport, reply, REPORT_FUNCTION)
        _check_headers(report, report_id)
        rows.extend(row.columns for row in report.data.rows)
        page += 1
        if not report.data.rows or page * page_size >= report.data.totalrowcount:
            return rows


def fetch_report(
    client: MoodleClient,
    *,
    site: SiteFacts,
    workers: Sequence[MoodleWorker],
    courses: Sequence[MoodleCourse],
    known: set[Pair],
    since: int | None,
    now: Callable[[], int],
    report_id: int | None = None,
) -> CompletionBatch:
    """Return the completions of ``workers`` in ``courses`` that report ``report_id`` lists
    (all of them: a report has no cursor), and the held pairs it lists as not complete; raise
    ConfigError when the report or the integration user's settings are not as documented."""
    if report_id is None:
        raise ConfigError(
            "the report strategy needs sync.report_id, the id of the completions report",
            key="sync.report_id",
        )
    check_user_settings(client, site)
    worker_by_username = {w.username: w.id for w in workers}
    course_by_shortname = {c.shortname: c.id for c in courses}
    batch = CompletionBatch(strategy="report")
    seen: set[Pair] = set()
    unknown_courses: set[str] = set()
    for index, cells in enumerate(read_report(client, report_id)):
        username, shortname, completed = (html.unescape(cell).strip() for cell in cells[:3])
        userid = worker_by_username.get(username)
        courseid = course_by_shortname.get(shortname)
        if userid is None or courseid is None:
            # Enrolment methods without users, people cpdsync does not follow, and courses
            # the token cannot see are not completions to record.
            if username in worker_by_username and shortname:
                unknown_courses.add(shortname)
            continue
        pair = (userid, courseid)
        if not completed:
            if pair in known:
                batch.reported_incomplete.add(pair)
            continue
        if pair in seen:
            continue  # one row per enrolment method; the completion is the same
        seen.add(pair)
        batch.observations.append(
            CompletionObservation(
                userid=userid,
                courseid=courseid,
                timecompleted=_completion_time(completed, report_id, index),
                source="report",
            )
        )
    batch.reported_incomplete -= seen
    batch.warnings += [_unknown_course(report_id, name) for name in sorted(unknown_courses)]
    return batch


def _completion_time(cell: str, report_id: int, index: int) -> int:
    try:
        return parse_report_time(cell)
    except ReportTimeError as exc:
        raise ConfigError(
            f"report {report_id}, row {index + 1}: the Time completed cell {exc}; check "
            "that the integration user's language is English (en) and its timezone "
            "Europe/London, and that the column is Course completion > Time completed",
            key="sync.report_id",
        ) from None


def _unknown_course(report_id: int, shortname: str) -> FetchWarning:
    return FetchWarning(
        code="unknowncourse",
        message=(
            f"report {report_id} lists course {shortname!r}, which the course list "
            "from Moodle does not hold; its completions were skipped"
        ),
        wsfunction=REPORT_FUNCTION,
    )

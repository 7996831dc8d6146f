"""core_reportbuilder_retrieve_report, serving the completions report docs/moodle-plugin.md
describes (report id 1), with cells formatted as Moodle 4.5 formats them in English for a user
whose timezone is Europe/London.

As on a real site, the "Course participants" source lists one row per enrolment, ended and
suspended ones included, plus one row with empty user columns per course (an enrolment method
without users); the completion time is empty when the course is not complete.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from cpdsync.simulator import shapes as r
from cpdsync.simulator.dataset import SiteIndex
from cpdsync.simulator.params import Single, Value, validate
from cpdsync.simulator.site_state import State

REPORT_ID = 1
CAPABILITY = "moodle/reportbuilder:view"
HEADERS = ["Username", "Course short name", "Time completed"]
UK = ZoneInfo("Europe/London")

RETRIEVE = Single(
    {
        "reportid": Value("int"),
        "page": Value("int", required=False, default=0),
        "perpage": Value("int", required=False, default=10),
    }
)


def format_userdate(stamp: int) -> str:
    """Return ``stamp`` as Moodle's English strftimedaydatetime in Europe/London."""
    local = datetime.fromtimestamp(stamp, UTC).astimezone(UK)
    hour = local.hour % 12 or 12
    return (
        f"{local:%A}, {local.day} {local:%B} {local.year}, "
        f"{hour}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"
    )


def _rows(site: SiteIndex) -> list[list[str]]:
    rows: list[list[str]] = []
    for course in site.data.courses:
        for enrolment in site.enrolments_by_course.get(course.id, []):
            user = site.users.get(enrolment.userid)
            if user is None:
                continue
            completion = site.completion.get((user.id, course.id))
            when = format_userdate(completion.timecompleted) if completion else ""
            rows.append([user.username, course.shortname, when])
        rows.append(["", course.shortname, ""])
    return rows


def retrieve_report(site: SiteIndex, state: State, params: dict[str, Any]) -> Any:
    """core_reportbuilder_retrieve_report: one page of report 1."""
    p = validate(params, RETRIEVE)
    if p["reportid"] != REPORT_ID:
        raise r.missing_record("reportbuilder_report")
    if not state.can(CAPABILITY):
        raise r.WsError(
            "core_reportbuilder\\report_access_exception",
            "errorreportview",
            "You cannot view this report",
        )
    rows = _rows(site)
    page, perpage = max(p["page"], 0), max(p["perpage"], 1)
    chunk = rows[page * perpage : (page + 1) * perpage]
    return {
        "details": {
            "name": "CPD Sync completions",
            "source": "core_course\\reportbuilder\\datasource\\participants",
            "type": 0,
            "uniquerows": False,
            "conditiondata": None,
            "settingsdata": None,
            "contextid": 1,
            "component": "",
            "area": "",
            "itemid": 0,
            "usercreated": 2,
            "id": REPORT_ID,
            "timecreated": r.TIME_CREATED,
            "timemodified": r.TIME_CREATED,
            "usermodified": 2,
            "sourcename": "Course participants",
            "tags": [],
        },
        "data": {
            "headers": HEADERS,
            "rows": [{"columns": columns} for columns in chunk],
            "totalrowcount": len(rows),
        },
        "warnings": [],
    }

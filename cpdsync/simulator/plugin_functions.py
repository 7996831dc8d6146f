"""The companion plugin's functions (moodle/local_cpdsync), answered as the plugin's PHP does.

A dataset completion has no row id, so its position in the dataset (from 1) stands for
course_completions.id: ids then grow in the order completions were written, as in Moodle.
Served only when the simulated service names them (see functions.default_service).
"""

from __future__ import annotations

from typing import Any

from cpdsync.simulator import shapes as r
from cpdsync.simulator.dataset import SiteIndex
from cpdsync.simulator.params import Single, Value, validate
from cpdsync.simulator.site_state import State

CAPABILITY = "local/cpdsync:viewcompletions"
CAPABILITY_WORDS = "View every course completion on the site (for CPD Sync)"
DEFAULT_LIMIT = 1000
MAX_LIMIT = 5000  # moodle/local_cpdsync/classes/external/get_course_completions.php

COMPLETIONS = Single(
    {
        "since": Value("int", required=False, default=0),
        "afterid": Value("int", required=False, default=0),
        "limit": Value("int", required=False, default=DEFAULT_LIMIT),
        "courseid": Value("int", required=False, default=0),
    }
)
COUNTS = Single({})


def _rows(site: SiteIndex, state: State) -> list[dict[str, Any]]:
    """Return every completion as a course_completions row, in (timecompleted, id) order."""
    rows = []
    for position, completion in enumerate(site.data.completions, start=1):
        enrolment = site.enrolment.get((completion.userid, completion.courseid))
        rows.append(
            {
                "id": position,
                "userid": completion.userid,
                "course": completion.courseid,
                "timeenrolled": enrolment.timestart if enrolment else 0,
                "timestarted": 0,
                "timecompleted": completion.timecompleted,
            }
        )
    rows.sort(key=lambda row: (row["timecompleted"], row["id"]))
    return rows


def get_course_completions(site: SiteIndex, state: State, params: dict[str, Any]) -> Any:
    """local_cpdsync_get_course_completions: rows strictly after (since, afterid)."""
    p = validate(params, COMPLETIONS)
    if p["since"] < 0 or p["afterid"] < 0 or p["limit"] < 1 or p["courseid"] < 0:
        raise r.invalid_parameter()
    if not state.can(CAPABILITY):
        raise r.no_permission(CAPABILITY_WORDS)
    limit = min(p["limit"], MAX_LIMIT)
    cursor = (p["since"], p["afterid"])
    after = [
        row
        for row in _rows(site, state)
        if (row["timecompleted"], row["id"]) > cursor
        and (not p["courseid"] or row["course"] == p["courseid"])
    ]
    page = after[:limit]
    last = (page[-1]["timecompleted"], page[-1]["id"]) if page else cursor
    return {
        "completions": page,
        "nextsince": last[0],
        "nextafterid": last[1],
        "hasmore": len(after) > limit,
    }


def get_completion_counts(site: SiteIndex, state: State, params: dict[str, Any]) -> Any:
    """local_cpdsync_get_completion_counts: completions per course, in course id order."""
    validate(params, COUNTS)
    if not state.can(CAPABILITY):
        raise r.no_permission(CAPABILITY_WORDS)
    counts: dict[int, int] = {}
    for completion in site.data.completions:
        counts[completion.courseid] = counts.get(completion.courseid, 0) + 1
    return {"courses": [{"course": c, "completions": n} for c, n in sorted(counts.items())]}

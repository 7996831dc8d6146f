"""Completions in hidden courses, for the plugin-free strategies.

``core_enrol_get_users_courses`` leaves a hidden course out of a worker's list unless the
WORKER holds moodle/course:viewhiddencourses in that course (lib/enrollib.php,
enrol_get_users_courses, checks the listed user, not the caller): a student never does, so the
course-list sweep never sees a completion there. The integration user needs the capability
itself for everything below: with it, ``core_course_get_courses_by_field`` lists the hidden
course, ``core_enrol_get_enrolled_users`` its participants and
``core_completion_get_course_completion_status`` answers for them; without it the course is
not listed at all (so there is nothing to ask about) and the other two are refused.

So for each hidden course with completion tracking the catalogue holds, the active
participants who are followed workers are read, and completion status is asked for each pair
not already held. The cost per run: one participants call per 200 active enrolments of a
hidden course, and one status call per such enrolment not yet held complete. A teacher is
asked too (a role Moodle does not track answers ``usernotenroled``, which is no warning).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cpdsync.connector import limits
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.facts import FetchWarning, MoodleCourse, MoodleWorker
from cpdsync.connector.mobile_batch import call_all
from cpdsync.connector.replies import EnrolledUser, parse_reply
from cpdsync.errors import CpdsyncError, MoodleSkippableError

PARTICIPANTS = "core_enrol_get_enrolled_users"
# What a completion-status call answers for a participant whose role completion does not track.
NOT_TRACKED = "usernotenroled"
Pair = tuple[int, int]  # (userid, courseid)


def hidden_courses(courses: Sequence[MoodleCourse]) -> list[MoodleCourse]:
    """Return the courses Moodle reports hidden whose completion tracking is on or unknown."""
    return [c for c in courses if c.visible is False and c.enablecompletion is not False]


def hidden_course_pairs(
    client: MoodleClient,
    workers: Sequence[MoodleWorker],
    courses: Sequence[MoodleCourse],
    known: set[Pair],
    *,
    batched: bool,
    page_size: int = limits.ENROLLED_USERS_PAGE_SIZE,
) -> tuple[list[Pair], list[FetchWarning]]:
    """Return the (worker, hidden course) pairs of active enrolments not in ``known``, to ask
    completion status for, and a warning per course whose participants could not be read;
    raise Moodle* errors for anything that stops the run."""
    followed = {w.id for w in workers}
    pending = {c.id: 0 for c in hidden_courses(courses)}
    pairs: list[Pair] = []
    warnings: list[FetchWarning] = []
    chunk = limits.ENROLLED_USERS_BATCH_SIZE if batched else None
    while pending:
        order = sorted(pending)
        outcomes = call_all(
            client,
            PARTICIPANTS,
            [_participants(courseid, pending[courseid], page_size) for courseid in order],
            chunk_size=chunk,
        )
        following: dict[int, int] = {}
        for courseid, outcome in zip(order, outcomes, strict=True):
            if isinstance(outcome, MoodleSkippableError):
                warnings.append(_warning(outcome, courseid))
                continue
            if isinstance(outcome, CpdsyncError):
                raise outcome
            page = parse_reply(list[EnrolledUser], outcome, PARTICIPANTS)
            pairs += [
                (u.id, courseid) for u in page if u.id in followed and (u.id, courseid) not in known
            ]
            if len(page) >= page_size:
                following[courseid] = pending[courseid] + page_size
        pending = following
    return pairs, warnings


def _participants(courseid: int, limitfrom: int, page_size: int) -> dict[str, Any]:
    options = {
        "userfields": "id",
        "onlyactive": 1,
        "limitfrom": limitfrom,
        "limitnumber": page_size,
        "sortby": "id",
        "sortdirection": "ASC",
    }
    return {
        "courseid": courseid,
        "options": [{"name": name, "value": value} for name, value in options.items()],
    }


def _warning(error: MoodleSkippableError, courseid: int) -> FetchWarning:
    return FetchWarning(
        code=error.errorcode or type(error).__name__,
        message=error.message,
        wsfunction=error.wsfunction,
        courseid=courseid,
    )

"""The "plugin" completion strategy: exact completion times from the local_cpdsync Moodle plugin.

local_cpdsync_get_course_completions pages through Moodle's course_completions table in
(timecompleted, id) order after a cursor, so a sync costs one call per page of completions
dated after ``since`` (O(new completions / page size)), and every time is the course's own
completion time (source "plugin").

Resets (completions deleted by a course reset or a recompletion tool) leave no row to read, so
they are found two ways:

- a full read (``since`` is None) sees every completion Moodle holds: a held pair it does not
  return was reset;
- an incremental read asks local_cpdsync_get_completion_counts for the completions per course;
  a course holding fewer completions in Moodle than cpdsync holds for it lost some, and only
  that course is read again, whole, to learn which. A reset hidden by completions of people
  cpdsync does not follow (Moodle's count includes them) is found by the next full read
  (``cpdsync sync --full``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence

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
from cpdsync.errors import MoodleRequestError

COMPLETIONS_FUNCTION = "local_cpdsync_get_course_completions"
COUNTS_FUNCTION = "local_cpdsync_get_completion_counts"

Pair = tuple[int, int]  # (userid, courseid)


class _Reply(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class PluginCompletion(_Reply):
    id: int
    userid: int
    course: int
    timeenrolled: int = 0
    timestarted: int = 0
    timecompleted: int


class CompletionsPage(_Reply):
    """local_cpdsync_get_course_completions."""

    completions: list[PluginCompletion]
    nextsince: int
    nextafterid: int
    hasmore: bool


class CourseCount(_Reply):
    course: int
    completions: int


class CompletionCounts(_Reply):
    """local_cpdsync_get_completion_counts."""

    courses: list[CourseCount]


def read_completions(
    client: MoodleClient,
    *,
    since: int = 0,
    courseid: int = 0,
    page_size: int = limits.PLUGIN_PAGE_SIZE,
) -> Iterator[PluginCompletion]:
    """Yield every completion dated at or after ``since`` (of one course when ``courseid``),
    oldest first, one call per page; raise MoodleRequestError when Moodle's cursor does not
    move forward (a plugin fault that would otherwise loop for ever)."""
    cursor = (since, 0)
    while True:
        params = {"since": cursor[0], "afterid": cursor[1], "limit": page_size}
        if courseid:
            params["courseid"] = courseid
        page = parse_reply(
            CompletionsPage, client.call(COMPLETIONS_FUNCTION, params), COMPLETIONS_FUNCTION
        )
        yield from page.completions
        if not page.hasmore:
            return
        following = (page.nextsince, page.nextafterid)
        if following <= cursor or not page.completions:
            raise MoodleRequestError(
                f"{COMPLETIONS_FUNCTION} said more completions follow but did not move its "
                f"cursor past since={cursor[0]}, afterid={cursor[1]}; upgrade the local_cpdsync "
                "plugin, or set sync.strategy = batched until it is fixed",
                wsfunction=COMPLETIONS_FUNCTION,
            )
        cursor = following


def read_counts(client: MoodleClient) -> dict[int, int]:
    """Return Moodle's number of completions per course (courses with none are left out)."""
    reply = parse_reply(CompletionCounts, client.call(COUNTS_FUNCTION), COUNTS_FUNCTION)
    return {item.course: item.completions for item in reply.courses}


def fetch_plugin(
    client: MoodleClient,
    *,
    site: SiteFacts,
    workers: Sequence[MoodleWorker],
    courses: Sequence[MoodleCourse],
    known: set[Pair],
    since: int | None,
    now: Callable[[], int],
) -> CompletionBatch:
    """Return the completions of ``workers`` in ``courses`` dated at or after ``since`` (all of
    them when None), each with its exact time, and the held pairs Moodle no longer holds; raise
    Moodle* errors when the plugin cannot be called."""
    worker_ids = {w.id for w in workers}
    course_ids = {c.id for c in courses}
    batch = CompletionBatch(strategy="plugin")

    def followed(row: PluginCompletion) -> bool:
        return row.userid in worker_ids and row.course in course_ids

    # A held pair is judged only while its worker and course are still visible to the token:
    # a course hidden from it is not a course whose completions were reset.
    judged = {pair for pair in known if pair[0] in worker_ids and pair[1] in course_ids}

    seen: set[Pair] = set()
    for row in read_completions(client, since=since or 0):
        if followed(row):
            batch.observations.append(_observation(row))
            seen.add((row.userid, row.course))
        else:
            batch.unknown[(row.userid, row.course)] = row.timecompleted
    if since is None:
        batch.reported_incomplete = judged - seen
        return batch

    if COUNTS_FUNCTION not in site.functions:
        batch.warnings.append(_no_counts_warning())
        return batch
    _reread_shrunk_courses(client, batch, known, seen, judged, followed)
    return batch


def _no_counts_warning() -> FetchWarning:
    return FetchWarning(
        code="nocounts",
        message=(
            f"{COUNTS_FUNCTION} is not in the token's service, so completions reset in "
            "Moodle are found only by a full sync (cpdsync sync --full); upgrade the "
            "local_cpdsync plugin and use its cpdsync service"
        ),
        wsfunction=COUNTS_FUNCTION,
    )


def _reread_shrunk_courses(
    client: MoodleClient,
    batch: CompletionBatch,
    known: set[Pair],
    seen: set[Pair],
    judged: set[Pair],
    followed: Callable[[PluginCompletion], bool],
) -> None:
    """Re-read every course now holding fewer completions in Moodle than cpdsync holds: the
    held pairs missing from it were deleted (a reset), and any pair it shows that is new to
    cpdsync is recorded too."""
    held = Counter(courseid for _, courseid in known)
    moodle = read_counts(client)
    for courseid in sorted(held):
        if moodle.get(courseid, 0) >= held[courseid]:
            continue
        present: set[Pair] = set()
        for row in read_completions(client, courseid=courseid):
            pair = (row.userid, row.course)
            present.add(pair)
            if pair not in known and pair not in seen and followed(row):
                batch.observations.append(_observation(row))
        batch.reported_incomplete |= {
            pair for pair in judged if pair[1] == courseid and pair not in present
        }


def _observation(row: PluginCompletion) -> CompletionObservation:
    return CompletionObservation(
        userid=row.userid, courseid=row.course, timecompleted=row.timecompleted, source="plugin"
    )

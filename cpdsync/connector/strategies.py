"""Completion discovery: which strategy to use, and the two that need no Moodle plugin.

"standard" and "batched" read each worker's active enrolments (core_enrol_get_users_courses;
"batched" sends them through tool_mobile_call_external_functions), and ask for completion
status only where Moodle newly reports a completion (not in ``known``). Hidden courses are
missing from those lists, so their active participants are asked about directly
(connector/hidden_courses.py).
Moodle gives no course completion time, only per-criterion times, so the time recorded is the
latest criterion time (source "criteria_latest": what Moodle's cron writes as the course time);
when no criterion carries a time, or the course has no criteria to ask about, the time the
sync saw it (source "observed"). These strategies cannot see completions on ended or suspended
enrolments, and ignore ``since``: the ``known`` set is what keeps them from re-reading.
"plugin" and "report" live in their own modules and are added to FETCHERS.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Protocol

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
from cpdsync.connector.hidden_courses import NOT_TRACKED, hidden_course_pairs
from cpdsync.connector.mobile_batch import call_all, call_batched
from cpdsync.connector.needs import (
    PLUGIN_FUNCTION,
    REPORT_FUNCTION,
    STATUS_FUNCTION,
    STRATEGY_FUNCTIONS,
    how_to_allow,
    missing_functions,
)
from cpdsync.connector.plugin_strategy import fetch_plugin
from cpdsync.connector.replies import CompletionStatus, UserCourse, parse_reply
from cpdsync.connector.report_strategy import fetch_report
from cpdsync.errors import (
    ConfigError,
    CpdsyncError,
    MoodleError,
    MoodleFatalError,
    MoodleSkippableError,
)

USERS_COURSES = "core_enrol_get_users_courses"
# The strategies that read every worker's course list: it carries course idnumbers, so the
# catalogue read need not resolve withheld ones separately (reads.get_courses).
SWEEPING_STRATEGIES = frozenset({"standard", "batched"})
# The strategies that may send their calls through tool_mobile_call_external_functions when
# the token may call it. "standard" stays one call per request by design: it is the strategy
# for a service that cannot batch.
BATCHING_STRATEGIES = frozenset({"batched", "report", "plugin"})
Pair = tuple[int, int]  # (userid, courseid)


class Fetcher(Protocol):
    def __call__(
        self,
        client: MoodleClient,
        *,
        site: SiteFacts,
        workers: Sequence[MoodleWorker],
        courses: Sequence[MoodleCourse],
        known: set[Pair],
        since: int | None,
        now: Callable[[], int],
    ) -> CompletionBatch: ...


def choose_strategy(requested: str, site: SiteFacts, *, report_id: int | None = None) -> str:
    """Return the strategy to use: ``auto`` picks plugin > report > batched > standard by what
    the token may call; raise MoodleFatalError naming the functions to add when the requested
    (or, for auto, the simplest) strategy cannot run, ConfigError when it is unknown."""
    if requested == "auto":
        if PLUGIN_FUNCTION in site.functions:
            return "plugin"
        if report_id is not None and REPORT_FUNCTION in site.functions:
            return "report"
        if not missing_functions("batched", site):
            return "batched"
        requested = "standard"
    if requested not in STRATEGY_FUNCTIONS:
        raise ConfigError(
            f"sync.strategy = {requested!r} is not a strategy; use one of auto, "
            + ", ".join(STRATEGY_FUNCTIONS),
            key="sync.strategy",
        )
    if requested == "report" and report_id is None:
        raise ConfigError(
            "sync.strategy = report needs sync.report_id, the id of the completions report",
            key="sync.report_id",
        )
    missing = missing_functions(requested, site)
    if missing:
        raise MoodleFatalError(
            f"the {requested} completion strategy needs {', '.join(missing)}, which the token "
            "may not call: " + "; ".join(how_to_allow(name) for name in missing),
            wsfunction=missing[0],
            errorcode="accessexception",
        )
    return requested


def fetch_completions(
    client: MoodleClient,
    strategy: str,
    *,
    site: SiteFacts,
    workers: Sequence[MoodleWorker],
    courses: Sequence[MoodleCourse],
    known: set[Pair],
    since: int | None,
    now: Callable[[], int] | None = None,
    report_id: int | None = None,
) -> CompletionBatch:
    """Return what ``strategy`` finds: completions not in ``known``, pairs Moodle reports as
    incomplete, and a warning per record it could not read; raise Moodle* errors for anything
    that stops the run."""
    fetcher = FETCHERS.get(strategy)
    if fetcher is None:
        raise ConfigError(
            f"the {strategy!r} completion strategy is not available in this version",
            key="sync.strategy",
        )
    if strategy == "report":  # the only strategy with a setting of its own (sync.report_id)
        fetcher = partial(fetch_report, report_id=report_id)
    batch = fetcher(
        client,
        site=site,
        workers=workers,
        courses=courses,
        known=known,
        since=since,
        now=now or (lambda: int(time.time())),
    )
    batch.strategy = strategy
    return batch


def fetch_standard(
    client: MoodleClient,
    *,
    site: SiteFacts,
    workers: Sequence[MoodleWorker],
    courses: Sequence[MoodleCourse],
    known: set[Pair],
    since: int | None,
    now: Callable[[], int],
) -> CompletionBatch:
    """One completion-status call per new completion, max_in_flight at once."""
    batch, to_check = _discover(client, workers, courses, known, now=now)
    hidden = _add_hidden(client, batch, to_check, workers, courses, known, batched=False)
    outcomes = client.call_many(
        [(STATUS_FUNCTION, {"courseid": c, "userid": u}) for u, c in to_check]
    )
    _read_statuses(batch, to_check, outcomes, hidden, now)
    return batch


def fetch_batched(
    client: MoodleClient,
    *,
    site: SiteFacts,
    workers: Sequence[MoodleWorker],
    courses: Sequence[MoodleCourse],
    known: set[Pair],
    since: int | None,
    now: Callable[[], int],
    batch_size: int = limits.BATCH_SIZE,
) -> CompletionBatch:
    """Like ``fetch_standard``, but both the per-worker course lists and the completion-status
    calls go through tool_mobile_call_external_functions (see connector/batch.py): about
    W / USERS_COURSES_BATCH_SIZE + new / BATCH_SIZE requests instead of W + new."""
    batch, to_check = _discover(
        client, workers, courses, known, now=now, chunk_size=limits.USERS_COURSES_BATCH_SIZE
    )
    hidden = _add_hidden(client, batch, to_check, workers, courses, known, batched=True)
    outcomes = call_batched(
        client,
        STATUS_FUNCTION,
        [{"courseid": c, "userid": u} for u, c in to_check],
        chunk_size=batch_size,
    )
    _read_statuses(batch, to_check, outcomes, hidden, now)
    return batch


def _add_hidden(
    client: MoodleClient,
    batch: CompletionBatch,
    to_check: list[Pair],
    workers: Sequence[MoodleWorker],
    courses: Sequence[MoodleCourse],
    known: set[Pair],
    *,
    batched: bool,
) -> set[Pair]:
    """Add the hidden courses' new pairs to ``to_check`` (see connector/hidden_courses.py);
    return them."""
    pairs, warnings = hidden_course_pairs(client, workers, courses, known, batched=batched)
    batch.warnings += warnings
    listed = set(to_check)
    hidden = {pair for pair in pairs if pair not in listed}
    to_check += [pair for pair in pairs if pair in hidden]
    return hidden


def _read_statuses(
    batch: CompletionBatch,
    to_check: list[Pair],
    outcomes: Sequence[object],
    hidden: set[Pair],
    now: Callable[[], int],
) -> None:
    for pair, outcome in zip(to_check, outcomes, strict=True):
        if isinstance(outcome, MoodleSkippableError):
            if pair in hidden and outcome.errorcode == NOT_TRACKED:
                continue  # a teacher of a hidden course: completion does not track them
            batch.warnings.append(_warning(outcome, pair))
            continue
        if isinstance(outcome, CpdsyncError):
            raise outcome
        _observe(batch, pair, parse_reply(CompletionStatus, outcome, STATUS_FUNCTION), now)


def _discover(
    client: MoodleClient,
    workers: Sequence[MoodleWorker],
    courses: Iterable[MoodleCourse],
    known: set[Pair],
    *,
    now: Callable[[], int],
    chunk_size: int | None = None,
) -> tuple[CompletionBatch, list[Pair]]:
    """Read each worker's courses (batched ``chunk_size`` at a time when given); return the
    batch so far and the new completions to check."""
    batch = CompletionBatch()
    course_ids = {c.id for c in courses}
    to_check: list[Pair] = []
    outcomes = call_all(
        client, USERS_COURSES, [{"userid": w.id} for w in workers], chunk_size=chunk_size
    )
    for worker, outcome in zip(workers, outcomes, strict=True):
        if isinstance(outcome, MoodleSkippableError):
            batch.warnings.append(_warning(outcome, (worker.id, None)))
            continue
        if isinstance(outcome, CpdsyncError):
            raise outcome
        for course in parse_reply(list[UserCourse], outcome, USERS_COURSES):
            if course.idnumber is not None:
                # Moodle gives idnumbers here even when the course list withholds them.
                batch.course_idnumbers.setdefault(course.id, course.idnumber)
            pair = (worker.id, course.id)
            if course.id not in course_ids:
                if course.completed is True:
                    batch.unknown.setdefault(pair, None)
                continue
            if course.completed is True and pair not in known:
                if course.completionhascriteria is False:
                    # Complete with no criteria (an override or import): status would answer
                    # nocriteriaset, and there is no criterion time to read.
                    batch.observations.append(
                        CompletionObservation(worker.id, course.id, now(), "observed")
                    )
                else:
                    to_check.append(pair)
            elif course.completed is True:
                batch.confirmed.add(pair)
            elif course.completed is False and course.completionhascriteria is not False:
                batch.reported_incomplete.add(pair)
    return batch, to_check


def _observe(
    batch: CompletionBatch, pair: Pair, status: CompletionStatus, now: Callable[[], int]
) -> None:
    if not status.completionstatus.completed:
        # Reset between the two reads; the next run sees it as incomplete.
        return
    latest = status.latest_criterion_time()
    userid, courseid = pair
    batch.observations.append(
        CompletionObservation(
            userid=userid,
            courseid=courseid,
            timecompleted=latest if latest is not None else now(),
            source="criteria_latest" if latest is not None else "observed",
        )
    )


def _warning(error: MoodleError, pair: tuple[int, int | None]) -> FetchWarning:
    return FetchWarning(
        code=error.errorcode or type(error).__name__,
        message=error.message,
        wsfunction=error.wsfunction,
        userid=pair[0],
        courseid=pair[1],
    )


# Strategy name -> fetcher. The plugin and report strategies add themselves here.
FETCHERS: dict[str, Fetcher] = {
    "standard": fetch_standard,
    "batched": fetch_batched,
    "plugin": fetch_plugin,
    "report": fetch_report,
}

"""What the connector hands to the sync: plain, typed facts about one Moodle site.

The sync (cpdsync/app/sync.py) depends only on these types and on the functions documented in
docs/architecture.md; Moodle's wire format stays inside the connector.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# Where a completion time came from, most exact first.
#   plugin            local_cpdsync read course_completions.timecompleted (exact)
#   report            a report-builder report's completion-time column (exact to the minute)
#   criteria_latest   the latest criterion time in completion status (what cron writes; approximate
#                     when the course was marked complete some other way)
#   observed          no time was available; the time the sync first saw the course completed
DateSource = Literal["plugin", "report", "criteria_latest", "observed"]
DATE_SOURCES: tuple[str, ...] = ("plugin", "report", "criteria_latest", "observed")


@dataclass(frozen=True)
class SiteFacts:
    url: str
    sitename: str
    release: str
    version: str
    userid: int  # the integration user
    functions: frozenset[str]
    # Each function's version as site info gives it (a plugin's: the plugin's version).
    versions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CategoryFacts:
    id: int
    name: str
    parent: int
    path: str  # "Safeguarding / Children"


@dataclass(frozen=True)
class MoodleCourse:
    id: int
    shortname: str
    fullname: str
    idnumber: str | None  # None when Moodle withheld it and no course list carried it
    categoryid: int
    visible: bool | None  # None when Moodle withholds it from the token
    enablecompletion: bool | None
    tags: tuple[str, ...] = ()
    customfields: dict[str, str] = field(default_factory=dict)
    summary: str = ""  # the course summary as Moodle gives it (HTML)


@dataclass(frozen=True)
class MoodleWorker:
    id: int
    username: str
    email: str
    idnumber: str
    firstname: str
    lastname: str
    fullname: str
    suspended: bool
    profile: dict[str, str] = field(default_factory=dict)  # custom profile fields by shortname


@dataclass(frozen=True)
class CompletionObservation:
    """Moodle reports that ``userid`` completed ``courseid`` at ``timecompleted`` (Unix seconds)."""

    userid: int
    courseid: int
    timecompleted: int
    source: DateSource


@dataclass(frozen=True)
class FetchWarning:
    """One record that could not be read; the run counts it and goes on."""

    code: str  # Moodle errorcode, e.g. nocriteriaset, usernotenroled, requireloginerror
    message: str
    wsfunction: str | None = None
    userid: int | None = None
    courseid: int | None = None


@dataclass
class CompletionBatch:
    """What a completion strategy found in one run.

    ``reported_incomplete`` holds (userid, courseid) pairs Moodle positively reported as NOT
    complete in this run (an active enrolment with completed == false): a held completion for
    such a pair was reset in Moodle. A pair Moodle did not report at all (enrolment ended,
    course hidden) says nothing, so it is never taken as a reset.
    """

    observations: list[CompletionObservation] = field(default_factory=list)
    reported_incomplete: set[tuple[int, int]] = field(default_factory=set)
    warnings: list[FetchWarning] = field(default_factory=list)
    strategy: str = ""
    cursor: str | None = None  # strategy-specific position to resume from next run
    # Completions Moodle reported for a worker or course not in the lists the strategy was
    # given, with their time when the strategy knows it: the sync's catalogue may be stale.
    unknown: dict[tuple[int, int], int | None] = field(default_factory=dict)
    # Course idnumbers seen on the way (the per-worker course lists carry them).
    course_idnumbers: dict[int, str] = field(default_factory=dict)
    # Held completions (pairs of ``known``) Moodle reported complete again without their
    # detail being read again: read, and unchanged.
    confirmed: set[tuple[int, int]] = field(default_factory=set)

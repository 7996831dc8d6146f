"""Typed reads of a Moodle site: site facts, categories, courses, workers.

Course idnumbers: core_course_get_courses(_by_field) withhold ``idnumber`` unless the token's
user holds moodle/course:update, a write capability cpdsync should not need. But
core_enrol_get_users_courses returns ``idnumber`` for every course it lists. So when idnumbers
are withheld, ``get_courses`` asks, for each course still unresolved, for one actively enrolled
user and reads that user's course list, which resolves every course that user is in at once.
A course with no active enrolment (or a hidden one) gets None: unknown, which is not the
same as empty, so the idnumber held for it stays. See docs/moodle.md. With ``batched``, the
per-course and per-user calls go through tool_mobile_call_external_functions
(connector/mobile_batch.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from cpdsync.connector import limits
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.facts import (
    CategoryFacts,
    FetchWarning,
    MoodleCourse,
    MoodleWorker,
    SiteFacts,
)
from cpdsync.connector.mobile_batch import call_all, call_batched
from cpdsync.connector.replies import (
    Category,
    CoursesByField,
    EnrolledUser,
    SiteInfo,
    UserCourse,
    UserRecord,
    parse_reply,
)
from cpdsync.errors import CpdsyncError, MoodleError, MoodleSkippableError

SITE_COURSE_ID = 1  # the front page is a course too; it is never a CPD course
WORKER_FIELDS = "id,username,firstname,lastname,email,idnumber,customfields"


def get_site(client: MoodleClient) -> SiteFacts:
    """Return the site's name, release and the functions the token may call; raise Moodle*
    errors when Moodle refuses or cannot be reached."""
    fn = "core_webservice_get_site_info"
    info = parse_reply(SiteInfo, client.call(fn), fn)
    return SiteFacts(
        url=client.url,
        sitename=info.sitename,
        release=info.release,
        version=info.version,
        userid=info.userid,
        functions=frozenset(f.name for f in info.functions),
        versions={f.name: f.version for f in info.functions},
    )


def get_categories(client: MoodleClient) -> list[CategoryFacts]:
    """Return every category with its path of names ("Safeguarding / Children")."""
    fn = "core_course_get_categories"
    categories = parse_reply(list[Category], client.call(fn), fn)
    by_id = {c.id: c for c in categories}

    def path(category: Category) -> str:
        names: list[str] = []
        seen: set[int] = set()
        current: Category | None = category
        while current is not None and current.id not in seen:
            seen.add(current.id)
            names.append(current.name)
            current = by_id.get(current.parent)
        return " / ".join(reversed(names))

    return [CategoryFacts(id=c.id, name=c.name, parent=c.parent, path=path(c)) for c in categories]


def get_courses(
    client: MoodleClient, *, resolve_idnumbers: bool = True, batched: bool = False
) -> list[MoodleCourse]:
    """Return every course except the front page, with idnumbers resolved as the module
    docstring explains (None where unresolved, and when ``resolve_idnumbers`` is off, for a
    caller that reads the course lists anyway), sending the resolving calls through
    tool_mobile_call_external_functions when ``batched``; raise Moodle* errors when Moodle
    refuses."""
    fn = "core_course_get_courses_by_field"
    reply = parse_reply(CoursesByField, client.call(fn), fn)
    courses = [c for c in reply.courses if c.id != SITE_COURSE_ID]
    idnumbers = {c.id: c.idnumber for c in courses if c.idnumber is not None}
    withheld = [c.id for c in courses if c.idnumber is None]
    if withheld and resolve_idnumbers:
        if batched:
            idnumbers.update(_idnumbers_batched(client, withheld))
        else:
            idnumbers.update(_idnumbers_from_enrolments(client, withheld))
    return [
        MoodleCourse(
            id=c.id,
            shortname=c.shortname,
            fullname=c.fullname,
            idnumber=idnumbers.get(c.id),
            categoryid=c.categoryid,
            visible=c.visible,
            enablecompletion=c.enablecompletion,
            customfields={
                f.shortname: text for f in c.customfields if (text := f.as_text()) is not None
            },
            summary=c.summary,
        )
        for c in sorted(courses, key=lambda course: course.id)
    ]


def _idnumbers_from_enrolments(client: MoodleClient, course_ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for courseid in course_ids:
        if courseid in found:
            continue
        try:
            members = parse_reply(
                list[EnrolledUser],
                client.call(
                    "core_enrol_get_enrolled_users",
                    {
                        "courseid": courseid,
                        "options": _options(userfields="id", limitnumber=1, onlyactive=1),
                    },
                ),
                "core_enrol_get_enrolled_users",
            )
            if not members:
                continue
            listed = parse_reply(
                list[UserCourse],
                client.call("core_enrol_get_users_courses", {"userid": members[0].id}),
                "core_enrol_get_users_courses",
            )
        except MoodleSkippableError:
            continue
        for course in listed:
            if course.idnumber is not None:
                found.setdefault(course.id, course.idnumber)
    return found


def _idnumbers_batched(client: MoodleClient, course_ids: Sequence[int]) -> dict[int, str]:
    """Resolve withheld idnumbers in two batched rounds: one active member of each course, then
    those members' course lists (each resolves every course its user is in)."""
    firsts = call_batched(
        client,
        "core_enrol_get_enrolled_users",
        [
            {"courseid": c, "options": _options(userfields="id", limitnumber=1, onlyactive=1)}
            for c in course_ids
        ],
        chunk_size=limits.BATCH_SIZE,
    )
    members: list[int] = []
    for outcome in firsts:
        if isinstance(outcome, MoodleSkippableError):
            continue
        listed = parse_reply(list[EnrolledUser], outcome, "core_enrol_get_enrolled_users")
        if listed and listed[0].id not in members:
            members.append(listed[0].id)
    found: dict[int, str] = {}
    lists = call_batched(
        client,
        "core_enrol_get_users_courses",
        [{"userid": uid} for uid in members],
        chunk_size=limits.USERS_COURSES_BATCH_SIZE,
    )
    for outcome in lists:
        if isinstance(outcome, MoodleSkippableError):
            continue
        for course in parse_reply(list[UserCourse], outcome, "core_enrol_get_users_courses"):
            if course.idnumber is not None:
                found.setdefault(course.id, course.idnumber)
    return {courseid: found[courseid] for courseid in course_ids if courseid in found}


def _options(**values: Any) -> list[dict[str, Any]]:
    return [{"name": name, "value": value} for name, value in values.items()]


def get_workers(
    client: MoodleClient,
    courses: Iterable[MoodleCourse],
    *,
    page_size: int = limits.ENROLLED_USERS_PAGE_SIZE,
    chunk_size: int = limits.USERS_BY_FIELD_CHUNK,
    batched: bool = False,
) -> tuple[list[MoodleWorker], list[FetchWarning]]:
    """Return the users enrolled in completion-enabled courses (with suspended flag and custom
    profile fields, values verbatim) and a warning per course or user that could not be read,
    sending the calls through tool_mobile_call_external_functions when ``batched``; raise
    Moodle* errors for anything that stops the whole read."""
    warnings: list[FetchWarning] = []
    pages = limits.ENROLLED_USERS_BATCH_SIZE if batched else None
    lookups = limits.BATCH_SIZE if batched else None
    users = _enrolled_users(client, courses, page_size, warnings, pages)
    suspended = _suspended_flags(client, sorted(users), chunk_size, warnings, lookups)
    workers = [
        MoodleWorker(
            id=u.id,
            username=u.username,
            email=u.email,
            idnumber=u.idnumber,
            firstname=u.firstname,
            lastname=u.lastname,
            fullname=u.fullname or f"{u.firstname} {u.lastname}".strip(),
            suspended=suspended.get(u.id, False),
            profile=u.profile(),
        )
        for u in (users[uid] for uid in sorted(users))
    ]
    return workers, warnings


def _enrolled_users(
    client: MoodleClient,
    courses: Iterable[MoodleCourse],
    page_size: int,
    warnings: list[FetchWarning],
    batch_size: int | None,
) -> dict[int, EnrolledUser]:
    fn = "core_enrol_get_enrolled_users"
    users: dict[int, EnrolledUser] = {}
    # Next limitfrom per course; all courses' next pages go out together, max_in_flight at once.
    pending = {c.id: 0 for c in courses if c.enablecompletion is not False}
    while pending:
        order = sorted(pending)
        outcomes = call_all(
            client,
            fn,
            [
                {
                    "courseid": courseid,
                    "options": _options(
                        userfields=WORKER_FIELDS,
                        limitfrom=pending[courseid],
                        limitnumber=page_size,
                        sortby="id",
                        sortdirection="ASC",
                    ),
                }
                for courseid in order
            ],
            chunk_size=batch_size,
        )
        following: dict[int, int] = {}
        for courseid, outcome in zip(order, outcomes, strict=True):
            if isinstance(outcome, MoodleSkippableError):
                warnings.append(_warning(outcome, courseid=courseid))
                continue
            _raise_if_error(outcome)
            page = parse_reply(list[EnrolledUser], outcome, fn)
            for user in page:
                users.setdefault(user.id, user)
            if len(page) >= page_size:
                following[courseid] = pending[courseid] + page_size
        pending = following
    return users


def _suspended_flags(
    client: MoodleClient,
    user_ids: list[int],
    chunk_size: int,
    warnings: list[FetchWarning],
    batch_size: int | None,
) -> dict[int, bool]:
    fn = "core_user_get_users_by_field"
    chunks = [user_ids[i : i + chunk_size] for i in range(0, len(user_ids), chunk_size)]
    outcomes = call_all(
        client, fn, [{"field": "id", "values": chunk} for chunk in chunks], chunk_size=batch_size
    )
    flags: dict[int, bool] = {}
    for outcome in outcomes:
        _raise_if_error(outcome)
        for user in parse_reply(list[UserRecord], outcome, fn):
            flags[user.id] = user.suspended
    for uid in user_ids:
        if uid not in flags:
            # Moodle drops users it will not show (e.g. no moodle/user:viewalldetails).
            warnings.append(
                FetchWarning(
                    code="userunreadable",
                    message=(
                        f"{fn}: Moodle did not return user {uid}, so whether the account is "
                        "suspended is unknown (taken as active); give the cpdsync role "
                        "moodle/user:viewalldetails"
                    ),
                    wsfunction=fn,
                    userid=uid,
                )
            )
    return flags


def _raise_if_error(outcome: Any) -> None:
    if isinstance(outcome, CpdsyncError):
        raise outcome


def _warning(
    error: MoodleError, *, userid: int | None = None, courseid: int | None = None
) -> FetchWarning:
    return FetchWarning(
        code=error.errorcode or type(error).__name__,
        message=error.message,
        wsfunction=error.wsfunction,
        userid=userid,
        courseid=courseid,
    )

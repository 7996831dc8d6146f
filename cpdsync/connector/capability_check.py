"""What the integration role lacks, told from Moodle's answers (no function lists a token's
capabilities), and what each lack costs. Used by `cpdsync check`; a handful of calls.

- moodle/course:viewhiddencourses: category course counts include hidden courses, the course
  list leaves them out for a role without it, so fewer listed than counted means hidden courses
  the token cannot see (nor their participants, nor completion status).
- moodle/course:viewparticipants, moodle/site:viewfullnames, moodle/user:viewalldetails and
  report/completion:view: read a page of active participants of one course with completion
  tracking (names, and whether any shows the SWE-number profile field, which is visible to the
  user only unless the role holds moodle/user:viewalldetails), look one up, and ask its
  completion status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cpdsync.connector.client import MoodleClient
from cpdsync.connector.facts import SiteFacts
from cpdsync.connector.needs import STATUS_FUNCTION
from cpdsync.connector.replies import (
    Category,
    CoursesByField,
    EnrolledUser,
    UserRecord,
    parse_reply,
)
from cpdsync.errors import MoodleFatalError, MoodleSkippableError

VIEW_HIDDEN = "moodle/course:viewhiddencourses"
VIEW_DETAILS = "moodle/user:viewalldetails"
PAGE = 50  # participants read to look for the SWE-number field
PARTICIPANTS = "core_enrol_get_enrolled_users"
USERS = "core_user_get_users_by_field"


@dataclass(frozen=True)
class CapabilityFinding:
    """Whether the role holds ``capability`` (None: Moodle's answers could not tell), what was
    seen, and what lacking it costs. ``stops`` is set when a sync cannot do without it."""

    capability: str
    held: bool | None
    seen: str
    cost: str = ""
    stops: bool = False


def probe_capabilities(
    client: MoodleClient, site: SiteFacts, *, needs_status: bool, swe_field: str
) -> list[CapabilityFinding]:
    """Return a finding per capability the site's answers reveal; ``needs_status`` when the
    strategy reads completion status (the plugin-free ones), ``swe_field`` the profile field
    holding SWE numbers. Raise Moodle* errors only for refusals of the whole token (exit 3) or
    an unreachable Moodle (exit 4)."""
    needed = {"core_course_get_categories", "core_course_get_courses_by_field"}
    if not needed <= site.functions:
        return []
    courses = parse_reply(
        CoursesByField,
        client.call("core_course_get_courses_by_field"),
        "core_course_get_courses_by_field",
    ).courses
    listed = [c for c in courses if c.id != 1]
    findings = [_hidden(client, listed)]
    tracked = next((c.id for c in listed if c.enablecompletion), None)
    if tracked is not None and {PARTICIPANTS, USERS} <= site.functions:
        findings += _participant_probe(client, site, tracked, needs_status, swe_field)
    return findings


def _hidden(client: MoodleClient, listed: list[Any]) -> CapabilityFinding:
    fn = "core_course_get_categories"
    counted = sum(c.coursecount or 0 for c in parse_reply(list[Category], client.call(fn), fn))
    unseen = counted - len(listed)
    hidden = sum(1 for c in listed if c.visible is False)
    if unseen > 0:
        return CapabilityFinding(
            VIEW_HIDDEN,
            False,
            f"Moodle counts {counted} courses but lists {len(listed)} to the token: {unseen} "
            "hidden course(s) are out of its sight",
            "completions in hidden courses are never read, and a completion the plugin or a "
            "report names there cannot be stored",
        )
    seen = f"every course is listed ({hidden} of them hidden"
    seen += ": their completions are read through their participants)" if hidden else ")"
    return CapabilityFinding(VIEW_HIDDEN, True, seen)


def _participant_probe(
    client: MoodleClient, site: SiteFacts, courseid: int, needs_status: bool, swe_field: str
) -> list[CapabilityFinding]:
    options = {
        "userfields": "id,firstname,lastname,fullname,customfields",
        "limitnumber": PAGE,
        "onlyactive": 1,
    }
    params = {
        "courseid": courseid,
        "options": [{"name": k, "value": v} for k, v in options.items()],
    }
    try:
        found = parse_reply(list[EnrolledUser], client.call(PARTICIPANTS, params), PARTICIPANTS)
    except (MoodleFatalError, MoodleSkippableError) as exc:
        if exc.errorcode not in (
            "nopermissions",
            "requireloginerror",
            "errorcoursecontextnotvalid",
        ):
            raise
        return [
            CapabilityFinding(
                "moodle/course:viewparticipants",
                False,
                f"{PARTICIPANTS} for course {courseid}: {exc.errorcode}",
                "no worker can be read",
                stops=True,
            )
        ]
    if not found:
        return []
    user = found[0]
    findings = [
        CapabilityFinding(
            "moodle/course:viewparticipants", True, f"course {courseid} lists its participants"
        ),
        _fullnames(user),
        _swe_numbers(found, courseid, swe_field),
        _lookup(client, user.id),
    ]
    if needs_status and STATUS_FUNCTION in site.functions:
        findings.append(_status(client, courseid, user.id))
    return findings


def _fullnames(user: EnrolledUser) -> CapabilityFinding:
    held = bool(user.firstname or user.lastname)
    return CapabilityFinding(
        "moodle/site:viewfullnames",
        held,
        "first and last names are given" if held else "only full names are given",
        "" if held else "workers are named by their full name only",
    )


def _swe_numbers(users: list[EnrolledUser], courseid: int, swe_field: str) -> CapabilityFinding:
    shown = sum(1 for u in users if swe_field in u.profile())
    if shown:
        return CapabilityFinding(
            VIEW_DETAILS, True, f"{shown} of {len(users)} participants show {swe_field}"
        )
    return CapabilityFinding(
        VIEW_DETAILS,
        False,
        f"none of {len(users)} participants of course {courseid} shows the profile field "
        f"{swe_field} (moodle.swe_number_field): it is empty for them all, or hidden from the "
        "role",
        "no SWE number is read, so every worker shows SWE_NUMBER_MISSING",
    )


def _lookup(client: MoodleClient, userid: int) -> CapabilityFinding:
    found = parse_reply(
        list[UserRecord], client.call(USERS, {"field": "id", "values": [userid]}), USERS
    )
    if found:
        return CapabilityFinding("moodle/user:viewdetails", True, f"user {userid} can be looked up")
    return CapabilityFinding(
        "moodle/user:viewdetails",
        False,
        f"{USERS} returns nothing for user {userid}, a participant",
        "whether an account is suspended is unknown (taken as active)",
    )


def _status(client: MoodleClient, courseid: int, userid: int) -> CapabilityFinding:
    try:
        client.call(STATUS_FUNCTION, {"courseid": courseid, "userid": userid})
    except MoodleSkippableError as exc:
        # Moodle checks the capability before whether the user is tracked or the course has
        # criteria, so any other refusal means the role holds it.
        if exc.errorcode == "cannotviewreport":
            return CapabilityFinding(
                "report/completion:view",
                False,
                f"{STATUS_FUNCTION} in course {courseid} (completion on): cannotviewreport",
                "no completion can be dated or confirmed by the plugin-free strategies",
                stops=True,
            )
    return CapabilityFinding(
        "report/completion:view", True, f"completion status answers in course {courseid}"
    )

"""The web-service functions cpdsync calls, what each is for, and what the Moodle admin must
grant so the token may call it. ``cpdsync check``, ``choose_strategy`` and docs/moodle.md all
follow this one table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cpdsync.connector.facts import SiteFacts

PLUGIN_FUNCTION = "local_cpdsync_get_course_completions"
PLUGIN_COUNTS_FUNCTION = "local_cpdsync_get_completion_counts"
STATUS_FUNCTION = "core_completion_get_course_completion_status"
BATCH_FUNCTION = "tool_mobile_call_external_functions"
REPORT_FUNCTION = "core_reportbuilder_retrieve_report"
MESSAGE_FUNCTION = "core_message_send_instant_messages"
COHORTS_FUNCTION = "core_cohort_get_cohorts"
COHORT_MEMBERS_FUNCTION = "core_cohort_get_cohort_members"
PLUGIN_USERS_FUNCTION = "local_cpdsync_get_users"
PLUGIN_FIELD_USERS_FUNCTION = "local_cpdsync_get_users_with_field"
PLUGIN_FUNCTIONS = frozenset(
    {PLUGIN_FUNCTION, PLUGIN_COUNTS_FUNCTION, PLUGIN_USERS_FUNCTION, PLUGIN_FIELD_USERS_FUNCTION}
)


@dataclass(frozen=True)
class FunctionNeed:
    name: str
    purpose: str
    capabilities: tuple[str, ...] = ()


FUNCTIONS: dict[str, FunctionNeed] = {
    need.name: need
    for need in (
        FunctionNeed(
            "core_webservice_get_site_info",
            "site name, release and the functions the token may call",
        ),
        FunctionNeed(
            "core_course_get_courses_by_field",
            "courses, their completion setting, visibility and custom fields",
            ("moodle/course:view", "moodle/course:viewhiddencourses"),
        ),
        FunctionNeed(
            "core_course_get_categories",
            "category names for mapping rules",
            ("moodle/category:viewhiddencategories",),
        ),
        FunctionNeed(
            "core_enrol_get_enrolled_users",
            "the workers enrolled in each course, with custom profile fields",
            (
                "moodle/course:viewparticipants",
                "moodle/course:enrolreview",
                "moodle/user:viewdetails",
                "moodle/user:viewalldetails",
                "moodle/site:viewuseridentity",
            ),
        ),
        FunctionNeed(
            "core_user_get_users_by_field",
            "whether each worker's account is suspended",
            ("moodle/user:viewdetails", "moodle/user:viewalldetails"),
        ),
        FunctionNeed(
            "core_enrol_get_users_courses",
            "each worker's courses and whether each is complete; course idnumbers",
            ("moodle/course:viewparticipants",),
        ),
        FunctionNeed(
            STATUS_FUNCTION,
            "the completion criteria times of a newly completed course",
            ("report/completion:view",),
        ),
        FunctionNeed(
            BATCH_FUNCTION,
            "many calls in one request: course lists, enrolments, completion status",
        ),
        FunctionNeed(
            REPORT_FUNCTION,
            "exact completion times from a report-builder report",
            ("moodle/reportbuilder:view",),
        ),
        FunctionNeed(
            PLUGIN_FUNCTION,
            "exact completion times from the local_cpdsync plugin",
            ("local/cpdsync:viewcompletions",),
        ),
        FunctionNeed(
            PLUGIN_COUNTS_FUNCTION,
            "completions per course, to notice completions reset in Moodle",
            ("local/cpdsync:viewcompletions",),
        ),
        FunctionNeed(
            COHORTS_FUNCTION,
            "the cohorts named in workers.cohorts (the roster)",
            ("moodle/cohort:view",),
        ),
        FunctionNeed(
            COHORT_MEMBERS_FUNCTION,
            "the members of those cohorts: who the workers are",
            ("moodle/cohort:view",),
        ),
        FunctionNeed(
            PLUGIN_FIELD_USERS_FUNCTION,
            "the users with workers.with_profile_field set (the roster), from the plugin",
            ("local/cpdsync:sync",),
        ),
        FunctionNeed(
            PLUGIN_USERS_FUNCTION,
            "roster members' profiles in few calls, from the plugin",
            ("local/cpdsync:sync",),
        ),
        FunctionNeed(
            MESSAGE_FUNCTION,
            "readiness reminders to workers (notify.moodle_messages)",
            ("moodle/site:sendmessage",),
        ),
    )
}

COMMON_FUNCTIONS: tuple[str, ...] = (
    "core_webservice_get_site_info",
    "core_course_get_courses_by_field",
    "core_course_get_categories",
    "core_enrol_get_enrolled_users",
    "core_user_get_users_by_field",
    "core_enrol_get_users_courses",
)

# The functions each completion strategy calls on top of COMMON_FUNCTIONS.
STRATEGY_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "standard": (STATUS_FUNCTION,),
    "batched": (BATCH_FUNCTION, STATUS_FUNCTION),
    "report": (REPORT_FUNCTION,),
    "plugin": (PLUGIN_FUNCTION, PLUGIN_COUNTS_FUNCTION),
}


def roster_functions(*, cohorts: bool, profile_field: bool) -> tuple[str, ...]:
    """Return the functions reading the roster needs on top of COMMON_FUNCTIONS: the cohort
    functions for ``cohorts``, the plugin's for ``profile_field`` (an HR roster needs only
    core_user_get_users_by_field, which is common)."""
    needed: tuple[str, ...] = ()
    if cohorts:
        needed += (COHORTS_FUNCTION, COHORT_MEMBERS_FUNCTION)
    if profile_field:
        needed += (PLUGIN_FIELD_USERS_FUNCTION,)
    return needed


# The oldest local_cpdsync version (its $plugin->version, which site info gives as each of its
# functions' version) whose functions cpdsync calls as they are; docs/moodle-plugin.md.
PLUGIN_MIN_VERSIONS: dict[str, str] = {
    PLUGIN_FUNCTION: "2026112200",
    PLUGIN_COUNTS_FUNCTION: "2026112200",
    PLUGIN_FIELD_USERS_FUNCTION: "2026113000",
}


def outdated_plugin_functions(
    functions: Iterable[str], site: SiteFacts
) -> list[tuple[str, str, str]]:
    """Return (function, version found, version needed) for each of ``functions`` (those a
    sync will call) that is a plugin function older than cpdsync needs."""
    out = []
    for name in functions:
        needed = PLUGIN_MIN_VERSIONS.get(name)
        found = site.versions.get(name, "")
        if needed and name in site.functions and found < needed:
            out.append((name, found or "unknown", needed))
    return out


def required_functions(strategy: str) -> tuple[str, ...]:
    """Return every function ``strategy`` needs, common ones first."""
    return COMMON_FUNCTIONS + STRATEGY_FUNCTIONS.get(strategy, ())


def missing_functions(strategy: str, site: SiteFacts) -> list[str]:
    """Return the functions ``strategy`` needs that the token may not call."""
    return [name for name in required_functions(strategy) if name not in site.functions]


def how_to_allow(name: str) -> str:
    """Return what the Moodle admin must do so the token may call ``name``."""
    need = FUNCTIONS.get(name)
    text = (
        f"add {name} to the cpdsync external service "
        "(Site administration > Server > Web services > External services > Functions)"
    )
    if name in PLUGIN_FUNCTIONS:
        text = "install the local_cpdsync plugin, then " + text
    if need and need.capabilities:
        text += "; the cpdsync role needs " + ", ".join(need.capabilities)
    return text

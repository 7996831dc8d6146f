"""The web-service functions the simulator serves, and the checks Moodle makes before one runs.

To add a function, add an entry to HANDLERS from your own module::

    from cpdsync.simulator.dispatch import HANDLERS
    HANDLERS["local_cpdsync_get_completions"] = my_handler

A handler is ``handler(site, state, params) -> reply``:

- ``site`` (SiteIndex) is the dataset with its lookups (``site.data`` is the Dataset);
- ``state`` (State) holds the clock (``state.now()``), capabilities and switches;
- ``params`` is the request's parameters after PHP's bracket decoding (or the JSON
  ``arguments`` of a batched sub-call), not yet checked: call
  ``params.validate(params, SPEC)`` first so a wrong parameter fails as Moodle's does;
- it returns the JSON-ready reply, or raises ``replies.WsError`` for a Moodle exception.

Functions whose names start with ``local_`` belong to a Moodle plugin and are left out of the
default service; name them in ``functions=`` to serve them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cpdsync.simulator import (
    cohort_functions,
    completion_functions,
    course_functions,
    mobile_functions,
    plugin_functions,
    plugin_user_functions,
    report_functions,
    user_functions,
)
from cpdsync.simulator import shapes as r
from cpdsync.simulator.dataset import SiteIndex
from cpdsync.simulator.params import InvalidParameter
from cpdsync.simulator.site_state import State

Handler = Callable[[SiteIndex, State, dict[str, Any]], Any]

HANDLERS: dict[str, Handler] = {
    "core_webservice_get_site_info": course_functions.get_site_info,
    "core_course_get_courses": course_functions.get_courses,
    "core_course_get_courses_by_field": course_functions.get_courses_by_field,
    "core_course_get_categories": course_functions.get_categories,
    "core_enrol_get_enrolled_users": user_functions.get_enrolled_users,
    "core_enrol_get_users_courses": user_functions.get_users_courses,
    "core_user_get_users": user_functions.get_users,
    "core_user_get_users_by_field": user_functions.get_users_by_field,
    "core_cohort_get_cohorts": cohort_functions.get_cohorts,
    "core_cohort_get_cohort_members": cohort_functions.get_cohort_members,
    "core_completion_get_course_completion_status": (
        completion_functions.get_course_completion_status
    ),
    "core_completion_get_activities_completion_status": (
        completion_functions.get_activities_completion_status
    ),
    "core_message_send_instant_messages": mobile_functions.send_instant_messages,
    "tool_mobile_call_external_functions": mobile_functions.call_external_functions,
    "core_reportbuilder_retrieve_report": report_functions.retrieve_report,
    "local_cpdsync_get_course_completions": plugin_functions.get_course_completions,
    "local_cpdsync_get_completion_counts": plugin_functions.get_completion_counts,
    "local_cpdsync_get_users": plugin_user_functions.get_users,
    "local_cpdsync_get_users_with_field": plugin_user_functions.get_users_with_field,
}

# Real Moodle functions the simulator does not serve: outside the service they are refused
# with accessexception (as on a real site), where a made-up name gets invalidrecord.
OTHER_MOODLE_FUNCTIONS = frozenset(
    {
        "core_course_get_contents",
        "core_course_search_courses",
        "core_course_get_course_module",
        "core_user_create_users",
        "core_competency_list_competency_frameworks",
        "core_competency_list_competencies",
        "tool_lp_data_for_course_competencies_page",
        "core_reportbuilder_list_reports",
    }
)


def default_service() -> tuple[str, ...]:
    """Return the functions of the simulated service when none are named: all but plugins'."""
    return tuple(name for name in HANDLERS if not name.startswith("local_"))


def dispatch(site: SiteIndex, state: State, wsfunction: str, params: dict[str, Any]) -> Any:
    """Return the reply of ``wsfunction``; raise WsError as Moodle would refuse the call."""
    if wsfunction not in HANDLERS and wsfunction not in OTHER_MOODLE_FUNCTIONS:
        raise r.missing_record("external_functions")
    if wsfunction not in state.functions or wsfunction not in HANDLERS:
        raise r.access_exception()
    return run(site, state, wsfunction, params)


def run(site: SiteIndex, state: State, wsfunction: str, params: dict[str, Any]) -> Any:
    """Return the reply of a served ``wsfunction``; raise WsError (invalidparameter included)."""
    try:
        return HANDLERS[wsfunction](site, state, params)
    except InvalidParameter as exc:
        raise r.invalid_parameter() from exc

"""Typed shapes of the Moodle replies cpdsync reads, tolerant of the quirks real Moodle 4.5
showed (see tests/fixtures/moodle): 0/1 ints where bools are meant, versions as strings,
``valueraw`` as number, ``""`` or null, ``timecompleted`` null, unknown fields everywhere.

``parse_reply`` is the only way in: a reply that does not fit becomes a MoodleRequestError that
names the web-service function.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, TypeAdapter, ValidationError

from cpdsync.errors import MoodleRequestError

T = TypeVar("T")


def _to_text(value: Any) -> Any:
    # Moodle sends versions, ids and profile values sometimes as numbers, sometimes as text.
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    return value


def _none_to_empty(value: Any) -> Any:
    return "" if value is None else _to_text(value)


Text = Annotated[str, BeforeValidator(_to_text)]
TextOrEmpty = Annotated[str, BeforeValidator(_none_to_empty)]


class _Reply(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class SiteFunction(_Reply):
    name: str
    version: Text = ""


class SiteInfo(_Reply):
    """core_webservice_get_site_info."""

    sitename: str
    userid: int
    release: Text = ""
    version: Text = ""
    siteurl: str = ""
    functions: list[SiteFunction] = []


class Category(_Reply):
    """One item of core_course_get_categories."""

    id: int
    name: str
    parent: int = 0
    coursecount: int | None = None  # every course in it, hidden ones too


class CourseCustomField(_Reply):
    shortname: str
    type: str = ""
    # A number field gives a JSON number, an empty text field "", an unset field null.
    valueraw: int | float | str | None = None
    value: str | None = None

    def as_text(self) -> str | None:
        """Return the stored value verbatim as text, or None when the field is empty."""
        if self.valueraw is None or self.valueraw == "":
            return None
        return str(self.valueraw)


class Course(_Reply):
    """One course of core_course_get_courses_by_field (idnumber withheld without
    moodle/course:update)."""

    id: int
    shortname: str
    fullname: str
    idnumber: str | None = None
    categoryid: int = 0
    visible: bool | None = None
    enablecompletion: bool | None = None
    customfields: list[CourseCustomField] = []
    summary: str = ""


class CoursesByField(_Reply):
    courses: list[Course]
    warnings: list[dict[str, Any]] = []


class ProfileField(_Reply):
    shortname: str
    value: TextOrEmpty = ""


class EnrolledUser(_Reply):
    """One user of core_enrol_get_enrolled_users (trimmed with ``userfields``)."""

    id: int
    username: TextOrEmpty = ""
    email: TextOrEmpty = ""
    idnumber: TextOrEmpty = ""
    firstname: TextOrEmpty = ""
    lastname: TextOrEmpty = ""
    fullname: TextOrEmpty = ""
    customfields: list[ProfileField] = []

    def profile(self) -> dict[str, str]:
        """Return the custom profile fields by shortname, values verbatim."""
        return {field.shortname: field.value for field in self.customfields}


class UserRecord(EnrolledUser):
    """One user of core_user_get_users_by_field: adds ``suspended``."""

    suspended: bool = False


class PluginUsersPage(_Reply):
    """local_cpdsync_get_users and local_cpdsync_get_users_with_field: a keyset page."""

    users: list[UserRecord]
    nextafterid: int
    hasmore: bool


class CohortRecord(_Reply):
    """One cohort of core_cohort_get_cohorts."""

    id: int
    name: str
    idnumber: TextOrEmpty = ""
    visible: bool = True


class CohortMembers(_Reply):
    """One item of core_cohort_get_cohort_members."""

    cohortid: int
    userids: list[int] = []


class UserCourse(_Reply):
    """One course of core_enrol_get_users_courses (active enrolments only)."""

    id: int
    shortname: str = ""
    fullname: str = ""
    idnumber: str | None = None
    category: int | None = None
    visible: bool | None = None
    enablecompletion: bool | None = None
    # null when the course has completion disabled.
    completed: bool | None = None
    # 100, a float share of tracked activities done, or null.
    progress: float | None = None
    # False for a course with completion enabled but no criteria: completion status can then
    # only answer nocriteriaset, and completed=false says nothing about resets.
    completionhascriteria: bool | None = None


class CompletionCriterion(_Reply):
    type: int = 0
    complete: bool = False
    timecompleted: int | None = None  # null while not complete


class CompletionState(_Reply):
    completed: bool
    aggregation: int | None = None
    completions: list[CompletionCriterion] = []


class CompletionStatus(_Reply):
    """core_completion_get_course_completion_status."""

    completionstatus: CompletionState
    warnings: list[dict[str, Any]] = []

    def latest_criterion_time(self) -> int | None:
        """Return the latest completed criterion's time (what cron records as the course's
        completion time), or None when no criterion carries one."""
        times = [c.timecompleted for c in self.completionstatus.completions if c.timecompleted]
        return max(times) if times else None


class BatchItem(_Reply):
    """One sub-call result of tool_mobile_call_external_functions: ``data`` and
    ``exception`` are JSON encoded a second time."""

    error: bool
    data: str | None = None
    exception: str | None = None

    def decoded_data(self) -> Any:
        return json.loads(self.data) if self.data else None

    def decoded_exception(self) -> dict[str, Any]:
        try:
            value = json.loads(self.exception or "{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


class BatchReply(_Reply):
    responses: list[BatchItem]


def parse_reply(shape: type[T], data: Any, wsfunction: str) -> T:
    """Return ``data`` validated as ``shape`` (a model or e.g. ``list[Model]``); raise
    MoodleRequestError naming ``wsfunction`` when the reply does not fit."""
    try:
        return TypeAdapter(shape).validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the reply"
        raise MoodleRequestError(
            f"Moodle's reply to {wsfunction} did not have the expected shape: {where}: "
            f"{first['msg']} ({exc.error_count()} problem(s)); this Moodle version may differ "
            "from the ones cpdsync supports, please report it",
            wsfunction=wsfunction,
        ) from None

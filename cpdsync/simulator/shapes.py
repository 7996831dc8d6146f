"""Moodle's error bodies and the record shapes its web services return, built from a dataset.

Key order follows the captured replies of a real Moodle 4.5, so a client that (wrongly) relies
on order or on a key Moodle omits fails here as it would there.
"""

from __future__ import annotations

from typing import Any

from cpdsync.simulator.dataset import Course, SiteIndex, User

# Fixed values a real site would fill in; chosen to look like the captured site.
START_DATE = 1704704400
TIME_CREATED = 1704700000
# Moodle's standard roles by shortname, with the ids a fresh site gives them.
STANDARD_ROLE_IDS = {
    "manager": 1,
    "coursecreator": 2,
    "editingteacher": 3,
    "teacher": 4,
    "student": 5,
    "guest": 6,
    "user": 7,
    "frontpage": 8,
}

# Custom profile fields cpdsync reads, in the site's field order: (name, type, visible to all).
PROFILE_FIELDS: dict[str, tuple[str, str, bool]] = {
    "swenumber": ("Social Work England registration number", "text", False),
    "sweregistered": ("Date joined the Social Work England register", "text", False),
    "jobrole": ("Job role", "menu", True),
    "team": ("Team", "text", True),
}
COURSE_FIELDS: dict[str, tuple[str, str]] = {
    "cpdhours": ("CPD hours", "number"),
    "cpdprovider": ("CPD provider", "text"),
}


class WsError(Exception):
    """A web-service exception, answered as ``{exception, errorcode, message}`` with HTTP 200."""

    def __init__(self, exception: str, errorcode: str, message: str) -> None:
        super().__init__(f"{errorcode}: {message}")
        self.exception = exception
        self.errorcode = errorcode
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"exception": self.exception, "errorcode": self.errorcode, "message": self.message}


_MOODLE_EXC = "core\\exception\\moodle_exception"


def invalid_parameter() -> WsError:
    # With debugging off (the production default) Moodle never says which parameter.
    return WsError(
        "core\\exception\\invalid_parameter_exception",
        "invalidparameter",
        "Invalid parameter value detected",
    )


def invalid_token() -> WsError:
    return WsError(_MOODLE_EXC, "invalidtoken", "Invalid token - token not found")


def access_exception() -> WsError:
    return WsError("webservice_access_exception", "accessexception", "Access control exception")


def missing_record(table: str) -> WsError:
    return WsError(
        "dml_missing_record_exception",
        "invalidrecord",
        f"Can't find data record in database table {table}.",
    )


def invalid_user() -> WsError:
    return WsError("dml_missing_record_exception", "invaliduser", "Invalid user")


def moodle_error(errorcode: str, message: str) -> WsError:
    return WsError(_MOODLE_EXC, errorcode, message)


def site_maintenance() -> WsError:
    return moodle_error(
        "sitemaintenance", "The site is undergoing maintenance and is currently not available"
    )


def no_permission(capability_words: str) -> WsError:
    return WsError(
        "core\\exception\\required_capability_exception",
        "nopermissions",
        f"Sorry, but you do not currently have permissions to do that ({capability_words}).",
    )


def require_login() -> WsError:
    """Moodle's answer when the caller may not enter a course (e.g. a hidden one)."""
    return WsError(
        "core\\exception\\require_login_exception",
        "requireloginerror",
        "Course or activity not accessible.",
    )


def course_context_not_valid(courseid: int) -> WsError:
    """The wrapped require-login error of functions that validate a course context first."""
    return moodle_error(
        "errorcoursecontextnotvalid",
        f"You cannot execute functions in the course context (course id:{courseid}). "
        "The context error message was: Course or activity not accessible.",
    )


def coding_error(detail: str) -> WsError:
    return WsError(
        "core\\exception\\coding_exception",
        "codingerror",
        f"Coding error detected, it must be fixed by a programmer: {detail}",
    )


# ---------------------------------------------------------------------------------------------
# Users


def role_records(roles: list[str]) -> list[dict[str, Any]]:
    """Return a user's course roles as core_enrol_get_enrolled_users lists them (a custom role
    gets an id after the standard ones)."""
    extra = sorted(set(roles) - set(STANDARD_ROLE_IDS))
    ids = {**STANDARD_ROLE_IDS, **{name: 9 + i for i, name in enumerate(extra)}}
    return [
        {"roleid": ids[name], "name": "", "shortname": name, "sortorder": 0}
        for name in sorted(roles, key=lambda name: ids[name])
    ]


def picture_urls(site_url: str) -> dict[str, str]:
    base = f"{site_url}/theme/image.php/boost/core/{TIME_CREATED}/u"
    return {"profileimageurlsmall": f"{base}/f2", "profileimageurl": f"{base}/f1"}


def fullname(user: User) -> str:
    return f"{user.firstname} {user.lastname}"


def profile_fields(user: User, *, all_details: bool, display: bool) -> list[dict[str, Any]]:
    """Return the user's custom profile fields as Moodle lists them (empty values omitted)."""
    order = list(PROFILE_FIELDS) + sorted(k for k in user.customfields if k not in PROFILE_FIELDS)
    out: list[dict[str, Any]] = []
    for short in order:
        value = user.customfields.get(short, "")
        if value == "":
            continue
        name, kind, public = PROFILE_FIELDS.get(short, (short, "text", True))
        if not public and not all_details:
            continue
        item: dict[str, Any] = {"type": kind, "value": value}
        if display:
            item["displayvalue"] = value
        item.update({"name": name, "shortname": short})
        out.append(item)
    return out


def user_identity(
    user: User, site_url: str, *, fullnames: bool, all_details: bool, display: bool
) -> dict[str, Any]:
    """Return the fields common to user records, up to the profile images and custom fields."""
    rec: dict[str, Any] = {"id": user.id, "username": user.username}
    if fullnames:
        rec.update({"firstname": user.firstname, "lastname": user.lastname})
    rec.update(
        {
            "fullname": fullname(user),
            "email": user.email,
            "department": user.customfields.get("team", ""),
            "institution": "Council social care",
        }
    )
    if user.idnumber and all_details:  # identity fields need moodle/user:viewalldetails
        rec["idnumber"] = user.idnumber
    rec.update({"firstaccess": 0, "lastaccess": 0})
    return rec


def core_user_record(
    user: User, site_url: str, *, fullnames: bool, all_details: bool
) -> dict[str, Any]:
    """Return ``user`` as core_user_get_users(_by_field) answer it."""
    rec = user_identity(user, site_url, fullnames=fullnames, all_details=all_details, display=True)
    rec.update(
        {
            "auth": "manual",
            "suspended": user.suspended,
            "confirmed": True,
            "lang": "en",
            "theme": "",
            # docs/moodle-plugin.md has the integration user set Europe/London explicitly.
            "timezone": "Europe/London" if user.username == "cpdsync" else "99",
            "mailformat": 1,
            "trackforums": 0,
            "city": "Leeds",
            "country": "GB",
        }
    )
    rec.update(picture_urls(site_url))
    fields = profile_fields(user, all_details=all_details, display=True)
    if fields:
        rec["customfields"] = fields
    return rec


# ---------------------------------------------------------------------------------------------
# Courses


def course_customfields(site: SiteIndex, course: Course) -> list[dict[str, Any]]:
    """Return the site's course custom fields with this course's values (null when unset)."""
    shortnames = list(COURSE_FIELDS)
    extra = sorted({k for c in site.data.courses for k in c.customfields} - set(COURSE_FIELDS))
    out: list[dict[str, Any]] = []
    for short in shortnames + extra:
        name, kind = COURSE_FIELDS.get(short, (short, "text"))
        raw = course.customfields.get(short)
        item: dict[str, Any] = {"name": name, "shortname": short, "type": kind}
        if kind == "number":
            number = _number(raw)
            item["valueraw"] = number if number is not None else raw
            item["value"] = f"{number:.1f}" if number is not None else raw
        else:
            item["valueraw"] = raw if raw is not None else ""
            item["value"] = raw if raw else None
        out.append(item)
    return out


def _number(raw: str | None) -> int | float | None:
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def has_criteria(course: Course) -> bool:
    return course.enablecompletion and bool(course.criteria)


def tracked_activities(course: Course) -> int:
    """Return how many activities track completion: one page per activity criterion."""
    if not course.enablecompletion:
        return 0
    return course.criteria.count("activity")


def page_cmid(course: Course, index: int) -> int:
    """Return the course-module id of the course's ``index``-th page (from 1)."""
    return course.id * 10 + index


def category_name(site: SiteIndex, categoryid: int) -> str:
    cat = site.categories.get(categoryid)
    return cat.name if cat else ""


def category_sortorder(site: SiteIndex, categoryid: int) -> int:
    ids = [c.id for c in site.data.categories]
    return (ids.index(categoryid) + 2) * 10000 if categoryid in ids else 10000

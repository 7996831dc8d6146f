"""Site, category and course functions of the simulated Moodle."""

from __future__ import annotations

from typing import Any

from cpdsync.simulator import shapes as r
from cpdsync.simulator.dataset import Course, SiteIndex
from cpdsync.simulator.dataset_checks import FRONT_PAGE_ID
from cpdsync.simulator.params import OPTIONAL, Multiple, Single, Value, validate
from cpdsync.simulator.site_state import State

FUNCTION_VERSION = "2024100700"
# What site info gives as the version of the companion plugin's functions: the plugin's own
# version (moodle/local_cpdsync/version.php).
PLUGIN_VERSION = "2026113000"

SITE_INFO = Single(
    {"serviceshortnames": Multiple(Value("alphanumext"), required=False, default=[])}
)


def get_site_info(site: SiteIndex, state: State, params: dict[str, Any]) -> dict[str, Any]:
    validate(params, SITE_INFO)
    info = site.data.site
    me = next(u for u in site.accounts if u.id == site.integration_userid)
    return {
        "sitename": info.sitename,
        "username": me.username,
        "firstname": me.firstname,
        "lastname": me.lastname,
        "fullname": f"{me.firstname} {me.lastname}",
        "lang": "en",
        "userid": site.integration_userid,
        "siteurl": state.site_url,
        "userpictureurl": r.picture_urls(state.site_url)["profileimageurl"],
        "functions": [
            {"name": f, "version": PLUGIN_VERSION if f.startswith("local_") else FUNCTION_VERSION}
            for f in state.functions
        ],
        "downloadfiles": 0,
        "uploadfiles": 0,
        "release": info.release,
        "version": str(info.version),
        "mobilecssurl": "",
        "advancedfeatures": [
            {"name": name, "value": value}
            for name, value in (
                ("usecomments", 1),
                ("usetags", 1),
                ("enablenotes", 1),
                ("messaging", 1),
                ("enableblogs", 1),
                ("enablecompletion", 1),
                ("enablebadges", 1),
                ("messagingallusers", 0),
                ("enablecustomreports", 1),
                ("enableglobalsearch", 0),
                ("mnet_dispatcher_mode", 0),
                ("enablecompetencies", 1),
            )
        ],
        "usercanmanageownfiles": True,
        "userquota": 104857600,
        "usermaxuploadfilesize": 2097152,
        "userhomepage": 1,
        "userprivateaccesskey": "0" * 32,
        "siteid": 1,
        "sitecalendartype": "gregorian",
        "usercalendartype": "gregorian",
        "userissiteadmin": False,
        "theme": "boost",
        "limitconcurrentlogins": 0,
        "policyagreed": 0,
    }


CATEGORIES = Single(
    {
        "criteria": Multiple(
            Single({"key": Value("alpha"), "value": Value("raw")}), required=False, default=[]
        ),
        "addsubcategories": Value("bool", required=False, default=True),
    }
)
_CATEGORY_KEYS = ("id", "ids", "name", "parent", "idnumber", "visible", "theme")


def get_categories(site: SiteIndex, state: State, params: dict[str, Any]) -> list[dict[str, Any]]:
    p = validate(params, CATEGORIES)
    chosen = list(site.data.categories)
    for criterion in p["criteria"]:
        key, value = criterion["key"], criterion["value"]
        if key not in _CATEGORY_KEYS:
            raise r.invalid_parameter()
        if key == "idnumber":
            # Needs moodle/category:manage, which the integration role does not hold.
            raise r.moodle_error("criteriaerror", "Missing permissions to search on a criterion.")
        if key in ("id", "parent"):
            wanted = _int(value)
            chosen = [c for c in chosen if getattr(c, key) == wanted]
        elif key == "ids":
            ids = {_int(v) for v in value.split(",") if v.strip()}
            chosen = [c for c in chosen if c.id in ids]
        elif key == "name":
            chosen = [c for c in chosen if c.name == value]
    if p["criteria"] and p["addsubcategories"]:
        found = {c.id for c in chosen}
        for cat in site.data.categories:
            if cat.id not in found and set(site.category_path(cat.id)) & found:
                chosen.append(cat)
                found.add(cat.id)
    counts: dict[int, int] = {}
    for course in site.data.courses:
        counts[course.categoryid] = counts.get(course.categoryid, 0) + 1
    order = [c.id for c in site.data.categories]
    return [
        {
            "id": c.id,
            "name": c.name,
            "description": "",
            "descriptionformat": 1,
            "parent": c.parent,
            "sortorder": r.category_sortorder(site, c.id),
            "coursecount": counts.get(c.id, 0),
            "depth": len(site.category_path(c.id)),
            "path": "/" + "/".join(str(i) for i in site.category_path(c.id)),
        }
        for c in sorted(chosen, key=lambda c: order.index(c.id))
    ]


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError as exc:
        raise r.invalid_parameter() from exc


COURSES = Single(
    {
        "options": Single(
            {"ids": Multiple(Value("int"), required=False, default=OPTIONAL)},
            required=False,
            default={},
        )
    }
)


def get_courses(site: SiteIndex, state: State, params: dict[str, Any]) -> list[dict[str, Any]]:
    p = validate(params, COURSES)
    ids = p["options"].get("ids")
    if ids is None:
        chosen: list[Course | None] = [None, *site.data.courses]
    else:
        # Unknown ids are dropped silently, as Moodle does; the front page is id 1.
        chosen = [
            None if i == FRONT_PAGE_ID else site.courses[i]
            for i in ids
            if i == FRONT_PAGE_ID or i in site.courses
        ]
    for course in chosen:
        if course is not None and not state.may_enter(course):
            # One course the caller may not enter fails the whole call.
            raise r.course_context_not_valid(course.id)
    return [_course_record(site, state, c) for c in chosen]


def _front_page(site: SiteIndex) -> Course:
    info = site.data.site
    return Course(
        id=FRONT_PAGE_ID,
        shortname=info.shortname or info.sitename,
        fullname=site.data.site.sitename,
        categoryid=1,
        enablecompletion=False,
        customfields={},
        criteria=[],
    )


def _course_record(site: SiteIndex, state: State, course: Course | None) -> dict[str, Any]:
    front = course is None
    c = _front_page(site) if course is None else course
    full = state.can("moodle/course:update")
    rec: dict[str, Any] = {
        "id": c.id,
        "shortname": c.shortname,
        "categoryid": 0 if front else c.categoryid,
    }
    if full:
        rec["categorysortorder"] = r.category_sortorder(site, c.categoryid) + 1
    rec.update({"fullname": c.fullname, "displayname": c.fullname})
    if full:
        rec["idnumber"] = c.idnumber
    rec.update(
        {
            "summary": _summary(c),
            "summaryformat": 1,
            "format": "site" if front else "topics",
        }
    )
    if full:
        rec.update(
            {
                "showgrades": 1,
                "newsitems": 0,
                "startdate": 0 if front else r.START_DATE,
                "enddate": 0,
                "numsections": 3,
                "maxbytes": 0,
                "showreports": 0,
                "visible": int(c.visible),
                "hiddensections": 1,
                "groupmode": 0,
                "groupmodeforce": 0,
                "defaultgroupingid": 0,
                "timecreated": r.TIME_CREATED,
                "timemodified": r.TIME_CREATED,
                "enablecompletion": int(c.enablecompletion),
                "completionnotify": 0,
                "lang": "",
                "forcetheme": "",
                "courseformatoptions": _format_options(),
            }
        )
    else:
        rec.update({"startdate": 0 if front else r.START_DATE, "enddate": 0})
        if front:
            rec["numsections"] = 1
    rec.update(
        {
            "showactivitydates": False,
            "showcompletionconditions": True if c.enablecompletion else None,
            "customfields": r.course_customfields(site, c),
        }
    )
    return rec


def _summary(course: Course) -> str:
    return "" if course.id == FRONT_PAGE_ID else course.summary_html()


def _format_options() -> list[dict[str, Any]]:
    return [{"name": "hiddensections", "value": 1}, {"name": "coursedisplay", "value": 0}]


BY_FIELD = Single(
    {
        "field": Value("alpha", required=False, default=""),
        "value": Value("raw", required=False, default=""),
    }
)
_BY_FIELD_NAMES = ("", "id", "ids", "shortname", "idnumber", "category", "sectionid")


def get_courses_by_field(site: SiteIndex, state: State, params: dict[str, Any]) -> dict[str, Any]:
    p = validate(params, BY_FIELD)
    field, value = p["field"], p["value"]
    if field not in _BY_FIELD_NAMES:
        raise r.invalid_parameter()
    chosen: list[Course | None]
    if field == "":
        chosen = [None, *site.data.courses]
    elif field in ("id", "ids"):
        ids = [_int(v) for v in value.split(",") if v.strip()] if field == "ids" else [_int(value)]
        chosen = [site.courses[i] for i in sorted(set(ids)) if i in site.courses]
        if FRONT_PAGE_ID in ids:
            chosen.insert(0, None)
    elif field == "category":
        wanted = _int(value)
        chosen = [c for c in site.data.courses if c.categoryid == wanted]
    elif field == "sectionid":
        chosen = []
    else:
        chosen = [c for c in site.data.courses if getattr(c, field) == value and value != ""]
    # A hidden course is left out for a caller who may not see hidden courses.
    chosen = [c for c in chosen if c is None or state.may_enter(c)]
    return {"courses": [_by_field_record(site, state, c) for c in chosen], "warnings": []}


def _display_settings(c: Course, front: bool) -> dict[str, Any]:
    """The course settings every caller sees, in Moodle's order."""
    return {
        "format": "site" if front else "topics",
        "showgrades": 1,
        "newsitems": 0,
        "startdate": 0 if front else r.START_DATE,
        "enddate": 0,
        "maxbytes": 0,
        "showreports": 0,
        "visible": int(c.visible),
        "groupmode": 0,
        "groupmodeforce": 0,
        "defaultgroupingid": 0,
        "enablecompletion": int(c.enablecompletion),
        "completionnotify": 0,
        "lang": "",
        "theme": "",
        "marker": 0,
    }


def _admin_fields() -> dict[str, Any]:
    """The fields only a caller with moodle/course:update sees, in Moodle's order."""
    return {
        "legacyfiles": 0,
        "calendartype": "",
        "timecreated": r.TIME_CREATED,
        "timemodified": r.TIME_CREATED,
        "requested": 0,
        "cacherev": r.TIME_CREATED,
    }


def _by_field_record(site: SiteIndex, state: State, course: Course | None) -> dict[str, Any]:
    front = course is None
    c = _front_page(site) if course is None else course
    full = state.can("moodle/course:update")
    rec: dict[str, Any] = {
        "id": c.id,
        "fullname": c.fullname,
        "displayname": c.fullname,
        "shortname": c.shortname,
        "courseimage": f"{state.site_url}/pluginfile.php/{c.id}/course/generated/course.svg",
        "categoryid": 0 if front else c.categoryid,
        "categoryname": r.category_name(site, c.categoryid) if not front else "",
        "sortorder": 1 if front else r.category_sortorder(site, c.categoryid) + 1,
        "summary": _summary(c),
        "summaryformat": 1,
        "summaryfiles": [],
        "overviewfiles": [],
        "showactivitydates": False,
        "showcompletionconditions": True if c.enablecompletion else None,
        "contacts": [],
        "enrollmentmethods": [] if front else ["manual"],
        "customfields": r.course_customfields(site, c),
    }
    if full:
        rec["idnumber"] = c.idnumber
    rec.update(_display_settings(c, front))
    if full:
        rec.update(_admin_fields())
    rec.update(
        {
            "filters": [{"filter": "activitynames", "localstate": 0, "inheritedstate": 1}],
        }
    )
    if not front:
        rec["courseformatoptions"] = _format_options()
    return rec

"""A dataset shaped like the Moodle site the fixtures in tests/fixtures/moodle were captured
from (see the README there): the same ids play the same parts."""

from __future__ import annotations

from typing import Any

from cpdsync.simulator.dataset import Dataset

DAY = 86400
NOW = 1795327000  # 22 November 2026, when the fixtures were captured
NAMED = {
    3: ("amara", "okafor"),
    4: ("ben", "whitfield"),
    14: ("laura", "bennett"),
    25: ("yasmin", "begum"),
    39: ("megan", "price"),
    43: ("sarah", "whitmore"),
    44: ("tom", "aldridge"),
}
ENDED = {"timestart": NOW - 400 * DAY, "timeend": NOW - 30 * DAY}
FUTURE = {"timestart": NOW + 30 * DAY}


def _user(uid: int) -> dict[str, Any]:
    first, last = NAMED.get(uid, (f"worker{uid}", "smith"))
    swe = " sw104455 " if uid == 14 else ("SW-118822" if uid == 23 else f"SW{200000 + uid}")
    custom = {"swenumber": swe, "team": "Children in Need - North", "jobrole": "Social Worker"}
    if uid in (32, 35):
        del custom["swenumber"]
    return {
        "id": uid,
        "username": f"{first}.{last}",
        "firstname": first.title(),
        "lastname": last.title(),
        "email": f"{first}.{last}@council.example",
        "idnumber": f"EMP{uid - 2:04d}" if uid < 42 else f"EMP09{uid - 42:02d}",
        "suspended": uid in (39, 40, 41),
        "customfields": custom,
    }


def _course(cid: int, shortname: str, categoryid: int, **extra: Any) -> dict[str, Any]:
    course: dict[str, Any] = {
        "id": cid,
        "shortname": shortname,
        "fullname": f"Course {shortname}",
        "idnumber": f"KSS-CF-{cid:02d}-{shortname}",
        "categoryid": categoryid,
        "customfields": {"cpdhours": "6", "cpdprovider": "Workforce Development"},
    }
    course.update(extra)
    return course


def capture_site_dict() -> dict[str, Any]:
    """Return the dataset as plain JSON-ready data."""
    courses = [
        # Course 2 of the capture site had a manual-completion page beside self completion; the
        # dataset tracks pages only as activity criteria, so it is one here.
        _course(
            2,
            "SAFE-CP-S47",
            3,
            idnumber="KSS-CF-05-SAFEGUARDING",
            tags=["safeguarding"],
            criteria=["self", "activity"],
        ),
        _course(3, "SAFE-ADULTS", 4),
        _course(4, "PS-ROLE", 5, criteria=["role"]),
        _course(5, "PS-SKILLS", 5),
        _course(6, "PS-DIRECTWORK", 5, criteria=["activity", "activity"]),  # two pages
        _course(7, "LEG-CARE-ACT", 6, customfields={"cpdhours": "3.5", "cpdprovider": "Legal"}),
        _course(8, "LEG-PLO", 6),
        _course(9, "LDR-SUPERVISION", 7),
        _course(10, "LDR-LEADING", 7),
        _course(11, "LEG-RESTRICTED", 6),
        _course(12, "PS-ASYE-IND", 5, enablecompletion=False, customfields={}),
        _course(13, "LEG-COURT", 6, visible=False),
        _course(14, "PS-NOCRITERIA", 5, criteria=[]),
    ]
    enrol: list[dict[str, Any]] = []

    def add(course: int, users: list[int], **extra: Any) -> None:
        enrol.extend({"userid": u, "courseid": course, **extra} for u in users)

    add(2, [3, 4, 5, 7, 8, 9, 21, 22, 23, 24, 27, 29, 30, 31, 32, 33, 35, 39, 40])
    add(2, [14], **ENDED)
    add(2, [38], **FUTURE)
    add(3, [3, 4, 5, 6, 7, 39, 40, 41])
    add(3, [9], **FUTURE)
    add(3, [20], status="suspended")
    add(3, [34], **ENDED)
    add(4, [3, 4, 5])
    add(5, [*range(3, 42), 43, 44])  # everyone has at least one active enrolment
    add(6, [3, 10, 11])
    add(7, [3, 7])
    add(8, [3, 11])
    add(9, [3, 39])
    add(10, [3])
    add(11, [3, 11])
    add(12, [6, 9])
    add(13, [7])
    add(14, [3])
    done = [
        (3, 2),
        (4, 2),
        (5, 2),
        (39, 2),
        (14, 2),
        (3, 3),
        (4, 4),
        (10, 6),
        (3, 7),
        (3, 8),
        (3, 9),
        (39, 9),
        (3, 10),
        (11, 11),
        (7, 13),
    ]
    return {
        "site": {
            "sitename": "Lab Council LMS",
            "release": "4.5 (Build: 20241007)",
            "version": 2024100700,
        },
        "users": [_user(uid) for uid in [*range(3, 42), 43, 44]],
        "categories": [
            {"id": 1, "name": "Category 1", "parent": 0},
            {"id": 2, "name": "Safeguarding", "parent": 0},
            {"id": 3, "name": "Children", "parent": 2},
            {"id": 4, "name": "Adults", "parent": 2},
            {"id": 5, "name": "Practice Skills", "parent": 0},
            {"id": 6, "name": "Legal", "parent": 0},
            {"id": 7, "name": "Leadership", "parent": 0},
        ],
        "courses": courses,
        "enrolments": enrol,
        "completions": [
            {"userid": u, "courseid": c, "timecompleted": NOW - (u + c) * DAY} for u, c in done
        ],
        # As on the site the roster captures came from: cohort 1 of the registered workers.
        "cohorts": [
            {
                "id": 1,
                "idnumber": "SW-REGISTERED",
                "name": "Registered social workers",
                "members": [*range(3, 39), 43, 44],
            }
        ],
    }


def capture_site() -> Dataset:
    """Return the capture-shaped dataset, validated."""
    return Dataset.model_validate(capture_site_dict())

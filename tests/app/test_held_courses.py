"""The synced courses as the facts mapping rules match on (for `mappings coverage`)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cpdsync.app.held_courses import held_course_facts
from cpdsync.connector.facts import MoodleCourse
from cpdsync.errors import NotFoundError
from cpdsync.records.db import Database

from .facts import SITE, store_moodle_facts


def _course(moodle_id: int, shortname: str, enablecompletion: bool | None) -> MoodleCourse:
    return MoodleCourse(
        id=moodle_id,
        shortname=shortname,
        fullname=f"Course {shortname}",
        idnumber=f"ID-{shortname}",
        categoryid=3,
        visible=True,
        enablecompletion=enablecompletion,
        tags=("safeguarding",),
        customfields={"cpdhours": "6"},
    )


def _store(database: Database, courses: list[MoodleCourse], url: str = SITE.url) -> None:
    with database.transaction() as session:
        store_moodle_facts(session, site=replace(SITE, url=url), courses=courses, workers=[])


def test_held_courses_carry_what_rules_match_on_and_leave_out_untracked_ones(
    database: Database,
) -> None:
    _store(
        database,
        [_course(7, "B-TRACKED", True), _course(8, "C-UNKNOWN", None), _course(9, "A-OFF", False)],
    )
    with database.transaction() as session:
        facts = held_course_facts(session)
    assert [f.shortname for f in facts] == ["B-TRACKED", "C-UNKNOWN"]
    first = facts[0]
    assert (first.courseid, first.fullname, first.idnumber) == (
        7,
        "Course B-TRACKED",
        "ID-B-TRACKED",
    )
    assert first.category_path == "Safeguarding / Children"
    assert first.tags == ("safeguarding",)
    assert first.customfields == {"cpdhours": "6"}


def test_held_courses_of_one_site_leave_other_sites_out(database: Database) -> None:
    _store(database, [_course(7, "MAIN", True)])
    _store(database, [_course(7, "OTHER", True)], url="https://other.council.example")
    with database.transaction() as session:
        ours = held_course_facts(session, "https://learning.council.example/")
        every = held_course_facts(session)
    assert [f.shortname for f in ours] == ["MAIN"]
    assert sorted(f.shortname for f in every) == ["MAIN", "OTHER"]


def test_no_synced_course_is_not_found_and_says_to_sync_first(database: Database) -> None:
    with database.transaction() as session, pytest.raises(NotFoundError, match="cpdsync sync"):
        held_course_facts(session)

"""The readiness engine's inputs, built from the records: flags, dates, unmapped counts, and
the courses a rule maps; each course matched against the rules once per report."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cpdsync.app.moodle_values import course_values
from cpdsync.app.readiness_inputs import course_offers, course_rules, readiness_inputs
from cpdsync.errors import NotFoundError
from cpdsync.records import catalogue_rows
from cpdsync.records.db import Database
from tests.app.facts import (
    COURSES,
    MAPPINGS,
    NOW,
    WORKERS,
    load_facts,
    observation,
    store_sample_site,
    store_sample_workers,
)


def test_readiness_inputs_carry_flags_dates_and_unmapped_counts(database: Database) -> None:
    suspended = [replace(WORKERS[0], suspended=True), WORKERS[1]]
    load_facts(database, [observation(), observation(3, 7)])
    with database.transaction() as session:
        store_sample_workers(session, store_sample_site(session), suspended)
        rules = course_rules(session, MAPPINGS)
        inputs = readiness_inputs(session, rules, team="children north")
        offers = course_offers(rules)
    jo = next(i for i in inputs if i.worker.email.startswith("jo"))
    assert len(inputs) == 2
    assert jo.worker.suspended is True and jo.worker.swe_number == "SW104455"
    assert jo.unmapped_completions == 1
    (item,) = jo.cpd
    assert (str(item.activity_date), item.courseid, item.source) == ("2025-11-30", 5, "moodle")
    assert item.reflected is False
    assert [(o.shortname, o.peer_reflection) for o in offers] == [("RPG", True), ("SG-L3", False)]


def test_an_empty_team_lists_the_teams_held(database: Database) -> None:
    load_facts(database)
    with (
        pytest.raises(NotFoundError, match="teams held: Children North"),
        database.transaction() as session,
    ):
        readiness_inputs(session, course_rules(session, MAPPINGS), team="Adults")


def test_each_course_is_matched_once_however_often_it_is_asked_about(
    database: Database,
) -> None:
    load_facts(database)
    with database.transaction() as session:
        rules = course_rules(session, MAPPINGS)
    (sg,) = [c for c in rules.courses.values() if c.shortname == "SG-L3"]
    (fire,) = [c for c in rules.courses.values() if c.shortname == "FIRE"]
    first = rules.match(sg.row_id)
    assert first is not None and first.cpd_hours == 6.0
    assert rules.match(sg.row_id) is first
    assert rules.match(fire.row_id) is None
    assert rules.match(-1) is None


def test_a_course_moodle_no_longer_lists_is_offered_as_unavailable(database: Database) -> None:
    load_facts(database)
    with database.transaction() as session:
        site = store_sample_site(session)
        # A complete course list without SG-L3 (course 5): it left Moodle.
        listed = [course_values(c) for c in COURSES if c.id != 5]
        catalogue_rows.store_courses(session, site, listed, now=NOW, complete=True)
        offers = course_offers(course_rules(session, MAPPINGS))
    assert {o.shortname: o.available for o in offers} == {"RPG": True, "SG-L3": False}

"""A worker is found by email, username, idnumber or SWE number; unknown or ambiguous is said."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cpdsync.app.readiness_inputs import course_offers, readiness_inputs
from cpdsync.app.worker_values import normalise_swe_number, parse_profile_date
from cpdsync.errors import NotFoundError
from cpdsync.records import sync_writes as writes
from cpdsync.records.db import Database
from cpdsync.records.lookup import find_worker
from tests.records.facts import MAPPINGS, SITE, WORKERS, load_facts, observation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" sw104455 ", "SW104455"),
        ("SW-118822", "SW118822"),
        ("SW 12345", "SW12345"),
        ("", None),
        ("104455", None),
        ("SWX1", None),
        (None, None),
    ],
)
def test_swe_numbers_are_normalised_or_none(raw: str | None, expected: str | None) -> None:
    assert normalise_swe_number(raw) == expected


def test_profile_dates_read_iso_uk_order_and_moodle_seconds() -> None:
    assert str(parse_profile_date("2025-09-01")) == "2025-09-01"
    assert str(parse_profile_date("01/09/2025")) == "2025-09-01"
    assert str(parse_profile_date("1756681200")) == "2025-09-01"  # 00:00 BST
    assert parse_profile_date("0") is None
    assert parse_profile_date("next week") is None


@pytest.mark.parametrize(
    "text", ["JO.SMITH@council.example", "jsmith", "EMP0001", "sw-104455", "SW104455"]
)
def test_a_worker_is_found_by_any_of_their_names(database: Database, text: str) -> None:
    load_facts(database)
    with database.transaction() as session:
        assert find_worker(session, text).username == "jsmith"


def test_an_unknown_worker_says_what_was_tried(database: Database) -> None:
    load_facts(database)
    with (
        pytest.raises(NotFoundError, match="tried email, Moodle username, staff idnumber"),
        database.transaction() as session,
    ):
        find_worker(session, "nobody")


def test_a_worker_on_two_sites_is_ambiguous_and_both_are_listed(database: Database) -> None:
    load_facts(database)
    with database.transaction() as session:
        other = writes.get_or_create_site(session, replace(SITE, url="https://other.example"))
        writes.upsert_workers(
            session,
            other,
            WORKERS[:1],
            swe_number_field="swenumber",
            swe_registered_field="sweregistered",
            mappings=MAPPINGS,
        )
    with (
        pytest.raises(NotFoundError, match=r"names 2 workers.*learning.council.*other.example"),
        database.transaction() as session,
    ):
        find_worker(session, "jsmith")


def test_readiness_inputs_carry_flags_dates_and_unmapped_counts(database: Database) -> None:
    suspended = [replace(WORKERS[0], suspended=True), WORKERS[1]]
    load_facts(database, [observation(), observation(3, 7)])
    with database.transaction() as session:
        site = writes.get_or_create_site(session, SITE)
        writes.upsert_workers(
            session,
            site,
            suspended,
            swe_number_field="swenumber",
            swe_registered_field="sweregistered",
            mappings=MAPPINGS,
        )
        inputs = readiness_inputs(session, team="children north", mappings=MAPPINGS)
        offers = course_offers(session, MAPPINGS)
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
        readiness_inputs(session, team="Adults", mappings=MAPPINGS)

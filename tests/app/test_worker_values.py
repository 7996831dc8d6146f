"""A worker's values are normalised from Moodle's profile, and a worker is found by email,
username, idnumber or SWE number in any spelling; unknown or ambiguous is said."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from cpdsync.app.worker_values import (
    find_worker,
    normalise_swe_number,
    parse_profile_date,
)
from cpdsync.errors import NotFoundError
from cpdsync.records.db import Database
from cpdsync.records.schema import WorkerRow
from tests.app.facts import (
    SITE,
    WORKERS,
    load_facts,
    store_sample_site,
    store_sample_workers,
)


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


def test_workers_are_stored_with_a_normalised_swe_number_role_team_and_join_date(
    database: Database,
) -> None:
    load_facts(database)
    with database.transaction() as session:
        rows = {w.username: w for w in session.scalars(select(WorkerRow))}
    jo, sam = rows["jsmith"], rows["slee"]
    assert (jo.swe_number_raw, jo.swe_number) == (" sw104455 ", "SW104455")
    assert sam.swe_number == "SW118822"
    assert jo.registered_on == date(2019, 5, 1)
    assert (jo.role, sam.role) == ("child-and-family-sw", "team-manager")
    assert jo.team == "Children North"
    assert jo.first_seen.tzinfo is not None


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
        other = store_sample_site(session, replace(SITE, url="https://other.example"))
        store_sample_workers(session, other, WORKERS[:1])
    with (
        pytest.raises(NotFoundError, match=r"names 2 workers.*learning.council.*other.example"),
        database.transaction() as session,
    ):
        find_worker(session, "jsmith")

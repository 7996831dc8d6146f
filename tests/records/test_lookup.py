"""A worker is found by email (any case), username, idnumber or a given SWE number; unknown or
ambiguous is said."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cpdsync.errors import NotFoundError
from cpdsync.records.db import Database
from cpdsync.records.lookup import find_worker
from tests.records.rows import SITE, store_sample


@pytest.mark.parametrize(
    ("text", "swe_number"),
    [
        ("JO.SMITH@council.example", None),
        ("jsmith", None),
        ("EMP0003", None),
        ("sw-100003", "SW100003"),
    ],
)
def test_a_worker_is_found_by_any_of_their_names(
    database: Database, text: str, swe_number: str | None
) -> None:
    with database.transaction() as session:
        store_sample(session)
        assert find_worker(session, text, swe_number).username == "jsmith"


def test_an_unknown_worker_says_what_was_tried(database: Database) -> None:
    with database.transaction() as session:
        store_sample(session)
    with (
        pytest.raises(NotFoundError, match="tried email, Moodle username, staff idnumber and SWE"),
        database.transaction() as session,
    ):
        find_worker(session, "SW999999", "SW999999")
    with (
        pytest.raises(NotFoundError, match="no worker given"),
        database.transaction() as session,
    ):
        find_worker(session, "  ", None)


def test_a_worker_on_two_sites_is_ambiguous_and_both_are_listed(database: Database) -> None:
    with database.transaction() as session:
        store_sample(session)
        store_sample(session, replace(SITE, url="https://other.example"))
    with (
        pytest.raises(NotFoundError, match=r"names 2 workers.*learning.council.*other.example"),
        database.transaction() as session,
    ):
        find_worker(session, "jsmith", None)

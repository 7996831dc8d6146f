"""ISO 8601 durations and globs as mapping files write them."""

from __future__ import annotations

import pytest

from cpdsync.mappings.definitions import Duration
from cpdsync.mappings.patterns import glob_covers, glob_matches, glob_problem, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P3Y", Duration(years=3, text="P3Y")),
        ("P18M", Duration(months=18, text="P18M")),
        ("P1Y6M", Duration(years=1, months=6, text="P1Y6M")),
        ("P90D", Duration(days=90, text="P90D")),
        ("P2W", Duration(days=14, text="P2W")),
        ("p1y", Duration(years=1, text="P1Y")),
    ],
)
def test_calendar_durations_are_read(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["3 years", "P", "P0Y", "PT12H", "P1.5Y", "", "P3Y2"])
def test_anything_else_is_refused_with_examples(text: str) -> None:
    with pytest.raises(ValueError, match="P3Y"):
        parse_duration(text)


@pytest.mark.parametrize("pattern", ["SG-*", "[!A]*", "[]]x", "a[[]b", "*", "LEG-0?"])
def test_well_formed_globs_pass(pattern: str) -> None:
    assert glob_problem(pattern) is None


@pytest.mark.parametrize("pattern", ["LEG-[12", "[", "a[!", ""])
def test_empty_globs_and_open_sets_are_refused(pattern: str) -> None:
    assert glob_problem(pattern) is not None


def test_globs_ignore_case() -> None:
    assert glob_matches("sg-ch-*", "SG-CH-01")
    assert glob_matches("Children*", "children north")
    assert not glob_matches("SG-CH-*", "SG-AD-01")


@pytest.mark.parametrize(
    ("earlier", "later", "covers"),
    [
        ("*", "anything[0-9]", True),
        ("**", "x", True),
        ("SG-*", "SG-CH-01", True),
        ("SG-*", "sg-ch-01", True),
        ("SG-?", "SG-*", False),
        ("SG-*", "SG-CH-*", False),
        ("SG-[AC]*", "SG-B1", False),
        ("A*", "a*", True),
    ],
)
def test_one_glob_covers_another_only_when_certain(earlier: str, later: str, covers: bool) -> None:
    assert glob_covers(earlier, later) is covers

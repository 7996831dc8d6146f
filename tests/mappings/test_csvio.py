"""Rules through a spreadsheet and back: nothing lost, no formula run."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from cpdsync.mappings import load_mappings
from cpdsync.mappings.csvio import neutralise, restore, rules_to_csv, rules_to_yaml
from cpdsync.mappings.definitions import Location, Rule
from cpdsync.mappings.loader import read_rules_file
from tests.mappings.conftest import EXAMPLE, write


def _without_location(rules: tuple[Rule, ...] | list[Rule]) -> list[Rule]:
    return [replace(rule, location=None) for rule in rules]


def test_yaml_to_csv_to_yaml_loses_nothing(tmp_path: Path) -> None:
    original = load_mappings([EXAMPLE])
    csv_path = write(tmp_path, "rules.csv", rules_to_csv(original.rules))
    imported = read_rules_file(csv_path)
    assert _without_location(imported) == _without_location(original.rules)
    yaml_path = write(tmp_path, "rules.yaml", rules_to_yaml(imported, source="rules.csv"))
    again = read_rules_file(yaml_path)
    assert _without_location(again) == _without_location(original.rules)
    assert rules_to_csv(again) == rules_to_csv(original.rules)


def test_csv_rows_keep_their_line_as_location(tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", "match,pattern\nidnumber,A\nidnumber,B\n")
    assert [r.location for r in read_rules_file(path)] == [
        Location(str(path), 2),
        Location(str(path), 3),
    ]


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "'plain"]
)
def test_formula_like_cells_are_neutralised_and_restored(cell: str) -> None:
    safe = neutralise(cell)
    assert safe.startswith("'")
    assert restore(safe) == cell


def test_ordinary_cells_are_left_alone() -> None:
    assert neutralise("SG-*") == "SG-*"
    assert restore("it's") == "it's"


def test_a_formula_pattern_survives_the_round_trip_and_is_never_a_formula(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m.yaml",
        "version: 1\nrules:\n  - match: {fullname: '=cmd|calc'}\n"
        "  - match: {shortname: '-dash*'}\n  - match: {tag: '@here'}\n",
    )
    rules = load_mappings([path]).rules
    text = rules_to_csv(rules)
    body = text.splitlines()[1:]
    assert [line.split(",")[1] for line in body] == ["'=cmd|calc", "'-dash*", "'@here"]
    back = read_rules_file(write(tmp_path, "r.csv", text))
    assert [r.match.pattern for r in back] == ["=cmd|calc", "-dash*", "@here"]


def test_csv_cells_read_lists_booleans_and_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.csv",
        "match,pattern,capabilities,cpd_hours,satisfies,reflection,peer_reflection\n"
        "tag,peer-discussion, PCF-6 ; SWE-PS-4.6 ,1.5,,included,Yes\n",
    )
    (rule,) = read_rules_file(path)
    assert rule.capabilities == ("PCF-6", "SWE-PS-4.6")
    assert rule.cpd_hours == 1.5
    assert rule.reflection_included and rule.peer_reflection

"""Warnings for mappings that target a framework ending within six months, or already ended:
dated, at the rule's or role's file:line, and never a failure."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from cpdsync.cli import main
from cpdsync.mappings import load_frameworks, load_mappings
from cpdsync.mappings.supersession import months_before, supersession_warnings

RULES = """version: 1
rules:
  - match: {idnumber: "CF-*"}
    capabilities: [KSS-CF-3, KSS-CF-5, SWE-PS-3.1]
  - match: {idnumber: "AD-*"}
    capabilities: [KSS-AD-MENTAL-CAPACITY]
roles:
  - id: child-and-family-sw
    assign: {default: true}
    coverage: {framework: KSS-CF, min_items: 4, window: P3Y}
"""


def _mapping(tmp_path: Path) -> Path:
    path = tmp_path / "council.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


def test_six_months_before_is_calendar_months() -> None:
    assert months_before(date(2027, 4, 1), 6) == date(2026, 10, 1)
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2027, 1, 15), 13) == date(2025, 12, 15)


def test_no_warning_until_six_months_before_the_framework_ends(tmp_path: Path) -> None:
    path = _mapping(tmp_path)
    frameworks = load_frameworks()
    mappings = load_mappings([path], frameworks)
    assert supersession_warnings(mappings, frameworks, date(2026, 9, 30)) == []
    soon = supersession_warnings(mappings, frameworks, date(2026, 10, 1))
    assert [(w.path, w.line) for w in soon] == [(str(path), 3), (str(path), 8)]
    assert soon[0].message == (
        "this rule maps courses to KSS-CF-3, KSS-CF-5 of KSS-CF, which is in force only until "
        "31 March 2027 (182 days away); from 1 April 2027 CF-ECS (Child and family social "
        "worker early career standards) replaces it, declared in cpdsync but not yet modelled: "
        "plan the new mapping, and keep this one for CPD done before then"
    )
    assert soon[1].message.startswith(
        "role 'child-and-family-sw' asks for coverage of KSS-CF, which is in force only until"
    )


def test_the_last_day_in_force_and_the_day_after(tmp_path: Path) -> None:
    frameworks = load_frameworks()
    mappings = load_mappings([_mapping(tmp_path)], frameworks)
    last_day = supersession_warnings(mappings, frameworks, date(2027, 3, 31))
    assert "(1 day away)" in last_day[0].message
    after = supersession_warnings(mappings, frameworks, date(2027, 4, 1))
    assert "which stopped being in force after 31 March 2027;" in after[0].message
    assert len(after) == 2


def test_validate_warns_on_stderr_and_still_exits_0(tmp_path: Path) -> None:
    path = _mapping(tmp_path)
    result = CliRunner().invoke(main, ["mappings", "validate", str(path), "--as-of", "2027-01-15"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: 2 rules, 0 requirements, 1 roles")
    assert result.stderr.splitlines()[0].startswith(
        f"warning: {path}:3: this rule maps courses to KSS-CF-3, KSS-CF-5 of KSS-CF, which is "
        "in force only until 31 March 2027 (76 days away)"
    )
    quiet = CliRunner().invoke(main, ["mappings", "validate", str(path), "--as-of", "2026-09-30"])
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_validate_json_lists_the_warnings(tmp_path: Path) -> None:
    path = _mapping(tmp_path)
    result = CliRunner().invoke(
        main, ["mappings", "validate", str(path), "--as-of", "2027-04-01", "--json"]
    )
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["ok"] is True
    assert [(w["path"], w["line"]) for w in document["warnings"]] == [
        (str(path), 3),
        (str(path), 8),
    ]
    assert "stopped being in force after 31 March 2027" in document["warnings"][0]["message"]


def test_validate_reads_the_councils_frameworks(tmp_path: Path) -> None:
    council = tmp_path / "north.yaml"
    council.write_text(
        """id: NORTH
title: North standards
publisher: North Council
version: '1'
licence: own
source: https://north.example/standards
in_force_until: 2026-12-31
superseded_by: PCF
items:
  - {id: NORTH-1, title: Recording, wording: confirmed}
""",
        encoding="utf-8",
    )
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        'version: 1\nrules:\n  - match: {idnumber: "N-*"}\n    capabilities: [NORTH-1]\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        ["mappings", "validate", str(rules), "--frameworks", str(council), "--as-of", "2026-12-01"],
    )
    assert result.exit_code == 0, result.output
    assert "from 1 January 2027 PCF (Professional Capabilities Framework" in result.stderr
    unknown = CliRunner().invoke(main, ["mappings", "validate", str(rules)])
    assert unknown.exit_code == 2
    assert f"{rules}:4: unknown capability id 'NORTH-1'" in unknown.stderr

"""`cpdsync frameworks …` end to end through the click application."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from cpdsync.cli import main
from tests.mappings.test_moodle_csv import MOODLE_45_HEADER


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_frameworks_list_shows_wording_counts_dates_and_successor() -> None:
    result = run("frameworks", "list")
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert lines["KSS-CF"].split()[1:7] == ["10", "0", "0", "10", "until", "31"]
    assert " until 31 March 2027   CF-ECS  Post-qualifying standard" in lines["KSS-CF"]
    assert lines["SWE-PS"].split()[1:5] == ["56", "11", "5", "40"]
    assert "from 1 April 2027" in lines["CF-ECS"]
    assert "(placeholder: items not modelled)" in lines["CF-ECS"]
    assert "Wording: confirmed = the title was read, as written" in result.stdout
    listed = json.loads(run("frameworks", "list", "--json").stdout)
    assert [fw["id"] for fw in listed] == [
        "CF-ECS",
        "KSS-AD",
        "KSS-APS",
        "KSS-CF",
        "KSS-PL",
        "KSS-PS",
        "PCF",
        "SWE-PS",
    ]
    kss = next(fw for fw in listed if fw["id"] == "KSS-CF")
    assert kss["in_force_until"] == "2027-03-31" and kss["superseded_by"] == "CF-ECS"
    assert kss["wording"] == {"confirmed": 0, "paraphrase": 0, "unconfirmed": 10}


def test_frameworks_list_includes_the_councils_frameworks(tmp_path: Path) -> None:
    council = tmp_path / "north.yaml"
    council.write_text(
        "id: NORTH\ntitle: North standards\npublisher: North\nversion: '1'\nlicence: own\n"
        "source: https://north.example\nitems:\n  - {id: NORTH-1, title: a, wording: confirmed}\n",
        encoding="utf-8",
    )
    config = tmp_path / "cpdsync.toml"
    config.write_text(f'[mappings]\nframeworks = ["{council}"]\n', encoding="utf-8")
    result = run("--config", str(config), "frameworks", "list")
    assert result.exit_code == 0, result.output
    assert f"North standards (council: {council})" in result.stdout
    shown = run("--config", str(config), "frameworks", "show", "NORTH")
    assert "  NORTH-1  a  [confirmed]" in shown.stdout


def test_frameworks_show_gives_each_items_wording_and_source() -> None:
    result = run("frameworks", "show", "KSS-CF")
    assert result.exit_code == 0
    assert "  KSS-CF-2  Communication  [unconfirmed]\n" in result.stdout
    assert (
        "      seen at (third party): https://www.ccinform.co.uk/child-and-family-assessment-kss-6/"
        in result.stdout
    )
    assert "0 confirmed, 0 paraphrase, 10 unconfirmed of 10 items." in result.stdout
    swe = run("frameworks", "show", "SWE-PS").stdout
    assert "    SWE-PS-4.6  Reflection  [confirmed]\n" in swe
    assert "        source: https://www.socialworkengland.org.uk/cpd/the-cpd-standard/" in swe
    data = json.loads(run("frameworks", "show", "KSS-AD", "--json").stdout)
    mental = next(i for i in data["items"] if i["id"] == "KSS-AD-MENTAL-CAPACITY")
    assert mental["number"] == 5 and mental["wording"] == "unconfirmed"
    assert mental["seen_at"] == "https://adults.ccinform.co.uk/mental-capacity-kss-5/"


def test_a_placeholder_framework_is_shown_and_its_export_refused() -> None:
    shown = run("frameworks", "show", "CF-ECS")
    assert shown.exit_code == 0
    assert "A declared placeholder: its structure is not confirmed" in shown.stdout
    refused = run("frameworks", "export", "CF-ECS", "--format", "moodle-csv")
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert "CF-ECS is a declared placeholder" in refused.stderr


def test_an_unknown_framework_exits_2_with_a_suggestion() -> None:
    result = run("frameworks", "show", "KSS-F")
    assert result.exit_code == 2
    assert "did you mean KSS-CF?" in result.stderr


def test_frameworks_export_warns_before_exporting_unconfirmed_text(tmp_path: Path) -> None:
    target = tmp_path / "kss-cf.csv"
    result = run(
        "frameworks", "export", "KSS-CF", "--format", "moodle-csv", "--output", str(target)
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "warning: 10 of 10 KSS-CF items are not confirmed against the publisher's wording "
        "(0 paraphrase, 10 unconfirmed)"
    )
    written = target.read_text(encoding="utf-8")
    assert written.split("\n", 1)[0] == MOODLE_45_HEADER
    assert "warning" not in written  # Moodle's import file carries no warning
    to_stdout = run("frameworks", "export", "KSS-CF", "--format", "moodle-csv")
    assert to_stdout.stdout == written

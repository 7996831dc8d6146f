"""`cpdsync cpd` commands are thin: they reach the records and exit with the error's code."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cpdsync.cli import main
from cpdsync.records.db import open_database
from tests.app.facts import T_PEER, load_facts, observation


def test_cpd_list_json_and_a_refused_reflection_exit_codes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cpdsync.db'}"
    database = open_database(url)
    load_facts(database, [observation(), observation(4, 5)])
    database.close()
    env = {"CPDSYNC_DATABASE_URL": url, "CPDSYNC_CONFIG": ""}
    runner = CliRunner()
    listed = runner.invoke(main, ["cpd", "list", "jsmith", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    (entry,) = json.loads(listed.output)["entries"]
    refused = runner.invoke(
        main,
        ["cpd", "reflect", str(entry["id"]), "--worker", "slee", "--learnt", "a", "--impact", "b"],
        env=env,
    )
    assert refused.exit_code == 2
    assert "belongs to another worker" in refused.output
    added = runner.invoke(
        main,
        ["cpd", "add", "jsmith", "--title", "Reading", "--date", "2026-02-30", "--type", "reading"],
        env=env,
    )
    assert added.exit_code == 2 and "YYYY-MM-DD" in added.output


def _jo_entry(tmp_path: Path) -> tuple[dict[str, str], int]:
    url = f"sqlite:///{tmp_path / 'cpdsync.db'}"
    database = open_database(url)
    load_facts(database, [observation(3, 6, T_PEER)])
    database.close()
    mapping = tmp_path / "council.yaml"
    mapping.write_text(
        "version: 1\nrules:\n  - match: {idnumber: 'PEER-*'}\n    capabilities: [PCF-6]\n"
        "    cpd_type: peer_discussion\n    peer_reflection: true\n",
        encoding="utf-8",
    )
    env = {
        "CPDSYNC_DATABASE_URL": url,
        "CPDSYNC_CONFIG": "",
        "CPDSYNC_MAPPINGS_PATHS": str(mapping),
    }
    listed = CliRunner().invoke(main, ["cpd", "list", "jsmith", "--json"], env=env)
    (entry,) = json.loads(listed.output)["entries"]
    return env, entry["id"]


def test_cpd_reflect_with_the_entry_number_alone_says_exactly_what_to_type(
    tmp_path: Path,
) -> None:
    # The reminders tell a worker to run `cpdsync cpd reflect 113`: it must not fail with a
    # missing --worker, and away from a terminal it says the whole command to type.
    env, entry = _jo_entry(tmp_path)
    runner = CliRunner()
    bare = runner.invoke(main, ["cpd", "reflect", str(entry)], env=env)
    assert bare.exit_code == 2
    assert "Missing option" not in bare.output
    assert (
        f'cpdsync cpd reflect {entry} --learnt "what you learnt" --impact "the impact on your '
        'practice"' in bare.output
    )
    assert f"cpdsync cpd reflect {entry} --recorded-on-swe" in bare.output
    written = runner.invoke(
        main, ["cpd", "reflect", str(entry), "--learnt", "Listening", "--impact", "Calmer"], env=env
    )
    assert written.exit_code == 0, written.output
    assert written.output == (
        f"reflection on CPD entry {entry} (jo.smith@council.example) created (submitted)\n"
    )
    asked = runner.invoke(main, ["cpd", "reflect", "--help"], env=env)
    assert "--worker" in asked.output and "--recorded-on-swe" in asked.output
    assert "cpdsync cpd reflect 113\n" in asked.output


def test_cpd_reflect_declares_a_piece_recorded_on_swe_and_withdraws_it(tmp_path: Path) -> None:
    env, entry = _jo_entry(tmp_path)
    runner = CliRunner()
    declared = runner.invoke(
        main, ["cpd", "reflect", str(entry), "--peer-recorded-on-swe"], env=env
    )
    assert declared.exit_code == 0, declared.output
    assert declared.output == (
        f"CPD entry {entry} (jo.smith@council.example): recorded on the SWE account with its "
        "peer reflection (declared)\n"
    )
    listed = json.loads(runner.invoke(main, ["cpd", "list", "jsmith", "--json"], env=env).output)
    assert listed["entries"][0]["peer_recorded_on_swe"] is True
    withdrawn = runner.invoke(
        main, ["cpd", "reflect", str(entry), "--not-recorded-on-swe", "--actor", "lnd"], env=env
    )
    assert withdrawn.exit_code == 0, withdrawn.output
    assert "not declared recorded on the SWE account (withdrawn)" in withdrawn.output
    other = runner.invoke(
        main, ["cpd", "reflect", str(entry), "--recorded-on-swe", "--worker", "slee"], env=env
    )
    assert other.exit_code == 2 and "belongs to another worker" in other.output


def test_cpd_renewal_declares_and_withdraws_and_refuses_a_bad_year(tmp_path: Path) -> None:
    env, _ = _jo_entry(tmp_path)
    runner = CliRunner()
    declared = runner.invoke(
        main, ["cpd", "renewal", "jsmith", "--year", "2025-26", "--submitted"], env=env
    )
    assert declared.exit_code == 0, declared.output
    assert declared.output == (
        "renewal 2025-26 of jo.smith@council.example: declared submitted (declared)\n"
    )
    shown = runner.invoke(main, ["readiness", "jsmith", "--as-of", "2026-11-22"], env=env)
    assert "Status: Submitted" in shown.output
    assert "Renewal: declared submitted on" in shown.output
    withdrawn = runner.invoke(
        main, ["cpd", "renewal", "jsmith", "--year", "2025-26", "--withdraw"], env=env
    )
    assert withdrawn.exit_code == 0
    assert "not declared submitted (withdrawn)" in withdrawn.output
    assert (
        "Status: At risk"
        in runner.invoke(main, ["readiness", "jsmith", "--as-of", "2026-11-22"], env=env).output
    )
    for args, message in (
        (["--year", "2018-19", "--submitted"], "registration year 2018-19 does not exist"),
        (["--year", "2031-32", "--submitted"], "registration year 2031-32 has not begun"),
        ([], "give one of --submitted or --withdraw"),
        (["--submitted", "--withdraw"], "give one of --submitted or --withdraw"),
    ):
        refused = runner.invoke(main, ["cpd", "renewal", "jsmith", *args], env=env)
        assert refused.exit_code == 2, args
        assert message in refused.output

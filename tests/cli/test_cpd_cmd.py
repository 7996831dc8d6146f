"""`cpdsync cpd` commands are thin: they reach the records and exit with the error's code."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cpdsync.cli import main
from cpdsync.records.db import open_database
from tests.app.facts import load_facts, observation


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

"""A sync with a roster ([workers]) against the simulator, on SQLite and PostgreSQL: every
roster worker is in the report, enrolled or not, and nobody else is (docs/roster.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from cpdsync.app.report import load_report
from cpdsync.app.sync import run_sync
from cpdsync.cli import main
from cpdsync.config import Settings
from cpdsync.errors import ConfigError, InputFileError, MoodleFatalError
from cpdsync.readiness.report_model import ReadinessReport
from cpdsync.records.schema import SyncRunRow, WorkerRow
from cpdsync.simulator import Simulator, serve_in_thread
from cpdsync.simulator.dispatch import default_service
from cpdsync.simulator.site_state import DEFAULT_CAPABILITIES
from tests.app.conftest import council, dataset, engine_for, settings_for, write_config

AS_OF = date(2026, 11, 1)
PLUGIN_USERS = ("local_cpdsync_get_users", "local_cpdsync_get_users_with_field")
STARTERS = ("new.starter1@council.example", "new.starter2@council.example")
CLERK = "clerk@council.example"  # enrolled, but not a social worker


def roster_council() -> dict[str, Any]:
    """The test council (workers 11-16, all enrolled) with two new starters (21, 22) on no
    course, a clerk (23) enrolled on a course, and a cohort of the social workers."""
    data = council()
    for uid, name in ((21, "starter1"), (22, "starter2")):
        data["users"].append(
            {
                "id": uid,
                "username": f"new.{name}",
                "firstname": "New",
                "lastname": name.title(),
                "email": f"new.{name}@council.example",
                "idnumber": f"EMP00{uid}",
                "customfields": {"swenumber": f"SW2000{uid}", "jobrole": "Social Worker"},
            }
        )
    data["users"].append(
        {
            "id": 23,
            "username": "clerk",
            "firstname": "Team",
            "lastname": "Clerk",
            "email": CLERK,
            "idnumber": "EMP0023",
        }
    )
    data["enrolments"].append({"userid": 23, "courseid": 102})
    data["completions"].append({"userid": 23, "courseid": 102, "timecompleted": 1763208000})
    data["cohorts"] = [
        {
            "id": 7,
            "idnumber": "SW-REGISTERED",
            "name": "Registered social workers",
            "members": [11, 12, 13, 14, 15, 16, 21, 22],
        },
        {"id": 8, "idnumber": "ADMIN", "name": "Business support", "members": [23]},
    ]
    return data


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with serve_in_thread(
        dataset(roster_council()), functions=default_service() + PLUGIN_USERS
    ) as running:
        yield running


def configured(tmp_path: Path, sim: Simulator, db_url: str, workers: str) -> Settings:
    config = write_config(tmp_path, sim.url, db_url)
    config.write_text(config.read_text(encoding="utf-8") + f"[workers]\n{workers}\n")
    return settings_for(config, sim.token)


def emails(report: ReadinessReport) -> set[str]:
    return {w.worker.email for w in report.workers}


def gaps_of(report: ReadinessReport, email: str) -> list[str]:
    worker = next(w for w in report.workers if w.worker.email == email)
    return [gap.code for gap in worker.gaps]


def workers_held(db_url: str) -> dict[str, tuple[int | None, bool, list[str], str | None]]:
    engine = engine_for(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    WorkerRow.email,
                    WorkerRow.moodle_id,
                    WorkerRow.on_roster,
                    WorkerRow.roster_sources,
                    WorkerRow.team,
                )
            ).all()
    finally:
        engine.dispose()
    return {email: (mid, on, list(sources), team) for email, mid, on, sources, team in rows}


def test_a_cohort_roster_reports_new_starters_and_leaves_out_everyone_else(
    tmp_path: Path, sim: Simulator, db_url: str
) -> None:
    settings = configured(tmp_path, sim, db_url, 'cohorts = ["SW-REGISTERED"]')
    record = run_sync(settings).record
    assert record.outcome == "ok", record.warnings
    assert record.counts.roster is not None
    assert (record.counts.roster.new, record.counts.roster.no_moodle_account) == (8, 0)
    assert record.calls["core_cohort_get_cohort_members"] == 1
    assert CLERK not in workers_held(db_url)  # enrolled, but never read: not on the roster

    report = load_report(settings, workers=None, team=None, as_of=AS_OF)
    assert emails(report) == {f"worker{w}@council.example" for w in range(1, 7)} | set(STARTERS)
    assert CLERK not in emails(report)
    for email in STARTERS:
        assert gaps_of(report, email)[0] == "SWE_CPD_COUNT"
    assert workers_held(db_url)[STARTERS[0]][2] == ["cohort SW-REGISTERED"]

    # The same through the command line, as text and as JSON.
    config = ["--config", str(settings.source)]
    env = {"CPDSYNC_MOODLE_TOKEN": sim.token}
    text = CliRunner().invoke(main, [*config, "readiness", "--as-of", "2026-11-01"], env=env)
    assert text.exit_code == 0, text.output
    assert "New Starter1" in text.output and "Team Clerk" not in text.output
    data = CliRunner().invoke(
        main, [*config, "readiness", "--as-of", "2026-11-01", "--json"], env=env
    )
    starter = next(
        w for w in json.loads(data.stdout)["workers"] if w["worker"]["email"] == STARTERS[1]
    )
    assert starter["cpd"]["activities"] == 0
    assert starter["gaps"][0]["code"] == "SWE_CPD_COUNT"


def test_a_profile_field_roster_comes_from_the_plugin(
    tmp_path: Path, sim: Simulator, db_url: str
) -> None:
    settings = configured(tmp_path, sim, db_url, 'with_profile_field = "swenumber"')
    record = run_sync(settings).record
    assert record.calls["local_cpdsync_get_users_with_field"] == 1
    report = load_report(settings, workers=None, team=None, as_of=AS_OF)
    assert set(STARTERS) <= emails(report)
    assert CLERK not in emails(report)  # no SWE number, so not on this roster
    held = workers_held(db_url)
    assert held[STARTERS[0]][2] == ["profile field swenumber"]


def test_without_the_plugin_a_profile_field_roster_stops_naming_the_fix(
    tmp_path: Path, db_url: str
) -> None:
    with serve_in_thread(dataset(roster_council())) as plain:
        settings = configured(tmp_path, plain, db_url, 'with_profile_field = "swenumber"')
        with pytest.raises(MoodleFatalError) as caught:
            run_sync(settings)
    assert caught.value.exit_code == 3
    assert "install the local_cpdsync plugin" in caught.value.message


def test_an_hr_roster_keeps_a_person_without_a_moodle_account_and_overrides_team_and_role(
    tmp_path: Path, sim: Simulator, db_url: str
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "email;idnumber;team;role;name\n"
        "Worker1@Council.example;;Fostering;;\n"
        ";EMP0021;;;\n"
        "nobody@council.example;EMP0999;Adults East;;Nadia Nobody\n",
        encoding="utf-8",
    )
    settings = configured(tmp_path, sim, db_url, f'roster = "{roster}"')
    mapping = tmp_path / "mappings" / "council.yaml"
    mapping.write_text(
        mapping.read_text(encoding="utf-8")
        + "roles:\n  - id: social-worker\n    assign: {default: true}\n",
        encoding="utf-8",
    )
    record = run_sync(settings).record
    assert record.counts.roster is not None
    assert record.counts.roster.no_moodle_account == 1
    assert record.counts.notes is not None
    assert record.counts.notes[0].startswith(f"{roster}:4: no Moodle account has nobody@")
    held = workers_held(db_url)
    assert held["worker1@council.example"][3] == "Fostering"  # the HR roster's team wins
    assert held["nobody@council.example"][:3] == (None, True, [f"{roster}:4"])
    report = load_report(settings, workers=["nobody@council.example"], team=None, as_of=AS_OF)
    assert report.workers[0].worker.role == "social-worker"  # the mappings' default role

    report = load_report(settings, workers=None, team=None, as_of=AS_OF)
    assert emails(report) == {
        "worker1@council.example",
        STARTERS[0],
        "nobody@council.example",
    }
    nobody = gaps_of(report, "nobody@council.example")
    assert nobody[0] == "SWE_CPD_COUNT" and "ROSTER_NO_MOODLE_ACCOUNT" in nobody
    assert "SWE_NUMBER_MISSING" not in nobody  # no Moodle profile to put it in

    # A second run follows the held catalogue and keeps the HR roster's team.
    again = run_sync(settings).record
    assert again.counts.catalogue == "held"
    assert workers_held(db_url)["worker1@council.example"][3] == "Fostering"

    # Changing the file makes the next run read the roster again; Moodle now has the account.
    sim.replace_dataset(dataset(_with_user(roster_council(), 30, "nobody@council.example")))
    roster.write_text("email\nnobody@council.example\n", encoding="utf-8")
    third = run_sync(settings).record
    assert third.counts.catalogue_refreshed_because == "roster"
    held = workers_held(db_url)
    assert held["nobody@council.example"][:2] == (30, True)
    engine = engine_for(db_url)
    with engine.connect() as conn:  # the same worker, now with their Moodle account
        rows = conn.execute(
            sa.select(WorkerRow.id).where(WorkerRow.email == "nobody@council.example")
        ).all()
    engine.dispose()
    assert len(rows) == 1
    assert held["worker1@council.example"][1] is False  # off the roster, still held
    assert third.counts.notes and "left out of reports" in third.counts.notes[0]


def _with_user(data: dict[str, Any], uid: int, email: str) -> dict[str, Any]:
    data["users"].append(
        {"id": uid, "username": "nadia", "firstname": "Nadia", "lastname": "Nobody", "email": email}
    )
    return data


def test_workers_a_report_showed_are_kept_and_said_to_be_left_out(
    tmp_path: Path, sim: Simulator, db_url: str
) -> None:
    before = settings_for(write_config(tmp_path, sim.url, db_url), sim.token)
    run_sync(before)
    assert CLERK in emails(load_report(before, workers=None, team=None, as_of=AS_OF))
    after = configured(tmp_path, sim, db_url, 'cohorts = ["SW-REGISTERED"]')
    record = run_sync(after).record
    assert record.counts.catalogue_refreshed_because == "roster"
    assert record.counts.roster is not None and record.counts.roster.left_out == 1
    (note,) = record.counts.notes or []
    assert "Team Clerk <clerk@council.example>" in note and "kept" in note
    assert CLERK not in emails(load_report(after, workers=None, team=None, as_of=AS_OF))
    assert workers_held(db_url)[CLERK][:2] == (23, False)
    # Named on purpose, the worker is still there with what is held about them.
    (clerk,) = load_report(after, workers=[CLERK], team=None, as_of=AS_OF).workers
    assert len(clerk.detail.entries) == 1


def _runs(db_url: str) -> list[str]:
    engine = engine_for(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.select(SyncRunRow.outcome)).scalars())
    except sa.exc.OperationalError:
        return []  # not even created
    except sa.exc.ProgrammingError:
        return []
    finally:
        engine.dispose()


def test_a_bad_hr_roster_stops_the_run_before_anything_is_touched(
    tmp_path: Path, sim: Simulator, db_url: str
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_bytes("email,name\nrene@council.example,René\n".encode("cp1252"))
    settings = configured(tmp_path, sim, db_url, f'roster = "{roster}"')
    with pytest.raises(InputFileError) as caught:
        run_sync(settings)
    assert caught.value.exit_code == 2
    assert f"{roster}:2: not UTF-8 text" in caught.value.message
    assert sim.stats() == {}
    assert _runs(db_url) == []


def test_a_cohort_the_site_lacks_is_named_with_the_ones_it_has(
    tmp_path: Path, sim: Simulator, db_url: str
) -> None:
    settings = configured(tmp_path, sim, db_url, 'cohorts = ["SW-REGISTERED", "SW-ALL"]')
    with pytest.raises(ConfigError) as caught:
        run_sync(settings)
    assert caught.value.exit_code == 2
    assert caught.value.key == "workers.cohorts"
    assert "'SW-ALL'" in caught.value.message
    assert "SW-REGISTERED (Registered social workers), ADMIN (Business support)" in (
        caught.value.message
    )
    assert workers_held(db_url) == {}
    assert _runs(db_url) == ["failed"]


def test_a_token_without_moodle_cohort_view_is_told_to_get_it(
    tmp_path: Path, sim: Simulator, db_url: str
) -> None:
    sim.state.capabilities = DEFAULT_CAPABILITIES - {"moodle/cohort:view"}
    settings = configured(tmp_path, sim, db_url, 'cohorts = ["SW-REGISTERED"]')
    with pytest.raises(MoodleFatalError) as caught:
        run_sync(settings)
    assert caught.value.exit_code == 3
    assert "give its role moodle/cohort:view" in caught.value.message
    assert workers_held(db_url) == {}

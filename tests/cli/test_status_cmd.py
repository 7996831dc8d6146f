"""`cpdsync status --check`: one Nagios-format line, the exit code of its state, read-only."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from click.testing import CliRunner
from sqlalchemy.orm import Session

from cpdsync.cli import main
from cpdsync.records.db import create_engine_for, normalise_url
from cpdsync.records.migrate import alembic_config, current_revision, head_revision
from cpdsync.records.schema import SyncRunRow
from cpdsync.simulator import Simulator
from tests.app.conftest import write_config

# 'label'=value[UOM];[warn];[crit];[min];[max] (Nagios plugin guidelines, performance data).
PERFDATA = re.compile(r"^'?[a-z_]+'?=(U|-?\d+(\.\d+)?)(s|%|c)?(;(-?\d+(\.\d+)?)?){0,4}$")
LABELS = [
    "last_good_age",
    "completions",
    "cpd_entries",
    "unmapped",
    "statutory_gap_workers",
    "reminders_unknown",
]


def _invoke(config: Path, token: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["--config", str(config), *args], env={"CPDSYNC_MOODLE_TOKEN": token}
    )
    return result.exit_code, result.output


def _check(config: Path, token: str, *args: str) -> tuple[int, str, dict[str, str]]:
    """Run `status --check`; return the exit code, the state and summary, and the perfdata."""
    code, out = _invoke(config, token, "status", "--check", *args)
    assert out.count("\n") == 1, out  # exactly one line
    head, _, perf = out.strip().partition(" | ")
    assert re.match(r"^CPDSYNC (OK|WARNING|CRITICAL|UNKNOWN) - \S", head), head
    items = perf.split() if perf else []
    for item in items:
        assert PERFDATA.match(item), item
    return code, head, {item.split("=")[0]: item.split("=", 1)[1] for item in items}


def _age_runs(db_url: str, hours: int) -> None:
    """Move every recorded run ``hours`` into the past."""
    engine = create_engine_for(normalise_url(db_url))
    with Session(engine) as session, session.begin():
        for run in session.scalars(sa.select(SyncRunRow)):
            run.started -= timedelta(hours=hours)
            if run.finished is not None:
                run.finished -= timedelta(hours=hours)
    engine.dispose()


def test_check_is_critical_before_any_sync_and_ok_with_perfdata_after_one(
    sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    code, head, perf = _check(config, sim.token)
    assert code == 2 and head.startswith("CPDSYNC CRITICAL - "), head

    assert _invoke(config, sim.token, "sync")[0] == 0
    code, head, perf = _check(config, sim.token)
    assert code == 0, head
    assert head.startswith("CPDSYNC OK - last good run ")
    assert list(perf) == LABELS
    assert perf["last_good_age"].endswith("s;7200;14400;0")  # two and four 1h intervals
    assert int(perf["completions"].split(";")[0]) > 0
    assert perf["unmapped"].startswith("0%;50;;0;100")
    assert perf["reminders_unknown"] == "0;;;0"


def test_check_warns_then_goes_critical_as_the_last_good_run_ages(
    sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    assert _invoke(config, sim.token, "sync")[0] == 0
    _age_runs(db_url, 3)
    code, head, perf = _check(config, sim.token, "--warning", "2h", "--critical", "4h")
    assert code == 1 and "CPDSYNC WARNING - the last good run was 3 h" in head
    assert perf["last_good_age"].endswith("s;7200;14400;0")
    code, head, perf = _check(config, sim.token, "--warning", "3600", "--critical", "90m")
    assert code == 2 and "CPDSYNC CRITICAL - the last good run was 3 h" in head
    assert perf["last_good_age"].endswith("s;3600;5400;0")


def test_check_warns_when_the_last_run_failed(sim: Simulator, db_url: str, tmp_path: Path) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    assert _invoke(config, sim.token, "sync")[0] == 0
    assert _invoke(config, "a-wrong-token", "sync")[0] == 3
    code, head, _ = _check(config, sim.token)
    assert code == 1 and head.startswith("CPDSYNC WARNING - the last run failed: "), head


def test_check_warns_when_most_completions_are_mapped_to_nothing(
    sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    (tmp_path / "mappings" / "council.yaml").write_text(
        'version: 1\nrules:\n  - match: {idnumber: "NOTHING-*"}\n'
        "    capabilities: [PCF-5]\n    cpd_type: e_learning\n",
        encoding="utf-8",
    )
    assert _invoke(config, sim.token, "sync")[0] == 0
    code, head, perf = _check(config, sim.token)
    assert code == 1, head
    assert "most completions are not mapped to CPD" in head
    assert perf["unmapped"] == "100%;50;;0;100"
    assert perf["cpd_entries"] == "0;;;0"


def test_a_database_behind_the_code_is_a_warning_and_is_never_migrated_by_status(
    sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    engine = create_engine_for(normalise_url(db_url))
    with engine.begin() as connection:
        alembic = alembic_config()
        alembic.attributes["connection"] = connection
        command.upgrade(alembic, "0001")
    code, head, perf = _check(config, sim.token)
    assert code == 1 and perf == {}
    assert head.startswith(
        "CPDSYNC WARNING - database needs migrating: run cpdsync sync or cpdsync migrate"
    )
    code, out = _invoke(config, sim.token, "status")
    assert code == 1 and out.startswith("CPDSYNC WARNING - database needs migrating")
    with engine.connect() as connection:
        assert current_revision(connection) == "0001"

    code, out = _invoke(config, sim.token, "migrate")
    assert code == 0 and f"schema migrated from 0001 to {head_revision()}" in out
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    engine.dispose()
    assert "schema is current" in _invoke(config, sim.token, "migrate")[1]


def test_anything_that_stops_the_check_is_unknown_with_exit_3(
    sim: Simulator, tmp_path: Path
) -> None:
    config = write_config(
        tmp_path, sim.url, "postgresql://cpdsync:s3cret@127.0.0.1:1/cpdsync?connect_timeout=2"
    )
    code, head, perf = _check(config, sim.token)
    assert code == 3 and head.startswith("CPDSYNC UNKNOWN - database ") and perf == {}
    assert "s3cret" not in head
    code, head, _ = _check(config, sim.token, "--warning", "soon")
    assert code == 3 and "--warning 'soon' is not an age" in head
    code, head, _ = _check(config, sim.token, "--warning", "2h", "--critical", "1h")
    assert code == 3 and "must be less than --critical" in head
    code, head, _ = _check(tmp_path / "missing.toml", sim.token)
    assert code == 3 and "missing.toml" in head


@pytest.fixture
def read_only_url(db_url: str) -> Iterator[str]:
    """A URL to the test database as a role that may only SELECT (PostgreSQL only)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("database roles are a PostgreSQL matter; SQLite is opened with mode=ro")
    role = f"ro_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(normalise_url(db_url))
    with admin.begin() as connection:
        schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
        connection.execute(sa.text(f'CREATE ROLE "{role}" LOGIN'))
        connection.execute(sa.text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'))
        connection.execute(
            sa.text(
                f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT SELECT ON TABLES TO "{role}"'
            )
        )
    yield normalise_url(db_url).set(username=role).render_as_string(hide_password=False)
    with admin.begin() as connection:
        connection.execute(sa.text(f'DROP OWNED BY "{role}"'))
        connection.execute(sa.text(f'DROP ROLE "{role}"'))
    admin.dispose()


def test_a_role_with_select_rights_only_can_run_the_check(
    sim: Simulator, db_url: str, read_only_url: str, tmp_path: Path
) -> None:
    writer = write_config(tmp_path / "writer", sim.url, db_url)
    assert _invoke(writer, sim.token, "sync")[0] == 0
    monitor = write_config(tmp_path / "monitor", sim.url, read_only_url)
    code, head, perf = _check(monitor, sim.token)
    assert code == 0, head
    assert int(perf["completions"].split(";")[0]) > 0
    code, out = _invoke(monitor, sim.token, "status")
    assert code == 0 and out.startswith("CPDSYNC OK - "), out
    # The role really is read-only: a sync as it fails.
    code, out = _invoke(monitor, sim.token, "sync")
    assert code == 1 and "permission denied" in out

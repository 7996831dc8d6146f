"""`cpdsync worker export|erase` and retention: one person's data out, then gone for good."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner
from sqlalchemy.orm import Session

from cpdsync.cli import main
from cpdsync.records.db import create_engine_for, normalise_url
from cpdsync.records.schema import (
    AuditRow,
    CompletionRow,
    CpdEntryRow,
    ReminderSentRow,
    RenewalDeclarationRow,
    WorkerRow,
)
from cpdsync.simulator import Simulator
from tests.app.conftest import write_config

WORKER = "worker2@council.example"


def _invoke(config: Path, sim: Simulator, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["--config", str(config), *args], env={"CPDSYNC_MOODLE_TOKEN": sim.token}
    )
    return result.exit_code, result.output


def _synced_with_a_reflection_and_reminder(config: Path, sim: Simulator, db_url: str) -> int:
    """Sync, reflect on the worker's first entry, log a reminder; return the worker's row id."""
    assert _invoke(config, sim, "sync")[0] == 0
    code, out = _invoke(config, sim, "cpd", "list", WORKER, "--json")
    assert code == 0, out
    entry = json.loads(out)["entries"][0]["id"]
    code, out = _invoke(
        config, sim, "cpd", "reflect", str(entry), "--worker", WORKER,
        "--learnt", "Jo's own words", "--impact", "changed my visits", "--actor", WORKER,
    )  # fmt: skip
    assert code == 0, out
    code, out = _invoke(
        config, sim, "cpd", "renewal", WORKER, "--year", "2025-26", "--submitted", "--actor", WORKER
    )
    assert code == 0, out
    engine = create_engine_for(normalise_url(db_url))
    with Session(engine) as session, session.begin():
        worker = session.scalars(sa.select(WorkerRow).where(WorkerRow.email == WORKER)).one()
        session.add(
            ReminderSentRow(
                worker_id=worker.id,
                registration_year="2025-26",
                threshold="30d",
                sent_at=datetime(2026, 10, 31, tzinfo=UTC),
                status="sent",
            )
        )
        worker_id = worker.id
    engine.dispose()
    return worker_id


def test_export_holds_everything_about_the_worker_and_nobody_else(
    sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    _synced_with_a_reflection_and_reminder(config, sim, db_url)
    code, out = _invoke(config, sim, "worker", "export", WORKER)
    assert code == 0, out
    data = json.loads(out)
    assert data["schema"] == 1
    assert data["worker"]["email"] == WORKER and data["worker"]["swe_number"] == "SW100002"
    assert {c["course"]["id"] for c in data["completions"]} == {102, 104}
    reflected = [e for e in data["cpd_entries"] if e["reflection"]]
    assert reflected[0]["reflection"]["learnt"] == "Jo's own words"
    assert {a["action"] for a in data["audit"]} >= {"derived", "created"}
    assert data["reminders_sent"][0]["threshold"] == "30d"
    assert data["renewal_declarations"][0]["registration_year"] == "2025-26"
    assert "data privacy tool" in data["moodle"]
    assert "worker1@" not in out and "worker3@" not in out


def test_erase_removes_the_workers_records_keeps_an_audit_without_them_and_survives_a_sync(
    sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    worker_id = _synced_with_a_reflection_and_reminder(config, sim, db_url)

    code, out = _invoke(config, sim, "worker", "erase", WORKER)
    assert code == 2 and "add --yes" in out  # off a terminal, never without --yes
    code, out = _invoke(config, sim, "worker", "erase", WORKER, "--yes", "--json")
    assert code == 0, out
    erased = json.loads(out)
    assert erased["worker_id"] == worker_id
    assert erased["completions"] == 2 and erased["reflections"] == 1
    assert erased["declarations"] == 1
    assert erased["reminders_sent"] == 1 and erased["audit_scrubbed"] >= 3

    assert _invoke(config, sim, "worker", "export", WORKER)[0] == 2  # nobody by that name
    assert _invoke(config, sim, "sync")[0] == 0  # Moodle still lists them
    engine = create_engine_for(normalise_url(db_url))
    with Session(engine) as session:
        row = session.get(WorkerRow, worker_id)
        assert row is not None and row.erased_at is not None
        assert (row.email, row.fullname, row.swe_number, row.profile) == (
            f"erased-{worker_id}",
            "",
            None,
            {},
        )
        for model in (CompletionRow, CpdEntryRow, ReminderSentRow, RenewalDeclarationRow):
            held = session.scalars(sa.select(model).where(model.worker_id == worker_id)).all()
            assert held == [], model.__name__
        audit = session.scalars(sa.select(AuditRow).order_by(AuditRow.id)).all()
        text = json.dumps([(a.actor, a.before, a.after) for a in audit])
        assert "Jo's own words" not in text and WORKER not in text
        assert ("worker", worker_id, "erased") in {(a.entity, a.entity_id, a.action) for a in audit}
    engine.dispose()
    code, out = _invoke(config, sim, "readiness", "--json")
    assert code == 0 and WORKER not in out and "erased-" not in out


def test_retention_erases_workers_moodle_stopped_listing_long_ago(
    sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    with config.open("a", encoding="utf-8") as handle:
        handle.write("[retention]\nyears = 2\n")
    assert _invoke(config, sim, "sync")[0] == 0
    engine = create_engine_for(normalise_url(db_url))
    with Session(engine) as session, session.begin():
        worker = session.scalars(sa.select(WorkerRow).where(WorkerRow.email == WORKER)).one()
        worker.last_seen = datetime.now(UTC) - timedelta(days=3 * 365)
        worker_id = worker.id
    # The catalogue held (refreshed daily) is used, so Moodle does not list them again.
    code, out = _invoke(config, sim, "sync", "--json")
    assert code == 0, out
    assert json.loads(out)["counts"]["erased"] == 1
    with Session(engine) as session:
        row = session.get(WorkerRow, worker_id)
        assert row is not None and row.erased_at is not None and row.email != WORKER
        others = session.scalars(sa.select(WorkerRow).where(WorkerRow.erased_at.is_not(None)))
        assert [w.id for w in others] == [worker_id]
    engine.dispose()

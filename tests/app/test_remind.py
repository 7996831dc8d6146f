"""Reminders and managers' digests sent as Moodle messages to the simulator, end to end."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from cpdsync.app.daemon import serve
from cpdsync.app.remind import send_reminders
from cpdsync.app.status import sync_status
from cpdsync.app.sync import run_sync
from cpdsync.cli import main
from cpdsync.config import Settings
from cpdsync.errors import ConfigError, MoodleFatalError
from cpdsync.records.schema import ReminderSentRow, WorkerRow
from cpdsync.simulator import Simulator, serve_in_thread
from cpdsync.simulator.site_state import DEFAULT_CAPABILITIES
from tests.app.conftest import T0, dataset, engine_for, settings_for, write_config

# 30 days before the 30 November 2026 deadline: the "30d" threshold of 2025-26.
DAY_30 = date(2026, 10, 31)
DAY_30_AS_OF = DAY_30.isoformat()


def _user(uid: int, name: str, team: str, jobrole: str) -> dict[str, Any]:
    first, last = name.split()
    return {
        "id": uid,
        "username": first.lower(),
        "firstname": first,
        "lastname": last,
        "email": f"{first.lower()}@council.example",
        "idnumber": f"EMP{uid:04d}",
        "customfields": {"swenumber": f"SW{200000 + uid}", "jobrole": jobrole, "team": team},
    }


def team_council() -> dict[str, Any]:
    """Children North: a manager and two workers, one CPD course each (a gap for all three);
    Adults: one worker, no manager."""
    users = [
        _user(11, "Maya Manager", "Children North", "Team Manager"),
        _user(12, "Asha Worker", "Children North", "Social Worker"),
        _user(13, "Ben Worker", "Children North", "Senior Social Worker"),
        _user(14, "Cal Adult", "Adults", "Social Worker"),
    ]
    return {
        "site": {"sitename": "Test Council Learning"},
        "users": users,
        "categories": [{"id": 2, "name": "Safeguarding", "parent": 0}],
        "courses": [
            {
                "id": 101,
                "shortname": "SG1",
                "fullname": "Safeguarding 1",
                "idnumber": "SG-01",
                "categoryid": 2,
            }
        ],
        "enrolments": [{"userid": u["id"], "courseid": 101} for u in users],
        "completions": [
            {"userid": u["id"], "courseid": 101, "timecompleted": T0 + 30 * 86400} for u in users
        ],
    }


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with serve_in_thread(dataset(team_council())) as running:
        yield running


def _config(tmp_path: Path, url: str, db_url: str, *, messages: bool = True) -> Path:
    path = write_config(tmp_path, url, db_url)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"[notify]\nmoodle_messages = {'true' if messages else 'false'}\n")
    return path


@pytest.fixture
def synced(tmp_path: Path, sim: Simulator, db_url: str) -> Settings:
    settings = settings_for(_config(tmp_path, sim.url, db_url), sim.token)
    assert run_sync(settings).record.outcome == "ok"
    return settings


def _log(db_url: str) -> list[tuple[int, str, str, str]]:
    engine = engine_for(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    WorkerRow.moodle_id,
                    ReminderSentRow.threshold,
                    ReminderSentRow.status,
                    ReminderSentRow.registration_year,
                )
                .join(WorkerRow, ReminderSentRow.worker_id == WorkerRow.id)
                .order_by(WorkerRow.moodle_id, ReminderSentRow.threshold)
            ).all()
    finally:
        engine.dispose()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_each_worker_gets_one_reminder_per_threshold_even_when_run_twice(
    synced: Settings, sim: Simulator, db_url: str
) -> None:
    first = send_reminders(synced, as_of=DAY_30, dry_run=False)
    assert sorted((m.moodle_id, m.kind, m.status) for m in first.messages) == [
        (11, "digest", "sent"),
        (11, "reminder", "sent"),
        (12, "reminder", "sent"),
        (13, "reminder", "sent"),
        (14, "reminder", "sent"),
    ]
    delivered = sim.messages
    assert len(delivered) == 5
    again = send_reminders(synced, as_of=DAY_30, dry_run=False)
    later = send_reminders(synced, as_of=date(2026, 11, 2), dry_run=False)
    assert again.messages == [] and later.messages == []
    assert len(sim.messages) == 5
    assert _log(db_url) == [
        (11, "30d", "sent", "2025-26"),
        (11, "digest-30d", "sent", "2025-26"),
        (12, "30d", "sent", "2025-26"),
        (13, "30d", "sent", "2025-26"),
        (14, "30d", "sent", "2025-26"),
    ]
    to_asha = next(m for m in delivered if m["touserid"] == 12)
    assert str(to_asha["text"]).startswith("Social Work England renewal: 30 days left\n\n")
    assert "Dear Asha Worker," in str(to_asha["text"])


def test_the_next_threshold_sends_again_once(synced: Settings, sim: Simulator) -> None:
    send_reminders(synced, as_of=DAY_30, dry_run=False)
    fortnight = send_reminders(synced, as_of=date(2026, 11, 16), dry_run=False)
    assert {m.threshold for m in fortnight.messages} == {"14d", "digest-14d"}
    assert len(sim.messages) == 10


def test_the_digest_reaches_the_team_manager_only(synced: Settings, sim: Simulator) -> None:
    send_reminders(synced, as_of=DAY_30, dry_run=False)
    digests = [m for m in sim.messages if "renewal readiness" in str(m["text"])]
    assert [m["touserid"] for m in digests] == [11]
    text = str(digests[0]["text"])
    assert text.startswith("Team Children North renewal readiness: 3 of 3 with CPD gaps")
    assert "- Asha Worker: At risk" in text and "Cal Adult" not in text


def test_a_refused_message_is_logged_as_refused_reported_and_not_retried(
    tmp_path: Path, db_url: str
) -> None:
    with serve_in_thread(dataset(team_council()), refuse_messages=True) as sim:
        settings = settings_for(_config(tmp_path, sim.url, db_url), sim.token)
        run_sync(settings)
        report = send_reminders(settings, as_of=DAY_30, dry_run=False)
        assert {m.status for m in report.messages} == {"refused"}
        assert report.count("refused") == 5
        assert "message preferences" in (report.messages[0].detail or "")
        assert sim.messages == []
        again = send_reminders(settings, as_of=DAY_30, dry_run=False)
        assert again.messages == []
        assert sim.stats()["core_message_send_instant_messages"] == 1
    assert {status for _, _, status, _ in _log(db_url)} == {"refused"}


def test_a_dry_run_sends_nothing_and_writes_nothing(
    synced: Settings, sim: Simulator, db_url: str
) -> None:
    report = send_reminders(synced, as_of=DAY_30, dry_run=True)
    assert report.count("would_send") == 5
    assert sim.messages == [] and _log(db_url) == []
    assert "core_message_send_instant_messages" not in sim.stats()


def test_sending_is_refused_until_moodle_messages_is_switched_on(
    tmp_path: Path, sim: Simulator, db_url: str
) -> None:
    settings = settings_for(_config(tmp_path, sim.url, db_url, messages=False), sim.token)
    run_sync(settings)
    with pytest.raises(ConfigError, match=r"set moodle_messages = true under \[notify\]"):
        send_reminders(settings, as_of=DAY_30, dry_run=False)
    assert send_reminders(settings, as_of=DAY_30, dry_run=True).count("would_send") == 5
    assert sim.messages == []


def test_remind_dry_run_prints_each_message_and_its_recipient(
    tmp_path: Path, sim: Simulator, db_url: str
) -> None:
    config = _config(tmp_path, sim.url, db_url, messages=False)
    run_sync(settings_for(config, sim.token))
    env = {"CPDSYNC_MOODLE_TOKEN": sim.token}
    runner = CliRunner()
    result = runner.invoke(
        main, ["--config", str(config), "remind", "--dry-run", "--as-of", DAY_30_AS_OF], env=env
    )
    assert result.exit_code == 0, result.output
    assert "(dry run: nothing sent, nothing written)" in result.stdout
    assert (
        "- would send: reminder [30d] to Asha Worker <asha@council.example> (Moodle user 12)"
        in result.stdout
    )
    assert "- would send: digest for team Children North [digest-30d] to Maya Manager" in (
        result.stdout
    )
    assert "    Subject: Social Work England renewal: 30 days left" in result.stdout
    refused = runner.invoke(
        main, ["--config", str(config), "remind", "--as-of", DAY_30_AS_OF], env=env
    )
    assert refused.exit_code == 2
    assert "notify.moodle_messages is false" in refused.stderr
    as_json = runner.invoke(
        main,
        ["--config", str(config), "remind", "--dry-run", "--as-of", DAY_30_AS_OF, "--json"],
        env=env,
    )
    document = json.loads(as_json.stdout)
    assert document["counts"]["would_send"] == 5 and document["threshold"] == "30d"
    assert sim.messages == []


def test_a_send_cut_off_before_moodle_answers_is_never_sent_again(
    synced: Settings, sim: Simulator, db_url: str
) -> None:
    # As if cpdsync stopped between logging a reminder and hearing Moodle's answer.
    engine = engine_for(db_url)
    with engine.begin() as conn:
        asha = conn.execute(sa.select(WorkerRow.id).where(WorkerRow.moodle_id == 12)).scalar_one()
        conn.execute(
            sa.insert(ReminderSentRow).values(
                worker_id=asha,
                registration_year="2025-26",
                threshold="30d",
                sent_at=sa.func.now(),
                channel="moodle",
                status="sending",
            )
        )
    engine.dispose()
    report = send_reminders(synced, as_of=DAY_30, dry_run=False)
    assert 12 not in {m.moodle_id for m in report.messages}
    assert [u.email for u in report.unconfirmed] == ["asha@council.example"]
    assert 12 not in {m["touserid"] for m in sim.messages}
    status = sync_status(synced)
    assert [(u.email, u.threshold) for u in status.reminders_unconfirmed] == [
        ("asha@council.example", "30d")
    ]
    assert status.healthy  # an unconfirmed reminder is reported, not an alert


def test_the_daemon_sends_due_reminders_after_a_successful_sync_and_logs_them(
    tmp_path: Path, sim: Simulator, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for(_config(tmp_path, sim.url, db_url), sim.token)
    with caplog.at_level(logging.INFO, logger="cpdsync.daemon"):
        for _ in range(2):
            serve(settings, stop=threading.Event(), max_runs=1, today=lambda: DAY_30)
    assert len(sim.messages) == 5  # the second run found them all sent already
    assert any(
        "reminders (2025-26, threshold 30d): 5 sent, 0 refused" in r.getMessage()
        for r in caplog.records
    )


def test_the_daemon_sends_no_reminder_while_moodle_messages_is_off(
    tmp_path: Path, sim: Simulator, db_url: str
) -> None:
    settings = settings_for(_config(tmp_path, sim.url, db_url, messages=False), sim.token)
    serve(settings, stop=threading.Event(), max_runs=1, today=lambda: DAY_30)
    assert sim.messages == [] and _log(db_url) == []


def test_a_call_moodle_refuses_whole_delivers_nothing_so_the_reminders_go_out_once_fixed(
    tmp_path: Path, db_url: str
) -> None:
    without = DEFAULT_CAPABILITIES - {"moodle/site:sendmessage"}
    with serve_in_thread(dataset(team_council()), capabilities=without) as sim:
        settings = settings_for(_config(tmp_path, sim.url, db_url), sim.token)
        run_sync(settings)
        with pytest.raises(MoodleFatalError, match="Send messages to any user"):
            send_reminders(settings, as_of=DAY_30, dry_run=False)
        assert _log(db_url) == []
        sim.state.capabilities = DEFAULT_CAPABILITIES  # the admin grants the capability
        assert send_reminders(settings, as_of=DAY_30, dry_run=False).count("sent") == 5

"""Plugin-free syncs read completions in hidden courses through the courses' participants, and
hold what a real Moodle's sync held from the same data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cpdsync.app.sync import run_sync
from cpdsync.simulator import load_dataset, serve_in_thread
from cpdsync.simulator.site_state import DEFAULT_CAPABILITIES, VIEW_HIDDEN
from tests.app.conftest import canonical_dump, council, dataset, settings_for, write_config

LAB = Path(__file__).parents[1] / "fixtures" / "moodle" / "lab"
HIDDEN = 103  # course 3 of the council below


def _held(db_url: str) -> dict[tuple[int, int], tuple[int, str]]:
    return {(w, c): (t, src) for w, c, t, src, _ in canonical_dump(db_url)["completions"]}


def _council_with_a_hidden_course() -> dict[str, Any]:
    data = council(hidden=(3,))
    # A practice educator teaches the hidden course: completion does not track them.
    data["users"].append(
        {
            "id": 90,
            "username": "educator",
            "firstname": "Pat",
            "lastname": "Educator",
            "email": "educator@council.example",
        }
    )
    data["enrolments"].append({"userid": 90, "courseid": HIDDEN, "roles": ["editingteacher"]})
    return data


@pytest.mark.parametrize("strategy", ["standard", "batched"])
def test_completions_in_a_hidden_course_are_read_through_its_participants(
    tmp_path: Path, db_url: str, strategy: str
) -> None:
    data = _council_with_a_hidden_course()
    expected = {
        (c["userid"], c["courseid"]): c["timecompleted"]
        for c in data["completions"]
        if c["courseid"] == HIDDEN
    }
    assert expected
    with serve_in_thread(dataset(data)) as sim:
        config = write_config(tmp_path, sim.url, db_url, strategy=strategy)
        report = run_sync(settings_for(config, sim.token))
    held = _held(db_url)
    assert {p: held[p] for p in expected} == {
        p: (t, "criteria_latest") for p, t in expected.items()
    }
    assert report.record.outcome == "ok"  # the teacher's usernotenroled is no warning


def test_without_viewhiddencourses_a_hidden_course_is_out_of_reach(
    tmp_path: Path, db_url: str
) -> None:
    data = _council_with_a_hidden_course()
    with serve_in_thread(dataset(data), capabilities=DEFAULT_CAPABILITIES - {VIEW_HIDDEN}) as sim:
        config = write_config(tmp_path, sim.url, db_url, strategy="batched")
        run_sync(settings_for(config, sim.token))
    assert not [pair for pair in _held(db_url) if pair[1] == HIDDEN]


def _real_sync() -> set[tuple[int, int, int]]:
    held = json.loads((LAB / "plugin_free_sync.json").read_text(encoding="utf-8"))
    return {(w, c, t) for w, c, t in held["completions"]}


@pytest.mark.parametrize("strategy", ["standard", "batched"])
def test_from_a_real_sites_export_the_sync_holds_what_the_real_site_gave(
    tmp_path: Path, db_url: str, strategy: str
) -> None:
    captured_at = int(
        re.search(r"at Unix time \*\*(\d+)\*\*", (LAB / "README.md").read_text("utf-8"))[1]  # type: ignore[index]
    )
    with serve_in_thread(
        load_dataset(LAB / "export.json"), clock=lambda: float(captured_at)
    ) as sim:
        config = write_config(tmp_path, sim.url, db_url, strategy=strategy)
        report = run_sync(settings_for(config, sim.token))
    held = {(w, c, t) for (w, c), (t, _) in _held(db_url).items()}
    assert held == _real_sync()
    assert report.record.outcome == "ok"

"""`cpdsync check` over captured Moodle replies: every step reported, exit codes, fixes."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
import responses
import sqlalchemy as sa
from click.testing import CliRunner

from cpdsync.cli import main
from cpdsync.records.db import migrate, normalise_url
from cpdsync.records.migrate import current_revision
from tests.conftest import FixtureReader

URL = "https://moodle.example.test"
ENDPOINT = URL + "/webservice/rest/server.php"
TOKEN = "5f2b9c0e7a1d4e3f8b6c2a9d0e1f3a4b"
# What the capability probes ask, answered from the captured site.
PROBE_REPLIES = {
    "core_course_get_categories": "core_course_get_categories__all.json",
    "core_course_get_courses_by_field": "core_course_get_courses_by_field__all.json",
    "core_enrol_get_enrolled_users": "core_enrol_get_enrolled_users__with_viewfullnames.json",
    "core_user_get_users_by_field": "core_user_get_users_by_field__idnumber.json",
    "core_completion_get_course_completion_status": (
        "core_completion_get_course_completion_status__completed_self.json"
    ),
}


@pytest.fixture
def config(tmp_path: Path) -> Path:
    mappings = tmp_path / "mappings.yaml"
    mappings.write_text(
        "version: 1\nrules:\n  - match: {idnumber: 'SG-*'}\n    capabilities: [KSS-CF-5]\n",
        encoding="utf-8",
    )
    path = tmp_path / "cpdsync.toml"
    path.write_text(
        f'[moodle]\nurl = "{URL}"\n[mappings]\npaths = ["{mappings}"]\n'
        f'[database]\nurl = "sqlite:///{tmp_path / "cpdsync.db"}"\n',
        encoding="utf-8",
    )
    return path


def _with(config: Path, section: str, line: str) -> Path:
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(f"[{section}]\n", f"[{section}]\n{line}\n"), encoding="utf-8")
    return config


def _run(config: Path, *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(
        main, ["--config", str(config), "check", *args], env={"CPDSYNC_MOODLE_TOKEN": TOKEN}
    )
    return result.exit_code, result.stdout, result.stderr


def _moodle(moodle_fixture: FixtureReader, site_info: str | None = None, **replace: str) -> None:
    """Answer each function from the captured site; ``replace`` swaps one function's reply."""
    info = site_info or moodle_fixture.text("core_webservice_get_site_info__cpdsync.json")
    bodies = {name: moodle_fixture.text(file) for name, file in PROBE_REPLIES.items()}
    bodies.update(replace)

    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        fields = dict(p.split("=", 1) for p in request.body.split("&"))
        function = fields["wsfunction"]
        return 200, {}, info if function == "core_webservice_get_site_info" else bodies[function]

    responses.add_callback(responses.POST, ENDPOINT, callback=answer)


def _site_info_without(moodle_fixture: FixtureReader, *removed: str) -> str:
    info = json.loads(moodle_fixture.text("core_webservice_get_site_info__cpdsync.json"))
    info["functions"] = [f for f in info["functions"] if f["name"] not in removed]
    return json.dumps(info)


def _lines(report: dict[str, Any], section: str) -> list[tuple[str, str]]:
    return [
        (line["status"], line["text"]) for line in report["lines"] if line["section"] == section
    ]


@responses.activate
def test_check_json_with_a_good_token_exits_0_and_reports_every_step(
    config: Path, moodle_fixture: FixtureReader
) -> None:
    _moodle(moodle_fixture)
    code, out, err = _run(config, "--json")
    assert code == 0, out + err
    report = json.loads(out)
    assert (report["ok"], report["exit_code"]) == (True, 0)
    assert report["moodle"]["sitename"] == "Lab Council LMS"
    assert report["moodle"]["release"] == "4.5 (Build: 20241007)"
    by_name = {f["name"]: f for f in report["moodle"]["functions"]}
    assert by_name["core_completion_get_course_completion_status"]["callable"] is True
    assert by_name["local_cpdsync_get_course_completions"]["required"] is False
    assert (
        "install the local_cpdsync plugin" in by_name["local_cpdsync_get_course_completions"]["fix"]
    )
    sections = {line["section"] for line in report["lines"]}
    assert sections >= {"config", "mappings", "database", "moodle", "functions", "capabilities"}
    assert (
        "ok",
        "moodle/course:viewhiddencourses: every course is listed (1 of them hidden: "
        "their completions are read through their participants)",
    ) in _lines(report, "capabilities")
    assert "no cpdsync schema yet" in _lines(report, "database")[0][1]
    assert TOKEN not in out + err


@responses.activate
def test_check_text_names_site_release_and_the_verdict(
    config: Path, moodle_fixture: FixtureReader
) -> None:
    _moodle(moodle_fixture)
    code, out, _ = _run(config)
    assert code == 0
    assert "Lab Council LMS" in out
    assert "4.5 (Build: 20241007)" in out
    # Without a roster ([workers]) the one warning is that unenrolled workers are invisible.
    assert out.rstrip().endswith("Check passed, with 1 warning(s) above.")
    assert "  WARN  no roster is configured ([workers])" in out


@responses.activate
def test_what_the_role_lacks_is_a_warning_with_its_cost(
    config: Path, moodle_fixture: FixtureReader
) -> None:
    # Captured with a role lacking moodle/site:viewfullnames: only full names come back.
    names_only = moodle_fixture.text("core_enrol_get_enrolled_users__default.json")
    _moodle(moodle_fixture, core_enrol_get_enrolled_users=names_only)
    code, out, _ = _run(config)
    assert code == 0
    assert "  WARN  moodle/site:viewfullnames: only full names are given" in out
    assert "costs now: workers are named by their full name only" in out
    assert out.rstrip().endswith("Check passed, with 2 warning(s) above.")


@responses.activate
def test_check_with_a_missing_required_function_says_what_to_add_and_exits_3(
    config: Path, moodle_fixture: FixtureReader, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _moodle(
        moodle_fixture,
        _site_info_without(moodle_fixture, "core_completion_get_course_completion_status"),
    )
    code, out, err = _run(config)
    assert code == 3
    assert "add core_completion_get_course_completion_status to the cpdsync external service" in out
    assert "core_completion_get_course_completion_status" in err
    assert "Check FAILED" in out
    assert TOKEN not in out + err + caplog.text


@pytest.mark.parametrize(
    ("fixture", "status", "exit_code", "phrase"),
    [
        ("error__invalid_token.json", 200, 3, "create a new token"),
        ("error__webservices_disabled.html", 403, 3, "enable web"),
        ("error__wrong_path_404.html", 404, 4, "set moodle.url"),
    ],
)
@responses.activate
def test_check_reports_refusal_and_unreachable_moodle_with_their_exit_codes(
    config: Path,
    moodle_fixture: FixtureReader,
    caplog: pytest.LogCaptureFixture,
    fixture: str,
    status: int,
    exit_code: int,
    phrase: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    responses.add(responses.POST, ENDPOINT, body=moodle_fixture.bytes(fixture), status=status)
    code, out, err = _run(config, "--json")
    assert code == exit_code
    assert phrase in err
    assert err.count("\n") == 1  # one line
    report = json.loads(out)
    assert report["exit_code"] == exit_code and report["moodle"] is None
    # The other steps still ran.
    assert _lines(report, "mappings")[0][0] == "ok"
    assert _lines(report, "database")[0][0] == "ok"
    assert TOKEN not in out + err + caplog.text


def test_check_with_an_unknown_config_key_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "cpdsync.toml"
    path.write_text(f'[moodle]\nurl = "{URL}"\nurll = "x"\n', encoding="utf-8")
    code, out, err = _run(path)
    assert code == 2
    assert "moodle.urll" in err
    assert TOKEN not in out + err


def test_check_with_a_malformed_url_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "cpdsync.toml"
    path.write_text('[moodle]\nurl = "learning example"\n', encoding="utf-8")
    code, out, err = _run(path)
    assert code == 2
    assert "moodle.url" in err
    assert TOKEN not in out + err


@responses.activate
def test_check_reports_invalid_mappings_with_file_and_line_and_exits_2(
    config: Path, tmp_path: Path, moodle_fixture: FixtureReader
) -> None:
    _moodle(moodle_fixture)
    (tmp_path / "mappings.yaml").write_text(
        "version: 1\nrules:\n  - match: {idnumber: 'SG-*'}\n    capabilities: [KSS-CF-55]\n",
        encoding="utf-8",
    )
    code, out, err = _run(config)
    assert code == 2
    assert "Lab Council LMS" in out  # Moodle was still checked
    assert f"{tmp_path / 'mappings.yaml'}:4" in out + err
    assert "KSS-CF-55" in out + err


@responses.activate
def test_an_unreachable_database_fails_the_check_with_exit_2(
    config: Path, moodle_fixture: FixtureReader
) -> None:
    _moodle(moodle_fixture)
    # Nothing listens on port 1 of loopback: refused at once.
    _with(config, "database", 'url = "postgresql://cpdsync@127.0.0.1:1/cpdsync"')
    config.write_text(
        config.read_text(encoding="utf-8").replace('url = "sqlite', '# url = "sqlite'),
        encoding="utf-8",
    )
    code, out, err = _run(config)
    assert code == 2
    assert "Database\n  FAIL" in out
    assert "127.0.0.1:1" in out and "database.url" in out
    assert "All required functions are callable" not in out
    assert out.rstrip().endswith("Check FAILED: 1 problem(s) above (exit 2).")
    assert "Lab Council LMS" in out  # Moodle was still checked


@responses.activate
def test_a_database_behind_this_version_is_reported_and_never_migrated(
    config: Path, tmp_path: Path, moodle_fixture: FixtureReader
) -> None:
    _moodle(moodle_fixture)
    url = f"sqlite:///{tmp_path / 'cpdsync.db'}"
    migrate(url)
    engine = sa.create_engine(normalise_url(url))
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '0002'"))
    code, out, _ = _run(config)
    with engine.connect() as connection:
        revision = current_revision(connection)
    engine.dispose()
    assert code == 0, out
    assert "schema 0002; this cpdsync needs" in out and "the next `cpdsync sync` applies it" in out
    assert revision == "0002"


@responses.activate
def test_a_database_written_by_a_newer_cpdsync_fails_the_check(
    config: Path, tmp_path: Path, moodle_fixture: FixtureReader
) -> None:
    _moodle(moodle_fixture)
    url = f"sqlite:///{tmp_path / 'cpdsync.db'}"
    migrate(url)
    engine = sa.create_engine(normalise_url(url))
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    code, out, err = _run(config)
    assert code == 2
    assert "schema 9999, written by a newer cpdsync" in out + err


@responses.activate
def test_a_plugin_older_than_the_strategy_needs_fails_with_exit_3(
    config: Path, moodle_fixture: FixtureReader
) -> None:
    info = json.loads(moodle_fixture.text("core_webservice_get_site_info__cpdsync.json"))
    info["functions"] += [
        {"name": "local_cpdsync_get_course_completions", "version": "2026100100"},
        {"name": "local_cpdsync_get_completion_counts", "version": "2026100100"},
    ]
    _moodle(moodle_fixture, json.dumps(info))
    code, out, err = _run(_with(config, "moodle", ""), "--json")
    report = json.loads(out)
    assert code == 3
    plugin = _lines(report, "plugin")
    assert (
        "fail",
        "local_cpdsync_get_course_completions is at version 2026100100; cpdsync "
        "needs 2026112200 or later",
    ) in plugin
    assert (
        "upgrade local_cpdsync"
        in [ln["fix"] for ln in report["lines"] if ln["section"] == "plugin"][0]
    )

"""`cpdsync check` over captured Moodle replies: exit codes and what the admin is told."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import responses
from click.testing import CliRunner

from cpdsync.cli import main
from tests.conftest import FixtureReader

URL = "https://moodle.example.test"
ENDPOINT = URL + "/webservice/rest/server.php"
TOKEN = "5f2b9c0e7a1d4e3f8b6c2a9d0e1f3a4b"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    mappings = tmp_path / "mappings.yaml"
    mappings.write_text(
        "version: 1\nrules:\n  - match: {idnumber: 'SG-*'}\n    capabilities: [KSS-CF-5]\n",
        encoding="utf-8",
    )
    path = tmp_path / "cpdsync.toml"
    path.write_text(
        f'[moodle]\nurl = "{URL}"\n[mappings]\npaths = ["{mappings}"]\n', encoding="utf-8"
    )
    return path


def _run(config: Path, *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(
        main, ["--config", str(config), "check", *args], env={"CPDSYNC_MOODLE_TOKEN": TOKEN}
    )
    return result.exit_code, result.stdout, result.stderr


def _site_info_without(moodle_fixture: FixtureReader, *removed: str) -> str:
    info = json.loads(moodle_fixture.text("core_webservice_get_site_info__cpdsync.json"))
    info["functions"] = [f for f in info["functions"] if f["name"] not in removed]
    return json.dumps(info)


@responses.activate
def test_check_json_with_a_good_token_exits_0_and_lists_functions(
    config: Path, moodle_fixture: FixtureReader
) -> None:
    responses.add(
        responses.POST,
        ENDPOINT,
        body=moodle_fixture.bytes("core_webservice_get_site_info__cpdsync.json"),
    )
    code, out, err = _run(config, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["sitename"] == "Lab Council LMS"
    assert report["release"] == "4.5 (Build: 20241007)"
    assert report["ok"] is True
    by_name = {f["name"]: f for f in report["functions"]}
    assert by_name["core_completion_get_course_completion_status"]["callable"] is True
    assert by_name["local_cpdsync_get_course_completions"]["required"] is False
    assert (
        "install the local_cpdsync plugin" in by_name["local_cpdsync_get_course_completions"]["fix"]
    )
    assert TOKEN not in out + err


@responses.activate
def test_check_text_names_site_and_release(config: Path, moodle_fixture: FixtureReader) -> None:
    responses.add(
        responses.POST,
        ENDPOINT,
        body=moodle_fixture.bytes("core_webservice_get_site_info__cpdsync.json"),
    )
    code, out, _ = _run(config)
    assert code == 0
    assert "Lab Council LMS" in out
    assert "4.5 (Build: 20241007)" in out


@responses.activate
def test_check_with_a_missing_required_function_says_what_to_add_and_exits_3(
    config: Path, moodle_fixture: FixtureReader, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    responses.add(
        responses.POST,
        ENDPOINT,
        body=_site_info_without(moodle_fixture, "core_completion_get_course_completion_status"),
    )
    code, out, err = _run(config)
    assert code == 3
    assert "add core_completion_get_course_completion_status to the cpdsync external service" in out
    assert "core_completion_get_course_completion_status" in err
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
    responses.add(
        responses.POST,
        ENDPOINT,
        body=moodle_fixture.bytes("core_webservice_get_site_info__cpdsync.json"),
    )
    (tmp_path / "mappings.yaml").write_text(
        "version: 1\nrules:\n  - match: {idnumber: 'SG-*'}\n    capabilities: [KSS-CF-55]\n",
        encoding="utf-8",
    )
    code, out, err = _run(config)
    assert code == 2
    assert "Lab Council LMS" in out  # Moodle was still checked
    assert f"{tmp_path / 'mappings.yaml'}:4" in out + err
    assert "KSS-CF-55" in out + err

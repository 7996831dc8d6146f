from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from cpdsync.cli import main
from cpdsync.config import load_settings, parse_interval
from cpdsync.config_sample import render_config_toml
from cpdsync.errors import EXIT_USAGE, ConfigError

TOKEN = "0123456789abcdef0123456789abcdef"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_apply_when_no_file_and_no_environment(tmp_path: Path) -> None:
    settings = load_settings(None, environ={})
    assert settings.config.moodle.timeout_s == 30
    assert settings.config.sync.strategy == "auto"
    assert settings.token is None


def test_file_overrides_default(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", "[moodle]\ntimeout_s = 12\n")
    assert load_settings(cfg, environ={}).config.moodle.timeout_s == 12


def test_environment_overrides_file(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", "[moodle]\ntimeout_s = 12\n")
    settings = load_settings(cfg, environ={"CPDSYNC_MOODLE_TIMEOUT_S": "7"})
    assert settings.config.moodle.timeout_s == 7


def test_flag_overrides_environment(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", "[database]\nurl = 'sqlite:///file.db'\n")
    settings = load_settings(
        cfg,
        overrides={"database.url": "sqlite:///flag.db"},
        environ={"CPDSYNC_DATABASE_URL": "sqlite:///env.db"},
    )
    assert settings.config.database.url == "sqlite:///flag.db"


def test_environment_lists_are_comma_separated() -> None:
    settings = load_settings(None, environ={"CPDSYNC_NOTIFY_DAYS_BEFORE_DEADLINE": "30, 7"})
    assert settings.config.notify.days_before_deadline == [30, 7]


def test_config_file_is_found_through_environment_variable(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", "[sync]\nstrategy = 'batched'\n")
    settings = load_settings(None, environ={"CPDSYNC_CONFIG": str(cfg)})
    assert settings.source == cfg
    assert settings.config.sync.strategy == "batched"


def test_named_config_file_that_is_missing_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_unknown_key_is_named_with_file_and_line(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", "[moodle]\nurl = 'https://m.example'\ntokn_file = 'x'\n")
    with pytest.raises(ConfigError) as err:
        load_settings(cfg, environ={})
    assert f"{cfg}:3:" in err.value.message
    assert "moodle.tokn_file" in err.value.message


def test_unknown_section_is_an_error(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", "[moodel]\nurl = 'x'\n")
    with pytest.raises(ConfigError, match="unknown key 'moodel'"):
        load_settings(cfg, environ={})


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", "[moodle\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(cfg, environ={})


@pytest.mark.parametrize(
    "url",
    [
        "http://learning.example.gov.uk",
        "ftp://x.example",
        "learning.example.gov.uk",
        "https://u:p@x.example",
    ],
)
def test_insecure_or_malformed_moodle_urls_are_refused(url: str) -> None:
    with pytest.raises(ConfigError, match=r"moodle\.url"):
        load_settings(None, environ={"CPDSYNC_MOODLE_URL": url})


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765", "http://localhost/moodle", "http://[::1]:80"]
)
def test_http_is_allowed_for_loopback_hosts(url: str) -> None:
    assert load_settings(None, environ={"CPDSYNC_MOODLE_URL": url}).config.moodle.url == url.rstrip(
        "/"
    )


def test_token_from_environment_wins_over_token_file(tmp_path: Path) -> None:
    token_file = write(tmp_path / "tok", "f" * 32 + "\n")
    cfg = write(tmp_path / "c.toml", f"[moodle]\ntoken_file = '{token_file}'\n")
    settings = load_settings(cfg, environ={"CPDSYNC_MOODLE_TOKEN": TOKEN})
    assert settings.token is not None and settings.token.get_secret_value() == TOKEN


def test_token_from_systemd_credentials_directory(tmp_path: Path) -> None:
    write(tmp_path / "moodle-token", TOKEN + "\n")
    settings = load_settings(None, environ={"CREDENTIALS_DIRECTORY": str(tmp_path)})
    assert settings.token is not None and settings.token.get_secret_value() == TOKEN


def test_relative_token_file_is_read_beside_the_config(tmp_path: Path) -> None:
    write(tmp_path / "tok", TOKEN)
    cfg = write(tmp_path / "c.toml", "[moodle]\ntoken_file = 'tok'\n")
    settings = load_settings(cfg, environ={})
    assert settings.token is not None and settings.token.get_secret_value() == TOKEN


def test_unreadable_token_file_names_the_key(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", f"[moodle]\ntoken_file = '{tmp_path / 'missing'}'\n")
    with pytest.raises(ConfigError, match="moodle.token_file"):
        load_settings(cfg, environ={})


def test_token_is_never_shown_in_repr_or_errors(tmp_path: Path) -> None:
    settings = load_settings(None, environ={"CPDSYNC_MOODLE_TOKEN": TOKEN})
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings)
    with pytest.raises(ConfigError) as err:
        load_settings(None, environ={"CPDSYNC_MOODLE_TOKEN": "abc def"})
    assert "abc def" not in err.value.message


def test_require_moodle_says_what_to_set() -> None:
    with pytest.raises(ConfigError, match="moodle.url is not set"):
        load_settings(None, environ={}).require_moodle()


@pytest.mark.parametrize("text,seconds", [("30s", 30), ("15m", 900), ("1h", 3600), ("7d", 604800)])
def test_parse_interval(text: str, seconds: int) -> None:
    assert parse_interval(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["", "1", "1w", "0h", "-1h", "1.5h"])
def test_parse_interval_refuses_other_forms(text: str) -> None:
    with pytest.raises(ValueError, match="not an interval"):
        parse_interval(text)


def test_rendered_sample_config_loads_back_to_the_defaults(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", render_config_toml())
    assert load_settings(cfg, environ={}).config == load_settings(None, environ={}).config


def test_init_writes_a_config_its_group_may_read_and_never_overwrites(tmp_path: Path) -> None:
    runner = CliRunner()
    previous = os.umask(0o077)
    try:
        result = runner.invoke(main, ["init", str(tmp_path), "--group", "no-such-group-x"])
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    written = tmp_path / "cpdsync.toml"
    assert stat.S_IMODE(os.stat(written).st_mode) == 0o640
    assert "next: the group 'no-such-group-x' does not exist yet" in result.output
    assert f"sudo chgrp no-such-group-x {written}" in result.output
    before = written.read_text()
    again = runner.invoke(main, ["init", str(tmp_path)])
    assert again.exit_code == EXIT_USAGE
    assert "already exists" in again.output
    assert written.read_text() == before


def test_init_config_points_at_the_mapping_folder_it_writes_and_validates(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path)]).exit_code == 0
    settings = load_settings(tmp_path / "cpdsync.toml", environ={})
    assert settings.config.mappings.paths == [(tmp_path / "mappings").resolve()]
    result = runner.invoke(
        main, ["--config", str(tmp_path / "cpdsync.toml"), "mappings", "validate"]
    )
    assert result.exit_code == 0, result.output


def test_readiness_thresholds_default_and_are_checked(tmp_path: Path) -> None:
    defaults = load_settings(None, environ={}).config.readiness
    assert (defaults.at_risk_days, defaults.missed_notice_days) == (91, 31)
    cfg = write(tmp_path / "c.toml", "[readiness]\nat_risk_days = 60\nmissed_notice_days = 14\n")
    chosen = load_settings(cfg, environ={}).config.readiness
    assert (chosen.at_risk_days, chosen.missed_notice_days) == (60, 14)
    bad = write(tmp_path / "bad.toml", "[readiness]\nat_risk_days = -1\n")
    with pytest.raises(ConfigError, match=r"bad.toml:2: readiness.at_risk_days"):
        load_settings(bad, environ={})


def test_init_says_the_registration_field_holds_the_join_or_restoration_date(
    tmp_path: Path,
) -> None:
    assert CliRunner().invoke(main, ["init", str(tmp_path)]).exit_code == 0
    text = (tmp_path / "cpdsync.toml").read_text(encoding="utf-8")
    assert (
        "# Profile field with the date the worker joined the SWE register, or was last restored "
        "to it (YYYY-MM-DD): on or after 1 September, no CPD is due that renewal\n"
        'swe_registered_field = "sweregistered"' in text
    )
    assert "[readiness]\n" in text and "at_risk_days = 91" in text


def test_workers_takes_cohorts_a_profile_field_and_a_roster_file(tmp_path: Path) -> None:
    cfg = write(
        tmp_path / "c.toml",
        "[workers]\ncohorts = ['SW-REGISTERED', ' SW-AGENCY ']\n"
        "with_profile_field = 'swenumber'\nroster = '/etc/cpdsync/roster.csv'\n",
    )
    workers = load_settings(cfg, environ={}).config.workers
    assert workers.cohorts == ["SW-REGISTERED", "SW-AGENCY"]
    assert workers.with_profile_field == "swenumber"
    assert workers.roster == Path("/etc/cpdsync/roster.csv")
    assert workers.has_roster
    assert not load_settings(None, environ={}).config.workers.has_roster
    from_env = load_settings(None, environ={"CPDSYNC_WORKERS_COHORTS": "A, B"})
    assert from_env.config.workers.cohorts == ["A", "B"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cohorts = 'SW-REGISTERED'", "workers.cohorts: Input should be a valid list"),
        ("cohorts = [42]", "workers.cohorts.0: Input should be a valid string"),
        ("cohorts = ['A', 'A']", "workers.cohorts: cohort 'A' is listed twice"),
        ("cohorts = ['']", "workers.cohorts: a cohort idnumber is empty"),
        ("with_profile_field = 'SWE number'", "is not a profile field shortname"),
        ("roster = 12", "workers.roster: Input is not a valid path"),
        ("cohort = ['A']", "unknown key 'workers.cohort'"),
    ],
)
def test_workers_errors_name_the_key_and_line(tmp_path: Path, text: str, expected: str) -> None:
    cfg = write(tmp_path / "c.toml", f"[moodle]\nurl = 'https://m.example'\n[workers]\n{text}\n")
    with pytest.raises(ConfigError) as err:
        load_settings(cfg, environ={})
    assert f"{cfg}:4:" in err.value.message
    assert expected in err.value.message


def test_init_gives_the_config_to_the_service_group_when_it_exists(tmp_path: Path) -> None:
    group = grp.getgrgid(os.getgid()).gr_name  # a group this process may always give a file
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--group", group])
    assert result.exit_code == 0, result.output
    written = tmp_path / "cpdsync.toml"
    assert os.stat(written).st_gid == os.getgid()
    assert f"mode 0640, group {group}" in result.output


@pytest.mark.parametrize("mode", ["640", "0640", "0600", "0644"])
def test_report_file_modes_in_octal_are_accepted(tmp_path: Path, mode: str) -> None:
    cfg = write(tmp_path / "c.toml", f'[reports]\nfile_mode = "{mode}"\n')
    assert load_settings(cfg, environ={}).config.reports.mode == int(mode, 8)


@pytest.mark.parametrize("mode", ["rw-r-----", "0755", "0666", "0040", "99"])
def test_report_file_modes_that_are_not_octal_or_unsafe_are_refused(
    tmp_path: Path, mode: str
) -> None:
    cfg = write(tmp_path / "c.toml", f'[reports]\nfile_mode = "{mode}"\n')
    with pytest.raises(ConfigError, match=r"c\.toml:2: reports\.file_mode"):
        load_settings(cfg, environ={})

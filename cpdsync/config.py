"""Configuration: one pydantic schema drives validation, the sample config and the docs.

Precedence, highest first: command-line flag > ``CPDSYNC_<SECTION>_<KEY>`` environment >
config file > defaults. The token is never a config value: cpdsync/moodle_token.py finds it.
The commented sample file `cpdsync init` writes is rendered from the same schema
(cpdsync/config_sample.py).
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from cpdsync.config_errors import config_error
from cpdsync.errors import ConfigError
from cpdsync.file_modes import ReportMode
from cpdsync.moodle_token import resolve_token

DEFAULT_CONFIG_PATHS = (Path("cpdsync.toml"), Path("/etc/cpdsync/cpdsync.toml"))
CONFIG_ENV = "CPDSYNC_CONFIG"

_DURATION_RE = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> timedelta:
    """Return the timedelta of an interval such as ``30s``, ``15m``, ``1h`` or ``7d``.

    Raise ValueError naming the accepted forms when the text is not one of them.
    """
    match = _DURATION_RE.match(text)
    if not match or int(match.group(1)) == 0:
        raise ValueError(
            f"{text!r} is not an interval; use a whole number and s, m, h or d, e.g. 1h"
        )
    return timedelta(seconds=int(match.group(1)) * _DURATION_UNITS[match.group(2)])


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class MoodleSettings(_Section):
    url: str | None = Field(
        default=None,
        description="Base URL of the council's Moodle; https required except for loopback hosts",
        json_schema_extra={"example": "https://learning.example.gov.uk"},
    )
    token_file: Path | None = Field(
        default=None,
        description=(
            "File holding the web-service token (or set $CPDSYNC_MOODLE_TOKEN, "
            "or $CREDENTIALS_DIRECTORY/moodle-token under systemd)"
        ),
        json_schema_extra={"example": "/etc/cpdsync/moodle-token"},
    )
    swe_number_field: str = Field(
        default="swenumber",
        description="Shortname of the Moodle custom profile field with the SWE registration number",
    )
    swe_registered_field: str = Field(
        default="sweregistered",
        description="Profile field with the date the worker joined the SWE register, or was last "
        "restored to it (YYYY-MM-DD): on or after 1 September, no CPD is due that renewal",
    )
    timeout_s: float = Field(
        default=30.0, gt=0, le=600, description="Seconds to wait for one Moodle reply"
    )
    max_in_flight: int = Field(default=4, ge=1, le=32, description="Concurrent requests to Moodle")

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().rstrip("/")
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                f"{value!r} is not a web address; write it like https://learning.example.gov.uk"
            )
        if parts.username or parts.password or parts.query or parts.fragment:
            raise ValueError("give the site's base address only, without credentials, query or #")
        if parts.scheme == "http" and not is_loopback_host(parts.hostname):
            raise ValueError(
                f"{value!r} uses http; the token would cross the network in clear text, use https"
            )
        return value


class DatabaseSettings(_Section):
    url: str = Field(
        default="sqlite:////var/lib/cpdsync/cpdsync.db",
        description="SQLAlchemy URL; postgresql+psycopg://user@host/db in production",
    )


class MappingsSettings(_Section):
    paths: list[Path] = Field(
        default_factory=lambda: [Path("/etc/cpdsync/mappings")],
        description="Folders or files of YAML/CSV mapping files",
    )
    frameworks: list[Path] = Field(
        default_factory=list,
        description="The council's own framework files (YAML), or folders of them, read "
        "beside the packaged frameworks (docs/frameworks.md)",
        json_schema_extra={"example": ["/etc/cpdsync/frameworks"]},
    )


class SyncSettings(_Section):
    interval: str = Field(default="1h", description="Time between syncs for `cpdsync daemon`")
    strategy: Literal["auto", "standard", "batched", "report", "plugin"] = Field(
        default="auto",
        description="How completions are fetched: auto | standard | batched | report | plugin",
    )
    lookback: str = Field(
        default="7d",
        description="Window re-read behind the cursor, for completions Moodle's cron writes late",
    )
    report_id: int | None = Field(
        default=None,
        description="Id of the report-builder custom report read by the report strategy",
    )
    catalogue_refresh: str = Field(
        default="1d",
        description="How long the workers and courses held are used before Moodle is read for "
        "them again (also on --full, and when a completion names one not held); keep it "
        "shorter than lookback",
    )

    @field_validator("interval", "lookback", "catalogue_refresh")
    @classmethod
    def _check_interval(cls, value: str) -> str:
        parse_interval(value)
        return value


class NotifySettings(_Section):
    moodle_messages: bool = Field(
        default=False, description="Send readiness reminders to workers as Moodle messages"
    )
    days_before_deadline: list[int] = Field(
        default_factory=lambda: [90, 30, 14, 7],
        description="Days before 30 November on which a reminder is due",
    )


_PROFILE_FIELD_RE = re.compile(r"^[A-Za-z0-9_-]+$")


class WorkersSettings(_Section):
    """Who the council's social workers are. Any combination; the union is the roster. With
    none, the workers are whoever is enrolled on a course (docs/roster.md)."""

    cohorts: list[str] = Field(
        default_factory=list,
        description="Idnumbers of the Moodle cohorts whose members are the council's social "
        "workers (needs moodle/cohort:view)",
        json_schema_extra={"example": ["SW-REGISTERED"]},
    )
    with_profile_field: str | None = Field(
        default=None,
        description="Shortname of a custom profile field: every user with it set is a worker "
        "(needs the local_cpdsync plugin)",
        json_schema_extra={"example": "swenumber"},
    )
    roster: Path | None = Field(
        default=None,
        description="HR roster CSV: a header row with email or idnumber (or both); optional "
        "team, role and name columns, which override Moodle's profile",
        json_schema_extra={"example": "/etc/cpdsync/roster.csv"},
    )

    @field_validator("cohorts")
    @classmethod
    def _check_cohorts(cls, value: list[str]) -> list[str]:
        cleaned = [item.strip() for item in value]
        if any(not item for item in cleaned):
            raise ValueError("a cohort idnumber is empty; list each cohort's idnumber in quotes")
        repeated = sorted({item for item in cleaned if cleaned.count(item) > 1})
        if repeated:
            raise ValueError(f"cohort {repeated[0]!r} is listed twice")
        return cleaned

    @field_validator("with_profile_field")
    @classmethod
    def _check_field(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not _PROFILE_FIELD_RE.match(value):
            raise ValueError(
                f"{value!r} is not a profile field shortname (letters, digits, - and _ only)"
            )
        return value

    @property
    def has_roster(self) -> bool:
        """Whether any roster source is configured."""
        return bool(self.cohorts or self.with_profile_field or self.roster)


class ReadinessSettings(_Section):
    at_risk_days: int = Field(
        default=91,
        ge=0,
        le=366,
        description="A worker with a CPD gap is at_risk when fewer days than this remain to "
        "30 November, in_progress before (91: at risk from 1 September)",
    )
    missed_notice_days: int = Field(
        default=31,
        ge=0,
        le=365,
        description="After a missed 30 November deadline, how many days the new year's report "
        "leads with it (31: through 31 December)",
    )


class ReportsSettings(_Section):
    file_mode: ReportMode = Field(
        default="0640",
        description="Permissions of the report files written with --output, in octal: 0640 "
        "lets the owner write and the group read (a web server or share in cpdsync's group); "
        "reports hold staff personal data, so others get nothing by default",
    )

    @property
    def mode(self) -> int:
        """Return ``file_mode`` as permission bits."""
        return int(self.file_mode, 8)


class RetentionSettings(_Section):
    years: int | None = Field(
        default=None,
        ge=1,
        le=100,
        description="Erase what is held about workers Moodle has not listed for more than this "
        "many years (they left), at every sync; unset keeps everything (docs/records.md)",
        json_schema_extra={"example": 6},
    )


class Config(_Section):
    moodle: MoodleSettings = Field(default_factory=MoodleSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    mappings: MappingsSettings = Field(default_factory=MappingsSettings)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    notify: NotifySettings = Field(default_factory=NotifySettings)
    workers: WorkersSettings = Field(default_factory=WorkersSettings)
    readiness: ReadinessSettings = Field(default_factory=ReadinessSettings)
    reports: ReportsSettings = Field(default_factory=ReportsSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)


@dataclass(frozen=True)
class Settings:
    """A loaded configuration, where it came from, and the token (kept out of the model)."""

    config: Config
    source: Path | None
    token: SecretStr | None

    def require_moodle(self) -> tuple[str, SecretStr]:
        """Return the Moodle URL and token; raise ConfigError saying what to set if missing."""
        url = self.config.moodle.url
        where = str(self.source) if self.source else "no config file was found"
        if not url:
            raise ConfigError(
                f"moodle.url is not set ({where}); set it in cpdsync.toml or $CPDSYNC_MOODLE_URL",
                key="moodle.url",
            )
        if self.token is None:
            raise ConfigError(
                "no Moodle token: set moodle.token_file, $CPDSYNC_MOODLE_TOKEN, "
                "or LoadCredential=moodle-token in the systemd unit",
                key="moodle.token_file",
            )
        return url, self.token


def sections() -> list[tuple[str, type[BaseModel]]]:
    """The config sections in file order, each with its model."""
    return [
        ("moodle", MoodleSettings),
        ("database", DatabaseSettings),
        ("mappings", MappingsSettings),
        ("sync", SyncSettings),
        ("notify", NotifySettings),
        ("workers", WorkersSettings),
        ("readiness", ReadinessSettings),
        ("reports", ReportsSettings),
        ("retention", RetentionSettings),
    ]


Overrides = Mapping[str, Any]  # dotted key -> value, from command-line flags


def find_config_file(explicit: Path | None, environ: Mapping[str, str]) -> Path | None:
    """Return the config file to read: --config, then $CPDSYNC_CONFIG, then the default places.

    Raise ConfigError when a file was named explicitly and does not exist.
    """
    named = explicit or (Path(environ[CONFIG_ENV]) if environ.get(CONFIG_ENV) else None)
    if named is not None:
        if not named.is_file():
            origin = "--config" if explicit else f"${CONFIG_ENV}"
            raise ConfigError(
                f"config file {named} (from {origin}) does not exist", path=str(named)
            )
        return named
    for candidate in DEFAULT_CONFIG_PATHS:
        if candidate.is_file():
            return candidate
    return None


def load_settings(
    explicit: Path | None = None,
    *,
    overrides: Overrides | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Return the settings merged by precedence; raise ConfigError naming key and file if bad."""
    env = os.environ if environ is None else environ
    path = find_config_file(explicit, env)
    data: dict[str, Any] = _read_toml(path) if path else {}
    _merge(data, _from_environment(env, path))
    for dotted, value in (overrides or {}).items():
        if value is not None:
            section, key = dotted.split(".", 1)
            data.setdefault(section, {})[key] = value
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise config_error(exc, path) from None
    token = resolve_token(config.moodle.token_file, env, path)
    return Settings(config=config, source=path, token=token)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(
            f"cannot read config file {path}: {exc.strerror}", path=str(path)
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}", path=str(path)) from None


def _merge(into: dict[str, Any], extra: Mapping[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            into[key].update(value)
        else:
            into[key] = value


def _from_environment(env: Mapping[str, str], path: Path | None) -> dict[str, Any]:
    """Read ``CPDSYNC_<SECTION>_<KEY>`` for every key of the schema; lists are comma-separated."""
    found: dict[str, Any] = {}
    for section_name, section_model in sections():
        for key, field in section_model.model_fields.items():
            name = f"CPDSYNC_{section_name}_{key}".upper()
            if name not in env:
                continue
            raw = env[name]
            value: Any = raw
            if get_origin(field.annotation) is list:
                value = [item.strip() for item in raw.split(",") if item.strip()]
            found.setdefault(section_name, {})[key] = value
    return found


# Used by tests and docs: the literal choices of sync.strategy.
STRATEGIES: tuple[str, ...] = get_args(SyncSettings.model_fields["strategy"].annotation)

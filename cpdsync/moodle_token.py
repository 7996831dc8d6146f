"""Where the Moodle token comes from. It is never a config value: ``$CPDSYNC_MOODLE_TOKEN``,
then ``$CREDENTIALS_DIRECTORY/moodle-token`` (systemd ``LoadCredential=``), then the file named
by ``moodle.token_file`` (relative to the config file)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pydantic import SecretStr

from cpdsync.errors import ConfigError

TOKEN_ENV = "CPDSYNC_MOODLE_TOKEN"  # noqa: S105 - a variable name, not a secret
CREDENTIAL_NAME = "moodle-token"


def resolve_token(
    token_file: Path | None, env: Mapping[str, str], config_path: Path | None
) -> SecretStr | None:
    """Return the token from the first place that has one, or None when none does; raise
    ConfigError when a named file cannot be read or holds no usable token."""
    if env.get(TOKEN_ENV, "").strip():
        return _checked_token(env[TOKEN_ENV], f"${TOKEN_ENV}")
    credentials = env.get("CREDENTIALS_DIRECTORY")
    if credentials:
        candidate = Path(credentials) / CREDENTIAL_NAME
        if candidate.is_file():
            return _checked_token(_read_secret(candidate, "$CREDENTIALS_DIRECTORY"), str(candidate))
    if token_file is not None:
        if not token_file.is_absolute() and config_path is not None:
            token_file = config_path.parent / token_file
        return _checked_token(_read_secret(token_file, "moodle.token_file"), str(token_file))
    return None


def _read_secret(path: Path, key: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"{key}: cannot read token file {path}: {exc.strerror}; check the path and that "
            "the cpdsync user may read it",
            key="moodle.token_file",
        ) from None


def _checked_token(raw: str, origin: str) -> SecretStr:
    token = raw.strip()
    if not token:
        raise ConfigError(f"the Moodle token from {origin} is empty", key="moodle.token_file")
    if any(ch.isspace() for ch in token) or not token.isprintable():
        raise ConfigError(
            f"the Moodle token from {origin} contains spaces or control characters; "
            "the file should hold the token alone",
            key="moodle.token_file",
        )
    return SecretStr(token)

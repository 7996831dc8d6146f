"""Configuration errors as people read them: every problem with the file, line and key.

Split from cpdsync/config.py, which holds the schema and its precedence.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from cpdsync.errors import ConfigError


def config_error(exc: ValidationError, path: Path | None) -> ConfigError:
    """Return one ConfigError listing every problem pydantic found, each with the file and the
    line of its key (``file:line: key: message``), an unknown key said as such."""
    messages = []
    first_key = None
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"])
        first_key = first_key or key
        where = str(path) if path else "configuration"
        line = line_of(path, key) if path else None
        if line:
            where = f"{where}:{line}"
        if error["type"] == "extra_forbidden":
            text = f"unknown key {key!r}; see `cpdsync init` for the keys cpdsync knows"
        else:
            text = f"{key}: {error['msg'].removeprefix('Value error, ')}"
        messages.append(f"{where}: {text}")
    return ConfigError("\n".join(messages), key=first_key, path=str(path) if path else None)


def line_of(path: Path, dotted: str) -> int | None:
    """Best-effort line number of a dotted key in a TOML file, for messages."""
    parts = [part for part in dotted.split(".") if not part.isdigit()]  # list items: the key
    section, key = (parts[0], parts[-1]) if len(parts) > 1 else (None, parts[0])
    current: str | None = None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            current = stripped.strip("[] ")
            if section is not None and len(parts) == 1 and current == key:
                return number
            if section is None and current == key:
                return number
        elif re.match(rf"^{re.escape(key)}\s*=", stripped) and (section in (None, current)):
            return number
    return None

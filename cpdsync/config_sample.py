"""The commented cpdsync.toml that `cpdsync init` writes, rendered from the config schema so
the sample, the validation and the docs never disagree."""

from __future__ import annotations

import inspect
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cpdsync.config import sections
from cpdsync.errors import ConfigError


def render_config_toml(values: Mapping[str, Any] | None = None) -> str:
    """Return a commented cpdsync.toml with every key, its description and its default, or
    the value given in ``values`` (dotted keys, e.g. ``mappings.paths``)."""
    values = values or {}
    out = [
        "# cpdsync configuration. Every key is shown with its default.",
        "# Precedence: command-line flag > CPDSYNC_<SECTION>_<KEY> environment > this file",
        "# > default.",
        "# The token never goes in this file: use moodle.token_file, $CPDSYNC_MOODLE_TOKEN or",
        "# systemd LoadCredential=moodle-token.",
        "",
    ]
    for section_name, section_model in sections():
        out.append(f"[{section_name}]")
        if section_model.__doc__:
            doc = inspect.cleandoc(section_model.__doc__)
            out += [f"# {line}".rstrip() for line in doc.splitlines()]
        for key, field in section_model.model_fields.items():
            out.append(f"# {field.description}")
            default = values.get(
                f"{section_name}.{key}", field.get_default(call_default_factory=True)
            )
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            # An empty list with an example is shown as the example, commented out.
            if default is None or (default == [] and "example" in extra):
                example = extra.get("example", "")
                out.append(f"# {key} = {_toml_value(example)}")
            else:
                out.append(f"{key} = {_toml_value(default)}")
        out.append("")
    return "\n".join(out)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def write_new_file(path: Path, text: str, mode: int = 0o600) -> None:
    """Create ``path`` with ``text`` and exactly ``mode`` (whatever the umask); raise
    ConfigError if it exists already."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise ConfigError(f"{path} already exists; cpdsync init never overwrites a file") from None
    except OSError as exc:
        raise ConfigError(f"cannot create {path}: {exc.strerror}") from None
    os.fchmod(fd, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)

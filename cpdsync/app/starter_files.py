"""`cpdsync init`: a commented config and a starter mapping file, never overwriting either."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cpdsync.config_sample import render_config_toml, write_new_file
from cpdsync.errors import ConfigError
from cpdsync.mappings.frameworks import starter_mapping_text


def write_starter_files(directory: Path, *, written: Callable[[Path], None]) -> None:
    """Write cpdsync.toml (mode 0600) and mappings/council.yaml into ``directory``, calling
    ``written`` after each; raise ConfigError when a file exists or cannot be created."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create directory {directory}: {exc.strerror}") from None
    target = directory / "cpdsync.toml"
    mappings = directory / "mappings"
    # The config points at the mapping folder written beside it, wherever that is.
    write_new_file(target, render_config_toml({"mappings.paths": [str(mappings.resolve())]}))
    written(target)
    mappings.mkdir(exist_ok=True)
    write_new_file(mappings / "council.yaml", starter_mapping_text(), mode=0o644)
    written(mappings / "council.yaml")

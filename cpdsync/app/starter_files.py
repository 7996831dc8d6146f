"""`cpdsync init`: a commented config and a starter mapping file, never overwriting either.

The config is written 0640 and, when the service's group exists, given to it: the units run as
the system user ``cpdsync`` (docs/deploy.md), which reads the config through its group while
only root may change it. The token never goes in the config (systemd hands it over as a
credential), so the group may read the config without reading the token.
"""

from __future__ import annotations

import grp
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cpdsync.config_sample import render_config_toml, write_new_file
from cpdsync.errors import ConfigError
from cpdsync.mappings.frameworks import starter_mapping_text

SERVICE_GROUP = "cpdsync"
CONFIG_MODE = 0o640


@dataclass(frozen=True)
class InitOutcome:
    """The files written, and the group given the config (None when that is left to do,
    with ``advice`` saying how)."""

    config: Path
    mapping: Path
    group: str | None
    advice: str | None


def write_starter_files(
    directory: Path, *, written: Callable[[Path], None], group: str = SERVICE_GROUP
) -> InitOutcome:
    """Write cpdsync.toml (mode 0640, group ``group`` when it exists) and mappings/council.yaml
    into ``directory``, calling ``written`` after each; raise ConfigError when a file exists or
    cannot be created."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create directory {directory}: {exc.strerror}") from None
    target = directory / "cpdsync.toml"
    mappings = directory / "mappings"
    # The config points at the mapping folder written beside it, wherever that is.
    write_new_file(
        target, render_config_toml({"mappings.paths": [str(mappings.resolve())]}), CONFIG_MODE
    )
    written(target)
    mappings.mkdir(exist_ok=True)
    write_new_file(mappings / "council.yaml", starter_mapping_text(), mode=0o644)
    written(mappings / "council.yaml")
    given, advice = _give_to_group(target, group)
    return InitOutcome(target, mappings / "council.yaml", given, advice)


def _give_to_group(path: Path, group: str) -> tuple[str | None, str | None]:
    """Give ``path`` to ``group``; return the group, or advice when it cannot be done now."""
    try:
        gid = grp.getgrnam(group).gr_gid
    except KeyError:
        return None, (
            f"the group {group!r} does not exist yet: create the service user (docs/deploy.md, "
            f"section 2), then `sudo chgrp {group} {path}` so the service can read its config"
        )
    try:
        os.chown(path, -1, gid)
    except OSError as exc:
        return None, (
            f"cannot give {path} to the group {group!r} ({exc.strerror}): run "
            f"`sudo chgrp {group} {path}` so the service can read its config"
        )
    return group, None

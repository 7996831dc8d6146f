"""What every command gets from the group: the config location and flag overrides."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from cpdsync.config import Settings, load_settings


@dataclass
class AppContext:
    config_path: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    _settings: Settings | None = None

    def settings(self, **overrides: Any) -> Settings:
        """Return the settings, loaded once; ``overrides`` are dotted keys from command flags."""
        if self._settings is None or overrides:
            merged = {**self.overrides, **{k: v for k, v in overrides.items() if v is not None}}
            self._settings = load_settings(self.config_path, overrides=merged)
        return self._settings


pass_app = click.make_pass_decorator(AppContext, ensure=True)

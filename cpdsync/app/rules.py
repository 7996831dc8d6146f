"""The SWE renewal rules cpdsync ships, read once from the packaged data file.

The readiness functions take these rules as an argument (they do no I/O); every use case that
assesses readiness, plans reminders or lays out the SWE form passes ``packaged_rules()``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from cpdsync.readiness.swe_rules import SweRules, rules_from_yaml

PACKAGE = "cpdsync.readiness"
RULES_FILE = "data/swe-rules.yaml"


@lru_cache(maxsize=1)
def packaged_rules() -> SweRules:
    """Return the SWE rules packaged with cpdsync; raise ConfigError if the file is damaged."""
    text = resources.files(PACKAGE).joinpath(RULES_FILE).read_text("utf-8")
    return rules_from_yaml(text, source=f"{PACKAGE.replace('.', '/')}/{RULES_FILE}")

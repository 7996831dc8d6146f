"""Normalising values that arrive from Moodle profiles before they are stored."""

from __future__ import annotations

import re
from datetime import date, datetime

from cpdsync.timeutil import uk_date

# SWE registration numbers are "SW" and digits (numbers carried over from the HCPC have 5 or 6).
_SWE_NUMBER = re.compile(r"^SW(\d{4,7})$")
_SEPARATORS = re.compile(r"[\s\-_./]+")


def normalise_swe_number(raw: str | None) -> str | None:
    """Return the SWE number in the form ``SW123456`` (" sw104455 ", "SW-118822" both work);
    None when ``raw`` is empty or not an SWE number."""
    if raw is None:
        return None
    text = _SEPARATORS.sub("", raw).upper()
    match = _SWE_NUMBER.match(text)
    return f"SW{match.group(1)}" if match else None


def parse_profile_date(raw: str | None) -> date | None:
    """Return the date a profile field holds: ``YYYY-MM-DD``, ``DD/MM/YYYY`` (UK order) or a
    Moodle date field's Unix seconds (taken as a Europe/London date); None when empty or
    unreadable (zero is Moodle's "not set")."""
    if raw is None:
        return None
    text = raw.strip()
    if not text:
        return None
    if text.isdigit():
        seconds = int(text)
        return uk_date(seconds) if seconds > 0 else None
    for layout in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None

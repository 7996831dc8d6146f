"""The small languages inside mapping files: ISO 8601 durations and case-insensitive globs."""

from __future__ import annotations

import fnmatch
import re

from cpdsync.mappings.definitions import Duration

# Calendar durations only (years, months, weeks, days): validity periods are counted in dates,
# never in hours, so a time part (PT…) is refused rather than silently rounded.
_DURATION_RE = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_GLOB_CHARS = frozenset("*?[")


def parse_duration(text: str) -> Duration:
    """Return the Duration of an ISO 8601 text such as P3Y, P18M or P1Y6M.

    Raise ValueError saying what is accepted when the text is not a non-zero calendar duration.
    """
    match = _DURATION_RE.match(text.strip().upper()) if isinstance(text, str) else None
    if not match or not any(match.groups()):
        raise ValueError(
            f"{text!r} is not an ISO 8601 duration; write years, months or days like "
            "P3Y, P18M, P1Y6M or P90D"
        )
    years, months, weeks, days = (int(group or 0) for group in match.groups())
    if years == months == weeks == days == 0:
        raise ValueError(f"{text!r} is a zero duration; give a period such as P3Y")
    return Duration(years=years, months=months, days=days + 7 * weeks, text=text.strip().upper())


def glob_problem(pattern: str) -> str | None:
    """Return why ``pattern`` is not a usable glob (empty, or a ``[`` set left open), else None.

    fnmatch would quietly treat an unclosed ``[`` as a literal character, so a typo like
    ``SG-[CH*`` would match nothing and nobody would notice.
    """
    if pattern == "":
        return "the pattern is empty; use * to match anything"
    i = 0
    while i < len(pattern):
        if pattern[i] == "[":
            j = i + 1
            if j < len(pattern) and pattern[j] == "!":
                j += 1
            if j < len(pattern) and pattern[j] == "]":
                j += 1  # a leading ] is a literal member of the set
            close = pattern.find("]", j)
            if close == -1:
                return (
                    f"the pattern {pattern!r} opens a [ set at character {i + 1} and never "
                    "closes it; close it with ] or write [[] for a literal ["
                )
            i = close
        i += 1
    return None


def glob_matches(pattern: str, text: str) -> bool:
    """Return whether ``text`` matches ``pattern``, ignoring case."""
    return fnmatch.fnmatchcase(text.casefold(), pattern.casefold())


def is_literal(pattern: str) -> bool:
    return not (_GLOB_CHARS & set(pattern))


def matches_everything(pattern: str) -> bool:
    return pattern != "" and set(pattern) == {"*"}


def glob_covers(earlier: str, later: str) -> bool:
    """Return whether every text matching ``later`` certainly matches ``earlier``.

    Conservative on purpose (a false alarm would make a correct file fail): true only when
    ``earlier`` is all ``*``, the two are the same glob, or ``later`` is literal text that
    ``earlier`` matches.
    """
    if matches_everything(earlier) or earlier.casefold() == later.casefold():
        return True
    return is_literal(later) and glob_matches(earlier, later)

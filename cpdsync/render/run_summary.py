"""Short plain-text summaries of a run, shared by `cpdsync sync` and the daemon's log lines."""

from __future__ import annotations

from typing import Any

# The order kinds are shown in, following the run's own order.
KINDS = ("catalogue", "categories", "courses", "workers", "completions", "resets", "cpd_entries")


def counts_phrase(value: Any) -> str:
    """Return ``2 new, 0 changed, 5 unchanged`` (plus any other non-zero count) for one kind."""
    if not isinstance(value, dict):
        return str(value)
    parts = [f"{value.get(key, 0)} {key}" for key in ("new", "changed", "unchanged")]
    parts += [
        f"{number} {key}"
        for key, number in value.items()
        if key not in ("new", "changed", "unchanged") and isinstance(number, int) and number
    ]
    return ", ".join(parts)


def one_line(outcome: str, counts: dict[str, Any], warnings: list[dict[str, Any]]) -> str:
    """Return a one-line summary: outcome, new/changed per kind, and the warning count."""
    shown = []
    for kind in KINDS:
        value = counts.get(kind)
        if isinstance(value, dict):
            shown.append(f"{kind} +{value.get('new', 0)}/~{value.get('changed', 0)}")
        elif value:
            shown.append(f"{kind} {value}")
    text = f"sync {outcome}: " + (", ".join(shown) or "nothing read")
    if warnings:
        codes = sorted({str(w.get("code")) for w in warnings})
        text += f"; {len(warnings)} warning(s) ({', '.join(codes)})"
    return text


def warning_line(warning: dict[str, Any]) -> str:
    """Return ``code: message (wsfunction, user N, course M)`` for one run warning."""
    where = [str(warning["wsfunction"])] if warning.get("wsfunction") else []
    if warning.get("userid") is not None:
        where.append(f"user {warning['userid']}")
    if warning.get("courseid") is not None:
        where.append(f"course {warning['courseid']}")
    suffix = f" ({', '.join(where)})" if where else ""
    return f"{warning.get('code')}: {warning.get('message')}{suffix}"

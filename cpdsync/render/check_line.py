"""The one line a monitor reads: the Nagios plugin output format, with performance data.

``CPDSYNC STATE - summary | 'label'=value[UOM];[warn];[crit];[min];[max] …`` (the Nagios plugin
development guidelines, "Plugin Output" and "Performance data"). The summary never holds a
``|`` (it would start the performance data) and is one line. A value that could not be
determined is ``U``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class AlertView(Protocol):
    @property
    def state(self) -> str: ...
    @property
    def text(self) -> str: ...


class MetricsView(Protocol):
    @property
    def last_good_age_s(self) -> int | None: ...
    @property
    def completions(self) -> int: ...
    @property
    def cpd_entries(self) -> int: ...
    @property
    def unmapped_share(self) -> float | None: ...
    @property
    def statutory_gap_workers(self) -> int | None: ...
    @property
    def reminders_unknown(self) -> int: ...


class ThresholdsView(Protocol):
    @property
    def warning_s(self) -> int: ...
    @property
    def critical_s(self) -> int: ...
    @property
    def unmapped_share(self) -> float: ...


class HealthView(Protocol):
    @property
    def state(self) -> str: ...
    @property
    def alerts(self) -> Sequence[AlertView]: ...
    @property
    def metrics(self) -> MetricsView | None: ...
    @property
    def thresholds(self) -> ThresholdsView | None: ...


def render_check_line(health: HealthView) -> str:
    """Return ``CPDSYNC STATE - summary | perfdata`` (no perfdata when there are no metrics)."""
    line = f"CPDSYNC {health.state} - {_summary(health)}"
    if health.metrics is not None:
        line += " | " + " ".join(perfdata(health.metrics, health.thresholds))
    return line


def _summary(health: HealthView) -> str:
    metrics = health.metrics
    if health.alerts:
        text = "; ".join(alert.text for alert in health.alerts)
    elif metrics is None:
        text = "nothing to report"
    else:
        age = metrics.last_good_age_s
        text = (
            f"last good run {age_words(age)} ago; " if age is not None else ""
        ) + f"{metrics.completions} completions, {metrics.cpd_entries} CPD entries"
    # One line, and never a pipe: a pipe starts the performance data.
    return " ".join(text.replace("|", "/").split())


def perfdata(metrics: MetricsView, limits: ThresholdsView | None) -> list[str]:
    """Return one ``label=value[UOM];warn;crit;min;max`` item per metric."""
    share = metrics.unmapped_share
    warn = str(limits.warning_s) if limits else ""
    crit = str(limits.critical_s) if limits else ""
    share_warn = f"{limits.unmapped_share * 100:g}" if limits else ""
    return [
        _item("last_good_age", metrics.last_good_age_s, "s", warn, crit),
        _item("completions", metrics.completions),
        _item("cpd_entries", metrics.cpd_entries),
        _item(
            "unmapped",
            round(share * 100, 1) if share is not None else None,
            "%",
            share_warn,
            "",
            top="100",
        ),
        _item("statutory_gap_workers", metrics.statutory_gap_workers),
        _item("reminders_unknown", metrics.reminders_unknown),
    ]


def _item(
    label: str,
    value: float | None,
    unit: str = "",
    warn: str = "",
    crit: str = "",
    *,
    top: str = "",
) -> str:
    if value is None:
        shown = "U"
        unit = ""
    elif isinstance(value, float) and value.is_integer():
        shown = str(int(value))
    else:
        shown = str(value)
    fields = [f"{label}={shown}{unit}", warn, crit, "0", top]
    # Trailing empty fields may be dropped (the guidelines allow it); keep min.
    while len(fields) > 4 and not fields[-1]:
        fields.pop()
    return ";".join(fields)


def age_words(seconds: int) -> str:
    """Return an age for people: ``45 s``, ``12 min``, ``3 h 5 min``, ``2 d 4 h``."""
    if seconds < 60:
        return f"{seconds} s"
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if hours == 0:
        return f"{minutes} min"
    if days == 0:
        return f"{hours} h {minutes % 60} min" if minutes % 60 else f"{hours} h"
    return f"{days} d {hours % 24} h" if hours % 24 else f"{days} d"

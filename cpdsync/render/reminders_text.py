"""What `cpdsync remind` did (or, on a dry run, would do), for people."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from cpdsync.render.status_text import UnconfirmedView

_DONE = {
    "would_send": "would send",
    "sent": "sent",
    "refused": "refused by Moodle",
    "unconfirmed": "delivery unknown",
}


class OutgoingView(Protocol):
    """One message sent, refused, of unknown delivery, or (dry run) to be sent."""

    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def moodle_id(self) -> int: ...
    @property
    def team(self) -> str | None: ...
    @property
    def threshold(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def detail(self) -> str | None: ...
    @property
    def subject(self) -> str: ...
    @property
    def text(self) -> str: ...


class RemindersView(Protocol):
    @property
    def as_of(self) -> date: ...
    @property
    def registration_year(self) -> str: ...
    @property
    def threshold(self) -> str | None: ...
    @property
    def dry_run(self) -> bool: ...
    @property
    def messages(self) -> Sequence[OutgoingView]: ...
    @property
    def unconfirmed(self) -> Sequence[UnconfirmedView]: ...


def render_reminders(report: RemindersView) -> str:
    """Return the report for people: each message with its recipient, outcome and text on a
    dry run, and any earlier reminder whose delivery is unknown."""
    head = f"Reminders on {report.as_of.isoformat()}, registration year {report.registration_year}"
    lines = [head + (" (dry run: nothing sent, nothing written)" if report.dry_run else "")]
    if report.threshold is None:
        lines.append("No reminder threshold has been reached today; nothing is due.")
    elif not report.messages:
        lines.append(f"Threshold {report.threshold}: every reminder due has been sent already.")
    for m in report.messages:
        lines += _message_lines(m, dry_run=report.dry_run)
    if not report.dry_run and report.messages:
        count = {s: sum(m.status == s for m in report.messages) for s in _DONE}
        lines.append(
            f"{count['sent']} sent, {count['refused']} refused, "
            f"{count['unconfirmed']} with delivery unknown."
        )
    if report.unconfirmed:
        lines.append(
            f"{len(report.unconfirmed)} earlier reminder(s) were being sent when cpdsync "
            "stopped; Moodle may or may not have delivered them, and they are not sent again:"
        )
        lines += [
            f"  {u.email} [{u.registration_year} {u.threshold}] at {u.sent_at.isoformat()}"
            for u in report.unconfirmed
        ]
    return "\n".join(lines)


def _message_lines(m: OutgoingView, *, dry_run: bool) -> list[str]:
    who = f"{m.name} <{m.email}> (Moodle user {m.moodle_id})"
    kind = "digest for team " + (m.team or "") if m.kind == "digest" else "reminder"
    lines = [f"- {_DONE[m.status]}: {kind} [{m.threshold}] to {who}"]
    if m.status in ("refused", "unconfirmed") and m.detail:
        lines.append(f"    {m.detail}")
    if dry_run:
        lines.append(f"    Subject: {m.subject}")
        lines += ["    " + line if line else "" for line in m.text.splitlines()]
    return lines

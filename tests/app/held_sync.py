"""Run the `cpdsync` command held at one point of its database work, for the kill tests.

    python held_sync.py POINT [cpdsync arguments…]

POINT is ``create:TABLE`` (held just before the migration creates TABLE), ``write:TABLE``
(just before the first INSERT, UPDATE or DELETE of TABLE) or ``commit`` (just before the
sync's own transaction, the one that wrote completions, commits). On reaching it the process
prints ``held`` on stdout and waits to be killed, so the test kills it at that point whatever
the machine's load. The hold is a SQLAlchemy event listener installed from outside the
product: cpdsync itself has no test hook.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from cpdsync.cli import main

WROTE_COMPLETIONS = "held_sync.wrote_completions"
_completions = re.compile(r"^\s*(INSERT INTO|UPDATE) completions\b", re.IGNORECASE)


def hold_here() -> None:
    print("held", flush=True)
    threading.Event().wait()  # until SIGKILL


def install(point: str) -> None:
    """Install the listener that holds the process at ``point``."""
    if point == "commit":
        event.listen(sa.Engine, "before_cursor_execute", _note_completions)
        event.listen(sa.Engine, "commit", _hold_before_commit)
        return
    kind, _, table = point.partition(":")
    verbs = {"create": "CREATE TABLE", "write": "INSERT INTO|UPDATE|DELETE FROM"}
    if kind not in verbs or not table:
        raise SystemExit(f"unknown hold point {point!r}: create:TABLE, write:TABLE or commit")
    writes = re.compile(rf"^\s*({verbs[kind]}) {re.escape(table)}\b", re.IGNORECASE)

    def hold_before_write(conn: sa.Connection, cursor: Any, statement: str, *args: Any) -> None:
        if writes.match(statement):
            hold_here()

    event.listen(sa.Engine, "before_cursor_execute", hold_before_write)


def _note_completions(conn: sa.Connection, cursor: Any, statement: str, *args: Any) -> None:
    if _completions.match(statement):
        conn.info[WROTE_COMPLETIONS] = True


def _hold_before_commit(conn: sa.Connection) -> None:
    if conn.info.get(WROTE_COMPLETIONS):
        hold_here()


if __name__ == "__main__":
    install(sys.argv[1])
    main(sys.argv[2:], prog_name="cpdsync")

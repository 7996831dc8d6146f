"""Cursors: per site, a named position a sync resumes from, which only ever moves forward.

A cursor is written in the same transaction as the rows it covers (STYLE 13); what a cursor's
value means is the caller's (cpdsync/app/cursors.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdsync.records.schema import CursorRow, SiteRow


def get_cursor(session: Session, site_row: SiteRow | None, name: str) -> str | None:
    """Return cursor ``name`` of the site, or None when the site or the cursor is not held."""
    if site_row is None:
        return None
    return session.scalars(
        select(CursorRow.value).where(CursorRow.site_id == site_row.id, CursorRow.name == name)
    ).one_or_none()


def advance_cursor(
    session: Session,
    site_row: SiteRow,
    name: str,
    value: str,
    *,
    now: datetime,
    compare: Callable[[str], Any] = int,
) -> bool:
    """Move cursor ``name`` to ``value`` when it is ahead (by ``compare``), noting ``now`` as
    its update time; return whether it moved. A value behind or equal to the held one is
    ignored: a cursor never moves backwards."""
    row = session.scalars(
        select(CursorRow).where(CursorRow.site_id == site_row.id, CursorRow.name == name)
    ).one_or_none()
    if row is None:
        session.add(CursorRow(site_id=site_row.id, name=name, value=value, updated=now))
        session.flush()
        return True
    if compare(value) <= compare(row.value):
        return False
    row.value = value
    row.updated = now
    session.flush()
    return True

"""Sites: one row per Moodle site, found by its URL in one stored form."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdsync.records.row_values import SiteValues, column_values
from cpdsync.records.schema import SiteRow


def site_key(url: str) -> str:
    """Return the form a site URL is stored in (no trailing slash), so one site is one row."""
    return url.strip().rstrip("/")


def find_site(session: Session, url: str) -> SiteRow | None:
    """Return the row of the site at ``url``, or None when no run has recorded it (reads only,
    so a run may consult it before it writes anything)."""
    return session.scalars(select(SiteRow).where(SiteRow.url == site_key(url))).one_or_none()


def store_site(session: Session, site: SiteValues, *, now: datetime) -> SiteRow:
    """Return the row of ``site`` (by URL), created or refreshed, seen at ``now``."""
    values = column_values(site, leave_out=("url",))
    row = find_site(session, site.url)
    if row is None:
        row = SiteRow(url=site_key(site.url), first_seen=now, last_seen=now, **values)
        session.add(row)
    else:
        for name, value in values.items():
            setattr(row, name, value)
        row.last_seen = now
    session.flush()
    return row


def site_urls(session: Session) -> list[str]:
    """Return the URL of every site held, sorted."""
    return sorted(session.scalars(select(SiteRow.url)))

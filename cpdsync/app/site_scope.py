"""Which Moodle site a report is about, so reports never mix sites silently.

A database may hold several sites (one config and one systemd instance per site, docs/deploy.md).
Every report takes ``--site URL``; without it, the site of the config's ``moodle.url``; without
that, the one site the database holds, and an error naming the sites when it holds several.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from cpdsync.config import Settings
from cpdsync.errors import NotFoundError, UsageError
from cpdsync.records.schema import SiteRow
from cpdsync.records.site_rows import find_site, site_key, site_urls


@dataclass(frozen=True)
class SiteScope:
    """The site a report covers: its URL (None when the database holds no site at all) and its
    row (None when no sync of it has been recorded yet: nothing is held about it)."""

    url: str | None
    row: SiteRow | None

    @property
    def site_id(self) -> int | None:
        """Return the id of the site's row; -1 (matching no row) when none is held, so a
        query filtered by it finds nothing rather than everything."""
        if self.url is None:
            return None
        return self.row.id if self.row is not None else -1


def resolve_site(session: Session, settings: Settings, site: str | None) -> SiteScope:
    """Return the site a report covers: ``site`` (the --site option), else moodle.url, else the
    database's only site. Raise NotFoundError when ``site`` is not held, UsageError naming the
    sites held when neither is given and the database holds several."""
    if site is not None:
        row = find_site(session, site)
        if row is None:
            held = site_urls(session)
            raise NotFoundError(
                f"--site {site_key(site)} is not in the database (it holds "
                + (", ".join(held) if held else "no site yet")
                + "); give one of those, or run `cpdsync sync` with that site's config"
            )
        return SiteScope(row.url, row)
    configured = settings.config.moodle.url
    if configured:
        return SiteScope(site_key(configured), find_site(session, configured))
    held = site_urls(session)
    if not held:
        return SiteScope(None, None)
    if len(held) > 1:
        raise UsageError(
            f"the database holds {len(held)} Moodle sites ({', '.join(held)}) and no site was "
            "chosen: give --site URL, or set moodle.url in the config"
        )
    return SiteScope(held[0], find_site(session, held[0]))

"""The readiness report built from the records and the mapping files, shared by the commands
that show it (`cpdsync readiness`, `export`, `demo`, `status`) and the reminders that act on
it."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from cpdsync.app.council_frameworks import frameworks_in_use, mappings_in_use
from cpdsync.app.readiness_inputs import course_offers, course_rules, readiness_inputs
from cpdsync.app.rules import known_year, packaged_rules
from cpdsync.app.site_scope import SiteScope, resolve_site
from cpdsync.config import Settings
from cpdsync.mappings import Framework, MappingSet
from cpdsync.readiness.engine import assess
from cpdsync.readiness.inputs import ReadinessPolicy
from cpdsync.readiness.report_model import ReadinessReport
from cpdsync.readiness.superseded import EndedFramework
from cpdsync.records.db import open_database


def readiness_policy(settings: Settings) -> ReadinessPolicy:
    """Return the council's status thresholds from the config section ``[readiness]``."""
    section = settings.config.readiness
    return ReadinessPolicy(
        at_risk_days=section.at_risk_days, missed_notice_days=section.missed_notice_days
    )


def load_report(
    settings: Settings,
    *,
    workers: list[str] | None,
    team: str | None,
    as_of: date,
    year: str | None = None,
    mappings: MappingSet | None = None,
    site: str | None = None,
) -> ReadinessReport:
    """Return the readiness report for the chosen workers (all when None) of one site
    (``site``, else moodle.url, else the database's only site; app/site_scope.py) from the
    records and ``mappings`` (read from mappings.paths when None), for the registration year
    holding ``as_of``, or the year ``year`` names (a past year's outcome as of its deadline).

    Raise NotFoundError for an unknown worker, team or site, UsageError when the site is
    unclear or for a year that does not exist or has not begun by ``as_of``, InputFileError
    for bad mapping files, StorageError when the database fails.
    """
    label = known_year(year, today=as_of).label if year else None
    frameworks = frameworks_in_use(settings.config.mappings)
    if mappings is None:
        mappings = mappings_in_use(settings.config.mappings, frameworks)
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            scope = resolve_site(session, settings, site)
            return report_from_session(
                session,
                mappings,
                frameworks,
                workers=workers,
                team=team,
                as_of=as_of,
                year_label=label,
                policy=readiness_policy(settings),
                scope=scope,
            )
    finally:
        database.close()


def report_from_session(
    session: Session,
    mappings: MappingSet,
    frameworks: dict[str, Framework],
    *,
    workers: list[str] | None,
    team: str | None,
    as_of: date,
    year_label: str | None = None,
    policy: ReadinessPolicy,
    scope: SiteScope,
) -> ReadinessReport:
    """Return the readiness report of the chosen workers (all when None) of the site of
    ``scope`` for the year holding ``as_of`` (or labelled ``year_label``), from the records the
    open ``session`` reads (it writes nothing, so a read-only session will do)."""
    rules = course_rules(session, mappings, site_url=scope.url)
    inputs = readiness_inputs(session, rules, workers=workers, team=team, site_id=scope.site_id)
    offers = course_offers(rules)
    return assess(
        inputs,
        mappings=mappings,
        offers=offers,
        frameworks={fid: fw.coverable_ids() for fid, fw in frameworks.items()},
        item_titles={item.id: item.title for fw in frameworks.values() for item in fw.items},
        ended=ended_frameworks(frameworks),
        as_of=as_of,
        rules=packaged_rules(),
        registration_year=year_label,
        policy=policy,
        # A worker named on the command line is shown even after leaving; a team list is not.
        include_left=bool(workers),
    )


def ended_frameworks(frameworks: dict[str, Framework]) -> dict[str, EndedFramework]:
    """Return the frameworks with a last day in force, as the readiness engine takes them."""
    return {
        fw.id: EndedFramework(
            id=fw.id,
            title=fw.title,
            last_day=fw.in_force_until,
            successor=fw.superseded_by,
            successor_title=frameworks[fw.superseded_by].title
            if fw.superseded_by in frameworks
            else None,
        )
        for fw in frameworks.values()
        if fw.in_force_until is not None
    }

"""Cohort functions of the simulated Moodle, as Moodle 4.5's cohort/externallib.php answers
them (replies captured in tests/fixtures/moodle): every cohort is in the system context."""

from __future__ import annotations

from typing import Any

from cpdsync.simulator import shapes as r
from cpdsync.simulator.dataset import Cohort, SiteIndex
from cpdsync.simulator.params import Multiple, Single, Value, validate
from cpdsync.simulator.site_state import State

CAPABILITY = "moodle/cohort:view"
CAPABILITY_WORDS = "View site-wide cohorts"

COHORTS = Single({"cohortids": Multiple(Value("int"), required=False, default=[])})
MEMBERS = Single({"cohortids": Multiple(Value("int"))})


def get_cohorts(site: SiteIndex, state: State, params: dict[str, Any]) -> list[dict[str, Any]]:
    """core_cohort_get_cohorts: the cohorts asked for (all when none), unknown ids left out;
    refused whole when one returned may not be viewed."""
    p = validate(params, COHORTS)
    wanted = set(p["cohortids"])
    chosen = [c for c in site.data.cohorts if not wanted or c.id in wanted]
    if chosen and not state.can(CAPABILITY):
        raise r.no_permission(CAPABILITY_WORDS)
    return [_cohort(c) for c in sorted(chosen, key=lambda c: c.id)]


def _cohort(cohort: Cohort) -> dict[str, Any]:
    return {
        "id": cohort.id,
        "name": cohort.name,
        "idnumber": cohort.idnumber,
        "description": "",
        "descriptionformat": 1,
        "visible": True,
        "theme": "",
        "customfields": [],
    }


def get_cohort_members(
    site: SiteIndex, state: State, params: dict[str, Any]
) -> list[dict[str, Any]]:
    """core_cohort_get_cohort_members: each cohort's user ids by last and first name; an
    unknown cohort fails the whole call with invalidrecord."""
    p = validate(params, MEMBERS)
    out = []
    for cohortid in p["cohortids"]:
        cohort = site.cohorts.get(cohortid)
        if cohort is None:
            raise r.missing_record("cohort")
        if not state.can(CAPABILITY):
            raise r.no_permission(CAPABILITY_WORDS)
        members = [site.users[uid] for uid in cohort.members if uid in site.users]
        members.sort(key=lambda u: (u.lastname, u.firstname, u.id))
        out.append({"cohortid": cohortid, "userids": [u.id for u in members]})
    return out

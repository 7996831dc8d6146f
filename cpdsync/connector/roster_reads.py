"""Typed reads of who the workers are (docs/roster.md): Moodle cohorts and their members,
users by id, email or idnumber, and the companion plugin's users with a profile field set.

Real Moodle 4.5 (tests/fixtures/moodle): core_cohort_get_cohorts with no ids lists every
cohort, but fails whole with ``nopermissions`` if the token lacks moodle/cohort:view in any
cohort's context; an unknown id is left out silently. core_cohort_get_cohort_members takes
many ids in one call and fails whole with ``invalidrecord`` on an unknown one; its members
come in last-name order. core_user_get_users_by_field matches email case-sensitively and drops
users the token may not see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from cpdsync.connector import limits
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.facts import FetchWarning, MoodleWorker
from cpdsync.connector.mobile_batch import call_all
from cpdsync.connector.needs import (
    COHORT_MEMBERS_FUNCTION,
    COHORTS_FUNCTION,
    PLUGIN_FIELD_USERS_FUNCTION,
    PLUGIN_USERS_FUNCTION,
)
from cpdsync.connector.replies import (
    CohortMembers,
    CohortRecord,
    PluginUsersPage,
    UserRecord,
    parse_reply,
)
from cpdsync.errors import CpdsyncError, MoodleFatalError

USERS_BY_FIELD_FUNCTION = "core_user_get_users_by_field"
COHORT_CAPABILITY = "moodle/cohort:view"


@dataclass(frozen=True)
class CohortFacts:
    id: int
    idnumber: str
    name: str
    visible: bool


def get_cohorts(client: MoodleClient) -> list[CohortFacts]:
    """Return every cohort of the site, by id; raise MoodleFatalError naming moodle/cohort:view
    when Moodle refuses it, and other Moodle* errors as the call does."""
    reply = _cohort_call(client, COHORTS_FUNCTION, {})
    cohorts = parse_reply(list[CohortRecord], reply, COHORTS_FUNCTION)
    return sorted(
        (CohortFacts(c.id, c.idnumber, c.name, c.visible) for c in cohorts), key=lambda c: c.id
    )


def get_cohort_members(client: MoodleClient, cohort_ids: Sequence[int]) -> dict[int, list[int]]:
    """Return the member user ids of each cohort (one call for all), in Moodle's order; raise
    MoodleFatalError naming moodle/cohort:view when Moodle refuses, MoodleRequestError
    (``invalidrecord``) when a cohort does not exist."""
    if not cohort_ids:
        return {}
    reply = _cohort_call(client, COHORT_MEMBERS_FUNCTION, {"cohortids": list(cohort_ids)})
    members = parse_reply(list[CohortMembers], reply, COHORT_MEMBERS_FUNCTION)
    return {item.cohortid: list(item.userids) for item in members}


def _cohort_call(client: MoodleClient, wsfunction: str, params: dict[str, object]) -> object:
    try:
        return client.call(wsfunction, params)
    except MoodleFatalError as exc:
        if exc.errorcode != "nopermissions":
            raise
        raise MoodleFatalError(
            f"{wsfunction}: nopermissions: the cpdsync user may not view the cohorts: give its "
            f"role {COHORT_CAPABILITY} in the system context (and in any category holding a "
            "cohort of the roster)",
            wsfunction=wsfunction,
            errorcode="nopermissions",
        ) from None


def get_users(
    client: MoodleClient, user_ids: Sequence[int], *, plugin: bool = False, batched: bool = False
) -> tuple[list[MoodleWorker], list[FetchWarning]]:
    """Return the users with ``user_ids`` (profile fields and suspended flag), through the
    plugin's local_cpdsync_get_users when ``plugin``, else core_user_get_users_by_field
    (batched when ``batched``), and a warning per id Moodle did not return; raise Moodle*
    errors when a call fails."""
    ids = sorted(set(user_ids))
    if plugin:
        found = _plugin_users_by_id(client, ids)
    else:
        found = find_users(client, "id", [str(i) for i in ids], batched=batched)
    by_id = {worker.id: worker for worker in found}
    fn = PLUGIN_USERS_FUNCTION if plugin else USERS_BY_FIELD_FUNCTION
    warnings = [
        FetchWarning(
            code="userunreadable",
            message=f"{fn}: Moodle did not return user {uid}, a member of the roster, so they "
            "are left out; give the cpdsync role moodle/user:viewalldetails, or check that the "
            "account was not deleted",
            wsfunction=fn,
            userid=uid,
        )
        for uid in ids
        if uid not in by_id
    ]
    return [by_id[uid] for uid in ids if uid in by_id], warnings


def find_users(
    client: MoodleClient,
    field: Literal["id", "email", "idnumber"],
    values: Sequence[str],
    *,
    batched: bool = False,
) -> list[MoodleWorker]:
    """Return the users whose ``field`` is one of ``values`` (exactly: Moodle compares email
    case-sensitively), by id, through core_user_get_users_by_field in chunks, batched when
    ``batched``; raise Moodle* errors when a call fails."""
    wanted = list(dict.fromkeys(values))
    size = limits.USERS_BY_FIELD_CHUNK
    chunks = [wanted[i : i + size] for i in range(0, len(wanted), size)]
    outcomes = call_all(
        client,
        USERS_BY_FIELD_FUNCTION,
        [{"field": field, "values": chunk} for chunk in chunks],
        chunk_size=limits.USERS_BY_FIELD_BATCH_SIZE if batched else None,
    )
    found: dict[int, MoodleWorker] = {}
    for outcome in outcomes:
        if isinstance(outcome, CpdsyncError):
            raise outcome
        for user in parse_reply(list[UserRecord], outcome, USERS_BY_FIELD_FUNCTION):
            found.setdefault(user.id, _worker(user))
    return [found[uid] for uid in sorted(found)]


def get_users_with_field(client: MoodleClient, field: str) -> list[MoodleWorker]:
    """Return every user whose custom profile field ``field`` is set, through the plugin's
    local_cpdsync_get_users_with_field, by id; raise MoodleRequestError (``invalidparameter``)
    when the site has no such field, other Moodle* errors as the calls do."""
    return _plugin_pages(client, PLUGIN_FIELD_USERS_FUNCTION, {"field": field})


def get_all_users(client: MoodleClient) -> list[MoodleWorker]:
    """Return every user of the site but the guest and deleted ones, through the plugin's
    local_cpdsync_get_users, by id."""
    return _plugin_pages(client, PLUGIN_USERS_FUNCTION, {})


def _plugin_users_by_id(client: MoodleClient, ids: Sequence[int]) -> list[MoodleWorker]:
    size = limits.PLUGIN_USERIDS_MAX
    found: list[MoodleWorker] = []
    for start in range(0, len(ids), size):
        chunk = list(ids[start : start + size])
        found += _plugin_pages(client, PLUGIN_USERS_FUNCTION, {"userids": chunk})
    return found


def _plugin_pages(
    client: MoodleClient, wsfunction: str, params: dict[str, object]
) -> list[MoodleWorker]:
    found: list[MoodleWorker] = []
    afterid = 0
    while True:
        reply = client.call(
            wsfunction, {**params, "afterid": afterid, "limit": limits.PLUGIN_USERS_PAGE_SIZE}
        )
        page = parse_reply(PluginUsersPage, reply, wsfunction)
        found += [_worker(user) for user in page.users]
        if not page.hasmore or not page.users:
            return found
        afterid = page.nextafterid


def _worker(user: UserRecord) -> MoodleWorker:
    return MoodleWorker(
        id=user.id,
        username=user.username,
        email=user.email,
        idnumber=user.idnumber,
        firstname=user.firstname,
        lastname=user.lastname,
        fullname=user.fullname or f"{user.firstname} {user.lastname}".strip(),
        suspended=user.suspended,
        profile=user.profile(),
    )

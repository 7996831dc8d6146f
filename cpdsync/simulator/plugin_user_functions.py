"""The companion plugin's user functions (docs/moodle-plugin.md, "Web-service contract"):
``local_cpdsync_get_users`` and ``local_cpdsync_get_users_with_field`` (the roster by profile
field), keyset-paged by user id. Served only when the simulated service names them."""

from __future__ import annotations

from typing import Any

from cpdsync.simulator import shapes as r
from cpdsync.simulator.dataset import SiteIndex, User
from cpdsync.simulator.params import Multiple, Single, Value, validate
from cpdsync.simulator.site_state import State
from cpdsync.simulator.user_functions import site_users

# Either capability lets the integration user read (local/cpdsync:viewcompletions is the
# deprecated one of plugin 1.0).
CAPABILITIES = ("local/cpdsync:sync", "local/cpdsync:viewcompletions")
CAPABILITY_WORDS = "Synchronise CPD records with cpdsync"
MAX_LIMIT = 5000
MAX_USERIDS = 1000

USERS = Single(
    {
        "afterid": Value("int", required=False, default=0),
        "limit": Value("int", required=False, default=MAX_LIMIT),
        "userids": Multiple(Value("int"), required=False, default=[]),
    }
)
WITH_FIELD = Single(
    {
        "field": Value("alphanumext"),
        "afterid": Value("int", required=False, default=0),
        "limit": Value("int", required=False, default=1000),
    }
)


def _check(state: State, afterid: int, limit: int) -> None:
    if afterid < 0 or limit < 1:
        raise r.invalid_parameter()
    if not any(state.can(c) for c in CAPABILITIES):
        raise r.no_permission(CAPABILITY_WORDS)


def _page(users: list[User], afterid: int, limit: int) -> dict[str, Any]:
    after = [u for u in sorted(users, key=lambda u: u.id) if u.id > afterid]
    page = after[: min(limit, MAX_LIMIT)]
    return {
        "users": [_user(u) for u in page],
        "nextafterid": page[-1].id if page else afterid,
        "hasmore": len(after) > len(page),
    }


def _user(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "firstname": user.firstname,
        "lastname": user.lastname,
        "email": user.email,
        "idnumber": user.idnumber,
        "auth": "manual",
        "suspended": user.suspended,
        "customfields": [
            {"shortname": name, "value": value}
            for name, value in sorted(user.customfields.items())
            if value != ""
        ],
    }


def get_users(site: SiteIndex, state: State, params: dict[str, Any]) -> dict[str, Any]:
    """local_cpdsync_get_users: every user but the guest (only ``userids`` when given)."""
    p = validate(params, USERS)
    _check(state, p["afterid"], p["limit"])
    if len(p["userids"]) > MAX_USERIDS:
        raise r.invalid_parameter()
    wanted = set(p["userids"])
    users = [u for u in site_users(site) if u.id != 1 and (not wanted or u.id in wanted)]
    return _page(users, p["afterid"], p["limit"])


def get_users_with_field(site: SiteIndex, state: State, params: dict[str, Any]) -> dict[str, Any]:
    """local_cpdsync_get_users_with_field: the users whose profile field ``field`` is set; an
    unknown field is invalidparameter."""
    p = validate(params, WITH_FIELD)
    _check(state, p["afterid"], p["limit"])
    field = p["field"]
    if field not in r.PROFILE_FIELDS and not any(field in u.customfields for u in site.data.users):
        raise r.invalid_parameter()
    users = [u for u in site.data.users if u.customfields.get(field, "") != ""]
    return _page(users, p["afterid"], p["limit"])

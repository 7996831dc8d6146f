"""The roster's functions in the simulator: Moodle's cohort functions and the plugin's user
functions answer as the captures in tests/fixtures/moodle show, from the dataset's cohorts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from cpdsync.errors import InputFileError
from cpdsync.simulator import Simulator, parse_dataset, serve_in_thread
from cpdsync.simulator.dispatch import default_service
from cpdsync.simulator.site_state import DEFAULT_CAPABILITIES
from tests.simulator.capture_site import NOW, capture_site, capture_site_dict

ENDPOINT = "/webservice/rest/server.php"
PLUGIN = ("local_cpdsync_get_users", "local_cpdsync_get_users_with_field")


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with serve_in_thread(
        capture_site(), clock=lambda: float(NOW), functions=default_service() + PLUGIN
    ) as running:
        yield running


def ws(sim: Simulator, wsfunction: str, **params: object) -> Any:
    data = {"wstoken": sim.token, "wsfunction": wsfunction, "moodlewsrestformat": "json"}
    reply = requests.post(sim.url + ENDPOINT, data={**data, **params}, timeout=5)
    assert reply.status_code == 200
    return reply.json()


def test_cohort_members_come_in_last_name_order_as_moodle_gives_them(sim: Simulator) -> None:
    (members,) = ws(sim, "core_cohort_get_cohort_members", **{"cohortids[0]": 1})
    users = {u.id: u for u in sim.dataset.users}
    names = [(users[uid].lastname, users[uid].firstname) for uid in members["userids"]]
    assert members["cohortid"] == 1
    assert names == sorted(names)
    assert set(members["userids"]) == {*range(3, 39), 43, 44}


def test_an_unknown_cohort_fails_the_whole_members_call(sim: Simulator) -> None:
    reply = ws(sim, "core_cohort_get_cohort_members", **{"cohortids[0]": 1, "cohortids[1]": 999})
    assert reply["errorcode"] == "invalidrecord"


def test_get_cohorts_leaves_an_unknown_id_out(sim: Simulator) -> None:
    reply = ws(sim, "core_cohort_get_cohorts", **{"cohortids[0]": 999, "cohortids[1]": 1})
    assert [c["idnumber"] for c in reply] == ["SW-REGISTERED"]


def test_cohorts_without_moodle_cohort_view_are_refused(sim: Simulator) -> None:
    sim.state.capabilities = DEFAULT_CAPABILITIES - {"moodle/cohort:view"}
    for fn, params in (
        ("core_cohort_get_cohorts", {}),
        ("core_cohort_get_cohort_members", {"cohortids[0]": 1}),
    ):
        assert ws(sim, fn, **params)["errorcode"] == "nopermissions"
    # Nothing to refuse on a site without cohorts: Moodle answers an empty list.
    sim.replace_dataset(capture_site().model_copy(update={"cohorts": []}))
    assert ws(sim, "core_cohort_get_cohorts") == []


def test_the_plugin_pages_the_users_with_a_profile_field_set(sim: Simulator) -> None:
    seen: list[int] = []
    afterid = 0
    while True:
        page = ws(
            sim,
            "local_cpdsync_get_users_with_field",
            field="swenumber",
            afterid=afterid,
            limit=10,
        )
        seen += [u["id"] for u in page["users"]]
        if not page["hasmore"]:
            break
        afterid = page["nextafterid"]
    with_number = [u.id for u in sim.dataset.users if u.customfields.get("swenumber")]
    assert seen == with_number
    assert 32 not in seen and 35 not in seen  # no number, so not on this roster
    assert ws(sim, "local_cpdsync_get_users_with_field", field="nosuch")["errorcode"] == (
        "invalidparameter"
    )


def test_the_plugin_users_by_id_skip_unknown_ids_and_need_its_capability(sim: Simulator) -> None:
    reply = ws(sim, "local_cpdsync_get_users", **{"userids[0]": 44, "userids[1]": 9999})
    assert [u["id"] for u in reply["users"]] == [44]
    assert reply["hasmore"] is False
    sim.state.capabilities = DEFAULT_CAPABILITIES - {
        "local/cpdsync:sync",
        "local/cpdsync:viewcompletions",
    }
    assert ws(sim, "local_cpdsync_get_users")["errorcode"] == "nopermissions"


def test_a_dataset_cohort_naming_a_missing_or_repeated_member_is_refused() -> None:
    data = capture_site_dict()
    data["cohorts"] = [
        {"id": 1, "idnumber": "A", "name": "A", "members": [3, 3, 9999]},
        {"id": 1, "idnumber": "A", "name": "B"},
    ]
    with pytest.raises(InputFileError) as caught:
        parse_dataset(json.dumps(data), "council.json")
    text = str(caught.value)
    assert "cohorts[0].members[1]: user 3 is already a member" in text
    assert "cohorts[0].members[2]: no user with id 9999" in text
    assert "cohorts[1].id: duplicate id 1" in text
    assert "cohorts[1].idnumber: duplicate idnumber 'A'" in text

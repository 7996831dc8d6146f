"""The simulator over loopback: Moodle's envelope, service limits, faults and statistics."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests
from click.testing import CliRunner

from cpdsync.cli import main
from cpdsync.errors import UsageError
from cpdsync.simulator import Simulator, serve_in_thread
from tests.simulator.capture_site import NOW, capture_site

ENDPOINT = "/webservice/rest/server.php"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with serve_in_thread(capture_site(), clock=lambda: float(NOW), slow_s=0.3) as running:
        yield running


def call(sim: Simulator, wsfunction: str, **params: object) -> requests.Response:
    data = {"wstoken": sim.token, "wsfunction": wsfunction, "moodlewsrestformat": "json"}
    return requests.post(sim.url + ENDPOINT, data={**data, **params}, timeout=5)


def test_functions_outside_the_service_are_refused_and_left_out_of_site_info() -> None:
    keep = ["core_webservice_get_site_info", "core_course_get_courses"]
    with serve_in_thread(capture_site(), functions=keep) as sim:
        info = call(sim, "core_webservice_get_site_info").json()
        assert [f["name"] for f in info["functions"]] == keep
        refused = call(sim, "core_enrol_get_users_courses", userid=3).json()
        assert refused["errorcode"] == "accessexception"
        unknown = call(sim, "core_cpd_get_everything").json()
        assert unknown["errorcode"] == "invalidrecord"


def test_an_unknown_function_in_functions_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="does not know core_nope"):
        Simulator(capture_site(), functions=["core_nope"])


def test_a_port_in_use_gives_one_clear_message(sim: Simulator) -> None:
    port = int(sim.url.rsplit(":", 1)[1])
    with pytest.raises(UsageError, match=f"port {port} on 127.0.0.1 is already in use"):
        Simulator(capture_site(), port=port)
    result = CliRunner().invoke(main, ["simulator", "serve", "--port", str(port)])
    assert result.exit_code == 2
    assert "already in use" in result.output
    assert "Traceback" not in result.output


def test_stats_count_http_calls_per_function_and_batched_sub_calls(sim: Simulator) -> None:
    call(sim, "core_webservice_get_site_info")
    call(sim, "core_webservice_get_site_info")
    call(
        sim,
        "tool_mobile_call_external_functions",
        **{
            "requests[0][function]": "core_completion_get_course_completion_status",
            "requests[0][arguments]": json.dumps({"courseid": 2, "userid": 3}),
        },
    )
    assert sim.stats() == {
        "core_webservice_get_site_info": 2,
        "tool_mobile_call_external_functions": 1,
    }
    report = requests.get(sim.url + "/_simulator/stats", timeout=5).json()
    assert report["total"] == 3
    assert report["batched"] == {"core_completion_get_course_completion_status": 1}
    sim.reset_stats()
    assert sim.stats() == {}


def test_get_requests_are_answered_like_post(sim: Simulator) -> None:
    params = {
        "wstoken": sim.token,
        "wsfunction": "core_enrol_get_users_courses",
        "moodlewsrestformat": "json",
        "userid": "3",
    }
    got = requests.get(sim.url + ENDPOINT, params=params, timeout=5)
    assert got.json() == call(sim, "core_enrol_get_users_courses", userid=3).json()


def test_maintenance_mode_answers_sitemaintenance_until_switched_off(sim: Simulator) -> None:
    sim.set_maintenance(True)
    assert call(sim, "core_webservice_get_site_info").json()["errorcode"] == "sitemaintenance"
    sim.set_maintenance(False)
    assert "sitename" in call(sim, "core_webservice_get_site_info").json()


def test_a_wrong_or_missing_token_is_invalidtoken() -> None:
    with serve_in_thread(capture_site(), token="right") as sim:
        for token in ({"wstoken": "wrong"}, {"wstoken": ""}, {}):
            data = {"wsfunction": "core_webservice_get_site_info", "moodlewsrestformat": "json"}
            reply = requests.post(sim.url + ENDPOINT, data={**data, **token}, timeout=5)
            assert reply.json()["errorcode"] == "invalidtoken"


def _fault_sequence(seed: int) -> list[str]:
    outcomes = []
    with serve_in_thread(capture_site(), fault_rate=0.5, seed=seed, slow_s=0.05) as sim:
        for _ in range(40):
            reply = call(sim, "core_webservice_get_site_info")
            try:
                body = reply.json()
                kind = body.get("errorcode", "ok")
            except ValueError:
                kind = "html" if reply.text.lstrip().startswith("<") else "truncated"
            outcomes.append(f"{reply.status_code}:{kind}")
    return outcomes


def test_faults_are_drawn_deterministically_from_the_seed() -> None:
    first = _fault_sequence(7)
    assert first == _fault_sequence(7)
    assert first != _fault_sequence(8)
    kinds = set(first)
    assert {"200:ok", "503:html", "200:html", "200:truncated", "200:sitemaintenance"} <= kinds


def test_an_unavailable_reply_carries_retry_after(sim: Simulator) -> None:
    sim.set_fault_rate(1.0)
    seen = set()
    for _ in range(30):
        reply = call(sim, "core_webservice_get_site_info")
        if reply.status_code == 503:
            assert reply.headers["Retry-After"] == "300"
            assert "under maintenance" in reply.text
        seen.add(reply.status_code)
    assert 503 in seen


def test_a_slow_reply_passes_the_client_timeout(sim: Simulator) -> None:
    sim.set_fault_rate(1.0)
    data = {
        "wstoken": sim.token,
        "wsfunction": "core_webservice_get_site_info",
        "moodlewsrestformat": "json",
    }
    slow_seen = 0
    for _ in range(12):
        try:
            requests.post(sim.url + ENDPOINT, data=data, timeout=0.1)
        except requests.Timeout:
            slow_seen += 1
    assert slow_seen > 0


def test_replacing_the_dataset_takes_effect_on_the_next_request(sim: Simulator) -> None:
    before = call(sim, "core_completion_get_course_completion_status", courseid=2, userid=3)
    assert before.json()["completionstatus"]["completed"] is True
    data = sim.dataset.model_copy(deep=True)
    data.completions = [c for c in data.completions if (c.userid, c.courseid) != (3, 2)]
    sim.replace_dataset(data)
    after = call(sim, "core_completion_get_course_completion_status", courseid=2, userid=3)
    assert after.json()["completionstatus"]["completed"] is False


def test_a_wrong_path_is_a_web_server_404(sim: Simulator) -> None:
    reply = requests.post(sim.url + "/webservice/rest/nosuch.php", timeout=5)
    assert reply.status_code == 404
    assert reply.headers["Content-Type"].startswith("text/html")

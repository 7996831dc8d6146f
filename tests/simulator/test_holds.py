"""A held call stays unanswered until released, so a test can act at a known point of a run."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests

from cpdsync.simulator import Simulator, serve_in_thread
from tests.simulator.capture_site import NOW, capture_site

ENDPOINT = "/webservice/rest/server.php"
WAIT_S = 60  # a bound for a broken test, never a pace: every wait below ends on an event


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with serve_in_thread(capture_site(), clock=lambda: float(NOW)) as running:
        yield running


def call(sim: Simulator, wsfunction: str, **params: object) -> requests.Response:
    data = {"wstoken": sim.token, "wsfunction": wsfunction, "moodlewsrestformat": "json"}
    return requests.post(sim.url + ENDPOINT, data={**data, **params}, timeout=WAIT_S)


def in_thread(
    sim: Simulator, wsfunction: str, **params: object
) -> tuple[threading.Thread, list[object]]:
    """Start ``wsfunction`` in a thread; the list receives its reply (or the error)."""
    replies: list[object] = []

    def run() -> None:
        try:
            replies.append(call(sim, wsfunction, **params).json())
        except requests.RequestException as exc:  # the simulator stopped under it
            replies.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, replies


def test_the_held_call_is_answered_only_once_released_and_from_the_site_as_it_is_then(
    sim: Simulator,
) -> None:
    hold = sim.hold_call(2)
    call(sim, "core_webservice_get_site_info")  # the first call passes
    assert not hold.arrived
    thread, replies = in_thread(sim, "core_webservice_get_site_info")
    assert hold.wait(WAIT_S)
    # While it is held, other calls are answered, and the site can change under it.
    assert "sitename" in call(sim, "core_webservice_get_site_info").json()
    assert replies == []
    sim.set_maintenance(True)
    hold.release()
    thread.join(WAIT_S)
    assert len(replies) == 1
    assert replies[0]["errorcode"] == "sitemaintenance"  # type: ignore[index]


def test_a_hold_on_one_function_counts_only_that_function(sim: Simulator) -> None:
    hold = sim.hold_call(1, "core_enrol_get_users_courses")
    call(sim, "core_webservice_get_site_info")
    assert not hold.arrived
    thread, replies = in_thread(sim, "core_enrol_get_users_courses", userid=3)
    assert hold.wait(WAIT_S)
    hold.release()
    thread.join(WAIT_S)
    assert replies and isinstance(replies[0], list)


def test_stopping_the_simulator_releases_a_held_call() -> None:
    with serve_in_thread(capture_site(), clock=lambda: float(NOW)) as sim:
        hold = sim.hold_call(1)
        thread, replies = in_thread(sim, "core_webservice_get_site_info")
        assert hold.wait(WAIT_S)
    thread.join(WAIT_S)
    assert not thread.is_alive()
    assert len(replies) == 1


def test_calls_are_counted_from_one() -> None:
    with serve_in_thread(capture_site()) as sim, pytest.raises(ValueError, match="from 1"):
        sim.hold_call(0)

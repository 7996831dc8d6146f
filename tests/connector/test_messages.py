"""Moodle messages over payloads captured from real Moodle 4.5: refusals are per message."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import responses

from cpdsync.connector.messages import OutgoingMessage, send_messages
from cpdsync.connector.retry import NO_RETRY
from cpdsync.errors import MoodleRequestError, MoodleRetriableError
from tests.conftest import FixtureReader
from tests.connector.helpers import FakeMoodle, client

SEND = "core_message_send_instant_messages"


@pytest.fixture
def moodle() -> Iterator[FakeMoodle]:
    with responses.RequestsMock() as mock:
        yield FakeMoodle(mock)


def test_a_delivered_message_has_its_moodle_id_and_is_sent_as_plain_text(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(SEND, moodle_fixture.text(f"{SEND}__to_worker_admin.json"))
    message = OutgoingMessage(3, "Reminder: add a peer reflection.", clientmsgid="cpdsync-2")
    [result] = send_messages(client(), [message])
    assert result.sent and result.msgid == 2 and result.error is None
    assert result.message is message
    assert moodle.seen == [
        (
            SEND,
            {
                "messages[0][touserid]": "3",
                "messages[0][text]": "Reminder: add a peer reflection.",
                "messages[0][textformat]": "2",
                "messages[0][clientmsgid]": "cpdsync-2",
            },
        )
    ]


def test_a_refusal_by_message_preferences_is_that_messages_outcome_not_an_error(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(SEND, moodle_fixture.text(f"{SEND}__to_worker.json"))
    [result] = send_messages(client(), [OutgoingMessage(3, "hello", clientmsgid="cpdsync-1")])
    assert not result.sent
    assert result.error == (
        "You can't message this user due to their message preferences. "
        "Try adding them as a contact."
    )


def test_each_refused_recipient_gets_its_own_result_in_order(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(SEND, moodle_fixture.text(f"{SEND}__to_deleted_and_missing.json"))
    results = send_messages(client(), [OutgoingMessage(42, "hello"), OutgoingMessage(99999, "hi")])
    assert [(r.message.touserid, r.sent) for r in results] == [(42, False), (99999, False)]
    assert "user ID (99999) that doesn't exist" in (results[1].error or "")
    assert "messages[0][clientmsgid]" not in moodle.seen[0][1]


def test_messages_go_in_batches_with_results_in_the_order_given(moodle: FakeMoodle) -> None:
    def reply(params: dict[str, str]) -> str:
        count = sum(1 for key in params if key.endswith("[touserid]"))
        first = int(params["messages[0][touserid]"])
        return json.dumps([{"msgid": 1000 + first + i} for i in range(count)])

    moodle.on(SEND, reply)
    messages = [OutgoingMessage(uid, f"to {uid}") for uid in range(1, 8)]
    results = send_messages(client(), messages, batch_size=3)
    assert [len([k for k in p if k.endswith("[touserid]")]) for _, p in moodle.seen] == [3, 3, 1]
    assert [r.msgid for r in results] == [1001, 1002, 1003, 1004, 1005, 1006, 1007]


def test_a_reply_that_does_not_answer_each_message_is_an_error(moodle: FakeMoodle) -> None:
    moodle.on(SEND, json.dumps([{"msgid": 5}]))
    with pytest.raises(MoodleRequestError, match="1 item.*for 2 message"):
        send_messages(client(), [OutgoingMessage(3, "a"), OutgoingMessage(4, "b")])


def test_an_unavailable_moodle_is_not_retried_so_nothing_is_sent_twice(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    calls: list[int] = []

    def busy(params: dict[str, str]) -> str:
        calls.append(1)
        return json.dumps(
            {"exception": "moodle_exception", "errorcode": "sitemaintenance", "message": "x"}
        )

    moodle.on(SEND, busy)
    with pytest.raises(MoodleRetriableError):
        send_messages(client(retry=NO_RETRY), [OutgoingMessage(3, "a")])
    assert len(calls) == 1

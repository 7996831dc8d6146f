"""Moodle messages to workers through core_message_send_instant_messages.

Moodle answers HTTP 200 with one item per message, in the order sent: ``msgid`` > 0 when it
was delivered, ``msgid`` -1 and an ``errormessage`` when the recipient's message preferences,
a deleted account or a missing user refused it. A refusal is that message's outcome, not an
error of the call (tests/fixtures/moodle/core_message_send_instant_messages__*.json).

A message cannot be un-sent, so a call here must not be retried: pass a client built with
``retry=NO_RETRY`` (cpdsync.connector.retry), or a retried timeout could deliver it twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from cpdsync.connector.client import MoodleClient
from cpdsync.connector.limits import MESSAGES_BATCH_SIZE
from cpdsync.connector.replies import parse_reply
from cpdsync.errors import MoodleRequestError

WSFUNCTION = "core_message_send_instant_messages"
FORMAT_PLAIN = 2  # Moodle's FORMAT_PLAIN: the text is shown as written, never as HTML


@dataclass(frozen=True)
class OutgoingMessage:
    touserid: int  # the recipient's Moodle user id
    text: str
    clientmsgid: str | None = None  # letters, digits, - and _ only; echoed back by Moodle


@dataclass(frozen=True)
class MessageResult:
    """What Moodle did with one message: delivered (``msgid``) or refused (``error``)."""

    message: OutgoingMessage
    msgid: int | None
    error: str | None

    @property
    def sent(self) -> bool:
        return self.msgid is not None


class _Item(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    msgid: int
    errormessage: str = ""


def send_messages(
    client: MoodleClient,
    messages: Sequence[OutgoingMessage],
    *,
    batch_size: int = MESSAGES_BATCH_SIZE,
) -> list[MessageResult]:
    """Return one result per message, in order, sending ``batch_size`` per call; raise a
    cpdsync Moodle* error when a call as a whole fails (the messages of earlier batches
    were sent; those of the failing and later batches have no result)."""
    results: list[MessageResult] = []
    for start in range(0, len(messages), max(1, batch_size)):
        results += send_batch(client, messages[start : start + max(1, batch_size)])
    return results


def send_batch(client: MoodleClient, messages: Sequence[OutgoingMessage]) -> list[MessageResult]:
    """Return one result per message of one call; raise a cpdsync Moodle* error when the call
    fails or MoodleRequestError when the reply does not answer each message."""
    if not messages:
        return []
    payload = []
    for message in messages:
        item: dict[str, object] = {
            "touserid": message.touserid,
            "text": message.text,
            "textformat": FORMAT_PLAIN,
        }
        if message.clientmsgid:
            item["clientmsgid"] = message.clientmsgid
        payload.append(item)
    reply = parse_reply(list[_Item], client.call(WSFUNCTION, {"messages": payload}), WSFUNCTION)
    if len(reply) != len(messages):
        raise MoodleRequestError(
            f"Moodle answered {len(reply)} item(s) to {WSFUNCTION} for {len(messages)} "
            "message(s), so which were delivered is unknown; this Moodle version may differ "
            "from the ones cpdsync supports, please report it",
            wsfunction=WSFUNCTION,
        )
    return [
        MessageResult(message, item.msgid, None)
        if item.msgid > 0
        else MessageResult(message, None, item.errormessage or "Moodle did not deliver it")
        for message, item in zip(messages, reply, strict=True)
    ]

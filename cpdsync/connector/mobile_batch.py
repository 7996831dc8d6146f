"""Many calls of one web-service function in few requests, through
tool_mobile_call_external_functions (the Moodle app's batching function, in core since 3.7).

Each sub-call costs two POST variables (``requests[i][function]`` and ``requests[i][arguments]``,
the arguments JSON encoded), so a chunk of ``n`` sub-calls sends 2n + 3 variables: the chunk
sizes in ``limits`` keep that well under PHP's max_input_vars (MAX_POST_VARS). Moodle runs the
sub-calls in order and stops at the first that fails, leaving the rest unanswered: the failed
one is returned as its error when skippable and the rest are sent again; any other failure
stops the whole read, as it would unbatched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from cpdsync.connector.classify import error_for_code
from cpdsync.connector.client import MoodleClient, Outcome
from cpdsync.connector.needs import BATCH_FUNCTION
from cpdsync.connector.replies import BatchReply, parse_reply
from cpdsync.errors import CpdsyncError, MoodleRequestError, MoodleSkippableError

Params = Mapping[str, Any]


def call_batched(
    client: MoodleClient, wsfunction: str, params: Sequence[Params], *, chunk_size: int
) -> list[Outcome]:
    """Return, in order, each sub-call's decoded reply or the MoodleSkippableError it ended
    with, sending ``chunk_size`` sub-calls per request (max_in_flight requests at once); raise
    the Moodle* error of any failure that is not skippable."""
    results: list[Outcome] = [None] * len(params)
    pending = list(range(len(params)))
    size = max(1, chunk_size)
    while pending:
        chunks = [pending[i : i + size] for i in range(0, len(pending), size)]
        outcomes = client.call_many(
            [(BATCH_FUNCTION, _request(wsfunction, [params[i] for i in chunk])) for chunk in chunks]
        )
        pending = []
        for chunk, outcome in zip(chunks, outcomes, strict=True):
            if isinstance(outcome, CpdsyncError):
                raise outcome
            reply = parse_reply(BatchReply, outcome, BATCH_FUNCTION)
            pending.extend(_take(wsfunction, chunk, reply, results))
    return results


def call_all(
    client: MoodleClient,
    wsfunction: str,
    params: Sequence[Params],
    *,
    chunk_size: int | None,
) -> list[Outcome]:
    """Return each call's reply or error in order: batched ``chunk_size`` at a time when given
    (see ``call_batched``), else one request per call through ``client.call_many``."""
    if chunk_size is None:
        return client.call_many([(wsfunction, p) for p in params])
    return call_batched(client, wsfunction, params, chunk_size=chunk_size)


def _request(wsfunction: str, chunk: Sequence[Params]) -> dict[str, Any]:
    return {
        "requests": [
            {"function": wsfunction, "arguments": json.dumps(dict(arguments))}
            for arguments in chunk
        ]
    }


def _take(
    wsfunction: str, chunk: Sequence[int], reply: BatchReply, results: list[Outcome]
) -> list[int]:
    """Store the answered sub-calls' outcomes in ``results``; return the indexes to send again."""
    for position, (index, item) in enumerate(zip(chunk, reply.responses, strict=False)):
        if not item.error:
            try:
                results[index] = item.decoded_data()
            except ValueError:
                raise MoodleRequestError(
                    f"Moodle's reply to {BATCH_FUNCTION} held a {wsfunction} result that is "
                    "not JSON; please report it",
                    wsfunction=BATCH_FUNCTION,
                ) from None
            continue
        detail = item.decoded_exception()
        error = error_for_code(
            wsfunction, str(detail.get("errorcode") or "unknown"), detail.get("message")
        )
        if not isinstance(error, MoodleSkippableError):
            raise error
        results[index] = error
        return list(chunk[position + 1 :])
    answered = min(len(chunk), len(reply.responses))
    if answered == 0:
        raise MoodleRequestError(
            f"{BATCH_FUNCTION} answered none of {len(chunk)} {wsfunction} sub-calls without "
            "saying why; check the Moodle error log, or set sync.strategy = standard",
            wsfunction=BATCH_FUNCTION,
        )
    return list(chunk[answered:])

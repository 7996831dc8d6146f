"""Shared by the connector tests: a fixed fake token and a client that never sleeps."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl

import requests
import responses
from pydantic import SecretStr

from cpdsync.connector.client import MoodleClient
from cpdsync.connector.retry import RetryPolicy

URL = "https://moodle.example.test"
ENDPOINT = URL + "/webservice/rest/server.php"
# Shaped like a real token, so the token-like scrubbing is exercised as well as the exact one.
TOKEN = "5f2b9c0e7a1d4e3f8b6c2a9d0e1f3a4b"


class Sleeps:
    """Records the waits a retry policy asks for, instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def policy(sleeps: Sleeps, **overrides: float) -> RetryPolicy:
    return RetryPolicy(sleep=sleeps, jitter=lambda upper: 0.0, **overrides)  # type: ignore[arg-type]


def client(sleeps: Sleeps | None = None, **kwargs: object) -> MoodleClient:
    kwargs.setdefault("retry", policy(sleeps or Sleeps()))
    return MoodleClient(URL, SecretStr(TOKEN), **kwargs)  # type: ignore[arg-type]


class FakeMoodle:
    """Serves captured payloads by wsfunction through `responses`; records each call's params.

    ``on(wsfunction, reply)`` where reply is a fixture body or a function of the decoded
    form params returning one.
    """

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.handlers: dict[str, Callable[[dict[str, str]], str | bytes]] = {}
        self.seen: list[tuple[str, dict[str, str]]] = []
        mock.add_callback(responses.POST, ENDPOINT, callback=self._reply)

    def on(
        self, wsfunction: str, reply: str | bytes | Callable[[dict[str, str]], str | bytes]
    ) -> None:
        self.handlers[wsfunction] = reply if callable(reply) else (lambda params: reply)

    def _reply(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        raw = request.body
        text = raw.decode() if isinstance(raw, bytes) else str(raw)
        params = dict(parse_qsl(text, keep_blank_values=True))
        function = params.pop("wsfunction")
        params.pop("wstoken")
        params.pop("moodlewsrestformat")
        self.seen.append((function, params))
        body = self.handlers[function](params)
        return (
            200,
            {"Content-Type": "application/json"},
            body if isinstance(body, bytes) else body.encode(),
        )

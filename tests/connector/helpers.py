"""Shared by the connector tests: a fixed fake token and a client that never sleeps."""

from __future__ import annotations

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

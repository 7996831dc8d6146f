"""MoodleClient: POSTs to Moodle's REST endpoint, classified and retried, bounded in flight.

The token travels only in the POST body, never in a URL, log line or error message.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
from pydantic import SecretStr
from requests.adapters import HTTPAdapter

from cpdsync import __version__
from cpdsync.connector import limits
from cpdsync.connector.classify import classify_reply
from cpdsync.connector.encode import encode_request
from cpdsync.connector.retry import RetryPolicy, run_with_retries
from cpdsync.errors import CpdsyncError

ENDPOINT_PATH = "/webservice/rest/server.php"

# One call's outcome in call_many: the decoded reply, or the error it ended with.
Outcome = Any


class MoodleClient:
    """A client of one Moodle site's REST web services for one token."""

    def __init__(
        self,
        url: str,
        token: SecretStr,
        *,
        session: requests.Session | None = None,
        timeout_s: float = limits.READ_TIMEOUT_S,
        connect_timeout_s: float = limits.CONNECT_TIMEOUT_S,
        max_in_flight: int = limits.MAX_IN_FLIGHT,
        retry: RetryPolicy | None = None,
        max_vars: int = limits.MAX_POST_VARS,
    ) -> None:
        self.url = url.rstrip("/")
        self.endpoint = self.url + ENDPOINT_PATH
        self._token = token
        self.timeout = (min(connect_timeout_s, timeout_s), timeout_s)
        self.max_in_flight = max(1, max_in_flight)
        self.retry = retry or RetryPolicy()
        self.max_vars = max_vars
        self.calls: Counter[str] = Counter()
        self._calls_lock = threading.Lock()
        # Bounds requests in flight even when several threads share this client.
        self._slots = threading.BoundedSemaphore(self.max_in_flight)
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=1, pool_maxsize=self.max_in_flight)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        session.headers.setdefault("User-Agent", f"cpdsync/{__version__}")
        self.session = session

    def call(self, wsfunction: str, params: Mapping[str, Any] | None = None) -> Any:
        """Return the decoded JSON reply of ``wsfunction``; raise a cpdsync Moodle* error
        (after retries, for retriable failures) when Moodle cannot or will not answer."""
        return run_with_retries(self.retry, lambda: self._post(wsfunction, params or {}))

    def call_many(self, requests_: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Outcome]:
        """Return, in order, each call's reply or the CpdsyncError it ended with, running at
        most ``max_in_flight`` at once."""
        if not requests_:
            return []

        def one(item: tuple[str, Mapping[str, Any]]) -> Outcome:
            try:
                return self.call(*item)
            except CpdsyncError as exc:
                return exc

        if self.max_in_flight == 1 or len(requests_) == 1:
            return [one(item) for item in requests_]
        with ThreadPoolExecutor(max_workers=min(self.max_in_flight, len(requests_))) as pool:
            return list(pool.map(one, requests_))

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> MoodleClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _post(self, wsfunction: str, params: Mapping[str, Any]) -> Any:
        token = self._token.get_secret_value()
        body = encode_request(token, wsfunction, params, max_vars=self.max_vars)
        with self._calls_lock:
            self.calls[wsfunction] += 1
        with self._slots:
            try:
                response = self.session.post(
                    self.endpoint, data=body, timeout=self.timeout, allow_redirects=False
                )
            except requests.RequestException as exc:
                # Always raises: a transport failure becomes a cpdsync error here.
                return classify_reply(wsfunction, url=self.url, failure=exc, token=token)
        try:
            return classify_reply(wsfunction, url=self.url, response=response, token=token)
        finally:
            response.close()

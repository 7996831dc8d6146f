"""The simulator's HTTP side: Moodle's REST endpoint on loopback, with latency and faults.

``serve_in_thread`` runs one in the background for tests and benchmarks; ``Simulator.serve``
runs one in the foreground for ``cpdsync simulator serve``. Requests are never logged: a GET
request carries the token in its query string.
"""

from __future__ import annotations

import errno
import json
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from cpdsync.errors import UsageError
from cpdsync.simulator import shapes as r
from cpdsync.simulator import wire
from cpdsync.simulator.dataset import Dataset, SiteIndex
from cpdsync.simulator.dispatch import (
    HANDLERS,
    OTHER_MOODLE_FUNCTIONS,
    default_service,
    dispatch,
)
from cpdsync.simulator.faults import Fault, FaultPlan
from cpdsync.simulator.holds import CallHold, HoldBoard
from cpdsync.simulator.params import decode_php_form
from cpdsync.simulator.site_state import DEFAULT_CAPABILITIES, KNOWN_CAPABILITIES, State

DEFAULT_TOKEN = "cpdsync-simulator-local-token"  # noqa: S105 - documented loopback-only token
SERVER_PATH = "/webservice/rest/server.php"
STATS_PATH = "/_simulator/stats"
DEFAULT_SLOW_S = 35.0  # past the default client timeout (moodle.timeout_s = 30)
RETRY_AFTER_S = 300

Reply = tuple[int, dict[str, str], bytes]


class Simulator:
    """One simulated Moodle site bound to a port; see the module docstring."""

    def __init__(
        self,
        dataset: Dataset,
        *,
        token: str = DEFAULT_TOKEN,
        functions: Iterable[str] | None = None,
        latency_ms: int = 0,
        fault_rate: float = 0.0,
        seed: int = 0,
        host: str = "127.0.0.1",
        port: int = 0,
        capabilities: Iterable[str] = DEFAULT_CAPABILITIES,
        refuse_messages: bool = False,
        slow_s: float = DEFAULT_SLOW_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        service = _service(functions)
        caps = frozenset(capabilities)
        unknown = sorted(caps - KNOWN_CAPABILITIES)
        if unknown:
            raise UsageError(
                f"unknown capability {', '.join(unknown)}; the simulator knows "
                + ", ".join(sorted(KNOWN_CAPABILITIES))
            )
        if not 0.0 <= fault_rate <= 1.0:
            raise UsageError(f"--fault-rate must be between 0 and 1, not {fault_rate}")
        if latency_ms < 0:
            raise UsageError(f"--latency-ms must not be negative, not {latency_ms}")
        self.token = token
        self.latency_s = latency_ms / 1000
        self.slow_s = slow_s
        self.faults = FaultPlan(fault_rate, seed)
        self.holds = HoldBoard()
        self._site = SiteIndex.build(dataset)
        self.state = State(
            functions=service, capabilities=caps, refuse_messages=refuse_messages, clock=clock
        )
        try:
            self._server = _Server((host, port), _Handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(
                    f"port {port} on {host} is already in use; choose another with --port "
                    "(or --port 0 for any free port) or stop the program using it"
                ) from None
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        self._server.simulator = self
        self.url = f"http://{host}:{self._server.server_address[1]}"
        self.state.site_url = self.url
        self._thread: threading.Thread | None = None

    # -- control, for tests and benchmarks ------------------------------------------------

    @property
    def dataset(self) -> Dataset:
        return self._site.data

    def replace_dataset(self, dataset: Dataset) -> None:
        """Serve ``dataset`` from the next request on (e.g. a completion added or removed)."""
        self._site = SiteIndex.build(dataset)

    def stats(self) -> dict[str, int]:
        """Return the HTTP calls answered so far, by wsfunction."""
        with self.state.lock:
            return dict(self.state.calls)

    def reset_stats(self) -> None:
        with self.state.lock:
            self.state.calls.clear()
            self.state.batched.clear()
            self.state.faults.clear()

    def set_maintenance(self, on: bool) -> None:
        """Switch Moodle's site maintenance mode (every call answers ``sitemaintenance``)."""
        self.state.maintenance = on

    def set_fault_rate(self, rate: float) -> None:
        self.faults.set_rate(rate)

    def hold_call(self, number: int, wsfunction: str | None = None) -> CallHold:
        """Hold the ``number``-th request from now (of ``wsfunction``, or of any) unanswered
        until the returned hold is released; see cpdsync/simulator/holds.py."""
        return self.holds.add(number, wsfunction)

    @property
    def messages(self) -> list[dict[str, object]]:
        """Return the messages delivered so far."""
        with self.state.lock:
            return list(self.state.sent_messages)

    # -- running --------------------------------------------------------------------------

    def start(self) -> None:
        # A short poll keeps stop() quick: tests start and stop many simulators.
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="moodle-simulator",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        self.holds.release_all()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()

    def report(self) -> dict[str, Any]:
        """Return the call counts as /_simulator/stats shows them."""
        with self.state.lock:
            calls = dict(self.state.calls)
            return {
                "calls": calls,
                "total": sum(calls.values()),
                "batched": dict(self.state.batched),
                "faults": dict(self.state.faults),
            }

    # -- answering ------------------------------------------------------------------------

    def answer(self, method: str, target: str, body: bytes) -> tuple[Reply, float]:
        """Return the reply to one request and how long to wait before sending it."""
        url = urlsplit(target)
        if url.path == STATS_PATH and method == "GET":
            return (200, {"Content-type": "application/json"}, _json(self.report())), 0.0
        if url.path != SERVER_PATH:
            return (
                404,
                {"Content-Type": "text/html; charset=UTF-8"},
                wire.not_found_page(url.path),
            ), 0.0
        pairs = parse_qsl(url.query, keep_blank_values=True)
        if method == "POST":
            pairs += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        form = decode_php_form(pairs)
        wsfunction = form.pop("wsfunction", None)
        name = wsfunction if isinstance(wsfunction, str) else "(none)"
        self.state.count(name)
        for hold in self.holds.match(name):
            hold.block()
        delay = self.latency_s
        fault = self.faults.draw()
        if fault is not None:
            with self.state.lock:
                self.state.faults[fault.value] += 1
            if fault is Fault.SLOW:
                delay += self.slow_s
            elif fault is Fault.UNAVAILABLE:
                return self._unavailable(), delay
            elif fault is Fault.HTML:
                return (200, {"Content-type": wire.HTML_TYPE}, wire.error_page()), delay
        reply = self._call(form, wsfunction, maintenance=fault is Fault.MAINTENANCE)
        if fault is Fault.TRUNCATED:
            status, headers, payload = reply
            reply = (status, headers, payload[: max(1, len(payload) // 2)])
        return reply, delay

    def _unavailable(self) -> Reply:
        headers = {
            "Status": "503 Moodle under maintenance",
            "Retry-After": str(RETRY_AFTER_S),
            "Content-type": wire.HTML_TYPE,
        }
        return 503, headers, wire.maintenance_page(self._site.data.site.sitename)

    def _call(self, form: dict[str, Any], wsfunction: Any, *, maintenance: bool) -> Reply:
        as_json = form.pop("moodlewsrestformat", "xml") == "json"
        token = form.pop("wstoken", None)
        site = self._site
        try:
            if not isinstance(token, str) or token != self.token:
                raise r.invalid_token()
            if maintenance or self.state.maintenance:
                raise r.site_maintenance()
            if not isinstance(wsfunction, str) or not wsfunction:
                raise r.invalid_parameter()
            result = dispatch(site, self.state, wsfunction, form)
        except r.WsError as exc:
            if as_json:
                return 200, dict(wire.JSON_HEADERS), _json(exc.body())
            return (
                200,
                {"Content-type": wire.XML_TYPE},
                wire.xml_exception(exc.exception, exc.errorcode, exc.message),
            )
        if as_json:
            return 200, dict(wire.JSON_HEADERS), _json(result)
        return 200, {"Content-type": wire.XML_TYPE}, wire.xml_reply(result)


def _json(value: Any) -> bytes:
    return wire.php_json_bytes(value)


def _service(functions: Iterable[str] | None) -> tuple[str, ...]:
    if functions is None:
        return default_service()
    service = tuple(dict.fromkeys(f.strip() for f in functions if f.strip()))
    unknown = [f for f in service if f not in HANDLERS and f not in OTHER_MOODLE_FUNCTIONS]
    if unknown:
        raise UsageError(
            f"the simulator does not know {', '.join(unknown)}; it serves " + ", ".join(HANDLERS)
        )
    return service


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # a second simulator on the same port must fail clearly
    simulator: Simulator


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, the body waits for the client's
    # delayed ACK (~40 ms) on every keep-alive reply, which swamped the simulated latency.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._respond("GET", b"")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self._respond("POST", self.rfile.read(length) if length else b"")

    def _respond(self, method: str, body: bytes) -> None:
        (status, headers, payload), delay = self.server.simulator.answer(method, self.path, body)
        if delay > 0:
            time.sleep(delay)
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (e.g. its timeout passed)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return  # never log requests: a GET query string holds the token


@contextmanager
def serve_in_thread(
    dataset: Dataset,
    *,
    token: str = DEFAULT_TOKEN,
    functions: Iterable[str] | None = None,
    latency_ms: int = 0,
    fault_rate: float = 0.0,
    seed: int = 0,
    port: int = 0,
    **options: Any,
) -> Iterator[Simulator]:
    """Yield a running simulator of ``dataset`` on loopback; stop it on exit.

    ``options`` are passed to Simulator (``capabilities``, ``refuse_messages``, ``slow_s``,
    ``clock``). Raise UsageError when the port is in use or an option is invalid.
    """
    sim = Simulator(
        dataset,
        token=token,
        functions=functions,
        latency_ms=latency_ms,
        fault_rate=fault_rate,
        seed=seed,
        port=port,
        **options,
    )
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


def dump_stats(sim: Simulator) -> str:
    """Return the call counts as one JSON line, for stderr at shutdown."""
    return json.dumps(sim.report(), sort_keys=True)


def serve_until_stopped(sim: Simulator) -> dict[str, Any]:
    """Serve until SIGINT or SIGTERM, stop cleanly and return the final call counts."""
    stop = threading.Event()

    def _on_signal(signum: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    sim.start()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        sim.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return sim.report()

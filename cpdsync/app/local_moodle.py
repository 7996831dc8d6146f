"""`cpdsync simulator serve|generate`: a local Moodle for demos, tests and benchmarks, and the
sample councils it serves."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpdsync.moodle_token import TOKEN_ENV
from cpdsync.simulator import DEFAULT_TOKEN, Simulator, load_dataset, load_sample_council
from cpdsync.simulator.generate import generate, write
from cpdsync.simulator.server import serve_until_stopped
from cpdsync.simulator.site_state import DEFAULT_CAPABILITIES, OPTIONAL_CAPABILITIES

# What a command may offer: the fixed local token, and the capabilities one may grant or revoke.
LOCAL_TOKEN = DEFAULT_TOKEN
GRANTABLE = tuple(sorted(OPTIONAL_CAPABILITIES))
REVOCABLE = tuple(sorted(DEFAULT_CAPABILITIES))


@dataclass(frozen=True)
class ServeOptions:
    dataset: Path | None  # None: the packaged sample council
    host: str
    port: int
    token: str | None  # None: $CPDSYNC_MOODLE_TOKEN, else LOCAL_TOKEN
    functions: list[str] | None  # None: every core function served
    latency_ms: int
    fault_rate: float
    seed: int
    grant: tuple[str, ...]
    refuse_messages: bool
    revoke: tuple[str, ...] = ()


@dataclass(frozen=True)
class Listening:
    """Where the simulator listens and what it serves."""

    url: str
    workers: int
    courses: int
    token_source: str  # where the token came from, never the token


@dataclass(frozen=True)
class GeneratedCouncil:
    output: Path
    bytes: int
    workers: int
    courses: int
    enrolments: int
    completions: int

    def as_json(self) -> dict[str, Any]:
        return {
            "output": str(self.output),
            "bytes": self.bytes,
            "workers": self.workers,
            "courses": self.courses,
            "enrolments": self.enrolments,
            "completions": self.completions,
        }


def serve_simulator(
    options: ServeOptions, *, on_listening: Callable[[Listening], None]
) -> dict[str, Any]:
    """Serve Moodle's web services from the dataset until SIGINT or SIGTERM, calling
    ``on_listening`` once the address is bound; return the call counts per function."""
    data = load_dataset(options.dataset) if options.dataset else load_sample_council()
    token, token_source = options.token, "--token"
    if token is None:
        token, token_source = os.environ.get(TOKEN_ENV, "").strip() or None, f"${TOKEN_ENV}"
    if token is None:
        token, token_source = LOCAL_TOKEN, "the fixed local default"
    sim = Simulator(
        data,
        token=token,
        functions=options.functions,
        latency_ms=options.latency_ms,
        fault_rate=options.fault_rate,
        seed=options.seed,
        host=options.host,
        port=options.port,
        capabilities=(DEFAULT_CAPABILITIES | set(options.grant)) - set(options.revoke),
        refuse_messages=options.refuse_messages,
    )
    on_listening(Listening(sim.url, len(data.users), len(data.courses), token_source))
    return serve_until_stopped(sim)


def generate_council(
    output: Path, *, workers: int, courses: int, years: int, seed: int, as_of: dt.date | None
) -> GeneratedCouncil:
    """Write a reproducible council of ``workers`` and ``courses`` to ``output``; raise
    UsageError for a size out of range or a file that cannot be written."""
    data = generate(workers=workers, courses=courses, years=years, seed=seed, as_of=as_of)
    size = write(data, output)
    return GeneratedCouncil(
        output,
        size,
        len(data.users),
        len(data.courses),
        len(data.enrolments),
        len(data.completions),
    )

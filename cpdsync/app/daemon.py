"""`cpdsync daemon`: a sync every interval, with the mappings re-read before each run."""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from datetime import date

import requests

from cpdsync.app.council_frameworks import mappings_in_use
from cpdsync.app.log_setup import LogFormat, configure_logging
from cpdsync.app.remind import send_reminders
from cpdsync.app.scheduler import LoopState, run_loop, stop_on_signals
from cpdsync.app.sync import run_sync
from cpdsync.config import Settings, parse_interval
from cpdsync.errors import CpdsyncError, InputFileError
from cpdsync.mappings import MappingSet
from cpdsync.render.progress import LogPhases
from cpdsync.render.run_summary import one_line, warning_line
from cpdsync.timeutil import uk_today

log = logging.getLogger("cpdsync.daemon")


class _Mappings:
    """The mappings in use: re-read before each run, the last valid set kept if they break."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings.config.mappings
        self.current: MappingSet = mappings_in_use(self.settings)

    def refresh(self) -> MappingSet:
        try:
            self.current = mappings_in_use(self.settings)
        except InputFileError as exc:
            log.error(
                "the mapping files became invalid; this run keeps the last valid mappings "
                "until they are fixed (check with `cpdsync mappings validate`): %s",
                exc.message,
            )
        return self.current


def _today_uk() -> date:
    return uk_today()


def remind(
    settings: Settings,
    mappings: MappingSet,
    http_session: requests.Session | None,
    today: Callable[[], date] = _today_uk,
) -> None:
    """Send the reminders due today after a successful sync and log the outcome; a failure is
    logged, never raised, so reminders never stop the syncs."""
    try:
        sent = send_reminders(
            settings,
            as_of=today(),
            dry_run=False,
            mappings=mappings,
            http_session=http_session,
        )
    except CpdsyncError as exc:
        log.error("reminders not sent: %s", exc.message)
        return
    if sent.messages or sent.unconfirmed:
        log.info(
            "reminders (%s, threshold %s): %d sent, %d refused, %d with delivery unknown; "
            "%d earlier left unconfirmed",
            sent.registration_year,
            sent.threshold,
            sent.count("sent"),
            sent.count("refused"),
            sent.count("unconfirmed"),
            len(sent.unconfirmed),
        )


def serve(
    settings: Settings,
    *,
    stop: threading.Event,
    max_runs: int | None = None,
    http_session: requests.Session | None = None,
    rng: random.Random | None = None,
    today: Callable[[], date] = _today_uk,
) -> LoopState:
    """Sync every sync.interval until ``stop`` is set; raise ConfigError or InputFileError
    before the first run when the configuration or the mappings are invalid."""
    settings.require_moodle()
    interval = parse_interval(settings.config.sync.interval)
    mappings = _Mappings(settings)
    log.info(
        "cpdsync daemon started: syncing %s every %s",
        settings.config.moodle.url,
        settings.config.sync.interval,
    )

    def run_once() -> bool:
        run = run_sync(
            settings,
            mappings=mappings.refresh(),
            http_session=http_session,
            progress=LogPhases(),
        ).record
        log.info(
            "%s",
            one_line(run),
            extra={"run_id": run.id, "outcome": run.outcome, "counts": run.counts.as_json()},
        )
        for warning in run.warnings:
            log.warning("run %s: %s", run.id, warning_line(warning))
        ok = run.outcome != "failed"
        if ok and settings.config.notify.moodle_messages:
            remind(settings, mappings.current, http_session, today)
        return ok

    return run_loop(
        run_once,
        interval_s=interval.total_seconds(),
        stop=stop,
        rng=rng,
        max_runs=max_runs,
    )


def serve_until_signalled(settings: Settings, *, log_format: LogFormat) -> LoopState:
    """Log to stderr in ``log_format`` and sync every sync.interval until SIGTERM or SIGINT,
    letting the run in progress finish and commit first."""
    configure_logging(log_format)
    stop = threading.Event()
    with stop_on_signals(stop):
        return serve(settings, stop=stop)

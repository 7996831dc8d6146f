"""One measured step, run in its own process so its peak memory (RSS) is its own.

    python benchmarks/measure.py sync --config FILE [--full]
    python benchmarks/measure.py naive --url URL --sample N
    python benchmarks/measure.py readiness --config FILE

Prints one JSON object on stdout: wall time, peak RSS, HTTP calls by web-service function and
what the step found. The token comes from $CPDSYNC_MOODLE_TOKEN (set by run.py).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from cpdsync.app.rules import packaged_rules
from cpdsync.config import load_settings
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.site_reads import get_courses, get_site


def peak_rss_mb() -> float:
    """Return this process's peak resident set size in MB (10^6 bytes; Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def measure_sync(config: Path, full: bool) -> dict[str, Any]:
    from cpdsync.app.sync import run_sync

    settings = load_settings(config)
    started = time.perf_counter()
    report = run_sync(settings, full=full)
    wall = time.perf_counter() - started
    return {
        "wall_s": round(wall, 2),
        "calls": report.calls,
        "outcome": report.outcome,
        "strategy": report.strategy,
        "counts": report.counts,
        "warnings": len(report.warnings),
    }


def measure_naive(url: str, sample: int) -> dict[str, Any]:
    """The approach cpdsync replaces: list every course's enrolments, then one completion
    status call per enrolment, one at a time. Only ``sample`` status calls are made (0: all);
    the rest are counted, so calls are exact and their time is extrapolated per call."""
    token = SecretStr(os.environ["CPDSYNC_MOODLE_TOKEN"])
    client = MoodleClient(url, token, max_in_flight=1)
    started = time.perf_counter()
    get_site(client)
    enrolments: list[tuple[int, int]] = []
    for course in get_courses(client):
        if course.enablecompletion is False:
            continue
        offset = 0
        while True:
            page = client.call(
                "core_enrol_get_enrolled_users",
                {
                    "courseid": course.id,
                    "options": [
                        {"name": "userfields", "value": "id"},
                        {"name": "limitfrom", "value": offset},
                        {"name": "limitnumber", "value": 200},
                    ],
                },
            )
            enrolments += [(int(user["id"]), course.id) for user in page]
            if len(page) < 200:
                break
            offset += 200
    listing_s = time.perf_counter() - started
    listing_calls = sum(client.calls.values())
    todo = enrolments if sample <= 0 else enrolments[:sample]
    status_started = time.perf_counter()
    skipped = 0
    for userid, courseid in todo:
        try:
            client.call(
                "core_completion_get_course_completion_status",
                {"courseid": courseid, "userid": userid},
            )
        except Exception:  # noqa: BLE001 - a refused pair still cost its call
            skipped += 1
    status_s = time.perf_counter() - status_started
    per_call = status_s / len(todo) if todo else 0.0
    return {
        "wall_s": round(listing_s + status_s, 2),
        "calls": dict(client.calls),
        "enrolments": len(enrolments),
        "status_calls_made": len(todo),
        "status_calls_refused": skipped,
        "listing_calls": listing_calls,
        "listing_s": round(listing_s, 2),
        "status_s_per_call": round(per_call, 4),
        "extrapolated_calls": listing_calls + len(enrolments),
        "extrapolated_wall_s": round(listing_s + per_call * len(enrolments), 1),
    }


def measure_readiness(config: Path) -> dict[str, Any]:
    """Build every worker's readiness from the database, as `cpdsync readiness` does."""
    from datetime import date

    from cpdsync.app.readiness_inputs import course_offers, readiness_inputs
    from cpdsync.mappings import load_frameworks, load_mappings
    from cpdsync.readiness.engine import assess
    from cpdsync.records.db import open_database

    settings = load_settings(config)
    mappings = load_mappings(settings.config.mappings.paths)
    frameworks = {
        fid: [item.id for item in framework.items] for fid, framework in load_frameworks().items()
    }
    started = time.perf_counter()
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            inputs = readiness_inputs(session, mappings=mappings)
            offers = course_offers(session, mappings)
            report = assess(
                inputs,
                mappings=mappings,
                offers=offers,
                frameworks=frameworks,
                as_of=date.today(),
                rules=packaged_rules(),
            )
    finally:
        database.close()
    wall = time.perf_counter() - started
    statuses: dict[str, int] = {}
    for worker in report.workers:
        status = str(getattr(worker.status, "value", worker.status))
        statuses[status] = statuses.get(status, 0) + 1
    return {"wall_s": round(wall, 2), "workers": len(report.workers), "statuses": statuses}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="step", required=True)
    sync = sub.add_parser("sync")
    sync.add_argument("--config", type=Path, required=True)
    sync.add_argument("--full", action="store_true")
    naive = sub.add_parser("naive")
    naive.add_argument("--url", required=True)
    naive.add_argument("--sample", type=int, default=0)
    ready = sub.add_parser("readiness")
    ready.add_argument("--config", type=Path, required=True)
    args = parser.parse_args(argv)
    steps: dict[str, Callable[[], dict[str, Any]]] = {
        "sync": lambda: measure_sync(args.config, args.full),
        "naive": lambda: measure_naive(args.url, args.sample),
        "readiness": lambda: measure_readiness(args.config),
    }
    result = steps[args.step]()
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

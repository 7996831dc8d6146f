"""`make bench`: cpdsync against a simulated council at 20 ms per call.

For each completion strategy: a full sync, an incremental sync with no changes and one with 1%
new completions, each in its own process (so its peak RSS is its own), each into a fresh SQLite
database per strategy; then the readiness of every worker. The naive approach (one status call
per enrolment, one at a time) is measured at the same size on a sample of its status calls and
extrapolated per call (its call count is exact). Writes benchmarks/results/bench.json and
bench.md, and prints the table.

    .venv/bin/python benchmarks/run.py [--workers 2000] [--courses 300] [--latency-ms 20]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from council import make_council, with_new_completions
from tables import render_markdown, targets

from cpdsync.simulator import serve_in_thread
from cpdsync.simulator.dispatch import HANDLERS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
MAPPINGS = ROOT / "examples" / "mappings"
STRATEGIES = ("standard", "batched", "plugin")
NEW_SHARE = 0.01
NAIVE_SAMPLE = 300  # status calls the naive run makes for real; the rest are extrapolated


def machine() -> dict[str, Any]:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": model,
        "cpus": os.cpu_count(),
        "memory_gib": memory_gib,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def step(args: list[str], token: str) -> dict[str, Any]:
    """Run one measure.py step in a child process and return what it printed."""
    env = dict(os.environ, CPDSYNC_MOODLE_TOKEN=token)
    done = subprocess.run(
        [sys.executable, str(HERE / "measure.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"benchmark step {args[0]} failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def write_config(folder: Path, url: str, strategy: str, max_in_flight: int) -> Path:
    path = folder / "cpdsync.toml"
    path.write_text(
        f'[moodle]\nurl = "{url}"\nmax_in_flight = {max_in_flight}\n'
        f'[database]\nurl = "sqlite:///{folder / "cpdsync.db"}"\n'
        f'[mappings]\npaths = ["{MAPPINGS}"]\n'
        f'[sync]\nstrategy = "{strategy}"\n',
        encoding="utf-8",
    )
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="cpdsync council-scale benchmark")
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--courses", type=int, default=300)
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--max-in-flight", type=int, default=4)
    parser.add_argument("--strategies", default=",".join(STRATEGIES))
    parser.add_argument("--naive-sample", type=int, default=NAIVE_SAMPLE)
    args = parser.parse_args(argv)
    began = time.perf_counter()

    base = make_council(args.workers, args.courses)
    grown, added = with_new_completions(base, NEW_SHARE)
    print(
        f"council: {len(base.users)} workers, {len(base.courses)} courses, "
        f"{len(base.enrolments)} enrolments, {len(base.completions)} completions "
        f"(+{added} new for the 1% step); {args.latency_ms} ms per call, "
        f"max_in_flight {args.max_in_flight}",
        flush=True,
    )
    results: dict[str, Any] = {
        "machine": machine(),
        "council": {
            "workers": len(base.users),
            "courses": len(base.courses),
            "enrolments": len(base.enrolments),
            "completions": len(base.completions),
            "new_completions": added,
            "years": 3,
        },
        "latency_ms": args.latency_ms,
        "max_in_flight": args.max_in_flight,
        "strategies": {},
    }
    every_function = tuple(HANDLERS)  # the plugin's functions included
    with (
        serve_in_thread(base, functions=every_function, latency_ms=args.latency_ms) as sim,
        tempfile.TemporaryDirectory(prefix="cpdsync-bench-") as tmp,
    ):
        for strategy in args.strategies.split(","):
            folder = Path(tmp) / strategy
            folder.mkdir()
            config = write_config(folder, sim.url, strategy, args.max_in_flight)
            sim.replace_dataset(base)
            measured: dict[str, Any] = {}
            for name, extra in (("full", ["--full"]), ("incremental", []), ("new_1pct", [])):
                if name == "new_1pct":
                    sim.replace_dataset(grown)
                measured[name] = step(["sync", "--config", str(config), *extra], sim.token)
                measured[name]["db_mb"] = round((folder / "cpdsync.db").stat().st_size / 1e6, 1)
                print(f"  {strategy:9} {name:12} {_brief(measured[name])}", flush=True)
            measured["readiness"] = step(["readiness", "--config", str(config)], sim.token)
            print(f"  {strategy:9} readiness    {_brief(measured['readiness'])}", flush=True)
            results["strategies"][strategy] = measured
        sim.replace_dataset(base)
        naive = step(["naive", "--url", sim.url, "--sample", str(args.naive_sample)], sim.token)
        print(f"  naive     listing+sample {_brief(naive)}", flush=True)
        results["naive"] = naive
    results["targets"] = targets(results)
    results["bench_wall_s"] = round(time.perf_counter() - began, 1)

    RESULTS.mkdir(exist_ok=True)
    table = render_markdown(results)
    (RESULTS / "bench.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "bench.md").write_text(table, encoding="utf-8")
    print()
    print(table)
    print(f"written: {RESULTS / 'bench.json'} and bench.md ({results['bench_wall_s']} s)")
    return 0


def _brief(result: dict[str, Any]) -> str:
    calls = sum(result.get("calls", {}).values())
    return f"{calls} calls, {result.get('wall_s')} s, {result.get('peak_rss_mb')} MB"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

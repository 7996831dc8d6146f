"""The benchmark's verdicts on its targets, and its markdown table."""

from __future__ import annotations

from typing import Any

# Calls every strategy makes to learn the site, its courses and its workers; the rest are the
# completion strategy's own.
READ_FUNCTIONS = frozenset(
    {
        "core_webservice_get_site_info",
        "core_course_get_categories",
        "core_course_get_courses_by_field",
        "core_enrol_get_enrolled_users",
        "core_user_get_users_by_field",
    }
)
STEPS = (("full", "full sync"), ("incremental", "incremental, no changes"), ("new_1pct", "+1% new"))
NAIVE_TARGET_RATIO = 50
PLUGIN_MAX_CALLS = 3
FULL_RSS_MAX_MB = 300.0


def total(calls: dict[str, int]) -> int:
    return sum(calls.values())


def completion_calls(calls: dict[str, int]) -> int:
    return sum(n for name, n in calls.items() if name not in READ_FUNCTIONS)


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Return each target with the figure measured and whether it was met."""
    naive_calls = results["naive"]["extrapolated_calls"]
    out: list[dict[str, Any]] = []
    for strategy, measured in results["strategies"].items():
        calls = measured["incremental"]["calls"]
        if strategy == "plugin":
            out.append(
                {
                    "target": f"plugin: incremental sync with no changes in at most "
                    f"{PLUGIN_MAX_CALLS} calls",
                    "measured": f"{total(calls)} calls, {completion_calls(calls)} of them "
                    "completion calls",
                    "met": total(calls) <= PLUGIN_MAX_CALLS,
                }
            )
        else:
            ratio = naive_calls / max(1, total(calls))
            out.append(
                {
                    "target": f"{strategy}: incremental sync with no changes at least "
                    f"{NAIVE_TARGET_RATIO}x fewer calls than naive",
                    "measured": f"{ratio:.1f}x ({total(calls)} vs {naive_calls})",
                    "met": ratio >= NAIVE_TARGET_RATIO,
                }
            )
        rss = measured["full"]["peak_rss_mb"]
        out.append(
            {
                "target": f"{strategy}: full sync peak RSS under {FULL_RSS_MAX_MB:.0f} MB",
                "measured": f"{rss} MB",
                "met": rss < FULL_RSS_MAX_MB,
            }
        )
    return out


def render_markdown(results: dict[str, Any]) -> str:
    """Return the results as markdown: the main table, calls by function, targets."""
    c = results["council"]
    m = results["machine"]
    naive = results["naive"]
    naive_calls = naive["extrapolated_calls"]
    naive_s = naive["extrapolated_wall_s"]
    lines = [
        f"Council: {c['workers']} workers, {c['courses']} courses, {c['enrolments']} enrolments, "
        f"{c['completions']} completions over {c['years']} years (+{c['new_completions']} new). "
        f"Simulator latency {results['latency_ms']} ms per call; max_in_flight "
        f"{results['max_in_flight']}. Machine: {m['cpu']}, {m['cpus']} CPUs, "
        f"{m['memory_gib']} GiB, {m['os']}, Python {m['python']}.",
        "",
        "| strategy | step | HTTP calls | completion calls | wall s | peak RSS MB | DB MB "
        "| naive/this (calls) | naive/this (time) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for strategy, measured in results["strategies"].items():
        for key, label in STEPS:
            r = measured[key]
            n = total(r["calls"])
            lines.append(
                f"| {strategy} | {label} | {n} | {completion_calls(r['calls'])} | {r['wall_s']} "
                f"| {r['peak_rss_mb']} | {r['db_mb']} | {naive_calls / max(1, n):.1f}x "
                f"| {naive_s / max(0.01, r['wall_s']):.1f}x |"
            )
        ready = measured["readiness"]
        lines.append(
            f"| {strategy} | readiness, {ready.get('workers')} workers | 0 | 0 | {ready['wall_s']} "
            f"| {ready['peak_rss_mb']} | | | |"
        )
    lines.append(
        f"| naive | every enrolment, one at a time | {naive_calls} | {naive['enrolments']} "
        f"| {naive_s} (extrapolated) | {naive['peak_rss_mb']} | | 1.0x | 1.0x |"
    )
    lines += [
        "",
        f"Naive: {naive['listing_calls']} listing calls made in {naive['listing_s']} s, then "
        f"{naive['status_calls_made']} of {naive['enrolments']} status calls made at "
        f"{naive['status_s_per_call'] * 1000:.1f} ms each; its time is extrapolated per call, "
        "its call count is exact.",
        "",
        "Calls by function:",
        "",
        "| strategy | step | calls by web-service function |",
        "| --- | --- | --- |",
    ]
    for strategy, measured in results["strategies"].items():
        for key, label in STEPS:
            calls = measured[key]["calls"]
            text = ", ".join(f"{name} {n}" for name, n in sorted(calls.items()))
            lines.append(f"| {strategy} | {label} | {text} |")
    lines += ["", "Targets:", ""]
    for item in results["targets"]:
        mark = "met" if item["met"] else "MISSED"
        lines.append(f"- {mark}: {item['target']} — {item['measured']}")
    return "\n".join(lines) + "\n"

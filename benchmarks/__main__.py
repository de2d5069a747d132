"""make bench: run every benchmark, print a table of figures against targets, write
bench-results/results.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import (
    catalogue,
    cli_help,
    daily_vs_script,
    fleet,
    memory,
    profiles,
    rank_process,
    rank_throughput,
    sandbox_search,
)

BENCHES = {
    "sandbox_search": sandbox_search.run,
    "rank_throughput": rank_throughput.run,
    "daily_vs_script": daily_vs_script.run,
    "catalogue": catalogue.run,
    "memory": memory.run,
    "rank_process": rank_process.run,
    "cli_help": cli_help.run,
    "fleet": fleet.run,
    "profiles": profiles.run,
}


def rows(r: dict) -> list[tuple[str, str, str, bool]]:
    """(figure, value, target, met) lines for one benchmark's result."""
    n = r["name"]
    if n == "sandbox_search_page":
        return [
            ("sandbox search page, 5,000 products (median)", f"{r['median_ms']} ms", "< 50 ms", r["median_ms"] < 50)
        ]
    if n == "rank_throughput":
        best = r[f"agent_{r['best']}_pages_per_s"]
        return [
            ("rank collection keyword-pages/s", f"{best}", ">= 20", best >= 20),
            ("rank collection vs browser per keyword", f"{r['ratio']}x", ">= 10x", r["ratio"] >= 10),
            (
                "rank requests per keyword (agent vs baseline)",
                f"{r['requests_per_keyword_agent']} vs {r['requests_per_keyword_baseline']}",
                "minimal",
                r["requests_per_keyword_agent"] <= r["requests_per_keyword_baseline"],
            ),
        ]
    if n == "daily_vs_script":
        return [
            (
                "daily set vs script, traces on-failure",
                f"{r['time_ratio_traces_on_failure']}x",
                "<= 1.15x",
                r["time_ratio_traces_on_failure"] <= 1.15,
            ),
            (
                "daily set vs script, traces on-retry",
                f"{r['time_ratio_traces_on_retry']}x",
                "<= 1.15x",
                r["time_ratio_traces_on_retry"] <= 1.15,
            ),
            ("daily set vs script, traces off (the floor)", f"{r['time_ratio_traces_off']}x", "(reference)", True),
            (
                "daily set vs script, traces with DOM snapshots",
                f"{r['time_ratio_trace_snapshots']}x",
                "(reference)",
                True,
            ),
            (
                "daily set requests (agent vs script)",
                f"{r['agent_requests']} vs {r['script_requests']}",
                "<= script",
                r["agent_requests"] <= r["script_requests"],
            ),
        ]
    if n == "profiles":
        return [
            (
                "profile store's daily set vs a context store's",
                f"{r['ratio']}x ({r['daily_profile_s']} s vs {r['daily_context_s']} s)",
                "<= 1.3x",
                r["ratio"] <= 1.3,
            ),
            (
                "one live profile browser, peak PSS",
                f"{r['profile_browser_peak_mb']} MB (shared headless: {r['context_browser_peak_mb']} MB)",
                "<= 350 MB",
                r["profile_browser_peak_mb"] <= 350,
            ),
            ("the virtual display (Xvfb), PSS", f"{r['virtual_display_mb']} MB", "(reference)", True),
            (
                "ms a navigation: headless shell / full headless / full headed",
                " / ".join(str(v) for v in r["ms_per_navigation"].values()) or "skipped",
                "(reference)",
                True,
            ),
            (
                "profile stores' daily sets per hour, concurrency 4",
                f"{r['stores_per_hour_profile_c4']} (context: {r['stores_per_hour_context_c4']})",
                "(reference)",
                True,
            ),
        ]
    if n == "catalogue":
        ten = next(p["seconds"] for p in r["points"] if p["products"] == 10000)
        return [
            ("catalogue read, 10,000 products", f"{ten} s", "<= 10 s", ten <= 10),
            (
                "catalogue growth (R² of linear fit)",
                f"{r['fit_r2']} ({r['fit_seconds_per_1000']} s/1000)",
                "linear",
                r["fit_r2"] >= 0.98,
            ),
        ]
    if n == "rank_process":
        return [
            (
                "rank, 1 keyword x 1 page, whole process",
                f"{r['one_keyword_one_page_s']} s",
                "<= 1.5 s",
                r["one_keyword_one_page_s"] <= 1.5,
            ),
            (
                "rank, 12 keywords x 4 pages, whole process vs script",
                f"{r['ratio']}x ({r['agent_s']} s vs {r['script_s']} s)",
                ">= 10x",
                r["ratio"] >= 10,
            ),
            ("peak memory, rank run (12 x 4)", f"{r['peak_mb_12x4']} MB", "<= 450 MB", r["peak_mb_12x4"] <= 450),
        ]
    if n == "cli_help":
        return [
            (
                f"--help of every command ({r['commands']}), whole process",
                f"{r['slowest_s']} s max ({r['slowest']})",
                "<= 0.3 s",
                r["slowest_s"] <= 0.3,
            )
        ]
    if n == "fleet":
        if "skipped" in r:
            return [("fleet stores per hour", "skipped", r["skipped"], True)]
        return [
            (
                "fleet: stores per hour, one worker (daily set each)",
                f"{r['stores_per_hour_one_worker']}",
                "(reported)",
                True,
            ),
            (
                "fleet: stores per hour, two workers on this machine",
                f"{r['stores_per_hour_two_workers']} ({r['speedup']}x)",
                "(reported)",
                True,
            ),
        ]
    if n == "memory":
        return [
            (
                "peak memory, daily set, all processes",
                f"{r['daily_set_peak_mb']} MB",
                "<= 600 MB",
                r["daily_set_peak_mb"] <= 600,
            ),
            (
                "memory per incognito context (page rendered)",
                f"{r['per_incognito_context_mb_browser_mode']} MB",
                "<= 80 MB",
                r["per_incognito_context_mb_browser_mode"] <= 80,
            ),
        ]
    return []


def _alone(name: str) -> dict:
    """Run one benchmark in a process of its own: what an earlier one left in memory (a 50,000-product
    catalogue, say) must not count in the next one's figures."""
    import subprocess

    r = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--one", name], stdout=subprocess.PIPE, text=True, check=True
    )
    return json.loads(r.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(BENCHES[argv[1]]()), flush=True)
        return 0
    chosen = argv or list(BENCHES)
    results = []
    for name in chosen:
        if name not in BENCHES:
            sys.stderr.write(f"benchmarks: unknown benchmark {name!r}; choose from {', '.join(BENCHES)}\n")
            return 2
    for name in chosen:
        print(f"running {name} ...", flush=True)
        results.append(_alone(name))
        print(json.dumps(results[-1]), flush=True)
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2))
    table = [x for r in results for x in rows(r)]
    w = max(len(t[0]) for t in table)
    print(f"\n{'figure':<{w}}  {'value':<28} {'target':<10} met")
    for fig, val, target, met in table:
        print(f"{fig:<{w}}  {val:<28} {target:<10} {'yes' if met else 'NO (see BENCHMARKS.md)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

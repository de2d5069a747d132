"""make bench: run every benchmark, print a table, write bench-results/results.json."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from . import catalogue, daily_vs_script, memory, rank_throughput, sandbox_search

BENCHES = {"sandbox_search": sandbox_search.run, "rank_throughput": rank_throughput.run, "daily_vs_script": daily_vs_script.run,
           "catalogue": catalogue.run, "memory": memory.run}


def main(argv: list[str]) -> int:
    chosen = argv or list(BENCHES)
    results = []
    for name in chosen:
        if name not in BENCHES:
            sys.stderr.write(f"benchmarks: unknown benchmark {name!r}; choose from {', '.join(BENCHES)}\n")
            return 2
        print(f"running {name} ...", flush=True)
        results.append(BENCHES[name]())
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2))
    for r in results:
        print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

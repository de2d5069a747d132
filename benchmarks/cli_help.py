"""Every `--help` as a user runs it — the whole process, `python -m agent … --help` to its exit (issue 14:
each ≤ 0.3 s; a command loads only what it uses). The commands are found by walking the CLI's own
parser, so a command added later is timed too. Median of 5 runs each, after a warm-up."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def commands() -> list[list[str]]:
    """[], then every command and sub-command path of the CLI, e.g. ["fleet", "worker"]."""
    from agent.cli._parser import build_parser

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> list[list[str]]:
        out = [path]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    out += walk(child, [*path, name])
        return out

    return walk(build_parser(), [])


def _time(args: list[str], cwd: str, env: dict) -> float:
    t = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-m", "agent", *args, "--help"], cwd=cwd, env=env, capture_output=True, text=True
    )
    secs = time.perf_counter() - t
    if r.returncode != 0 or "usage:" not in r.stdout:
        raise RuntimeError(f"{' '.join(args)} --help failed: {r.stderr[-300:]}")
    return secs


def run(runs: int = 5) -> dict:
    cwd = tempfile.mkdtemp()  # no config here: --help must not need one
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    times = {}
    for cmd in commands():
        _time(cmd, cwd, env)  # warm-up: the disk cache
        times[" ".join(cmd) or "(top)"] = round(statistics.median(_time(cmd, cwd, env) for _ in range(runs)), 3)
    slowest = max(times, key=times.get)
    return {
        "name": "cli_help",
        "commands": len(times),
        "median_s": round(statistics.median(times.values()), 3),
        "slowest": slowest,
        "slowest_s": times[slowest],
        "each_s": times,
        "targets": {"each_s": 0.3},
    }


if __name__ == "__main__":
    print(run())

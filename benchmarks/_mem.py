"""Memory of a process tree (the agent's Python and every browser process), as PSS so that pages
shared between Chromium's processes are counted once."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def tree(pid: int) -> list[int]:
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo += _children(p)
    return seen


def pss_mb(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            pass
    return total / 1024


class PeakSampler:
    """Samples the PSS of a process tree every `interval` seconds; `.peak` in MB."""

    def __init__(self, pid: int | None = None, interval: float = 0.05, exclude: set[int] | None = None):
        self.pid, self.interval, self.exclude = pid or os.getpid(), interval, exclude or set()
        self.peak = 0.0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._loop, daemon=True)

    def _loop(self):
        while not self._stop.is_set():
            pids = [p for p in tree(self.pid) if p not in self.exclude]
            self.peak = max(self.peak, pss_mb(pids))
            time.sleep(self.interval)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()

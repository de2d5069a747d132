"""Pacing between navigations, per store: a minimum delay plus random jitter (zero on the sandbox,
seconds on the real site, whose rate limiter answers fast clients with a slider page)."""

from __future__ import annotations

import asyncio
import random
import time


class Pacer:
    def __init__(self, min_delay: float, jitter: float, rng: random.Random | None = None):
        self.min_delay, self.jitter = min_delay, jitter
        self.rng = rng or random.Random()
        self._last = 0.0
        self._lock = asyncio.Lock()
        self.waited = 0.0

    async def wait(self) -> None:
        if self.min_delay <= 0 and self.jitter <= 0:
            return
        async with self._lock:
            gap = self.min_delay + self.rng.uniform(0, self.jitter)
            delay = self._last + gap - time.monotonic()
            if delay > 0:
                self.waited += delay
                await asyncio.sleep(delay)
            self._last = time.monotonic()

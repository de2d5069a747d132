"""Peak memory of all processes (the agent's Python and every browser process) for the daily
routine set (target: 600 MB or less), and the memory each added incognito context costs (target:
80 MB or less). The sandbox runs in its own process and is not counted."""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import tempfile
from pathlib import Path

from agent.runtime.browser import BrowserManager
from agent.settings import Settings
from agent.sites.alibaba.pages.search import AlibabaSearch
from sandbox.launcher import SandboxProcess

from ._mem import PeakSampler, pss_mb, tree
from .daily_vs_script import agent_daily

CONTEXTS = 8


async def per_context(sb, mode: str) -> float:
    """Memory of N incognito contexts, each having read a search page, over the browser alone."""
    s = Settings(data_dir=Path(tempfile.mkdtemp()))
    sandbox_pids = set(tree(sb.proc.pid))
    async with BrowserManager(s) as mgr:
        mine = lambda: [p for p in tree(os.getpid()) if p not in sandbox_pids]  # noqa: E731
        if mode == "browser":
            await mgr.launched()  # the browser is there before the first context is counted
        await asyncio.sleep(0.5)
        base = pss_mb(mine())
        template = sb.url + "/trade/search?SearchText={keyword}&page={page}"
        async with contextlib.AsyncExitStack() as stack:
            for _ in range(CONTEXTS):  # as rank checks open them: request mode has no browser behind it
                ctx = await stack.enter_async_context(mgr.incognito(requests_only=mode == "request"))
                search = await AlibabaSearch(ctx, template, mode=mode).open()
                await search.results("power bank", 1)
                await search.results("power bank", 2)
            await asyncio.sleep(0.5)
            used = pss_mb(mine())
    return (used - base) / CONTEXTS


def run(runs: int = 3) -> dict:
    with SandboxProcess(products=2000) as sb:
        company = sb.state()["company_id"]
        sandbox_pids = set(tree(sb.proc.pid))
        peaks = []
        for _ in range(runs):
            with PeakSampler(exclude=sandbox_pids) as sampler:
                asyncio.run(agent_daily(sb, company))
            peaks.append(sampler.peak)
        ctx_browser = [asyncio.run(per_context(sb, "browser")) for _ in range(runs)]
        ctx_request = [asyncio.run(per_context(sb, "request")) for _ in range(runs)]
    return {
        "name": "memory",
        "daily_set_peak_mb": round(statistics.median(peaks), 1),
        "per_incognito_context_mb_browser_mode": round(statistics.median(ctx_browser), 1),
        "per_incognito_context_mb_request_mode": round(statistics.median(ctx_request), 1),
        "contexts": CONTEXTS,
        "targets": {"daily_set_peak_mb": 600, "per_context_mb": 80},
    }


if __name__ == "__main__":
    print(run())

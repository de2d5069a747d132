"""Product catalogue read (product manager, every product) at 1,000 / 10,000 / 50,000 products.
Target: 10,000 products in 10 s or less, time growing linearly (least-squares fit reported)."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from agent.runtime.browser import BrowserManager
from agent.runtime.run import Run
from agent.sites.alibaba.pages.products import ProductManager
from sandbox.launcher import SandboxProcess

from .daily_vs_script import agent_settings

SIZES = (1000, 10000, 50000)


async def read_catalogue(sb, runs: int) -> tuple[list[float], int, int]:
    s = agent_settings(sb, sb.state()["company_id"], Path(tempfile.mkdtemp()), traces="off")
    times = []
    async with BrowserManager(s) as mgr:
        ctx = Run.standalone(s, s.stores[0], mgr, "bench").driver
        await ProductManager(ctx).goto(
            ProductManager(ctx).url(), ProductManager.call
        )  # log in first, outside the timing
        for _ in range(runs):
            before = sb.request_count()
            t = time.perf_counter()
            rows = await ProductManager(ctx).list()
            times.append(time.perf_counter() - t)
            requests = sb.request_count() - before - 1
    return times, len(rows), requests


def run(runs: int = 3) -> dict:
    points = []
    for n in SIZES:
        with SandboxProcess(products=n) as sb:
            approved = sum(
                1 for p in sb.state()["products"] if p["status"] == "approved"
            )  # the manager's "approved" list
            times, got, requests = asyncio.run(read_catalogue(sb, runs))
            assert got == approved, (got, approved)
            points.append(
                {"products": n, "listed": approved, "seconds": round(statistics.median(times), 2), "requests": requests}
            )
    xs, ys = [p["products"] for p in points], [p["seconds"] for p in points]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    icpt = my - slope * mx
    ss_res = sum((y - (icpt + slope * x)) ** 2 for x, y in zip(xs, ys))
    ss_tot = sum((y - my) ** 2 for y in ys)
    return {
        "name": "catalogue",
        "points": points,
        "fit_seconds_per_1000": round(slope * 1000, 3),
        "fit_intercept_s": round(icpt, 2),
        "fit_r2": round(1 - ss_res / ss_tot, 4) if ss_tot else 1.0,
        "targets": {"10000_products_s": 10, "growth": "linear"},
    }


if __name__ == "__main__":
    print(run())

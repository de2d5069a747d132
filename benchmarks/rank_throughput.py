"""Rank collection speed (issue 4): keyword-pages per second with pacing off, against the baseline
of launching a new browser per keyword in sequence, measured in the same run (medians of N runs).
Targets: at least 20 keyword-pages/s on 2 cores, and at least 10x the baseline."""

from __future__ import annotations

import asyncio
import statistics
import time

from playwright.async_api import async_playwright

from agent.ranking import OwnMatcher, check_keywords
from agent.runtime.browser import BrowserManager
from agent.runtime.chromium import launch_options
from agent.settings import Settings
from agent.sites.alibaba.pages.search import AlibabaSearch, embedded_data, slots_from_data
from sandbox.launcher import SandboxProcess

KEYWORDS = [
    "bluetooth speaker",
    "wireless earbuds",
    "power bank",
    "smart watch",
    "usb cable",
    "led strip light",
    "phone case",
    "wall charger",
    "portable speaker",
    "tws earbuds",
    "magnetic power bank",
    "fitness smart watch",
    "type c usb cable",
    "rgb led strip light",
    "silicone phone case",
    "gan wall charger",
]
PAGES = 5


async def agent_way(template: str, company: str, concurrency: int, mode: str) -> tuple[float, int]:
    s = Settings(concurrency=concurrency)
    t = time.perf_counter()
    async with BrowserManager(s) as mgr:
        res = await check_keywords(
            mgr,
            template,
            KEYWORDS,
            PAGES,
            OwnMatcher(company_id=company),
            concurrency,
            mode=mode,
            search_cls=AlibabaSearch,
        )
    return time.perf_counter() - t, sum(r.pages_checked for r in res)


async def browser_per_keyword(template: str) -> tuple[float, int]:
    """What a hand-written script typically does: a new browser for each keyword, pages in turn."""
    t, pages = time.perf_counter(), 0
    async with async_playwright() as pw:
        for kw in KEYWORDS:
            b = await pw.chromium.launch(**launch_options(pw))
            page = await (await b.new_context()).new_page()
            for n in range(1, PAGES + 1):
                resp = await page.goto(template.format(keyword=kw.replace(" ", "+"), page=n))
                slots_from_data(embedded_data(await resp.text()))
                pages += 1
            await b.close()
    return time.perf_counter() - t, pages


def run(runs: int = 3, products: int = 5000) -> dict:
    with SandboxProcess(products=products) as sb:
        template = sb.url + "/trade/search?SearchText={keyword}&page={page}"
        company = sb.state()["company_id"]
        agent_rates, base_rates, req = {("request", 2): [], ("request", 4): [], ("browser", 2): []}, [], {}
        for _ in range(runs):
            for mode, c in agent_rates:
                before = sb.request_count()
                secs, pages = asyncio.run(agent_way(template, company, c, mode))
                agent_rates[mode, c].append(pages / secs)
                req[mode, c] = (sb.request_count() - before - 1) / len(KEYWORDS)  # -1: the stats call itself
            before = sb.request_count()
            secs, pages = asyncio.run(browser_per_keyword(template))
            base_rates.append(pages / secs)
            req["baseline"] = (sb.request_count() - before - 1) / len(KEYWORDS)
    best = max(agent_rates, key=lambda c: statistics.median(agent_rates[c]))
    a, b = statistics.median(agent_rates[best]), statistics.median(base_rates)
    return {
        "name": "rank_throughput",
        "keywords": len(KEYWORDS),
        "pages_per_keyword": PAGES,
        "runs": runs,
        **{f"agent_{m}_c{c}_pages_per_s": round(statistics.median(v), 1) for (m, c), v in agent_rates.items()},
        "best": "{}_c{}".format(*best),
        "baseline_browser_per_keyword_pages_per_s": round(b, 2),
        "ratio": round(a / b, 1),
        "requests_per_keyword_agent": req[best],
        "requests_per_keyword_baseline": req["baseline"],
        "targets": {"pages_per_s": 20, "ratio": 10},
    }


if __name__ == "__main__":
    print(run())

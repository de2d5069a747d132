"""The daily routine set (inquiries, metrics, keepalive) against a minimal hand-written Playwright
script doing the same reads on the same sandbox: wall time and requests sent to the site.
Targets: agent time at most 1.15x the script's; no more requests than the script."""
from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright
from pydantic import SecretStr

from agent._chromium import launch_options
from agent.app import App
from agent.settings import Settings, StoreSettings
from sandbox.launcher import SandboxProcess

DAILY = ("inquiries", "metrics", "keepalive")


def agent_settings(sb, company: str, root: Path, traces: str = "on-failure") -> Settings:
    return Settings(data_dir=root / "data", state_dir=root / "state", traces=traces, stores=[StoreSettings(
        name="bench", base_url=sb.url, search_url=sb.url + "/trade/search?SearchText={keyword}&page={page}",
        company_id=company, username=sb.username, password=SecretStr(sb.password))])


async def agent_daily(sb, company: str, traces: str = "on-failure") -> tuple[float, dict]:
    s = agent_settings(sb, company, Path(tempfile.mkdtemp()), traces)
    app = App(s)
    app.db  # migrations before the clock starts, as before
    t = time.perf_counter()
    counts = {}
    async with app.browser():
        for routine in DAILY:
            [r] = await app.run(routine)
            assert r.status == "ok", r.error
            counts[routine] = r.counts
    return time.perf_counter() - t, counts


FETCH = "u => fetch(u, {credentials: 'same-origin'}).then(r => r.json())"


async def script_daily(sb) -> float:
    """What a competent operator's script does: log in, open each screen, take the table's own JSON
    answer, fetch the remaining rows 100 at a time."""
    t = time.perf_counter()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options(pw))
        page = await (await browser.new_context()).new_page()
        await page.goto(sb.url + "/newlogin/login.htm")
        await page.fill("#fm-login-id", sb.username)
        await page.fill("#fm-login-password", sb.password)
        async with page.expect_navigation():
            await page.click("button.fm-submit")

        async def table(path: str, api: str, **params) -> list:
            async with page.expect_response(lambda r: api in r.url) as info:
                await page.goto(sb.url + path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""))
            first = await (await info.value).json()
            data = first["data"]
            rows = data["list"]
            if data["total"] > len(rows):
                rows = []
                base = (await info.value).url.split("?")[0]
                query = (await info.value).url.split("?")[1]
                for n in range(1, -(-data["total"] // 100) + 1):
                    rows += (await page.evaluate(FETCH, f"{base}?{query}&page={n}&size=100"))["data"]["list"]
            return rows

        await table("/message/maillist.htm", "/message/ajax/list.json")
        await table("/message/tmlist.htm", "/message/ajax/list.json")
        async with page.expect_response(lambda r: "overview.json" in r.url) as info:
            await page.goto(sb.url + "/mydata/overview.htm")
        day = (await (await info.value).json())["data"]["date"]
        await table("/mydata/products.htm", "/mydata/ajax/products.json", date=day, period=1)
        await table("/p4p/keywords.htm", "/p4p/ajax/keywords.json", startDate=day, endDate=day)
        await table("/mydata/keywords.htm", "/mydata/ajax/keywords.json", date=day)
        await table("/mydata/sources.htm", "/mydata/ajax/sources.json", date=day)
        async with page.expect_response(lambda r: "summary.json" in r.url):
            await page.goto(sb.url + "/home.htm")
        async with page.expect_response(lambda r: "/rfq/ajax/search.json" in r.url):
            await page.goto(sb.url + "/rfq_search_list.htm")
        await browser.close()
    return time.perf_counter() - t


def run(runs: int = 5, products: int = 2000) -> dict:
    with SandboxProcess(products=products) as sb:
        company = sb.state()["company_id"]
        agent_t, lean_t, script_t, agent_req, script_req = [], [], [], [], []
        asyncio.run(script_daily(sb))  # warm-up: imports, disk cache
        for _ in range(runs):  # interleaved, so the machine's ups and downs hit all ways alike
            before = sb.request_count()
            secs, counts = asyncio.run(agent_daily(sb, company))
            agent_t.append(secs)
            agent_req.append(sb.request_count() - before - 1)
            lean_t.append(asyncio.run(agent_daily(sb, company, traces="on-retry"))[0])
            before = sb.request_count()
            script_t.append(asyncio.run(script_daily(sb)))
            script_req.append(sb.request_count() - before - 1)
    a, lean, s = statistics.median(agent_t), statistics.median(lean_t), statistics.median(script_t)
    return {"name": "daily_vs_script", "products": products, "runs": runs, "routines": list(DAILY),
            "agent_traces_on_failure_s": round(a, 2), "agent_traces_on_retry_s": round(lean, 2), "script_s": round(s, 2),
            "time_ratio_traces_on_failure": round(a / s, 3), "time_ratio_traces_on_retry": round(lean / s, 3),
            "agent_requests": statistics.median(agent_req), "script_requests": statistics.median(script_req),
            "agent_read": counts, "targets": {"time_ratio": 1.15, "requests": "agent <= script"}}


if __name__ == "__main__":
    print(run())

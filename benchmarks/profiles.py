"""A store's own browser against a shared browser's context (issue 27), in one run on one sandbox:

- the daily set (inquiries, metrics, keepalive) of a `profile` store — its persistent profile,
  headed on a virtual display, signed in before the clock starts — against a `context` store's
  (goal: at most 1.3x);
- the peak memory (PSS) of one live profile browser's processes during its daily set (goal: at most
  350 MB), beside a headless shared browser's during the same set, and the virtual display's;
- how many profile stores' daily sets this machine runs an hour with `concurrency` 4 (each store's
  set in its own browser, four at once), beside context stores'."""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from pydantic import SecretStr as Secret

from agent.app import App
from agent.runtime.browser import BrowserManager
from agent.runtime.runner import run_routine
from agent.settings import Settings, StoreSettings
from agent.sites import get
from agent.storage import Database
from sandbox.launcher import SandboxProcess

from ._mem import PeakSampler, pss_mb, tree

DAILY = ("inquiries", "metrics", "keepalive")
STORES = 8
CONCURRENCY = 4


def settings(sb, mode: str, root: Path, stores: int = 1) -> Settings:
    return Settings(
        data_dir=root / "data",
        state_dir=root / "state",
        concurrency=CONCURRENCY,
        stores=[
            StoreSettings(
                name=f"{mode[:3]}{i}",
                base_url=sb.url,
                search_url=sb.url + "/trade/search?SearchText={keyword}&page={page}",
                company_id=sb.state()["company_id"],
                username=sb.username,
                password=Secret(sb.password),
                browser=mode,
            )
            for i in range(stores)
        ],
    )


async def daily(s: Settings) -> float:
    """One store's daily set in one browser block, after its login (not timed)."""
    app = App(s)
    _ = app.db
    await app.run("keepalive")  # signs in: the profile or the saved state keeps the login
    t = time.perf_counter()
    async with app.browser():
        for routine in DAILY:
            [r] = await app.run(routine)
            assert r.status == "ok", r.error
    return time.perf_counter() - t


def _chromium(pids: list[int]) -> list[int]:
    out = []
    for p in pids:
        try:
            if "chromium" in os.readlink(f"/proc/{p}/exe"):
                out.append(p)
        except OSError:
            pass
    return out


class BrowserPeak(PeakSampler):
    """The peak PSS of this process's browser processes alone (not Python, Playwright's driver or Xvfb)."""

    def _loop(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, pss_mb(_chromium(tree(self.pid))))
            time.sleep(self.interval)


def _xvfb_mb() -> float:
    return pss_mb([p for p in tree(os.getpid()) if os.path.basename(os.readlink(f"/proc/{p}/exe")) == "Xvfb"])


async def fleet_hour(sb, mode: str, root: Path) -> float:
    """Stores per hour: STORES stores' daily sets, CONCURRENCY at once, each in a browser of its own."""
    s = settings(sb, mode, root, STORES)
    db = Database(s.db_url)
    sem = asyncio.Semaphore(CONCURRENCY)

    async def one(st, routines) -> None:
        async with sem, BrowserManager(s) as mgr:
            for routine in routines:
                r = await run_routine(routine, get(st.site).routine(routine), s, st, mgr, db)
                assert r.status == "ok", r.error

    await asyncio.gather(*(one(st, ("keepalive",)) for st in s.stores))  # every store signed in once
    t = time.perf_counter()
    await asyncio.gather(*(one(st, DAILY) for st in s.stores))
    return STORES / (time.perf_counter() - t) * 3600


PAGES = ("/index.htm", "/product/manage_products.htm", "/ads/keywords.htm", "/data/overview.htm")


async def navigation_cost(sb, binary: str, headless: bool) -> float:
    """Best of three rounds of 4 back-office pages after a sign-in, in a fresh persistent context of
    `binary` (the headless shell, or the full browser headless or headed): what a navigation costs
    in each browser, apart from the agent."""
    from playwright.async_api import async_playwright

    from agent.runtime.chromium import LAUNCH_ARGS
    from agent.runtime.display import VirtualDisplay

    display = VirtualDisplay()
    env = {**os.environ, **await display.acquire()}
    try:
        async with async_playwright() as pw:
            ctx = await pw.chromium.launch_persistent_context(
                tempfile.mkdtemp(), executable_path=binary, headless=headless, env=env, args=list(LAUNCH_ARGS)
            )
            page = ctx.pages[0] if ctx.pages else await ctx.new_page()
            await page.goto(sb.url + "/newlogin/icbuLogin.htm")
            await page.fill("#fm-login-id", sb.username)
            await page.fill("#fm-login-password", sb.password)
            await page.click("#fm-login-submit")
            await page.wait_for_load_state()
            rounds = []
            for _ in range(3):
                t = time.perf_counter()
                for path in PAGES:
                    await page.goto(sb.url + path, wait_until="load")
                rounds.append(time.perf_counter() - t)
            await ctx.close()
    finally:
        await display.release()
    return min(rounds) / len(PAGES)


def run(runs: int = 5) -> dict:
    with SandboxProcess(products=2000) as sb:
        asyncio.run(daily(settings(sb, "context", Path(tempfile.mkdtemp()))))  # warm-up: imports, disk cache
        times: dict[str, list[float]] = {"profile": [], "context": []}
        peaks: dict[str, list[float]] = {"profile": [], "context": []}
        xvfb = 0.0
        for _ in range(runs):
            for mode in ("profile", "context"):
                with BrowserPeak() as sampler:
                    times[mode].append(asyncio.run(daily(settings(sb, mode, Path(tempfile.mkdtemp())))))
                peaks[mode].append(sampler.peak)

        # the display a headed browser draws on, measured with one browser on it
        async def display() -> float:
            mgr = BrowserManager(settings(sb, "profile", Path(tempfile.mkdtemp())))
            await mgr.display.acquire()
            try:
                return _xvfb_mb()
            finally:
                await mgr.display.release()

        if not os.environ.get("DISPLAY"):
            xvfb = asyncio.run(display())
        per_hour = {m: asyncio.run(fleet_hour(sb, m, Path(tempfile.mkdtemp()))) for m in ("profile", "context")}
        shell, full = "/usr/lib/chromium/chromium-headless-shell", "/usr/lib/chromium/chromium"
        nav = {}
        if os.path.exists(shell) and os.path.exists(full):
            nav = {
                "headless_shell": asyncio.run(navigation_cost(sb, shell, True)),
                "full_headless": asyncio.run(navigation_cost(sb, full, True)),
                "full_headed": asyncio.run(navigation_cost(sb, full, False)),
            }
    med = {m: statistics.median(v) for m, v in times.items()}
    return {
        "name": "profiles",
        "daily_profile_s": round(med["profile"], 2),
        "daily_context_s": round(med["context"], 2),
        "ratio": round(med["profile"] / med["context"], 2),
        "profile_browser_peak_mb": round(statistics.median(peaks["profile"]), 1),
        "context_browser_peak_mb": round(statistics.median(peaks["context"]), 1),
        "virtual_display_mb": round(xvfb, 1),
        "stores_per_hour_profile_c4": round(per_hour["profile"]),
        "stores_per_hour_context_c4": round(per_hour["context"]),
        "ms_per_navigation": {k: round(v * 1000, 1) for k, v in nav.items()},
        "runs": runs,
        "targets": {"ratio": 1.3, "profile_browser_peak_mb": 350},
    }


if __name__ == "__main__":
    print(run())

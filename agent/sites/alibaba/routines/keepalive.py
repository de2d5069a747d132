"""keepalive: log in and visit the pages that count for store activity (数据管家, RFQ market,
P4P), with the store's pacing. A section another routine already opened today (store time zone)
is not visited again: every extra request is exposure to the site's rate limits."""

from __future__ import annotations

from datetime import timedelta

from agent.runtime.run import Run

from ..pages.dashboards import DataOverview
from ..pages.home import HomePage
from ..pages.p4p import P4PKeywords
from ..pages.rfq import RfqMarket

SECTIONS = {"mydata": "mydata_", "rfq": "rfq", "p4p": "p4p"}  # activity section -> screen key prefix


async def visited_today(run: Run) -> set[str]:
    # the site's day (the activity score counts a site day's visits), as this machine's instant: runs are
    # stamped by this machine's clock
    site_midnight = run.site_now().astimezone(run.settings.tz).replace(hour=0, minute=0, second=0, microsecond=0)
    keys = set()
    for r in await run.db_call(run.db.runs_since, run.store.name, site_midnight - (run.site_offset or timedelta(0))):
        if r["status"] in ("ok", "partial") and r["details"]:
            keys |= set(r["details"].get("visited", []))
    return {sec for sec, prefix in SECTIONS.items() if any(k.startswith(prefix) for k in keys)}


async def keepalive(run: Run) -> None:
    d = run.driver
    done = await visited_today(run)
    home = await run.read("HomePage", lambda: HomePage(d).read())
    if home is not None:
        run.details["star_level"] = home.star_level
        run.details["unreplied_inquiries"] = home.unreplied_inquiries
    for section, screen in (("mydata", DataOverview(d)), ("rfq", RfqMarket(d)), ("p4p", P4PKeywords(d))):
        if section in done:
            run.count("already_visited_today", 1)
            continue
        async with run.section(screen.name):
            await screen.goto(screen.url(), screen.call)
            run.count("pages_visited", 1)

"""keepalive: log in and visit the pages that count for store activity (数据管家, RFQ market,
P4P), with the store's pacing between them."""
from __future__ import annotations

from ..pages.dashboards import DataOverview
from ..pages.home import HomePage
from ..pages.p4p import P4PKeywords
from ..pages.rfq import RfqMarket
from ._run import RoutineRun


async def keepalive(run: RoutineRun) -> None:
    ctx = run.ctx
    home = await HomePage(ctx).read()
    run.details["star_level"] = home.star_level
    run.details["unreplied_inquiries"] = home.unreplied_inquiries
    for screen in (DataOverview(ctx), RfqMarket(ctx), P4PKeywords(ctx)):
        async with run.section(screen.name):
            await screen.goto(screen.url(), getattr(screen, "api", None))
            run.count("pages_visited", 1)

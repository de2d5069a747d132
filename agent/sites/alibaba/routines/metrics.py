"""metrics: read the overview, product analysis, P4P keyword report, traffic keywords and traffic
sources into the store, for the day the site shows. A past day's figures are final, so a rerun
(after a crash, a challenge or a kill) resumes: it reads only the tables not yet stored for that day."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from agent.routines._rows import stored_row
from agent.runtime.run import Run
from agent.storage import models as m

from ..pages.dashboards import (
    DataOverview,
    ProductAnalysis,
    TrafficKeywords,
    TrafficSources,
)
from ..pages.p4p import P4PKeywords

# count name, table, extra key, the screen, how to read its rows for a day
SECTIONS: tuple[tuple[str, Any, dict, str, Callable[[Any, Any], Awaitable[list]]], ...] = (
    (
        "products",
        m.metric_product,
        {"period": 1},
        "ProductAnalysis",
        lambda d, day: ProductAnalysis(d).read(day, period=1),
    ),
    ("p4p_keywords", m.metric_p4p_keyword, {}, "P4PKeywords", lambda d, day: P4PKeywords(d).report(day, day)),
    ("traffic_keywords", m.metric_traffic_keyword, {}, "TrafficKeywords", lambda d, day: TrafficKeywords(d).read(day)),
    ("traffic_sources", m.metric_traffic_source, {}, "TrafficSources", lambda d, day: TrafficSources(d).read(day)),
)


def _store(db, table, store: str, day, items: list, run_id: int, keys: dict) -> int:
    return db.replace_snapshot(table, store, day, [stored_row(x, table) for x in items], run_id, **keys)


async def metrics(run: Run) -> None:
    """Each screen read alone: one that cannot be read is recorded and the others are still stored
    (each table whole or not at all). Without the overview the day is the site's yesterday."""
    db, store = run.db, run.store.name
    ov = await run.read("DataOverview", lambda: DataOverview(run.driver).read())
    day = ov.date if ov is not None else run.site_today() - timedelta(days=1)
    run.details["date"] = day.isoformat()
    # each table is written while the next screen loads (2,000 products' rows take ~15 ms)
    writes = (
        {}
        if ov is None
        else {
            "overview": asyncio.ensure_future(
                run.db_call(_store, db, m.metric_overview, store, day, [ov], run.run_id, {})
            )
        }
    )
    try:
        for name, table, keys, screen, read in SECTIONS:
            stored = await run.db_call(db.snapshot_rows, table, store, day, None, **keys)
            if stored:
                run.details.setdefault("resumed", []).append(name)
                run.details.setdefault("stored", {})[name] = stored
                continue
            async with run.section(screen):
                items = await read(run.driver, day)
                writes[name] = asyncio.ensure_future(
                    run.db_call(_store, db, table, store, day, items, run.run_id, keys)
                )
    finally:
        done = await asyncio.gather(*writes.values(), return_exceptions=True)
    for name, n in zip(writes, done):
        if isinstance(n, BaseException):
            raise n
        run.count(name, n)

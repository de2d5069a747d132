"""metrics: read the overview, product analysis, P4P keyword report, traffic keywords and traffic
sources into the store, for the day the site shows. A past day's figures are final, so a rerun
(after a crash, a challenge or a kill) resumes: it reads only the tables not yet stored for that day."""
from __future__ import annotations

from ..pages.dashboards import (
    DataOverview,
    ProductAnalysis,
    TrafficKeywords,
    TrafficSources,
)
from ..pages.p4p import P4PKeywords
from ..storage import models as m
from ._run import Run

# count name, table, extra key, how to read the rows for a day
SECTIONS = (
    ("products", m.metric_product, {"period": 1}, lambda d, day: ProductAnalysis(d).read(day, period=1)),
    ("p4p_keywords", m.metric_p4p_keyword, {}, lambda d, day: P4PKeywords(d).report(day, day)),
    ("traffic_keywords", m.metric_traffic_keyword, {}, lambda d, day: TrafficKeywords(d).read(day)),
    ("traffic_sources", m.metric_traffic_source, {}, lambda d, day: TrafficSources(d).read(day)),
)


def _row(item, table) -> dict:
    """The stored columns of a row (a screen may show more than the table keeps, e.g. P4P's
    suggested price and campaign id)."""
    keep = set(table.c.keys()) - {"store", "date", "run_id"}
    row = {k: v for k, v in item.model_dump().items() if k in keep}
    if "keyword_id" in row:
        row["keyword_id"] = str(row["keyword_id"])
    return row


async def metrics(run: Run) -> None:
    db, store = run.db, run.store.name
    ov = await DataOverview(run.driver).read()
    day = ov.date
    run.details["date"] = day.isoformat()
    run.count("overview", await run.db_call(db.replace_snapshot, m.metric_overview, store, day, [_row(ov, m.metric_overview)], run.run_id))
    for name, table, keys, read in SECTIONS:
        stored = await run.db_call(db.snapshot_rows, table, store, day, None, **keys)
        if stored:
            run.details.setdefault("resumed", []).append(name)
            run.details.setdefault("stored", {})[name] = stored
            continue
        async with run.section(name):
            rows = [_row(x, table) for x in await read(run.driver, day)]
            run.count(name, await run.db_call(db.replace_snapshot, table, store, day, rows, run.run_id, **keys))

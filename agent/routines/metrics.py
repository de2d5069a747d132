"""metrics: read the overview, product analysis, P4P keyword report, traffic keywords and traffic
sources into the store, for the day the site shows."""
from __future__ import annotations

from ..pages.dashboards import DataOverview, ProductAnalysis, TrafficKeywords, TrafficSources
from ..pages.p4p import P4PKeywords
from ..storage import models as m
from ._run import RoutineRun


async def metrics(run: RoutineRun) -> None:
    ctx, db, store = run.ctx, run.db, run.ctx.store.name
    ov = await DataOverview(ctx).read()
    day = ov.date
    run.details["date"] = day.isoformat()
    run.count("overview", db.replace_snapshot(m.metric_overview, store, day, [ov.model_dump()], run.run_id))
    async with run.section("product analysis"):
        products = await ProductAnalysis(ctx).read(day, period=1)
        run.count("products", db.replace_snapshot(m.metric_product, store, day, [p.model_dump() for p in products], run.run_id, period=1))
    async with run.section("P4P keywords"):
        kws = await P4PKeywords(ctx).report(day, day)
        run.count("p4p_keywords", db.replace_snapshot(m.metric_p4p_keyword, store, day,
                                                      [dict(k.model_dump(), keyword_id=str(k.keyword_id)) for k in kws], run.run_id))
    async with run.section("traffic keywords"):
        tk = await TrafficKeywords(ctx).read(day)
        run.count("traffic_keywords", db.replace_snapshot(m.metric_traffic_keyword, store, day, [k.model_dump() for k in tk], run.run_id))
    async with run.section("traffic sources"):
        ts = await TrafficSources(ctx).read(day)
        run.count("traffic_sources", db.replace_snapshot(m.metric_traffic_source, store, day, [s.model_dump() for s in ts], run.run_id))

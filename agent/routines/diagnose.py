"""diagnose: apply the seeds' rules over the stored metrics and the live lists, and queue the
resulting suggested edits for a person to approve. Nothing is written to the store here."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from ..diagnosis.model import Inputs
from ..diagnosis.rules import diagnose as run_rules
from ..pages.dashboards import ProductAnalysis
from ..pages.home import HomePage
from ..pages.inquiries import InquiryList, TmList
from ..pages.marketing import ActivityCenter
from ..pages.orders import Orders, Reviews
from ..pages.p4p import P4PCampaigns, P4PKeywords
from ..pages.products import ProductManager
from ..pages.rfq import RfqMarket
from ..queue.store import Queue
from ..storage import models as m
from ._run import RoutineRun
from .metrics import metrics

WINDOW_DAYS = 7


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame([r.model_dump() for r in rows])


def _latest(db, table, store: str) -> tuple[pd.DataFrame, date | None]:
    df = db.frame(table, store=store)
    if df.empty:
        return df, None
    day = df["date"].max()
    return df[df["date"] == day], day


def _bid_changes(history: list[dict], p4p: pd.DataFrame) -> dict[str, date]:
    """Last bid change per keyword id, from the site's own P4P change history."""
    by_text = dict(zip(p4p["keyword"], p4p["keyword_id"].astype(str))) if len(p4p) else {}
    out: dict[str, date] = {}
    for h in history:
        if h.get("action") != "set_bid":
            continue
        kid = str(h.get("target")) if str(h.get("target")) in by_text.values() else by_text.get(h.get("target"))
        if kid:
            day = date.fromisoformat(str(h["at"])[:10])
            out[kid] = max(out.get(kid, day), day)
    return out


async def gather(run: RoutineRun) -> Inputs:
    ctx, db, store = run.ctx, run.db, run.ctx.store.name
    overview, day = _latest(db, m.metric_overview, store)
    if day is None:
        await metrics(run)  # nothing stored yet: read the day's metrics first
        overview, day = _latest(db, m.metric_overview, store)
    home = await HomePage(ctx).read()
    products = _frame(await ProductManager(ctx).read_all())
    analysis30 = _frame(await ProductAnalysis(ctx).read(day, period=30))
    p4p = _frame(await P4PKeywords(ctx).report(day - timedelta(days=WINDOW_DAYS - 1), day))
    camp = (await P4PCampaigns(ctx).read()).model_dump()
    inquiries = _frame(await InquiryList(ctx).read_all(type="inquiry") + await TmList(ctx).read_all(type="tm"))
    rfq_market = RfqMarket(ctx)
    rfqs = _frame(await rfq_market.search(""))
    quota = (await rfq_market.quota()).model_dump()
    orders, reviews = _frame(await Orders(ctx).read_all()), _frame(await Reviews(ctx).read_all())
    activities = _frame(await ActivityCenter(ctx).read_all())
    ranks = db.frame(m.rank_snapshots, store=store)
    if len(ranks):
        ranks = ranks[ranks["taken_at"] == ranks["taken_at"].max()]
    tk, _ = _latest(db, m.metric_traffic_keyword, store)
    src, _ = _latest(db, m.metric_traffic_source, store)
    today = ctx.site_now().astimezone(ctx.settings.tz).date()
    run.count("products_listed", len(products))
    return Inputs(store=store, data_date=day, today=today, overview=overview.iloc[0].to_dict(), products=products,
                  analysis30=analysis30, p4p=p4p, campaigns=camp, traffic_keywords=tk, sources=src, inquiries=inquiries,
                  rfqs=rfqs, quota=quota, orders=orders, reviews=reviews, activities=activities, home=home.model_dump(),
                  ranks=ranks, bid_changes=_bid_changes(camp["history"], p4p))


async def diagnose(run: RoutineRun) -> None:
    ctx, s = run.ctx, run.ctx.settings
    inp = await gather(run)
    families = sorted({str(k[0]).lower() for k in inp.products["keywords"] if len(k)}) if len(inp.products) else []
    report = run_rules(inp, ctx.site_now(), delete_days=s.zero_effect_delete_days, change_days=s.bid_change_days,
                       window_days=WINDOW_DAYS, families=families)
    shot = await ctx.screenshot(ctx.page, "diagnose")
    queue = Queue(run.db)
    queue.expire(s.suggestion_ttl_days)
    ids = queue.propose(ctx.store.name, report.suggestions, screenshot=shot)
    run.count("findings", len(report.findings))
    run.count("suggestions", len(report.suggestions))
    run.count("queued", len(ids))
    run.details["report"] = report.model_dump(mode="json")
    run.details["queued_ids"] = ids

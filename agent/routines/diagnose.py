"""diagnose: apply the seeds' rules over the stored metrics and the live lists, and queue the
resulting suggested edits for a person to approve. Nothing is written to the store here."""
from __future__ import annotations

from datetime import date, timedelta

from ..diagnosis.model import Inputs, frame
from ..diagnosis.rules import diagnose as run_rules
from ..pages.dashboards import ProductAnalysis, ProductStat, ZeroEffectProducts
from ..pages.home import HomePage
from ..pages.inquiries import Inquiry, InquiryList
from ..pages.marketing import Activity, ActivityCenter
from ..pages.orders import Order, Orders, Review, Reviews
from ..pages.p4p import P4PCampaigns, P4PKeyword, P4PKeywords
from ..pages.products import Product, ProductManager
from ..pages.rfq import Rfq, RfqMarket
from ..pages.shop_visits import PageVisits, ShopVisits
from ..pages.top_display import TopDisplay, TopDisplaySlot
from ..pages.visitor_marketing import MarketableVisitor, VisitorMarketing
from ..queue.store import Queue
from ..storage import models as m
from ._evidence import shoot
from ._run import Run
from .metrics import metrics

WINDOW_DAYS = 7


def latest(db, table, store: str):
    """The newest day's rows of a stored metric table (empty, with its columns, when none)."""
    df = db.frame(table, store=store)
    if df.empty:
        return df, None
    day = df["date"].max()
    return df[df["date"] == day], day


def latest_ranks(db, store: str):
    ranks = db.frame(m.rank_snapshots, store=store)
    return ranks[ranks["taken_at"] == ranks["taken_at"].max()] if len(ranks) else ranks


def bid_changes(history: list[dict], p4p) -> dict[str, date]:
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


async def products_with_zero_days(d) -> list[Product]:
    """The product manager's list, each product with its zero-effect days from 数据管家's 零效果
    screen (the list itself only says whether a product is zero-effect)."""
    zero = {z.product_id: z.zero_days for z in await ZeroEffectProducts(d).read()}
    return [p.model_copy(update={"zero_days": zero.get(p.id, 0)}) for p in await ProductManager(d).list()]


async def gather(run: Run) -> Inputs:
    d, db, store = run.driver, run.db, run.store.name
    overview, day = await run.db_call(latest, db, m.metric_overview, store)
    if day is None:
        await metrics(run)  # nothing stored yet: read the day's metrics first
        overview, day = await run.db_call(latest, db, m.metric_overview, store)
    home = await HomePage(d).read()
    products = frame(await products_with_zero_days(d), Product)
    analysis30 = frame(await ProductAnalysis(d).read(day, period=30), ProductStat)
    p4p = frame(await P4PKeywords(d).report(day - timedelta(days=WINDOW_DAYS - 1), day), P4PKeyword)
    camp = (await P4PCampaigns(d).read()).model_dump()
    inquiries = frame(await InquiryList(d).all(), Inquiry)
    rfq_market = RfqMarket(d)
    rfqs = frame(await rfq_market.search(""), Rfq)
    quota = (await rfq_market.quota()).model_dump()
    orders, reviews = frame(await Orders(d).read_all(), Order), frame(await Reviews(d).read_all(), Review)
    activities = frame(await ActivityCenter(d).read_all(), Activity)
    shop = frame(await ShopVisits(d).read(), PageVisits)
    top = frame(await TopDisplay(d).read(), TopDisplaySlot)
    visitors, marketing_quota = await VisitorMarketing(d).read()
    ranks = await run.db_call(latest_ranks, db, store)
    tk, _ = await run.db_call(latest, db, m.metric_traffic_keyword, store)
    src, _ = await run.db_call(latest, db, m.metric_traffic_source, store)
    run.count("products_listed", len(products))
    return Inputs(store=store, data_date=day, today=run.site_today(), overview=overview.iloc[0].to_dict(), products=products,
                  analysis30=analysis30, p4p=p4p, campaigns=camp, traffic_keywords=tk, sources=src, inquiries=inquiries,
                  rfqs=rfqs, quota=quota, orders=orders, reviews=reviews, activities=activities, home=home.model_dump(),
                  ranks=ranks, bid_changes=bid_changes(camp["history"], p4p), shop_visits=shop, top_display=top,
                  marketing=frame(visitors, MarketableVisitor), marketing_left=marketing_quota.left)


async def diagnose(run: Run) -> None:
    s = run.settings
    inp = await gather(run)
    families = sorted({str(k[0]).lower() for k in inp.products["keywords"] if len(k)})
    report = run_rules(inp, run.site_now(), delete_days=s.zero_effect_delete_days, change_days=s.bid_change_days,
                       window_days=WINDOW_DAYS, families=families)
    queue = Queue(run.db)
    await run.db_call(queue.expire, s.suggestion_ttl_days)
    ids = await run.db_call(queue.propose, run.store.name, report.suggestions)
    await shoot(run, ids)
    run.count("findings", len(report.findings))
    run.count("suggestions", len(report.suggestions))
    run.count("queued", len(ids))
    run.details["report"] = report.model_dump(mode="json")
    run.details["shop_visits"] = inp.shop_visits.to_dict("records")       # for the daily report
    run.details["top_display"] = inp.top_display.to_dict("records")
    run.details["queued_ids"] = ids

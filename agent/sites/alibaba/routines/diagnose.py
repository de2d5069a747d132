"""diagnose: apply the seeds' rules over the stored metrics and the live lists, and queue the
resulting suggested edits for a person to approve. Nothing is written to the store here."""

from __future__ import annotations

from datetime import date, timedelta

from agent.diagnosis.model import frame
from agent.queue.store import Queue
from agent.routines._evidence import shoot
from agent.routines._rows import latest_ranks, stored_row
from agent.runtime.run import Run
from agent.sites.alibaba.inputs import Inputs
from agent.storage import models as m

from ..pages.dashboards import ProductAnalysis, ProductStat, ZeroEffectProducts
from ..pages.home import HomePage
from ..pages.inquiries import Inquiry, InquiryList
from ..pages.keyword_index import KeywordHeat, KeywordIndex
from ..pages.marketing import Activity, ActivityCenter, FansPosts, Post
from ..pages.orders import Order, Orders, Review, Reviews
from ..pages.outreach import PoolBuyer, PublicPool
from ..pages.p4p import P4PCampaigns, P4PKeyword, P4PKeywords
from ..pages.products import Product, ProductEditor, ProductManager
from ..pages.rfq import Rfq, RfqMarket
from ..pages.shop_visits import PageVisits, ShopVisits
from ..pages.top_display import TopDisplay, TopDisplaySlot
from ..pages.visitor_marketing import MarketableVisitor, VisitorMarketing
from ..rules import diagnose as run_rules
from .metrics import metrics

WINDOW_DAYS = 7


def latest(db, table, store: str):
    """The newest day's rows of a stored metric table (empty, with its columns, when none)."""
    df = db.frame(table, store=store)
    if df.empty:
        return df, None
    day = df["date"].max()
    return df[df["date"] == day], day


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


def with_zero_days(products: list[Product], zero) -> list[Product]:
    """The product manager's list, each product with its zero-effect days from 数据管家's 零效果
    screen (the list itself only says whether a product is zero-effect)."""
    days = {z.product_id: z.zero_days for z in zero or []}
    return [p.model_copy(update={"zero_days": days.get(p.id, 0)}) for p in products]


async def new_listings(run: Run, products: list[Product]) -> list[dict]:
    """Products published in the last days (the list's publish date, where it gives one) whose score
    is under the minimum, each with what the editor's quality panel says is missing."""
    th, today = run.store.thresholds, run.site_today()
    since = (today - timedelta(days=th.new_listing_days)).isoformat()
    out = []
    for p in products:
        if p.created and p.created >= since and p.quality_score < th.quality_min:
            score, missing = await ProductEditor(run.driver).quality(p.id)
            out.append({"id": p.id, "title": p.title, "quality_score": score, "missing": missing})
    return out


async def gather(run: Run) -> Inputs:
    """Every input of the rules, each screen read on its own: a screen that cannot be read is
    recorded by the run and named in `Inputs.missing` for the inputs it feeds; the rest is read."""
    d, db, store = run.driver, run.db, run.store.name
    overview, day = await run.db_call(latest, db, m.metric_overview, store)
    if day is None:
        await metrics(run)  # nothing stored yet: read the day's metrics first
        overview, day = await run.db_call(latest, db, m.metric_overview, store)
    missing: dict[str, str] = {}
    if day is None:  # the overview could not be read: 数据管家 shows the site's yesterday
        day, missing["overview"] = run.site_today() - timedelta(days=1), "DataOverview"

    def read(inputs: tuple[str, ...], screen: str, fn, default=None):
        return run.read_into(missing, inputs, screen, fn, default)

    home = await read(("home",), "HomePage", lambda: HomePage(d).read())
    zero = await read(("zero_days",), "ZeroEffectProducts", lambda: ZeroEffectProducts(d).read(), [])
    listed = await read(("products",), "ProductManager", lambda: ProductManager(d).list(), [])
    products = frame(with_zero_days(listed, zero), Product)
    analysis30 = frame(
        await read(("analysis30",), "ProductAnalysis", lambda: ProductAnalysis(d).read(day, period=30), []), ProductStat
    )
    p4p = frame(
        await read(
            ("p4p",), "P4PKeywords", lambda: P4PKeywords(d).report(day - timedelta(days=WINDOW_DAYS - 1), day), []
        ),
        P4PKeyword,
    )
    camp = await read(("campaigns",), "P4PCampaigns", lambda: P4PCampaigns(d).read())
    inquiries = frame(await read(("inquiries",), "InquiryList", lambda: InquiryList(d).all(), []), Inquiry)
    rfq_market = RfqMarket(d)
    rfqs = frame(await read(("rfqs",), "RfqMarket", lambda: rfq_market.search(""), []), Rfq)
    quota = await read(("quota",), "RfqQuota", lambda: rfq_market.quota())
    orders = frame(await read(("orders",), "Orders", lambda: Orders(d).read_all(), []), Order)
    reviews = frame(await read(("reviews",), "Reviews", lambda: Reviews(d).read_all(), []), Review)
    activities = frame(
        await read(("activities",), "ActivityCenter", lambda: ActivityCenter(d).read_all(), []), Activity
    )
    shop = frame(await read(("shop_visits",), "ShopVisits", lambda: ShopVisits(d).read(), []), PageVisits)
    top = frame(await read(("top_display",), "TopDisplay", lambda: TopDisplay(d).read(), []), TopDisplaySlot)
    visitors, marketing_quota = await read(
        ("marketing",), "VisitorMarketing", lambda: VisitorMarketing(d).read(), ([], None)
    )
    new = await read(("new_listings",), "ProductEditor", lambda: new_listings(run, listed), [])
    index = await read(("keyword_index",), "KeywordIndex", lambda: KeywordIndex(d).read())
    if index is not None:  # kept day by day, as the other 数据管家 tables
        await run.db_call(
            db.replace_snapshot,
            m.metric_keyword_index,
            store,
            day,
            [stored_row(x, m.metric_keyword_index) for x in index],
            run.run_id,
        )
    pool = await read(("pool",), "PublicPool", lambda: PublicPool(d).read_all(), [])
    posts = await read(("posts",), "FansPosts", lambda: FansPosts(d).read(), [])
    ranks = await run.db_call(latest_ranks, db, store)
    tk, _ = await run.db_call(latest, db, m.metric_traffic_keyword, store)
    src, _ = await run.db_call(latest, db, m.metric_traffic_source, store)
    for name, screen, df in (("traffic_keywords", "TrafficKeywords", tk), ("sources", "TrafficSources", src)):
        if df.empty and screen in run.unread():  # metrics could not read it just now: nothing stored to judge
            missing[name] = screen
    camp_d = camp.model_dump() if camp is not None else {"history": []}
    run.count("products_listed", len(products))
    return Inputs(
        th=run.store.thresholds,
        store=store,
        data_date=day,
        today=run.site_today(),
        overview=overview.iloc[0].to_dict() if len(overview) else {},
        products=products,
        analysis30=analysis30,
        p4p=p4p,
        campaigns=camp_d,
        traffic_keywords=tk,
        sources=src,
        inquiries=inquiries,
        rfqs=rfqs,
        quota=quota.model_dump() if quota is not None else {},
        orders=orders,
        reviews=reviews,
        activities=activities,
        home=home.model_dump() if home is not None else {},
        ranks=ranks,
        bid_changes=bid_changes(camp_d["history"], p4p),
        shop_visits=shop,
        top_display=top,
        marketing=frame(visitors, MarketableVisitor),
        marketing_left=marketing_quota.left if marketing_quota else 0,
        new_listings=new,
        pool=frame(pool, PoolBuyer),
        posts=frame(posts, Post),
        keyword_index=frame(index or [], KeywordHeat),
        missing=missing,
    )


async def diagnose(run: Run) -> None:
    s = run.settings
    inp = await gather(run)
    families = sorted({str(k[0]).lower() for k in inp.products["keywords"] if len(k)})
    report = run_rules(
        inp,
        run.site_now(),
        window_days=WINDOW_DAYS,
        families=families,
    )
    queue = Queue(run.db)
    await run.db_call(queue.expire, s.suggestion_ttl_days)
    ids = await run.db_call(queue.propose, run.store.name, report.suggestions)
    await shoot(run, ids)
    run.count("findings", len(report.findings))
    run.count("suggestions", len(report.suggestions))
    run.count("queued", len(ids))
    if report.skipped:
        run.count("rules_skipped", len(report.skipped))
    run.details["report"] = report.model_dump(mode="json")
    run.details["shop_visits"] = inp.shop_visits.to_dict("records")  # for the daily report
    run.details["top_display"] = inp.top_display.to_dict("records")
    run.details["queued_ids"] = ids

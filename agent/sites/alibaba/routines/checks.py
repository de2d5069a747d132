"""Alibaba.com's screens as `doctor` and `capture` open them, and the keywords the store pays for
(what `rankings` checks beside the tracked ones)."""

from __future__ import annotations

from datetime import timedelta

from agent.routines.doctor import Check, _count, _one, first
from agent.runtime.run import Run

from ..pages.crm import CustomerList
from ..pages.dashboards import (
    DataOverview,
    ProductAnalysis,
    TrafficKeywords,
    TrafficSources,
    Visitors,
    ZeroEffectProducts,
)
from ..pages.home import HomePage
from ..pages.inquiries import InquiryDetail, InquiryList
from ..pages.keyword_index import KeywordIndex
from ..pages.marketing import ActivityCenter, FansPosts
from ..pages.orders import Orders, Reviews
from ..pages.outreach import EdmCenter, PublicPool
from ..pages.p4p import P4PCampaigns, P4PKeywords
from ..pages.products import PAGE_SIZE, ProductManager
from ..pages.rfq import RfqMarket
from ..pages.shop_visits import ShopVisits
from ..pages.top_display import TopDisplay
from ..pages.visitor_marketing import VisitorMarketing


def checks(day) -> list[Check]:
    """(screen key, page object, read → rows) for every screen an Alibaba.com store's routines use."""
    week = (day - timedelta(days=6), day)
    return [
        ("home", HomePage, lambda s: _one(s.read())),
        ("inquiries", InquiryList, lambda s: first(s, s.url("#feedback/all"))),
        ("inquiry_detail", InquiryDetail, lambda s: s.sample()),
        ("products", ProductManager, lambda s: first(s, s.url(f"#/product/all/1-{PAGE_SIZE}"))),
        ("p4p", P4PKeywords, lambda s: first(s, s.url(startDate=week[0].isoformat(), endDate=week[1].isoformat()))),
        ("p4p_campaigns", P4PCampaigns, lambda s: _count(s.read(), lambda c: len(c.campaigns))),
        ("mydata_overview", DataOverview, lambda s: _one(s.read())),
        ("mydata_products", ProductAnalysis, lambda s: first(s, s.url(statDate=day.isoformat(), statisticsType="day"))),
        ("mydata_ineffective", ZeroEffectProducts, first),
        ("mydata_keywords", TrafficKeywords, lambda s: first(s, s.url(statDate=day.isoformat()))),
        ("mydata_sources", TrafficSources, lambda s: first(s, s.url(statDate=day.isoformat()))),
        ("mydata_keyword_index", KeywordIndex, first),
        ("mydata_visitors", Visitors, first),
        ("rfq", RfqMarket, lambda s: _count(s.first_page(), len)),
        ("orders", Orders, first),
        ("reviews", Reviews, first),
        ("activities", ActivityCenter, first),
        ("fans_posts", FansPosts, first),
        ("mydata_shop_visits", ShopVisits, first),
        ("top_display", TopDisplay, first),
        ("mydata_marketing", VisitorMarketing, first),
        ("customers", CustomerList, first),
        ("public_pool", PublicPool, first),
        ("edm", EdmCenter, first),
    ]


async def p4p_keywords(run: Run) -> list[str]:
    """The P4P keywords (latest stored, else read from the last 7 days' report)."""
    from agent.storage import models as m

    from ..pages.p4p import P4PKeywords

    p4p = await run.db_call(run.db.frame, m.metric_p4p_keyword, store=run.store.name)
    if p4p.empty:
        day = run.site_today() - timedelta(days=1)
        return [k.keyword for k in await P4PKeywords(run.driver).report(day - timedelta(days=6), day)]
    return list(p4p[p4p["date"] == p4p["date"].max()]["keyword"])

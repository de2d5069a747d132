"""数据管家 on data.alibaba.com (hz-mydata.alibaba.com redirects there). Its pages ask the old
gateway `self/.json?action=CommonAction&iName=<name>&ctoken=…&dmtrack_pageid=…` and get
{successed, value}; tables are paged by `pageNO`/`pageSize`. The screens are told apart by URL
(their titles are generic). Gateway names other than getVisitors,
vip/traffic/keyword/getKeywords (sent encoded or, by the newer pages, with a plain /) and
getVipEffectiveProductsAndStats (the newer 产品分析: value.products{data, recordCount}, every figure an
object {value}), and the rows' keys, are guesses (kept in this module)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from loguru import logger
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeout
from pydantic import BaseModel

from agent.pages._base import Screen, TableScreen, answer_error, figure, pct, yes
from agent.pages._xls import ExportLayoutError, read_export

PERIODS = {1: "day", 7: "week", 30: "month"}


class Overview(BaseModel):
    date: date
    impressions: int
    clicks: int
    visitors: int
    inquiries: int
    search_clicks: int
    ctr: float
    conversion: float
    search_share: float
    peer_impressions: int
    peer_clicks: int
    peer_visitors: int
    peer_inquiries: int
    excellent_impressions: int
    excellent_clicks: int
    excellent_visitors: int
    excellent_inquiries: int
    last_month_impressions: int
    last_month_clicks: int
    last_month_visitors: int
    last_month_inquiries: int
    # 买家分析's L1+ buyer share and its benchmarks (a guess: buyerLevel); None where the answer has none
    l1_share: float | None = None
    peer_l1_share: float | None = None
    excellent_l1_share: float | None = None
    last_month_l1_share: float | None = None


class ProductStat(BaseModel):
    product_id: str
    title: str
    impressions: int
    clicks: int
    visitors: int
    feedback: int
    ctr: float


class ZeroEffectProduct(BaseModel):
    product_id: str
    title: str
    zero_days: int
    quality_score: float
    showcase: bool
    display: str = "on"  # on | off


class TrafficKeyword(BaseModel):
    keyword: str
    impressions: int
    clicks: int
    visitors: int
    inquiries: int
    ctr: float


class TrafficSource(BaseModel):
    source: str
    visits: int
    share: float


class Visitor(BaseModel):
    visitor_id: str
    country: str
    pages: int
    product_id: str
    source: str
    time: int  # ms
    inquired: bool


_STATS = (("impressions", "showNum"), ("clicks", "clickNum"), ("visitors", "visitorCnt"), ("inquiries", "fbNum"))


def gateway_value(payload: Any, screen: str) -> Any:
    if not isinstance(payload, dict) or payload.get("successed") is not True:
        raise answer_error(screen, payload)
    return payload["value"]


L1_KEYS = (
    ("l1_share", "l1Rate"),
    ("peer_l1_share", "peerL1Rate"),
    ("excellent_l1_share", "excellentL1Rate"),
    ("last_month_l1_share", "lastMonthL1Rate"),
)


def parse_overview(value: dict) -> Overview:
    row: dict[str, Any] = {
        "date": value["statDate"],
        "search_clicks": value["searchClickNum"],
        "ctr": value["clickRate"],
        "conversion": value["fbRate"],
        "search_share": value["searchRate"],
    }
    for name, key in _STATS:
        row[name] = value[key]
        row[f"peer_{name}"] = value["peer"][key]
        row[f"excellent_{name}"] = value["excellent"][key]
        row[f"last_month_{name}"] = value["lastMonthAvg"][key]
    level = value.get("buyerLevel") or {}
    for name, key in L1_KEYS:
        row[name] = level.get(key)
    return Overview.model_validate(row)


class DataOverview(Screen):
    key, real, call = "mydata_overview", "https://data.alibaba.com/traffic/overview", "iName=getOverview"

    async def read(self) -> Overview:
        """The latest day the site shows (data update once a day)."""
        return parse_overview(gateway_value(await self.read_call(".overview-table"), self.name))


class GatewayTable(TableScreen):
    """A 数据管家 table filled through the gateway, paged by pageNO/pageSize."""

    max_size = 50

    def parse_page(self, payload):
        value = gateway_value(payload, self.name)
        return value["data"], int(value["total"])


class ProductAnalysis(GatewayTable):
    """Product effect. A store's every product at once comes from the page's export (the
    `a.product-effective-download` link: an .xls with the header on row 6); when the day's exports
    are used up (about 20), the page is turned instead."""

    key, real = "mydata_products", "https://data.alibaba.com/product/overview"
    call = "iName=getProductEffect|iName=getVipEffectiveProductsAndStats"  # the older guess | the newer call
    model, id_field = ProductStat, "product_id"
    EXPORT = "a.product-effective-download"
    EXPORT_COLUMNS = {
        "产品名称": "subject",
        "产品ID": "productId",
        "曝光量": "showNum",
        "点击量": "clickNum",
        "点击率": "clickRate",
        "访客数": "visitorCnt",
        "反馈数": "fbNum",
    }

    async def export_rows(self, page: Page) -> list[dict] | None:
        link = page.locator(self.EXPORT)
        await self.driver.pace()
        download = asyncio.ensure_future(page.wait_for_event("download", timeout=self.driver.nav_timeout * 1000))
        refused = asyncio.ensure_future(
            page.locator(".next-message-error").wait_for(state="visible", timeout=self.driver.nav_timeout * 1000)
        )
        # the click and the look for the link go to the page together: it has just drawn the table, and
        # one round trip waiting on it after another cost ~20 ms; no link: the click is called off
        clicked = asyncio.ensure_future(link.click())
        try:
            if not await link.count():
                return None
            await clicked
            await asyncio.wait({download, refused}, return_when=asyncio.FIRST_COMPLETED)
            if not download.done() or download.exception():
                why = (await page.locator(".next-message-error").all_inner_texts() or ["no file came"])[0]
                logger.warning("{}: export refused ({}); turning the pages instead", self.name, why)
                return None
            path = await download.result().path()
        except (PlaywrightError, PlaywrightTimeout) as e:
            logger.warning("{}: export failed ({}); turning the pages instead", self.name, e)
            return None
        finally:
            for t in (clicked, download, refused):
                t.cancel()
                if t.done() and not t.cancelled():
                    t.exception()  # seen: an outcome nobody waits for is not an error at exit
        try:
            return read_export(path, self.EXPORT_COLUMNS)
        except ExportLayoutError as e:
            raise await self.missing(self.EXPORT, f"the export changed: {e}") from None

    columns = {
        "产品": ("title", None),
        "产品ID": ("product_id", None),
        "曝光": ("impressions", int),
        "点击": ("clicks", int),
        "点击率": ("ctr", pct),
        "访客": ("visitors", int),
        "反馈": ("feedback", int),
    }

    def parse_page(self, payload):
        """The older answer {data, total}, or the newer {products{data, recordCount}, statistics}."""
        value = gateway_value(payload, self.name)
        if isinstance(value, dict) and "products" in value:
            return value["products"]["data"], int(value["products"]["recordCount"])
        return value["data"], int(value["total"])

    def to_model(self, r: dict) -> ProductStat:
        return ProductStat(
            product_id=str(r["productId"]),
            title=r["subject"],
            impressions=figure(r["showNum"]),
            clicks=figure(r["clickNum"]),
            visitors=figure(r["visitorCnt"]),
            feedback=figure(r["fbNum"]),
            ctr=figure(r["clickRate"]),
        )

    async def read(self, day: date, period: int = 1) -> list[ProductStat]:
        return await self.read_all(self.url(statDate=day.isoformat(), statisticsType=PERIODS.get(period, "day")))


class ZeroEffectProducts(GatewayTable):
    """零效果产品: products without effect, with for how many days."""

    key, real, call = (
        "mydata_ineffective",
        "https://data.alibaba.com/product/ineffective",
        "iName=getIneffectiveProducts",
    )
    model, id_field = ZeroEffectProduct, "product_id"
    columns = {
        "产品": ("title", None),
        "产品ID": ("product_id", None),
        "零效果天数": ("zero_days", int),
        "产品质量分": ("quality_score", float),
        "橱窗": ("showcase", yes),
    }

    def to_model(self, r: dict) -> ZeroEffectProduct:
        return ZeroEffectProduct(
            product_id=str(r["productId"]),
            title=r["subject"],
            zero_days=r["ineffectiveDays"],
            quality_score=r["finalScore"],
            showcase=r["isWindowProduct"],
            display="on" if r.get("displayStatus", "y") == "y" else "off",
        )

    async def read(self, min_days: int | None = None) -> list[ZeroEffectProduct]:
        return await self.read_all(self.url(minDays=min_days))


class TrafficKeywords(GatewayTable):
    key, real, call = (
        "mydata_keywords",
        "https://data.alibaba.com/traffic/keyword",
        ("iName=vip%2Ftraffic%2Fkeyword%2FgetKeywords|iName=vip/traffic/keyword/getKeywords"),
    )  # the name encoded | with a plain /
    model, id_field = TrafficKeyword, "keyword"
    columns = {
        "关键词": ("keyword", None),
        "曝光": ("impressions", int),
        "点击": ("clicks", int),
        "点击率": ("ctr", pct),
        "访客": ("visitors", int),
        "询盘": ("inquiries", int),
    }

    def to_model(self, r: dict) -> TrafficKeyword:
        return TrafficKeyword(
            keyword=r["keyword"],
            impressions=r["showNum"],
            clicks=r["clickNum"],
            visitors=r["visitorCnt"],
            inquiries=r["fbNum"],
            ctr=r["clickRate"],
        )

    async def read(self, day: date) -> list[TrafficKeyword]:
        return await self.read_all(self.url(statDate=day.isoformat()))


class TrafficSources(GatewayTable):
    key, real, call = "mydata_sources", "https://data.alibaba.com/traffic/source", "iName=getTrafficSource"
    model, id_field = TrafficSource, "source"
    columns = {"来源": ("source", None), "访问人数": ("visits", int), "占比": ("share", pct)}

    def to_model(self, r: dict) -> TrafficSource:
        return TrafficSource(source=r["sourceName"], visits=r["visitorCnt"], share=r["rate"])

    async def read(self, day: date) -> list[TrafficSource]:
        return await self.read_all(self.url(statDate=day.isoformat()))


class Visitors(GatewayTable):
    key, real, call = "mydata_visitors", "https://data.alibaba.com/visitor/visitors", "iName=getVisitors"
    model, id_field = Visitor, "visitor_id"

    def to_model(self, r: dict) -> Visitor:
        return Visitor(
            visitor_id=r["visitorId"],
            country=r["countryCode"],
            pages=r["pv"],
            product_id=str(r["productId"]),
            source=r["source"],
            time=r["visitTime"],
            inquired=r["hasInquiry"],
        )

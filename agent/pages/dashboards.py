"""数据管家 (hz-mydata): overview with peer average and industry-excellent values, product
analysis, traffic keywords, traffic sources, visitor details."""
from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from ._base import Screen, TableScreen


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


class ProductStat(BaseModel):
    product_id: str
    title: str
    impressions: int
    clicks: int
    visitors: int
    feedback: int
    ctr: float


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
    time: str
    inquired: bool


class DataOverview(Screen):
    key, path, api = "mydata_overview", "/mydata/overview.htm", "/mydata/ajax/overview.json"

    async def read(self) -> Overview:
        """The latest day the site shows (data update once a day)."""
        return Overview.model_validate(await self.read_call(".overview-table"))


class ProductAnalysis(TableScreen[ProductStat]):
    key, path, api, model, id_field = "mydata_products", "/mydata/products.htm", "/mydata/ajax/products.json", ProductStat, "product_id"
    columns = {"产品": ("title", None), "产品ID": ("product_id", None), "曝光": ("impressions", None), "点击": ("clicks", None),
               "点击率": ("ctr", "pct"), "访客": ("visitors", None), "反馈": ("feedback", None)}

    async def read(self, day: date, period: int = 1) -> list[ProductStat]:
        return await self.read_all(date=day.isoformat(), period=period)


class TrafficKeywords(TableScreen[TrafficKeyword]):
    key, path, api, model, id_field = "mydata_keywords", "/mydata/keywords.htm", "/mydata/ajax/keywords.json", TrafficKeyword, "keyword"
    columns = {"关键词": ("keyword", None), "曝光": ("impressions", None), "点击": ("clicks", None), "点击率": ("ctr", "pct"),
               "访客": ("visitors", None), "询盘": ("inquiries", None)}

    async def read(self, day: date) -> list[TrafficKeyword]:
        return await self.read_all(date=day.isoformat())


class TrafficSources(TableScreen[TrafficSource]):
    key, path, api, model, id_field = "mydata_sources", "/mydata/sources.htm", "/mydata/ajax/sources.json", TrafficSource, "source"
    columns = {"来源": ("source", None), "访问人数": ("visits", None), "占比": ("share", "pct")}

    async def read(self, day: date) -> list[TrafficSource]:
        return await self.read_all(date=day.isoformat())


class Visitors(TableScreen[Visitor]):
    key, path, api, model, id_field = "mydata_visitors", "/mydata/visitors.htm", "/mydata/ajax/visitors.json", Visitor, "visitor_id"
    columns = {"访客": ("visitor_id", None), "国家": ("country", None), "浏览页数": ("pages", None), "浏览产品": ("product_id", None),
               "来源": ("source", None), "访问时间": ("time", None), "是否询盘": ("inquired", "bool")}

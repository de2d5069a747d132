"""生意参谋 (sycm.1688.com/ms/home/index.htm?date=): the home page asks its /ms/ calls for one day —
flow (revealCnt, pv, uv, clickRate, bounceRate), inquiry (effectiveInQUsers, wangInQCnt), trade
(payAmt, payByrCnt), sources and the last 7 days' keywords, as REAL_SITE.md names them — plus an
8-day trend and the day's visitors by hour. Newer pages ask the real paths (ovralShopFlowSource/overview,
customer/inquiry/coreIndex, transaction/getTradeCoreIndex, strategy/shopInFlowTreeWithGoodV2,
getShopKeyWordWithWeb) and get every figure as {value}; both forms are read. The older paths, the
trend and the hourly calls are guesses."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from agent.pages._base import Screen, answer_error, figure

# each call in its older (guessed) path | its newer, real one (REAL_SITE.md, newer evidence)
FLOW = "ms/flow/overview.json|ms/flow/ovralShopFlowSource/overview.json"
INQUIRY = "ms/inquiry/overview.json|ms/customer/inquiry/coreIndex.json"
TRADE = "ms/trade/overview.json|ms/transaction/getTradeCoreIndex.json"
SOURCE = "ms/flow/source.json|ms/flow/strategy/shopInFlowTreeWithGoodV2.json"
KEYWORD = "ms/flow/keyword.json|ms/flow/getShopKeyWordWithWeb.json"
TREND, HOURLY = "ms/flow/trend.json", "ms/flow/hourly.json"


def figures(d: dict) -> dict:
    """A row of 生意参谋 with its figures as numbers: the newer answers give each as {value}."""
    return {k: figure(v) for k, v in d.items()}


class SycmDay(BaseModel):
    """One day of 生意参谋, in the operators' words: traffic and where it came from (free vs paid),
    inquiries and 旺旺 inquiries, orders, GMV, average order value and conversion."""

    date: date
    impressions: int
    pv: int
    uv: int
    click_rate: float
    bounce_rate: float
    free_uv: int
    paid_uv: int
    inquiries: int  # effectiveInQUsers
    wangwang_inquiries: int  # wangInQCnt
    orders: int
    buyers: int
    gmv: float
    aov: float  # average order value: GMV / orders
    conversion: float  # paying buyers / visitors


class SycmSource(BaseModel):
    source: str
    paid: bool
    uv: int


class SycmKeyword(BaseModel):
    keyword: str
    uv: int
    pv: int
    buyers: int


class SycmHome(BaseModel):
    day: SycmDay
    sources: list[SycmSource]
    keywords: list[SycmKeyword]  # the last 7 days
    trend: list[SycmDay]  # the day and the 7 before it
    hourly: list[int]  # the day's visitors by hour, 0-23


def _day(d: dict) -> SycmDay:
    orders = int(d["payOrdCnt"])
    return SycmDay(
        date=date.fromisoformat(d["date"]),
        impressions=d["revealCnt"],
        pv=d["pv"],
        uv=d["uv"],
        click_rate=d["clickRate"],
        bounce_rate=d["bounceRate"],
        free_uv=d["freeUv"],
        paid_uv=d["paidUv"],
        inquiries=d["effectiveInQUsers"],
        wangwang_inquiries=d["wangInQCnt"],
        orders=orders,
        buyers=d["payByrCnt"],
        gmv=float(d["payAmt"]),
        aov=round(float(d["payAmt"]) / orders, 2) if orders else 0.0,
        conversion=round(d["payByrCnt"] / d["uv"], 4) if d["uv"] else 0.0,
    )


class Sycm(Screen):
    key, real = "cbu_sycm", "https://sycm.1688.com/ms/home/index.htm"
    call = (FLOW, INQUIRY, TRADE, SOURCE, KEYWORD, TREND, HOURLY)

    async def read(self, day: date | None = None) -> SycmHome:
        got = await self.read_call(".sycm-cards", self.url(date=day.isoformat() if day else None))
        bad = next((p for p, b in got.items() if not isinstance(b, dict) or b.get("code") != 0), None)
        if bad:
            raise answer_error(self.name, got[bad])
        trend = [_day(d) for d in got[TREND]["data"]["list"]]
        today = trend[0]
        flow = figures(got[FLOW]["data"])
        if flow["uv"] != today.uv:  # the cards and the trend must tell the same day
            raise answer_error(self.name, {"flow": flow, "trend": today.model_dump()})
        hours = sorted(got[HOURLY]["data"]["list"], key=lambda h: h["hour"])
        return SycmHome(
            day=today,
            trend=trend,
            hourly=[int(h["uv"]) for h in hours],
            sources=[
                SycmSource(source=s["sourceName"], paid=s["sourceType"] == "paid", uv=s["uv"])
                for s in map(figures, got[SOURCE]["data"]["list"])
            ],
            keywords=[
                SycmKeyword(keyword=k["keyword"], uv=k["uv"], pv=k["pv"], buyers=k["payByrCnt"])
                for k in map(figures, got[KEYWORD]["data"]["list"])
            ],
        )

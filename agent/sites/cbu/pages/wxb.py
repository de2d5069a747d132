"""网销宝 (1688's P4P) keyword report — no public source shows it; a guess: /wxb/keyword.htm asks
wxb/ajax/keywordReport.json?startDate=&endDate=&pageNo=&pageSize= answering {success, data: {total,
list[{keywordId, keyword, bid, status, impressions, clicks, ctr, cost, orders, gmv, roi}]}}. The
date range is set through the page's own filter."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from agent.pages._base import TableScreen, success_list


class WxbKeyword(BaseModel):
    keyword_id: str
    keyword: str
    bid: float
    status: str
    impressions: int
    clicks: int
    ctr: float
    spend: float
    orders: int
    sales: float
    roi: float  # sales / spend


class WxbKeywords(TableScreen[WxbKeyword]):
    key, real, call = "cbu_wxb", "https://p4p.1688.com/wxb/keyword.htm", "wxb/ajax/keywordReport.json"
    model = WxbKeyword

    def parse_page(self, payload) -> tuple[list[dict], int]:
        return success_list(self.name, payload)

    def to_model(self, r: dict) -> WxbKeyword:
        return WxbKeyword(
            keyword_id=str(r["keywordId"]),
            keyword=r["keyword"],
            bid=r["bid"],
            status=r["status"],
            impressions=r["impressions"],
            clicks=r["clicks"],
            ctr=r["ctr"],
            spend=r["cost"],
            orders=r["orders"],
            sales=r["gmv"],
            roi=r["roi"],
        )

    async def report(self, start: date, end: date) -> list[WxbKeyword]:
        page, got = await self.goto(self.url(), self.call)
        if got is None:
            raise await self.missing(".screen-wxb", f"no {self.call} call")

        async def pick():
            await page.fill(".filter-bar [name=startDate]", start.isoformat())
            await page.fill(".filter-bar [name=endDate]", end.isoformat())
            await page.click(".filter-bar .search-btn")

        rows, total = self.parse_page(await self.after(page, pick, self.call))
        return await self.rest_of(page, rows, total, self.call)

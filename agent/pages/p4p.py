"""P4P (外贸直通车): keyword report by date range, bid edit dialog (0.1 steps, floor bid), daily
budgets, negative keywords and the change history."""
from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from ._base import Screen, TableScreen
from ._write import submit


class P4PKeyword(BaseModel):
    keyword_id: int
    keyword: str
    campaign: str
    bid: float
    base_price: float
    qs_star: int
    est_rank: int
    status: str | None = None
    impressions: int
    clicks: int
    ctr: float
    cpc: float
    spend: float
    inquiries: int


class Campaign(BaseModel):
    campaign: str
    daily_budget: float
    spent_today: float
    exhausted_at: str | None = None


class NegativeKeyword(BaseModel):
    campaign: str
    keyword: str


class Campaigns(BaseModel):
    campaigns: list[Campaign]
    negative_keywords: list[NegativeKeyword]
    history: list[dict]


class P4PKeywords(TableScreen[P4PKeyword]):
    key, path, api, model, id_field = "p4p", "/p4p/keywords.htm", "/p4p/ajax/keywords.json", P4PKeyword, "keyword_id"
    columns = {"关键词": ("keyword", None), "推广计划": ("campaign", None), "出价": ("bid", None), "底价": ("base_price", None),
               "推广评分": ("qs_star", None), "预估排名": ("est_rank", None), "曝光量": ("impressions", None),
               "点击量": ("clicks", None), "点击率": ("ctr", "pct"), "平均点击花费": ("cpc", None), "花费": ("spend", None),
               "询盘": ("inquiries", None)}

    async def report(self, start: date, end: date) -> list[P4PKeyword]:
        return await self.read_all(startDate=start.isoformat(), endDate=end.isoformat())

    async def keyword(self, keyword_id: int, text: str) -> P4PKeyword | None:
        rows = await self.read_all(q=text)
        return next((r for r in rows if r.keyword_id == int(keyword_id)), None)

    async def set_bid(self, keyword_id: int, text: str, bid: float) -> None:
        """Open the bid dialog of one keyword and set its bid (a multiple of 0.1, at least the floor)."""
        page, _ = await self.goto(self.url(q=text), self.api)
        row = page.locator(f"tr.next-table-row[data-row-key='{int(keyword_id)}']")
        if not await row.count():
            raise await self.missing(f"tr[data-row-key='{keyword_id}']", "keyword not listed")
        await row.locator("button.action-bid").click()
        await page.fill(".bid-input", f"{bid:.1f}")
        await submit(self, page, ".dialog-ok", "/p4p/ajax/updateBid.json", f"set bid of {text!r} to {bid:.1f}")


class P4PCampaigns(Screen):
    key, path, api = "p4p_campaigns", "/p4p/campaigns.htm", "/p4p/ajax/campaigns.json"

    async def read(self) -> Campaigns:
        return Campaigns.model_validate(await self.read_call(".campaign-table"))

    async def set_budget(self, campaign: str, amount: float) -> None:
        page, _ = await self.goto(self.url(), self.api)
        row = page.locator(f"tr.campaign-row[data-row-key='{campaign}']")
        if not await row.count():
            raise await self.missing(f"tr.campaign-row[data-row-key='{campaign}']")
        await row.locator(".budget-input").fill(f"{amount:g}")
        await submit(self, page, f"tr.campaign-row[data-row-key='{campaign}'] .budget-save", "/p4p/ajax/budget.json",
                     f"set daily budget of {campaign} to {amount:g}")

    async def add_negative(self, campaign: str, keyword: str) -> None:
        page, _ = await self.goto(self.url(), self.api)
        await page.select_option(".negative-form [name=campaign]", campaign)
        await page.fill(".negative-input", keyword)
        await submit(self, page, ".negative-add", "/p4p/ajax/negative.json", f"add negative keyword {keyword!r} to {campaign}")

"""P4P (外贸直通车) on www2.alibaba.com. Its pages ask `www2.alibaba.com/api/...` with form-encoded
`ads`/`type`/`data`/`_csrf` and get {ok, status: 1000, data}. The keyword screen
(`/ads/manage_ad_keyword.htm`) shows one campaign at a time (its own `campaign/{id}/bidword/query`
call, paged by `page`/`size`), switched by the page's campaign picker; the bid dialog asks
`recommend/bidword/keywordInfo/v2` for the price advice and saves by `campaign/{id}/bidword/update`.
The campaign page's budget, negative-word and operation-log calls are guesses of the real ones.
Prices are in CNY.

Newer form (public tools 2024-2026), read as well: allList's `data` keyed by campaign type
({"1": [{id, title}], "4": [...]}: 1 standard, 4 smart), bidword/query's flat list with prices as
strings (`sugPrice`) and its paging in the envelope, the bid dialog's recommend/bid/keyword/bid
(`suggestPriceStr`), negative words under campaign/{id}/forbidden/keyword (/create) and budgets
through campaign/update {"id", "budget"}."""

from __future__ import annotations

from datetime import date
from typing import Any

from playwright.async_api import Page
from pydantic import BaseModel

from agent.pages._base import LeftScreen, Screen, TableScreen, answer_error, pct, select_state
from agent.pages._write import submit

PICKER = "select[name=campaignId]"
TYPE_KEYS = {"1": "standard", "4": "smart"}  # the newer allList's campaign-type keys
NEGATIVES = "negativeword/query|/forbidden/keyword"


class P4PKeyword(BaseModel):
    keyword_id: int
    keyword: str
    campaign: str
    campaign_id: int | None = None
    bid: float
    base_price: float
    suggest_price: float | None = None
    qs_star: int
    est_rank: int
    status: str | None = None
    impressions: int
    clicks: int
    ctr: float
    cpc: float
    spend: float
    inquiries: int


class KeywordInfo(BaseModel):
    """recommend/bidword/keywordInfo/v2: the price advice for a keyword (CNY)."""

    keyword: str
    star: int
    base_price: float
    suggest_price: float
    avg_price: float
    currency: str
    best_product_id: str | None = None
    p4p_impressions: int | None = None
    p4p_clicks: int | None = None
    stat_date: str | None = None
    reserve_price: float | None = None  # effectData's reservePrice: fen in the answer, CNY here
    top10_avg_price: float | None = None  # effectData's avgPrice (fen in the answer): the top ten's average bid, CNY


class Campaign(BaseModel):
    campaign: str
    campaign_id: int | None = None
    name: str = ""
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


def _ok(payload: Any, screen: str) -> Any:
    if not isinstance(payload, dict) or payload.get("ok") is not True:
        raise answer_error(screen, payload)
    return payload["data"]


def parse_keyword(r: dict, campaign: str) -> P4PKeyword:
    """One keyword of campaign/{id}/bidword/query."""
    suggest = r.get("suggestPrice", r.get("sugPrice"))  # a number (older) or a string (newer)
    return P4PKeyword(
        keyword_id=int(r["id"]),
        keyword=str(r.get("word") or r.get("bidword") or ""),
        campaign=campaign,
        campaign_id=r.get("campaignId"),
        bid=float(r["price"]),
        base_price=float(r["basePrice"]),
        suggest_price=float(suggest) if suggest not in (None, "") else None,
        qs_star=int(r.get("qsStar") or r.get("star") or 0),
        est_rank=int(r.get("rank") or 0),
        status=r.get("status"),
        impressions=int(r.get("imprCnt") or 0),
        clicks=int(r.get("clkCnt") or 0),
        ctr=float(r.get("ctr") or 0),
        cpc=float(r.get("cpc") or 0),
        spend=float(r.get("cost") or 0),
        inquiries=int(r.get("fbCnt") or 0),
    )


def _fen(v: Any) -> float | None:
    """A price effectData gives in fen (460 = 4.60 CNY)."""
    return round(float(v) / 100, 2) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def parse_keyword_info(payload: Any) -> list[KeywordInfo]:
    """recommend/bidword/keywordInfo/v2 → one KeywordInfo per keyword (effect figures of the answer's stat date)."""
    out = []
    for r in _ok(payload, "KeywordInfo") or []:
        total = ((r.get("effectData") or {}).get("totalSummary")) or {}
        out.append(
            KeywordInfo(
                keyword=r["bidword"],
                star=int(r["star"]),
                base_price=float(r["basePrice"]),
                suggest_price=float(r["suggestPrice"]),
                avg_price=float(r["avgPrice"]),
                currency=r.get("currency") or "CNY",
                best_product_id=str(r["bestProductId"]) if r.get("bestProductId") else None,
                p4p_impressions=total.get("p4pImpsCnt"),
                p4p_clicks=total.get("p4pClkCnt"),
                stat_date=total.get("statDate"),
                reserve_price=_fen(total.get("reservePrice")),
                top10_avg_price=_fen(total.get("avgPrice")),
            )
        )
    return out


CAMPAIGN_TYPES = {"标准推广": "standard", "智能推广": "smart"}


def campaign_rows(data: Any) -> list[dict]:
    """allList's campaigns in the older row keys, from either form: a list of rows (older) or
    rows keyed by campaign type (newer: {id, title, budget, todayCost, budgetExhaustTime})."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise answer_error("P4PCampaigns", data)
    return [
        {
            "campaignId": c["id"],
            "campaignName": c.get("title", ""),
            "campaignType": TYPE_KEYS.get(str(t), str(t)),
            "dayBudget": c["budget"],
            "todayCost": c.get("todayCost", 0),
            "budgetExhaustTime": c.get("budgetExhaustTime"),
        }
        for t, rows in data.items()
        for c in rows
    ]


class P4PKeywords(TableScreen[P4PKeyword]):
    key, real = "p4p", "https://www2.alibaba.com/ads/manage_ad_keyword.htm"
    call, model, id_field, max_size = "/bidword/query", P4PKeyword, "keyword_id", 50
    columns = {
        "关键词": ("keyword", None),
        "推广计划": ("campaign", lambda t: CAMPAIGN_TYPES.get(t, t)),
        "出价": ("bid", float),
        "底价": ("base_price", float),
        "推广评分": ("qs_star", int),
        "预估排名": ("est_rank", int),
        "曝光量": ("impressions", int),
        "点击量": ("clicks", int),
        "点击率": ("ctr", pct),
        "平均点击花费": ("cpc", float),
        "花费": ("spend", float),
        "询盘": ("inquiries", int),
    }

    def parse_page(self, payload):
        data = _ok(payload, self.name)
        if isinstance(data, list):  # the newer form: a flat list, the total in the envelope
            return data, int(payload["totalCount"])
        return data["list"], int(data["totalCount"])

    def to_model(self, row: dict) -> P4PKeyword:
        return parse_keyword(row, CAMPAIGN_TYPES.get(str(row.get("campaignName")), str(row.get("campaignName"))))

    async def report(self, start: date, end: date, text: str | None = None) -> list[P4PKeyword]:
        """Every keyword of every campaign with its figures for start..end: the screen opens on its
        first campaign; the others are picked in its campaign picker, as a person would. When the
        session ends on the way, the screen is read again from its first campaign."""
        for attempt in range(3):
            try:
                return await self._report(start, end, text)
            except LeftScreen:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _report(self, start: date, end: date, text: str | None) -> list[P4PKeyword]:
        url = self.url(startDate=start.isoformat(), endDate=end.isoformat(), q=text)
        rows = await self.read_all(url)
        page = self.page
        picker = await select_state(page, PICKER)
        if picker is None:
            raise await self.missing(PICKER, "no campaign picker")
        shown, campaigns = picker
        for cid in campaigns:
            if cid != shown:
                rows += await self._campaign(page, cid)
        return rows

    async def _campaign(self, page: Page, cid: str) -> list[P4PKeyword]:
        rows, total = self.parse_page(await self.after(page, lambda: page.select_option(PICKER, cid), self.call))
        return await self.rest_of(page, rows, total, self.call)

    async def keyword(self, keyword_id: int, text: str) -> P4PKeyword | None:
        return next((r for r in await self.report(*self.week(), text=text) if r.keyword_id == int(keyword_id)), None)

    def week(self) -> tuple[date, date]:
        from datetime import timedelta

        day = self.driver.site_now().date() - timedelta(days=1)
        return day - timedelta(days=6), day

    async def row(self, keyword_id: int, text: str):
        """The keyword's row (a Locator), its campaign picked in the screen's campaign picker."""
        k = await self.keyword(keyword_id, text)
        page = self.page
        if k is None:
            raise await self.missing(f"tr[data-row-key='{keyword_id}']", "keyword not listed")
        if k.campaign_id is not None and await page.locator(PICKER).input_value() != str(k.campaign_id):
            await self.after(page, lambda: page.select_option(PICKER, str(k.campaign_id)), self.call)
        row = page.locator(f"tr.next-table-row[data-row-key='{int(keyword_id)}']")
        if not await row.count():
            raise await self.missing(f"tr[data-row-key='{keyword_id}']", "keyword not listed")
        return row

    async def set_bid(self, keyword_id: int, text: str, bid: float) -> None:
        """Open the bid dialog of one keyword and set its bid (a multiple of 0.1, at least the floor)."""
        row = await self.row(keyword_id, text)
        page = self.page
        await self.after(page, lambda: row.locator("button.action-bid").click(), "bidword/keywordInfo|bid/keyword/bid")
        await page.fill(".bid-input", f"{bid:.1f}")
        await submit(self, page, ".dialog-ok", "/bidword/update", f"关键词「{text}」出价改为 {bid:.1f} 元")


class P4PCampaigns(Screen):
    """The campaign page: its calls campaign/type/allList (real), negativeword/query and
    operation/log/query (guesses)."""

    key, real = "p4p_campaigns", "https://www2.alibaba.com/ads/campaign_list.htm"
    call = ("campaign/type/allList", NEGATIVES, "operation/log/query")

    async def read(self) -> Campaigns:
        got = await self.read_call(".campaign-table")
        camps, negs, log = (_ok(got[c], self.name) for c in self.call)
        camps = campaign_rows(camps)
        by_id = {c["campaignId"]: c for c in camps}
        return Campaigns(
            campaigns=[
                Campaign(
                    campaign=c["campaignType"],
                    campaign_id=c["campaignId"],
                    name=c["campaignName"],
                    daily_budget=float(c["dayBudget"]),
                    spent_today=float(c["todayCost"]),
                    exhausted_at=c.get("budgetExhaustTime"),
                )
                for c in camps
            ],
            negative_keywords=[
                NegativeKeyword(
                    campaign=by_id.get(n["campaignId"], {}).get("campaignType", str(n["campaignId"])), keyword=n["word"]
                )
                for n in negs
            ],
            history=[
                {
                    "at": h["gmtCreate"],
                    "action": h["operateType"],
                    "target": h["target"],
                    "before": h["beforeValue"],
                    "after": h["afterValue"],
                }
                for h in log
            ],
        )

    async def _page_of(self, campaign: str) -> tuple[Page, str]:
        page, got = await self.goto(self.url(), self.call)
        if got is None:
            raise await self.missing(".campaign-table", "no campaign/type/allList call")
        cid = next(
            (
                str(c["campaignId"])
                for c in campaign_rows(_ok(got[self.call[0]], self.name))
                if c["campaignType"] == campaign
            ),
            None,
        )
        if cid is None:
            raise await self.missing(f"tr.campaign-row[data-row-key] ({campaign})", "campaign not listed")
        return page, cid

    async def set_budget(self, campaign: str, amount: float) -> None:
        page, cid = await self._page_of(campaign)
        row = f"tr.campaign-row[data-row-key='{cid}']"
        await page.locator(f"{row} .budget-input").fill(f"{amount:g}")
        await submit(
            self,
            page,
            f"{row} .budget-save",
            "/budget/update|campaign/update",
            f"推广计划「{campaign}」日预算改为 {amount:g} 元",
        )

    async def add_keyword(self, campaign: str, keyword: str, bid: float) -> None:
        """Add a word to a campaign with its bid (the campaign page's 添加关键词 form; a guess)."""
        page, cid = await self._page_of(campaign)
        await page.select_option(".bidword-form [name=campaignId]", cid)
        await page.fill(".bidword-input", keyword)
        await page.fill(".bidword-price", f"{bid:.1f}")
        await submit(
            self,
            page,
            ".bidword-add",
            "bidword/create",
            f"推广计划「{campaign}」添加关键词「{keyword}」出价 {bid:.1f} 元",
        )

    async def add_negative(self, campaign: str, keyword: str) -> None:
        page, cid = await self._page_of(campaign)
        await page.select_option(".negative-form [name=campaignId]", cid)
        await page.fill(".negative-input", keyword)
        await submit(
            self,
            page,
            ".negative-add",
            "negativeword/add|forbidden/keyword/create",
            f"推广计划「{campaign}」添加否定词「{keyword}」",
        )

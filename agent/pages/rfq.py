"""RFQ market (sourcing.alibaba.com): keyword search, RFQ detail, quote form, quote quota."""
from __future__ import annotations

from pydantic import BaseModel

from ._base import Screen, TableScreen
from ._write import submit


class Rfq(BaseModel):
    id: str
    title: str
    keyword: str | None = None
    quantity: int
    unit: str
    country: str
    posted: str
    quotes_left: int
    description: str | None = None
    quoted: bool = False


class RfqQuota(BaseModel):
    base: int
    reward: int
    used: int
    total: int
    left: int
    half_month_ends: str


class QuoteDraft(BaseModel):
    product_name: str
    details: str = ""
    trade_term: str = "FOB"
    port: str = ""
    valid_until: str = ""
    currency: str = "USD"
    unit: str = "Pieces"
    payment: str = "T/T"
    ladder: list[tuple[int, float]]
    message: str
    sample: bool = False


class RfqMarket(TableScreen[Rfq]):
    key, path, api, model = "rfq", "/rfq_search_list.htm", "/rfq/ajax/search.json", Rfq
    columns = {"采购需求": ("title", None), "采购数量": ("quantity", None), "单位": ("unit", None), "国家": ("country", None),
               "发布时间": ("posted", None), "剩余报价名额": ("quotes_left", None), "已报价": ("quoted", "bool")}
    quota_api = "/rfq/ajax/quota.json"

    async def search(self, keyword: str = "") -> list[Rfq]:
        return await self.read_all(SearchText=keyword or None)

    async def quota(self) -> RfqQuota:
        if self.driver.page is None or self.path not in (self.driver.page.url or ""):
            await self.goto(self.url())
        return RfqQuota.model_validate((await self.fetch_json(self.driver.url("rfq_quota", self.quota_api)))["data"])


class QuoteForm(Screen):
    key, path = "rfq_quote", "/rfq/quote.htm"

    async def quote(self, rfq_id: str, d: QuoteDraft) -> None:
        page, _ = await self.goto(self.url(rfqId=rfq_id))
        form = ".quote-form"
        if not await page.locator(form).count():
            raise await self.missing(form)
        for name, value in (("productName", d.product_name), ("details", d.details), ("port", d.port),
                            ("validUntil", d.valid_until), ("unit", d.unit), ("message", d.message)):
            await page.fill(f"{form} [name={name}]", value)
        for name, value in (("tradeTerm", d.trade_term), ("currency", d.currency), ("payment", d.payment)):
            await page.select_option(f"{form} [name={name}]", value)
        for i, (qty, price) in enumerate(d.ladder[:2], start=1):
            await page.fill(f"{form} [name=ladderQty{i}]", str(qty))
            await page.fill(f"{form} [name=ladderPrice{i}]", f"{price:.2f}")
        await page.check(f"{form} [name=sample][value={'yes' if d.sample else 'no'}]")
        await submit(self, page, ".quote-submit", "/rfq/ajax/quote.json", f"send quote for RFQ {rfq_id}: {d.product_name}")

"""RFQ market (sourcing.alibaba.com). The list is server-rendered: the page carries its data as
`window.PAGE_DATA["index"].data.push({...})` blocks, 20 a page, with `pageView{totalItems,
currentPage, totalPages}`; the agent reads that block (cards `.brh-rfq-item__*` as the fallback)
and goes to the next page as the page's own link does (`page=N`). The quote form
(`rfq_quotation_post`) is a plain form that answers 报价成功. The quota block and a card's
quoteLeft/hasQuoted keys are guesses."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from agent.errors import WriteRejected
from agent.pages._base import Screen

PAGE_DATA_JS = """() => { const d = window.PAGE_DATA || {}; const i = d.index || {};
  return {rows: i.data || null, view: i.pageView || null, quota: d.quota || null}; }"""
# the cards, when the page carries no data block: the same fields read from `.brh-rfq-item__*`
CARDS_JS = """() => Array.from(document.querySelectorAll('.brh-rfq-item')).map(c => {
  const t = s => { const e = c.querySelector('.brh-rfq-item__' + s); return e ? e.textContent.trim() : ''; };
  const link = c.querySelector('.brh-rfq-item__subject-link');
  const id = c.dataset.rfqId || ((link && link.href.match(/rfqId=(\\d+)/)) || [])[1] || '';
  const qty = t('quantity').match(/^(\\d+)\\s*(.*)$/) || [null, '0', ''];
  return {rfqId: id, subject: t('subject-link'), quantity: Number(qty[1]), quantityUnit: qty[2], country: t('country'),
          openTimeStr: t('publishtime'), quoteLeft: Number((t('quote-left').match(/\\d+/) || ['0'])[0]),
          hasQuoted: !!c.querySelector('.brh-rfq-item__quoted')}; })"""
PAGES_JS = """() => { const n = s => Number((document.querySelector(s) || {}).textContent || 0);
  return {currentPage: n('.next-current'), totalPages: n('.next-pages') || 1, totalItems: n('.next-total')}; }"""
SUCCESS = "报价成功"


class Rfq(BaseModel):
    id: str
    title: str
    description: str | None = None
    buyer: str = ""
    quantity: int
    unit: str
    country: str
    posted: str  # as the market says it: "2 hours ago"
    star: int | None = None
    quotes_left: int
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


def parse_card(c: dict) -> Rfq:
    """One `window.PAGE_DATA["index"].data` entry."""
    return Rfq(
        id=str(c["rfqId"]),
        title=c["subject"],
        description=c.get("description"),
        buyer=c.get("buyerName") or "",
        quantity=int(c.get("quantity") or 0),
        unit=c.get("quantityUnit") or "",
        country=c.get("country") or "",
        posted=c.get("openTimeStr") or "",
        star=c.get("rfqStarLevel"),
        quotes_left=int(c.get("quoteLeft") or 0),
        quoted=bool(c.get("hasQuoted")),
    )


class RfqMarket(Screen):
    key, real = "rfq", "https://sourcing.alibaba.com/rfq/rfq_search_list.htm"

    async def _page_data(self, url: str) -> dict[str, Any]:
        page, _ = await self.goto(url)
        data = await page.evaluate(PAGE_DATA_JS)
        if data["rows"] is None or data["view"] is None:
            if not await page.locator(".brh-rfq-item__subject-link").count():
                raise await self.missing(
                    'script window.PAGE_DATA["index"]', "no RFQ data block and no RFQ cards on the page"
                )
            self.source = "dom"
            return {
                "rows": await page.evaluate(CARDS_JS),
                "view": await page.evaluate(PAGES_JS),
                "quota": data["quota"],
            }
        self.source, self.last_answer = "page data", data
        return data

    async def first_page(self) -> list[Rfq]:
        return [parse_card(c) for c in (await self._page_data(self.url(page=1)))["rows"]]

    async def search(self, keyword: str = "") -> list[Rfq]:
        """Every RFQ the market lists for `keyword`, page after page."""
        rows: list[Rfq] = []
        n = 1
        while True:
            data = await self._page_data(self.url(searchText=keyword, page=n))
            rows += [parse_card(c) for c in data["rows"]]
            if n >= int(data["view"]["totalPages"]) or not data["rows"]:
                return rows
            n += 1

    async def card(self, rfq_id: str):
        """The market's card of one RFQ (a Locator), paging until it is shown; None when it is not listed."""
        n = 1
        while True:
            data = await self._page_data(self.url(page=n))
            if any(str(c["rfqId"]) == str(rfq_id) for c in data["rows"]):
                page = self.page
                sel = (
                    f".brh-rfq-item[data-rfq-id='{rfq_id}'], "
                    f".brh-rfq-item:has(.brh-rfq-item__subject-link[href*='rfqId={rfq_id}'])"
                )
                return page.locator(sel).first
            if n >= int(data["view"]["totalPages"]) or not data["rows"]:
                return None
            n += 1

    async def quota(self) -> RfqQuota:
        data = await self._page_data(self.url(page=1))
        if not data["quota"]:
            raise await self.missing('script window.PAGE_DATA["quota"]', "no quota block")
        return RfqQuota.model_validate(data["quota"])


class QuoteForm(Screen):
    """The quote form: product name `input.ui2-form-col12`, details textarea, the four selects
    `select.quo-form-validator-item` (trade term, currency, unit, payment), ladder prices
    `input.quo-ladder-price-input`, sample radio Y/N, submit `#form-submit`."""

    key, real = "rfq_quote", "https://sourcing.alibaba.com/rfq/rfq_quotation_post.htm"

    async def quote(self, rfq_id: str, d: QuoteDraft) -> None:
        page, _ = await self.goto(self.url(rfqId=rfq_id))
        if not await page.locator("input.ui2-form-col12").count():
            raise await self.missing("input.ui2-form-col12")
        await page.fill("input.ui2-form-col12", d.product_name)
        await page.fill("textarea[name=details]", d.details)
        selects = page.locator("select.quo-form-validator-item")
        for i, value in enumerate((d.trade_term, d.currency, d.unit, d.payment)):
            await selects.nth(i).select_option(value)
        await page.fill("input[name=port]", d.port)
        await page.fill("input[name=validUntil]", d.valid_until)
        qty, price = page.locator("input.quo-ladder-quantity-input"), page.locator("input.quo-ladder-price-input")
        for i, (q, p) in enumerate(d.ladder[:2]):
            await qty.nth(i).fill(str(q))
            await price.nth(i).fill(f"{p:.2f}")
        await page.fill("textarea[name=message]", d.message)
        await page.check(f"input[name=sample][value={'Y' if d.sample else 'N'}]")
        await self.driver.step(
            "write",
            f"发送报价 RFQ {rfq_id}：{d.product_name}，"
            + "，".join(f"{q} {d.unit} × {d.currency} {p:.2f}" for q, p in d.ladder)
            + f"，{d.trade_term} {d.port}，{d.payment}",
            page.url,
            selector="#form-submit",
        )
        async with page.expect_navigation(wait_until="domcontentloaded"):
            await page.click("#form-submit")
        result = await page.locator(".quote-result").all_inner_texts()
        if SUCCESS not in " ".join(result):
            raise WriteRejected(f"{self.name}: the site refused: {' '.join(result).strip() or 'no answer on the page'}")

"""Buyer search page (www.alibaba.com/trade/search?SearchText=K&page=N), read as a buyer in an
incognito context. The page embeds its offer list as `window.__page__data_sse10._offer_list`;
that is read first, the rendered `fy23-search-card` cards are the fallback when it is absent.

One search page costs one request: everything but the document is aborted."""
from __future__ import annotations

import json
import re
from urllib.parse import quote_plus

from playwright.async_api import BrowserContext, Page
from pydantic import BaseModel

from ..errors import NeedsHuman, PageStructureError, TransientError
from .login import CHALLENGE_URL_MARKERS

DATA_MARK = "_offer_list"
_DATA_RE = re.compile(r"_offer_list\s*=\s*")
_PID_RE = re.compile(r"_(\d{6,})\.html")
CARD = "div.fy23-search-card"
CARD_JS = """cards => cards.map(c => {
  const links = Array.from(c.querySelectorAll('a.search-card-e-slider__link')).map(a => a.getAttribute('href') || '');
  const comp = c.querySelector('[data-company-id]');
  return {links, company: comp ? comp.getAttribute('data-company-id') : null,
          ad: !!c.querySelector('.search-card-e-ad'), brand: c.classList.contains('brand-ad-card'),
          title: (c.querySelector('.search-card-e-title') || {}).innerText || ''};
})"""


class Slot(BaseModel):
    """One slot of a result page: an organic offer, a P4P ad, or a brand ad (with its product list)."""
    kind: str                       # organic | p4p | brand
    product_id: str
    company_id: str | None = None
    title: str = ""
    product_list: list[str] = []    # brand ad: the supplier's other products shown in the same slot


def _kind(o: dict) -> str:
    track = o.get("trackInfo") or ""
    item = next((p.split(":", 1)[1] for p in track.split("@@") if p.startswith("item_type:")), "")
    if o.get("isNewAd") and (item in ("newad", "") or o.get("productList")):
        return "brand"
    if o.get("isP4P") or o.get("isShowAd") or item == "p4p" or str(o.get("productUrl", "")).endswith("?s=p"):
        return "p4p"
    return "organic"


def slots_from_data(data: dict) -> list[Slot]:
    offers = (data.get("offerResultData") or {}).get("offers")
    if offers is None:
        raise ValueError("offerResultData.offers missing")
    out = []
    for o in offers:
        out.append(Slot(kind=_kind(o), product_id=str(o.get("productId") or o.get("id")), company_id=str(o.get("companyId") or "") or None,
                        title=o.get("enPureTitle") or re.sub(r"</?b>", "", o.get("title") or ""),
                        product_list=[str(p.get("productId") or p.get("id")) for p in o.get("productList") or []]))
    return out


def embedded_data(html: str) -> dict | None:
    """The offer-list object embedded in the page, or None when the page carries none."""
    m = _DATA_RE.search(html)
    if not m:
        return None
    try:
        obj, _ = json.JSONDecoder().raw_decode(html, m.end())
    except json.JSONDecodeError:
        return None
    return obj if isinstance(obj, dict) else None


def slots_from_cards(cards: list[dict]) -> list[Slot]:
    out = []
    for c in cards:
        ids = [m.group(1) for m in (_PID_RE.search(h) for h in c["links"]) if m]
        if not ids:
            continue
        kind = "brand" if c["brand"] else ("p4p" if c["ad"] or any(h.endswith("?s=p") for h in c["links"]) else "organic")
        out.append(Slot(kind=kind, product_id=ids[0], company_id=c.get("company"), title=c.get("title", "").strip(),
                        product_list=ids[1:] if kind == "brand" else []))
    return out


async def _document_only(route) -> None:
    if route.request.resource_type == "document":
        await route.fallback()
    else:
        await route.abort()


class BuyerSearch:
    """The buyer search page in one incognito context."""

    def __init__(self, context: BrowserContext, url_template: str, pacer=None):
        self.context, self.template, self.pacer = context, url_template, pacer
        self.page: Page | None = None
        self.requests = 0

    async def open(self) -> "BuyerSearch":
        await self.context.route("**/*", _document_only)
        self.page = await self.context.new_page()
        return self

    def url(self, keyword: str, page: int) -> str:
        return self.template.format(keyword=quote_plus(keyword), page=page)

    async def results(self, keyword: str, page: int) -> tuple[list[Slot], str]:
        """Slots of one result page, and where they came from ('data' or 'cards')."""
        if self.pacer:
            await self.pacer.wait()
        self.requests += 1
        resp = await self.page.goto(self.url(keyword, page), wait_until="domcontentloaded")
        if any(m in self.page.url for m in CHALLENGE_URL_MARKERS):
            raise NeedsHuman(f"search for {keyword!r} page {page} met a slider page; rank checks paused")
        if resp is None or resp.status >= 500:
            raise TransientError(f"search page {page} for {keyword!r}: HTTP {resp.status if resp else '?'}")
        html = await resp.text()
        data = embedded_data(html)
        if data is not None:
            try:
                return slots_from_data(data), "data"
            except ValueError:
                pass
        cards = await self.page.locator(CARD).evaluate_all(CARD_JS)
        if not cards and "search-card" not in html and "organic-list" not in html:
            raise PageStructureError("BuyerSearch", f"{DATA_MARK} or {CARD}", None, f"neither on {self.page.url}")
        return slots_from_cards(cards), "cards"

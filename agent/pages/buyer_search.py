"""Buyer search page (www.alibaba.com/trade/search?SearchText=K&page=N), read as a buyer in an
incognito context. The page embeds its offer list as `window.__page__data_sse10._offer_list`;
that is read first, the rendered `fy23-search-card` cards are the fallback when it is absent.

One search page costs one request: everything but the document is aborted, and pages after the
first are fetched from inside the first."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote_plus, urlsplit

from ..errors import NeedsHuman, PageStructureError, TransientError
from .login import CHALLENGE_URL_MARKERS

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Page

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


@dataclass(slots=True)
class Slot:
    """One slot of a result page: an organic offer, a P4P ad, or a brand ad (with its product list).
    A plain dataclass, as are a rank check's results: a `rank` process imports no pydantic."""

    kind: str  # organic | p4p | brand
    product_id: str
    company_id: str | None = None
    title: str = ""
    product_list: list[str] = field(default_factory=list)  # brand ad: the supplier's other products in the same slot


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
        out.append(
            Slot(
                kind=_kind(o),
                product_id=str(o.get("productId") or o.get("id")),
                company_id=str(o.get("companyId") or "") or None,
                title=o.get("enPureTitle") or re.sub(r"</?b>", "", o.get("title") or ""),
                product_list=[str(p.get("productId") or p.get("id")) for p in o.get("productList") or []],
            )
        )
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
        kind = (
            "brand" if c["brand"] else ("p4p" if c["ad"] or any(h.endswith("?s=p") for h in c["links"]) else "organic")
        )
        out.append(
            Slot(
                kind=kind,
                product_id=ids[0],
                company_id=c.get("company"),
                title=c.get("title", "").strip(),
                product_list=ids[1:] if kind == "brand" else [],
            )
        )
    return out


async def _document_only(route) -> None:
    if route.request.resource_type in ("document", "fetch", "xhr"):
        await route.fallback()
    else:
        await route.abort()


MODES = ("request", "browser")


class BuyerSearch:
    """The buyer search page in one incognito context.

    mode "request": every page is read through the context's own request API (its cookie jar, no
    renderer), and a page is opened only when a result page lacks the embedded data and its cards
    must be rendered. mode "browser": page 1 is a real navigation, later pages are fetched from
    inside it. Both cost one request per result page."""

    def __init__(self, context: BrowserContext, url_template: str, pacer=None, mode: str = "request"):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.context, self.template, self.pacer, self.mode = context, url_template, pacer, mode
        self.page: Page | None = None
        self.requests = 0

    async def open(self) -> "BuyerSearch":
        if self.mode == "browser":
            await self._new_page()
        return self

    async def _new_page(self) -> Page:
        if self.page is None:
            await self.context.route("**/*", _document_only)
            self.page = await self.context.new_page()
        return self.page

    async def close(self) -> None:
        if self.page is not None:
            await self.page.close()

    def url(self, keyword: str, page: int) -> str:
        return self.template.format(keyword=quote_plus(keyword), page=page)

    async def results(self, keyword: str, page: int) -> tuple[list[Slot], str]:
        """Slots of one result page, and where they came from ('data' or 'cards').

        Page 1 is a real navigation, as a buyer's visit. Later pages are fetched from inside that
        page (same cookies, the browser's own network stack), which costs a fraction of a
        navigation; a page without embedded data is navigated to so its cards render."""
        if self.pacer:
            await self.pacer.wait()
        url = self.url(keyword, page)
        if self.mode == "request":
            self.requests += 1
            r = await self.context.request.get(url, fail_on_status_code=False, timeout=30000)
            self._check(r.url, r.status, keyword, page)
            slots = _from_data(embedded_data(await r.text()))
            if slots is not None:
                return slots, "data"
        elif page > 1 and self.page is not None and self.page.url.startswith(_origin(url)):
            self.requests += 1
            r = await self.page.evaluate(_FETCH_JS, url)
            self._check(r["url"], r["status"], keyword, page)
            data = embedded_data(r["text"])
            slots = _from_data(data)
            if slots is not None:
                return slots, "data"
        return await self._navigate(url, keyword, page)

    async def _navigate(self, url: str, keyword: str, page: int) -> tuple[list[Slot], str]:
        self.requests += 1
        tab = await self._new_page()
        resp = await tab.goto(url, wait_until="domcontentloaded")
        self._check(tab.url, resp.status if resp else 0, keyword, page)
        html = await resp.text() if resp else ""
        slots = _from_data(embedded_data(html))
        if slots is not None:
            return slots, "data"
        cards = await tab.locator(CARD).evaluate_all(CARD_JS)
        if not cards and "search-card" not in html and "organic-list" not in html:
            raise PageStructureError("BuyerSearch", f"{DATA_MARK} or {CARD}", None, f"neither on {tab.url}")
        return slots_from_cards(cards), "cards"

    @staticmethod
    def _check(final_url: str, status: int, keyword: str, page: int) -> None:
        if any(m in final_url for m in CHALLENGE_URL_MARKERS):
            raise NeedsHuman(f"search for {keyword!r} page {page} met a slider page; rank checks paused")
        if status == 0 or status >= 500:
            raise TransientError(f"search page {page} for {keyword!r}: HTTP {status or '?'}")


_FETCH_JS = """async (u) => { const r = await fetch(u, {credentials: 'include'});
  return {status: r.status, url: r.url, text: await r.text()}; }"""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _from_data(data: dict | None) -> list[Slot] | None:
    if data is None:
        return None
    try:
        return slots_from_data(data)
    except ValueError:
        return None

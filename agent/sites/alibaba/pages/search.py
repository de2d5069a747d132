"""Buyer search page on Alibaba.com (www.alibaba.com/trade/search?SearchText=K&page=N), read as a
buyer in an incognito context. The page embeds its offer list as
`window.__page__data_sse10._offer_list`; that is read first, the rendered `fy23-search-card` cards
are the fallback when it is absent.

One search page costs one request: everything but the document is aborted, and pages after the
first are fetched from inside the first."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from agent.errors import PageStructureError
from agent.pages.buyer_search import BuyerSearch, Slot

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


class AlibabaSearch(BuyerSearch):
    """Alibaba.com's result pages: the embedded offer list, else the rendered cards."""

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
            text = await r.text()
            self._check(r.url, r.status, keyword, page, r.headers, text)
            slots = _from_data(embedded_data(text))
            if slots is not None:
                return slots, "data"
        elif page > 1 and self.page is not None and self.page.url.startswith(_origin(url)):
            self.requests += 1
            r = await self.page.evaluate(_FETCH_JS, url)
            self._check(r["url"], r["status"], keyword, page, r["headers"], r["text"])
            data = embedded_data(r["text"])
            slots = _from_data(data)
            if slots is not None:
                return slots, "data"
        return await self._navigate(url, keyword, page)

    async def _navigate(self, url: str, keyword: str, page: int) -> tuple[list[Slot], str]:
        self.requests += 1
        tab = await self._new_page()
        resp = await tab.goto(url, wait_until="domcontentloaded")
        html = await resp.text() if resp else ""
        self._check(tab.url, resp.status if resp else 0, keyword, page, resp.headers if resp else None, html)
        slots = _from_data(embedded_data(html))
        if slots is not None:
            return slots, "data"
        cards = await tab.locator(CARD).evaluate_all(CARD_JS)
        if not cards and "search-card" not in html and "organic-list" not in html:
            raise PageStructureError("BuyerSearch", f"{DATA_MARK} or {CARD}", None, f"neither on {tab.url}")
        return slots_from_cards(cards), "cards"


_FETCH_JS = """async (u) => { const r = await fetch(u, {credentials: 'include'});
  return {status: r.status, url: r.url, text: await r.text(),
          headers: {bxpunish: r.headers.get('bxpunish') || '', 'x-sec-reason': r.headers.get('x-sec-reason') || ''}}; }"""


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

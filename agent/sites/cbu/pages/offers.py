"""供应产品管理 (offer.1688.com/offer/manage.htm?show_type=valid): the page GETs
manage_mini.vm?lifePeriod=&currentPage=&pageSize= and answers {msgType, totalCount, currentPage,
pageSize, items[]} with the keys of REAL_SITE.md; gmtModified (the last re-publish) and infoStar
(information quality) are guesses of the list's other keys. 重发 (re-publish) is the page's batch
button over the ticked rows (the call offer/ajax/repost.json is a guess); the editor
(offer/post/edit.htm) is a guess too. The newer list (an SPA at
app/pages-group/manage-home/index.html, 20 a page, the call carrying the page's csrf) may ignore
lifePeriod and answer the whole catalogue, and its rows may lack statusName: both are read."""

from __future__ import annotations

import builtins
from datetime import datetime

from playwright.async_api import Page
from pydantic import BaseModel

from agent.errors import TransientError, WriteRejected
from agent.pages._base import Screen, TableScreen, answer_error
from agent.pages._write import submit

REPOST = "offer/ajax/repost.json"
# the list's words for a row without statusName (newer rows may lack it)
LIFE_WORDS = {"valid": "上架中", "sellOut": "库存售罄", "expired": "已过期", "draft": "待上架"}


class Offer(BaseModel):
    id: str
    title: str
    item_number: str = ""
    life: str  # valid (上架中) | sellOut | expired | draft
    status: str  # the list's own words: 上架中, 库存售罄, 违规下架 ...
    price: float | None = None
    info_stars: int | None = None
    showcase: bool = False
    modified: datetime  # gmtModified: the last re-publish or publication (site time)

    @property
    def on_sale(self) -> bool:
        return self.life == "valid"


class RepostResult(BaseModel):
    done: list[str] = []
    refused: dict[str, str] = {}  # offer id -> the site's reason


class OfferList(TableScreen[Offer]):
    key, real, call = "cbu_offers", "https://offer.1688.com/offer/manage.htm", "offer/manage_mini.vm"
    model, max_size = Offer, 50

    def parse_page(self, payload) -> tuple[list[dict], int]:
        if not isinstance(payload, dict) or payload.get("msgType") != "success":
            raise answer_error(self.name, payload)
        return payload["items"], int(payload["totalCount"])

    def to_model(self, r: dict) -> Offer:
        return Offer(
            id=str(r["offerId"]),
            title=r["subject"],
            item_number=r.get("itemNumber") or "",
            life=r["lifePeriod"],
            status=r.get("statusName") or LIFE_WORDS.get(r["lifePeriod"], r["lifePeriod"]),
            price=float(r["unitPrice"]) if r.get("unitPrice") else None,
            info_stars=r.get("infoStar"),
            showcase=bool(r.get("isShowcase")),
            modified=datetime.fromisoformat(r["gmtModified"]),
        )

    async def list(self, life: str = "valid") -> builtins.list[Offer]:
        """Offers of one tab of the list: valid (on sale, the default), sellOut, expired, draft, or all.
        The newer list sometimes ignores the tab and answers the whole catalogue: the rows are kept
        by their own lifePeriod."""
        if life == "valid":
            rows = await self.read_all(self.url(show_type="valid"))
        else:
            page, _ = await self.goto(self.url(show_type="valid"), self.call)
            got = self.parse_page(
                await self.after(page, lambda: page.click(f".life-tab[data-life='{life}']"), self.call)
            )
            rows = await self.rest_of(page, *got, self.call)
        return [o for o in rows if life == "all" or o.life == life]

    async def repost(self, ids: builtins.list[str]) -> RepostResult:
        """Tick the offers on each page of the 上架中 list and press 批量重发; the site's answer says
        which went through and why the others did not."""
        want, out = set(ids), RepostResult()
        page, got = await self.goto(self.url(show_type="valid"), self.call)
        if got is None:
            raise await self.missing(".offer-table", f"no {self.call} call")
        rows, total = self.parse_page(got[1])
        if len(rows) < total and (size := await self._bigger_size(page)):
            rows, total = self.parse_page(
                await self.after(page, lambda: page.select_option(".next-page-size", str(size)), self.call)
            )
        seen, n = 0, 1
        while True:
            seen += len(rows)
            here = [str(r["offerId"]) for r in rows if str(r["offerId"]) in want]
            if here:
                await self._repost_here(page, here, out)
            if seen >= total or not rows or want <= set(out.done) | set(out.refused):
                break
            n += 1
            rows, total = self.parse_page(await self.after(page, lambda: self.turn_page(page, n), self.call))
        return out

    async def _repost_here(self, page: Page, ids: builtins.list[str], out: RepostResult) -> None:
        for oid in ids:
            await page.check(f"tr.next-table-row[data-row-key='{oid}'] .offer-check")
        body = await submit(self, page, ".batch-repost", REPOST, f"重发 {len(ids)} 条产品 ({', '.join(ids[:5])}…)")
        out.done += [str(x) for x in body["data"]["successIds"]]
        out.refused.update({str(f["offerId"]): f["reason"] for f in body["data"]["failList"]})
        # the page lists its table again after the write: wait for it before the next page turn
        try:
            await page.wait_for_function(
                "() => !document.querySelector('.offer-check:checked')", timeout=self.driver.nav_timeout * 1000
            )
        except Exception:
            raise TransientError(f"{self.name}: the list did not reload after 重发") from None


class OfferEditor(Screen):
    """修改产品信息 (a guess: offer/post/edit.htm?offerId=, title in #subject, at most 30 characters)."""

    key, real = "cbu_offer_editor", "https://offer.1688.com/offer/post/edit.htm"

    async def _open(self, offer_id: str) -> Page:
        page, _ = await self.goto(self.url(offerId=offer_id))
        if not await page.locator("#subject").count():
            raise await self.missing("#subject", f"offer {offer_id}")
        return page

    async def title(self, offer_id: str) -> str:
        return await (await self._open(offer_id)).input_value("#subject")

    async def set_title(self, offer_id: str, title: str) -> None:
        page = await self._open(offer_id)
        await page.fill("#subject", title)
        await self.driver.step("write", f"产品 {offer_id} 标题 → {title}", page.url, selector="#submit-btn")
        async with page.expect_navigation(wait_until="domcontentloaded"):
            await page.click("#submit-btn")
        if await page.locator(".error-msg").count():
            raise WriteRejected(f"{self.name}: the site refused: {(await page.inner_text('.error-msg')).strip()}")
        if not await page.locator(".publish-success").count():
            raise await self.missing(".publish-success", "no confirmation after 发布")

"""Buyer search on 1688 (s.1688.com/selloffer/offer_search.htm?keywords=<GBK>&beginPage=N), read as
a buyer in an incognito context. The page is an empty shell: its script asks h5api.m.1688.com's
mtop call `mtop.relationrecommend.wirelessrecommend.recommend` for the offers, signed
md5(token&t&appKey&data) with the token from the `_m_h5_tk` cookie that a first unsigned call sets.

mode "browser": the page is opened and the answer its own script fetched is read.
mode "request": the mtop call is made through the context's request API as 1688's public search
clients do (no renderer): unsigned first when there is no token, then signed; a
FAIL_SYS_TOKEN_EMPTY/EXPIRED or FAIL_SYS_ILLEGAL_ACCESS answer brings a new cookie and is signed
again. Offers with isP4P "true" (or block "P4P") are 网销宝 ads. The newer page asks type=jsonp
(`mtopjsonpreqTppId_32517_getOfferList2(…)`) and may get the offers as data.data.offerList[] with
totalCount: both are read."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from agent.errors import NeedsHuman, PageStructureError, TransientError
from agent.pages._net import MTOP_SIGN_AGAIN, parse_body
from agent.pages.buyer_search import BuyerSearch, Slot
from agent.pages.login import CHALLENGE_URL_MARKERS

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext

APP_KEY = "12574478"
API = "mtop.relationrecommend.wirelessrecommend.recommend"
MTOP_PATH = f"/h5/{API}/2.0/"
REAL_MTOP = "https://h5api.m.1688.com" + MTOP_PATH
PAGE_SIZE = 60
SIGN_AGAIN = MTOP_SIGN_AGAIN
SLIDER = ("RGV587_ERROR", "FAIL_SYS_USER_VALIDATE")
BACK_OFF = ("FLOWLIMIT", "FAIL_SYS_FLOWLIMIT")


def gbk(keyword: str) -> str:
    """The keyword as s.1688.com's links write it: GBK, percent-encoded (跨境灯具 -> %BF%E7%BE%B3%B5%C6%BE%DF)."""
    try:
        return quote(keyword.encode("gbk"))
    except UnicodeEncodeError:  # a character GBK lacks: the site takes UTF-8 too
        return quote(keyword.encode("utf-8"))


def sign(token: str, t: str, data: str) -> str:
    return hashlib.md5(f"{token}&{t}&{APP_KEY}&{data}".encode()).hexdigest()


def slots_from_mtop(body: dict) -> list[Slot]:
    """The offers of an answer in either shape: data.data.OFFER.items[{data}] or (newer) data.data.offerList[]."""
    try:
        inner = body["data"]["data"]
        items = [{"data": o} for o in inner["offerList"]] if "offerList" in inner else inner["OFFER"]["items"]
    except (KeyError, TypeError):
        raise ValueError("data.data.OFFER.items or data.data.offerList missing") from None
    out = []
    for it in items:
        o = it.get("data") or {}
        if not o.get("offerId"):
            continue
        ad = str(o.get("isP4P")).lower() == "true" or it.get("block") == "P4P" or o.get("block") == "P4P"
        out.append(
            Slot(
                kind="p4p" if ad else "organic",
                product_id=str(o["offerId"]),
                company_id=o.get("memberId"),
                title=o.get("title") or "",
            )
        )
    return out


async def _page_and_script(route) -> None:
    """The shell, its script and the script's calls load; images, fonts and styles do not."""
    if route.request.resource_type in ("document", "script", "fetch", "xhr"):
        await route.fallback()
    else:
        await route.abort()


def _ret(body: dict) -> str:
    return str((body.get("ret") or [""])[0]) if isinstance(body, dict) else ""


class CbuSearch(BuyerSearch):
    """The same use as every site's buyer search (open, results, requests, close), 1688's way."""

    def __init__(self, context: BrowserContext, url_template: str, pacer=None, mode: str = "request"):
        super().__init__(context, url_template, pacer, mode)
        parts = urlsplit(url_template)
        host = parts.hostname or ""
        self.mtop_url = (
            REAL_MTOP
            if host == "1688.com" or host.endswith(".1688.com")
            else f"{parts.scheme}://{parts.netloc}{MTOP_PATH}"
        )

    async def open(self) -> "CbuSearch":
        return self  # browser mode opens its page (with the page's script allowed) at the first search

    def url(self, keyword: str, page: int) -> str:
        return self.template.format(keyword=gbk(keyword), page=page)

    async def results(self, keyword: str, page: int) -> tuple[list[Slot], str]:
        if self.pacer:
            await self.pacer.wait()
        body = await (self._request(keyword, page) if self.mode == "request" else self._browse(keyword, page))
        try:
            return slots_from_mtop(body), "mtop"
        except ValueError as e:
            raise PageStructureError("CbuSearch", API, None, str(e)) from None

    # ---- request mode ------------------------------------------------------------------------------
    async def _token(self) -> str:
        for c in await self.context.cookies(self.mtop_url):
            if c["name"] == "_m_h5_tk":
                return c["value"].split("_")[0]
        return ""

    async def _request(self, keyword: str, page: int) -> dict:
        data = json.dumps(
            {"keywords": keyword, "beginPage": page, "pageSize": PAGE_SIZE, "method": "getOfferList", "charset": "GBK"},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for _ in range(3):
            token, t = await self._token(), str(int(time.time() * 1000))
            self.requests += 1
            r = await self.context.request.get(
                self.mtop_url,
                fail_on_status_code=False,
                timeout=30000,
                params={
                    "jsv": "2.7.2",
                    "appKey": APP_KEY,
                    "t": t,
                    "sign": sign(token, t, data),
                    "api": API,
                    "v": "2.0",
                    "type": "originaljson",
                    "dataType": "json",
                    "data": data,
                },
            )
            self._check_status(r.status, keyword, page)
            body = await r.json()
            ret = _ret(body)
            if ret.startswith("SUCCESS"):
                return body
            self._check_ret(ret, keyword, page)
        raise TransientError(f"1688 search {keyword!r} page {page}: the mtop token was refused three times")

    # ---- browser mode ------------------------------------------------------------------------------
    async def _browse(self, keyword: str, page: int) -> dict:
        if self.page is None:
            await self.context.route("**/*", _page_and_script)
            self.page = await self.context.new_page()
        answers: asyncio.Queue = asyncio.Queue()

        async def on_response(resp):
            if MTOP_PATH in resp.url:
                try:
                    answers.put_nowait(parse_body(await resp.text()))  # JSON, or JSONP (the newer page)
                except Exception:  # a redirect or an empty answer: the page's script handles it
                    pass

        self.page.on("response", on_response)
        try:
            self.requests += 1
            resp = await self.page.goto(self.url(keyword, page), wait_until="domcontentloaded")
            punished = resp is not None and (
                resp.headers.get("bxpunish") == "1" or bool(resp.headers.get("x-sec-reason")) or resp.status == 429
            )
            if punished or any(m in self.page.url for m in CHALLENGE_URL_MARKERS):
                raise NeedsHuman(
                    f"1688 search for {keyword!r} page {page} met the site's challenge; rank checks paused"
                )
            self._check_status(resp.status if resp else 0, keyword, page)
            deadline = time.monotonic() + 30
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TransientError(f"1688 search {keyword!r} page {page}: the page never got its offers")
                try:
                    body = await asyncio.wait_for(answers.get(), left)
                except TimeoutError:
                    continue
                self.requests += 1
                ret = _ret(body)
                if ret.startswith("SUCCESS"):
                    return body
                self._check_ret(ret, keyword, page)  # a token answer: the page signs again by itself
        finally:
            self.page.remove_listener("response", on_response)

    @staticmethod
    def _check_status(status: int, keyword: str, page: int) -> None:
        if status == 429:  # the site's challenge in its 429 style: a person looks, nothing hammers on
            raise NeedsHuman(
                f"1688 search for {keyword!r} page {page}: HTTP 429 (too many requests); rank checks paused"
            )
        if status == 0 or status >= 500:
            raise TransientError(f"1688 search {keyword!r} page {page}: HTTP {status or '?'}")

    @staticmethod
    def _check_ret(ret: str, keyword: str, page: int) -> None:
        if ret.startswith(SLIDER):
            raise NeedsHuman(
                f"1688 search for {keyword!r} page {page} asks for a slider ({ret.split('::')[0]}); rank checks paused"
            )
        if ret.startswith(BACK_OFF):
            raise TransientError(f"1688 search {keyword!r} page {page}: {ret.split('::')[0]}; backing off")
        if not ret.startswith(SIGN_AGAIN):
            raise TransientError(f"1688 search {keyword!r} page {page}: mtop answered {ret[:80]}")

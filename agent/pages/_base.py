"""The one implementation behind every back-office screen: open it with session recovery and
retries, read the JSON the page itself receives and page through the same call, fall back to the
DOM table, and raise a named error when the screen is not what it should be."""
from __future__ import annotations

import asyncio
import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar, Generic, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from loguru import logger
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Response
from playwright.async_api import TimeoutError as PlaywrightTimeout
from pydantic import BaseModel
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from .. import _redact
from ..context import PageContext
from ..errors import PageStructureError, TransientError
from .login import PageState, classify

Row = TypeVar("Row", bound=BaseModel)
PAGE_SIZE = 100
TRANSIENT = (TransientError, PlaywrightTimeout)
_PLAYWRIGHT_NET = re.compile(r"net::ERR_|Navigation failed|Target closed|ECONNRE")


def retrying(attempts: int = 4):
    """Retries for transient faults only (5xx, timeouts, dropped connections)."""
    return AsyncRetrying(retry=retry_if_exception_type(TRANSIENT), stop=stop_after_attempt(attempts),
                         wait=wait_exponential(multiplier=0.2, max=3), reraise=True)


class _Expired(Exception):
    pass


def _check_payload(payload: Any) -> Any:
    if isinstance(payload, dict) and (payload.get("code") == "SESSION_EXPIRED" or "rgv587_flag" in payload):
        raise _Expired()
    return payload


class Screen:
    """A back-office screen. Subclasses name their URL; table screens add their JSON call."""

    key: ClassVar[str] = ""
    path: ClassVar[str] = ""

    def __init__(self, ctx: PageContext):
        self.ctx = ctx

    @property
    def name(self) -> str:
        return type(self).__name__

    def url(self, **query) -> str:
        base = self.ctx.url(self.key, self.path)
        q = {k: v for k, v in query.items() if v is not None}
        return base + (("&" if "?" in base else "?") + urlencode(q) if q else "")

    async def goto(self, url: str, api: str | None = None) -> tuple[Page, Response | None]:
        """Navigate with pacing, session recovery and retries; wait for the page's JSON call `api`
        (None when the call never came: the caller falls back to the DOM)."""
        await self.ctx.step("open", self.name, url)
        async for attempt in retrying():
            with attempt:
                return await self._goto_once(url, api)
        raise AssertionError("unreachable")

    async def _goto_once(self, url: str, api: str | None):
        for _ in range(4):
            page = await self.ctx.get_page()
            await self.ctx.pace()
            self.ctx.last_url, self.ctx.navigations = url, self.ctx.navigations + 1
            self.ctx.sc.count_navigation()
            waiter = _ResponseWaiter(page, api) if api else None
            try:
                try:
                    resp = await page.goto(url, wait_until="domcontentloaded")
                except PlaywrightError as e:
                    if _PLAYWRIGHT_NET.search(str(e)):
                        raise TransientError(f"{self.name}: {e}") from None
                    raise
                if await self.ctx.session.recover(page):
                    continue  # logged in again (or challenge cleared): go back to where we were
                if resp is not None and resp.status >= 500:
                    raise TransientError(f"{self.name}: HTTP {resp.status} for {url}")
                self.ctx.visited.add(self.key)
                await _register_csrf(page)
                if waiter is None:
                    return page, None
                got = await waiter.wait(page, self.ctx.settings.nav_timeout)
                if waiter.site_time:
                    self.ctx.site_time = waiter.site_time
                if got is _LEFT_PAGE:
                    if await self.ctx.session.recover(page):
                        continue
                    raise TransientError(f"{self.name}: page left {url} unexpectedly")
                return page, got
            finally:
                if waiter:
                    waiter.close()
        raise TransientError(f"{self.name}: could not stay logged in on {url}")

    async def fetch_json(self, url: str) -> Any:
        """GET a JSON call from inside the page (same cookies, headers and referer as its own
        fetch()), with retries and session recovery."""
        async for attempt in retrying():
            with attempt:
                page = await self.ctx.get_page()
                try:
                    r = await page.evaluate(_FETCH_JS, url)
                except PlaywrightError as e:
                    raise TransientError(f"{self.name}: {e}") from None
                if r["status"] >= 500:
                    raise TransientError(f"{self.name}: HTTP {r['status']} for {url}")
                try:
                    return _check_payload(json.loads(r["text"]))
                except _Expired:
                    await page.reload(wait_until="domcontentloaded")
                    await self.ctx.session.recover(page)
                    raise TransientError(f"{self.name}: session expired while paging") from None
                except json.JSONDecodeError:
                    await self.ctx.session.recover(page)
                    raise TransientError(f"{self.name}: answer to {url} is not JSON") from None
        raise AssertionError("unreachable")

    async def read_call(self, shown_in: str) -> dict:
        """Open the screen and return the `data` of the JSON call that fills it (`shown_in`: the
        element it fills, named in the error when the call never comes)."""
        _, got = await self.goto(self.url(), self.api)
        if got is None:
            raise await self.missing(shown_in, f"no {self.api} call")
        if not got[1].get("success"):
            raise await self.missing(shown_in, str(got[1].get("message")))
        return got[1]["data"]

    async def missing(self, selector: str, detail: str = "") -> PageStructureError:
        shot = await self.ctx.screenshot(self.ctx.page, self.name)
        return PageStructureError(self.name, selector, shot, detail)

    async def text(self, selector: str) -> str:
        page = self.ctx.page
        loc = page.locator(selector)
        try:
            await loc.first.wait_for(state="attached", timeout=5000)
        except PlaywrightTimeout:
            raise await self.missing(selector) from None
        return (await loc.first.inner_text()).strip()


_LEFT_PAGE = object()
CSRF_META = "meta[name=csrf-token]"


async def _register_csrf(page: Page) -> None:
    """The page's CSRF token is a secret too: mask it in logs and traces."""
    try:
        token = await page.evaluate("s => { const m = document.querySelector(s); return m ? m.content : null; }", CSRF_META)
    except PlaywrightError:
        return
    _redact.register(token)
_FETCH_JS = """async (u) => { const r = await fetch(u, {credentials: 'same-origin', headers: {'Accept': 'application/json'}});
  return {status: r.status, text: await r.text()}; }"""


class _ResponseWaiter:
    """Collects the first response whose URL contains `pattern`, registered before navigation."""

    def __init__(self, page: Page, pattern: str):
        self.page, self.pattern = page, pattern
        self.site_time: datetime | None = None
        self.fut: asyncio.Future = asyncio.get_running_loop().create_future()
        page.on("response", self._on)

    def _on(self, r: Response) -> None:
        if self.pattern in r.url and not self.fut.done():
            self.fut.set_result(r)

    def close(self) -> None:
        self.page.remove_listener("response", self._on)

    async def wait(self, page: Page, timeout: float):
        """The JSON payload; None when the page went idle without the call; _LEFT_PAGE when the
        page went to login/challenge."""
        idle = asyncio.ensure_future(page.wait_for_load_state("networkidle", timeout=timeout * 1000))
        try:
            done, _ = await asyncio.wait({self.fut, idle}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            if self.fut.done():
                r: Response = self.fut.result()
                if r.status >= 500:
                    raise TransientError(f"HTTP {r.status} for {r.url}")
                try:
                    payload = _check_payload(await r.json())
                except _Expired:
                    await page.wait_for_load_state("domcontentloaded")
                    await asyncio.sleep(0.2)
                    return _LEFT_PAGE
                except (PlaywrightError, json.JSONDecodeError) as e:
                    raise TransientError(f"unreadable answer from {r.url}: {e}") from None
                self.site_time = _date_header(r)
                return r.url, payload
            if await classify(page) is not PageState.OK:
                return _LEFT_PAGE
            if not done:
                raise TransientError(f"{page.url}: no answer within {timeout:.0f}s")
            return None
        finally:
            idle.cancel()


class TableScreen(Screen, Generic[Row]):
    """A screen whose table is filled by fetch() from a paged JSON call."""

    api: ClassVar[str] = ""
    model: ClassVar[type[BaseModel]]
    columns: ClassVar[dict[str, tuple[str, str | None]]] = {}   # DOM label -> (field, format)
    id_field: ClassVar[str] = "id"

    async def read_all(self, **query) -> list[Row]:
        """Every row the screen lists for this query, across all its pages."""
        for attempt in range(3):
            page, got = await self.goto(self.url(**query), self.api)
            if got is not None:
                break
            logger.warning("{}: no {} call seen; reading the DOM table", self.name, self.api)
            try:
                return await self._read_dom()
            except PageStructureError:
                if attempt == 2:
                    raise
                logger.warning("{}: unknown layout; reloading in case it was a one-off variant", self.name)
        url, payload = got
        data = self._data(payload)
        total = int(data["total"])
        rows = list(data["list"])
        if len(rows) < total:
            rows = []
            for n in range(1, -(-total // PAGE_SIZE) + 1):
                part = self._data(await self.fetch_json(_with_query(url, page=n, size=PAGE_SIZE)))["list"]
                rows.extend(part)
                if not part:
                    break
        if len(rows) != total:
            raise TransientError(f"{self.name}: read {len(rows)} rows, the screen says {total}")
        return [self.model.model_validate(r) for r in rows]

    def _data(self, payload) -> dict:
        if not isinstance(payload, dict) or not payload.get("success") or "data" not in payload:
            raise TransientError(f"{self.name}: unexpected answer {str(payload)[:120]}")
        return payload["data"]

    async def _read_dom(self) -> list[Row]:
        page = self.ctx.page
        table = "table.next-table"
        try:
            await page.locator(f"{table} tr.next-table-row, {table} tr.next-table-empty").first.wait_for(timeout=5000)
        except PlaywrightTimeout:
            raise await self.missing(table, "the data call changed and no known table is on the page") from None
        labels = [t.strip() for t in await page.locator(f"{table} thead th").all_inner_texts()]
        absent = [lbl for lbl in self.columns if lbl not in labels]
        if absent:
            raise await self.missing(f"{table} th:text('{absent[0]}')", f"columns are {labels}")
        out: list[Row] = []
        while True:
            cells = await page.locator(f"{table} tbody tr.next-table-row").evaluate_all(
                "rows => rows.map(r => [r.dataset.rowKey, Array.from(r.cells).map(c => c.innerText.trim())])")
            for key, rc in cells:
                rec = {self.id_field: key}
                for lbl, (field, fmt) in self.columns.items():
                    rec[field] = _parse_cell(rc[labels.index(lbl)], fmt)
                out.append(self.model.model_validate(rec))
            cur, pages = await page.inner_text(".next-current"), await page.inner_text(".next-pages")
            if int(cur) >= int(pages):
                return out
            await page.click(".next-next")
            await page.wait_for_function("c => document.querySelector('.next-current').textContent !== c", arg=cur)


def _date_header(r: Response) -> datetime | None:
    """The site's own time (HTTP Date header), for ages such as 'unreplied for 3 hours'."""
    try:
        return parsedate_to_datetime(r.headers["date"])
    except (KeyError, TypeError, ValueError):
        return None


def _with_query(url: str, **params) -> str:
    parts = urlsplit(url)
    q = dict(parse_qsl(parts.query, keep_blank_values=True))
    q.update({k: str(v) for k, v in params.items()})
    return urlunsplit(parts._replace(query=urlencode(q)))


def _parse_cell(text: str, fmt: str | None):
    if fmt == "bool":
        return text == "是"
    if fmt == "pct":
        return round(float(text.rstrip("%")) / 100, 4)
    return text

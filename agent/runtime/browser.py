"""The process's browsers: Playwright started once, at the first use; one shared browser (launched
at the first use) for the stores in `context` mode and for buyer-side work — fresh incognito contexts,
or none at all in request mode (`RequestsOnly`); the virtual display that headed store browsers draw
on; each store's pacer. A store's own browser (`store_browser.py`) and session (`session.py`) are
kept here by store name; this module knows neither."""

from __future__ import annotations

import asyncio
import os
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from loguru import logger

from ..settings import Settings, StoreSettings
from .artifacts import Artifacts
from .chromium import launch_options
from .display import VirtualDisplay
from .pacing import Pacer

if TYPE_CHECKING:  # Playwright itself is imported at the first launch (a rank check in request mode needs none)
    from playwright.async_api import Browser, BrowserContext, Page, Playwright

# `block_resources`: the browser loads no images (Blink's own setting). Any route — even one that
# pauses only images — turns on request interception for every request of the context, which cost
# more than the images it saved (BENCHMARKS.md, daily_vs_script).
NO_IMAGES = "--blink-settings=imagesEnabled=false"


class BrowserManager:
    """The process's browsers. `headed` is the one value that says whether a person watches: a
    visible window, challenges handed over, elements outlined in step-through mode (a store's own
    browser is drawn on a screen anyway — a virtual one when nobody watches)."""

    def __init__(self, settings: Settings, headed: bool | None = None):
        self.settings = settings
        self.headed = (not settings.headless) if headed is None else headed
        self.pw: Playwright | None = None
        self.browser: Browser | None = None
        self.stores: dict[str, Any] = {}  # store name -> its StoreBrowser (store_browser.py)
        self.sessions: dict[str, Any] = {}  # store name -> its StoreSession (session.py)
        self.pacers: dict[str, Pacer] = {}
        self.display = VirtualDisplay()
        self.artifacts = Artifacts(settings.data_dir)

    async def __aenter__(self) -> "BrowserManager":
        self._launching = asyncio.Lock()
        return self

    async def playwright(self) -> Playwright:
        async with self._launching:
            if self.pw is None:
                from playwright.async_api import async_playwright

                self.pw = await async_playwright().start()
        return self.pw

    async def launched(self) -> Browser:
        """The shared browser, launched at the first use: a rank check in request mode starts neither
        Playwright's driver nor a browser."""
        if self.browser is None:
            pw = await self.playwright()
            async with self._launching:
                if self.browser is None:
                    opts = launch_options(pw, self.settings.browser_executable, not self.headed)
                    if self.settings.block_resources:
                        opts["args"].append(NO_IMAGES)
                    if not opts["headless"]:  # a person watches: on this machine's display, else a virtual one
                        opts["env"] = {**os.environ, **await self.display.acquire()}
                    self.browser = await pw.chromium.launch(**opts)
        return self.browser

    async def __aexit__(self, *exc) -> None:
        for sb in list(self.stores.values()):
            try:
                await sb.release()
            except Exception as e:  # a context already gone with its browser
                logger.debug("releasing a store's browser at the end failed: {}", e)
        if self.browser:
            await self.browser.close()
            if self.headed:
                await self.display.release()
        if self.pw:
            await self.pw.stop()

    def pacer(self, store: StoreSettings) -> Pacer:
        """The store's pacer: one per store in the process, whatever reads its site."""
        if store.name not in self.pacers:
            self.pacers[store.name] = Pacer(store.min_delay, store.jitter)
        return self.pacers[store.name]

    @asynccontextmanager
    async def incognito(self, country: str | None = None, proxy: str | None = None, requests_only: bool = False):
        """A fresh context with no seller cookies, optionally with a buyer country and proxy.
        `requests_only`: no browser behind it until a page is asked for (see RequestsOnly)."""
        opts: dict = {"locale": "en-US"}
        if country:
            opts["extra_http_headers"] = {"Accept-Language": "en-US,en;q=0.9", "X-Buyer-Country": country}
        if proxy:
            opts["proxy"] = {"server": proxy}
        ctx: Any
        if requests_only:
            ctx = await RequestsOnly.create(self, opts)
        else:
            ctx = await (await self.launched()).new_context(**opts)
        try:
            yield ctx
        finally:
            await ctx.close()


CHROME_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


class RequestsOnly:
    """An incognito context without a browser: an HTTP session (`http_session.HttpSession`, the part of
    Playwright's API request context the search pages use) with its own cookie jar and a browser's
    user agent and language. `request`, `cookies()` and `close()` work as on a
    BrowserContext; `route()` and `new_page()` launch the browser then and open a real context
    carrying the cookies gathered so far (a result page that must be rendered)."""

    def __init__(self, manager: "BrowserManager", opts: dict, request):
        self.manager, self.opts, self.request = manager, opts, request
        self._real: BrowserContext | None = None

    @classmethod
    async def create(cls, manager: "BrowserManager", opts: dict) -> "RequestsOnly":
        headers = {"Accept-Language": "en-US,en;q=0.9", **opts.get("extra_http_headers", {})}
        from .http_session import HttpSession

        return cls(manager, opts, HttpSession(CHROME_UA, headers, opts.get("proxy")))

    async def cookies(self, urls: str | list[str] | None = None) -> list[dict]:
        from urllib.parse import urlsplit

        hosts = [urlsplit(u).hostname or "" for u in ([urls] if isinstance(urls, str) else urls or [])]
        jar = (await self.request.storage_state())["cookies"]
        if not hosts:
            return jar
        return [
            c
            for c in jar
            if any(h == c["domain"].lstrip(".") or h.endswith("." + c["domain"].lstrip(".")) for h in hosts)
        ]

    async def _context(self) -> BrowserContext:
        if self._real is None:
            state = await self.request.storage_state()
            self._real = await (await self.manager.launched()).new_context(storage_state=state, **self.opts)
        return self._real

    async def route(self, url, handler) -> None:
        await (await self._context()).route(url, handler)

    async def new_page(self) -> Page:
        return await (await self._context()).new_page()

    async def close(self) -> None:
        await self.request.dispose()
        if self._real is not None:
            await self._real.close()

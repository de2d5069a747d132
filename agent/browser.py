"""Browser layer: one Playwright browser per process; one context per store, restored from its saved
storage state (mode 0600); fresh incognito contexts for buyer-side work; blocking of images, fonts
and media; failure screenshots and scrubbed traces; contexts recycled after N pages."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import threading
import zipfile
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from loguru import logger

from . import _redact
from ._chromium import launch_options
from .settings import Settings, StoreSettings

if (
    TYPE_CHECKING
):  # Playwright itself is imported when the first browser is launched (a rank check in request mode needs none)
    from playwright.async_api import Browser, BrowserContext, Page, Playwright

    from .session import StoreSession

# `block_resources`: the browser loads no images (Blink's own setting). Any route — even one that
# pauses only images — turns on request interception for every request of the context, which cost
# more than the images it saved (BENCHMARKS.md, daily_vs_script).
NO_IMAGES = "--blink-settings=imagesEnabled=false"
CHUNK_ROUTINES = 10  # routines one trace chunk may span before it is discarded and begun anew


def safe_name(*parts: str) -> str:
    return "_".join(re.sub(r"[^A-Za-z0-9.-]+", "-", p).strip("-")[:40] or "x" for p in parts)


class StoreContext:
    """A store's logged-in browser context that recycles itself after `recycle_after` pages."""

    def __init__(self, owner: "BrowserManager", store: StoreSettings):
        self.owner, self.store = owner, store
        self.context: BrowserContext | None = None
        self.pages_opened = 0
        self.tracing = False
        self.chunk_open = False
        self.chunk_routines = 0  # routines recorded into the open trace chunk
        self.grouped = False  # the routine running has its group in the trace
        self.navigations = 0  # of the store's tab, in every context it had
        self._looked_at = -1  # `navigations` when the cookies were last read
        self.page: Page | None = None  # the store's working tab, reused by every routine
        self._saved: list | None = None  # the cookies the saved login state holds
        self._lock = asyncio.Lock()

    @property
    def state_path(self) -> Path:
        return self.owner.settings.state_dir / f"{safe_name(self.store.name)}.json"

    async def open(self) -> BrowserContext:
        if self.context is None:
            state = self._saved_state()
            if state:  # its cookies (the session, the CSRF token, ctoken inside xman_us_t) are masked from now on
                _redact.register(*(c.get("value", "") for c in state.get("cookies", [])))
            self.context = await (await self.owner.launched()).new_context(
                storage_state=cast(Any, state), locale="zh-CN", viewport={"width": 1366, "height": 900}
            )
            self.context.set_default_timeout(self.owner.settings.nav_timeout * 1000)
            self.pages_opened = 0
        return self.context

    def _saved_state(self) -> dict | None:
        """The saved login state; a file that cannot be read as one is set aside (the store signs in again)."""
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
            if isinstance(state, dict) and isinstance(state.get("cookies", []), list):
                return state
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            pass
        logger.warning("the saved login state of {} cannot be read; signing in again", self.store.name)
        with contextlib.suppress(OSError):  # another run of the store may have set it aside already
            self.state_path.replace(self.state_path.with_suffix(".unreadable"))
        return None

    @property
    def signed_in_before(self) -> bool:
        """A login state was saved for this store (by an earlier run or routine)."""
        return self.state_path.exists()

    @asynccontextmanager
    async def untraced_page(self):
        """A page that is never traced: where the password is typed. While no trace chunk records
        the store's context (tracing off, or before a routine's chunk starts) that is the store's own
        working tab, as a person signs in; otherwise a page in a short-lived context that carries the
        store's cookies, whose cookies are copied back to the store's context afterwards."""
        if not self.chunk_open:
            yield await self.working_page()
            return
        ctx = await self.open()
        side = await (await self.owner.launched()).new_context(
            storage_state=await ctx.storage_state(), locale="zh-CN", viewport={"width": 1366, "height": 900}
        )
        side.set_default_timeout(self.owner.settings.nav_timeout * 1000)
        try:
            yield await side.new_page()
            await ctx.add_cookies(await side.cookies())
        finally:
            await side.close()

    async def begin_routine(self, trace: bool, label: str = "") -> None:
        """Open (or keep) the context; record the routine about to run into the trace if asked.

        One trace chunk spans a session's routines until one fails: its trace is then saved, the
        routines before it since the context opened each under its own group (`label`) — stopping a
        chunk after every successful routine and starting the next cost ~10 ms each (BENCHMARKS.md).
        A failed routine closes the context, so the next trace starts afresh; at most CHUNK_ROUTINES
        routines share one chunk, so a long session's trace stays small."""
        ctx = await self.open()
        if self.chunk_open and (not trace or self.chunk_routines >= CHUNK_ROUTINES):
            await ctx.tracing.stop_chunk()  # nothing to keep: it ran without a failure
            self.chunk_open = False
        if not trace:
            return
        if not self.tracing:
            # actions (with their call logs) and the console; DOM snapshots and the network only when asked
            # (`trace_snapshots`): they are most of tracing's cost, and a failed run keeps its last page,
            # its last answers and a screenshot anyway
            await ctx.tracing.start(screenshots=False, snapshots=self.owner.settings.trace_snapshots)
            self.tracing = self.chunk_open = True
            self.chunk_routines = 0
        elif not self.chunk_open:
            await ctx.tracing.start_chunk()
            self.chunk_open, self.chunk_routines = True, 0
        self.chunk_routines += 1
        await ctx.tracing.group(label or "routine")
        self.grouped = True

    async def end_routine(self, keep_trace: str | None) -> str | None:
        """Save the login state; keep the trace (scrubbed) when asked, else let it record on."""
        if self.context is None:
            return None
        await self.save_state()  # registers the cookies' values for masking too
        path = None
        if self.tracing and self.chunk_open:
            if self.grouped:
                self.grouped = False
                await self.context.tracing.group_end()
            if keep_trace:
                self.chunk_open = False
                final = self.owner.artifact_path("traces", keep_trace, ".zip")
                raw = final.with_suffix(".raw")
                await self.context.tracing.stop_chunk(path=str(raw))
                path = scrub_trace(raw, final)
        return str(path) if path else None

    async def working_page(self) -> Page:
        """The store's one working tab; the whole context is recycled after `recycle_after_pages`
        navigations so long runs do not grow in memory."""
        async with self._lock:  # one tab, even when asked for twice at once
            if self.context is not None and self.pages_opened >= self.owner.settings.recycle_after_pages:
                logger.debug("recycling context of {} after {} pages", self.store.name, self.pages_opened)
                await self.close(keep_trace=None)
            ctx = await self.open()
            if self.page is None or self.page.is_closed():
                self.page = await ctx.new_page()
            return self.page

    def count_navigation(self) -> None:
        self.pages_opened += 1
        self.navigations += 1

    async def save_state(self) -> None:
        """Write the login state (mode 0600) when its cookies changed since it was last written (and
        only if the store's tab went anywhere since it was last looked at)."""
        if self.context is None or (self.navigations == self._looked_at and self.state_path.exists()):
            return
        self._looked_at = self.navigations
        cookies = await self.context.cookies()
        _redact.register(*(c["value"] for c in cookies))
        seen = sorted((c["name"], c["domain"], c["path"], c["value"]) for c in cookies)
        if seen == self._saved and self.state_path.exists():
            return
        self.state_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        state = await self.context.storage_state()
        # a name of its own: several runs of one store (a fleet worker's threads) may write it at once
        tmp = self.state_path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(state, f)
        os.replace(tmp, self.state_path)
        os.chmod(self.state_path, 0o600)
        self._saved = seen

    async def register_cookies(self) -> None:
        if self.context is not None:
            _redact.register(*(c["value"] for c in await self.context.cookies()))

    async def close(self, keep_trace: str | None) -> str | None:
        """Close the context; keep a scrubbed trace of the current routine under `keep_trace` when given."""
        if self.context is None:
            return None
        try:
            # saves the login state, keeps the trace if asked (closing the context discards what still records)
            path = await self.end_routine(keep_trace)
        finally:
            await self.context.close()
            self._forget()
        return path

    async def release(self) -> None:
        """At the browser's end: save the login state; closing the browser closes the context."""
        try:
            await self.save_state()
        finally:
            self._forget()

    def _forget(self) -> None:
        self.context, self.page, self.tracing, self.chunk_open, self.grouped = None, None, False, False, False


class BrowserManager:
    """One browser per process. `headed` is the one value that says whether a person watches:
    a visible window, challenges handed over, elements outlined in step-through mode."""

    def __init__(self, settings: Settings, headed: bool | None = None):
        self.settings = settings
        self.headed = (not settings.headless) if headed is None else headed
        self.pw: Playwright | None = None
        self.browser: Browser | None = None
        self.stores: dict[str, StoreContext] = {}
        self.sessions: dict[str, "StoreSession"] = {}
        self.pacers: dict = {}

    async def __aenter__(self) -> "BrowserManager":
        self._launching = asyncio.Lock()
        return self

    async def launched(self) -> Browser:
        """The process's browser, launched at the first use: a rank check in request mode starts neither
        Playwright's driver nor a browser."""
        if self.browser is None:
            async with self._launching:
                if self.pw is None:
                    from playwright.async_api import async_playwright

                    self.pw = await async_playwright().start()
                if self.browser is None:
                    opts = launch_options(self.pw, self.settings.browser_executable, not self.headed)
                    if self.settings.block_resources:
                        opts["args"].append(NO_IMAGES)
                    self.browser = await self.pw.chromium.launch(**opts)
        return self.browser

    async def __aexit__(self, *exc) -> None:
        for sc in list(self.stores.values()):
            try:
                await sc.release()
            except Exception as e:  # a context already gone with its browser
                logger.debug("saving the login state at the end failed: {}", e)
        if self.browser:
            await self.browser.close()
        if self.pw:
            await self.pw.stop()

    def store_context(self, store: StoreSettings) -> StoreContext:
        if store.name not in self.stores:
            self.stores[store.name] = StoreContext(self, store)
        return self.stores[store.name]

    def pacer(self, store: StoreSettings):
        """The store's pacer: one per store in the process, whatever reads its site."""
        if store.name not in self.pacers:
            from .pacing import Pacer

            self.pacers[store.name] = Pacer(store.min_delay, store.jitter)
        return self.pacers[store.name]

    def session(self, store: StoreSettings) -> "StoreSession":
        """The store's session (login, pacing, recovery), kept across routines."""
        if store.name not in self.sessions:
            from .session import StoreSession

            self.sessions[store.name] = StoreSession(self, store)
        return self.sessions[store.name]

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

    def artifact_path(self, kind: str, name: str, suffix: str) -> Path:
        d = self.settings.data_dir / kind
        d.mkdir(parents=True, exist_ok=True)
        return d / (name + suffix)

    async def page_html(self, page: Page, store: str, routine: str, screen: str) -> str | None:
        """The page as it stands (its DOM serialised, known secrets masked), named like a screenshot."""
        name = safe_name(store, routine, screen, datetime.now().strftime("%Y%m%d-%H%M%S-%f"))
        try:
            html = _redact.redact(await page.content())
        except Exception as e:
            logger.warning("page not kept: {}", type(e).__name__)
            return None
        path = self.artifact_path("screenshots", name, ".html")
        path.write_text(html, encoding="utf-8")
        return str(path)

    async def screenshot(self, page: Page, store: str, routine: str, screen: str) -> str | None:
        """Screenshot named by store, routine, page and time; never contains a secret."""
        name = safe_name(store, routine, screen, datetime.now().strftime("%Y%m%d-%H%M%S-%f"))
        path = self.artifact_path("screenshots", name, ".png")
        try:
            await page.screenshot(path=str(path), full_page=False, timeout=10000)
        except Exception as e:
            logger.warning("screenshot failed: {}", e)
            return None
        return str(path)


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


def scrub_trace(raw: Path, final: Path) -> Path | None:
    """Write `final`: the trace `raw` with credentials (cookies, CSRF tokens, passwords) masked.
    Fail-closed: the raw trace is always deleted, and when scrubbing fails there is no trace."""
    tmp = final.with_suffix(".scrub")
    try:
        with zipfile.ZipFile(raw) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item)
                try:
                    data = _redact.redact_trace_text(data.decode("utf-8")).encode("utf-8")
                except UnicodeDecodeError:
                    pass  # screenshots and other binary resources
                dst.writestr(item, data)
        os.replace(tmp, final)
        return final
    except Exception as e:  # a trace we cannot clean is not kept
        logger.warning("trace not kept: scrubbing failed ({})", type(e).__name__)
        tmp.unlink(missing_ok=True)
        return None
    finally:
        raw.unlink(missing_ok=True)

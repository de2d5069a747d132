"""A store's own browser, in the mode its settings name (`browser`):

- `context`: a context of the process's shared browser, restored from the store's saved login state
  (mode 0600) — the sandbox, tests and dense fleets;
- `profile`: the store's own persistent Chrome profile under the state folder (0700), headed (on a
  virtual display when the machine has none): it keeps what a person's browser keeps — the device the
  site knows, its cookies — so a person signs in once (`storeagent login`);
- `cdp`: the Chrome the operator already runs, attached over its debugging port: the agent works in a
  tab of its own, never touches the person's tabs, and detaches at the end (no trace is recorded in a
  person's browser).

Each keeps one working tab, recycled (with its context, where the mode allows) after
`recycle_after_pages` navigations, and records routines into trace chunks when asked."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from loguru import logger

from .. import _redact, sites
from ..settings import StoreSettings
from .artifacts import safe_name, scrub_trace
from .browser import NO_IMAGES, BrowserManager
from .chromium import launch_options

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, Page

CHUNK_ROUTINES = 10  # routines one trace chunk may span before it is discarded and begun anew
VIEW: dict[str, Any] = {"locale": "zh-CN", "viewport": {"width": 1366, "height": 900}}


def _cookie_ok(c) -> bool:
    """A cookie a browser can take back: its name, value, domain and path as text."""
    return isinstance(c, dict) and all(isinstance(c.get(k), str) for k in ("name", "value", "domain", "path"))


class StoreBrowser:
    """The `context` mode, and what every mode shares."""

    mode = "context"
    traceable = True  # a person's own browser (cdp) is never traced

    def __init__(self, owner: BrowserManager, store: StoreSettings):
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

    # ---- what differs per mode ---------------------------------------------------------------------
    @property
    def state_path(self) -> Path:
        return self.owner.settings.state_dir / f"{safe_name(self.store.name)}.json"

    @property
    def signed_in_before(self) -> bool:
        """The store's browser holds a login from before (a saved state, a used profile, a person's
        browser): no sign-in before the first screen."""
        return self.state_path.exists()

    async def _new_context(self) -> BrowserContext:
        state = self._saved_state()
        if state:  # its cookies (the session, the CSRF token, ctoken inside xman_us_t) are masked from now on
            _redact.register_cookies(c.get("value", "") for c in state.get("cookies", []))
        return await (await self.owner.launched()).new_context(storage_state=cast(Any, state), **VIEW)

    async def _drop_context(self) -> None:
        if self.context is not None:
            await self.context.close()

    async def save_state(self) -> None:
        """Write the login state (mode 0600) when its cookies changed since it was last written (and
        only if the store's tab went anywhere since it was last looked at)."""
        if self.context is None or (self.navigations == self._looked_at and self.state_path.exists()):
            return
        self._looked_at = self.navigations
        cookies = await self.context.cookies()
        _redact.register_cookies(c["value"] for c in cookies)
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

    async def release(self) -> None:
        """At the browser's end: save the login state; closing the shared browser closes the context."""
        try:
            await self.save_state()
        finally:
            self._forget()

    # ---- shared ------------------------------------------------------------------------------------
    def _saved_state(self) -> dict | None:
        """The saved login state; a file that cannot be read as one is set aside (the store signs in again)."""
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
            cookies = state.get("cookies", []) if isinstance(state, dict) else None
            if isinstance(cookies, list) and all(_cookie_ok(c) for c in cookies):
                return state
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            pass
        logger.warning("the saved login state of {} cannot be read; signing in again", self.store.name)
        with contextlib.suppress(OSError):  # another run of the store may have set it aside already
            self.state_path.replace(self.state_path.with_suffix(".unreadable"))
        return None

    async def open(self) -> BrowserContext:
        if self.context is None:
            self.context = await self._new_context()
            self.context.set_default_timeout(self.owner.settings.nav_timeout * 1000)
            self.pages_opened = 0
        return self.context

    async def session_expiry(self) -> datetime | None:
        """When the site's session cookies lapse (the earliest), as the browser holds them; None when
        they are not there or last only as long as the browser."""
        if self.context is None:
            return None
        names = set(sites.get(self.store.site).session_cookies)
        ends = [c["expires"] for c in await self.context.cookies() if c["name"] in names and c["expires"] > 0]
        return datetime.fromtimestamp(min(ends), UTC) if ends else None

    @asynccontextmanager
    async def untraced_page(self):
        """A page that is never traced: where the password is typed. While no trace chunk records
        the store's context (tracing off, or before a routine's chunk starts) that is the store's own
        working tab, as a person signs in; otherwise a page in a short-lived context of the shared
        browser that carries the store's cookies, copied back to the store's context afterwards."""
        if not self.chunk_open:
            yield await self.working_page()
            return
        ctx = await self.open()
        side = await (await self.owner.launched()).new_context(storage_state=await ctx.storage_state(), **VIEW)
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
        trace = trace and self.traceable
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
                final = self.owner.artifacts.path("traces", keep_trace, ".zip")
                raw = final.with_suffix(".raw")
                await self.context.tracing.stop_chunk(path=str(raw))
                path = scrub_trace(raw, final)
        return str(path) if path else None

    async def working_page(self) -> Page:
        """The store's one working tab; the whole context is recycled after `recycle_after_pages`
        navigations so long runs do not grow in memory."""
        async with self._lock:  # one tab, even when asked for twice at once
            if self.context is not None and self.pages_opened >= self.owner.settings.recycle_after_pages:
                logger.debug("recycling the browser of {} after {} pages", self.store.name, self.pages_opened)
                await self.close(keep_trace=None)
            ctx = await self.open()
            if self.page is None or self.page.is_closed():
                self.page = await ctx.new_page()
            return self.page

    def count_navigation(self) -> None:
        self.pages_opened += 1
        self.navigations += 1

    async def register_cookies(self) -> None:
        if self.context is not None:
            _redact.register_cookies(c["value"] for c in await self.context.cookies())

    async def close(self, keep_trace: str | None) -> str | None:
        """Close the context; keep a scrubbed trace of the current routine under `keep_trace` when given."""
        if self.context is None:
            return None
        try:
            # saves the login state, keeps the trace if asked (closing the context discards what still records)
            path = await self.end_routine(keep_trace)
        finally:
            await self._drop_context()
            self._forget()
        return path

    def _forget(self) -> None:
        self.context, self.page, self.tracing, self.chunk_open, self.grouped = None, None, False, False, False


class ProfileBrowser(StoreBrowser):
    """The store's own persistent profile, headed, on the machine's display or a virtual one."""

    mode = "profile"

    @property
    def profile_dir(self) -> Path:
        return self.owner.settings.state_dir / "profiles" / safe_name(self.store.name)

    @property
    def signed_in_before(self) -> bool:
        return (self.profile_dir / "Default" / "Cookies").exists()

    async def _new_context(self) -> BrowserContext:
        pw = await self.owner.playwright()
        opts = launch_options(pw, self.owner.settings.browser_executable, headless=False)
        if self.owner.settings.block_resources:
            opts["args"].append(NO_IMAGES)
        self.profile_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.profile_dir.parent, 0o700)
        os.chmod(self.profile_dir, 0o700)
        env = await self.owner.display.acquire()
        try:
            ctx = await pw.chromium.launch_persistent_context(
                str(self.profile_dir), env={**os.environ, **env}, **opts, **VIEW
            )
        except BaseException:
            await self.owner.display.release()
            raise
        # the window opens with a tab: it is the working tab (closing a window's last tab ends the browser)
        self.page = ctx.pages[0] if ctx.pages else None
        _redact.register_cookies(c["value"] for c in await ctx.cookies())
        return ctx

    async def _drop_context(self) -> None:
        if self.context is not None:
            try:
                await self.context.close()  # the profile's browser with it
            finally:
                await self.owner.display.release()

    async def save_state(self) -> None:
        """The profile keeps its own cookies; they are only masked from now on."""
        await self.register_cookies()

    async def release(self) -> None:
        """At the end: close the profile's browser (it is not the shared one)."""
        try:
            await self.close(keep_trace=None)
        finally:
            self._forget()


class CdpBrowser(StoreBrowser):
    """The operator's running Chrome, attached over CDP: a tab of the agent's own in the person's
    browser, closed (never the person's tabs) and detached at the end."""

    mode = "cdp"
    traceable = False
    browser: Browser | None = None

    @property
    def signed_in_before(self) -> bool:
        return True  # the person's browser carries the person's logins; the first screen tells

    async def _new_context(self) -> BrowserContext:
        pw = await self.owner.playwright()
        assert self.store.cdp_url  # settings: browser = "cdp" needs it
        if self.browser is None or not self.browser.is_connected():
            self.browser = await pw.chromium.connect_over_cdp(self.store.cdp_url)
        ctx = self.browser.contexts[0] if self.browser.contexts else await self.browser.new_context(**VIEW)
        _redact.register_cookies(c["value"] for c in await ctx.cookies())
        return ctx

    async def _drop_context(self) -> None:
        """Close the agent's own tab only; the person's browser and tabs stay as they are."""
        if self.page is not None and not self.page.is_closed():
            await self.page.close()

    async def save_state(self) -> None:
        await self.register_cookies()

    async def release(self) -> None:
        """Close the agent's tab and detach (the browser itself goes on)."""
        try:
            await self._drop_context()
        finally:
            self._forget()
            if self.browser is not None:
                browser, self.browser = self.browser, None
                await browser.close()  # over CDP: disconnects, leaving the person's browser running


MODES: dict[str, type[StoreBrowser]] = {"context": StoreBrowser, "profile": ProfileBrowser, "cdp": CdpBrowser}


def store_browser(manager: BrowserManager, store: StoreSettings) -> StoreBrowser:
    """The store's browser in this process (one per store), in the mode its settings name."""
    if store.name not in manager.stores:
        manager.stores[store.name] = MODES[store.browser_mode](manager, store)
    return manager.stores[store.name]

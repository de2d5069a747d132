"""A run's bookkeeping: what a routine body gets (`Run`) and what page objects get (`_Driver`, the
narrow `agent.pages._driver.Driver` over the store session and the run).

A screen fails alone: a routine reads each screen through `Run.read` (or `Run.section`), and a
screen whose structure changed, whose answer is unreadable or whose call never came is recorded
with its reason while the rest of the routine goes on; the run then ends `partial`, naming each
such screen. What is about the account — a slider, a lost login, the site's block of the network,
the person stopping — ends the run at once.

`Run` is a run's bookkeeping (counts, details, screenshots, the site's clock, the stepper); the
session navigates and returns what it found (`session.Visit`), which the driver books into the run.
`runner.run_routine` runs a routine body with its run."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loguru import logger
from playwright.async_api import Error as PlaywrightError
from pydantic import BaseModel

from .. import _redact, sites
from ..errors import LoginFailed, LoginLoop, PageStructureError, SiteError, SiteUnreachable
from ..pages._driver import resolve_url
from ..pages._net import register_page_tokens
from .browser import BrowserManager
from .session import Budget, StoreSession, session_of
from .stepper import Stepper, StepSkipped

if TYPE_CHECKING:
    from playwright.async_api import Page

    from ..settings import Settings, StoreSettings
    from ..storage import Database


RECENT_ANSWERS = 6  # kept with a failed run (BENCHMARKS.md: why not the trace's DOM snapshots)


class RunResult(BaseModel):
    run_id: int | None = None
    store: str
    routine: str
    status: (
        str  # ok | partial | needs_human | failed | stopped (by the person, step-through) | skipped (already running)
    )
    counts: dict = {}
    error: str | None = None
    error_type: str | None = None  # the AgentError class behind `error`, for the CLI's wording
    screenshots: list[str] = []
    traces: list[str] = []
    details: dict = {}


Routine = Callable[["Run"], Awaitable[None]]
SEVERITY = {"ok": 0, "skipped": 0.5, "partial": 1, "stopped": 2, "needs_human": 3, "failed": 4}
# what an unreadable answer raises while a screen is parsed: that screen fails, not the run
SCREEN_FAULTS: tuple[type[BaseException], ...] = (
    SiteError,
    KeyError,
    TypeError,
    ValueError,
    IndexError,
    AttributeError,
)
# SiteErrors that are about the account or the whole site, never one screen: they stop the run
ACCOUNT_FAULTS: tuple[type[BaseException], ...] = (LoginLoop, LoginFailed, SiteUnreachable)


async def off_loop(fn: Callable[..., Any], *args, **kw) -> Any:
    """A storage call that may wait (SQLite busy, a big write, a report build) run in a thread, so
    the other stores driven by this event loop keep going."""
    return await asyncio.to_thread(fn, *args, **kw)


def worst(statuses) -> str:
    """The most serious outcome among several runs (`ok` when there were none)."""
    return max(statuses, key=SEVERITY.__getitem__, default="ok")


class Run:
    """What a routine body gets: its store's settings, the database, a driver for page objects,
    and a place for what it counted and found."""

    def __init__(
        self,
        settings: "Settings",
        store: "StoreSettings",
        routine: str,
        run_id: int,
        db: "Database",
        session: "StoreSession",
        stepper: Stepper,
    ):
        self.settings, self.store, self.routine, self.run_id, self.db = settings, store, routine, run_id, db
        self.session, self.stepper = session, stepper
        self.logins_at_start = session.logins  # sign-ins before this run (logins_today counts this run's)
        self.site = sites.get(store.site)  # what differs between alibaba.com and 1688
        self.counts: dict[str, int] = {}
        self.details: dict = {}
        self.failed: list[dict] = []  # screens that could not be read: {"screen", "reason", "error_type"}
        self.screens_read = 0
        self.screenshots: list[str] = []
        self.site_time: datetime | None = None  # the site's clock, from the Date header of its last answer
        self.site_offset: timedelta | None = None  # before any answer: the site's clock against ours at the last run
        self.visited: set[str] = set()  # screen keys opened in this run
        self.recent: deque = deque(maxlen=RECENT_ANSWERS)  # the last answers the pages' calls gave
        self.tap: list[dict] | None = None  # capture: every answer of the screen being captured
        self.driver = _Driver(session, self)
        # tells a person a code or a scan is awaited: (run, "code" | "scan", picture)
        self.on_wait: Callable[[Run, str, str | None], Awaitable[None]] | None = None

    @classmethod
    def standalone(
        cls,
        settings: "Settings",
        store: "StoreSettings",
        manager: "BrowserManager",
        routine: str = "adhoc",
        stepper: Stepper | None = None,
    ) -> "Run":
        """A run that is not recorded in the database, for scripts and tests that drive page
        objects directly (`Run.standalone(...).driver`)."""
        return cls(settings, store, routine, 0, None, session_of(manager, store), stepper or Stepper())  # type: ignore[arg-type]  # no database: nothing recorded

    @property
    def manager(self) -> "BrowserManager":
        return self.session.manager

    @property
    def label(self) -> str:
        """How the run is named in a trace: its routine and id."""
        return f"{self.routine} · run {self.run_id}"

    def count(self, key: str, n: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def site_now(self) -> datetime:
        """The site's clock: its last answer's Date; before the first answer, this machine's clock
        moved by how far the site's stood from it at the store's last run (the machine's alone only
        for a store the agent has never heard from)."""
        if self.site_time is not None:
            return self.site_time
        return datetime.now(UTC) + (self.site_offset or timedelta(0))  # machine clock: moved to the site's

    def site_today(self) -> date:
        """Today in the store's time zone, by the site's clock."""
        return self.site_now().astimezone(self.settings.tz).date()

    async def screenshot(self, name: str, page: "Page | None" = None, shows: str | None = None) -> str | None:
        """The page as it is; with `shows` (a selector), only that element (a QR code to scan)."""
        page = page or self.session.sc.page
        if page is None or page.is_closed():
            return None
        path = await self.manager.artifacts.screenshot(page, self.store.name, self.routine, name, shows)
        if path:
            self.screenshots.append(path)
        return path

    def _waits(self) -> bool:
        """A person can be asked from afar: waiting is on and a channel can tell someone."""
        return self.settings.code_wait_minutes > 0 and self.db is not None and bool(self.settings.notify)

    async def _ask(self, kind: str, picture: str | None = None) -> int:
        from ..storage import codes

        rid = await self.db_call(codes.ask, self.db, self.store.name, self.run_id, kind, picture)
        what = "type the e-mailed code" if kind == "code" else "scan the QR code with the phone app"
        logger.warning("waiting up to {} min for a person to {}", self.settings.code_wait_minutes, what)
        if self.on_wait is not None:
            await self.on_wait(self, kind, picture)
        return rid

    async def logins_today(self) -> int:
        """Sign-ins for this store in the site's day: the runs that ended today, and this one's so far."""
        if self.db is None:
            return self.session.logins - self.logins_at_start
        midnight = self.site_now().astimezone(self.settings.tz).replace(hour=0, minute=0, second=0, microsecond=0)
        since = midnight - (self.site_offset or timedelta(0))
        runs = await self.db_call(self.db.runs_since, self.store.name, since)
        done = sum(int((r["counts"] or {}).get("logins", 0)) for r in runs if r["id"] != self.run_id)
        return done + self.session.logins - self.logins_at_start

    async def ask_code(self) -> str | None:
        """The code the site e-mailed, typed by a person on the review page (`code_wait_minutes`, and
        only when someone is told: `[[notify]]`); None when waiting is off or nobody answered in time."""
        if not self._waits():
            return None
        from ..storage import codes

        rid = await self._ask("code")
        deadline = time.monotonic() + self.settings.code_wait_minutes * 60
        while time.monotonic() < deadline:
            code = await self.db_call(codes.take, self.db, rid)
            if code:
                _redact.register(code)
                return code
            await asyncio.sleep(1.0)
        await self.end_request(rid, "expired")
        return None

    async def ask_scan(self, picture: str | None) -> int | None:
        """A QR code for a person to scan: its request (the picture to the channels and the page), or
        None when waiting is off."""
        return await self._ask("scan", picture) if self._waits() else None

    async def end_request(self, request_id: int, status: str) -> None:
        from ..storage import codes

        await self.db_call(codes.expire, self.db, request_id, status)

    def remember(self, url: str, payload, body: str | None = None) -> None:
        entry = {
            "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "url": url,
            "body": body,
            "answer": payload,
        }
        self.recent.append(entry)
        if self.tap is not None:
            self.tap.append(entry)

    async def keep_page(self, name: str) -> None:
        """A failed run's last screens, beside its screenshot: the page as it stands (HTML) and the
        answers of the last few calls the pages made (what a trace's DOM snapshots and network would
        show, kept without their cost on every run; secrets masked)."""
        page = self.session.sc.page
        if page is not None and not page.is_closed():
            with contextlib.suppress(Exception):  # the tokens in the page and its cookies, masked in what is kept
                await asyncio.gather(self.session.sc.register_cookies(), register_page_tokens(page))
            path = await self.manager.artifacts.page_html(page, self.store.name, self.routine, name)
            if path:
                self.details["page"] = path
        if self.recent:
            answers = self.manager.artifacts.path(
                "screenshots",
                Path(self.screenshots[-1]).stem if self.screenshots else f"{self.store.name}_{self.routine}_{name}",
                ".answers.json",
            )
            answers.write_text(
                json.dumps(_redact.redact_obj(list(self.recent)), ensure_ascii=False, indent=1, default=str),
                encoding="utf-8",
            )
            self.details["answers"] = str(answers)

    async def db_call(self, fn: Callable[..., Any], *args, **kw) -> Any:
        return await off_loop(fn, *args, **kw)

    @asynccontextmanager
    async def section(self, name: str):
        """A part of the routine that reads one screen: the person may skip it in step-through mode,
        and when the screen cannot be read it is recorded (`failed`) and the rest goes on."""
        try:
            yield
            self.screens_read += 1
        except StepSkipped:
            self.count("skipped", 1)
            logger.info("skipped {}", name)
        except ACCOUNT_FAULTS:
            raise
        except PlaywrightError as e:
            self._screen_failed(name, e)
        except SCREEN_FAULTS as e:
            self._screen_failed(name, e)

    def _screen_failed(self, name: str, e: BaseException) -> None:
        reason = _redact.redact(str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__)
        logger.error(
            "screen {} could not be read ({}): {}; the rest of the routine goes on", name, type(e).__name__, reason
        )
        if not isinstance(e, (PageStructureError, SiteError)):
            logger.opt(exception=e).debug("{} could not be read", name)
        self.failed.append({"screen": name, "reason": reason[:500], "error_type": type(e).__name__})

    async def read(self, name: str, fn: Callable[[], Awaitable[Any]], default: Any = None) -> Any:
        """What `fn` reads from the screen `name`, or `default` when that screen cannot be read
        (recorded; the routine goes on)."""
        async with self.section(name):
            return await fn()
        return default

    async def read_into(
        self,
        missing: dict[str, str],
        inputs: tuple[str, ...],
        name: str,
        fn: Callable[[], Awaitable[Any]],
        default: Any = None,
    ) -> Any:
        """`read`, and when the screen cannot be read each input it feeds is marked in `missing`
        (input -> screen), so the rules that need it are skipped and named."""
        got = await self.read(name, fn)
        if got is None:
            missing.update({k: name for k in inputs})
            return default
        return got

    def unread(self) -> set[str]:
        return {f["screen"] for f in self.failed}


class _Driver:
    """The page objects' view of a run (see agent.pages._driver.Driver)."""

    def __init__(self, session: "StoreSession", run: Run):
        self._session, self._run = session, run
        self.nav_timeout = session.settings.nav_timeout
        self.dom_wait = session.settings.dom_wait
        self.retry_backoff = session.settings.retry_backoff

    @property
    def page(self):
        return self._session.sc.page

    def url(self, key: str, real: str) -> str:
        store = self._session.store
        return resolve_url(store.base_url, store.screen_urls, key, real)

    def site_now(self):
        return self._run.site_now()

    def budget(self, screen: str, key: str):
        return Budget(screen=screen, key=key)

    async def open(self, url: str, call, budget):
        """The screen's page and its call's answer; what the visit found is booked into the run."""
        visit = await self._session.goto(url, call, budget, self._run)
        if budget.key:
            self._run.visited.add(budget.key)
        if visit.site_time is not None:
            self._run.site_time = visit.site_time
        return visit.page, visit.answer

    def remember(self, url: str, payload, body: str | None = None) -> None:
        self._run.remember(url, payload, body)

    async def pace(self) -> None:
        await self._session.pacer.wait()

    def turned(self) -> None:
        self._session.sc.count_navigation()

    async def screenshot(self, name: str) -> str | None:
        return await self._run.screenshot(name)

    async def step(self, action: str, what: str, where: str = "", selector: str | None = None) -> None:
        stepper = self._run.stepper
        if not stepper.enabled:
            return
        page = self.page
        shot = None
        if page is not None and not page.is_closed() and page.url.startswith("http"):
            if selector and self._session.headed:
                try:
                    await page.locator(selector).first.evaluate(
                        "e => { e.style.outline = '3px solid #e4393c'; e.scrollIntoView({block: 'center'}); }"
                    )
                    stepper.outlined += 1
                except Exception:  # highlighting is a courtesy
                    pass
            shot = await self._run.screenshot(f"step-{action}", page)
        await stepper.ask(action, what, where, shot)

"""A store's session: its browser context and working tab, pacing, login, expiry recovery and the
slider/second-factor handling, with one retry budget per screen.

Navigation retries transient faults (5xx, timeouts, dropped connections) with tenacity, in one
layer only. Whatever fails, one screen (a page object's use, paging included) causes at most
`MAX_LOGINS_PER_SCREEN` logins: a screen that keeps sending the agent to the login page stops the
routine with LoginLoop instead of logging in again and again, which on the real site is how an
account meets the slider.

Supervised (headed): a challenge or second factor is handed to the person, and the session waits.
Headless: back off and retry per policy, then stop with NeedsHuman and a screenshot. A challenge is
never solved by automation."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from loguru import logger
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeout
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from .. import _redact, sites
from ..errors import Blocked, LoginFailed, LoginLoop, NeedsHuman, SiteUnreachable, TransientError
from ..pages import _net
from ..pages._driver import resolve_url
from ..pages.login import HumanLogin, LoginPage, PageState, classify, left_for_login
from ..sites._site import ref
from .browser import BrowserManager
from .store_browser import store_browser

if TYPE_CHECKING:
    from ..settings import Settings, StoreSettings

MAX_LOGINS_PER_SCREEN = 2
TRANSIENT_ATTEMPTS = 4
_NET_ERRORS = ("net::ERR_", "Navigation failed", "Target closed", "ECONNRE")


@dataclass
class Budget:
    """What one screen may cost: logins (at most MAX_LOGINS_PER_SCREEN, whatever fails)."""

    screen: str
    key: str = ""
    logins: int = 0


@dataclass
class Visit:
    """What a navigation found: the page, the answer of the page's own call (None: it never came, the
    caller reads the DOM), and the site's clock from that answer."""

    page: Page
    answer: Any = None
    site_time: datetime | None = None


class Witness(Protocol):
    """Where the session leaves its evidence (a run): screenshots, the answers the pages' calls gave."""

    @property
    def label(self) -> str: ...

    async def screenshot(self, name: str, page: Page | None = None, shows: str | None = None) -> str | None: ...

    def remember(self, url: str, payload, body: str | None = None) -> None: ...

    async def ask_code(self) -> str | None: ...

    async def ask_scan(self, picture: str | None) -> int | None: ...

    async def end_request(self, request_id: int, status: str) -> None: ...

    async def logins_today(self) -> int: ...


SLOW_DOWN_EXTRA = 4  # a 429 is waited out with growing back-offs this many times more than a slider


class _Again(Exception):
    """The session had to log in again or wait out a challenge: navigate to the screen again."""


class StoreSession:
    """One per store and browser; kept across routines (the login and the tab carry over)."""

    def __init__(self, manager: BrowserManager, store: "StoreSettings"):
        self.manager, self.store = manager, store
        self.settings: "Settings" = manager.settings
        self.sc = store_browser(manager, store)
        self.pacer = manager.pacer(store)
        self._signed_in = False
        self.last_url: str | None = None  # where the store's tab was last sent
        self.logins = 0  # sign-ins of this session, in this process
        self.slow_downs = 0  # 429s in a row: the site's challenge in its 429 style
        self.proven: datetime | None = None  # the site's clock when a screen last answered as signed in
        self.signing_in = False  # a sign-in is under way (or ended without success: the store is signed out)

    @property
    def headed(self) -> bool:
        return self.manager.headed

    async def page(self) -> Page:
        """The store's working tab (a new one after the context recycled or the tab closed)."""
        return await self.sc.working_page()

    def _retrying(self) -> AsyncRetrying:
        first = self.settings.retry_backoff
        backoff = wait_exponential(multiplier=first, max=15 * first)

        def wait(state) -> float:  # back off after a fault; after a login, go straight back to the screen
            return 0.0 if isinstance(state.outcome.exception(), _Again) else backoff(state)

        return AsyncRetrying(
            retry=retry_if_exception_type((TransientError, PlaywrightTimeout, _Again)),
            stop=stop_after_attempt(TRANSIENT_ATTEMPTS + MAX_LOGINS_PER_SCREEN),
            wait=wait,
            reraise=True,
        )

    # ---- navigation ------------------------------------------------------------------------------
    async def goto(self, url: str, api: str | tuple[str, ...] | None, budget: Budget, run: Witness) -> Visit:
        """Open `url` and wait for the page's own data call(s) `api`: its answer (answer url, payload),
        or None when the call never came (the caller reads the DOM instead)."""
        try:
            async for attempt in self._retrying():
                with attempt:
                    return await self._goto_once(url, api, budget, run)
        except _Again:
            raise TransientError(f"{budget.screen}: could not stay on {url}") from None
        raise AssertionError("unreachable")

    async def _goto_once(self, url: str, api: str | tuple[str, ...] | None, budget: Budget, run: Witness) -> Visit:
        page = await self.page()
        await self.pacer.wait()
        self.last_url = url
        self.sc.count_navigation()
        if "#" in url and page.url.split("#")[0] == url.split("#")[0]:
            await page.goto("about:blank")  # the same document with another route: load it anew, as a person reloads
        waiter = _net.ResponseWaiter(page, api, navigating=True, keep=run.remember) if api else None
        tokens = None
        try:
            try:
                resp = await page.goto(url, wait_until="domcontentloaded")
            except PlaywrightError as e:
                _raise_if_unreachable(e, budget.screen)
                raise
            # a trace with DOM snapshots holds each page's script and its tokens: read them (masked) while the
            # page is checked or asks for its data. Otherwise the tokens that matter are cookies (XSRF-TOKEN is
            # the pages' _csrf_token_), masked from the login on, and a failed run's page reads its own
            if self.settings.trace_snapshots:
                tokens = asyncio.ensure_future(_net.register_page_tokens(page))
            # a page sent to the login or a challenge shows it in its address; a page with no call of its own
            # to wait for is looked at; otherwise the call's answer vouches for the page (no answer: the
            # waiter looks at the page itself)
            if (left_for_login(page.url) or waiter is None) and await self.recover(page, budget, run):
                raise _Again()
            if resp is not None and resp.status >= 500:
                raise TransientError(f"{budget.screen}: HTTP {resp.status} for {url}")
            if resp is not None and resp.status == _net.SLOW_DOWN:  # the site says slow down: back off, then again
                self.slow_downs += 1
                if self.slow_downs > self.settings.challenge_retries + SLOW_DOWN_EXTRA:  # the 429 style of challenge
                    raise NeedsHuman(
                        f"{budget.screen}: the site keeps answering 429 (too many requests) after "
                        f"{self.slow_downs} back-offs; the store's runs pause until a person has looked",
                        await run.screenshot("slow-down", page),
                    )
                await asyncio.sleep(min(120.0, self.settings.challenge_backoff * (2 ** (self.slow_downs - 1))))
                raise TransientError(f"{budget.screen}: HTTP 429 (too many requests) for {url}; backing off")
            self.slow_downs = 0
            if waiter is None:
                return Visit(page)
            got = await waiter.wait(self.settings.nav_timeout)
            if got is _net.LEFT_PAGE:
                if await self.recover(page, budget, run):
                    raise _Again()
                raise TransientError(f"{budget.screen}: page left {url} unexpectedly")
            if got is not None and waiter.site_time:  # the screen's own call answered: signed in, by the site's clock
                self.proven = waiter.site_time
            return Visit(page, got, waiter.site_time)
        finally:
            if waiter:
                waiter.close()
            if tokens:
                await tokens

    # ---- recovery --------------------------------------------------------------------------------
    async def recover(self, page: Page, budget: Budget, run: Witness) -> bool:
        """Bring the store back to a usable, logged-in state. True when something had to be done
        (the caller then navigates again to where it was)."""
        acted = False
        for _ in range(6):
            state = await classify(page)
            if state is PageState.OK:
                return acted
            acted = True
            if state is PageState.BLOCKED:
                await self.blocked(page, run)
            if state is PageState.LOGIN:
                await self.login(budget, run)
                return True
            if state is PageState.MFA:
                await self._second_factor(page, run)
            else:
                await self._challenge(page, run)
        raise NeedsHuman("could not get past login/challenge pages", await run.screenshot("session", page))

    async def blocked(self, page: Page, run: Witness) -> None:
        """The site's terminal block of this network: stop at once — no back-off, no retry, no other
        screen (each try from a refused network deepens the block)."""
        logger.error("the site blocks this network ({}); stopping the run", page.url.split("?")[0])
        raise Blocked(page.url.split("?")[0], await run.screenshot("blocked", page), self.settings.lang)

    async def sign_in_first(self, run: Witness, trace: bool) -> None:
        """A store with no saved login state signs in before its first routine's trace starts, on its
        own tab — the first screen would only be sent to the login page. When that fails and the run
        is traced, its trace shows the login page as the site now shows it, opened afresh after the
        failure (never the page the password was typed into)."""
        if self._signed_in or self.sc.chunk_open or self.sc.signed_in_before:
            return
        try:
            await self.login(Budget(screen="login"), run)
        except (TransientError, PlaywrightTimeout):
            return  # the site is slow or away just now: the first screen tries again, and signs in then
        except Blocked:
            raise  # not one more request from a refused network
        except Exception:
            if trace:
                with contextlib.suppress(Exception):  # the sign-in's own error is the one to report
                    page = await self.page()
                    await page.goto("about:blank")  # the form typed into is gone before the trace starts
                    await self.sc.begin_routine(True, run.label)
                    await page.goto(self.login_url, wait_until="domcontentloaded")
            raise

    @property
    def login_url(self) -> str:
        site = sites.get(self.store.site)
        return resolve_url(self.store.base_url, self.store.screen_urls, "login", site.login_url)

    async def login(self, budget: Budget, run: Witness) -> None:
        """Sign in on a page that is never traced (the password must not land in a trace): the store's
        own tab while no trace chunk is recording, else a side context whose cookies are copied back."""
        if budget.logins >= MAX_LOGINS_PER_SCREEN:
            raise LoginLoop(
                f"{budget.screen}: the site asked for a login again after {budget.logins} logins for this "
                "screen; stopped so the account does not meet the slider"
            )
        store = self.store
        limit = self.settings.logins_a_day
        if limit and (done := await run.logins_today()) >= limit:
            raise NeedsHuman(
                f"{done} sign-ins for store {store.name} today (limit logins_a_day = {limit}): the site keeps "
                f"ending the session; a person should look before it signs in again (storeagent login "
                f"--store {store.name})"
            )
        password = store.secret_password()
        _redact.register(password)
        budget.logins += 1
        self.logins += 1
        logger.info("logging in as {} (login #{} of this session)", store.username, self.logins)
        self.signing_in = True
        async with self.sc.untraced_page() as page:
            # the page the site sends the seller to loads whole, as for a person: its scripts are the
            # site's own checks of the browser (cutting them short is what a bot looks like), and
            # intercepting every request for it cost ~20 ms a login (BENCHMARKS.md)
            await self._sign_in(page, store, password, run)
        self._signed_in, self.signing_in = True, False
        await self.sc.register_cookies()

    async def _sign_in(self, page: Page, store, password: str, run: Witness) -> None:
        lp = ref(sites.get(store.site).login)(page, self.login_url)
        for attempt in range(self.settings.challenge_retries + 1):
            await self.pacer.wait()
            try:
                await lp.submit(store.username, password)
            except Blocked as e:  # the login page is the site's block of this network
                raise Blocked(e.where, await run.screenshot("blocked", page), self.settings.lang) from None
            except HumanLogin as e:  # e.g. 1688 shows only its QR code: a person scans it
                if self.headed or not await self._scan_by_phone(page, run, e.shows):
                    await self._hand_over(page, str(e), PageState.LOGIN, run)
                break
            except PlaywrightError as e:  # not retried: a form that takes no input will not take it next time
                _raise_if_unreachable(e, "login")
                raise LoginFailed(f"the login form did not work: {_redact.redact(str(e))}") from None
            err, state = await asyncio.gather(lp.error_text(), classify(page))  # one round trip's wait
            if state is PageState.BLOCKED:
                await self.blocked(page, run)
            if err:
                raise LoginFailed(f"login refused for {store.username}: {err}")
            if state is PageState.MFA:
                await self._second_factor(page, run)
                state = await classify(page)
            if state is not PageState.CHALLENGE:
                break
            if self.headed:  # the person solves it in the window, then the login goes on
                await self._hand_over(
                    page, "slider challenge at login: please solve it in the browser window", PageState.CHALLENGE, run
                )
                break
            if attempt == self.settings.challenge_retries:
                raise NeedsHuman(
                    "slider challenge at login did not clear; a person must solve it (run with --headed)",
                    await run.screenshot("challenge", page),
                )
            delay = self.settings.challenge_backoff * (2**attempt)
            logger.warning("slider challenge at login; backing off {:.1f}s", delay)
            await asyncio.sleep(delay)

    async def _second_factor(self, page: Page, run: Witness) -> None:
        secret = self.store.totp_secret()
        if secret:
            import pyotp

            _redact.register(secret)
            await LoginPage(page, "").submit_code(pyotp.TOTP(secret).now())
            return
        if not self.headed:  # nobody at the window: a person may type it on the review page, from the phone
            code = await run.ask_code()
            if code:
                await LoginPage(page, "").submit_code(code)
                return
        await self._hand_over(page, "the site asks for the 6-digit code it sent by e-mail/SMS", PageState.MFA, run)

    async def _challenge(self, page: Page, run: Witness) -> None:
        if self.headed:
            await self._hand_over(
                page, "slider challenge: please solve it in the browser window", PageState.CHALLENGE, run
            )
            return
        shot = await run.screenshot("challenge", page)
        target, s = self.last_url, self.settings
        for attempt in range(s.challenge_retries):
            delay = s.challenge_backoff * (2**attempt)
            logger.warning(
                "slider challenge; backing off {:.1f}s (attempt {}/{})", delay, attempt + 1, s.challenge_retries
            )
            await asyncio.sleep(delay)
            await page.goto(target or self.store.base_url, wait_until="domcontentloaded")
            state = await classify(page)
            if state is PageState.BLOCKED:
                await self.blocked(page, run)
            if state is not PageState.CHALLENGE:
                return
        raise NeedsHuman("slider challenge did not clear; a person must solve it (run with --headed)", shot)

    async def _scan_by_phone(self, page: Page, run: Witness, shows: str | None) -> bool:
        """The QR code with nobody at the window: its picture goes to the channels and the review page,
        and the run waits (`code_wait_minutes`) for a person to scan it with the phone app. True when
        the page moved on (signed in)."""
        rid = await run.ask_scan(await run.screenshot("qr", page, shows))  # the QR code alone, read on a phone
        if rid is None:
            return False
        deadline = asyncio.get_running_loop().time() + self.settings.code_wait_minutes * 60
        while asyncio.get_running_loop().time() < deadline:
            if await classify(page) is not PageState.LOGIN:
                await run.end_request(rid, "used")
                return True
            await asyncio.sleep(1.0)
        await run.end_request(rid, "expired")
        return False

    async def _hand_over(self, page: Page, reason: str, state: PageState, run: Witness) -> None:
        if not self.headed:
            raise NeedsHuman(reason + " (run with --headed to do it by hand)", await run.screenshot(state.value, page))
        logger.warning("waiting for a person: {}", reason)
        waited = 0.0
        while await classify(page) is state:
            await asyncio.sleep(1.0)
            waited += 1.0
            if waited > self.settings.nav_timeout * 20:
                raise NeedsHuman(reason + " (no one answered)", await run.screenshot(state.value, page))


def _raise_if_unreachable(e: Exception, screen: str) -> None:
    """The site cannot be reached: a transient fault in one line, not Playwright's call log."""
    if any(m in str(e) for m in _NET_ERRORS):
        why = str(e).strip().splitlines()[0].split(": ", 1)[-1]
        raise SiteUnreachable(f"{screen}: cannot reach the site ({why})") from None


def session_of(manager: BrowserManager, store: "StoreSettings") -> StoreSession:
    """The store's session in this process (login, pacing, recovery), kept across routines."""
    if store.name not in manager.sessions:
        manager.sessions[store.name] = StoreSession(manager, store)
    return manager.sessions[store.name]

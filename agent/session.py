"""Session handling for one store: log in through the form, notice an expired session on any page
and log in again, recognise the slider/punish challenge and the second factor.

Supervised (headed): hand the browser to the person and wait. Headless: back off and retry per
policy, then stop with NeedsHuman and a screenshot. A challenge is never solved by automation."""
from __future__ import annotations

import asyncio

import pyotp
from loguru import logger
from playwright.async_api import Page

from . import _redact
from .errors import LoginFailed, NeedsHuman
from .pages.login import LoginPage, PageState, classify


class Session:
    def __init__(self, ctx):
        self.ctx = ctx                       # the run's PageContext
        self.logins = 0
        self.challenges = 0

    async def recover(self, page: Page) -> bool:
        """Bring the page back to a usable, logged-in state. True when something had to be done
        (the caller then navigates again to where it was)."""
        acted = False
        for _ in range(6):
            state = await classify(page)
            if state is PageState.OK:
                return acted
            acted = True
            if state is PageState.LOGIN:
                await self.login(page)
            elif state is PageState.MFA:
                await self._second_factor(page)
            else:
                await self._challenge(page)
        raise NeedsHuman("could not get past login/challenge pages", await self.ctx.screenshot(page, "session"))

    async def login(self, page: Page) -> None:
        store = self.ctx.store
        password = store.secret_password()
        _redact.register(password)
        self.logins += 1
        logger.info("logging in as {} (login #{})", store.username, self.logins)
        lp = LoginPage(page, store.base_url, store.screen_urls.get("login"))
        await self.ctx.pace()
        await lp.submit(store.username, password)
        err = await lp.error_text()
        if err:
            raise LoginFailed(f"login refused for {store.username}: {err}")
        await self.ctx.sc.register_cookies()

    async def _second_factor(self, page: Page) -> None:
        secret = self.ctx.store.totp_secret()
        if secret:
            _redact.register(secret)
            await LoginPage(page, self.ctx.store.base_url).submit_code(pyotp.TOTP(secret).now())
            return
        await self._hand_over(page, "second factor (TOTP) required", PageState.MFA)

    async def _challenge(self, page: Page) -> None:
        self.challenges += 1
        settings = self.ctx.settings
        if self.ctx.supervised:
            await self._hand_over(page, "slider challenge: please solve it in the browser window", PageState.CHALLENGE)
            return
        shot = await self.ctx.screenshot(page, "challenge")
        target = self.ctx.last_url
        for attempt in range(settings.challenge_retries):
            delay = settings.challenge_backoff * (2 ** attempt)
            logger.warning("slider challenge; backing off {:.1f}s (attempt {}/{})", delay, attempt + 1, settings.challenge_retries)
            await asyncio.sleep(delay)
            await page.goto(target or self.ctx.store.base_url, wait_until="domcontentloaded")
            if await classify(page) is not PageState.CHALLENGE:
                return
        raise NeedsHuman("slider challenge did not clear; a person must solve it (run with --headed)", shot)

    async def _hand_over(self, page: Page, reason: str, state: PageState) -> None:
        if not self.ctx.supervised:
            raise NeedsHuman(reason + " (run with --headed to do it by hand)", await self.ctx.screenshot(page, state.value))
        logger.warning("waiting for a person: {}", reason)
        waited = 0.0
        while await classify(page) is state:
            await asyncio.sleep(1.0)
            waited += 1.0
            if waited > self.ctx.settings.nav_timeout * 20:
                raise NeedsHuman(reason + " (no one answered)", await self.ctx.screenshot(page, state.value))

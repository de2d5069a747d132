"""How the back office's pages talk to their servers, as the session needs to know it: the answers
that mean a challenge (the punish page's JSON flag, mtop's RGV587_ERROR, the bxpunish header, HTTP
429), the tokens a page carries (masked as secrets), the call a page makes for its data and the
site's clock in the Date header. Only `agent/pages/` knows these shapes."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Response

from .. import _redact
from ..errors import Blocked, TransientError
from .login import PageState, blocked, classify

PAGE_TOKENS_JS = "() => [window._csrf_token_, window.dmtrack_pageid].filter(v => typeof v === 'string')"
LEFT_PAGE = object()  # the page went to login or a challenge while waiting for its data
SLOW_DOWN = 429


class Challenged(Exception):
    """An answer says the account meets risk control: a slider, or slow down."""


def check_payload(payload: Any) -> Any:
    """The challenge answers of the real site's calls: {"rgv587_flag": "sm", "url": …} and mtop's
    ret ["FAIL_SYS_USER_VALIDATE", "RGV587_ERROR::SM::…"]; FLOWLIMIT means slow down."""
    if isinstance(payload, dict):
        data = payload.get("data")
        to = str(payload.get("url") or (data.get("url") if isinstance(data, dict) else "") or "")
        if blocked(to):  # the rgv587 answer pointing at the terminal block: no slider to hand over
            raise Blocked(to.split("?")[0])
        if "rgv587_flag" in payload:
            raise Challenged("rgv587")
        ret = payload.get("ret")
        if isinstance(ret, list) and any(
            isinstance(x, str) and ("RGV587_ERROR" in x or "FAIL_SYS_USER_VALIDATE" in x or "FLOWLIMIT" in x)
            for x in ret
        ):
            raise Challenged(str(ret[0]))
    return payload


async def register_page_tokens(page: Page) -> None:
    """The tokens written into the page's script are secrets too: mask them in logs and traces."""
    try:
        _redact.register(*await page.evaluate(PAGE_TOKENS_JS))
    except PlaywrightError:
        return


def matches(pattern: str, url: str) -> bool:
    """A screen's call by a part of its URL; "a|b": either form of a call the site answers two ways
    (the older and the newer path of one screen)."""
    return any(part in url for part in pattern.split("|"))


def date_header(r: Response) -> datetime | None:
    """The site's own time (HTTP Date header), for ages such as 'unreplied for 3 hours'."""
    try:
        return parsedate_to_datetime(r.headers["date"])
    except (KeyError, TypeError, ValueError):
        return None


_JSONP = re.compile(r"^\s*(?:/\*\*/\s*)?[A-Za-z_$][\w$.]*\s*\((.*)\)\s*;?\s*$", re.S)


def parse_body(text: str) -> Any:
    """An answer's JSON, or the JSON inside a JSONP answer (`callback({...});`)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        m = _JSONP.match(text)
        if m is None:
            raise
        return json.loads(m.group(1))


# an mtop answer that only refuses the token: the page signs again by itself, so it is not the answer yet
MTOP_SIGN_AGAIN = (
    "FAIL_SYS_TOKEN_EMPTY",
    "FAIL_SYS_TOKEN_EXPIRED",
    "FAIL_SYS_TOKEN_ILLEGAL",
    "FAIL_SYS_ILLEGAL_ACCESS",
)


async def mtop_refused_token(r: Response) -> bool:
    try:
        body = parse_body(await r.text())
    except (PlaywrightError, ValueError, UnicodeDecodeError):
        return False
    ret = body.get("ret") if isinstance(body, dict) else None
    return isinstance(ret, list) and bool(ret) and str(ret[0]).startswith(MTOP_SIGN_AGAIN)


class ResponseWaiter:
    """Collects the answers of the page's own calls whose URL contains one of `patterns`,
    registered before the action that makes the page ask. Redirected calls (an expired session
    sends them to the login page) are not answers: the page follows them away."""

    def __init__(self, page: Page, patterns: str | tuple[str, ...], navigating: bool = False, keep=None):
        self.page = page
        self.keep = keep  # called with (url, payload, request body) for each answer read: the run's last screens
        # when the page is about to load a new document, answers that arrive before that document are
        # the old document's calls (a table reloading after a write, say): not this page's answers
        self.navigating = navigating
        self.armed = not navigating
        self.single = isinstance(patterns, str)
        self.patterns = (patterns,) if isinstance(patterns, str) else tuple(patterns)
        self.got: dict[str, Response] = {}
        self.checking: set[asyncio.Task] = set()  # mtop answers being read: a token refusal is not the answer
        self.site_time: datetime | None = None
        self.fut: asyncio.Future = asyncio.get_running_loop().create_future()
        # the page moving (to the login, say, when a call finds the session gone) is watched from before
        # the action too: an action's answer can send the page away before the action itself returns
        self.moved = asyncio.Event()
        page.on("response", self._on)
        if not navigating:
            page.on("framenavigated", self._on_moved)

    def _on_moved(self, frame) -> None:
        if frame == self.page.main_frame:
            self.moved.set()

    def _on(self, r: Response) -> None:
        if 300 <= r.status < 400 or self.fut.done():
            return
        if not self.armed:
            try:
                self.armed = r.request.is_navigation_request() and r.frame == self.page.main_frame
            except PlaywrightError:
                pass
            return
        for p in self.patterns:
            if p not in self.got and matches(p, r.url):
                if "/h5/mtop." in r.url:  # a signed mtop call: its first answer may only hand out a token
                    task = asyncio.ensure_future(self._mtop(p, r))
                    self.checking.add(task)
                    task.add_done_callback(self.checking.discard)
                else:
                    self._got(p, r)

    def _got(self, p: str, r: Response) -> None:
        if p in self.got or self.fut.done():
            return
        self.got[p] = r
        if len(self.got) == len(self.patterns):
            self.fut.set_result(True)

    async def _mtop(self, p: str, r: Response) -> None:
        if not await mtop_refused_token(r):
            self._got(p, r)

    def close(self) -> None:
        self.page.remove_listener("response", self._on)
        if not self.navigating:
            self.page.remove_listener("framenavigated", self._on_moved)

    async def _payload(self, r: Response) -> Any:
        if r.status == SLOW_DOWN or r.headers.get("bxpunish"):
            raise Challenged(f"HTTP {r.status} {r.headers.get('x-sec-reason', '')}".strip())
        if r.status >= 500:
            raise TransientError(f"HTTP {r.status} for {r.url}")
        try:
            return check_payload(parse_body(await r.text()))
        except (PlaywrightError, json.JSONDecodeError, UnicodeDecodeError) as e:
            raise TransientError(f"unreadable answer from {r.url}: {e}") from None

    async def wait(self, timeout: float):
        """(url, payload) — for several patterns {pattern: payload}; None when the page went idle
        without the call; LEFT_PAGE when the page went to login/challenge."""
        if not self.navigating:
            return await self._wait_in_page(timeout)
        page = self.page
        idle = asyncio.ensure_future(page.wait_for_load_state("networkidle", timeout=timeout * 1000))
        try:
            done, _ = await asyncio.wait({self.fut, idle}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            if not self.fut.done() and idle.done():  # idle, but an answer may still be on its way in
                await asyncio.sleep(0.05)
            if self.fut.done():
                return await self._result()
            if await classify(page) is not PageState.OK:
                return LEFT_PAGE
            if not done:
                raise TransientError(f"{page.url}: no answer within {timeout:.0f}s")
            return None
        finally:
            idle.cancel()

    async def _wait_in_page(self, timeout: float):
        """After an action on the page (a click, a picker): the answer, or the page leaving for the
        login or a challenge page; no answer in `timeout` is a transient fault."""
        page, loop = self.page, asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            moved = asyncio.ensure_future(self.moved.wait())
            try:
                await asyncio.wait(
                    {self.fut, moved}, timeout=max(0.0, deadline - loop.time()), return_when=asyncio.FIRST_COMPLETED
                )
            finally:
                moved.cancel()
            if self.fut.done():
                return await self._result()
            if not self.moved.is_set():
                raise TransientError(f"{page.url}: no answer within {timeout:.0f}s")
            self.moved.clear()
            await page.wait_for_load_state("domcontentloaded")
            if await classify(page) is not PageState.OK:
                return LEFT_PAGE
            # it moved within itself (a hash route) and shows what it should: its answer may still come

    async def _result(self):
        try:
            out = {p: await self._payload(r) for p, r in self.got.items()}
        except Challenged:
            await self.page.wait_for_load_state("domcontentloaded")
            await asyncio.sleep(0.2)
            return LEFT_PAGE
        if self.keep:
            for p, r in self.got.items():
                self.keep(r.url, out[p], r.request.post_data)
        first = self.got[self.patterns[0]]
        self.site_time = date_header(first)
        return (first.url, out[self.patterns[0]]) if self.single else out

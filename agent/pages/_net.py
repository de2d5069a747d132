"""How the back office's pages talk to their servers, as the session needs to know it: the JSON
answer that says a session expired, the page's CSRF token, the fetch a page makes for its data, and
the site's clock in the Date header. Only `agent/pages/` knows these shapes."""
from __future__ import annotations

import asyncio
import json
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Response

from .. import _redact
from ..errors import TransientError
from .login import PageState, classify

CSRF_META = "meta[name=csrf-token]"
FETCH_JS = """async (u) => { const r = await fetch(u, {credentials: 'same-origin', headers: {'Accept': 'application/json'}});
  return {status: r.status, text: await r.text()}; }"""
LEFT_PAGE = object()     # the page went to login or a challenge while waiting for its data


class Expired(Exception):
    """The answer says the session is gone (or the slider flag is set)."""


def check_payload(payload: Any) -> Any:
    if isinstance(payload, dict) and (payload.get("code") == "SESSION_EXPIRED" or "rgv587_flag" in payload):
        raise Expired()
    return payload


async def register_csrf(page: Page) -> None:
    """The page's CSRF token is a secret too: mask it in logs and traces."""
    try:
        token = await page.evaluate("s => { const m = document.querySelector(s); return m ? m.content : null; }", CSRF_META)
    except PlaywrightError:
        return
    _redact.register(token)


async def fetch_in_page(page: Page, url: str) -> tuple[int, str]:
    r = await page.evaluate(FETCH_JS, url)
    return r["status"], r["text"]


def date_header(r: Response) -> datetime | None:
    """The site's own time (HTTP Date header), for ages such as 'unreplied for 3 hours'."""
    try:
        return parsedate_to_datetime(r.headers["date"])
    except (KeyError, TypeError, ValueError):
        return None


class ResponseWaiter:
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

    async def wait(self, timeout: float):
        """(url, payload); None when the page went idle without the call; LEFT_PAGE when the page
        went to login/challenge."""
        page = self.page
        idle = asyncio.ensure_future(page.wait_for_load_state("networkidle", timeout=timeout * 1000))
        try:
            done, _ = await asyncio.wait({self.fut, idle}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            if self.fut.done():
                r: Response = self.fut.result()
                if r.status >= 500:
                    raise TransientError(f"HTTP {r.status} for {r.url}")
                try:
                    payload = check_payload(await r.json())
                except Expired:
                    await page.wait_for_load_state("domcontentloaded")
                    await asyncio.sleep(0.2)
                    return LEFT_PAGE
                except (PlaywrightError, json.JSONDecodeError) as e:
                    raise TransientError(f"unreadable answer from {r.url}: {e}") from None
                self.site_time = date_header(r)
                return r.url, payload
            if await classify(page) is not PageState.OK:
                return LEFT_PAGE
            if not done:
                raise TransientError(f"{page.url}: no answer within {timeout:.0f}s")
            return None
        finally:
            idle.cancel()

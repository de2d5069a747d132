"""Shared mechanics of a write on a screen: click, wait for the site's answer to the page's own
write call, raise WriteRejected with the site's own message when it refuses. Each screen says
what "accepted" looks like in its dialect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.async_api import Page

from ..errors import TransientError, WriteRejected
from . import _net


def _accepted(body: Any) -> bool:
    return isinstance(body, dict) and bool(
        body.get("success") or body.get("result") is True or body.get("ok") is True or body.get("code") == 200
    )


def _message(body: Any) -> str:
    if not isinstance(body, dict):
        return str(body)[:120]
    vo: dict = body["errorVO"] if isinstance(body.get("errorVO"), dict) else {}
    return str(body.get("message") or body.get("errorMsg") or body.get("msg") or vo.get("message") or body.get("code"))


async def submit(
    screen,
    page: Page,
    click_selector: str,
    call: str,
    what: str,
    ok: Callable[[Any], bool] = _accepted,
    message: Callable[[Any], Any] = _message,
) -> dict:
    """Click the control that writes, after asking the person in step-through mode."""
    who = screen.name
    await screen.driver.step("write", what, page.url, selector=click_selector)
    async with page.expect_response(
        lambda r: _net.matches(call, r.url) and r.request.method == "POST" and not 300 <= r.status < 400
    ) as info:
        await page.click(click_selector)
    r = await info.value
    if r.status >= 500:
        raise TransientError(f"{who}: HTTP {r.status} on {call}")
    body = await r.json()
    if not ok(body):
        raise WriteRejected(f"{who}: the site refused: {message(body)}")
    return body

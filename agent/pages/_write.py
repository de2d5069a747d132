"""Shared mechanics of a write on a screen: click, wait for the site's answer to the write call,
raise WriteRejected with the site's own message when it refuses."""
from __future__ import annotations

from playwright.async_api import Page

from ..errors import TransientError, WriteRejected


async def submit(screen, page: Page, click_selector: str, call: str, what: str) -> dict:
    """Click the control that writes, after asking the person in step-through mode."""
    who = screen.name
    await screen.driver.step("write", what, page.url, selector=click_selector)
    async with page.expect_response(lambda r: call in r.url and r.request.method == "POST") as info:
        await page.click(click_selector)
    r = await info.value
    if r.status >= 500:
        raise TransientError(f"{who}: HTTP {r.status} on {call}")
    body = await r.json()
    if not body.get("success"):
        raise WriteRejected(f"{who}: the site refused: {body.get('message') or body.get('code')}")
    return body

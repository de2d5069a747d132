"""The review page on a 390 px phone screen, as a person answering a message uses it: nothing wider
than the screen, each suggestion a card, and editing, approving and rejecting done there — checked
against the queue."""

from __future__ import annotations

from agent.queue.store import Queue
from agent.storage import Database

from .conftest import agent_settings, config_toml, review_page, run_agent, signed_in

TOKEN = "phone-token-0123456789"
WIDE = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"


async def test_on_a_phone_a_person_edits_approves_and_rejects(fresh_sandbox, tmp_path, browser):
    sb = fresh_sandbox
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(config_toml(sb))
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "diagnose")).status == "ok"
    q = Queue(Database(s.db_url))
    bids = [r for r in q.list("proposed") if r.kind == "set_bid"]
    bid, other = bids[0], bids[1]

    with review_page(tmp_path, {"AGENT_UI_TOKEN": TOKEN, "SHOP_PASSWORD": sb.password}) as base:
        ctx, page = await signed_in(browser, base, TOKEN, width=390, height=844)
        assert await page.evaluate(WIDE) <= 390  # no sideways scrolling
        await page.screenshot(path=str(tmp_path / "phone_home.png"))
        await page.goto(f"{base}/?kind=set_bid")
        assert await page.evaluate(WIDE) <= 390
        card = page.locator(f"tr#s{bid.id}")
        box = await card.bounding_box()
        assert box and box["width"] <= 390 - 2 * 8 + 1  # a card as wide as the screen, not a table row
        await page.screenshot(path=str(tmp_path / "phone_list.png"))

        new_bid = round(bid.value.bid + 0.1, 1)
        await card.locator("input.new-value").fill(f"{new_bid}")
        await card.locator("button.save").click()
        await page.wait_for_selector(".msg")
        assert q.get(bid.id).value.bid == new_bid
        assert await page.evaluate(WIDE) <= 390

        await page.locator(f"tr#s{bid.id} input.pick").check()
        async with page.expect_navigation():
            await page.click("button.approve")
        await page.locator(f"tr#s{other.id} input.pick").check()
        async with page.expect_navigation():
            await page.click("button.reject")
        assert (q.get(bid.id).state, q.get(other.id).state) == ("approved", "rejected")
        assert await page.evaluate(WIDE) <= 390
        await page.screenshot(path=str(tmp_path / "phone_after.png"), full_page=True)
        await ctx.close()

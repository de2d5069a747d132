"""Stores managed on the review page: a store added there with a Chinese display name (its password
into the keyring, never a file) is the one the next `run` uses, and the page's overview shows its
login health and last run; a bad value is refused in the page's words with nothing written; a paused
store is left out of every-store runs."""

from __future__ import annotations

import os

import pytest

from .conftest import publish_screenshot, review_page, signed_in
from .test_agent_config import agent

TOKEN = "t0ken-for-the-stores-page"
pytestmark = pytest.mark.skipif(
    not os.environ.get("AGENT_TEST_DBUS"),
    reason="no Secret Service here (scripts/with_postgres.sh starts gnome-keyring when it can)",
)


async def test_a_store_added_on_the_page_is_run_and_shown_in_the_overview(fresh_sandbox, tmp_path, browser):
    sb = fresh_sandbox
    bus = {"DBUS_SESSION_BUS_ADDRESS": os.environ.get("AGENT_TEST_DBUS", "")}
    data = tmp_path / "data"
    with review_page(tmp_path, {"AGENT_UI_TOKEN": TOKEN, **bus}) as base:
        ctx, page = await signed_in(browser, base, TOKEN, width=1280)
        assert "添加店铺" in await page.locator("h3#stores").inner_text()
        await page.click("a.add-store")
        await page.fill("#label", "国际站主店")
        # the run times follow the site chosen, as it is chosen: a 1688 store's routines, then Alibaba.com's again
        await page.select_option("#site", "1688")
        assert await page.locator("tbody.site-times[data-site='1688']").is_visible()
        assert not await page.locator("tbody.site-times[data-site='alibaba']").is_visible()
        assert await page.locator("tbody[data-site='1688'] input[name='schedule.wxb_review']").is_enabled()
        assert not await page.locator("tbody[data-site='alibaba'] input[name='schedule.metrics']").is_enabled()
        await page.select_option("#site", "alibaba")
        assert await page.locator("tbody[data-site='alibaba'] input[name='schedule.metrics']").is_enabled()
        assert not await page.locator("tbody[data-site='1688'] input[name='schedule.metrics']").is_enabled()
        await page.fill("#base_url", sb.url)
        await page.fill("#company_id", "not-a-number")  # refused as the config file refuses it
        await page.fill("#username", sb.username)
        await page.fill("#password", sb.password)
        await page.fill("#tracked_keywords", "power bank\nbluetooth speaker")
        await page.fill("tbody[data-site='alibaba'] input[name='schedule.metrics']", "10:30 16:00")
        async with page.expect_navigation():
            await page.click("button.save")
        assert "「公司 ID」格式不对" in await page.locator("p.msg").inner_text()
        assert await page.input_value("#label") == "国际站主店"  # what was typed is kept
        assert not (data / "stores.toml").exists()  # nothing written
        await page.fill("#company_id", sb.state()["company_id"])
        await page.fill("#password", sb.password)
        async with page.expect_navigation():
            await page.click("button.save")
        assert "已保存：国际站主店" in await page.locator("p.msg").inner_text()
        row = page.locator("table.stores-overview tr.store-row")
        assert await row.count() == 1
        cells = await row.locator("td").all_inner_texts()
        assert cells[:4] == ["国际站主店", "国际站", "尚未验证", "—"], cells
        key = await row.get_attribute("data-store")
        assert key == "store"  # derived from the name, never typed

        saved = (data / "stores.toml").read_text(encoding="utf-8")
        assert 'label = "国际站主店"' in saved and sb.password not in saved
        assert 'metrics = [\n    "30 10 * * *",\n    "0 16 * * *",\n]' in saved  # the times as cron
        assert oct((data / "stores.toml").stat().st_mode & 0o777) == "0o600"

        # the next run (its own process) takes the store from the page's file, the password from the keyring
        env = {**bus, "AGENT_DATA_DIR": str(data)}
        r = agent(tmp_path, "run", "keepalive", env=env)
        assert r.returncode == 0, r.stdout + r.stderr[-800:]
        assert r.stdout.splitlines()[0] == "国际站主店 · 保持活跃：完成"
        async with page.expect_navigation():
            await page.goto(base + "/")
        cells = await page.locator("table.stores-overview tr.store-row td").all_inner_texts()
        assert cells[2] in ("已登录", "⚠ 1 小时内失效") and cells[3].startswith("保持活跃 · 完成 · "), cells
        await page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
        publish_screenshot(tmp_path / "home.png", "home.png")
        for p in data.rglob("*"):  # the password is in no file the agent wrote
            if p.is_file():
                assert sb.password.encode() not in p.read_bytes(), p

        # paused: every-store runs leave it out, said in one line; --store still runs it
        await page.goto(base + f"/stores?store={key}")
        await page.check("input[name=paused]")
        async with page.expect_navigation():
            await page.click("button.save")
        assert "已暂停" in await page.locator("table.stores-overview td.alerts").inner_text()
        paused = agent(tmp_path, "run", "keepalive", env=env)
        assert paused.returncode == 2 and "every store is paused" in paused.stderr
        assert agent(tmp_path, "run", "keepalive", "--store", key, env=env).returncode == 0
        await ctx.close()

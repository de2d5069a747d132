"""The review page keeps a person signed in on a device they ask it to remember (`ui_device_days`):
across restarts of the page, without a new token link; signing out ends it; only the secret's hash is
stored; an unknown device is refused."""

from __future__ import annotations

import pytest

from agent.cli import main

from .conftest import config_toml, review_page

TOKEN = "t0ken-for-the-test"


async def test_a_remembered_phone_stays_signed_in_across_restarts_until_it_signs_out(fresh_sandbox, tmp_path, browser):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(config_toml(fresh_sandbox))
    env = {"AGENT_UI_TOKEN": TOKEN, "SHOP_PASSWORD": fresh_sandbox.password}
    phone = await browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = await phone.new_page()
    with review_page(tmp_path, env) as base:
        await page.goto(f"{base}/?token={TOKEN}")
        await page.fill("input[name=name]", "王经理")
        assert "在这台设备上保持登录 30 天" in await page.inner_text("body")
        await page.check("input[name=remember]")
        async with page.expect_navigation():
            await page.click("text=继续")
        await page.wait_for_selector("form#bulk")
        device = next(c for c in await phone.cookies() if c["name"] == "agent_ui_device")
        assert device["httpOnly"] and device["sameSite"] == "Strict" and device["expires"] > 0
    with review_page(tmp_path, env) as base:  # the page restarted: its sessions are gone, the device is not
        phone_cookies = [c for c in await phone.cookies() if c["name"] == "agent_ui_device"]
        await phone.clear_cookies()
        await phone.add_cookies([{**c, "domain": "127.0.0.1"} for c in phone_cookies])
        await page.goto(f"{base}/")  # no token in the link
        await page.wait_for_selector("form#bulk")
        assert "审批人 王经理" in await page.inner_text("body")
        async with page.expect_navigation():
            await page.click("form.logout button")
        assert "已退出" in await page.inner_text("body")
        await phone.add_cookies([{**c, "domain": "127.0.0.1"} for c in phone_cookies])  # the old secret again
        r = await page.goto(f"{base}/")
        assert r.status == 403  # signed out means this device's sign-in is over
        stranger = await browser.new_context()
        await stranger.add_cookies([{"name": "agent_ui_device", "value": "guessed", "url": base}])
        p2 = await stranger.new_page()
        assert (await p2.goto(f"{base}/")).status == 403
        await stranger.close()
    await phone.close()
    from sqlalchemy import select

    from agent.storage import Database
    from agent.storage import models as m

    with Database(f"sqlite:///{tmp_path / 'data' / 'agent.db'}").engine.connect() as c:
        rows = c.execute(select(m.ui_devices)).mappings().all()
    assert [(r["name"], r["revoked"], len(r["secret_hash"])) for r in rows] == [("王经理", True, 64)]
    assert phone_cookies[0]["value"] not in str(rows)  # the secret itself is not stored


@pytest.mark.parametrize("value", ["91", "-1"])
def test_a_bad_ui_device_days_is_one_line(fresh_sandbox, tmp_path, capsys, value):
    cfg = tmp_path / "agent.toml"
    cfg.write_text(f"ui_device_days = {value}\n" + config_toml(fresh_sandbox, data_dir=str(tmp_path / "data")))
    assert main(["status", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert "ui_device_days" in err and len(err.strip().splitlines()) == 1

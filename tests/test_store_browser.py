"""A store's own browser (agent/runtime/store_browser.py): a `profile` store signs in once — the
e-mailed code typed once by `login` — and its scheduled runs reuse that login across days of the
site's clock, headed on a virtual display; a `context` store bringing the same cookies but not the
device is asked for the code again; a `cdp` store works in a tab of its own in a Chrome someone else
started and leaves it as it found it; `status` shows each store's login health."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request

import pyotp
import pytest

from agent import sites
from agent.app import App
from agent.cli import main

from .conftest import agent_settings, config_toml

ALL_EVERY_DAY = (
    "keepalive",
    "metrics",
    "inquiries",
    "rankings",
    "diagnose",
    "p4p_review",
    "zero_effect",
    "activities",
    "customers",
)


def _cli(tmp_path, sb, *argv, **extra) -> int:
    cfg = tmp_path / "agent.toml"
    cfg.write_text(config_toml(sb, **extra))
    return main([*argv, "--config", str(cfg)])


def _profile_config(tmp_path, sb) -> dict:
    return {"data_dir": str(tmp_path / "data"), "state_dir": str(tmp_path / "state")}


def test_a_profile_store_signs_in_once_and_runs_every_routine_for_days(make_sandbox, tmp_path, monkeypatch, capsys):
    secret = pyotp.random_base32()
    sb = make_sandbox(products=60, extra=["--totp-secret", secret, "--session-ttl", str(4 * 3600)])
    monkeypatch.setenv("SHOP_PASSWORD", sb.password)
    monkeypatch.setenv("SHOP_TOTP", secret)  # the e-mailed code, as the sandbox sends it
    monkeypatch.delenv("DISPLAY", raising=False)  # no screen: the agent starts a virtual one
    cfg = tmp_path / "agent.toml"
    text = config_toml(sb, **_profile_config(tmp_path, sb))
    cfg.write_text(text + 'browser = "profile"\ntotp_secret_env = "SHOP_TOTP"\ntracked_keywords = ["led strip"]\n')

    assert main(["login", "--store", "shop", "--config", str(cfg)]) == 0
    said = capsys.readouterr().out
    assert "shop：已登录（店铺专用浏览器）" in said and "会话预计持续到" in said, said
    assert (sb.stats()["codes_asked"], sb.stats()["logins"]) == (1, 1)
    profile = tmp_path / "state" / "profiles" / "shop"
    assert (profile.stat().st_mode & 0o777) == 0o700 and (profile / "Default" / "Cookies").exists()
    assert not list((tmp_path / "state").glob("*.json"))  # no cookie file: the profile keeps its login

    async def days() -> None:  # the scheduled runs: one profile browser a day, every routine in it
        app = App.load(str(cfg), quiet=True)
        for day in range(2):
            if day:
                sb.advance_clock(86400 + 5 * 3600)  # the next day; the 4-hour session has lapsed
            async with app.browser():
                for routine in ALL_EVERY_DAY if day == 0 else ("keepalive", "metrics", "inquiries"):
                    [r] = await app.run(routine, "shop")
                    assert r.status in ("ok", "partial") and r.details["login"]["mode"] == "profile", r

    import asyncio

    asyncio.run(days())
    stats = sb.stats()
    assert stats["codes_asked"] == 1, stats  # never asked again: the profile is a device the site knows
    assert stats["logins"] == 2, stats  # one more sign-in, after the session lapsed, without a code
    assert stats["devices"] == 1

    # the same session's cookies in a fresh context, without the device: the site asks for the code again
    state = tmp_path / "state"
    ctx_cfg = tmp_path / "context.toml"
    cookies = [c for c in _profile_cookies(profile) if c["name"] != "cna"]
    assert {"xman_t", "xman_us_t"} <= {c["name"] for c in cookies}
    (state / "shop.json").write_text(json.dumps({"cookies": cookies, "origins": []}))
    sb.expire_sessions()
    ctx_cfg.write_text(text + 'browser = "context"\ntotp_secret_env = "SHOP_TOTP"\n')
    assert main(["run", "keepalive", "--store", "shop", "--config", str(ctx_cfg)]) == 0
    assert sb.stats()["codes_asked"] == 2


def _profile_cookies(profile) -> list[dict]:
    """The cookies the profile holds, read by opening it (as a person's browser would be reopened)."""
    import asyncio

    from playwright.async_api import async_playwright

    from agent.runtime.chromium import launch_options

    async def read() -> list[dict]:
        async with async_playwright() as pw:
            ctx = await pw.chromium.launch_persistent_context(str(profile), **launch_options(pw))
            try:
                return list(await ctx.cookies())
            finally:
                await ctx.close()

    return asyncio.run(read())


@pytest.fixture
def person_chrome(tmp_path):
    """A Chromium someone else started, with a debugging port and a tab of its own."""
    procs = []

    def start(url: str) -> str:
        proc = subprocess.Popen(
            [
                "/usr/lib/chromium/chromium-headless-shell",
                "--remote-debugging-port=0",
                f"--user-data-dir={tmp_path / 'person'}",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-sandbox",
                url,
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        procs.append(proc)
        assert proc.stderr is not None
        for line in proc.stderr:
            m = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            if m:
                return f"http://127.0.0.1:{m.group(1)}"
        raise AssertionError("the browser did not open its debugging port")

    yield start
    for p in procs:
        p.terminate()
        p.wait(10)


def _tabs(cdp: str) -> list[tuple[str, str]]:
    with urllib.request.urlopen(cdp + "/json/list", timeout=10) as r:
        return [(t["id"], t["url"]) for t in json.load(r) if t["type"] == "page"]


async def test_a_cdp_store_works_in_its_own_tab_and_leaves_the_persons_browser_as_it_was(
    fresh_sandbox, tmp_path, person_chrome
):
    sb = fresh_sandbox
    theirs = sb.url + "/__sandbox__/stats"
    cdp = person_chrome(theirs)
    before = _tabs(cdp)
    assert [u for _, u in before] == [theirs]
    s = agent_settings(sb, tmp_path, browser="cdp", cdp_url=cdp)
    app = App(s)
    [first] = await app.run("keepalive", "shop")
    assert first.status == "ok" and first.counts.get("logins") == 1, first
    assert first.details["login"]["mode"] == "cdp" and first.details["login"]["proven"]
    [second] = await app.run("metrics", "shop")  # the person's browser keeps the login: no second sign-in
    assert second.status == "ok" and "logins" not in second.counts, second
    assert second.counts["products"] == len(sb.state()["products"])
    assert _tabs(cdp) == before  # the person's tab untouched, the agent's own closed, the browser still there
    assert not first.traces and not list((tmp_path / "data").glob("traces/*"))  # a person's browser is not traced


def test_status_shows_each_stores_login_health(make_sandbox, tmp_path, monkeypatch, capsys):
    sb = make_sandbox(products=20)  # its sessions last an hour
    monkeypatch.setenv("SHOP_PASSWORD", sb.password)
    kw = _profile_config(tmp_path, sb)
    assert _cli(tmp_path, sb, "status", **kw) == 0  # never run: nothing to flag yet
    out = capsys.readouterr().out
    assert "shop | 国际站 | 共享浏览器 | 尚未验证 | — | — | —" in out, out

    assert _cli(tmp_path, sb, "run", "keepalive", **kw) == 0
    capsys.readouterr()
    assert _cli(tmp_path, sb, "status", **kw) == 3  # an hour's session lapses within the hour: flagged
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("shop |"))
    assert "⚠ 1 小时内失效" in row and "保持活跃 · 完成" in row, out
    assert "需要有人登录：shop（storeagent login --store 店铺名）" in out
    assert _cli(tmp_path, sb, "status", "--json", **kw) == 3
    [h] = json.loads(capsys.readouterr().out)["stores"]
    assert (h["mode"], h["state"], h["needs_person"]) == ("context", "lapsing", True)
    assert h["proven"] < h["expires"]

    long = make_sandbox(products=20, extra=["--session-ttl", str(8 * 3600)])
    kw2 = {"data_dir": str(tmp_path / "d2"), "state_dir": str(tmp_path / "s2")}
    assert _cli(tmp_path, long, "run", "keepalive", **kw2) == 0
    assert _cli(tmp_path, long, "status", **kw2) == 0
    assert "shop | 国际站 | 共享浏览器 | 已登录 |" in capsys.readouterr().out

    # a site that asks for a code the agent cannot type, nobody watching: signed out, a person is needed
    coded = make_sandbox(products=20, extra=["--totp-secret", pyotp.random_base32()])
    kw3 = {"data_dir": str(tmp_path / "d3"), "state_dir": str(tmp_path / "s3")}
    assert _cli(tmp_path, coded, "run", "keepalive", **kw3) == 3
    assert _cli(tmp_path, coded, "status", **kw3) == 3
    assert "⚠ 未登录，需人工登录" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('browser = "firefox"', "stores.0.browser: Input should be 'profile', 'cdp' or 'context'"),
        ('browser = "cdp"', 'browser = "cdp" needs cdp_url'),
        ('cdp_url = "http://127.0.0.1:9222"', 'cdp_url is only for browser = "cdp"'),
        ('browser = "cdp"\ncdp_url = "127.0.0.1:9222"', "must be the browser's debugging address"),
    ],
)
def test_a_bad_browser_setting_is_one_line(fresh_sandbox, tmp_path, monkeypatch, capsys, line, said):
    cfg = tmp_path / "agent.toml"
    cfg.write_text(config_toml(fresh_sandbox, data_dir=str(tmp_path / "data")) + line + "\n")
    assert main(["status", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert not (tmp_path / "data").exists()


def test_every_site_names_the_screen_that_proves_a_login_and_its_session_cookies():
    for name in sites.SITES:
        site = sites.get(name)
        assert site.home and site.session_cookies, name


def test_a_standby_takes_a_profile_store_only_once_a_person_signed_it_in_there(
    fresh_sandbox, tmp_path, monkeypatch, capsys
):
    from datetime import UTC, datetime, timedelta

    from agent.fleet import _store
    from agent.fleet.ownership import owner
    from agent.settings import FleetSettings
    from agent.storage import Database
    from agent.storage import db as storage

    s = agent_settings(fresh_sandbox, tmp_path, worker="m1", standby="m2")
    base = s.stores[0]
    prof, ctx = base.model_copy(update={"name": "p", "browser": "profile"}), base.model_copy(update={"name": "c"})
    db, now = Database(s.db_url), datetime.now(UTC)
    workers = {"m1": {"heartbeat_at": now - timedelta(hours=1)}, "m2": {"heartbeat_at": now}}  # m1 went silent
    fleet = FleetSettings(broker="redis://127.0.0.1:6379/0")

    def who(st):
        return owner(st, workers, now, fleet, _store.signed_in_on(db, st.name))

    assert (who(ctx).worker, who(ctx).why) == ("m2", "standby")  # a saved state moves with the store
    assert (who(prof).worker, who(prof).why) == (None, "standby_not_signed_in")  # its login is on m1
    for machine, status in (("m1", "ok"), ("m2", "needs_human")):  # signed in on m1; on m2 it did not go through
        monkeypatch.setattr(storage, "RUNS_ON", machine)
        db.finish_run(db.start_run("p", "login"), status, {}, None, [], [])
    assert who(prof).why == "standby_not_signed_in"
    monkeypatch.setattr(storage, "RUNS_ON", "m2")
    db.finish_run(db.start_run("p", "login"), "ok", {}, None, [], [])
    assert (who(prof).worker, who(prof).why) == ("m2", "standby")
    workers["m1"] = {"heartbeat_at": now}
    assert who(prof).worker == "m1"  # its own machine is back

    monkeypatch.setenv("SHOP_PASSWORD", fresh_sandbox.password)
    assert _cli(tmp_path, fresh_sandbox, "login", "--worker", "m9", data_dir=str(tmp_path / "d")) == 2
    err = capsys.readouterr().err
    assert "--worker 'm9': store 'shop' runs on - with standby -" in err and len(err.strip().splitlines()) == 1


async def test_the_review_page_shows_each_stores_login_and_who_must_sign_in(fresh_sandbox, tmp_path, browser):
    from .conftest import review_page, run_agent, signed_in

    sb = fresh_sandbox
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(config_toml(sb))
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "keepalive")).status == "ok"  # the sandbox's one-hour session: lapses within the hour
    with review_page(tmp_path, {"AGENT_UI_TOKEN": "t0ken-for-the-test", "SHOP_PASSWORD": sb.password}) as base:
        ctx, page = await signed_in(browser, base, "t0ken-for-the-test", width=1366)
        box = page.locator("details.logins")
        assert await box.get_attribute("open") is not None  # someone must act: open at once
        assert "店铺登录状态 · ⚠ shop" in await box.locator("summary").inner_text()
        cells = await box.locator("tr.needs-person td").all_inner_texts()
        assert cells[:4] == ["shop", "国际站", "共享浏览器", "⚠ 1 小时内失效"] and cells[6].startswith(
            "保持活跃 · 完成 · "
        )
        assert "storeagent login --store 店铺名" in await box.inner_text()
        await page.screenshot(path=str(tmp_path / "review_logins.png"))
        await ctx.close()

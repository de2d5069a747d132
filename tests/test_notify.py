"""Telling a person (agent/notify): real channels — an SMTP server (aiosmtpd) and JSON webhooks
(Apprise's json://) started by the test — receive exactly the expected messages, once; a channel
that refuses or hangs leaves the run `ok` and the message recorded as failed; quiet hours and the
digest; `notify test`; bad channel settings are one line and exit 2."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pyotp
import pytest

from agent.app import App
from agent.cli import main
from agent.notify.config import NotifySettings
from agent.notify.events import Event
from agent.notify.send import dispatch, recent
from agent.storage import Database

from .conftest import TOKEN, agent_settings, config_toml


def _channels(monkeypatch, **urls) -> list[NotifySettings]:
    out = []
    for name, url in urls.items():
        monkeypatch.setenv(f"NOTIFY_{name.upper()}", url)
        out.append(NotifySettings(name=name, url_env=f"NOTIFY_{name.upper()}"))
    return out


async def test_a_run_that_needs_a_person_is_said_once_on_every_channel(
    make_sandbox, tmp_path, monkeypatch, hooks, mailbox
):
    sb = make_sandbox(products=20, extra=["--totp-secret", pyotp.random_base32()])  # a code the agent cannot type
    s = agent_settings(sb, tmp_path, label="星辰旗舰店", public_url="https://agent.shop.test", code_wait_minutes=0)
    s = s.model_copy(update={"notify": _channels(monkeypatch, ops=hooks.url("ok"), mail=mailbox.url())})
    app = App(s)
    [r] = await app.run("keepalive")
    assert r.status == "needs_human"
    [msg] = hooks.got
    assert msg["title"] == "【需要人工】星辰旗舰店：保持活跃停下了", msg
    assert "storeagent login --store shop" in msg["message"] and "https://agent.shop.test/?store=shop" in msg["message"]
    assert mailbox.subjects() == ["【需要人工】星辰旗舰店：保持活跃停下了"]
    [again] = await app.run("keepalive")  # the same stop the same day: not said again
    assert again.status == "needs_human" and len(hooks.got) == 1 and len(mailbox.mails) == 1
    rows = recent(Database(s.db_url))
    assert {(x["channel"], x["event"], x["status"]) for x in rows} == {
        ("ops", "needs_person", "sent"),
        ("mail", "needs_person", "sent"),
    }
    written = "".join(p.read_text(errors="replace") for p in (tmp_path / "data").rglob("*.log"))
    assert TOKEN not in json.dumps(rows, default=str) + written + json.dumps(msg)


async def test_a_channel_that_refuses_or_hangs_never_fails_the_run(
    fresh_sandbox, tmp_path, monkeypatch, hooks, browser
):
    sb = fresh_sandbox  # its sessions last an hour: the login lapses within the hour, a person is told
    s = agent_settings(sb, tmp_path)
    s = s.model_copy(update={"notify": _channels(monkeypatch, down=hooks.url("refuse"), slow=hooks.url("hang"))})
    [r] = await App(s).run("keepalive")
    assert r.status == "ok"
    rows = {x["channel"]: x for x in recent(Database(s.db_url))}
    assert set(rows) == {"down", "slow"} and {x["status"] for x in rows.values()} == {"failed"}
    assert rows["down"]["event"] == "login" and rows["down"]["title"] == "【登录】shop：登录 1 小时内失效"
    assert all(x["error"] and TOKEN not in x["error"] for x in rows.values())
    assert hooks.got == []

    # the review page shows what was sent and what failed
    from .conftest import review_page, signed_in

    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(
        config_toml(sb) + '[[notify]]\nname = "down"\nurl_env = "NOTIFY_DOWN"\n'
    )
    env = {"AGENT_UI_TOKEN": "t0ken-for-the-test", "SHOP_PASSWORD": sb.password, "NOTIFY_DOWN": hooks.url("refuse")}
    with review_page(tmp_path, env) as base:
        ctx, page = await signed_in(browser, base, "t0ken-for-the-test", width=1366)
        told = page.locator("details.told")
        assert "通知记录 · 有发送失败" in await told.locator("summary").inner_text()
        await told.locator("summary").click()
        text = await told.inner_text()
        assert "【登录】shop：登录 1 小时内失效" in text and "发送失败" in text and TOKEN not in await page.content()
        await page.screenshot(path=str(tmp_path / "review_told.png"))
        await ctx.close()


async def test_suggestions_waiting_are_said_with_the_first_three(fresh_sandbox, tmp_path, monkeypatch, hooks):
    s = agent_settings(fresh_sandbox, tmp_path)
    ch = _channels(monkeypatch, ops=hooks.url("ok"))[0].model_copy(update={"events": ["suggestions"]})
    s = s.model_copy(update={"notify": [ch]})
    [r] = await App(s).run("diagnose")
    assert r.status == "ok" and r.counts["suggestions"] > 3
    [msg] = hooks.got  # only the event this channel wants
    from agent.queue.store import Queue

    waiting = Queue(Database(s.db_url)).list("proposed", "shop")
    assert msg["title"] == f"【待审批】shop：{len(waiting)} 条修改建议等待审批"
    what, before, after = waiting[0].describe("zh")
    assert msg["message"].count("；") == 2 and f"{what} {before} → {after}" in msg["message"]


def test_quiet_hours_hold_what_can_wait_and_many_events_come_as_one_digest(tmp_path, monkeypatch, hooks):
    from agent.settings import Settings

    db_url = f"sqlite:///{tmp_path / 'agent.db'}"
    ch = _channels(monkeypatch, ops=hooks.url("ok"))[0].model_copy(update={"quiet_hours": "22:00-08:00"})
    s = Settings(data_dir=tmp_path / "data", database_url=db_url, notify=[ch])
    db = Database(db_url)
    late = datetime(2026, 12, 5, 15, 30, tzinfo=UTC)  # 23:30 in Asia/Shanghai

    def ev(kind: str, n: int) -> Event:
        return Event(kind, "shop", f"{kind}:{n}", {"zh": f"{kind} {n}", "en": f"{kind} {n}"})

    done = dispatch(s, db, [ev("run_failed", 1), ev("needs_person", 1)], now=late)
    assert [d["key"] for d in done] == ["needs_person:1"] and [m["title"] for m in hooks.got] == ["needs_person 1"]
    assert {r["key"]: r["status"] for r in recent(db)} == {"needs_person:1": "sent", "run_failed:1": "quiet"}
    morning = datetime(2026, 12, 6, 0, 30, tzinfo=UTC)  # 08:30: what the night held goes, though not raised again
    assert [d["key"] for d in dispatch(s, db, [], now=morning)] == ["run_failed:1"]
    assert [m["title"] for m in hooks.got] == ["needs_person 1", "run_failed 1"]
    hooks.got.clear()
    done = dispatch(
        s, db, [ev("run_failed", 2), ev("run_failed", 1), *(ev("suggestions", i) for i in range(4))], now=morning
    )
    assert len(done) == 5 and {d["status"] for d in done} == {"sent"}  # run_failed:1 was sent already
    assert len(hooks.got) == 1 and hooks.got[0]["title"] == "【摘要】5 件事需要处理"
    assert hooks.got[0]["message"].splitlines()[0] == "run_failed 2"
    assert dispatch(s, db, [ev("suggestions", 2)], now=morning) == []  # once per event


def test_notify_test_says_whether_each_channel_got_it(tmp_path, monkeypatch, capsys, hooks, fresh_sandbox):
    cfg = tmp_path / "agent.toml"
    monkeypatch.setenv("NOTIFY_OPS", hooks.url("ok"))
    monkeypatch.setenv("NOTIFY_DOWN", hooks.url("refuse"))
    cfg.write_text(
        config_toml(fresh_sandbox, data_dir=str(tmp_path / "data"))
        + '[[notify]]\nname = "ops"\nurl_env = "NOTIFY_OPS"\n[[notify]]\nname = "down"\nurl_env = "NOTIFY_DOWN"\n'
    )
    assert main(["notify", "test", "--channel", "ops", "--config", str(cfg)]) == 0
    assert "✓ ops：测试消息已送达" in capsys.readouterr().out and hooks.got[0]["title"] == "【测试】店铺助手通知"
    assert main(["notify", "test", "--config", str(cfg)]) == 1
    out = capsys.readouterr().out
    assert "✓ ops" in out and "✗ down：没有送达" in out and TOKEN not in out


@pytest.mark.parametrize(
    ("table", "env", "said"),
    [
        ('name = "x"\nurl_env = "NOTIFY_X"\n', "nosuch://token", "is not a notification URL Apprise can use"),
        ('name = "x"\nevents = ["everything"]\n', None, "unknown event 'everything'"),
        ('name = "x"\nquiet_hours = "22-08"\n', None, 'is not a time range like "22:00-08:00"'),
        ('name = "x y"\n', None, "notify.0.name"),
        ('name = "x"\nowners = ["王芳", " "]\n', None, "owners: a salesperson's name as the inquiry list shows it"),
    ],
)
def test_a_bad_channel_is_one_line(tmp_path, monkeypatch, capsys, fresh_sandbox, table, env, said):
    if env:
        monkeypatch.setenv("NOTIFY_X", env)
    cfg = tmp_path / "agent.toml"
    cfg.write_text(config_toml(fresh_sandbox, data_dir=str(tmp_path / "data")) + "[[notify]]\n" + table)
    assert main(["notify", "test", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1 and "nosuch://token" not in err, err
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("value", ["121", "-1", '"ten"'])
def test_a_bad_code_wait_is_one_line(fresh_sandbox, tmp_path, capsys, value):
    cfg = tmp_path / "agent.toml"
    cfg.write_text(f"code_wait_minutes = {value}\n" + config_toml(fresh_sandbox, data_dir=str(tmp_path / "data")))
    assert main(["status", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert "code_wait_minutes" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "data").exists()


def test_a_bots_webhook_address_is_taken_as_its_settings_show_it():
    """People paste the address the group bot's settings show; Apprise's own forms work too."""
    from agent.notify.config import apprise_url, check_url

    token = "0123456789abcdef0123456789abcdef"
    assert apprise_url(f"https://oapi.dingtalk.com/robot/send?access_token={token}") == f"dingtalk://{token}/"
    assert apprise_url(f"https://oapi.dingtalk.com/robot/send?access_token={token}&secret=SECabc") == (
        f"dingtalk://SECabc@{token}/"
    )
    assert apprise_url(f"https://open.feishu.cn/open-apis/bot/v2/hook/{token}") == f"feishu://{token}"
    assert apprise_url(f"https://open.larksuite.com/open-apis/bot/v2/hook/{token}") == f"lark://{token}"
    for url in (
        f"https://oapi.dingtalk.com/robot/send?access_token={token}",
        f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={token}",
        f"https://open.feishu.cn/open-apis/bot/v2/hook/{token}",
        "mailtos://shop:app-password@smtp.qq.com?to=boss@example.com",
    ):
        check_url(url, "the URL")  # raises when Apprise cannot use it
    with pytest.raises(ValueError, match="not a notification URL"):
        check_url(f"https://example.com/hook/{token}", "the URL")


async def test_inquiries_near_and_past_the_reply_rule_are_each_said_once(fresh_sandbox, tmp_path, monkeypatch, hooks):
    s = agent_settings(fresh_sandbox, tmp_path)
    ch = _channels(monkeypatch, ops=hooks.url("ok"))[0].model_copy(update={"events": ["inquiry"]})
    s = s.model_copy(update={"notify": [ch]})
    app = App(s)
    [r] = await app.run("inquiries")
    over, soon = r.details["over_2h"], r.details["nearing"]
    assert r.status == "ok" and over
    assert all(0 <= n["minutes_left"] <= 30 for n in soon)  # three quarters of 2 hours and on
    [msg] = hooks.got  # more than three at once: one digest
    lines = msg["message"].splitlines()
    assert msg["title"] == f"【摘要】{len(over) + len(soon)} 件事需要处理"
    assert sum(line.startswith("【询盘超时】shop：") for line in lines) == len(over)
    assert sum(line.startswith("【询盘将超时】shop：") for line in lines) == len(soon)
    await app.run("inquiries")
    assert len(hooks.got) == 1  # each inquiry said once


def test_a_rank_drop_names_the_keyword_and_the_places(tmp_path, fresh_sandbox):
    from agent.notify.events import from_result
    from agent.runtime.run import RunResult

    s = agent_settings(fresh_sandbox, tmp_path, label="星辰旗舰店")
    alerts = [
        {
            "keyword": "led strip",
            "product_id": "1600100000007",
            "kind": "organic",
            "alert": "dropped",
            "before": 3,
            "after": 14,
            "title": "LED Strip 5050 RGB",
        },
        {
            "keyword": "power bank",
            "product_id": "1600100000008",
            "kind": "p4p",
            "alert": "fell_off",
            "before": 5,
            "after": None,
        },
    ]
    r = RunResult(store="shop", routine="rankings", status="ok", details={"alerts": alerts})
    got = from_result(s, s.stores[0], r, "2026-12-05")
    assert [e.title["zh"] for e in got] == [
        "【排名下降】星辰旗舰店：关键词「led strip」下 「LED Strip 5050 RGB」（自然排名） 第 3 → 14 名",
        "【排名下降】星辰旗舰店：关键词「power bank」下 产品 1600100000008（广告位） 第 5 名 → 检查的页内找不到",
    ]
    assert got[0].body["zh"] == "「LED Strip 5050 RGB」（1600100000007）第 3 → 14 名"
    assert len({e.key for e in got}) == 2 and all(e.kind == "rank_drop" and not e.urgent for e in got)


async def test_a_person_types_the_emailed_code_on_the_review_page_from_a_phone(
    make_sandbox, tmp_path, monkeypatch, hooks, browser
):
    """A headless run asked for the e-mailed code tells the channel, waits, and goes on with the code a
    person types into the review page on a 390 px screen; the sandbox sees one sign-in."""
    import asyncio

    from .conftest import review_page, signed_in

    secret = pyotp.random_base32()
    sb = make_sandbox(products=20, extra=["--totp-secret", secret])
    s = agent_settings(sb, tmp_path, code_wait_minutes=2, public_url="https://agent.shop.test")
    s = s.model_copy(update={"notify": _channels(monkeypatch, ops=hooks.url("ok"))})
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(config_toml(sb))
    env = {"AGENT_UI_TOKEN": "t0ken-for-the-test", "SHOP_PASSWORD": sb.password}
    with review_page(tmp_path, env) as base:
        task = asyncio.create_task(App(s).run("keepalive"))
        for _ in range(300):
            if hooks.got:
                break
            await asyncio.sleep(0.1)
        [told] = hooks.got
        assert (
            told["title"] == "【等待验证码】shop：请输入邮件验证码"
            and "https://agent.shop.test/#codes" in told["message"]
        )
        ctx, page = await signed_in(browser, base, "t0ken-for-the-test", width=390, height=844)
        box = page.locator("form.codebox")
        assert "店铺 shop 等待验证码" in await box.inner_text()
        digits = box.locator("input.digit")
        for i, d in enumerate("12345"):  # one box left empty
            await digits.nth(i).fill(d)
        async with page.expect_navigation():
            await box.locator("button").click()
        assert "验证码是 6 位数字，请重新输入" in await page.inner_text("body")
        await page.screenshot(path=str(tmp_path / "code_phone.png"))
        box = page.locator("form.codebox")
        for i, d in enumerate(pyotp.TOTP(secret).now()):
            await box.locator("input.digit").nth(i).fill(d)
        async with page.expect_navigation():
            await box.locator("button").click()
        assert "验证码已交给等待的任务" in await page.inner_text("body")
        [r] = await asyncio.wait_for(task, 60)
        assert r.status == "ok", r.error
        assert (sb.stats()["logins"], sb.stats()["codes_asked"]) == (1, 1)
        await page.reload()
        assert await page.locator("form.codebox").count() == 0  # nothing waits any more
        await ctx.close()
    from sqlalchemy import select

    from agent.storage import models as m

    with Database(s.db_url).engine.connect() as c:
        rows = c.execute(select(m.code_requests)).mappings().all()
    assert [(x["status"], x["code"], x["answered_by"]) for x in rows] == [
        ("used", None, "王经理@ui")
    ]  # the code not kept


def test_what_is_masked_of_a_channel_url_is_its_secrets_not_its_words():
    from agent.notify.send import secrets_of

    assert secrets_of(f"json://127.0.0.1:8080/refuse/{TOKEN}?cto=1") == [
        f"json://127.0.0.1:8080/refuse/{TOKEN}?cto=1",
        TOKEN,
    ]
    assert secrets_of("mailtos://me:app-pass@smtp.qq.com?to=ops@example.com")[1:] == ["app-pass", "ops@example.com"]
    bot = "dingtalk://" + "a1b2c3d4" * 8 + "/"
    assert secrets_of(bot) == [bot, "a1b2c3d4" * 8]


async def test_a_1688_qr_login_arrives_by_mail_and_a_scan_lets_the_run_go_on(
    make_sandbox, tmp_path, monkeypatch, mailbox, browser
):
    """1688 offers only its QR code, nobody at the window: the picture arrives by e-mail and shows on
    the review page; the sandbox's scan (standing in for the phone) lets the waiting run go on."""
    import asyncio

    from .conftest import cbu_settings, review_page, signed_in

    sb = make_sandbox(products=20, seed=2, offers=20)
    sb.configure(cbu_qr_only=True)
    s = cbu_settings(sb, tmp_path, code_wait_minutes=2)
    s = s.model_copy(update={"notify": _channels(monkeypatch, mail=mailbox.url())})
    task = asyncio.create_task(App(s).run("keepalive"))
    for _ in range(300):
        if mailbox.mails:
            break
        await asyncio.sleep(0.1)
    [mail] = mailbox.mails
    assert mailbox.subjects() == ["【等待扫码】cbu：请用千牛或手机阿里扫码登录"]
    pictures = [p for p in mail.walk() if p.get_content_type() == "image/png"]
    png = pictures[0].get_payload(decode=True)
    assert len(pictures) == 1 and png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert 160 <= width <= 500 and 160 <= height <= 400, (width, height)  # the QR panel alone, not the page

    (tmp_path / "config").mkdir()
    cfg = "\n".join(
        [
            "[[stores]]",
            'name = "cbu"',
            'site = "1688"',
            f'base_url = "{sb.url}"',
            f'search_url = "{sb.url}/selloffer/offer_search.htm?keywords={{keyword}}&beginPage={{page}}"',
            f'company_id = "{sb.state()["cbu"]["member_id"]}"',
            f'username = "{sb.cbu_username}"',
            'password_env = "SHOP_PASSWORD"',
        ]
    )
    (tmp_path / "config" / "agent.toml").write_text(cfg + "\n")
    with review_page(tmp_path, {"AGENT_UI_TOKEN": "t0ken-for-the-test", "SHOP_PASSWORD": sb.password}) as base:
        ctx, page = await signed_in(browser, base, "t0ken-for-the-test", width=390, height=844)
        box = page.locator("div.scanbox")
        assert "店铺 cbu 等待扫码登录" in await box.inner_text()
        assert await box.locator("img.qr").evaluate("i => i.complete && i.naturalWidth > 0")
        await page.screenshot(path=str(tmp_path / "scan_phone.png"))
        await ctx.close()
    await asyncio.to_thread(sb._post, "/__sandbox__/cbu_scan", {})  # the phone scans it
    [r] = await asyncio.wait_for(task, 60)
    assert r.status == "ok", r.error


async def test_the_daily_report_goes_out_with_its_summary_and_the_excel_attached(
    fresh_sandbox, tmp_path, monkeypatch, mailbox
):
    s = agent_settings(fresh_sandbox, tmp_path)
    ch = _channels(monkeypatch, mail=mailbox.url())[0].model_copy(update={"events": ["report"]})
    s = s.model_copy(update={"notify": [ch]})
    app = App(s)
    for routine in ("metrics", "inquiries"):
        [r] = await app.run(routine)
        assert r.status == "ok"
    assert mailbox.mails == []  # runs that went well: nothing this channel wants
    [made] = await app.report("daily")
    [mail] = mailbox.mails
    assert mailbox.subjects() == ["【店铺日报】shop"]
    files = [p for p in mail.walk() if (p.get_filename() or "").endswith(".xlsx")]
    assert len(files) == 1 and files[0].get_filename() == made["xlsx"].rsplit("/", 1)[-1]
    assert files[0].get_payload(decode=True)[:2] == b"PK"  # the Excel file itself
    text = next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert len([line for line in text.splitlines() if " · " in line]) >= 3, text


async def test_a_failed_apply_names_each_edit_and_why(fresh_sandbox, tmp_path, monkeypatch, hooks):
    """An approved bid the site's changed screen cannot take: the run fails, and the channel hears which
    edit (keyword, before → after) was not written and why — once."""
    from agent.diagnosis.model import Suggestion
    from agent.queue.store import Queue

    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path, label="星辰旗舰店")
    ch = _channels(monkeypatch, ops=hooks.url("ok"))[0].model_copy(update={"events": ["run_failed"]})
    s = s.model_copy(update={"notify": [ch]})
    q = Queue(Database(s.db_url))
    k = sorted(sb.state()["p4p_keywords"], key=lambda k: k["id"])[0]
    new = round(max(k["base_price"], k["bid"]) + 0.3, 1)
    [sid] = q.propose(
        "shop",
        [
            Suggestion.make(
                kind="set_bid",
                target=str(k["id"]),
                rationale="test",
                evidence={},
                precondition={"bid": k["bid"], "keyword": k["keyword"]},
                value={"bid": new, "base_price": k["base_price"]},
            )
        ],
    )
    q.approve([sid], "tester")
    sb.configure(broken={"path": "/ads/manage_ad_keyword.htm", "mode": "structure"})
    app = App(s)
    [r] = await app.apply("shop", actor="tester")
    assert r.status == "failed" and q.get(sid).state == "failed"
    assert len(hooks.got) == 1, [h["title"] for h in hooks.got]
    [msg] = hooks.got
    assert msg["title"] == "【写入失败】星辰旗舰店：1 条已批准的修改没有写成"
    first = msg["message"].splitlines()[0]
    assert first.startswith(
        f"#{sid} 关键词「{k['keyword']}」 出价 {k['bid']:.2f} 元 → 出价 {new:.2f} 元：P4PKeywords"
    ), first
    [again] = await app.apply("shop", actor="tester")  # nothing approved is left: nothing more is said
    assert len(hooks.got) == 1

"""The salespeople's replies (seed 000, 员工管理): per owner and day — assigned, answered in time, late,
unanswered, average first reply — exactly as the sandbox has them, in the daily and weekly reports; and
each owner with late or missing replies yesterday reminded once, on their own channel."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from agent.app import App
from agent.notify.config import NotifySettings
from agent.notify.send import recent
from agent.reports.render import build
from agent.storage import Database

from .conftest import agent_settings

TZ = ZoneInfo("Asia/Shanghai")


def _truth(st: dict, hours: float = 2) -> dict:
    """(owner, day) -> [assigned, within, late, unreplied, average first reply h] from the sandbox's own data."""
    per: dict = defaultdict(lambda: [0, 0, 0, 0, []])
    for q in st["inquiries"]:
        if q["type"] != "inquiry":
            continue
        got = datetime.fromisoformat(q["received"])
        f = per[(q["owner"], got.astimezone(TZ).date())]
        f[0] += 1
        if not q["replied"]:
            f[3] += 1
            continue
        waited = (datetime.fromisoformat(q["replies"][0]["at"]) - got).total_seconds() / 3600
        f[1 if waited <= hours else 2] += 1
        f[4].append(waited)
    return {k: [*v[:4], round(sum(v[4]) / len(v[4]), 1) if v[4] else None] for k, v in per.items()}


def _sheet(path: str, start: str) -> pd.DataFrame:
    book = pd.read_excel(path, sheet_name=None)
    return book[next(n for n in book if n.startswith(start))]


async def test_each_salespersons_replies_exactly_and_one_reminder_on_their_own_channel(
    fresh_sandbox, tmp_path, monkeypatch, hooks, mailbox
):
    sb = fresh_sandbox
    st = sb.state()
    truth = _truth(st)
    yesterday = datetime.fromisoformat(st["now"]).astimezone(TZ).date() - timedelta(days=1)
    owed = sorted(o for (o, d), v in truth.items() if d == yesterday and (v[2] or v[3]))
    assert owed, truth  # the sandbox has someone to remind
    owner = owed[0]
    monkeypatch.setenv("NOTIFY_ALL", hooks.url("ok"))
    monkeypatch.setenv("NOTIFY_OWNER", mailbox.url())
    s = agent_settings(sb, tmp_path, label="国际站主店")
    s = s.model_copy(
        update={
            "notify": [
                NotifySettings(name="all", url_env="NOTIFY_ALL", events=["reply_reminder"]),
                NotifySettings(name="mine", url_env="NOTIFY_OWNER", owners=[owner]),
            ]
        }
    )
    app = App(s)
    [r] = await app.run("inquiries")
    assert r.status == "ok", r.error
    said = {x["owner"]: x for x in r.details["reply_reminders"]}
    assert sorted(said) == owed
    for o in owed:
        assert [said[o][k] for k in ("assigned", "within", "late", "unreplied")] == truth[(o, yesterday)][:4]
    # the manager's channel: one reminder per owner; the owner's own: their reminder and their inquiries only
    reminders = [h["title"] for h in hooks.got]
    assert sorted(reminders) == sorted(t for t in reminders if t.startswith("【回复提醒】")) and len(reminders) == len(
        owed
    )
    db = Database(s.db_url)
    mine = [x for x in recent(db, 500) if x["channel"] == "mine"]
    assert [x["key"] for x in mine if x["event"] == "reply_reminder"] == [f"reply-reminder:shop:{owner}:{yesterday}"]
    theirs = {q["id"] for q in st["inquiries"] if q["owner"] == owner}
    assert {x["key"].rsplit(":", 1)[1] for x in mine if x["event"] == "inquiry"} <= theirs  # their inquiries only
    assert {x["status"] for x in mine} == {"sent"} and len(mailbox.mails) == 1  # one message (a digest of them)
    body = mailbox.mails[0].get_payload(decode=True).decode()
    assert f"【回复提醒】{owner}（国际站主店）" in body
    sent_to_all = len(hooks.got)
    [again] = await app.run("inquiries")  # the same day: nobody is reminded twice
    assert again.status == "ok" and len(hooks.got) == sent_to_all and len(mailbox.mails) == 1

    assert (await app.run("metrics"))[0].status == "ok"  # the daily report is built on the day's figures
    out = tmp_path / "reports"
    daily = _sheet(build("daily", db, "shop", "zh", out)["xlsx"], "业务员回复（昨天")
    got = {
        (row["业务员"], yesterday): [
            row["分配询盘"],
            row["按时回复"],
            row["超时回复"],
            row["未回复"],
            row["平均首次回复（小时）"],
        ]
        for _, row in daily.iterrows()
    }
    want = {k: v for k, v in truth.items() if k[1] == yesterday}
    assert {k: v[:4] for k, v in got.items()} == {k: v[:4] for k, v in want.items()}
    assert all(pd.isna(got[k][4]) if want[k][4] is None else got[k][4] == want[k][4] for k in want)
    week = _sheet(build("weekly", db, "shop", "zh", out)["xlsx"], "业务员回复（近 7 天")
    days = {(row["业务员"], pd.Timestamp(row["日期"]).date()): row["分配询盘"] for _, row in week.iterrows()}
    assert days == {k: v[0] for k, v in truth.items() if 1 <= (yesterday + timedelta(days=1) - k[1]).days <= 7}

    # the home page shows yesterday's replies per salesperson beside the store overview
    import re

    from fastapi.testclient import TestClient

    from agent.ui.server import create_app

    client = TestClient(create_app(app, "t0ken-for-the-salespeople"), follow_redirects=False)
    client.cookies = client.get("/?token=t0ken-for-the-salespeople").cookies
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/whoami").text).group(1)
    client.post("/whoami", data={"name": "王经理", "csrf": csrf})
    page = client.get("/").text
    assert "国际站主店 · 业务员回复（昨天，2 小时内为按时）" in page
    for (o, d), v in want.items():
        assert f"<td>{o}</td><td>{d}</td><td>{v[0]}</td><td>{v[1]}</td><td>{v[2]}</td><td>{v[3]}</td>" in page

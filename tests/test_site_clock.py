"""The site's clock, never the machine's: the sandbox's day is fixed (2026-11-20, China time) whatever
the machine's date, so these tests give the same answer on any day. `make test` runs them a second
and a third time with the machine's clock a year ahead and a year behind (faketime), where any day
taken from the machine shows as empty weekly sheets, wrong month counts or misdated snapshots."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pandas as pd
import pytest

from agent.reports.render import build
from agent.storage import Database
from agent.storage import models as m
from sandbox.launcher import SandboxProcess

from .conftest import agent_settings, cbu_settings, run_agent

pytestmark = pytest.mark.dates


@pytest.fixture(scope="module")
def site():
    with SandboxProcess(products=80, seed=9, offers=40) as sb:
        yield sb


def _sheet(book: dict, start: str) -> pd.DataFrame:
    return book[next(n for n in book if n.startswith(start))]


async def test_alibaba_runs_snapshots_and_reports_keep_the_sites_day(site, tmp_path):
    st = site.state()
    now = datetime.fromisoformat(st["now"])
    s = agent_settings(site, tmp_path, tracked_keywords=["power bank"], rank_pages=1)
    for routine in ("metrics", "inquiries", "rankings"):
        res = await run_agent(s, routine)
        assert res.status == "ok", res.error
        if routine != "rankings":  # buyer search is not the back office: its snapshot is dated below
            got = datetime.fromisoformat(res.details["site_time"])
            assert abs(got - now) < timedelta(hours=1), (routine, got, now)  # the site's time, not the machine's
    db = Database(s.db_url)
    ov = db.frame(m.metric_overview, store="shop")
    assert set(pd.to_datetime(ov["date"]).dt.date) == {now.date() - timedelta(days=1)}  # the site's yesterday
    snaps = db.frame(m.rank_snapshots, store="shop")
    assert len(snaps) and set(pd.to_datetime(snaps["taken_at"], utc=True).dt.tz_convert("Asia/Shanghai").dt.date) == {
        now.date()
    }

    week = pd.read_excel(build("weekly", db, "shop", "zh", tmp_path / "r")["xlsx"], sheet_name=None)
    traffic, stored = _sheet(week, "引流关键词"), db.frame(m.metric_traffic_keyword, store="shop")
    assert len(traffic) == min(20, stored["keyword"].nunique()) > 0
    assert traffic["曝光"].sum() == stored.groupby("keyword")["impressions"].sum().nlargest(20).sum()
    p4p, stored = _sheet(week, "直通车关键词"), db.frame(m.metric_p4p_keyword, store="shop")
    assert len(p4p) == stored["keyword_id"].nunique() > 0 and round(p4p["花费"].sum(), 2) == round(
        stored["spend"].sum(), 2
    )
    assert list(_sheet(week, "排名走势")["日期"].astype(str)) == [str(now.date())]  # the check's day: the site's

    month = build("monthly", db, "shop", "zh", tmp_path / "r")
    by_country = _sheet(pd.read_excel(month["xlsx"], sheet_name=None), "按国家").set_index("国家")["询盘"].to_dict()
    recent = [q for q in st["inquiries"] if (now - datetime.fromisoformat(q["received"])).days <= 31]
    assert recent and by_country == dict(Counter(q["country"] for q in recent))
    html = open(month["html"], encoding="utf-8").read()
    assert f"统计周期: {now.date() - timedelta(days=30)} – {now.date()}" in html  # the period ends on the site's day


async def test_1688_weeks_count_from_the_sites_day(site, tmp_path):
    now = datetime.fromisoformat(site.state()["now"])
    s = cbu_settings(site, tmp_path, tracked_keywords=["蓝牙音箱"], rank_pages=1)
    for routine in ("metrics", "rankings"):
        res = await run_agent(s, routine)
        assert res.status == "ok", res.error
    db = Database(s.db_url)
    days = db.frame(m.metric_sycm, store="cbu")
    assert len(days) and max(pd.to_datetime(days["date"]).dt.date) == now.date() - timedelta(days=1)
    snaps = db.frame(m.rank_snapshots, store="cbu")
    assert len(snaps) and set(pd.to_datetime(snaps["taken_at"], utc=True).dt.tz_convert("Asia/Shanghai").dt.date) == {
        now.date()
    }
    week = pd.read_excel(build("weekly", db, "cbu", "zh", tmp_path / "r", site="1688")["xlsx"], sheet_name=None)
    assert len(_sheet(week, "本周排名统计")) > 0 and len(_sheet(week, "网销宝关键词")) > 0
    totals = _sheet(week, "本期合计").set_index("项目")
    shown = pd.to_datetime(days["date"]).dt.date > now.date() - timedelta(days=8)
    assert set(totals["天数"]) == {int(shown.sum())} and int(shown.sum()) > 0
    assert totals.loc["访客数", "本期"] == days[shown.values]["uv"].sum()

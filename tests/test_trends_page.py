"""The trends page: 8 weeks of a sandbox store's history (the site's clock moved a week at a time,
the day's metrics and ranks read each week) drawn by ECharts in Chromium — each KPI against its peers
and target per week, each keyword's best organic and paid place per week with the product's name,
inquiries by country and the buyer's hour — every figure the stored one."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from agent.app import App
from agent.storage import models as m

from .conftest import agent_settings, config_toml, publish_screenshot, review_page, signed_in

TOKEN = "t0ken-for-the-trends"
WEEKS = 8


async def test_the_trends_page_draws_eight_weeks_of_kpis_and_ranks(fresh_sandbox, tmp_path, browser):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path, tracked_keywords=["power bank"], rank_pages=1)
    app = App(s)
    sb.advance_clock(-(WEEKS - 1) * 7 * 86400)  # eight weeks ago, then a week at a time to today
    async with app.browser():
        for week in range(WEEKS):
            if week:
                sb.advance_clock(7 * 86400)
            [met] = await app.run("metrics")
            [rank] = await app.run("rankings")
            assert met.status in ("ok", "partial") and rank.status == "ok", (week, met.error, rank.error)
        [inq] = await app.run("inquiries")
        assert inq.status == "ok"
    db = app.db
    ov = db.frame(m.metric_overview, store="shop")
    assert ov["date"].nunique() == WEEKS
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(config_toml(sb, lang="zh"))
    with review_page(tmp_path, {"AGENT_UI_TOKEN": TOKEN, "SHOP_PASSWORD": sb.password}) as base:
        ctx, page = await signed_in(browser, base, TOKEN, width=1280)
        async with page.expect_navigation():
            await page.click("text=趋势")
        await page.wait_for_function("document.body && document.body.dataset.drawn >= 6")
        opt = await page.evaluate(
            "() => Object.fromEntries(Object.entries(window.charts).map(([k, c]) => [k, c.getOption()]))"
        )
        kpi = opt["kpi-inquiries"]
        weeks = kpi["xAxis"][0]["data"]
        assert len(weeks) == WEEKS  # one point a week
        d = pd.to_datetime(ov["date"])
        ov["week"] = (d - pd.to_timedelta(d.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
        mean = ov.groupby("week")["inquiries"].mean().round(1)
        series = {x["name"]: x["data"] for x in kpi["series"]}
        assert list(series) == ["本店", "同行平均", "行业优秀", "目标"]
        assert series["本店"] == [float(v) for v in mean] and weeks == list(mean.index)
        ranks = opt["ranks"]
        assert ranks["yAxis"][0]["inverse"] is True and len(ranks["xAxis"][0]["data"]) == WEEKS
        snap = db.frame(m.rank_snapshots, store="shop").dropna(subset=["product_id"])
        organic = snap[(snap["keyword"] == "power bank") & (snap["kind"] == "organic")]
        line = next(x for x in ranks["series"] if x["name"] == "power bank · 自然")
        assert min(v for v in line["data"] if v is not None) == organic["organic_rank"].min()
        q = db.frame(m.inquiries_seen, store="shop")
        assert sum(opt["countries"]["series"][0]["data"]) == len(q) == sum(opt["hours"]["series"][0]["data"])
        box = await page.locator("#ranks canvas").bounding_box()
        await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # interactive: a tooltip
        await page.screenshot(path=str(tmp_path / "trends.png"), full_page=True)
        publish_screenshot(tmp_path / "trends.png", "trends.png")
        await ctx.close()
    assert ov["date"].max() - ov["date"].min() == timedelta(days=7 * (WEEKS - 1))

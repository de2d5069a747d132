"""Agent routines against the sandbox in real headless Chromium, compared with ground truth."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from agent.sites.alibaba.pages.dashboards import DataOverview
from agent.sites.alibaba.routines.metrics import metrics
from agent.storage import Database
from agent.storage import models as m

from .conftest import agent_settings, run_agent, watched_browser


def _frame(settings, table, **where) -> pd.DataFrame:
    return Database(settings.db_url).frame(table, **where)


async def test_metrics_store_equals_ground_truth_table_by_table(sandbox, tmp_path):
    s = agent_settings(sandbox, tmp_path)
    res = await run_agent(s, "metrics")
    assert res.status == "ok", res.error
    truth = sandbox.metrics()
    day = date.fromisoformat(truth["date"])
    assert res.counts["products"] == len(truth["products"]) == 2000

    ov = _frame(s, m.metric_overview, store="shop").iloc[0].to_dict()
    assert ov["date"] == day
    for k, v in truth["overview"].items():
        if k != "date":
            assert ov[k] == pytest.approx(v), k

    def compare(table, truth_rows, key, fields):
        got = _frame(s, table, store="shop").set_index(key)
        assert len(got) == len(truth_rows)
        for t in truth_rows:
            row = got.loc[str(t[key])]
            for f in fields:
                assert row[f] == pytest.approx(t[f]), (table.name, t[key], f)

    compare(
        m.metric_product,
        truth["products"],
        "product_id",
        ["title", "impressions", "clicks", "visitors", "feedback", "ctr"],
    )
    compare(
        m.metric_p4p_keyword,
        truth["p4p"],
        "keyword_id",
        [
            "keyword",
            "bid",
            "base_price",
            "qs_star",
            "est_rank",
            "impressions",
            "clicks",
            "ctr",
            "cpc",
            "spend",
            "inquiries",
        ],
    )
    compare(
        m.metric_traffic_keyword,
        truth["traffic_keywords"],
        "keyword",
        ["impressions", "clicks", "visitors", "inquiries", "ctr"],
    )
    compare(m.metric_traffic_source, truth["traffic_sources"], "source", ["visits", "share"])
    # a rerun resumes: the day's tables are final, nothing is read twice or doubled
    again = await run_agent(s, "metrics")
    assert again.status == "ok" and again.details["resumed"] == [
        "products",
        "p4p_keywords",
        "traffic_keywords",
        "traffic_sources",
    ]
    assert len(_frame(s, m.metric_product, store="shop")) == 2000


async def test_inquiries_routine_ages_by_the_site_clock(sandbox, tmp_path):
    s = agent_settings(sandbox, tmp_path)
    res = await run_agent(s, "inquiries")
    assert res.status == "ok", res.error
    st = sandbox.state()
    now = datetime.fromisoformat(st["now"])
    unreplied = [q for q in st["inquiries"] if not q["replied"]]
    over = {q["id"] for q in unreplied if (now - datetime.fromisoformat(q["received"])).total_seconds() > 2 * 3600}
    assert res.counts["unreplied"] == len(unreplied)
    assert {o["id"] for o in res.details["over_2h"]} == over
    assert res.counts["inquiries"] + res.counts["tm_messages"] == len(st["inquiries"])
    seen = _frame(s, m.inquiries_seen, store="shop")
    assert sorted(seen["inquiry_id"]) == sorted(q["id"] for q in st["inquiries"])
    by_id = {q["id"]: q for q in st["inquiries"]}
    for _, r in seen.iterrows():
        assert pd.Timestamp(r["received"]).tz_localize(None) == pd.Timestamp(
            datetime.fromisoformat(by_id[r["inquiry_id"]]["received"])
        ).tz_convert("UTC").tz_localize(None)


async def test_keepalive_raises_activity_score(fresh_sandbox, tmp_path):
    before = fresh_sandbox.state()["activity_score"]
    res = await run_agent(agent_settings(fresh_sandbox, tmp_path), "keepalive")
    assert res.status == "ok" and res.counts["pages_visited"] == 3
    st = fresh_sandbox.state()
    assert st["activity_score"] == before + 15
    assert sorted(next(iter(st["activity_visits"].values()))) == ["mydata", "p4p", "rfq"]


async def test_session_expired_mid_routine_is_recovered(sandbox, tmp_path):
    s = agent_settings(sandbox, tmp_path)
    expired = []

    async def body(run):
        await DataOverview(run.driver).read()
        page = run.driver.page

        def on_request(req):  # the session dies while the agent pages through product analysis
            if "iName=getVipEffectiveProductsAndStats" in req.url and "pageNO=5" in req.url and not expired:
                expired.append(sandbox.expire_sessions())

        page.on("request", on_request)
        await metrics(run)

    sandbox.configure(export_quota=0)  # no export today: the agent turns the pages, and the session dies meanwhile
    try:
        res = await run_agent(s, "metrics", body)
    finally:
        sandbox.configure(export_quota=20)
    assert expired, "the session was never expired"
    assert res.status == "ok", res.error
    assert res.counts["logins"] >= 2
    assert res.counts["products"] == 2000
    assert len(_frame(s, m.metric_product, store="shop")) == 2000


async def test_challenge_stops_headless_run_with_needs_human(fresh_sandbox, tmp_path):
    s = agent_settings(fresh_sandbox, tmp_path)
    fresh_sandbox.challenge()
    res = await run_agent(s, "keepalive")
    assert res.status == "needs_human"
    assert "slider" in res.error
    assert res.screenshots and all(p.endswith(".png") for p in res.screenshots)
    from pathlib import Path

    assert Path(res.screenshots[0]).stat().st_size > 1000
    assert "shop_keepalive_" in Path(res.screenshots[0]).name
    assert fresh_sandbox.state()["writes"] == []


async def test_challenge_that_clears_during_backoff_lets_the_run_finish(fresh_sandbox, tmp_path):
    s = agent_settings(fresh_sandbox, tmp_path, challenge_backoff=1.0)
    fresh_sandbox.challenge(seconds=0.5)
    res = await run_agent(s, "keepalive")
    assert res.status == "ok", res.error


async def test_layout_variant_gives_named_error_not_wrong_data(sandbox, tmp_path):
    s = agent_settings(sandbox, tmp_path, name="variant")
    sandbox.configure(variant={"screen": "analysis", "on": True})
    try:
        res = await run_agent(s, "metrics")
    finally:
        sandbox.configure(variant={"screen": "analysis", "on": False})
    assert res.status == "partial" and res.error_type == "ScreensFailed"  # one screen fails alone
    assert "ProductAnalysis" in res.error and "table.next-table" in res.error and ".png" in res.error
    assert [f["screen"] for f in res.details["failed_screens"]] == ["ProductAnalysis"]
    assert res.counts.get("traffic_keywords") == 53  # the other screens were still read
    assert res.traces and res.traces[0].endswith(".zip")
    assert len(_frame(s, m.metric_overview, store="variant")) == 1  # what was read before is kept
    assert len(_frame(s, m.metric_product, store="variant")) == 0  # and nothing wrong was stored


async def test_flaky_site_still_gives_exact_data(make_sandbox, tmp_path):
    sb = make_sandbox(products=300, faults="flaky", seed=3)
    s = agent_settings(sb, tmp_path)
    res = await run_agent(s, "metrics")
    assert res.status == "ok", res.error
    truth = sb.metrics()
    got = _frame(s, m.metric_product, store="shop").set_index("product_id")
    assert {p["product_id"]: p["clicks"] for p in truth["products"]} == got["clicks"].to_dict()


async def test_context_is_recycled_after_n_pages_and_work_goes_on(sandbox, tmp_path):
    from agent.app import App

    s = agent_settings(sandbox, tmp_path, name="recycle", recycle_after_pages=10)
    app = App(s)
    contexts = []
    async with app.browser() as mgr:
        for routine in ("inquiries", "metrics", "keepalive", "inquiries"):
            [res] = await app.run(routine)
            assert res.status == "ok", res.error
            contexts.append(mgr.stores["recycle"].context)
        assert len(mgr.browser.contexts) == 1  # the old context was closed, not left behind
    assert len({id(c) for c in contexts}) >= 2  # a fresh context after 10 pages shown
    assert len(_frame(s, m.metric_product, store="recycle")) == 2000


async def test_supervised_run_waits_for_the_person_to_solve_the_slider(fresh_sandbox, tmp_path):
    import asyncio

    from agent.sites.alibaba.routines.keepalive import keepalive

    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    solved = []

    async def person(mgr):  # the test plays the operator at the browser window, watching from the start
        page = None
        for _ in range(400):
            sc = mgr.stores.get(s.stores[0].name)
            page = sc.page if sc else None
            if page is not None and "punish" in page.url:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.5)  # the agent is waiting, not clicking
        box = await page.locator("#nc_1_n1z").bounding_box()
        await page.mouse.move(box["x"] + 5, box["y"] + 5)
        await page.mouse.down()
        await page.mouse.move(box["x"] + 295, box["y"] + 5, steps=10)
        await page.mouse.up()
        solved.append(True)

    sb.challenge()  # until a person solves it
    from agent.runtime.runner import run_routine

    async with watched_browser(s) as mgr:  # headed: a person watches (rendered headless here: no display)
        task = asyncio.create_task(person(mgr))
        res = await run_routine("keepalive", keepalive, s, s.stores[0], mgr, Database(s.db_url))
        await task
    assert solved and res.status == "ok", res.error
    assert res.counts["pages_visited"] == 3
    assert sb.state()["activity_score"] > 60


async def test_product_effect_comes_from_the_export_and_from_the_pages_when_exports_are_used_up(
    fresh_sandbox, tmp_path
):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    day = sb.state()["data_date"]
    truth = {r["product_id"]: r for r in sb.metrics(day, period=1)["products"]}

    async def read(run):
        from datetime import date

        from agent.sites.alibaba.pages.dashboards import ProductAnalysis

        screen = ProductAnalysis(run.driver)
        rows = await screen.read(date.fromisoformat(day), period=1)
        run.details.update(source=screen.source, rows={r.product_id: r.model_dump() for r in rows})

    assert (await run_agent(s, "inquiries")).status == "ok"  # logged in: both reads below start alike
    before = sb.request_count()
    res = await run_agent(s, "metrics", read)
    exported_requests = sb.request_count() - before
    assert res.status == "ok" and res.details["source"] == "export"
    assert sb.state()["exports"] == {sb.state()["now"][:10]: 1}
    sb.configure(export_quota=1)  # the day's exports are used up: the page says so
    before = sb.request_count()
    paged = await run_agent(s, "metrics", read)
    paged_requests = sb.request_count() - before
    assert paged.status == "ok" and paged.details["source"] == "call"
    for got in (res.details["rows"], paged.details["rows"]):
        assert set(got) == set(truth)
        for pid, r in got.items():
            t = truth[pid]
            assert (r["impressions"], r["clicks"], r["visitors"], r["feedback"], r["ctr"]) == (
                t["impressions"],
                t["clicks"],
                t["visitors"],
                t["feedback"],
                t["ctr"],
            )
    assert exported_requests < paged_requests


async def test_a_failed_run_keeps_its_last_screens_without_dom_snapshots(fresh_sandbox, tmp_path):
    """traces="on-failure" (default) records the actions cheaply; the failed run keeps the page as it
    stood and the last answers the pages' own calls gave — exactly the sandbox's inquiries."""
    import json
    import zipfile
    from pathlib import Path

    from agent.sites.alibaba.pages.inquiries import InquiryList

    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path, traces="on-failure")

    async def body(run):
        await InquiryList(run.driver).all()
        raise RuntimeError("something went wrong after the inquiries were read")

    res = await run_agent(s, "inquiries", body=body)
    assert res.status == "failed" and res.traces and res.screenshots
    with zipfile.ZipFile(res.traces[0]) as z:
        assert '"frame-snapshot"' not in z.read("trace.trace").decode()
    html = Path(res.details["page"]).read_text(encoding="utf-8")
    answers = json.loads(Path(res.details["answers"]).read_text(encoding="utf-8"))
    listed = [a for a in answers if "subjectList.htm" in a["url"]]
    assert listed and listed[0]["answer"]["data"]["pagination"]["totalCount"] == len(sb.state()["inquiries"])
    last = listed[-1]["answer"]["data"]["list"]  # the page as it stood shows the last answer's rows
    ids = [str(row[0]["id"] if isinstance(row, list) else row["id"]) for row in last]
    assert ids and all(len(i) >= 8 and i in html for i in ids), (ids, html[-2000:])
    assert res.details["answers"].startswith(str(s.data_dir / "screenshots"))


async def test_a_failed_runs_trace_holds_the_sessions_routines_each_in_its_group(fresh_sandbox, tmp_path):
    """One trace chunk records a session's routines until one fails (BENCHMARKS.md: a chunk stopped
    and begun per routine cost ~10 ms each): the failed run's trace holds it and the routine before it,
    each under its own group; the runs that went well keep none, and after the failure the next run
    records afresh."""
    import json
    import zipfile

    from agent.routines import load
    from agent.runtime.browser import BrowserManager
    from agent.runtime.runner import run_routine
    from agent.sites.alibaba.pages.dashboards import DataOverview
    from agent.storage import Database

    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path, traces="on-failure")
    db, store = Database(s.db_url), s.stores[0]

    async def broken(run):
        await DataOverview(run.driver).read()
        raise RuntimeError("something went wrong after the overview was read")

    async with BrowserManager(s) as mgr:
        first = await run_routine("inquiries", load("inquiries", "alibaba"), s, store, mgr, db)
        failed = await run_routine("metrics", broken, s, store, mgr, db)
        after = await run_routine("keepalive", load("keepalive", "alibaba"), s, store, mgr, db)
    assert (first.status, failed.status, after.status) == ("ok", "failed", "ok")
    assert first.traces == [] and after.traces == [] and len(failed.traces) == 1
    with zipfile.ZipFile(failed.traces[0]) as z:
        events = [json.loads(line) for line in z.read("trace.trace").decode().splitlines()]
    calls = [e for e in events if e.get("type") == "before"]
    groups = [e["title"] for e in calls if e["method"] == "tracingGroup"]
    assert groups == [f"inquiries · run {first.run_id}", f"metrics · run {failed.run_id}"]
    urls = [e["params"].get("url", "") for e in calls if e["method"] == "goto"]
    assert any("/message/default.htm" in u for u in urls) and any("/traffic/overview" in u for u in urls)
    assert not any("/index.htm" in u for u in urls)  # the run after the failure is not in it


@pytest.mark.parametrize("broken", ["{not json", '{"cookies": [{"name": 1}]}', '{"cookies": "x"}'])
async def test_an_unreadable_login_state_is_set_aside_and_the_store_signs_in(sandbox, tmp_path, broken):
    import json

    s = agent_settings(sandbox, tmp_path)
    state = s.state_dir / "shop.json"
    state.parent.mkdir(parents=True)
    state.write_text(broken)
    res = await run_agent(s, "keepalive")
    assert res.status == "ok" and res.counts.get("logins") == 1, res
    assert "cookies" in json.loads(state.read_text()) and state.with_suffix(".unreadable").exists()

"""Scheduled operation, reports, run history, several stores, and the main demo."""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from agent.reports.render import build
from agent.routines import ROUTINES
from agent.scheduler import Runner, build_jobs, prune_artifacts
from agent.storage import Database
from agent.storage import models as m
from sandbox.launcher import SandboxProcess

from .conftest import agent_settings, config_toml, run_agent
from .test_agent_config import GOOD_STORE, agent

TZ = ZoneInfo("Asia/Shanghai")


async def _simulate(
    start: datetime, end: datetime, step=timedelta(minutes=5), execute=None
) -> list[tuple[datetime, str]]:
    jobs = build_jobs({}, TZ, set(ROUTINES))
    fired: list[tuple[datetime, str]] = []
    clock = [start]

    async def record(key, store):
        fired.append((clock[0], key))
        return "ok"

    runner = Runner(execute or record, ["shop"])
    while clock[0] <= end:
        for job, at in runner.due(jobs, clock[0]):
            runner.fire(job.key, at)
        await runner.drain()
        clock[0] += step
    return fired


async def test_scheduler_runs_the_right_routines_at_the_right_times():
    # Monday 30 Nov 2026 07:50 to Tuesday 1 Dec 12:30, Asia/Shanghai, a tick every 5 minutes
    fired = await _simulate(datetime(2026, 11, 30, 7, 50, tzinfo=TZ), datetime(2026, 12, 1, 12, 30, tzinfo=TZ))
    per_day = Counter((t.date().day, k) for t, k in fired)
    assert per_day[(30, "inquiries")] == 29 and per_day[(1, "inquiries")] == 10  # every 30 min 08:00-22:00
    assert per_day[(30, "p4p_review")] == 3 and per_day[(1, "p4p_review")] == 1  # 09, 15, 20
    for day in (30, 1):
        for k in ("keepalive", "metrics", "rankings", "diagnose", "report:daily"):
            assert per_day[(day, k)] == 1, (day, k)
    assert per_day[(30, "activities")] == 1 and per_day[(1, "activities")] == 0  # Mondays
    assert per_day[(30, "zero_effect")] == 0 and per_day[(1, "zero_effect")] == 1  # Tuesdays
    assert per_day[(30, "report:weekly")] == 1 and per_day[(1, "report:monthly")] == 1
    times = {k: t.strftime("%H:%M") for t, k in fired if t.day == 30}
    assert times["metrics"] == "10:30" and times["keepalive"] == "09:00" and times["diagnose"] == "11:30"
    # a weekend day has no keepalive
    sat = await _simulate(datetime(2026, 11, 28, 8, 0, tzinfo=TZ), datetime(2026, 11, 28, 12, 0, tzinfo=TZ))
    assert "keepalive" not in {k for _, k in sat}


async def test_missed_runs_within_the_grace_time_run_once_older_ones_are_skipped():
    jobs = build_jobs({}, TZ, set(ROUTINES))
    fired = []

    async def record(key, store):
        fired.append(key)
        return "ok"

    runner = Runner(record, ["shop"])
    runner.due(jobs, datetime(2026, 11, 30, 8, 55, tzinfo=TZ))
    for job, at in runner.due(jobs, datetime(2026, 11, 30, 8, 55, tzinfo=TZ)):
        runner.fire(job.key, at)
    await runner.drain()
    fired.clear()
    # the process was down from 08:55 to 10:40: activities (10:00) is past the 30-minute grace
    for job, at in runner.due(jobs, datetime(2026, 11, 30, 10, 40, tzinfo=TZ)):
        runner.fire(job.key, at)
    await runner.drain()
    assert sorted(fired) == ["inquiries", "metrics"]  # inquiries coalesced: 10:30 once, not 09:00..10:30


async def test_an_overlapping_run_is_skipped():
    jobs = [j for j in build_jobs({}, TZ, set(ROUTINES)) if j.key == "inquiries"]
    release = asyncio.Event()
    starts = []

    async def slow(key, store):
        starts.append(key)
        await release.wait()
        return "ok"

    runner = Runner(slow, ["a", "b"])
    for t in (datetime(2026, 11, 30, 8, 0, tzinfo=TZ), datetime(2026, 11, 30, 8, 30, tzinfo=TZ)):
        for job, at in runner.due(jobs, t):
            runner.fire(job.key, at)
        await asyncio.sleep(0.01)
    release.set()
    await runner.drain()
    assert len(starts) == 2  # 08:00 for both stores; 08:30 found both still running
    assert Counter(s for _, _, s in runner.log) == {"ok": 2, "skipped": 2}


def test_bad_schedule_settings_exit_2(tmp_path):
    for sched, expect in (
        ('[schedule]\ndance = ["0 9 * * *"]\n', "schedule.dance: unknown routine"),
        ('[schedule]\nmetrics = ["61 9 * * *"]\n', "schedule.metrics: bad cron expression"),
    ):
        r = agent(tmp_path, "schedule", "--once", env={"SHOP_PASSWORD": "x"}, config=sched + GOOD_STORE)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and expect in r.stderr, r.stderr


async def test_reports_figures_equal_the_stored_metrics(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path, lang="en", tracked_keywords=["power bank"], rank_pages=2)
    for routine in ("metrics", "inquiries", "rankings", "diagnose"):
        assert (await run_agent(s, routine)).status == "ok"
    db = Database(s.db_url)
    out = tmp_path / "reports"
    daily = build("daily", db, "shop", "en", out)
    xl = pd.read_excel(daily["xlsx"], sheet_name=None)
    ov = db.frame(m.metric_overview, store="shop").iloc[0]
    bench = xl["Metrics against benchmarks"].set_index("Metric")
    for k in ("impressions", "clicks", "visitors", "inquiries"):
        assert bench.loc[k.title(), "Value"] == ov[k] and bench.loc[k.title(), "Peer average"] == ov[f"peer_{k}"]
    truth = sb.metrics()["overview"]
    assert bench.loc["Clicks", "Value"] == truth["clicks"]
    queue = xl["Suggestion queue"].set_index("State")["Count"]
    assert queue["awaiting approval"] == (
        await asyncio.to_thread(
            lambda: len(__import__("agent.queue.store", fromlist=["Queue"]).Queue(db).list("proposed"))
        )
    )
    ranks = xl["Rankings"]  # per keyword and kind the 3 best-placed products, one place each
    snap = db.frame(m.rank_snapshots, store="shop").dropna(subset=["product_id"])
    snap["place"] = snap["organic_rank"].where(snap["kind"] == "organic", snap["rank"])  # organic: among organic
    best = snap.groupby(["keyword", "product_id", "kind"], as_index=False)["place"].min()
    top = best.sort_values("place").groupby(["keyword", "kind"]).head(3)
    assert len(ranks) == len(top) and sorted(ranks["Place"]) == sorted(top["place"])
    titles = set(db.frame(m.metric_product, store="shop")["title"])
    assert set(ranks["Product"]) <= titles  # named, not numbered
    import openpyxl

    sheet = openpyxl.load_workbook(daily["xlsx"])["Metrics against benchmarks"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref and sheet.column_dimensions["A"].width >= 8
    summary = xl[[n for n in xl if n.startswith("Summary")][0]]
    assert list(summary.columns)[:3] == ["Item", "Value", "Target"] and (summary["Action"].notna()).sum() == min(
        5, len(xl["Diagnosis"])
    )
    html = open(daily["html"], encoding="utf-8").read()
    assert f"{int(ov['impressions']):,}" in html and "data:image/png;base64," in html

    monthly = build("monthly", db, "shop", "zh", out)
    mx = pd.read_excel(monthly["xlsx"], sheet_name=None)
    by_country = mx["按国家"].set_index("国家")["询盘"].to_dict()
    st = sb.state()
    now = datetime.fromisoformat(st["now"])
    recent = [q for q in st["inquiries"] if (now - datetime.fromisoformat(q["received"])).days <= 31]
    assert by_country == dict(Counter(q["country"] for q in recent))
    heat = mx["买家活跃时段（买家当地时间）"].drop(columns=["星期"])
    assert int(heat.to_numpy().sum()) == len(recent)
    weekly = build("weekly", db, "shop", "en", out)
    assert os.path.exists(weekly["html"]) and os.path.exists(weekly["xlsx"])
    # the section titles say the store's own thresholds
    from agent.sites.alibaba.thresholds import Thresholds

    own = build("weekly", db, "shop", "zh", out, thresholds=Thresholds(revisit_days=45, follow_up_days=10))
    assert own["html"] != weekly["html"] and os.path.exists(weekly["html"])  # two in one second: neither replaced
    text = open(own["html"], encoding="utf-8").read()
    assert "待回访客户（45 天无往来）" in text and "待跟进询盘（10 天未转化）" in text
    ctr = float(pd.read_excel(own["xlsx"], sheet_name="直通车关键词")["点击率"].iloc[0])
    assert f"<td>{ctr:.2%}</td>" in text  # rates read as percentages on the page too
    assert {"待回访客户（45 天无往来）", "待跟进询盘（10 天未转化）"} <= set(
        pd.read_excel(own["xlsx"], sheet_name=None)
    )

    # weekly and monthly sums cover the whole period: 20 earlier days stored beside the one read
    from sqlalchemy import insert

    day0 = ov["date"]
    with db.engine.begin() as c:
        for i in range(1, 21):
            c.execute(
                insert(m.metric_overview).values(
                    store="shop",
                    date=day0 - timedelta(days=i),
                    impressions=1000 + i,
                    clicks=10 * i,
                    visitors=100,
                    inquiries=i % 3,
                    ctr=0,
                    conversion=0,
                    search_share=0,
                )
            )
    rows = db.frame(m.metric_overview, store="shop")
    rows["date"] = pd.to_datetime(rows["date"])
    end = rows["date"].max()
    wk = pd.read_excel(build("weekly", db, "shop", "en", out)["xlsx"], sheet_name=None)
    totals = wk[[n for n in wk if n.startswith("Period totals")][0]].set_index("Item")
    cur = rows[rows["date"] > end - pd.Timedelta(days=7)]
    prev = rows[(rows["date"] <= end - pd.Timedelta(days=7)) & (rows["date"] > end - pd.Timedelta(days=14))]
    for k, name in (("impressions", "Impressions"), ("clicks", "Clicks"), ("inquiries", "Inquiries")):
        assert totals.loc[name, "This period"] == cur[k].sum() and totals.loc[name, "Previous period"] == prev[k].sum()
    assert totals.loc["CTR", "This period"] == round(cur["clicks"].sum() / cur["impressions"].sum(), 4) and set(
        totals["Days"]
    ) == {7}
    mo = pd.read_excel(build("monthly", db, "shop", "zh", out)["xlsx"], sheet_name=None)
    mt = mo[[n for n in mo if n.startswith("本期合计")][0]].set_index("项目")
    assert mt.loc["曝光", "本期"] == rows["impressions"].sum() and set(mt["天数"]) == {21}
    # the daily report speaks Chinese by default: its actions are the findings' Chinese words
    dz = pd.read_excel(build("daily", db, "shop", "zh", out)["xlsx"], sheet_name=None)
    acts = dz[[n for n in dz if n.startswith("摘要")][0]]["行动"].dropna()
    assert len(acts) and all(re.search(r"[\u4e00-\u9fff]", a) for a in acts), list(acts)


async def test_two_stores_side_by_side_one_failing(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    cfg = config_toml(sb) + config_toml(sb).split("[[stores]]", 1)[1].join(["[[stores]]", ""]).replace(
        'name = "shop"', 'name = "broken"'
    ).replace('password_env = "SHOP_PASSWORD"', 'password_env = "BROKEN_PASSWORD"')
    r = agent(
        tmp_path,
        "run",
        "metrics",
        "--json",
        env={"SHOP_PASSWORD": sb.password, "BROKEN_PASSWORD": "wrong-password"},
        config=cfg,
    )
    res = json.loads(r.stdout)
    by = {x["store"]: x for x in res["results"]}
    assert r.returncode == 1 and res["status"] == "failed"
    assert by["shop"]["status"] == "ok" and by["shop"]["counts"]["products"] == 120
    assert by["broken"]["status"] == "failed" and "login refused" in by["broken"]["error"]
    db = Database(f"sqlite:///{tmp_path / 'data' / 'agent.db'}")
    assert len(db.frame(m.metric_product, store="shop")) == 120 and db.frame(m.metric_product, store="broken").empty
    runs = json.loads(agent(tmp_path, "runs", "--json", config=cfg).stdout)["runs"]
    assert {(x["store"], x["status"]) for x in runs} == {("shop", "ok"), ("broken", "failed")}
    broken = next(x for x in runs if x["store"] == "broken")
    assert broken["error"] and broken["screenshots"] and broken["duration_s"] >= 0


def test_old_screenshots_and_traces_are_pruned(tmp_path):
    from agent.settings import Settings

    s = Settings(data_dir=tmp_path, retention_days=14)
    for kind in ("screenshots", "traces"):
        (tmp_path / kind).mkdir()
        old, new = tmp_path / kind / "old.png", tmp_path / kind / "new.png"
        old.write_bytes(b"x")
        new.write_bytes(b"x")
        past = time.time() - 15 * 86400
        os.utime(old, (past, past))
    assert prune_artifacts(s) == 2
    assert sorted(p.name for p in tmp_path.rglob("*.png")) == ["new.png", "new.png"]


DEMO_RUNS = int(os.environ.get("AGENT_DEMO_RUNS", "1"))
# every token the demo generates (its state token, the review page's) begins with '-', as one in 64 does
DASH_TOKENS = (
    "import secrets, sys\n"
    "real = secrets.token_urlsafe\n"
    "secrets.token_urlsafe = lambda n=None: '-' + real(n)[1:]\n"
    "from agent.cli import main\n"
    "sys.exit(main(['demo', '--products=60']))\n"
)


def _demo(tmp_path):
    """`agent demo` run once (DEMO_RUNS times when asked): its data folder, both stores in it."""
    import subprocess
    import sys

    from .test_agent_config import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")}
    for i in reversed(range(DEMO_RUNS)):  # the last run (i = 0) is the one checked
        env.update(PYTHONPATH=str(ROOT), AGENT_DATA_DIR=str(tmp_path / ("demo" if i == 0 else f"demo{i}")))
        r = subprocess.run(
            [sys.executable, "-c", DASH_TOKENS], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=280
        )
        assert r.returncode == 0, f"run {DEMO_RUNS - i}: " + r.stdout[-2000:] + r.stderr[-2000:]
    (tmp_path / "demo" / "stdout.txt").write_text(r.stdout)
    return tmp_path / "demo"


@pytest.mark.timeout(120 + 180 * DEMO_RUNS)
def test_demo_summary_matches_the_sandbox_and_its_reports_read_in_peoples_words(tmp_path):
    """`agent demo` with every generated token forced to begin with '-', its summary against the
    sandbox's truth. AGENT_DEMO_RUNS=50 runs it 50 times in a row; the suite runs it once."""
    demo_data = _demo(tmp_path)
    out = " ".join((demo_data / "stdout.txt").read_text().split())
    with SandboxProcess(products=60, seed=7) as sb:  # the demo's sandbox: same seed, same data
        st = sb.state()
    inq = [q for q in st["inquiries"] if q["type"] == "inquiry"]
    assert "60 products, 24 P4P keywords" in out
    assert (
        f"{len(inq)} inquiries and {len(st['inquiries']) - len(inq)} TM messages; "
        f"{sum(not q['replied'] for q in st['inquiries'])} unreplied" in out
    )
    waiting = [int(n) for n in re.findall(r"(\d+) suggestions wait for approval", out)]
    db = Database(f"sqlite:///{demo_data / 'agent.db'}")
    queued = db.frame(m.suggestions)
    assert waiting == [sum(queued["store"] == "demo"), sum(queued["store"] == "demo1688")] and min(waiting) > 0
    assert re.search(r"report: \S+daily_demo_\S+\.html", out) and re.search(r"report: \S+daily_demo1688_\S+\.html", out)
    # the 1688 store, side by side: its 生意参谋 day and 询价 as the sandbox has them
    cbu = st["cbu"]
    day = cbu["sycm"]["0"]
    assert f"生意参谋 {day['date']}: 8 days stored, free visitors {day['freeUv']}, paid visitors {day['paidUv']}" in out
    assert f"{len(cbu['inquiries'])} 询价, {sum(not q['replied'] for q in cbu['inquiries'])} unreplied" in out
    assert f"旺铺评分 {cbu['shop_score']}" in out and "offer_title 10" in out and "republish_plan 1" in out
    assert "storeagent ui" in out
    _every_report_reads_in_peoples_words(demo_data)


def test_live_scheduler_keeps_jobs_in_its_store_and_stops_on_sigterm(fresh_sandbox, tmp_path):
    import signal
    import sqlite3
    import subprocess
    import sys

    from .test_agent_config import ROOT

    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(config_toml(fresh_sandbox))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")}
    env.update(
        PYTHONPATH=str(ROOT),
        AGENT_DATA_DIR=str(tmp_path / "data"),
        AGENT_STATE_DIR=str(tmp_path / "state"),
        SHOP_PASSWORD=fresh_sandbox.password,
    )
    p = subprocess.Popen(
        [sys.executable, "-m", "agent", "schedule"], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    line = ""
    while "scheduler started" not in line and time.monotonic() < deadline:
        line = p.stderr.readline()
    assert "scheduler started: 12 jobs for 1 stores (Asia/Shanghai)" in line
    jobs = sqlite3.connect(tmp_path / "data" / "agent.db").execute("select id from apscheduler_jobs").fetchall()
    assert sorted(j[0] for j in jobs) == sorted(
        f"{k}@alibaba"
        for k in [
            "keepalive",
            "inquiries",
            "customers",
            "p4p_review",
            "activities",
            "zero_effect",
            "metrics",
            "rankings",
            "diagnose",
            "report:daily",
            "report:weekly",
            "report:monthly",
        ]
    )
    p.send_signal(signal.SIGTERM)
    assert p.wait(30) == 0


async def test_a_second_read_the_same_day_says_already_read_not_zero(fresh_sandbox, tmp_path):
    from agent.sites.alibaba.demo import metrics_line

    s = agent_settings(fresh_sandbox, tmp_path)
    first = await run_agent(s, "metrics")
    again = await run_agent(s, "metrics")
    assert first.counts["products"] == 120 and "products" not in again.counts
    assert (
        again.details["stored"]["products"] == 120
        and again.details["stored"]["p4p_keywords"] == first.counts["p4p_keywords"]
    )
    line = metrics_line(again)
    assert "120 products" in line and "already read today" in line
    assert "already read" not in metrics_line(first)


ENGLISH_ENUMS = (
    r"\b(organic|p4p|brand|proposed|approved|applied|rejected|applying|expired|conflict|paused|high|medium|low"
    r"|Mon|Tue|Wed|Thu|Fri|Sat|Sun|True|False|nan|NaN|NaT)\b"
)


def leftovers(text: str, lang: str, rule_ids: set[str]) -> list[str]:
    """What a program leaves in a report that people should never read in it."""
    found = re.findall(r".{0,30}\bNone\b.{0,10}", text) + re.findall(r".{0,30}col_\d", text)
    found += re.findall(r".{0,20}\d\d:\d\d(?::\d\d)?(?:\.\d+)?Z", text)  # a UTC time as the program wrote it
    found += re.findall(r".{0,20}\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d", text)  # seconds: not the store's minute
    found += [r for r in rule_ids if re.search(rf"\b{r}\b", text) and ("_" in r or lang == "zh")]
    if lang == "zh":
        found += re.findall(r".{0,25}" + ENGLISH_ENUMS + r".{0,10}", text)
    return found


def _shown(cell) -> str:
    """A cell as the spreadsheet shows it (a date cell formatted without hours shows its day)."""
    v = cell.value
    if isinstance(v, datetime) and "h" not in cell.number_format.lower():
        return str(v.date())
    return "" if v is None else str(v)


def _every_report_reads_in_peoples_words(demo_data):
    """Every report of both sites in both languages: no None, no col_, no program time, no rule id and
    (in Chinese) no English enum in the HTML or any sheet; the workbooks carry their own charts."""
    import openpyxl

    db = Database(f"sqlite:///{demo_data / 'agent.db'}")
    out = demo_data / "scan"
    for store, site in (("demo", "alibaba"), ("demo1688", "1688")):
        diag = db.last_run(store, "diagnose")["details"]["report"]["findings"]
        rule_ids = {f["rule"] for f in diag}
        assert rule_ids
        for kind in ("daily", "weekly", "monthly"):
            for lang in ("zh", "en"):
                rp = build(kind, db, store, lang, out, site=site)
                page = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", open(rp["html"], encoding="utf-8").read())
                assert not leftovers(page, lang, rule_ids), (store, kind, lang, leftovers(page, lang, rule_ids))
                wb = openpyxl.load_workbook(rp["xlsx"])
                for ws in wb.worksheets:
                    text = "\n".join(" | ".join(_shown(c) for c in row) for row in ws.iter_rows())
                    assert not leftovers(text, lang, rule_ids), (
                        store,
                        kind,
                        lang,
                        ws.title,
                        leftovers(text, lang, rule_ids),
                    )
                charts = [c for ws in wb.worksheets for c in ws._charts]
                assert charts, (store, kind, lang)  # native charts, not pictures
                assert not [ws for ws in wb.worksheets if ws._images]

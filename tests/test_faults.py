"""Fault suite: the daily routine set on a flaky site (10 runs) and a hostile one, kill -9 in the
middle of `metrics`, and a secrets scan of everything these runs left behind."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent.storage import Database
from agent.storage import models as m

from .conftest import agent_settings, config_toml, run_agent
from .test_agent_config import ROOT
from .test_agent_secrets import _scan

DAILY = ("inquiries", "metrics", "keepalive")
TABLES = {
    "products": m.metric_product,
    "p4p_keywords": m.metric_p4p_keyword,
    "traffic_keywords": m.metric_traffic_keyword,
    "traffic_sources": m.metric_traffic_source,
}


def _stored(db: Database, store: str = "shop") -> dict[str, int]:
    return {k: len(db.frame(t, store=store)) for k, t in TABLES.items()}


def _assert_equal_to_truth(db: Database, sb) -> None:
    truth = sb.metrics()
    got = db.frame(m.metric_product, store="shop").set_index("product_id")
    assert got["clicks"].to_dict() == {p["product_id"]: p["clicks"] for p in truth["products"]}
    assert db.frame(m.metric_p4p_keyword, store="shop").set_index("keyword_id")["spend"].to_dict() == {
        str(k["keyword_id"]): k["spend"] for k in truth["p4p"]
    }
    assert len(db.frame(m.metric_traffic_source, store="shop")) == len(truth["traffic_sources"])


def _no_secrets(data_dir: Path, state_dir: Path, sb) -> None:
    cookies = [c["value"] for f in state_dir.glob("*.json") for c in json.loads(f.read_text())["cookies"]]
    needles = [sb.password, *cookies, *[x[k] for x in sb.state()["sessions"] for k in ("csrf", "ctoken", "tb_token")]]
    assert len(needles) > 1
    assert _scan(data_dir, needles) == []


async def test_flaky_site_ten_daily_runs_complete_with_exact_data(make_sandbox, tmp_path):
    sb = make_sandbox(products=300, faults="flaky", seed=21, password="Flaky-Secret-Pw-1")
    inquiries_truth = len(sb.state()["inquiries"])
    from agent.app import App

    for i in range(10):
        s = agent_settings(
            sb, tmp_path / f"run{i}", traces="on-failure"
        )  # a fresh data dir: every run reads everything
        app = App(s)
        async with app.browser():  # a day's routines in one browser, as `schedule` runs them
            for routine in DAILY:
                [res] = await app.run(routine)
                assert res.status == "ok", (i, routine, res.error)
                if routine == "inquiries":
                    assert res.counts["inquiries"] + res.counts["tm_messages"] == inquiries_truth
        _assert_equal_to_truth(Database(s.db_url), sb)
        _no_secrets(s.data_dir, s.state_dir, sb)


async def test_hostile_site_runs_complete_or_stop_for_a_human_and_resume(make_sandbox, tmp_path):
    sb = make_sandbox(products=300, faults="hostile", seed=22, password="Hostile-Secret-Pw-2")
    s = agent_settings(sb, tmp_path, challenge_retries=3, challenge_backoff=1.0)
    db = Database(s.db_url)
    statuses, stored = [], []
    for _ in range(4):
        for routine in DAILY:
            res = await run_agent(s, routine)
            assert res.status in ("ok", "needs_human"), (routine, res.status, res.error)
            statuses.append(res.status)
            if res.status == "needs_human":
                assert res.screenshots
        now = _stored(db)
        if stored:
            assert all(now[k] >= stored[-1][k] for k in now)  # nothing read so far is ever lost
        stored.append(now)
        sb.advance_clock(25)  # past the 20 s session lifetime: every round logs in again
    assert statuses.count("ok") >= len(statuses) // 2
    if not all(stored[-1].values()):
        assert (await run_agent(s, "metrics")).status in ("ok", "needs_human")
    _assert_equal_to_truth(db, sb)
    _no_secrets(s.data_dir, s.state_dir, sb)


@pytest.mark.timeout(400)
def test_kill_9_at_random_points_of_metrics_loses_no_snapshot(make_sandbox, tmp_path):
    sb = make_sandbox(products=3000, seed=23)
    sb.configure(export_quota=0)  # no export today: the product analysis is read page by page, a long run to kill
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(config_toml(sb))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")}
    env.update(
        PYTHONPATH=str(ROOT),
        AGENT_DATA_DIR=str(tmp_path / "data"),
        AGENT_STATE_DIR=str(tmp_path / "state"),
        SHOP_PASSWORD=sb.password,
    )
    db_path = tmp_path / "data" / "agent.db"
    rng = random.Random(5)
    seen = []
    for delay in sorted(rng.uniform(1.5, 5.0) for _ in range(3)):
        p = subprocess.Popen(
            [sys.executable, "-m", "agent", "run", "metrics"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        if db_path.exists():
            now = _stored(Database(f"sqlite:///{db_path}"))
            if seen:
                assert all(now[k] >= seen[-1][k] for k in now)
            seen.append(now)
    r = subprocess.run(
        [sys.executable, "-m", "agent", "run", "metrics", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=200,
    )
    assert r.returncode == 0, r.stderr
    db = Database(f"sqlite:///{db_path}")
    assert _stored(db)["products"] == 3000
    _assert_equal_to_truth(db, sb)
    runs = db.runs(20)
    # the killed runs stay visible in the history, ended by the next run (their process is gone)
    assert any(x["status"] == "failed" and "died during the run" in (x["error"] or "") for x in runs)
    assert not any(x["status"] == "running" for x in runs)
    _no_secrets(tmp_path / "data", tmp_path / "state", sb)

"""The fleet for real: a Redis server, PostgreSQL, a beat and two worker processes (each with its own
data and state folder, standing in for two machines) serving six sandbox stores. Needs
AGENT_TEST_REDIS_URL and AGENT_TEST_PG_URL (scripts/with_postgres.sh, which `make test` uses,
starts both when it can)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.diagnosis.model import Suggestion
from agent.queue.store import Queue
from agent.storage import Database

ROOT = Path(__file__).resolve().parents[1]
STORES = {
    "s1": ("m1", "m2"),
    "s2": ("m1", "m2"),
    "s3": ("m1", None),
    "s4": ("m2", "m1"),
    "s5": ("m2", None),
    "s6": ("m2", None),
}
FLEET = {
    "heartbeat_seconds": 1,
    "dead_after_seconds": 4,
    "standby_after_seconds": 8,
    "window_seconds": 90,
    "visibility_timeout_seconds": 10,
}


@pytest.fixture
def redis_url():
    url = os.environ.get("AGENT_TEST_REDIS_URL")
    if not url:
        pytest.skip("AGENT_TEST_REDIS_URL not set (scripts/with_postgres.sh starts a Redis server when it can)")
    import redis

    redis.Redis.from_url(url).flushall()
    return url


def fleet_config(
    sb, pg: str, redis: str, keepalive: str = "every 6s", apply: str = "every 5s", hook: str | None = None
) -> str:
    lines = [
        f'database_url = "{pg}"',
        "challenge_retries = 1",
        "challenge_backoff = 0.05",
        "[schedule]",
        f'keepalive = ["{keepalive}"]',
        "[fleet]",
        f'broker = "{redis}"',
        f'apply = ["{apply}"]',
        *[f"{k} = {v}" for k, v in FLEET.items()],
    ]
    if hook:  # the fleet's alerts to a channel; `hook`: the variable that holds its URL in the workers' environment
        lines.append(f'[[notify]]\nname = "ops"\nurl_env = "{hook}"\nevents = ["fleet"]')
    for name, (worker, standby) in STORES.items():
        lines += [
            "[[stores]]",
            f'name = "{name}"',
            f'base_url = "{sb.url}"',
            f'search_url = "{sb.url}/trade/search?SearchText={{keyword}}&page={{page}}"',
            f'company_id = "{sb.state()["company_id"]}"',
            f'username = "{sb.username}"',
            'password_env = "SHOP_PASSWORD"',
            f'worker = "{worker}"',
        ] + ([f'standby = "{standby}"'] if standby else [])
    return "\n".join(lines) + "\n"


class Fleet:
    """The processes of a local fleet, each in its own process group (killed as a machine dies)."""

    def __init__(self, tmp: Path, password: str):
        self.tmp, self.password, self.procs = tmp, password, {}

    def env(self, who: str) -> dict:
        e = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")}
        e.update(
            PYTHONPATH=str(ROOT),
            SHOP_PASSWORD=self.password,
            AGENT_DATA_DIR=str(self.tmp / who / "data"),
            AGENT_STATE_DIR=str(self.tmp / who / "state"),
        )
        return e

    def start(self, who: str, *args: str) -> None:
        log = open(self.tmp / f"{who}.log", "a")
        self.procs[who] = subprocess.Popen(
            [sys.executable, "-m", "agent", "fleet", *args],
            cwd=self.tmp,
            env=self.env(who),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, who: str, sig=signal.SIGKILL) -> None:
        p = self.procs.pop(who)
        os.killpg(p.pid, sig)
        p.wait(30)

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "agent", *args],
            cwd=self.tmp,
            env=self.env("cli"),
            capture_output=True,
            text=True,
            timeout=60,
        )

    def stop(self) -> None:
        for who in list(self.procs):
            self.kill(who, signal.SIGTERM)


def wait_for(cond, timeout: float, what: str, step: float = 0.5):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = cond()
        if got:
            return got
        time.sleep(step)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.timeout(300)
def test_six_stores_on_two_workers_one_killed(make_sandbox, pg_url, redis_url, tmp_path, hooks, monkeypatch):
    sb = make_sandbox(products=60, seed=11)
    (tmp_path / "config").mkdir()
    monkeypatch.setenv("FLEET_HOOK", hooks.url("ok"))
    (tmp_path / "config" / "agent.toml").write_text(fleet_config(sb, pg_url, redis_url, hook="FLEET_HOOK"))
    db = Database(pg_url)
    q = Queue(db)
    # one approved bid per store, each on its own keyword: written once, by the store's own worker
    kws = sorted(sb.state()["p4p_keywords"], key=lambda k: k["id"])[:6]
    edits = {}
    for name, k in zip(STORES, kws):
        new = round(max(k["base_price"], k["bid"]) + 0.3, 1)
        [sid] = q.propose(
            name,
            [
                Suggestion.make(
                    kind="set_bid",
                    target=str(k["id"]),
                    rationale="fleet test",
                    evidence={},
                    precondition={"bid": k["bid"], "keyword": k["keyword"]},
                    value={"bid": new, "base_price": k["base_price"]},
                )
            ],
        )
        edits[sid] = (name, str(k["id"]), new)
    q.approve(list(edits), "tester")

    fleet = Fleet(tmp_path, sb.password)
    try:
        fleet.start("m1", "worker", "--name", "m1", "--concurrency", "2")
        fleet.start("m2", "worker", "--name", "m2", "--concurrency", "2")
        fleet.start("beat", "beat")
        # a second beat is refused: one beat publishes the fleet's timetable
        wait_for(lambda: db.lock_holder("fleet:beat"), 60, "the beat's lock")
        second = fleet.cli("fleet", "beat")
        assert second.returncode != 0 and "another fleet beat runs" in second.stderr, second.stderr[-500:]

        def runs():
            return [r for r in db.runs(1000) if r["worker"]]

        wait_for(
            lambda: {r["store"] for r in runs() if r["routine"] == "keepalive" and r["status"] == "ok"} == set(STORES),
            90,
            "a keepalive of every store",
        )
        wait_for(lambda: all(q.get(i).state == "applied" for i in edits), 60, "the approved edits applied")

        from agent.fleet._store import jobs

        wait_for(
            lambda: any(j["state"] == "running" and j["worker"] == "m1" for j in jobs(db)), 30, "a run on m1", step=0.05
        )
        killed_at = datetime.now(UTC)
        fleet.kill("m1")  # the machine dies mid-run: SIGKILL to every process of it
        wait_for(
            lambda: any(e["kind"] == "standby_took_over" and e["store"] == "s1" for e in _events(db)),
            40,
            "s1's standby",
        )
        time.sleep(8)  # s1, s2 run on m2; s3 waits
        status = json.loads(fleet.cli("fleet", "status", "--json").stdout)
        by = {s["store"]: s for s in status["stores"]}
        workers = {w["worker"]: w for w in status["workers"]}
        assert not workers["m1"]["alive"] and workers["m2"]["alive"]
        assert by["s1"]["runs_on"] == "m2" and by["s2"]["runs_on"] == "m2" and by["s4"]["runs_on"] == "m2"
        assert (
            by["s3"]["runs_on"] is None and by["s3"]["state"] == "waiting" and by["s3"]["queue"] >= 1
        )  # its jobs wait in its queue
        kinds = {a["kind"] for a in status["alerts"]}
        assert {"worker_silent", "standby_took_over"} <= kinds
        assert any("s3" in a["message"] and "wait" in a["message"] for a in status["alerts"])
        # the channel heard it once, in Chinese, naming the stores that wait (m2 is the only one watching m1)
        [told] = [h for h in hooks.got if h["title"] == "【机器无心跳】m1"]
        assert "s1、s2、s3" in told["message"] and "请检查这台机器" in told["message"] and len(hooks.got) == 1
        s3_waiting = by["s3"]["queue"]

        back_at = datetime.now(UTC)
        fleet.start("m1", "worker", "--name", "m1", "--concurrency", "2")  # the machine is back
        wait_for(
            lambda: any(r["store"] == "s3" and r["worker"] == "m1" and _at(r["started_at"]) > back_at for r in runs()),
            60,
            "s3's waiting jobs run on m1",
        )
        wait_for(
            lambda: any(e["kind"] == "worker_back" and e["store"] == "s1" for e in _events(db)), 30, "s1 back on m1"
        )
        fleet.kill("beat", signal.SIGTERM)
        # the message m1 was running when it died comes back after the visibility timeout and runs once more
        wait_for(
            lambda: _drained(redis_url) and {j["state"] for j in jobs(db)} <= {"done", "skipped", "missed"},
            90,
            "every message ended (the one m1 died in delivered again)",
            step=1,
        )
    finally:
        fleet.stop()

    every = runs()
    assert s3_waiting >= 1
    for r in every:
        worker, standby = STORES[r["store"]]
        assert r["worker"] in (worker, standby), r
        if r["worker"] != worker:  # on the standby only once the worker had been silent for standby_after
            assert _at(r["started_at"]) >= killed_at + timedelta(seconds=FLEET["standby_after_seconds"] - 1), r
    assert not [
        r for r in every if r["store"] == "s3" and killed_at + timedelta(seconds=2) < _at(r["started_at"]) < back_at
    ]
    assert {r["store"] for r in every if r["worker"] == "m2" and STORES[r["store"]][0] == "m1"} <= {"s1", "s2"}
    for store in STORES:  # never twice at once
        for routine in ("keepalive", "apply"):
            mine = sorted(
                (r for r in every if r["store"] == store and r["routine"] == routine), key=lambda r: r["started_at"]
            )
            for a, b in zip(mine, mine[1:]):
                assert _at(b["started_at"]) >= _at(a["finished_at"]) - timedelta(milliseconds=1), (a, b)
    # every message published ended somewhere: none lost, none left running; each edit written once
    states = {j["state"] for j in jobs(db)}
    assert states <= {"done", "skipped", "missed"}, states
    # the run m1 was in when it died: delivered again and run once more, its first attempt marked failed
    assert any(e["kind"] == "job_redelivered" for e in _events(db))
    still = [
        (r["id"], r["store"], r["routine"], r["started_at"], r["worker"])
        for r in db.runs(1000)
        if r["status"] == "running"
    ]
    assert not still, (
        still,
        [(j["store"], j["routine"], j["state"], j["worker"], j["note"]) for j in jobs(db) if j["state"] != "done"],
    )
    writes = [(w["action"], str(w["target"])) for w in sb.state()["writes"]]
    assert sorted(writes) == sorted(("set_bid", t) for _, t, _ in edits.values()), writes
    assert all(q.get(i).state == "applied" for i in edits)
    bids = {str(k["id"]): k["bid"] for k in sb.state()["p4p_keywords"]}
    assert all(bids[t] == new for _, t, new in edits.values())
    applied_by = {
        r["store"]: r["worker"]
        for r in every
        if r["routine"] == "apply" and r["status"] == "ok" and r["counts"].get("applied")
    }
    assert applied_by == {name: w for name, (w, _) in STORES.items()}
    # `runs` covers the whole fleet
    listed = json.loads(Fleet(tmp_path, sb.password).cli("runs", "--json", "--limit", "500").stdout)["runs"]
    assert {r["worker"] for r in listed} >= {"m1", "m2"}


def _events(db):
    from agent.fleet._store import events

    return events(db, 200)


def _at(t):
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _drained(url: str) -> bool:
    import redis

    r = redis.Redis.from_url(url)
    return all(r.llen(f"store.{s}") == 0 for s in STORES)


def test_bad_fleet_settings_are_one_line_and_exit_2(tmp_path):
    from .test_agent_config import GOOD_STORE, agent

    pg = 'database_url = "postgresql+psycopg://u@127.0.0.1:1/db"\n'
    store = GOOD_STORE + 'worker = "m1"\n'
    cases = [
        (pg + '[fleet]\nbroker = "amqp://x"\n' + store, "fleet.broker: must be a Redis URL"),
        ('[fleet]\nbroker = "redis://127.0.0.1:6379/0"\n' + store, "database_url must name the shared database"),
        (pg + '[fleet]\nbroker = "redis://127.0.0.1:6379/0"\n' + GOOD_STORE, "names no worker"),
        (pg + '[fleet]\nbroker = "redis://127.0.0.1:6379/0"\n' + store + 'standby = "m1"\n', "same standby as worker"),
        (
            pg
            + '[fleet]\nbroker = "redis://127.0.0.1:6379/0"\nheartbeat_seconds = 10\ndead_after_seconds = 5\n'
            + store,
            "at least twice heartbeat_seconds",
        ),
        (pg + '[fleet]\nbroker = "redis://127.0.0.1:6379/0"\napply = ["every day"]\n' + store, "not a cron expression"),
        (
            pg + '[fleet]\nbroker = "redis://127.0.0.1:6379/0"\n' + store.replace('worker = "m1"', 'worker = "m 1"'),
            "stores.0.worker",
        ),
    ]
    for cfg, words in cases:
        r = agent(tmp_path, "fleet", "status", config=cfg)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and words in r.stderr, (words, r.stderr)
    r = agent(tmp_path, "fleet", "status", config=GOOD_STORE)
    assert r.returncode == 2 and "no [fleet] table" in r.stderr
    r = agent(
        tmp_path,
        "fleet",
        "worker",
        "--name",
        "m1",
        "--concurrency",
        "0",
        config=pg + '[fleet]\nbroker = "redis://127.0.0.1:6379/0"\n' + store,
    )
    assert r.returncode == 2 and "--concurrency must be 1 to 32" in r.stderr
    r = agent(
        tmp_path,
        "fleet",
        "worker",
        "--name",
        "m9",
        config=pg + '[fleet]\nbroker = "redis://127.0.0.1:6379/0"\n' + store,
    )
    assert r.returncode == 2 and "no store names worker 'm9'" in r.stderr


async def test_apply_now_in_a_fleet_goes_to_each_stores_own_queue(
    make_sandbox, pg_url, redis_url, tmp_path, monkeypatch
):
    """The review page's "apply now" over a fleet: one apply message per store with approved edits, in
    that store's queue (its own worker writes them), recorded as queued; the page's progress follows
    the edits' states in the shared database."""
    import redis

    from agent.app import App
    from agent.settings import load
    from agent.ui.applying import ApplyNow

    sb = make_sandbox(products=20, seed=2)
    cfg = tmp_path / "agent.toml"
    cfg.write_text(fleet_config(sb, pg_url, redis_url))
    monkeypatch.setenv("SHOP_PASSWORD", sb.password)
    app = App(load(cfg, data_dir=tmp_path / "data", state_dir=tmp_path / "state"))
    k = sb.state()["p4p_keywords"][0]
    ids = []
    for store in ("s2", "s5"):
        ids += app.queue.propose(
            store,
            [
                Suggestion.make(
                    kind="set_bid",
                    target=str(k["id"]),
                    rationale="r",
                    evidence={},
                    precondition={"bid": k["bid"], "keyword": k["keyword"]},
                    value={"bid": round(k["bid"] + 0.5, 1), "base_price": k["base_price"]},
                )
            ],
        )
    app.queue.approve(ids, "boss")
    now = ApplyNow(app)
    assert await now.start("boss@ui") == "started" and len(now.sent) == 2 and now.running
    r = redis.Redis.from_url(redis_url)
    assert {s: r.llen(f"store.{s}") for s in STORES} == {s: int(s in ("s2", "s5")) for s in STORES}
    from agent.fleet._store import jobs

    assert sorted((j["store"], j["routine"], j["state"]) for j in jobs(app.db)) == [
        ("s2", "apply", "queued"),
        ("s5", "apply", "queued"),
    ]
    p = now.progress("zh", lambda q, i: "")
    assert p["running"] and p["total"] == 2 and p["done"] == 0
    from sqlalchemy import update

    from agent.storage import models as m

    with app.db.engine.begin() as c:  # as the stores' workers would: applied
        c.execute(update(m.suggestions).where(m.suggestions.c.id.in_(ids)).values(state="applied"))
    p = now.progress("zh", lambda q, i: "")
    assert not p["running"] and p["done"] == 2 and p["finished"]


def test_a_job_that_waited_past_its_window_is_skipped_and_recorded(
    make_sandbox, pg_url, redis_url, tmp_path, monkeypatch
):
    """A message still in its store's queue when its window has passed (the machine was away): the
    worker that comes back does not run it late; it records it as missed, with an alert."""
    from agent.fleet._celery import make_app
    from agent.fleet._context import set_context
    from agent.fleet._store import jobs
    from agent.fleet.publish import publish, watch_publishing
    from agent.settings import load

    sb = make_sandbox(products=20, seed=2)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(
        fleet_config(sb, pg_url, redis_url).replace("window_seconds = 90", "window_seconds = 5")
    )
    monkeypatch.setenv("SHOP_PASSWORD", sb.password)
    settings = load(tmp_path / "config" / "agent.toml", data_dir=tmp_path / "data", state_dir=tmp_path / "state")
    ctx = set_context(settings)
    watch_publishing()
    sid = publish(make_app(settings), settings, "s3", "keepalive")  # m1 is not running: the message waits
    assert [(j["task_id"], j["state"]) for j in jobs(ctx.db)] == [(sid, "queued")]
    time.sleep(6)
    fleet = Fleet(tmp_path, sb.password)
    try:
        fleet.start("m1", "worker", "--name", "m1", "--concurrency", "1")
        wait_for(lambda: [j["state"] for j in jobs(ctx.db)] == ["missed"], 40, "the message recorded as missed")
    finally:
        fleet.stop()
    [job] = jobs(ctx.db)
    assert job["store"] == "s3" and job["routine"] == "keepalive" and "not started within 5 s" in job["note"]
    assert any(e["kind"] == "job_missed" and e["store"] == "s3" for e in _events(ctx.db))
    assert not Database(pg_url).runs(10)  # nothing ran late


def test_the_beat_publishes_each_sites_own_timetable_to_each_stores_queue(tmp_path):
    """Both sites' default timetables become Celery beat entries: each store gets its own site's
    routines (1688's re-publish rounds, Alibaba.com's 客户管理), the config's [schedule] over them, the
    apply rounds, its own queue and the window as the expiry."""
    from celery.schedules import crontab

    from agent import sites
    from agent.fleet._celery import beat_schedule, store_jobs
    from agent.settings import FleetSettings, Settings, StoreSettings

    stores = [
        StoreSettings(
            name="intl",
            base_url="http://127.0.0.1:9",
            search_url="http://x/?q={keyword}&p={page}",
            company_id="230000001",
            username="u",
            worker="m1",
            standby="m2",
        ),
        StoreSettings(
            name="cbu",
            site="1688",
            base_url="http://127.0.0.1:9",
            search_url="http://x/?q={keyword}&p={page}",
            company_id="b2b-2200000001",
            username="u",
            worker="m2",
        ),
    ]
    s = Settings(
        data_dir=tmp_path,
        state_dir=tmp_path,
        database_url="postgresql+psycopg://u@127.0.0.1:1/db",
        stores=stores,
        schedule={"keepalive": ["every 30m"], "metrics": []},
        fleet=FleetSettings(broker="redis://127.0.0.1:6379/0", window_seconds=900),
    )
    jobs = store_jobs(s)
    assert jobs["intl"]["keepalive"] == ["every 30m"] and "metrics" not in jobs["intl"]  # the config over the defaults
    assert "customers" in jobs["intl"] and "republish" not in jobs["intl"]
    assert "republish" in jobs["cbu"] and "customers" not in jobs["cbu"]
    assert jobs["cbu"]["republish"] == sites.get("1688").schedule["republish"]
    assert jobs["intl"]["apply"] == jobs["cbu"]["apply"] == ["*/5 * * * *"]
    sched = beat_schedule(s)
    intl = {k: v for k, v in sched.items() if k.split("#")[0].endswith("@intl")}
    assert all(
        v["options"] == {"queue": "store.intl", "expires": 900} and v["args"][0] == "intl" for v in intl.values()
    )
    assert sum(1 for k in sched if k.startswith("inquiries@intl#")) == len(sites.get("alibaba").schedule["inquiries"])
    assert (
        isinstance(sched["inquiries@intl#0"]["schedule"], crontab)
        and sched["keepalive@intl#0"]["schedule"].total_seconds() == 1800
    )

"""The house's foundations: owned queue claims (two apply processes at once), a healthy store,
generated values on command lines, the login budget per screen, one `headed` value, lazy imports,
strict snapshots, failed edits that exit non-zero and can be retried."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import UTC, date

import pytest

from agent.errors import StorageError
from agent.queue.store import Queue
from agent.storage import Database
from agent.storage import models as m

from .conftest import agent_settings, config_toml, run_agent, watched_browser
from .test_agent_config import ROOT, agent

HEAVY = ("pandas", "sqlalchemy", "alembic", "matplotlib", "playwright", "openpyxl", "fastapi", "apscheduler")


def _spawn(tmp_path, sb, *args):
    e = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")}
    e.update(
        {
            "PYTHONPATH": str(ROOT),
            "AGENT_DATA_DIR": str(tmp_path / "data"),
            "AGENT_STATE_DIR": str(tmp_path / "state"),
            "SHOP_PASSWORD": sb.password,
        }
    )
    return subprocess.Popen(
        [sys.executable, "-m", "agent", *args],
        cwd=tmp_path,
        env=e,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def _queue_for(sb, tmp_path, **settings) -> Queue:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "agent.toml").write_text(config_toml(sb, **settings))
    s = agent_settings(sb, tmp_path, **settings)
    res = await run_agent(s, "diagnose")
    assert res.status == "ok", res.error
    return Queue(Database(s.db_url))


# ---- 1. two `queue apply` processes started together ------------------------------------------------
@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """The database the agent's processes share: SQLite here, PostgreSQL across machines."""
    if request.param == "sqlite":
        return {}
    return {"database_url": request.getfixturevalue("pg_url")}


async def test_two_apply_processes_at_once_write_each_edit_exactly_once(fresh_sandbox, tmp_path, database):
    sb = fresh_sandbox
    q = await _queue_for(sb, tmp_path, **database)
    ids = [r.id for r in q.list("proposed") if r.kind in ("set_bid", "inquiry_reply")]
    kinds = {q.get(i).kind for i in ids}
    assert kinds == {"set_bid", "inquiry_reply"} and len(ids) >= 4, ids
    q.approve(ids, "tester")
    procs = [_spawn(tmp_path, sb, "queue", "apply", "--json") for _ in range(2)]
    outs = [p.communicate(timeout=240) for p in procs]
    for p, (_, err) in zip(procs, outs):
        assert p.returncode == 0, err
    writes = sb.state()["writes"]
    assert len(writes) == len(ids)  # no edit written twice
    assert len({(w["action"], str(w["target"])) for w in writes}) == len(ids)
    assert {q.get(i).state for i in ids} == {"applied"}
    applied_by = [json.loads(o)["results"][0]["counts"].get("applied", 0) for o, _ in outs]
    assert sorted(applied_by) == [0, len(ids)]  # one run did the work, the other waited
    for i in ids:  # claimed once, applied once
        actions = [a["action"] for a in q.audit_for(i)]
        assert actions.count("apply_started") == 1 and actions.count("applied") == 1, actions


async def test_a_claim_of_a_live_run_is_not_taken_over(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    q = await _queue_for(sb, tmp_path)
    sid = next(r.id for r in q.list("proposed") if r.kind == "inquiry_reply")
    q.approve([sid], "tester")
    live = q.db.start_run("shop", "apply")  # another process is applying it right now
    assert q.claim(sid, live, "other", lease=600)
    assert q.stranded("shop") == []
    assert not q.recover(sid, 9999, "me", lease=60)
    q.db.finish_run(live, "failed", {}, "died", [], [])  # once its run has ended, it may be recovered
    assert [r.id for r in q.stranded("shop")] == [sid]
    assert q.recover(sid, 9999, "me", lease=60)


def test_database_keeps_one_open_suggestion_per_store_kind_and_target(tmp_path):
    from agent.diagnosis.model import Suggestion

    q = Queue(Database(f"sqlite:///{tmp_path / 'a.db'}"))
    s = Suggestion.make(
        kind="set_budget",
        target="smart",
        rationale="r",
        evidence={},
        precondition={"daily_budget": 50},
        value={"daily_budget": 60},
    )
    assert len(q.propose("shop", [s, s])) == 1
    assert q.propose("shop", [s]) == []
    [sid] = [r.id for r in q.list()]
    with q.db.engine.begin() as c:  # even a second writer inserting directly is refused
        from sqlalchemy import insert
        from sqlalchemy.exc import IntegrityError

        with pytest.raises(IntegrityError):
            c.execute(
                insert(m.suggestions).values(
                    store="shop",
                    kind="set_budget",
                    target="smart",
                    state="proposed",
                    dedupe_key="shop|set_budget|smart",
                )
            )
    q.reject([sid], "tester")  # closed: a new one may be proposed
    assert len(q.propose("shop", [s])) == 1


# ---- 2. a healthy store ------------------------------------------------------------------------------
async def test_a_store_with_nothing_wrong_runs_every_routine_ok(fresh_sandbox, tmp_path):
    from agent.app import App
    from agent.sites import get

    ROUTINES = get("alibaba").routines
    sb = fresh_sandbox
    for p in sb.state()["products"]:  # no zero-effect, no low-score product
        if p["zero_days"]:
            sb.set("product", p["id"], "zero_days", 0)
        if p["quality_score"] < 4.5 or p["tier"] == "low_score":
            sb.set("product", p["id"], "quality_score", 4.8)
            sb.set("product", p["id"], "tier", "potential")
    app = App(agent_settings(sb, tmp_path))
    async with app.browser():
        results = {r: (await app.run(r))[0] for r in ("metrics", *sorted(ROUTINES))}
    assert {r: res.status for r, res in results.items()} == {r: "ok" for r in results}, {
        r: x.error for r, x in results.items()
    }
    assert results["zero_effect"].counts == {"zero_effect_products": 0, "findings": 0, "suggestions": 0, "queued": 0}
    kinds = {s.kind for s in app.queue.list()}
    assert not kinds & {"delete_product", "republish_product"}
    rules = {f["rule"] for f in results["diagnose"].details["report"]["findings"]}
    assert not rules & {"low_quality", "zero_effect_30"}


def test_diagnosis_of_empty_lists_gives_nothing_and_does_not_crash():
    from datetime import datetime

    from agent.diagnosis.model import frame
    from agent.sites.alibaba.inputs import Inputs
    from agent.sites.alibaba.pages.products import Product
    from agent.sites.alibaba.rules import diagnose

    inp = Inputs(store="s", data_date=date(2026, 1, 1), today=date(2026, 1, 1), products=frame([], Product))
    for only in ({"zero_effect"}, {"p4p"}, {"orders"}, {"inquiries"}, {"titles"}, {"rfq"}):
        rep = diagnose(inp, datetime.now(UTC), only=only)
        assert rep.suggestions == [] and rep.findings == []


# ---- 3. generated values that begin with '-' ----------------------------------------------------------
def test_generated_secrets_reach_the_sandbox_intact_and_never_on_its_command_line(monkeypatch):
    import secrets

    from agent.demo import sandbox_command
    from sandbox.__main__ import parser

    for _ in range(50):
        password, token = "-" + secrets.token_urlsafe(11), "-" + secrets.token_urlsafe(15)
        argv, env = sandbox_command(0, 100, password, token)
        assert not any(password in a or token in a for a in argv)
        assert (env["SANDBOX_PASSWORD"], env["SANDBOX_STATE_TOKEN"]) == (password, token)
        parser().parse_args(argv[3:])  # the rest parses whatever the values


# the demo with every generated token beginning with '-': tests/test_operations.py
# (test_demo_summary_matches_the_sandbox; AGENT_DEMO_RUNS=50 runs it 50 times in a row)


# ---- 4. a screen that keeps failing ---------------------------------------------------------------------
async def test_a_screen_that_keeps_asking_for_a_login_causes_at_most_two(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "inquiries")).status == "ok"  # logged in, state saved
    sb.configure(drop_session={"path": "/ads/", "on": True})  # the P4P screen keeps sending to login
    before = sb.login_count()
    res = await run_agent(s, "p4p_review")
    assert res.status == "failed" and res.error_type == "LoginLoop", res.error
    assert sb.login_count() - before <= 2
    assert res.counts.get("logins", 0) <= 2


async def test_a_site_that_is_gone_fails_the_run_after_its_retries_without_logging_in(make_sandbox, tmp_path):
    sb = make_sandbox(products=60, seed=2)
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "inquiries")).status == "ok"
    sb.stop()  # every request now fails to connect
    res = await run_agent(s, "inquiries")
    assert res.status == "failed" and res.error_type == "SiteUnreachable", res.error
    assert "logins" not in res.counts


# ---- 5. one headed value: --headed --step outlines the element ------------------------------------------
async def test_headed_step_through_outlines_the_element_it_will_click(fresh_sandbox, tmp_path):
    """The screenshot shown before the write has the save button outlined in red (#e4393c)."""
    import io
    import re

    from PIL import Image

    from agent.runtime.run import Run
    from agent.runtime.stepper import Stepper
    from agent.sites.alibaba.pages.p4p import P4PCampaigns

    s = agent_settings(fresh_sandbox, tmp_path)
    said = io.StringIO()
    stepper = Stepper(enabled=True, read_line=lambda: "\n", out=said)
    async with watched_browser(s) as mgr:
        assert mgr.headed
        run = Run.standalone(s, s.stores[0], mgr, "test", stepper=stepper)
        await P4PCampaigns(run.driver).set_budget("smart", 95)
    assert stepper.outlined == 1
    shots = re.findall(r"写入 write：.*\n(?:.*\n)*?  截图 screenshot: (\S+)", said.getvalue())
    assert shots, said.getvalue()
    colours = Image.open(shots[-1]).convert("RGB").getcolors(maxcolors=1 << 24)
    red = sum(n for n, px in colours if abs(px[0] - 228) + abs(px[1] - 57) + abs(px[2] - 60) < 30)
    assert red > 100, red  # the outline is on the screenshot
    assert any(w["action"] == "set_budget" for w in fresh_sandbox.state()["writes"])


# ---- 6. lazy imports ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["run", "--help"],
        ["queue", "--help"],
        ["queue", "apply", "--help"],
        ["rank", "--help"],
        ["report", "--help"],
        ["demo", "--help"],
        ["ui", "--help"],
    ],
)
def test_help_loads_no_heavy_library(argv):
    script = (
        "import sys\nfrom agent.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    r = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]", r.stdout[-300:]


# ---- 7. strict snapshots ------------------------------------------------------------------------------
def test_replace_snapshot_refuses_unknown_or_missing_columns(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    row = {"source": "search", "visits": 10, "share": 0.5}
    assert db.replace_snapshot(m.metric_traffic_source, "s", date(2026, 1, 1), [row]) == 1
    with pytest.raises(StorageError, match="unknown columns \\['colour'\\]"):
        db.replace_snapshot(m.metric_traffic_source, "s", date(2026, 1, 1), [dict(row, colour="red")])
    with pytest.raises(StorageError, match="missing columns \\['share'\\]"):
        db.replace_snapshot(m.metric_traffic_source, "s", date(2026, 1, 1), [{"source": "x", "visits": 1}])
    assert len(db.frame(m.metric_traffic_source)) == 1  # the stored day is untouched


# ---- 8. failed edits exit non-zero and can be retried ---------------------------------------------------
async def test_a_failed_edit_makes_apply_exit_1_and_can_be_retried(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    q = await _queue_for(sb, tmp_path)
    sid = next(r.id for r in q.list("proposed") if r.kind == "rfq_quote")
    q.approve([sid], "tester")
    quota = sb.state()["rfq_quota"]
    sb.set("rfq_quota", "", "used", quota["base"] + quota["reward"])  # the month's quotes are used up
    env = {"SHOP_PASSWORD": sb.password}
    r = agent(tmp_path, "queue", "apply", "--json", env=env)
    assert r.returncode == 1, r.stderr
    assert json.loads(r.stdout)["results"][0]["counts"] == {"failed": 1}
    assert q.get(sid).state == "failed" and sb.state()["writes"] == []
    r = agent(tmp_path, "queue", "approve", str(sid), env=env)  # a failed edit is not approved again by mistake
    assert r.returncode == 2 and "failed" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    sb.set("rfq_quota", "", "used", 0)
    r = agent(tmp_path, "queue", "retry", str(sid), env=env)
    assert r.returncode == 0 and q.get(sid).state == "approved", r.stderr
    r = agent(tmp_path, "queue", "apply", "--json", env=env)
    assert r.returncode == 0, r.stderr
    assert q.get(sid).state == "applied" and len(sb.state()["writes"]) == 1
    assert [a["action"] for a in q.audit_for(sid)][-3:] == ["retried", "apply_started", "applied"]


def test_queue_errors_keep_their_class_for_each_caller(tmp_path):
    from agent.cli._errors import describe
    from agent.errors import InvalidTransition, NotFound
    from agent.ui.server import page_words

    q = Queue(Database(f"sqlite:///{tmp_path / 'a.db'}"))
    with pytest.raises(NotFound) as e:
        q.approve([42], "me")
    assert describe(e.value) == (2, "no suggestion #42; see 'storeagent queue list'")
    assert "不存在" in page_words(e.value) and "storeagent" not in page_words(e.value)
    err = InvalidTransition(7, "applied", ("proposed",), "approved")
    assert describe(err)[0] == 2 and "queue show 7" in describe(err)[1]
    assert "storeagent" not in page_words(err)


async def test_storage_waits_do_not_block_the_event_loop(tmp_path):
    """A run's database calls go to a thread: while SQLite is locked by another writer, the loop
    that drives the other stores keeps ticking."""
    import sqlite3

    from agent.runtime.run import off_loop

    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    blocker = sqlite3.connect(tmp_path / "a.db", timeout=1)
    blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    t = asyncio.create_task(ticker())
    write = asyncio.create_task(off_loop(db.start_run, "s", "metrics"))
    await asyncio.sleep(0.5)
    blocker.rollback()
    await write
    t.cancel()
    assert ticks >= 20


def test_queue_list_loads_no_browser_and_no_pandas(tmp_path):
    script = (
        "import sys\nfrom agent.cli import main\nrc = main(['queue', 'list'])\n"
        f"print(rc, [m for m in {HEAVY!r} if m in sys.modules])"
    )
    e = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")}
    e.update({"PYTHONPATH": str(ROOT), "AGENT_DATA_DIR": str(tmp_path / "data")})
    r = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=e, capture_output=True, text=True, timeout=60)
    assert r.stdout.strip().splitlines()[-1] == "0 ['sqlalchemy', 'alembic']", r.stdout + r.stderr

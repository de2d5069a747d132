"""One routine per store at a time, across processes (the lock apply uses): a second run of it is not
started and says which run holds it; a run whose process died is ended at once, not after hours."""

from __future__ import annotations

import asyncio
import socket
import subprocess

from agent.app import App
from agent.storage import Database

from .conftest import agent_settings


async def test_two_runs_of_one_routine_for_one_store_never_run_at_once(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    first, second = App(s), App(s)
    a, b = await asyncio.gather(first.run("inquiries"), second.run("inquiries"))
    statuses = sorted([a[0].status, b[0].status])
    assert statuses == ["ok", "skipped"], (a, b)
    skipped = a[0] if a[0].status == "skipped" else b[0]
    assert "already running" in skipped.error and "not started twice" in skipped.error
    runs = Database(s.db_url).runs(10)
    assert [r["status"] for r in runs if r["routine"] == "inquiries"] == ["ok"]  # one run recorded
    [again] = await first.run("inquiries")  # once it has ended, the next one runs
    assert again.status == "ok"


async def test_a_run_whose_process_died_is_ended_at_once(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    db = Database(s.db_url)
    gone = subprocess.Popen(["sleep", "0"])
    gone.wait()  # a process that no longer exists
    dead = db.start_run("shop", "metrics")
    assert db.acquire_lock("routine:shop:metrics", f"{socket.gethostname()}:{gone.pid}", dead, 6 * 3600)
    lockless = db.start_run("shop", "report:daily")  # a run that held no lock: its owner says who ran it
    from sqlalchemy import update

    from agent.storage import models as m

    with db.engine.begin() as c:
        c.execute(
            update(m.runs)
            .where(m.runs.c.id == lockless)
            .values(details={"owner": f"{socket.gethostname()}:{gone.pid}"})
        )
    [r] = await App(s).run("keepalive")  # any run notices at once
    assert r.status == "ok"
    rows = {x["id"]: x for x in db.runs(10)}
    for rid in (dead, lockless):
        assert rows[rid]["status"] == "failed" and "died" in rows[rid]["error"] and rows[rid]["finished_at"]
    assert db.lock_holder("routine:shop:metrics") is None


async def test_sign_ins_per_store_per_day_stop_at_the_limit_for_a_person(fresh_sandbox, tmp_path):
    """A store whose session keeps ending signs in at most `logins_a_day` times a site day; the next
    run stops for a person instead of signing in again."""
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path, logins_a_day=2)
    before = sb._get("/__sandbox__/stats")["logins"]
    for _ in range(2):
        sb.expire_sessions()  # the site ended the session: the next run signs in
        [r] = await App(s).run("keepalive")
        assert r.status == "ok" and r.counts["logins"] == 1, r.error
    sb.expire_sessions()
    [r] = await App(s).run("keepalive")
    assert r.status == "needs_human" and "2 sign-ins for store shop today" in r.error, r.error
    assert sb._get("/__sandbox__/stats")["logins"] - before == 2  # no third sign-in

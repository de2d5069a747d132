"""Stores per hour through the fleet, one worker against two, on this machine: eight sandbox stores,
each with its daily set (keepalive, inquiries, metrics) published at once to its queue; timed from
publishing until every message has run (workers already up). Redis and PostgreSQL come from
AGENT_TEST_REDIS_URL / AGENT_TEST_PG_URL, which `make bench` sets (scripts/with_postgres.sh starts
and stops both)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORES = 8
DAILY = ("keepalive", "inquiries", "metrics")
CONCURRENCY = 2


def _database(base: str) -> str:
    from sqlalchemy import create_engine, text

    name = "bench_" + secrets.token_hex(4)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


def _config(sb, pg: str, redis: str, workers: list[str]) -> str:
    lines = [
        f'database_url = "{pg}"',
        "[schedule]",
        *[f"{r} = []" for r in DAILY],
        "[fleet]",
        f'broker = "{redis}"',
        "heartbeat_seconds = 1",
        "dead_after_seconds = 10",
        "apply = []",
    ]
    for i in range(STORES):
        lines += [
            "[[stores]]",
            f'name = "b{i}"',
            f'base_url = "{sb.url}"',
            f'search_url = "{sb.url}/trade/search?SearchText={{keyword}}&page={{page}}"',
            f'company_id = "{sb.state()["company_id"]}"',
            f'username = "{sb.username}"',
            'password_env = "SHOP_PASSWORD"',
            f'worker = "{workers[i % len(workers)]}"',
        ]
    return "\n".join(lines) + "\n"


def _round(sb, pg_base: str, redis: str, workers: list[str]) -> float:
    import redis as redis_lib

    from agent.fleet._celery import make_app
    from agent.fleet._context import set_context
    from agent.fleet._store import jobs
    from agent.fleet._store import workers as seen
    from agent.fleet.publish import publish, watch_publishing
    from agent.settings import load

    redis_lib.Redis.from_url(redis).flushall()
    pg = _database(pg_base)
    tmp = Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    (tmp / "agent.toml").write_text(_config(sb, pg, redis, workers))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")}
    env.update(PYTHONPATH=str(ROOT), SHOP_PASSWORD=sb.password, AGENT_CONFIG=str(tmp / "agent.toml"))
    os.environ["SHOP_PASSWORD"] = sb.password
    settings = load(tmp / "agent.toml", data_dir=tmp / "cli", state_dir=tmp / "cli-state")
    ctx = set_context(settings)
    procs = []
    try:
        for w in workers:
            e = {**env, "AGENT_DATA_DIR": str(tmp / w / "data"), "AGENT_STATE_DIR": str(tmp / w / "state")}
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "agent",
                        "fleet",
                        "worker",
                        "--name",
                        w,
                        "--concurrency",
                        str(CONCURRENCY),
                        "--quiet",
                    ],
                    cwd=tmp,
                    env=e,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        deadline = time.monotonic() + 60
        while set(seen(ctx.db)) != set(workers):
            if time.monotonic() > deadline:
                raise RuntimeError("the workers did not start")
            time.sleep(0.3)
        watch_publishing()
        app = make_app(settings)
        t0 = time.perf_counter()
        for routine in DAILY:
            for st in settings.stores:
                publish(app, settings, st.name, routine)
        total = STORES * len(DAILY)
        while sum(1 for j in jobs(ctx.db) if j["state"] in ("done", "skipped", "missed")) < total:
            if time.perf_counter() - t0 > 600:
                raise RuntimeError("the daily sets did not finish in 10 minutes")
            time.sleep(0.2)
        elapsed = time.perf_counter() - t0
        failed = [j for j in jobs(ctx.db) if j["note"] not in ("ok",)]
        if failed:
            ids = [j["run_id"] for j in failed if j.get("run_id")]
            errors = (
                ctx.db.sql.rows("select id, routine, status, error from runs where id in :ids", {"ids": ids})
                if ids
                else []
            )
            raise RuntimeError(f"{len(failed)} jobs did not end ok: {failed[:2]}; their runs: {errors[:2]}")
        return elapsed
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(30)


def run() -> dict:
    from sandbox.launcher import SandboxProcess

    redis, pg = os.environ.get("AGENT_TEST_REDIS_URL"), os.environ.get("AGENT_TEST_PG_URL")
    if not redis or not pg:
        return {"name": "fleet", "skipped": "needs AGENT_TEST_REDIS_URL and AGENT_TEST_PG_URL (make bench sets them)"}
    with SandboxProcess(products=200, seed=7) as sb:
        one = _round(sb, pg, redis, ["m1"])
        two = _round(sb, pg, redis, ["m1", "m2"])
    return {
        "name": "fleet",
        "stores": STORES,
        "routines_per_store": list(DAILY),
        "browsers_per_worker": CONCURRENCY,
        "one_worker_s": round(one, 2),
        "two_workers_s": round(two, 2),
        "stores_per_hour_one_worker": round(STORES / one * 3600),
        "stores_per_hour_two_workers": round(STORES / two * 3600),
        "speedup": round(one / two, 2),
        "cpus": os.cpu_count(),
    }

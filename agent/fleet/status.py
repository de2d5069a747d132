"""`fleet status`: the workers, their stores, each store's queue depth, who runs it now, its last
and next run and its failures, and the fleet's recent alerts — read from the shared database and
the broker."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from .._time import aware
from ..storage import models as m
from . import _store
from ._celery import queue_of, store_jobs
from .ownership import alive, owner


def _trigger(expr: str, tz):
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    from ._celery import interval

    every = interval(expr)
    return (
        IntervalTrigger(seconds=every.total_seconds(), timezone=tz)
        if every
        else CronTrigger.from_crontab(expr, timezone=tz)
    )


def next_run(jobs: dict[str, list[str]], tz, now: datetime) -> tuple[str | None, datetime | None]:
    best: tuple[str | None, datetime | None] = (None, None)
    for key, exprs in jobs.items():
        for e in exprs:
            t = _trigger(e, tz).get_next_fire_time(None, now)
            if t and (best[1] is None or t < best[1]):
                best = (key, t)
    return best


def depths(broker: str, stores: list[str]) -> dict[str, int | None]:
    try:
        import redis

        r = redis.Redis.from_url(broker, socket_connect_timeout=2, socket_timeout=2)
        return {s: int(r.llen(queue_of(s))) for s in stores}
    except Exception:  # the broker is away: said as unknown, not as zero
        return {s: None for s in stores}


def fleet_status(settings) -> dict:
    from ..storage import Database

    db, f, now = Database(settings.db_url), settings.fleet, _store.now()
    workers = _store.workers(db)
    names = sorted(
        {s.worker for s in settings.stores} | {s.standby for s in settings.stores if s.standby} | set(workers)
    )
    depth = depths(f.broker, [s.name for s in settings.stores])
    since = now - timedelta(hours=24)
    with db.engine.connect() as c:
        runs = [
            dict(r)
            for r in c.execute(select(m.runs).where(m.runs.c.started_at >= since).order_by(m.runs.c.id)).mappings()
        ]
    jobs = store_jobs(settings)
    stores = []
    for st in settings.stores:
        mine = [r for r in runs if r["store"] == st.name]
        last = mine[-1] if mine else None
        failed = [r for r in mine if r["status"] not in ("ok", "running")]
        key, at = next_run(jobs.get(st.name, {}), settings.tz, now)
        who = owner(st, workers, now, f, _store.signed_in_on(db, st.name))
        stores.append(
            {
                "store": st.name,
                "site": st.site,
                "worker": st.worker,
                "standby": st.standby,
                "runs_on": who.worker,
                "state": who.why,
                "queue": depth[st.name],
                "last_run": {
                    "routine": last["routine"],
                    "status": last["status"],
                    "worker": last.get("worker"),
                    "started_at": aware(last["started_at"]).astimezone(settings.tz).isoformat(),
                }
                if last
                else None,
                "next_run": {"routine": key, "at": at.astimezone(settings.tz).isoformat()} if at else None,
                "failures_24h": len(failed),
                "last_failure": failed[-1]["error"] if failed else None,
            }
        )
    out_workers = []
    for n in names:
        w = workers.get(n)
        out_workers.append(
            {
                "worker": n,
                "alive": alive(w, now, f.dead_after_seconds),
                "host": w["host"] if w else None,
                "concurrency": w["concurrency"] if w else None,
                "heartbeat_at": w["heartbeat_at"].isoformat() if w and w["heartbeat_at"] else None,
                "stores": [s.name for s in settings.stores if s.worker == n],
                "standby_for": [s.name for s in settings.stores if s.standby == n],
            }
        )
    alerts = [
        {
            "at": e["at"].isoformat(),
            "kind": e["kind"],
            "store": e["store"],
            "worker": e["worker"],
            "message": e["message"],
        }
        for e in _store.events(db, 20)
    ]
    return {"workers": out_workers, "stores": stores, "alerts": alerts}


def render(st: dict) -> str:
    lines = ["机器 workers:"]
    for w in st["workers"]:
        state = "alive" if w["alive"] else "SILENT"
        lines.append(
            f"  {w['worker']:<12} {state:<7} {w['host'] or '-':<16} browsers {w['concurrency'] or '-':<3} "
            f"stores {', '.join(w['stores']) or '-'}"
            + (f"; standby for {', '.join(w['standby_for'])}" if w["standby_for"] else "")
        )
    lines.append("店铺 stores:")
    for s in st["stores"]:
        last = s["last_run"]
        nxt = s["next_run"]
        runs_on = s["runs_on"] or "WAITING"
        lines.append(
            f"  {s['store']:<12} on {runs_on:<12} ({s['state']}) queue {s['queue'] if s['queue'] is not None else '?':<3} "
            f"last {last['routine'] + ' ' + last['status'] + ' ' + last['started_at'][11:19] if last else '-'} · "
            f"next {nxt['routine'] + ' ' + nxt['at'][11:19] if nxt else '-'} · failures 24h {s['failures_24h']}"
        )
    if st["alerts"]:
        lines.append("提醒 alerts:")
        lines += [f"  {a['at'][:19]} {a['message']}" for a in st["alerts"][:10]]
    return "\n".join(lines)

"""The fleet's rows in the shared database: workers and their heartbeats, the messages run (one row
each, so a redelivered message is not run twice) and the alerts."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from .._time import aware
from ..storage import Database
from ..storage import models as m


def now() -> datetime:
    return datetime.now(UTC)


# ---- workers -------------------------------------------------------------------------------------
def heartbeat(db: Database, name: str, host: str, pid: int, concurrency: int, stores: list[str]) -> None:
    t = m.fleet_workers
    values = dict(host=host, pid=pid, concurrency=concurrency, stores=stores, heartbeat_at=now())
    with db.engine.begin() as c:
        if c.execute(update(t).where(t.c.name == name).values(**values)).rowcount:
            return
        try:
            with c.begin_nested():
                c.execute(insert(t).values(name=name, started_at=now(), **values))
        except IntegrityError:  # another process of the same name just wrote it
            c.execute(update(t).where(t.c.name == name).values(**values))


def started(db: Database, name: str) -> None:
    """A worker (re)starts: its start time, for status and for 'back again' alerts."""
    t = m.fleet_workers
    with db.engine.begin() as c:
        c.execute(update(t).where(t.c.name == name).values(started_at=now()))


def workers(db: Database) -> dict[str, dict]:
    with db.engine.connect() as c:
        rows = c.execute(select(m.fleet_workers)).mappings().all()
    return {
        r["name"]: {**dict(r), "heartbeat_at": aware(r["heartbeat_at"]), "started_at": aware(r["started_at"])}
        for r in rows
    }


# ---- alerts --------------------------------------------------------------------------------------
def signed_in_on(db: Database, store: str) -> frozenset[str]:
    """The fleet machines a person signed the store in on (its `login` runs that went through there)."""
    q = select(m.runs.c.worker).where(
        (m.runs.c.store == store) & (m.runs.c.routine == "login") & (m.runs.c.status == "ok")
    )
    with db.engine.connect() as c:
        return frozenset(w for (w,) in c.execute(q.distinct()) if w)


def event(
    db: Database, kind: str, message: str, store: str | None = None, worker: str | None = None, key: str | None = None
) -> bool:
    """Record an alert; with `key`, once (False when it was recorded already)."""
    try:
        with db.engine.begin() as c:
            c.execute(
                insert(m.fleet_events).values(at=now(), kind=kind, store=store, worker=worker, message=message, key=key)
            )
    except IntegrityError:
        return False
    from loguru import logger

    logger.warning("fleet: {}", message)
    return True


def events(db: Database, limit: int = 50) -> list[dict]:
    with db.engine.connect() as c:
        rows = c.execute(select(m.fleet_events).order_by(m.fleet_events.c.id.desc()).limit(limit)).mappings().all()
    return [{**dict(r), "at": aware(r["at"])} for r in rows]


# ---- messages run --------------------------------------------------------------------------------
def job_begin(db: Database, task_id: str, store: str, routine: str, worker: str | None) -> dict | None:
    """Claim a message for this worker: None when it ran (or is running) already; the row otherwise.
    A row left `running` by a worker that died is claimed again (its lock then says whether the
    routine still runs somewhere)."""
    t = m.fleet_jobs
    with db.engine.begin() as c:
        if c.execute(
            update(t)
            .where((t.c.task_id == task_id) & (t.c.state == "queued"))
            .values(state="running", worker=worker, started_at=now())
        ).rowcount:
            return {"task_id": task_id, "taken_over": False}
    try:  # a message published by no one who recorded it
        with db.engine.begin() as c:
            c.execute(
                insert(t).values(
                    task_id=task_id, store=store, routine=routine, worker=worker, state="running", started_at=now()
                )
            )
        return {"task_id": task_id, "taken_over": False}
    except IntegrityError:
        pass
    with db.engine.connect() as c:
        row = c.execute(select(t).where(t.c.task_id == task_id)).mappings().first()
    return (
        {"task_id": task_id, "taken_over": True, "from": row["worker"]} if row and row["state"] == "running" else None
    )


def job_queued(db: Database, task_id: str, store: str, routine: str) -> None:
    """A message published (by the beat or the review page): it ends done, skipped or missed."""
    try:
        with db.engine.begin() as c:
            c.execute(
                insert(m.fleet_jobs).values(
                    task_id=task_id, store=store, routine=routine, state="queued", started_at=now()
                )
            )
    except IntegrityError:  # handed back to its queue: the same message
        pass


def job_end(
    db: Database, task_id: str, state: str, worker: str | None, run_id: int | None = None, note: str | None = None
) -> None:
    t = m.fleet_jobs
    with db.engine.begin() as c:
        c.execute(
            update(t)
            .where(t.c.task_id == task_id)
            .values(state=state, worker=worker, finished_at=now(), run_id=run_id, note=note)
        )


def job_record(
    db: Database, task_id: str, store: str, routine: str, state: str, note: str, worker: str | None = None
) -> None:
    """A message that never ran: missed its window, or skipped (the routine was running already)."""
    t = m.fleet_jobs
    try:
        with db.engine.begin() as c:
            c.execute(
                insert(t).values(
                    task_id=task_id,
                    store=store,
                    routine=routine,
                    worker=worker,
                    state=state,
                    started_at=now(),
                    finished_at=now(),
                    note=note,
                )
            )
    except IntegrityError:
        job_end(db, task_id, state, worker, note=note)


def jobs(db: Database, store: str | None = None) -> list[dict]:
    q = select(m.fleet_jobs).order_by(m.fleet_jobs.c.started_at)
    if store:
        q = q.where(m.fleet_jobs.c.store == store)
    with db.engine.connect() as c:
        return [
            {**dict(r), "started_at": aware(r["started_at"]), "finished_at": aware(r["finished_at"])}
            for r in c.execute(q).mappings()
        ]


def fail_orphan_runs(db: Database, store: str, routine: str, worker: str, dead_after: float, note: str) -> int:
    """The runs a worker that died left `running` for this store and routine: failed, said why. A run of
    the same routine going on elsewhere is not touched, nor one the worker started since it came back."""
    t = m.runs
    cond = (t.c.store == store) & (t.c.routine == routine) & (t.c.status == "running") & (t.c.worker == worker)
    w = workers(db).get(worker)
    last_alive = w["heartbeat_at"] if w else None  # a dead worker's run ended no later than its last heartbeat
    if w is not None and w["heartbeat_at"] and (now() - w["heartbeat_at"]).total_seconds() < dead_after:
        cond = cond & (t.c.started_at < w["started_at"])  # alive again: only what its last life left
        last_alive = w["started_at"]
    with db.engine.begin() as c:
        orphans = c.execute(select(t.c.id, t.c.started_at).where(cond)).all()
        for run_id, started in orphans:
            # it ended before anything after it began (the next run of the routine, its worker's new life)
            after = c.execute(
                select(func.min(t.c.started_at)).where(
                    (t.c.store == store) & (t.c.routine == routine) & (t.c.started_at > started)
                )
            ).scalar()
            ended = min(aware(x) for x in (after, last_alive, now()) if x is not None)
            c.execute(
                update(t)
                .where(t.c.id == run_id)
                .values(status="failed", finished_at=max(ended, aware(started)), error=note)
            )
    return len(orphans)


def job(db: Database, task_id: str) -> dict | None:
    with db.engine.connect() as c:
        row = c.execute(select(m.fleet_jobs).where(m.fleet_jobs.c.task_id == task_id)).mappings().first()
    return dict(row) if row else None

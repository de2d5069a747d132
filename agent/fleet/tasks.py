"""The fleet's one task: run a routine (or apply, or a report) for one store, on the machine that
owns the store now, never twice at once anywhere and never twice for the same message."""

from __future__ import annotations

import asyncio
import threading

from celery import shared_task
from celery.signals import task_revoked
from loguru import logger

from ..storage.db import lock_owner
from . import _store
from ._celery import TASK, queue_of
from ._context import get_context
from .ownership import owner

LEASE = 90.0  # the routine's lock, renewed every LEASE / 3 while it runs


@shared_task(name=TASK, bind=True, acks_late=True)
def run(self, store: str, routine: str) -> str:
    ctx = get_context()
    db, settings, me = ctx.db, ctx.settings, ctx.worker
    st = settings.store(store)
    who = owner(st, _store.workers(db), _store.now(), settings.fleet, _store.signed_in_on(db, st.name))
    if who.worker != me:
        # not ours now (our standby consumer outlived the takeover, or the takeover has not begun):
        # back to the store's queue, same message id, same expiry
        self.apply_async(
            (store, routine), task_id=self.request.id, queue=queue_of(store), countdown=2, expires=self.request.expires
        )
        return f"handed back ({who.why})"
    task_id = self.request.id
    job = _store.job_begin(db, task_id, store, routine, me)
    if job is None:
        logger.info("{} for {}: message {} ran already; not run again", routine, store, task_id)
        return "ran already"
    name, holder = f"fleet:{store}:{routine}", lock_owner()
    if job["taken_over"]:  # its first attempt died with its worker: that run ended there
        assert settings.fleet is not None  # a fleet task runs only in a fleet
        n = _store.fail_orphan_runs(
            db,
            store,
            routine,
            job["from"],
            settings.fleet.dead_after_seconds,
            f"worker {job['from']} died during the run; the message runs again on {me}",
        )
        _store.event(
            db,
            "job_redelivered",
            f"{store} {routine}：机器 {job['from']} 在运行中宕机，改由 {me} 重新运行 · "
            f"worker {job['from']} died during the run; run again on {me}",
            store=store,
            worker=me,
            key=f"redelivered:{task_id}",
        )
        logger.warning("{} for {}: taken over from {} ({} run(s) marked failed)", routine, store, job["from"], n)
    if not db.acquire_lock(name, holder, None, LEASE):
        busy = db.lock_holder(name)
        note = (
            f"上一次仍在运行（{busy['owner'] if busy else '另一台机器'}），本次跳过 · "
            f"still running elsewhere ({busy['owner'] if busy else 'another run'}); this one is skipped"
        )
        # a message delivered again while the routine runs (its first run, or a later message's): skipped and
        # recorded — were it its own first run still going, that run's end records it done over this
        _store.job_end(db, task_id, "skipped", me, note=note)
        _store.event(
            db, "overlap_skipped", f"{store} {routine}: {note}", store=store, worker=me, key=f"overlap:{task_id}"
        )
        return "skipped"
    stop = threading.Event()
    renewer = threading.Thread(target=_renew, args=(db, name, holder, stop), daemon=True)
    renewer.start()
    status, run_id = "failed", None
    try:
        status, run_id = asyncio.run(_execute(settings, store, routine))
        return status
    except Exception as e:  # recorded on the job; the runs table has the details when a run started
        logger.error("{} for {} failed on {}: {}", routine, store, me, e)
        return "failed"
    finally:
        stop.set()
        db.release_lock(name, holder)
        _store.job_end(db, task_id, "done", me, run_id=run_id, note=status)


def _renew(db, name: str, holder: str, stop: threading.Event) -> None:
    while not stop.wait(LEASE / 3):
        try:
            db.renew_lock(name, holder, LEASE)
        except Exception as e:  # the database is away for a moment: the next round tries again
            logger.warning("renewing {}: {}", name, e)


async def _execute(settings, store: str, routine: str) -> tuple[str, int | None]:
    from ..app import App

    app = App(settings)
    if routine == "apply":
        results = await app.apply(store=store)
        if not results:
            return "nothing to apply", None
        return results[0].status, results[0].run_id
    if routine.startswith("report:"):
        await app.report(routine.split(":", 1)[1], store)
        return "ok", None
    [res] = await app.run(routine, store)
    return res.status, res.run_id


@task_revoked.connect
def _missed(sender=None, request=None, terminated=False, signum=None, expired=False, **_):
    """A message that expired in its queue (its worker was away past the window): skipped, recorded."""
    if not expired or request is None or getattr(sender, "name", None) != TASK:
        return
    ctx = get_context()
    row = _store.job(ctx.db, request.id)
    if row is not None:
        store, routine = row["store"], row["routine"]
    else:  # published by someone who did not record it: its arguments as the message shows them
        import ast

        store, routine = ast.literal_eval(getattr(request, "argsrepr", None) or "('?', '?')")[:2]
    note = (
        f"超过 {ctx.settings.fleet.window_seconds:.0f} 秒未开始，已跳过 · "
        f"not started within {ctx.settings.fleet.window_seconds:.0f} s of its time; skipped"
    )
    _store.job_record(ctx.db, request.id, store, routine, "missed", note, ctx.worker)
    _store.event(
        ctx.db, "job_missed", f"{store} {routine}: {note}", store=store, worker=ctx.worker, key=f"missed:{request.id}"
    )

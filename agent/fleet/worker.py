"""`fleet worker` and `fleet beat`: the two long-running processes of a fleet machine."""

from __future__ import annotations

import socket
import threading

from loguru import logger

from ..errors import Busy, ConfigError
from ..storage.db import lock_owner
from ._celery import make_app, queue_of
from ._context import set_context
from .watch import Watch

BEAT_LOCK, BEAT_LEASE = "fleet:beat", 60.0


def run_worker(settings, name: str, concurrency: int) -> int:
    """Serve this machine's stores: their queues only, `concurrency` browsers at once."""
    mine = [s.name for s in settings.stores if s.worker == name]
    standby_for = [s.name for s in settings.stores if s.standby == name]
    if not mine and not standby_for:
        known = sorted({s.worker for s in settings.stores} | {s.standby for s in settings.stores if s.standby})
        raise ConfigError(f"no store names worker {name!r} (as worker or standby); the config names {', '.join(known)}")
    ctx = set_context(settings, worker=name)
    app = make_app(settings)
    hostname = f"{name}@{socket.gethostname()}"
    ctx.hostname = hostname
    watch = Watch(ctx, app, hostname, concurrency)
    from celery.signals import worker_ready, worker_shutdown

    worker_ready.connect(lambda **_: watch.start(), weak=False)
    worker_shutdown.connect(lambda **_: watch.stop.set(), weak=False)
    logger.info("fleet worker {}: stores {}, standby for {}, {} browsers at once", name, mine, standby_for, concurrency)
    w = app.Worker(
        hostname=hostname,
        queues=[queue_of(s) for s in mine] or [f"fleet.idle.{name}"],
        concurrency=concurrency,
        pool="threads",
        loglevel="INFO",
        without_mingle=True,
        without_gossip=True,
        optimization="fair",
    )
    w.start()
    return w.exitcode or 0


def run_beat(settings) -> int:
    """Publish every store's timetable to its queue; one beat in the whole fleet (a lock in the database)."""
    ctx = set_context(settings)
    db, owner = ctx.db, lock_owner()
    if not db.acquire_lock(BEAT_LOCK, owner, None, BEAT_LEASE):
        holder = db.lock_holder(BEAT_LOCK)
        raise Busy(
            f"another fleet beat runs ({holder['owner'] if holder else 'unknown'}); one beat publishes the whole fleet's timetable"
        )
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(BEAT_LEASE / 3):
            try:
                db.renew_lock(BEAT_LOCK, owner, BEAT_LEASE)
            except Exception as e:
                logger.warning("renewing the beat lock: {}", e)

    threading.Thread(target=renew, daemon=True).start()
    from .publish import watch_publishing

    watch_publishing()
    app = make_app(settings, beat=True)
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    try:
        app.Beat(schedule=str(settings.state_dir / "fleet-beat-schedule"), loglevel="INFO", max_interval=5).run()
    finally:
        stop.set()
        db.release_lock(BEAT_LOCK, owner)
    return 0

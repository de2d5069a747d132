"""The Celery app of the fleet, made from the settings: the Redis broker, one queue per store, late
acknowledgement (a message is acknowledged when its run has ended, so a machine that dies mid-run
leaves it to be delivered again), one message at a time per thread, and the beat schedule."""

from __future__ import annotations

import re
from datetime import timedelta

EVERY = re.compile(r"^every (\d+)(s|m|h)$")
TASK = "agent.fleet.run"


def queue_of(store: str) -> str:
    return f"store.{store}"


def interval(expr: str) -> timedelta | None:
    """'every 30s' / 'every 10m' / 'every 2h' as a timedelta (None for a cron expression)."""
    m = EVERY.match(expr.strip())
    if not m:
        return None
    return timedelta(**{{"s": "seconds", "m": "minutes", "h": "hours"}[m.group(2)]: int(m.group(1))})


def make_app(settings, beat: bool = False):
    from celery import Celery

    f = settings.fleet
    app = Celery("agent-fleet", broker=f.broker, include=["agent.fleet.tasks"])
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_default_queue="fleet.unrouted",
        task_create_missing_queues=True,
        broker_transport_options={"visibility_timeout": f.visibility_timeout_seconds},
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
        timezone=settings.timezone,
        enable_utc=True,
        worker_send_task_events=False,
        task_send_sent_event=False,
        worker_enable_remote_control=True,
    )
    if beat:
        app.conf.beat_schedule = beat_schedule(settings)
    return app


def store_jobs(settings) -> dict[str, dict[str, list[str]]]:
    """store -> job key -> schedule expressions: each store's site timetable as `schedule` has it
    (the config's [schedule] over the site's defaults) and the fleet's apply rounds."""
    from ..routines import ROUTINES
    from ..scheduler import site_jobs

    out: dict[str, dict[str, list[str]]] = {st.name: {} for st in settings.stores}
    for job in site_jobs(settings, set(ROUTINES)):
        for store in job.stores or out:
            out[store][job.key] = list(job.crons)
    for jobs in out.values():
        if settings.fleet.apply:
            jobs["apply"] = list(settings.fleet.apply)
    return out


def beat_schedule(settings) -> dict:
    from celery.schedules import crontab

    sched = {}
    window = settings.fleet.window_seconds
    for store, jobs in store_jobs(settings).items():
        for key, exprs in jobs.items():
            for i, expr in enumerate(exprs):
                every = interval(expr)
                if every is None:
                    minute, hour, dom, month, dow = expr.split()
                    when = crontab(minute=minute, hour=hour, day_of_month=dom, month_of_year=month, day_of_week=dow)
                else:
                    when = every
                sched[f"{key}@{store}#{i}"] = {
                    "task": TASK,
                    "schedule": when,
                    "args": (store, key),
                    "options": {"queue": queue_of(store), "expires": window},
                }
    return sched

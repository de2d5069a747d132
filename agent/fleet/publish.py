"""Publishing a store's job to its queue, recorded first (`fleet_jobs`, state queued), so every
message published ends done, skipped or missed — none lost unseen."""

from __future__ import annotations

from . import _store
from ._celery import TASK, queue_of
from ._context import get_context


def record_published(sender=None, headers=None, body=None, routing_key=None, **_) -> None:
    """Celery's before_task_publish: record each message of the fleet's task as it leaves."""
    if sender != TASK or not headers:
        return
    args: tuple = tuple(body[0]) if body else ()
    if len(args) >= 2:
        _store.job_queued(get_context().db, headers["id"], args[0], args[1])


def watch_publishing() -> None:
    from celery.signals import before_task_publish

    before_task_publish.connect(record_published, weak=False)


def publish(app, settings, store: str, routine: str) -> str:
    """Send one job (e.g. apply now, from the review page) to the store's queue; its message id."""
    res = app.send_task(TASK, args=(store, routine), queue=queue_of(store), expires=settings.fleet.window_seconds)
    return res.id

"""Telling a person when they are needed: events worth a message (`events.py`) built from what runs
ended with and the stores' login health, sent through Apprise to each `[[notify]]` channel that wants
them (`send.py`) — once per event and period, a digest when many come at once, only what cannot wait
in quiet hours, every message recorded. A channel that fails never fails a routine."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..settings import Settings
    from ..storage import Database


def tell(settings: Settings, db: Database, results: list) -> list[dict]:
    """After runs: the events their results, the stores' login health and the suggestions they made
    are worth, sent to the channels that want them. Never raises."""
    from loguru import logger

    from .. import _redact

    try:
        return _tell(settings, db, results)
    except Exception as e:  # telling must never fail what was done
        logger.warning("notifications not sent: {}", _redact.redact(f"{type(e).__name__}: {e}"))
        return []


def _tell(settings: Settings, db: Database, results: list) -> list[dict]:
    from ..health import store_health
    from ..queue.store import Queue
    from .events import apply_failed, from_health, from_result, suggestions_waiting
    from .send import dispatch

    events = []
    names = list(dict.fromkeys(r.store for r in results))
    for name in names:
        st = settings.store(name)
        mine = [r for r in results if r.store == name]
        when = next((r.details.get("site_time") for r in mine if (r.details or {}).get("site_time")), None)
        day = (datetime.fromisoformat(when) if when else datetime.now(UTC)).astimezone(settings.tz).date().isoformat()
        for r in mine:
            events += from_result(settings, st, r, day)
            if ids := (r.details or {}).get("suggestions", {}).get("failed"):  # an apply: the edits it could not write
                q = Queue(db)
                failed = [q.get(i) for i in ids]
                notes = {x.id: next((a["note"] for a in reversed(q.audit_for(x.id)) if a["note"]), "") for x in failed}
                events += apply_failed(st, failed, notes, day)
        events += from_health(st, store_health(db, st), settings.tz)
        if any((r.counts or {}).get("suggestions") for r in mine):
            events += suggestions_waiting(st, Queue(db).list("proposed", name), day)
    # a person stopped for is said once: the same run's lost login is its own message only when not already said
    if any(e.kind == "needs_person" for e in events):
        stopped = {e.store for e in events if e.kind == "needs_person"}
        events = [e for e in events if not (e.kind == "login" and e.store in stopped and "signed_out" in e.key)]
    return dispatch(settings, db, events)

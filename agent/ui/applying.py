""" "Apply now" on the review page: one apply of every approved edit, run in the page's own event loop
— or, in a fleet, sent to each store's own worker — with its progress read from the queue (each
edit's state as apply moves it: approved → applying → applied | failed | conflict) for the page to
show live."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from loguru import logger

from ..queue.record import Queued


class ApplyNow:
    def __init__(self, agent):
        self.agent = agent
        self.task: asyncio.Task | None = None
        self.ids: list[int] = []
        self.by: str = ""
        self.started: datetime | None = None
        self.finished: datetime | None = None
        self.outcome: list[dict] = []  # per store: status and error, when done
        self.error: str | None = None
        self.sent: list[str] = []  # in a fleet: the apply messages sent to the stores' workers

    @property
    def running(self) -> bool:
        if self.sent:  # in a fleet: until each edit has left `approved`/`applying` (or the window has passed)
            return self.finished is None
        return self.task is not None and not self.task.done()

    def waiting(self) -> list[Queued]:
        """Approved single edits (plans are carried out by their schedule, never by apply)."""
        return [s for s in self.agent.queue.list("approved") if not s.standing]

    async def start(self, actor: str) -> str:
        """'started', 'busy' (an apply of this page still runs) or 'none' (nothing approved)."""
        if self.running:
            return "busy"
        todo = await asyncio.to_thread(self.waiting)
        if not todo:
            return "none"
        self.ids, self.by = [s.id for s in todo], actor
        self.started, self.finished, self.outcome, self.error, self.sent = (
            datetime.now(UTC),
            None,
            [],
            None,
            [],
        )
        settings = self.agent.settings
        if settings.fleet is not None:  # each store's edits are written by that store's own worker
            self.sent = await asyncio.to_thread(self._send, sorted({s.store for s in todo}))
            return "started"
        self.task = asyncio.create_task(self._run(actor))
        return "started"

    def _send(self, stores: list[str]) -> list[str]:
        from ..fleet._celery import make_app
        from ..fleet._context import set_context
        from ..fleet.publish import publish, watch_publishing

        settings = self.agent.settings
        set_context(settings)
        watch_publishing()
        app = make_app(settings)
        return [publish(app, settings, st, "apply") for st in stores]

    async def _run(self, actor: str) -> None:
        try:
            results = await self.agent.apply(actor=actor)
            self.outcome = [{"store": r.store, "status": r.status, "error": r.error} for r in results]
        except Exception as e:  # shown on the page; the queue keeps every edit's own state
            logger.warning("apply from the review page failed: {}", e)
            self.error = f"{type(e).__name__}: {e}"
        finally:
            self.finished = datetime.now(UTC)

    def _late(self) -> bool:
        return (
            self.started is not None
            and (datetime.now(UTC) - self.started).total_seconds() > self.agent.settings.fleet.window_seconds
        )

    def progress(self, lang: str, last_note) -> dict:
        """What the page shows: each edit of this apply with its state now, and the counts."""
        queue, items = self.agent.queue, []
        for sid in self.ids:
            try:
                s = queue.get(sid)
            except Exception:  # cleaned up meanwhile
                continue
            what, before, after = s.describe(lang)
            note = last_note(queue, sid) if s.state in ("failed", "conflict") else ""
            items.append(
                {
                    "id": sid,
                    "store": s.store,
                    "what": what,
                    "change": f"{before} → {after}",
                    "state": s.state,
                    "note": note,
                }
            )
        done = sum(1 for i in items if i["state"] not in ("approved", "applying"))
        if self.sent and self.finished is None and (done == len(items) or self._late()):
            self.finished = datetime.now(UTC)
        return {
            "running": self.running,
            "total": len(items),
            "done": done,
            "items": items,
            "by": self.by,
            "started": self.started.isoformat() if self.started else None,
            "finished": self.finished.isoformat() if self.finished else None,
            "outcome": self.outcome,
            "error": self.error,
        }

""""Apply now" on the review page: one apply of every approved edit, run in the page's own event loop,
with its progress read from the queue (each edit's state as apply moves it: approved → applying →
applied | failed | conflict) for the page to show live."""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from loguru import logger

from ..edits import edit_for
from ..edits.plain import describe


class ApplyNow:
    def __init__(self, agent):
        self.agent = agent
        self.task: asyncio.Task | None = None
        self.ids: list[int] = []
        self.by: str = ""
        self.started: datetime | None = None
        self.finished: datetime | None = None
        self.outcome: list[dict] = []        # per store: status and error, when done
        self.error: str | None = None

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    def waiting(self) -> list[dict]:
        """Approved single edits (plans are carried out by their schedule, never by apply)."""
        return [s for s in self.agent.queue.list("approved") if not edit_for(s["kind"]).standing]

    async def start(self, actor: str) -> str:
        """'started', 'busy' (an apply of this page still runs) or 'none' (nothing approved)."""
        if self.running:
            return "busy"
        todo = await asyncio.to_thread(self.waiting)
        if not todo:
            return "none"
        self.ids, self.by = [s["id"] for s in todo], actor
        self.started, self.finished, self.outcome, self.error = datetime.now(timezone.utc), None, [], None
        self.task = asyncio.create_task(self._run(actor))
        return "started"

    async def _run(self, actor: str) -> None:
        try:
            results = await self.agent.apply(actor=actor)
            self.outcome = [{"store": r.store, "status": r.status, "error": r.error} for r in results]
        except Exception as e:        # shown on the page; the queue keeps every edit's own state
            logger.warning("apply from the review page failed: {}", e)
            self.error = f"{type(e).__name__}: {e}"
        finally:
            self.finished = datetime.now(timezone.utc)

    def progress(self, lang: str, last_note) -> dict:
        """What the page shows: each edit of this apply with its state now, and the counts."""
        queue, items = self.agent.queue, []
        for sid in self.ids:
            try:
                s = queue.get(sid)
            except Exception:         # cleaned up meanwhile
                continue
            what, before, after = describe(s, lang)
            note = last_note(queue, sid) if s["state"] in ("failed", "conflict") else ""
            items.append({"id": sid, "store": s["store"], "what": what, "change": f"{before} → {after}", "state": s["state"], "note": note})
        done = sum(1 for i in items if i["state"] not in ("approved", "applying"))
        return {"running": self.running, "total": len(items), "done": done, "items": items, "by": self.by,
                "started": self.started.isoformat() if self.started else None,
                "finished": self.finished.isoformat() if self.finished else None,
                "outcome": self.outcome, "error": self.error}

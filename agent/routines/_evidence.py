"""Each new suggestion's own evidence screenshot: the kind's `read` opens the screen showing its
target (read only, as apply does before writing), the page layer outlines the row or field and
photographs it. At most `evidence_screenshots` per run (0: none); a suggestion whose screen cannot
be read keeps its evidence without a picture — it is still proposed."""

from __future__ import annotations

from datetime import datetime

from loguru import logger

from ..errors import NeedsHuman
from ..pages._evidence import highlight_shot
from ..queue.record import Queued
from ..queue.store import Queue
from ..runtime.artifacts import safe_name
from ..runtime.run import Run
from ..runtime.stepper import StopRequested


def interleaved(rows: list[Queued]) -> list[Queued]:
    """One of each kind, then the second of each kind, …: a cap still leaves a picture for every kind."""
    seen: dict[str, int] = {}
    order = []
    for r in rows:
        seen[r.kind] = seen.get(r.kind, 0) + 1
        order.append((seen[r.kind], r.id, r))
    return [r for *_, r in sorted(order, key=lambda x: x[:2])]


async def shoot(run: Run, ids: list[int]) -> int:
    """Photograph the suggestions `ids` on their own screens; returns how many were outlined."""
    queue, outlined = Queue(run.db), 0
    rows = [r for r in [await run.db_call(queue.get, sid) for sid in ids] if not r.standing]  # a plan has no row
    for s in interleaved(rows)[: run.settings.evidence_screenshots]:
        sid = s.id
        try:
            where = await s.edit.show(run.driver)
        except (NeedsHuman, StopRequested):
            raise
        except Exception as e:
            logger.warning("evidence for #{}: its screen could not be read ({}); proposed without a picture", sid, e)
            continue
        page = run.driver.page
        if page is None or page.is_closed():
            continue
        path = run.manager.artifacts.path(  # machine clock: a file name unique to the moment it was taken
            "screenshots",
            safe_name(run.store.name, run.routine, f"s{sid}-evidence", datetime.now().strftime("%Y%m%d-%H%M%S-%f")),
            ".png",
        )  # machine clock: a file name
        row = await highlight_shot(page, where, path)
        if path.exists():
            run.screenshots.append(str(path))
            outlined += row is not None
            await run.db_call(queue.set_evidence_shot, sid, str(path), row)
    if rows:
        run.count("evidence_outlined", outlined)
    return outlined

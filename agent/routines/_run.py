"""Running a routine for one store: a run row in the database, status ok / needs_human / failed,
counts of what was read, and the screenshots and trace a failure leaves behind."""
from __future__ import annotations

import traceback
from contextlib import asynccontextmanager
from typing import Awaitable, Callable

from loguru import logger
from pydantic import BaseModel

from ..browser import BrowserManager, safe_name
from ..context import PageContext
from ..errors import ConfigError, NeedsHuman, PageStructureError
from ..settings import Settings, StoreSettings
from ..stepper import StepSkipped, Stepper, StopRequested
from ..storage import Database


class RunResult(BaseModel):
    run_id: int | None = None
    store: str
    routine: str
    status: str                        # ok | needs_human | failed | stopped (by the person, step-through)
    counts: dict = {}
    error: str | None = None
    screenshots: list[str] = []
    traces: list[str] = []
    details: dict = {}


Routine = Callable[["RoutineRun"], Awaitable[None]]
SEVERITY = {"ok": 0, "stopped": 1, "needs_human": 2, "failed": 3}


def worst(statuses) -> str:
    """The most serious outcome among several runs (`ok` when there were none)."""
    return max(statuses, key=SEVERITY.__getitem__, default="ok")


class RoutineRun:
    """What a routine body gets: the page context, the database, and a place for its counts."""

    def __init__(self, ctx: PageContext, db: Database, run_id: int):
        self.ctx, self.db, self.run_id = ctx, db, run_id
        self.counts: dict[str, int] = {}
        self.details: dict = {}
        self.errors: list[PageStructureError] = []

    def count(self, key: str, n: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    @asynccontextmanager
    async def section(self, name: str):
        """A part of the routine the person may skip in step-through mode; the rest goes on."""
        try:
            yield
        except StepSkipped:
            self.count("skipped", 1)
            logger.info("skipped {}", name)
        except PageStructureError as e:  # this screen changed; read the others, then fail the run
            logger.error("{}", e)
            self.errors.append(e)


def _want_trace(settings: Settings, db: Database, store: str, routine: str, run_id: int) -> bool:
    """on-failure: always record (kept only if the run fails); on-retry: only after a failed run."""
    if settings.traces != "on-retry":
        return settings.traces == "on-failure"
    prev = db.previous_run(store, routine, run_id)
    return prev is not None and prev["status"] in ("failed", "needs_human")


async def run_routine(name: str, body: Routine, settings: Settings, store: StoreSettings, manager: BrowserManager,
                      db: Database, supervised: bool = False, stepper: Stepper | None = None) -> RunResult:
    run_id = db.start_run(store.name, name)
    ctx = PageContext(settings=settings, store=store, manager=manager, routine=name, supervised=supervised,
                      stepper=stepper or Stepper())
    run = RoutineRun(ctx, db, run_id)
    status, error, trace = "ok", None, None
    with logger.contextualize(store=f"[{store.name}] "):
        logger.info("{} started (run {})", name, run_id)
        try:
            await ctx.sc.begin_routine(_want_trace(settings, db, store.name, name, run_id))
            await body(run)
            if run.errors:
                raise run.errors[0]
        except ConfigError:
            db.finish_run(run_id, "failed", run.counts, "configuration error", ctx.screenshots, [])
            raise
        except StopRequested as e:
            status, error = "stopped", str(e)
        except StepSkipped as e:
            run.count("skipped", 1)
            error = str(e)
        except NeedsHuman as e:
            status, error = "needs_human", str(e)
            if e.screenshot and e.screenshot not in ctx.screenshots:
                ctx.screenshots.append(e.screenshot)
        except Exception as e:  # any failure: keep evidence, never lose what was stored already
            status, error = "failed", f"{type(e).__name__}: {e}"
            if not isinstance(e, PageStructureError):
                logger.debug("{}", traceback.format_exc())
                await ctx.screenshot(ctx.page, "failure")
        finally:
            keep = status != "ok"
            trace_name = safe_name(store.name, name, f"run{run_id}") if keep else None
            try:
                # the context stays open for the store's next routine; after a failure it starts afresh
                trace = await (ctx.sc.close(keep_trace=trace_name) if keep else ctx.sc.end_routine(None))
            except Exception as e:
                logger.warning("closing the browser context failed: {}", e)
        traces = [trace] if trace else []
        run.details["visited"] = sorted(ctx.visited)
        if ctx.session.logins:
            run.count("logins", ctx.session.logins)
        db.finish_run(run_id, status, run.counts, error, ctx.screenshots, traces, run.details)
        log = logger.info if status == "ok" else logger.warning
        log("{} finished: {} {}{}", name, status, run.counts, f" ({error})" if error else "")
    return RunResult(run_id=run_id, store=store.name, routine=name, status=status, counts=run.counts, error=error,
                     screenshots=ctx.screenshots, traces=traces, details=run.details)

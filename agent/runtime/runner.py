"""Running a routine for one store: a run row in the database, status ok / partial / needs_human /
failed / stopped, counts of what was read, the screenshots and trace a failure leaves behind, and
the store's login health (its browser mode, when its session was last proven good by the site's
clock, when its session cookies lapse)."""

from __future__ import annotations

import traceback
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from loguru import logger

from .. import _redact
from ..errors import Blocked, ConfigError, NeedsHuman, PageStructureError
from .artifacts import safe_name
from .browser import BrowserManager
from .run import Routine, Run, RunResult, off_loop
from .said import said
from .session import StoreSession, session_of
from .stepper import Stepper, StepSkipped, StopRequested

if TYPE_CHECKING:
    from ..settings import Settings, StoreSettings
    from ..storage import Database


async def login_health(session: StoreSession, run: Run) -> dict:
    """What a run says of the store's login: its browser mode, when the site last answered it as
    signed in and when its session cookies lapse — both by the site's clock, ISO with offset."""
    out: dict = {"mode": session.sc.mode}
    if session.signing_in:  # the run ended inside a sign-in: nobody is signed in now
        out["signed_out"] = True
    if session.proven is not None:
        out["proven"] = session.proven.isoformat()
    try:
        ends = await session.sc.session_expiry()
    except Exception as e:  # the browser went away with a failure: the health is what was proven
        logger.debug("the session cookies could not be read: {}", e)
        ends = None
    if ends is not None:  # the browser's clock is this machine's: moved to the site's
        out["expires"] = (ends + (run.site_now() - datetime.now(UTC))).isoformat()
    return out


async def _want_trace(settings: "Settings", db: "Database", store: str, routine: str, run_id: int) -> bool:
    """on-failure: always record (kept only if the run fails); on-retry: only after a failed run."""
    if settings.traces != "on-retry":
        return settings.traces == "on-failure"
    prev = await off_loop(db.previous_run, store, routine, run_id)
    return prev is not None and prev["status"] in ("failed", "needs_human")


ROUTINE_LEASE = 6 * 3600.0  # a routine's lock outlives any run; a run that ends, or a process that dies, frees it


async def run_routine(
    name: str,
    body: Routine,
    settings: "Settings",
    store: "StoreSettings",
    manager: BrowserManager,
    db: "Database",
    stepper: Stepper | None = None,
    on_wait=None,
) -> RunResult:
    """One run of a routine for a store — never two of the same routine for the same store at once,
    across processes and machines sharing the database (the lock apply uses): the second is not
    started (`skipped`, saying which run holds it). A holder whose process died frees it at once and
    its run is marked failed. `apply` waits for its own lock instead."""
    from ..storage.db import lock_owner

    lock, owner = (None if name == "apply" else f"routine:{store.name}:{name}"), lock_owner()
    await off_loop(db.reap)  # runs whose process died on this machine: ended now, not hours later
    if lock and not await off_loop(db.acquire_lock, lock, owner, None, ROUTINE_LEASE):
        holder = await off_loop(db.lock_holder, lock) or {}
        msg = (
            f"{name} for {store.name} is already running (run {holder.get('run_id') or '?'}, "
            f"{holder.get('owner') or 'another process'}); not started twice"
        )
        logger.warning(msg)
        return RunResult(store=store.name, routine=name, status="skipped", error=msg)
    try:
        return await _run(name, body, settings, store, manager, db, stepper, on_wait, lock, owner)
    finally:
        if lock:
            await off_loop(db.release_lock, lock, owner)


async def _run(name, body, settings, store, manager, db, stepper, on_wait, lock, owner) -> RunResult:
    run_id = await off_loop(db.start_run, store.name, name)
    if lock:  # the lock names its run: the run's end frees it even if this process cannot say so
        await off_loop(db.lock_run, lock, owner, run_id)
    session = session_of(manager, store)
    run = Run(settings, store, name, run_id, db, session, stepper or Stepper())
    run.on_wait = on_wait  # the application's: tell a person a code is awaited
    logins = session.logins
    run.site_offset = await off_loop(db.site_offset, store.name)
    status, error, error_type, trace = "ok", None, None, None
    with logger.contextualize(store=f"[{store.name}] "):
        logger.info("{} started (run {})", name, run_id)
        try:
            want_trace = await _want_trace(settings, db, store.name, name, run_id)
            await session.sign_in_first(run, want_trace)
            await session.sc.begin_routine(want_trace, run.label)
            await body(run)
            if run.failed:
                status, error_type = ("partial" if run.screens_read else "failed"), "ScreensFailed"
                error = partial_error(run.failed)
                await run.keep_page("partial")
        except ConfigError:
            await off_loop(db.finish_run, run_id, "failed", run.counts, "configuration error", run.screenshots, [])
            raise
        except StopRequested as e:
            status, error = "stopped", str(e)
        except StepSkipped as e:
            run.count("skipped", 1)
            error = str(e)
        except NeedsHuman as e:
            if isinstance(e, Blocked):  # in the store's language, whoever raised it
                e = Blocked(e.where, e.screenshot, settings.lang)
            status, error, error_type = "needs_human", str(e), type(e).__name__
            if e.screenshot and e.screenshot not in run.screenshots:
                run.screenshots.append(e.screenshot)
        except Exception as e:  # any failure: keep evidence, never lose what was stored already
            status, error, error_type = "failed", f"{type(e).__name__}: {e}", type(e).__name__
            if not isinstance(e, PageStructureError):
                logger.debug("{}", traceback.format_exc())
                await run.screenshot("failure")
            await run.keep_page("failure")
        finally:
            run.details["login"] = await login_health(session, run)
            keep = status != "ok"
            trace_name = _trace_name(store.name, name, run_id) if keep else None
            try:
                # the context stays open for the store's next routine; after a failure it starts afresh
                trace = await (session.sc.close(keep_trace=trace_name) if keep else session.sc.end_routine(None))
            except Exception as e:
                logger.warning("closing the browser context failed: {}", e)
        traces = [trace] if trace else []
        error = _redact.redact(error) if error else error  # Playwright's call log can quote a typed secret
        run.details = _redact.redact_obj(run.details)
        run.details["visited"] = sorted(run.visited)
        if run.failed:
            run.details["failed_screens"] = run.failed
        if run.site_time is not None:  # the site's clock, for reports made later (Database.site_time)
            run.details["site_time"] = run.site_time.isoformat()
        if session.logins > logins:
            run.count("logins", session.logins - logins)
        await off_loop(db.finish_run, run_id, status, run.counts, error, run.screenshots, traces, run.details)
        bound = logger.bind(routine=name, status=status, counts=run.counts)  # the JSON log keeps the fields
        log = bound.info if status == "ok" else bound.warning
        ended = RunResult(
            store=store.shown, routine=name, status=status, counts=run.counts, error=error, details=run.details
        )
        log("{}", ("；" if settings.lang == "zh" else "; ").join(line.strip() for line in said(ended, settings.lang)))
    return RunResult(
        run_id=run_id,
        store=store.name,
        routine=name,
        status=status,
        counts=run.counts,
        error=error,
        error_type=error_type,
        screenshots=run.screenshots,
        traces=traces,
        details=run.details,
    )


def partial_error(failed: list[dict]) -> str:
    """One line naming every screen that could not be read, and why."""
    return f"{len(failed)} screen(s) could not be read: " + "; ".join(
        f"{f['screen']} ({f['reason'][:300]})" for f in failed
    )


def _trace_name(store: str, routine: str, run_id: int) -> str:
    return safe_name(store, routine, f"run{run_id}")

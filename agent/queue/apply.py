"""Applying approved edits, each exactly once and verified on the screen.

One apply run per store at a time, across processes and machines: the run takes the store's apply
lock (a row in the database, with a lease it renews while it works) and waits for it when another
run holds it. Each edit is claimed for the run just before its turn.

Before writing, the current value is read on the screen: if it differs from the precondition, the
edit ends in `conflict` and nothing is written. After writing, the value is read back and a
screenshot taken, then the edit is `applied`. An edit a dead run left in `applying` (its run ended,
or its lease ran out) is re-checked on the screen: already done -> applied without a second write;
untouched -> written."""

from __future__ import annotations

import asyncio
import time

from loguru import logger

from ..errors import Busy, EditsFailed, NeedsHuman, TransientError, WriteRejected
from ..runtime.run import Run
from ..runtime.stepper import StepSkipped, StopRequested
from ..storage.db import lock_owner
from .record import Queued
from .store import Queue

LEASE_SECONDS = 120.0  # a claim or lock not renewed for this long belongs to a dead run
HEARTBEAT_SECONDS = 20.0


TRANSIENT_TRIES = 3  # a 503 or a timeout during an edit: read again and carry on, this many times


async def apply_one(run: Run, queue: Queue, s: Queued, actor: str) -> str:
    """Apply one suggestion this run has claimed (`applying`); returns its final state. A transient
    fault (5xx, timeout) is retried from the reading step: a write that did land is then found on
    the screen and not sent again."""
    sid = s.id

    async def finish(state: str, **kw) -> None:
        await run.db_call(queue.finish, sid, run.run_id, state, actor, **kw)

    async def failed(shot: str, note: str) -> str:
        await finish("failed", screenshot=await run.screenshot(f"s{sid}-{shot}"), note=note)
        return "failed"

    for attempt in range(TRANSIENT_TRIES):
        try:
            return await _attempt(run, s, finish, recovered=s.recovered or attempt > 0)
        except StepSkipped as e:
            await run.db_call(queue.release, sid, run.run_id, actor, str(e))
            if not await run.stepper.confirm(
                f"#{sid} 保留为已批准、下次再写入？(keep #{sid} approved for a later apply?)"
            ):
                await run.db_call(queue.reject, [sid], actor)
                return "rejected"
            return "skipped"
        except WriteRejected as e:
            return await failed("rejected", str(e))
        except StopRequested as e:  # asked before the edit's first step: nothing written, back to approved
            await run.db_call(queue.release, sid, run.run_id, actor, str(e))
            raise
        except NeedsHuman:
            raise  # stays `applying` for this run; once the run has ended, the next one re-checks it on the screen
        except TransientError as e:
            if attempt + 1 < TRANSIENT_TRIES:
                logger.warning(
                    "applying #{}: {}; reading the screen again (attempt {}/{})", sid, e, attempt + 2, TRANSIENT_TRIES
                )
                await asyncio.sleep(0.5 * (attempt + 1))
                continue
            return await failed("failed", f"{type(e).__name__}: {e}")
        except Exception as e:
            logger.warning("applying #{} failed: {}", sid, e)
            return await failed("failed", f"{type(e).__name__}: {e}")
    raise AssertionError("unreachable")


async def _attempt(run: Run, s: Queued, finish, recovered: bool) -> str:
    """Step-through asks once per edit (its number, what and before → after); then read ->
    (already done | precondition) -> write -> read back -> screenshot -> audit."""
    stepper = run.stepper
    if not stepper.enabled or stepper.held:
        return await _steps(run, s, finish, recovered)
    what, before, after = s.describe()
    said = f"#{s.id} {what}: {before} → {after}"
    if s.edit.multiline:  # the text a buyer will read, whole, as it will be typed
        said += "\n  全文 full text:\n" + "\n".join(
            "    " + line for line in getattr(s.value, s.edit.main_field or "").splitlines()
        )
    await stepper.ask("edit", said, run.store.shown)
    stepper.held += 1
    try:
        return await _steps(run, s, finish, recovered)
    finally:
        stepper.held -= 1


async def _steps(run: Run, s: Queued, finish, recovered: bool) -> str:
    edit, sid, d = s.edit, s.id, run.driver
    before = await edit.read(d)
    if edit.done(before):
        if recovered:
            await finish(
                "applied",
                before=before,
                after=before,
                screenshot=await run.screenshot(f"s{sid}-verified"),
                note="found applied on the screen (an earlier, interrupted attempt wrote it); not written again",
            )
            return "applied"
        await finish(
            "conflict",
            before=before,
            note="the screen already shows the target value (changed by someone else); nothing written",
        )
        return "conflict"
    if not edit.ready(before):
        await finish(
            "conflict",
            before=before,
            screenshot=await run.screenshot(f"s{sid}-conflict"),
            note=f"the screen shows {before}, expected {edit.pre.model_dump()}; nothing written",
        )
        return "conflict"
    await edit.write(d)
    after = await edit.read(d)
    shot = await run.screenshot(f"s{sid}-applied")
    if edit.done(after):
        await finish("applied", before=before, after=after, screenshot=shot)
        return "applied"
    await finish("failed", before=before, after=after, screenshot=shot, note="read back does not show the new value")
    return "failed"


async def _take_lock(run: Run, name: str, owner: str, wait: float) -> None:
    db, deadline, said = run.db, time.monotonic() + wait, False
    while not await run.db_call(db.acquire_lock, name, owner, run.run_id, LEASE_SECONDS):
        holder = await run.db_call(db.lock_holder, name)
        who = f"run {holder['run_id']} ({holder['owner']})" if holder else "another run"
        if time.monotonic() >= deadline:
            raise Busy(f"another apply for {run.store.name} is running: {who}; waited {wait:.0f}s, try again later")
        if not said:
            logger.info("another apply for {} is running ({}); waiting for it", run.store.name, who)
            said = True
        await asyncio.sleep(min(1.0, max(0.05, deadline - time.monotonic())))


async def _heartbeat(run: Run, queue: Queue, name: str, owner: str, current: dict) -> None:
    """Renew the store lock and the current claim while the run works."""
    while True:
        await asyncio.sleep(HEARTBEAT_SECONDS)
        await run.db_call(run.db.renew_lock, name, owner, LEASE_SECONDS)
        if current.get("id") is not None:
            await run.db_call(queue.renew, current["id"], run.run_id, LEASE_SECONDS)


async def apply_store(run: Run, queue: Queue, actor: str, wait: float = 300.0) -> dict[str, list[int]]:
    """Every approved edit of the run's store, plus those a dead run left `applying`."""
    store, rid = run.store.name, run.run_id
    name, owner = f"apply:{store}", lock_owner()
    await _take_lock(run, name, owner, wait)
    out: dict[str, list[int]] = {}
    current: dict = {}
    beat = asyncio.create_task(_heartbeat(run, queue, name, owner, current))

    async def one(s: Queued) -> None:
        current["id"] = s.id
        state = await apply_one(run, queue, s, actor)
        current["id"] = None
        out.setdefault(state, []).append(s.id)
        logger.info("suggestion #{} {} {}: {}", s.id, s.kind, s.target, state)

    try:
        for s in await run.db_call(queue.stranded, store):
            if await run.db_call(queue.recover, s.id, rid, actor, LEASE_SECONDS):
                await one(s)
        for s in await run.db_call(queue.list, "approved", store):
            if s.standing:  # a plan in force: the scheduled runs carry it out
                continue
            if await run.db_call(
                queue.claim, s.id, rid, actor, LEASE_SECONDS
            ):  # a crash leaves at most this one `applying`
                await one(s.but(state="applying"))
    finally:
        beat.cancel()
        await run.db_call(run.db.release_lock, name, owner)
    return out


async def apply_body(run: Run, queue: Queue, actor: str, wait: float) -> None:
    """The `apply` routine: counts per outcome; failed edits make the run fail (retry them with
    `queue retry ID`)."""
    out = await apply_store(run, queue, actor, wait)
    for state, ids in out.items():
        run.count(state, len(ids))
    run.details["suggestions"] = out
    if out.get("failed"):
        raise EditsFailed(out["failed"])

"""republish: carry out the store's standing re-publish plan (重发) for this round.

Seed 003: four rounds a day (08:30, 11:30, 14:30, 16:30 by default) so that over the day every offer
on sale is re-published once. A person approves the plan once (which offers, which times, a daily
cap); each run re-publishes the share of what is still due today that falls to this round, reads
the list back, and writes each re-publish to the audit log under the plan. Without a plan in force
(none approved, paused, revoked, or changed since approval) nothing is written.

What counts as done today is read from the site (an offer's gmtModified is today), so a run that
crashed or ran twice never re-publishes an offer a second time."""

from __future__ import annotations

import math
from datetime import datetime

from loguru import logger

from agent.errors import EditsFailed
from agent.queue.store import Queue
from agent.runtime.run import Run

from ..edits import RepublishPlan
from ..limits import LIMITS
from ..pages.offers import Offer, OfferList

KIND = "republish_plan"


def rounds_left(times: list[str], now: datetime) -> int:
    """This round and the rounds after it today (a run before the first time counts as the first)."""
    hhmm = now.strftime("%H:%M")
    passed = sum(1 for t in times if t <= hhmm)
    return max(1, len(times) - max(0, passed - 1))


def due_now(plan: RepublishPlan.Value, offers: list[Offer], now: datetime) -> tuple[list[Offer], list[Offer], int]:
    """(offers to re-publish in this round, offers already done today, offers of the plan on sale)."""
    listed = plan.offers
    mine = [o for o in offers if o.on_sale and (listed is None or o.id in listed)]
    today = now.date()
    done = [o for o in mine if o.modified.date() == today]
    todo = sorted((o for o in mine if o.modified.date() != today), key=lambda o: (o.modified, o.id))
    n = math.ceil(len(todo) / rounds_left(plan.times, now)) if todo else 0
    n = min(n, max(0, plan.daily_cap - len(done)))
    return todo[:n], done, len(mine)


async def republish(run: Run) -> None:
    queue = Queue(run.db)
    plan = await run.db_call(queue.plan_in_force, run.store.name, KIND)
    if plan is None:
        run.details["plan"] = None
        logger.info("no re-publish plan in force for {}: nothing re-published", run.store.name)
        return
    assert isinstance(plan.edit, RepublishPlan)
    value = plan.edit.value
    run.details["plan"] = {"id": plan.id, "version": plan.version, **value.model_dump()}
    lister = OfferList(run.driver)
    offers = await lister.list("valid")
    now = run.site_now().astimezone(run.settings.tz)
    if now.hour >= LIMITS.REPOST_LAST_HOUR:
        run.details["skipped"] = f"after {LIMITS.REPOST_LAST_HOUR}:00 the site no longer refreshes offers"
        return
    due, done, total = due_now(value, offers, now)
    run.count("plan_offers_on_sale", total)
    run.count("already_today", len(done))
    if not due:
        return
    before = {o.id: o.modified.isoformat() for o in due}
    result = await lister.repost([o.id for o in due])
    after = {o.id: o for o in await OfferList(run.driver).list("valid")}
    shot = await run.screenshot("republish")
    confirmed = [i for i in result.done if i in after and after[i].modified.date() == now.date()]
    unconfirmed = [i for i in result.done if i not in confirmed]
    await run.db_call(
        queue.record,
        plan.id,
        run.store.name,
        "agent",
        "republished",
        [{"offer": i, "before": before[i], "after": after[i].modified.isoformat()} for i in confirmed],
        shot,
        f"round of {now:%H:%M}: {len(confirmed)} re-published",
    )
    run.count("republished", len(confirmed))
    run.count("refused", len(result.refused))
    run.details.update(republished=confirmed, refused=result.refused)
    if unconfirmed:
        raise EditsFailed([plan.id], f"re-published but not shown as re-published today: {', '.join(unconfirmed)}")

"""Scheduled partial reviews that queue suggestions: P4P (three times a day), zero-effect products
(Tuesdays) and the activity centre (Mondays)."""
from __future__ import annotations

from datetime import timedelta

from ..diagnosis.model import Inputs
from ..diagnosis.rules import diagnose as run_rules
from ..pages.marketing import ActivityCenter
from ..pages.p4p import P4PCampaigns, P4PKeywords
from ..pages.products import ProductManager
from ..queue.store import Queue
from ..storage import models as m
from ._run import RoutineRun
from .diagnose import WINDOW_DAYS, _bid_changes, _frame


def _queue(run: RoutineRun, inp: Inputs, only: set[str]) -> None:
    ctx, s = run.ctx, run.ctx.settings
    rep = run_rules(inp, ctx.site_now(), delete_days=s.zero_effect_delete_days, change_days=s.bid_change_days,
                    window_days=WINDOW_DAYS, only=only)
    ids = Queue(run.db).propose(ctx.store.name, rep.suggestions, screenshot=None)
    run.count("findings", len(rep.findings))
    run.count("suggestions", len(rep.suggestions))
    run.count("queued", len(ids))
    run.details["report"] = rep.model_dump(mode="json")


def _today(run: RoutineRun):
    return run.ctx.site_now().astimezone(run.ctx.settings.tz).date()


async def p4p_review(run: RoutineRun) -> None:
    ctx = run.ctx
    camp = (await P4PCampaigns(ctx).read()).model_dump()
    day = _today(run) - timedelta(days=1)
    p4p = _frame(await P4PKeywords(ctx).report(day - timedelta(days=WINDOW_DAYS - 1), day))
    ranks = run.db.frame(m.rank_snapshots, store=ctx.store.name)
    if len(ranks):
        ranks = ranks[ranks["taken_at"] == ranks["taken_at"].max()]
    run.count("p4p_keywords", len(p4p))
    _queue(run, Inputs(store=ctx.store.name, data_date=day, today=_today(run), p4p=p4p, campaigns=camp, ranks=ranks,
                       bid_changes=_bid_changes(camp["history"], p4p)), {"p4p"})


async def zero_effect(run: RoutineRun) -> None:
    products = _frame(await ProductManager(run.ctx).list(zero_effect_days=30))
    run.count("zero_effect_products", len(products))
    _queue(run, Inputs(store=run.ctx.store.name, data_date=_today(run), today=_today(run), products=products), {"zero_effect"})


async def activities(run: RoutineRun) -> None:
    acts = _frame(await ActivityCenter(run.ctx).read_all())
    run.count("activities", len(acts))
    _queue(run, Inputs(store=run.ctx.store.name, data_date=_today(run), today=_today(run), activities=acts), {"orders"})

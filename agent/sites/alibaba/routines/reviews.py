"""Scheduled partial reviews that queue suggestions: P4P (three times a day), zero-effect products
(Tuesdays) and the activity centre (Mondays)."""

from __future__ import annotations

from datetime import timedelta

from agent.diagnosis.model import frame
from agent.queue.store import Queue
from agent.routines._evidence import shoot
from agent.routines._rows import latest_ranks
from agent.runtime.run import Run
from agent.sites.alibaba.inputs import Inputs

from ..pages.dashboards import ZeroEffectProducts
from ..pages.marketing import Activity, ActivityCenter
from ..pages.p4p import P4PCampaigns, P4PKeyword, P4PKeywords
from ..pages.products import Product
from ..rules import diagnose as run_rules
from .diagnose import WINDOW_DAYS, bid_changes


async def _queue(run: Run, inp: Inputs, only: set[str]) -> None:
    rep = run_rules(
        inp,
        run.site_now(),
        window_days=WINDOW_DAYS,
        only=only,
    )
    ids = await run.db_call(Queue(run.db).propose, run.store.name, rep.suggestions)
    await shoot(run, ids)
    run.count("findings", len(rep.findings))
    run.count("suggestions", len(rep.suggestions))
    run.count("queued", len(ids))
    run.details["report"] = rep.model_dump(mode="json")


async def p4p_review(run: Run) -> None:
    d, today = run.driver, run.site_today()
    day = today - timedelta(days=1)
    missing: dict[str, str] = {}
    camp = await run.read("P4PCampaigns", lambda: P4PCampaigns(d).read())
    if camp is None:
        missing["campaigns"] = "P4PCampaigns"
    rows = await run.read("P4PKeywords", lambda: P4PKeywords(d).report(day - timedelta(days=WINDOW_DAYS - 1), day))
    if rows is None:
        missing["p4p"] = "P4PKeywords"
    p4p = frame(rows or [], P4PKeyword)
    ranks = await run.db_call(latest_ranks, run.db, run.store.name)
    run.count("p4p_keywords", len(p4p))
    campaigns = camp.model_dump() if camp is not None else {"history": []}
    await _queue(
        run,
        Inputs(
            th=run.store.thresholds,
            store=run.store.name,
            data_date=day,
            today=today,
            p4p=p4p,
            campaigns=campaigns,
            ranks=ranks,
            bid_changes=bid_changes(campaigns["history"], p4p),
            missing=missing,
        ),
        {"p4p"},
    )


async def zero_effect(run: Run) -> None:
    today = run.site_today()
    zero = await run.read("ZeroEffectProducts", lambda: ZeroEffectProducts(run.driver).read(min_days=30))
    if zero is None:
        return
    products = frame(
        [
            Product(
                id=z.product_id,
                title=z.title,
                quality_score=z.quality_score,
                tier="ordinary",
                status="approved",
                display=z.display,
                showcase=z.showcase,
                zero_days=z.zero_days,
            )
            for z in zero
        ],
        Product,
    )
    run.count("zero_effect_products", len(products))
    ranks = await run.db_call(latest_ranks, run.db, run.store.name)  # products ranked now are never deleted
    await _queue(
        run,
        Inputs(
            store=run.store.name, th=run.store.thresholds, data_date=today, today=today, products=products, ranks=ranks
        ),
        {"zero_effect"},
    )


async def activities(run: Run) -> None:
    today = run.site_today()
    rows = await run.read("ActivityCenter", lambda: ActivityCenter(run.driver).read_all())
    if rows is None:
        return
    acts = frame(rows, Activity)
    run.count("activities", len(acts))
    await _queue(
        run,
        Inputs(store=run.store.name, th=run.store.thresholds, data_date=today, today=today, activities=acts),
        {"orders"},
    )

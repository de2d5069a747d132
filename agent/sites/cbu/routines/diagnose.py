"""diagnose (1688): gather 生意参谋 (stored), 网销宝's last 7 days, 工作台, the offers on sale,
商品体验中心, the showcase, 询价 and the latest ranks; apply seed 003's rules
(agent/sites/cbu/rules.py) and queue the suggestions for a person. Nothing is written to the
store here."""

from __future__ import annotations

from datetime import timedelta

from agent.diagnosis.model import frame
from agent.queue.store import Queue
from agent.routines._evidence import shoot
from agent.routines._rows import latest_ranks
from agent.runtime.run import Run
from agent.storage import models as m

from .. import rules
from ..pages.experience import ExperienceCenter, OfferProblem
from ..pages.inquiries import CbuInquiries, CbuInquiry
from ..pages.offers import Offer, OfferList
from ..pages.showcase import Showcase, ShowcaseSlot
from ..pages.sycm import Sycm
from ..pages.workbench import Workbench
from ..pages.wxb import WxbKeyword, WxbKeywords
from .daily import metrics


def _titled_recently(queue: Queue, store: str, yesterday) -> set[str]:
    """Offers given a title suggestion on the site's day before (not the same offer two days
    running) or with one still open."""
    from agent.queue.store import OPEN

    return {
        r.target
        for r in queue.list(store=store, kind="offer_title")
        if r.state in OPEN or r.evidence.get("site_day") == yesterday.isoformat()
    }


async def gather(run: Run, queue: Queue) -> rules.Inputs:
    d, db, store = run.driver, run.db, run.store.name
    sycm = await run.db_call(db.frame, m.metric_sycm, store=store)
    if sycm.empty:
        await metrics(run)
        sycm = await run.db_call(db.frame, m.metric_sycm, store=store)
    missing: dict[str, str] = {}

    def read(inputs: tuple[str, ...], screen: str, fn, default=None):
        return run.read_into(missing, inputs, screen, fn, default)

    home = await read(("sycm_keywords", "hourly_uv"), "Sycm", lambda: Sycm(d).read())
    today = run.site_today()
    if sycm.empty and "Sycm" in run.unread():
        missing["sycm"] = "Sycm"
    day = home.day.date if home is not None else today - timedelta(days=1)
    words = (
        list(dict.fromkeys([k.keyword for k in home.keywords] + run.store.tracked_keywords)) if home is not None else []
    )
    plans = [
        r
        for st in ("proposed", "approved", "paused")
        for r in await run.db_call(queue.list, st, store, "republish_plan")
    ]
    bench = await read(("workbench",), "Workbench", lambda: Workbench(d).read())
    shown = await read(("showcase",), "Showcase", lambda: Showcase(d).read())
    return rules.Inputs(
        store=store,
        th=run.store.thresholds,
        data_date=day,
        today=today,
        sycm=sycm,
        sycm_keywords=words,
        wxb_week=frame(
            await read(("wxb_week",), "WxbKeywords", lambda: WxbKeywords(d).report(day - timedelta(days=6), day), []),
            WxbKeyword,
        ),
        workbench=bench.model_dump() if bench is not None else {},
        offers=frame(await read(("offers",), "OfferList", lambda: OfferList(d).list("valid"), []), Offer),
        problems=frame(
            await read(("problems",), "ExperienceCenter", lambda: ExperienceCenter(d).read(), []), OfferProblem
        ),
        showcase=frame(shown.slots if shown is not None else [], ShowcaseSlot),
        inquiries=frame(await read(("inquiries",), "CbuInquiries", lambda: CbuInquiries(d).read_all(), []), CbuInquiry),
        ranks=await run.db_call(latest_ranks, db, store),
        titled_yesterday=await run.db_call(_titled_recently, queue, store, today - timedelta(days=1)),
        plan_open=bool(plans),
        hourly_uv=home.hourly if home is not None else [],
        missing=missing,
    )


async def diagnose(run: Run) -> None:
    queue = Queue(run.db)
    inp = await gather(run, queue)
    report = rules.diagnose(inp)
    await run.db_call(queue.expire, run.settings.suggestion_ttl_days)
    ids = await run.db_call(queue.propose, run.store.name, report.suggestions)
    await shoot(run, ids)
    run.count("offers_on_sale", len(inp.offers))
    run.count("findings", len(report.findings))
    run.count("suggestions", len(report.suggestions))
    run.count("queued", len(ids))
    if report.skipped:
        run.count("rules_skipped", len(report.skipped))
    run.details["report"] = report.model_dump(mode="json")
    run.details["queued_ids"] = ids

"""1688's daily reading: keepalive (工作台 and 生意参谋, the screens a person opens every morning),
metrics (生意参谋's day and its 8-day trend, 网销宝's keywords for yesterday, resumed by day like
alibaba.com's metrics), inquiries (询价, kept for the monthly report), and the 网销宝 review three
times a day."""

from __future__ import annotations

from datetime import timedelta

from agent.diagnosis.model import frame
from agent.routines._rows import stored_row
from agent.runtime.run import Run
from agent.storage import models as m

from .. import rules
from ..pages.inquiries import CbuInquiries
from ..pages.sycm import Sycm
from ..pages.workbench import Workbench
from ..pages.wxb import WxbKeyword, WxbKeywords


async def keepalive(run: Run) -> None:
    d = run.driver
    wb = await run.read("Workbench", lambda: Workbench(d).read())
    if wb is not None:
        run.details.update(shop_score=wb.shop_score, unread=wb.unread, service=wb.service)
    async with run.section("Sycm"):
        await Sycm(d).read()
        run.count("pages_visited", 2)


async def metrics(run: Run) -> None:
    """生意参谋 for yesterday (and any of the 7 days before it not yet stored), 网销宝 for yesterday."""
    db, store = run.db, run.store.name
    home = await run.read("Sycm", lambda: Sycm(run.driver).read())
    day = home.day.date if home is not None else run.site_today() - timedelta(days=1)  # 生意参谋 shows yesterday
    if home is not None:
        run.details.update(date=day.isoformat(), free_uv=home.day.free_uv, paid_uv=home.day.paid_uv)
    for d in home.trend if home is not None else []:
        if d.date == day or not await run.db_call(db.has_snapshot, m.metric_sycm, store, d.date):
            run.count(
                "sycm_days",
                await run.db_call(
                    db.replace_snapshot, m.metric_sycm, store, d.date, [stored_row(d, m.metric_sycm)], run.run_id
                ),
            )
    if await run.db_call(db.has_snapshot, m.metric_wxb_keyword, store, day):
        run.details.setdefault("resumed", []).append("wxb_keywords")
        return
    async with run.section("WxbKeywords"):
        rows = [stored_row(k, m.metric_wxb_keyword) for k in await WxbKeywords(run.driver).report(day, day)]
        run.count(
            "wxb_keywords", await run.db_call(db.replace_snapshot, m.metric_wxb_keyword, store, day, rows, run.run_id)
        )


async def inquiries(run: Run) -> None:
    rows = await run.read("CbuInquiries", lambda: CbuInquiries(run.driver).read_all())
    if rows is None:
        return
    now = run.site_now()
    stored, overdue = [], []
    for r in rows:
        received = r.received if r.received.tzinfo else r.received.replace(tzinfo=run.settings.tz)
        stored.append(
            {
                "inquiry_id": r.id,
                "kind": "inquiry",
                "buyer": r.buyer,
                "country": "CN",
                "buyer_local_time": None,
                "tz_offset": 8,
                "product_title": r.title,
                "owner": "",
                "received": received,
                "replied": r.replied,
            }
        )
        age = (now - received).total_seconds() / 3600
        if not r.replied and age > run.store.thresholds.reply_hours:
            overdue.append(
                {
                    "id": r.id,
                    "buyer": r.buyer,
                    "country": "CN",
                    "offer": r.title,
                    "received": received.isoformat(),
                    "age_hours": round(age, 1),
                }
            )
    await run.db_call(run.db.upsert_inquiries, run.store.name, stored)
    run.count("inquiries", len(rows))
    run.count("unreplied", sum(1 for r in rows if not r.replied))
    run.count("over_2h", len(overdue))
    run.details["over_2h"] = overdue


async def wxb_review(run: Run) -> None:
    """网销宝 three times a day (seed 003): yesterday and the last 7 days; keywords with no impressions
    and no clicks are imprecise (replace them), spend without sales has no return."""
    day = run.site_today() - timedelta(days=1)
    week = await run.read("WxbKeywords", lambda: WxbKeywords(run.driver).report(day - timedelta(days=6), day))
    if week is None:
        return
    findings = rules.wxb_findings(frame(week, WxbKeyword))
    run.count("keywords", len(week))
    run.count("findings", len(findings))
    run.details["findings"] = [f.model_dump() for f in findings]
    run.details["spend_7d"] = round(sum(k.spend for k in week), 2)
    run.details["sales_7d"] = round(sum(k.sales for k in week), 2)


async def wxb_keywords(run: Run) -> list[str]:
    """The keywords the store pays for on 网销宝 (latest stored, else yesterday's report), for rankings."""
    kws = await run.db_call(run.db.frame, m.metric_wxb_keyword, store=run.store.name)
    if len(kws):
        return list(kws[kws["date"] == kws["date"].max()]["keyword"])
    day = run.site_today() - timedelta(days=1)
    return [k.keyword for k in await WxbKeywords(run.driver).report(day, day)]

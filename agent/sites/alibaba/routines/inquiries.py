"""inquiries: unreplied inquiries and TM messages with their age, those over the 2-hour reply rule,
buyer local time; received times are kept to build the buyer active-hours profile."""

from __future__ import annotations

from datetime import datetime, timedelta

from agent.runtime.run import Run

from ..pages.inquiries import InquiryList
from ..salespeople import reminders


async def inquiries(run: Run) -> None:
    d = run.driver
    rows = await run.read("InquiryList", lambda: InquiryList(d).all())
    if rows is None:
        return
    now = run.site_now()
    run.details["site_now"] = now.isoformat()
    stored: list[dict] = []
    overdue: list[dict] = []
    nearing: list[dict] = []
    for r in rows:
        received = datetime.fromisoformat(r.received)
        if received.tzinfo is None:
            received = received.replace(tzinfo=run.settings.tz)
        stored.append(
            {
                "inquiry_id": r.id,
                "kind": r.type,
                "buyer": r.buyer,
                "country": r.country,
                "buyer_local_time": r.buyer_local_time,
                "tz_offset": r.tz_offset,
                "product_title": r.product_title,
                "owner": r.owner,
                "received": received,
                "replied": r.replied,
                "first_reply": datetime.fromisoformat(r.replied_at) if r.replied_at else None,
                "unread": r.unread,
            }
        )
        if not r.replied:
            age = (now - received).total_seconds() / 3600
            limit = run.store.thresholds.reply_hours
            if age >= limit * 0.75:  # past the rule, or nearing it (e.g. 90 minutes of 2 hours): a person is told
                (overdue if age > limit else nearing).append(
                    {
                        "id": r.id,
                        "buyer": r.buyer,
                        "country": r.country,
                        "age_hours": round(age, 1),
                        "minutes_left": max(0, round((limit - age) * 60)),
                        "buyer_local_time": r.buyer_local_time,
                        "owner": r.owner,
                    }
                )
    await run.db_call(run.db.upsert_inquiries, run.store.name, stored)
    run.count("inquiries", sum(1 for r in rows if r.type != "tm"))
    run.count("tm_messages", sum(1 for r in rows if r.type == "tm"))
    run.count("unreplied", sum(1 for r in rows if not r.replied))
    run.count("over_2h", len(overdue))
    run.details["over_2h"] = sorted(overdue, key=lambda o: -o["age_hours"])
    run.details["nearing"] = sorted(nearing, key=lambda o: o["minutes_left"])
    # yesterday's late or missing replies, per salesperson (seed 000): each one reminded once a day
    yesterday = now.astimezone(run.settings.tz).date() - timedelta(days=1)
    run.details["reply_reminders"] = reminders(stored, run.settings.tz, run.store.thresholds.reply_hours, yesterday)

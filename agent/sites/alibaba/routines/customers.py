"""customers (客户管理; seed 001 §6, seed 002): after the inquiries are read, every new inquiry's buyer
should be a customer — each buyer card that says otherwise becomes an "add to customers" suggestion
with the card's level, company and country; the business cards (名片) collected yesterday are listed
for the operator; and the lists of the week: customers to revisit (nothing from them for 30 days)
and inquiries to follow up (15 days old, nothing from the buyer since)."""

from __future__ import annotations

from datetime import datetime, timedelta

from agent._time import aware, local_time
from agent.diagnosis.model import Suggestion
from agent.queue.store import Queue
from agent.routines._evidence import shoot
from agent.runtime.run import Run
from agent.storage import models as m

from ..pages.crm import BuyerCardScreen, Customer, CustomerList

NEW_DAYS = 2  # an inquiry this recent is a new buyer's (the routine runs daily; two days cover a missed run)


def _when(text: str) -> datetime:
    return aware(datetime.fromisoformat(text.replace("Z", "+00:00")))


def _lists(crm: list[Customer], seen, now: datetime, tz, th) -> tuple[list[dict], list[dict]]:
    """Who to revisit and which inquiries to follow up; their dates are days in the store's zone."""
    last: dict[tuple[str, str], datetime] = {}
    for _, r in seen.iterrows():
        t = r["received"].to_pydatetime()  # UTC-aware: pd.to_datetime(utc=True) in customers()
        key = (r["buyer"], r["country"])
        last[key] = max(last.get(key, t), t)
    revisit = []
    for c in crm:
        t = max(last.get((c.contact, c.country), _when(c.created)), _when(c.created))
        if now - t > timedelta(days=th.revisit_days):
            revisit.append(
                {
                    "company": c.company,
                    "contact": c.contact,
                    "country": c.country,
                    "last_contact": t.astimezone(tz).date().isoformat(),
                    "days": (now - t).days,
                }
            )
    follow = []
    for _, r in seen[seen["kind"] == "inquiry"].iterrows():
        t = r["received"].to_pydatetime()
        if timedelta(days=th.follow_up_days) <= now - t <= timedelta(days=60) and last[(r["buyer"], r["country"])] <= t:
            follow.append(
                {
                    "inquiry_id": r["inquiry_id"],
                    "buyer": r["buyer"],
                    "country": r["country"],
                    "product": r["product_title"],
                    "received": t.astimezone(tz).date().isoformat(),
                    "days": (now - t).days,
                }
            )
    return sorted(revisit, key=lambda x: -x["days"]), sorted(follow, key=lambda x: -x["days"])


async def customers(run: Run) -> None:
    import pandas as pd

    d, tz = run.driver, run.settings.tz
    crm = await run.read("CustomerList", lambda: CustomerList(d).read())
    if crm is None:  # without the customer list nobody can be told apart as new
        return
    now = run.site_now()
    yesterday = (now.astimezone(tz) - timedelta(days=1)).date()
    cards = [
        {"company": c.company, "contact": c.contact, "country": c.country, "created": local_time(c.created, tz)}
        for c in crm
        if "name_card" in c.sources and _when(c.created).astimezone(tz).date() == yesterday
    ]
    seen = await run.db_call(run.db.frame, m.inquiries_seen, store=run.store.name)
    if len(seen):
        seen["received"] = pd.to_datetime(seen["received"], utc=True)
    known = {(c.contact, c.country) for c in crm}
    new = (
        seen[(seen["kind"] == "inquiry") & (seen["received"] >= now - timedelta(days=NEW_DAYS))] if len(seen) else seen
    )
    suggestions, asked = [], set()
    unread = 0
    for _, r in new.sort_values("received", ascending=False).iterrows():
        buyer = (r["buyer"], r["country"])
        if buyer in known or buyer in asked:
            continue
        flag = r.get("unread")
        if flag is not None and flag == flag and bool(flag):  # (None / NaN: not known) its card is on its detail, and
            # opening that marks it read in the team's inbox: left for a later run, once someone has read or answered it
            unread += 1
            continue
        asked.add(buyer)
        async with run.section("BuyerCardScreen"):
            card = await BuyerCardScreen(d).read(r["inquiry_id"])
            if not card.is_customer:
                suggestions.append(
                    Suggestion.make(
                        kind="add_customer",
                        target=r["inquiry_id"],
                        precondition={"is_customer": False},
                        value={"company": card.company, "country": card.country, "level": card.level},
                        evidence={
                            "buyer": r["buyer"],
                            "product": r["product_title"],
                            "valid_inquiries": card.valid_inquiries,
                        },
                        rationale=f"询盘买家 {r['buyer']}（{card.country}，等级 {card.level or '-'}，{card.company or '公司未填'}）"
                        "还不是客户：添加到客户管理",
                        rationale_en=f"inquiry buyer {r['buyer']} ({card.country}, level {card.level or '-'}, "
                        f"{card.company or 'no company'}) "
                        "is not a customer yet: add to customer management",
                    )
                )
    ids = await run.db_call(Queue(run.db).propose, run.store.name, suggestions)
    await shoot(run, ids)
    revisit, follow = _lists(crm, seen, now, tz, run.store.thresholds) if len(seen) else ([], [])
    run.count("customers", len(crm))
    run.count("cards_read", len(asked))
    if unread:
        run.count("left_unread", unread)
    run.count("queued", len(ids))
    run.count("name_cards_yesterday", len(cards))
    run.details.update(name_cards_yesterday=cards, revisit=revisit, follow_up=follow)

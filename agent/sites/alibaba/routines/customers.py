"""customers (客户管理; seed 001 §6, seed 002): after the inquiries are read, every new inquiry's buyer
should be a customer — each buyer card that says otherwise becomes an "add to customers" suggestion
with the card's level, company and country; the business cards (名片) collected yesterday are listed
for the operator; and the lists of the week: customers to revisit (nothing from them for 30 days)
and inquiries to follow up (15 days old, nothing from the buyer since)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agent._time import aware, local_time
from agent.diagnosis.model import Suggestion
from agent.queue.store import Queue
from agent.routines._evidence import shoot
from agent.runtime.run import Run
from agent.storage import models as m

from .. import outreach as plan
from ..pages.crm import BuyerCardScreen, Customer, CustomerList
from ..pages.outreach import EdmCenter, PublicPool

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
        if c.last_contact:  # the seller wrote to them
            t = max(t, _when(c.last_contact))
        if now - t > timedelta(days=th.revisit_days):
            revisit.append(
                {
                    "customer_id": c.customer_id,
                    "last_contact_at": c.last_contact,
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


async def showcase_titles(run: Run, latest) -> tuple[list[str], bool]:
    """What the mails name: the new products this agent published in the last 30 days (newest first),
    else the products with the most inquiries in the latest stored figures; True when they are new."""
    since = run.site_now() - timedelta(days=30)
    done = await run.db_call(Queue(run.db).list, "applied", run.store.name, "publish_product")
    new = [s.value.title for s in reversed(done) if s.updated_at and aware(s.updated_at) >= since]
    if new:
        return new, True
    return list(latest.sort_values(["feedback", "clicks"], ascending=False)["title"].head(3)), False


async def outreach(run: Run, revisit: list[dict]) -> list[Suggestion]:
    """The day's 公海 first messages, the week's group mailing and the revisit messages (each screen
    read alone: one that cannot be read leaves only its part out)."""
    th, d, out = run.store.thresholds, run.driver, []
    latest = await run.db_call(_latest_products, run)
    catalogue = " | ".join(latest["title"].str.lower())  # what the store sells
    pool = await run.read("PublicPool", lambda: PublicPool(d).read())
    if pool is not None:
        buyers, left = pool
        out += plan.pool_messages(buyers, left, catalogue, th.pool_per_day)
    titles, fresh = await showcase_titles(run, latest)
    edm = await run.read("EdmCenter", lambda: EdmCenter(d).read())
    if edm is not None:
        today = run.site_now().astimezone(run.settings.tz)
        monday = (today - timedelta(days=today.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
        week_start = monday.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
        groups, mailings, quota = edm
        out += plan.edm_mailing(groups, mailings, quota, titles, today.date(), week_start, fresh)
    out += plan.revisits(revisit, titles if fresh else [], th.revisits_per_day)
    run.count("pool_proposed", sum(s.kind == "pool_message" for s in out))
    run.count("revisits_proposed", sum(s.kind == "revisit_message" for s in out))
    return out


def _latest_products(run: Run):
    """The latest stored day's product figures (empty, with its columns, before the first `metrics`)."""
    month = run.db.frame(m.metric_product, store=run.store.name)
    return month[month["date"] == month["date"].max()] if len(month) else month


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
    revisit, follow = _lists(crm, seen, now, tz, run.store.thresholds) if len(seen) else ([], [])
    suggestions += await outreach(run, revisit)
    ids = await run.db_call(Queue(run.db).propose, run.store.name, suggestions)
    await shoot(run, ids)
    run.count("customers", len(crm))
    run.count("cards_read", len(asked))
    if unread:
        run.count("left_unread", unread)
    run.count("queued", len(ids))
    run.count("name_cards_yesterday", len(cards))
    run.details.update(name_cards_yesterday=cards, revisit=revisit, follow_up=follow)

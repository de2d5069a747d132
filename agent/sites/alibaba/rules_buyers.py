"""Alibaba.com's buyer rules (seed 002): inquiry replies within the hours, RFQ quotes, overdue orders,
negative reviews, open activities."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from agent.diagnosis.model import Finding, Report, Suggestion
from agent.sites.alibaba.inputs import Inputs

from .replies import inquiry_reply
from .rules_common import row_ids


def _s(x) -> str:
    return "" if x is None or (isinstance(x, float) and pd.isna(x)) else str(x)


def _qty(x) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def inquiries(inp: Inputs, rep: Report, now: datetime) -> None:
    q = inp.inquiries
    if q.empty:
        return
    rec = pd.to_datetime(q["received"], utc=True)
    age_h = (pd.Timestamp(now).tz_convert("UTC") - rec).dt.total_seconds() / 3600
    th = inp.th
    late = q[(~q["replied"]) & (age_h > th.reply_hours)]
    for _, r in late.sort_values("received").iterrows():  # the longest waiting first
        text, lang = inquiry_reply(
            _s(r.get("message")),
            _s(r.get("product_title")),
            _s(r.get("buyer_name")),
            _s(r.get("company")),
            _s(r.get("country")),
            _s(r.get("country_name")),
            _qty(r.get("quantity")),
            _s(r.get("unit")),
        )
        rep.suggestions.append(
            Suggestion.make(
                kind="inquiry_reply",
                target=str(r["id"]),
                value={"text": text},
                rationale=f"{age_h[r.name]:.0f} 小时未回复（规则：{th.reply_hours:g} 小时内回复）",
                rationale_en=f"unreplied for {age_h[r.name]:.0f} hours (rule: reply within {th.reply_hours:g} hours)",
                evidence={
                    "buyer": r["buyer"],
                    "country": r["country"],
                    "received": str(r["received"]),
                    "buyer_local_time": r["buyer_local_time"],
                    "product": _s(r.get("product_title")),
                    "asked": _s(r.get("message")),
                    "language": lang,
                    "waited_hours": round(float(age_h[r.name]), 1),
                },
                precondition={"replied": False},
            )
        )
    old = q[q["replied"] & (age_h > th.follow_up_days * 24)]
    if len(old):
        rep.findings.append(
            Finding(
                rule="follow_up",
                severity="medium",
                items=row_ids(old),
                message=f"{len(old)} 个已回复询盘超过 {th.follow_up_days} 天：跟进未转化的",
                message_en=f"{len(old)} replied inquiries older than {th.follow_up_days} days: "
                "follow up the unconverted ones",
            )
        )


PRICE_SPREAD = 2.0  # a listing priced over twice, or under half, its family's median is a slip to check


def _offer_for(products, family: str) -> tuple[dict | None, list[dict]]:
    """The product an RFQ of `family` is quoted from — our best-scoring live product of that family
    whose listed price (its lowest, US $) is within PRICE_SPREAD of the family's median — and the
    better-scoring ones passed over because their price looks like a slip."""
    if products.empty or "price_min" not in products:
        return None, []
    live = products[
        (products["status"] == "approved") & (products["display"] == "on") & (products["price_min"].fillna(0) > 0)
    ]
    mine = live[live["title"].str.lower().str.contains(family, regex=False)]
    if mine.empty:
        return None, []
    median = float(mine["price_min"].median())
    odd: list[dict] = []
    for _, p in mine.sort_values(["quality_score", "id"], ascending=[False, True]).iterrows():
        price = round(float(p["price_min"]), 2)
        if median / PRICE_SPREAD <= price <= median * PRICE_SPREAD:
            return {"title": str(p["title"]), "price": price, "median": round(median, 2)}, odd
        odd.append({"id": str(p["id"]), "title": str(p["title"]), "price": price, "median": round(median, 2)})
    return None, odd


def _age_hours(iso: str, now: datetime) -> float | None:
    """Hours from `iso` (the site's time) to `now` (the site's clock)."""
    try:
        t = pd.Timestamp(iso)
    except (TypeError, ValueError):
        return None
    if pd.isna(t):
        return None
    t = t.tz_localize("UTC") if t.tzinfo is None else t
    return round(max(0.0, (pd.Timestamp(now).tz_convert("UTC") - t).total_seconds() / 3600), 1)


def _unit(unit: str) -> str:
    """The RFQ's unit as the quote form names it (its select), else pieces."""
    from .limits import LIMITS

    u = str(unit or "").strip().lower().rstrip("s").removesuffix("(")
    return next((x for x in LIMITS.UNITS if x.lower().rstrip("s") == u), "Pieces")


def rfq(inp: Inputs, rep: Report, families: list[str], now: datetime) -> None:
    left = int(inp.quota.get("left", 0))
    if left <= 0 or inp.rfqs.empty:
        return
    rep.findings.append(
        Finding(
            rule="rfq_quota",
            severity="medium",
            value=left,
            message=f"RFQ 报价还剩 {left} 次（{inp.quota.get('half_month_ends')} 前）：用完",
            message_en=f"{left} RFQ quotes left until {inp.quota.get('half_month_ends')}: use them up",
        )
    )
    open_rfqs = inp.rfqs[inp.rfqs["quotes_left"] > 0]  # in the market's order: newest first
    slips: dict[str, dict] = {}
    for _, r in open_rfqs.head(left).iterrows():
        fam = next((f for f in families if f in r["title"].lower()), None)
        offer, odd = _offer_for(inp.products, fam) if fam else (None, [])
        slips |= {o["id"]: o for o in odd}
        if offer is None:  # no product of ours with a believable price to quote from: nothing to propose
            continue
        unit = _unit(r["unit"])
        rep.suggestions.append(
            Suggestion.make(
                kind="rfq_quote",
                target=str(r["id"]),
                rationale=f"{r['country']} 买家求购 {fam}，还可报价 {r['quotes_left']} 次",
                rationale_en=f"RFQ for {fam} from {r['country']}, {r['quotes_left']} quotes left",
                evidence={
                    "title": r["title"],
                    "quantity": int(r["quantity"]),
                    "country": r["country"],
                    "posted": r["posted"],
                    "posted_hours": _age_hours(r["posted"], now),  # by the site's clock, at the diagnosis
                    "product": offer["title"],
                    "listed_price": offer["price"],
                    "family_median_price": offer["median"],
                },
                precondition={"quotes_left": int(r["quotes_left"])},
                value={
                    "product_name": offer["title"],
                    "ladder": [[int(r["quantity"]), offer["price"]]],
                    "message": f"Dear buyer, we make {fam} and can supply {r['quantity']} {unit.lower()} of "
                    f"{offer['title']} at US ${offer['price']:.2f} a piece, FOB Shenzhen, payment by T/T.",
                    "port": "Shenzhen",
                    "trade_term": "FOB",
                    "payment": "T/T",
                    "currency": "USD",
                    "unit": unit,
                },
            )
        )
    _price_slips(rep, slips)


def _price_slips(rep: Report, slips: dict[str, dict]) -> None:
    if slips:
        said = "；".join(
            f"「{o['title']}」标价 US${o['price']:.2f}（同类中位 US${o['median']:.2f}）" for o in slips.values()
        )
        said_en = "; ".join(
            f"'{o['title']}' at US${o['price']:.2f} (family median US${o['median']:.2f})" for o in slips.values()
        )
        rep.findings.append(
            Finding(
                rule="rfq_price_check",
                severity="medium",
                items=list(slips),
                message=f"{len(slips)} 个产品的标价与同类产品相差太大，没有用它们报价：{said}。请先核对标价",
                message_en=f"{len(slips)} products priced far from their family were not quoted from: {said_en}. "
                "Check their prices first",
            )
        )


def overdue_orders(inp: Inputs, rep: Report) -> None:
    od = inp.orders[inp.orders["overdue"]] if len(inp.orders) else inp.orders
    if len(od):
        rep.findings.append(
            Finding(
                rule="overdue_shipment",
                severity="high",
                items=row_ids(od),
                message=f"{len(od)} 个订单已过发货期限",
                message_en=f"{len(od)} orders past their ship-by date",
            )
        )


def negative_reviews(inp: Inputs, rep: Report) -> None:
    rv = inp.reviews
    if len(rv):
        days = inp.th.negative_review_days
        since = (inp.today - timedelta(days=days)).isoformat()
        neg = rv[(rv["rating"] <= inp.th.negative_rating_max) & (rv["date"] >= since)]
        if len(neg):
            rep.findings.append(
                Finding(
                    rule="negative_review",
                    severity="high",
                    items=row_ids(neg),
                    message=f"{len(neg)} 条差评还在 {days} 天内：联系买家",
                    message_en=f"{len(neg)} negative reviews still within {days} days: contact the buyers",
                )
            )


def open_activities(inp: Inputs, rep: Report) -> None:
    ac = inp.activities
    if len(ac):
        today = inp.today.isoformat()
        for _, a in ac[ac["eligible"] & ~ac["signed_up"] & (ac["deadline"] >= today)].iterrows():
            rep.suggestions.append(
                Suggestion.make(
                    kind="activity_signup",
                    target=str(a["id"]),
                    value={"signed_up": True},
                    rationale=f"可报名活动「{a['name']}」（截止 {a['deadline']}）",
                    rationale_en=f"open activity {a['name']} (deadline {a['deadline']})",
                    evidence=a.to_dict(),
                    precondition={"signed_up": False},
                )
            )

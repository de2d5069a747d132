"""Figures that the 数据管家 and P4P screens show, computed one way for the screens and for the
ground-truth endpoint alike."""

from __future__ import annotations

from datetime import date, timedelta

from .data import FUTURE_DAYS


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def overview(rt, day: date) -> dict:
    idx = rt.day_index(day) + FUTURE_DAYS
    rows = rt.store.overview_daily
    if not 0 <= idx < len(rows):
        raise KeyError(f"no data for {day}")
    r = dict(rows[idx])
    r["date"] = day.isoformat()
    r["ctr"] = _ratio(r["clicks"], r["impressions"])
    r["conversion"] = _ratio(r["inquiries"], r["visitors"])
    r["search_share"] = _ratio(r["search_clicks"], r["visitors"])
    month = [rows[i] for i in range(idx + 1, min(idx + 31, len(rows)))]
    for k in ("impressions", "clicks", "visitors", "inquiries"):
        r[f"last_month_{k}"] = round(sum(m[k] for m in month) / len(month)) if month else 0
    return r


def product_analysis(rt, day: date, period: int) -> list[dict]:
    off = rt.day_index(day)
    out = []
    for p in rt.live_products():
        days = p.effective_days(period, off)
        imp = round(p.imp_rate * days)
        clicks = round(imp * p.ctr)
        visitors = round(clicks * 0.85)
        feedback = round(clicks * p.inq_rate)
        out.append(
            {
                "product_id": p.id,
                "title": p.title,
                "impressions": imp,
                "clicks": clicks,
                "visitors": visitors,
                "feedback": feedback,
                "ctr": _ratio(clicks, imp),
            }
        )
    return out


def p4p_report(rt, start: date, end: date) -> list[dict]:
    if end < start:
        start, end = end, start
    lo, hi = rt.day_index(end), rt.day_index(start)
    out = []
    for k in rt.store.p4p_keywords:
        rows = [k.daily[i] for i in range(max(lo, 0), hi + 1) if i < len(k.daily)]
        imp = sum(r["impressions"] for r in rows)
        clicks = sum(r["clicks"] for r in rows)
        spend = round(sum(r["spend"] for r in rows), 2)
        out.append(
            {
                "keyword_id": k.id,
                "keyword": k.keyword,
                "campaign": k.campaign,
                "bid": k.bid,
                "base_price": k.base_price,
                "qs_star": k.qs_star,
                "est_rank": est_rank(rt, k),
                "status": k.status,
                "impressions": imp,
                "clicks": clicks,
                "ctr": _ratio(clicks, imp),
                "cpc": round(spend / clicks, 2) if clicks else 0.0,
                "spend": spend,
                "inquiries": sum(r["inquiries"] for r in rows),
            }
        )
    return out


def est_rank(rt, k) -> int:
    """Estimated ad rank of a keyword among the advertisers for it (bid x quality)."""
    for i, a in enumerate(rt.search.page_ads_for(k.keyword)):
        if a.get("own") is not None:
            return i + 1
    return 0


def traffic_keywords(rt, day: date) -> list[dict]:
    return [dict(r, ctr=_ratio(r["clicks"], r["impressions"])) for r in rt.store.traffic_keywords]


def traffic_sources(rt, day: date) -> list[dict]:
    total = sum(r["visits"] for r in rt.store.traffic_sources)
    return [dict(r, share=_ratio(r["visits"], total)) for r in rt.store.traffic_sources]


def rfq_quota(rt) -> dict:
    q = dict(rt.store.rfq_quota)
    now = rt.now()
    q["reward"] = q["reward"] if now.day >= 16 else 0
    q["total"] = q["base"] + q["reward"]
    q["left"] = max(0, q["total"] - q["used"])
    half_end = (
        date(now.year, now.month, 15)
        if now.day <= 15
        else (date(now.year + now.month // 12, now.month % 12 + 1, 1) - timedelta(days=1))
    )
    q["half_month_ends"] = half_end.isoformat()
    return q

"""Seed 002's conversion targets and traffic-source factors: inquiry → order, RFQ quote → order and
公海 → order over the last month, the L1+ buyer share against its benchmark (below the peer average:
the peer average; above it: industry excellent; above that: last month), and each traffic source's
factor — 新品 (products published in 90 days), 场景 (activities joined), 粉丝通 (videos), 榜单 (爆品),
推荐 (traffic words in titles, 实力优品) — each finding with the action the seed names."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from agent.diagnosis.model import Benchmark, Finding, Report
from agent.sites.alibaba.inputs import Inputs


def _since(inp: Inputs, days: int) -> str:
    return (inp.today - timedelta(days=days)).isoformat()


def _orders(inp: Inputs, source: str) -> int:
    o = inp.orders
    return int(((o["source"] == source) & (o["created"] >= _since(inp, inp.th.conversion_days))).sum())


def _rate_finding(
    rule: str, what: tuple[str, str], base: tuple[int, str, str], won: int, least: float, act: tuple[str, str]
) -> Finding:
    """`base`: (how many, the Chinese words for them with {n}, the English ones)."""
    n, zh, en = base
    rate = won / n
    return Finding(
        rule=rule,
        severity="high",
        value=rate,
        threshold=least,
        message=f"{what[0]}：近 30 天{zh.format(n=n)}，成交 {won} 单（{rate:.1%}），低于 {least:.0%}：{act[0]}",
        message_en=f"{what[1]}: {won} orders from {en.format(n=n)} in 30 days ({rate:.1%}), under {least:.0%}: {act[1]}",
    )


def conversions(inp: Inputs, rep: Report) -> None:
    """Each source's orders over the month against what fed it; skipped where the orders carry no source."""
    th, o = inp.th, inp.orders
    if o.empty or not (o["source"] != "").any():
        return
    q, p = inp.inquiries, inp.pool
    received = pd.to_datetime(q["received"], utc=True) if len(q) else pd.Series(dtype="datetime64[ns, UTC]")
    since = pd.Timestamp(_since(inp, th.conversion_days), tz="Asia/Shanghai")
    asked = int(((q["type"] == "inquiry") & (received >= since)).sum()) if len(q) else 0
    developed = int((p["developed_at"].fillna("") >= _since(inp, th.conversion_days)).sum()) if len(p) else 0
    for rule, source, what, base, least, act in (
        (
            "inquiry_order_conversion",
            "inquiry",
            ("询盘转化", "inquiry conversion"),
            (asked, " {n} 个询盘", "{n} inquiries"),
            th.inquiry_order_min,
            ("跟进未成交的询盘（15 天内主动联系），意向客户实时跟进", "follow up every open inquiry within 15 days"),
        ),
        (
            "rfq_order_conversion",
            "rfq",
            ("RFQ 转化", "RFQ conversion"),
            (int(inp.quota.get("used") or 0), "报价 {n} 次", "{n} quotes"),
            th.rfq_order_min,
            (
                "报价后 24 小时内跟进买家，优先报与主营产品相符的 RFQ",
                "follow each quote up within a day; quote on RFQs that fit",
            ),
        ),
        (
            "pool_order_conversion",
            "public_pool",
            ("公海转化", "public-pool conversion"),
            (developed, "开发公海客户 {n} 个", "{n} public-pool buyers developed"),
            th.pool_order_min,
            (
                "开发前先分析买家信息（国家、等级、关注产品），精准营销",
                "read each buyer first: country, level, interests",
            ),
        ),
    ):
        won = _orders(inp, source)
        if base[0] and won / base[0] < least:
            rep.findings.append(_rate_finding(rule, what, base, won, least, act))


def buyer_level_share(inp: Inputs, rep: Report) -> None:
    ov = inp.overview
    if ov.get("l1_share") is None or ov.get("peer_l1_share") is None:
        return
    b = Benchmark.of(ov["l1_share"], ov["peer_l1_share"], ov["excellent_l1_share"], ov["last_month_l1_share"])
    rep.metrics["l1_share"] = b
    if b.target is not None and b.value < b.target:
        zh = "同行平均" if b.value < (b.peer or 0) else "同行优秀" if b.value < (b.excellent or 0) else "上月"
        rep.findings.append(
            Finding(
                rule="l1_buyer_share",
                severity="medium",
                metric="l1_share",
                value=b.value,
                benchmark=b,
                message=f"L1+ 买家占比 {b.value:.0%}，目标 {b.target:.0%}（{zh}）：询盘和 RFQ 优先做 L1 以上买家",
                message_en=f"L1+ buyer share {b.value:.0%}, target {b.target:.0%} ({b.rule}): favour L1+ buyers",
            )
        )


def factor_new_products(inp: Inputs, rep: Report) -> None:
    p, th = inp.products, inp.th
    if p.empty or not (p["created"] != "").any():  # the list gives no publish day: not judged
        return
    n = int((p["created"] >= _since(inp, 90)).sum())
    if n < th.new_products_90d_min:
        rep.findings.append(
            Finding(
                rule="factor_new_products",
                severity="medium",
                value=n,
                threshold=th.new_products_90d_min,
                message=f"新品流量：近 90 天只发布了 {n} 个新品（至少 {th.new_products_90d_min} 个）：坚持每天发布 3–5 个 4.5 分以上的新品",
                message_en=f"new-product traffic: {n} products published in 90 days (at least {th.new_products_90d_min}): "
                "publish 3-5 products of 4.5+ a day",
            )
        )


def factor_scenes(inp: Inputs, rep: Report) -> None:
    a = inp.activities
    if a.empty or bool((a["signed_up"] & a["open"]).any()):
        return
    rep.findings.append(
        Finding(
            rule="factor_scenes",
            severity="medium",
            message="场景流量：没有参加任何进行中的营销活动：报名活动，设置优惠券和折扣",
            message_en="scene traffic: no running activity joined: sign up, set coupons and discounts",
        )
    )


def factor_fans(inp: Inputs, rep: Report) -> None:
    p, days = inp.posts, inp.th.video_days
    if "posts" in inp.missing:
        return
    recent = p[(p["type"] == "video") & (p["published"] >= _since(inp, days))] if len(p) else p
    if recent.empty:
        rep.findings.append(
            Finding(
                rule="factor_fans",
                severity="low",
                message=f"粉丝通：近 {days} 天没有发布视频：每周发布视频（工厂、新品、测试）",
                message_en=f"粉丝通: no video in {days} days: post one a week (factory, new products, tests)",
            )
        )


def factor_rankings(inp: Inputs, rep: Report) -> None:
    p = inp.products
    if p.empty or bool((p["tier"] == "superHighQuality").any()):
        return
    rep.findings.append(
        Finding(
            rule="factor_rankings",
            severity="medium",
            message="榜单流量：店铺没有爆品（超级优品）：挑实力优品用直通车、橱窗和活动做成爆品",
            message_en="ranking-list traffic: no 爆品 (super-high-quality product): grow a strong product with P4P, "
            "showcase and activities",
        )
    )


def factor_recommend(inp: Inputs, rep: Report) -> None:
    tk, p, th = inp.traffic_keywords, inp.products, inp.th
    if tk.empty or p.empty or not tk["impressions"].sum():
        return
    titles = " | ".join(p["title"].str.lower())
    covered = tk[tk["keyword"].str.lower().map(lambda k: k in titles)]["impressions"].sum() / tk["impressions"].sum()
    if covered < th.keyword_coverage_min:
        strong = int(p["tier"].isin(("highQuality", "superHighQuality")).sum())
        rep.findings.append(
            Finding(
                rule="factor_recommend",
                severity="medium",
                value=float(covered),
                threshold=th.keyword_coverage_min,
                message=f"推荐流量：引流词的曝光只有 {covered:.0%} 落在标题里（目标 {th.keyword_coverage_min:.0%}），"
                f"实力优品 {strong} 个：把引流词写进标题，提升实力优品",
                message_en=f"recommendation traffic: only {covered:.0%} of traffic-word impressions fall on words in a "
                f"title (target {th.keyword_coverage_min:.0%}), {strong} strong products: put the words in titles",
            )
        )


RULES = (
    ("conversions", conversions, ("orders", "inquiries", "quota", "pool")),
    ("buyer_level_share", buyer_level_share, ("overview",)),
    ("factor_new_products", factor_new_products, ("products",)),
    ("factor_scenes", factor_scenes, ("activities",)),
    ("factor_fans", factor_fans, ("posts",)),
    ("factor_rankings", factor_rankings, ("products",)),
    ("factor_recommend", factor_recommend, ("traffic_keywords", "products")),
)

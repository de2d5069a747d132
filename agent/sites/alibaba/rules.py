"""The seeds' store-diagnosis rules (DOMAIN.md, seed 002) over pandas frames."""

from __future__ import annotations

from datetime import datetime

from agent.diagnosis.model import Benchmark, Finding, Report, apply_rules
from agent.sites.alibaba.inputs import Inputs

from .rules_buyers import inquiries, negative_reviews, open_activities, overdue_orders, rfq
from .rules_common import METRIC_ZH, row_ids
from .rules_p4p import double_ranking, p4p
from .rules_products import product_effect, traffic_keywords_in_titles, zero_effect


def store_metrics(inp: Inputs, rep: Report) -> None:
    ov = inp.overview
    for k in ("impressions", "clicks", "visitors", "inquiries"):
        rep.metrics[k] = Benchmark.of(ov[k], ov[f"peer_{k}"], ov[f"excellent_{k}"], ov[f"last_month_{k}"])
    ctr, conv, share, th = ov["ctr"], ov["conversion"], ov["search_share"], inp.th
    if ctr < th.store_ctr_min:
        rep.findings.append(
            Finding(
                rule="store_ctr",
                severity="high",
                metric="ctr",
                value=ctr,
                threshold=th.store_ctr_min,
                message=f"店铺点击率 {ctr:.2%} 低于 {th.store_ctr_min:.0%}：优化标题、主图、价格、起订量",
                message_en=f"store CTR {ctr:.2%} is under {th.store_ctr_min:.0%}: work on titles, main images, price, MOQ",
            )
        )
    if conv < th.conversion_min:
        rep.findings.append(
            Finding(
                rule="inquiry_conversion",
                severity="high",
                metric="conversion",
                value=conv,
                threshold=th.conversion_min,
                message=f"询盘转化率 {conv:.2%} 低于 {th.conversion_min:.0%}",
                message_en=f"inquiry conversion {conv:.2%} is under {th.conversion_min:.0%}",
            )
        )
    if share > th.search_share_max:
        rep.findings.append(
            Finding(
                rule="search_share",
                severity="medium",
                metric="search_share",
                value=share,
                threshold=th.search_share_max,
                message=f"搜索流量占店铺访问 {share:.0%}（超过 {th.search_share_max:.0%}）：开拓其他入口（RFQ、TM、直通车）",
                message_en=f"search traffic is {share:.0%} of store visits (over {th.search_share_max:.0%}): "
                "open other entries (RFQ, TM, P4P)",
            )
        )
    for k, b in rep.metrics.items():
        if b.value < (b.peer or 0):
            rep.findings.append(
                Finding(
                    rule=f"{k}_vs_peers",
                    severity="medium",
                    metric=k,
                    value=b.value,
                    benchmark=b,
                    message=f"{METRIC_ZH.get(k, k)} {b.value:g} 低于同行平均 {b.peer:g}；目标 {b.target:g}",
                    message_en=f"{k} {b.value:g} is below the peer average {b.peer:g}; target {b.target:g}",
                )
            )


def store_health(inp: Inputs, rep: Report) -> None:
    dims, th = inp.home.get("dimensions", {}), inp.th
    low = {k: v for k, v in dims.items() if v < th.star_min}
    if low:
        rep.findings.append(
            Finding(
                rule="star_level",
                severity="high",
                items=list(low),
                threshold=th.star_min,
                message=f"星级维度低于 {th.star_min:g} 分：" + "，".join(f"{k} {v}" for k, v in low.items()),
                message_en=f"star dimensions under {th.star_min:g}: " + ", ".join(f"{k} {v}" for k, v in low.items()),
            )
        )
    for v in inp.home.get("violations", []):
        rep.findings.append(
            Finding(
                rule="violation",
                severity="high",
                items=[v["id"]],
                message=f"违规 {v['date']}：{v['title']}",
                message_en=f"violation {v['date']}: {v['title']}",
            )
        )
    p = inp.products
    if p.empty:
        return
    # powerScoreLayer: potential 潜力品, highQuality 实力优品, superHighQuality (爆品 in the operators' words)
    potential, strong, hot = (int((p["tier"] == t).sum()) for t in ("potential", "highQuality", "superHighQuality"))
    if potential and (strong + hot) / potential < th.strong_share_min:
        rep.findings.append(
            Finding(
                rule="strong_ratio",
                severity="medium",
                value=(strong + hot) / potential,
                threshold=th.strong_share_min,
                message=f"实力优品占潜力品 {(strong + hot) / potential:.0%}（目标 {th.strong_share_min:.0%}）",
                message_en=f"实力优品 are {(strong + hot) / potential:.0%} of potential products "
                f"(target {th.strong_share_min:.0%})",
            )
        )
    if strong + hot and hot / (strong + hot) < th.hot_share_min:
        rep.findings.append(
            Finding(
                rule="hot_ratio",
                severity="medium",
                value=hot / (strong + hot),
                threshold=th.hot_share_min,
                message=f"爆品占实力优品 {hot / (strong + hot):.0%}（目标 {th.hot_share_min:.0%}）",
                message_en=f"爆品 are {hot / (strong + hot):.0%} of strong products (target {th.hot_share_min:.0%})",
            )
        )
    lows = p[p["quality_score"] < th.quality_min]
    if len(lows):
        rep.findings.append(
            Finding(
                rule="low_quality",
                severity="medium",
                items=row_ids(lows),
                threshold=th.quality_min,
                message=f"{len(lows)} 个产品质量分低于 {th.quality_min:g}",
                message_en=f"{len(lows)} products under quality score {th.quality_min:g}",
            )
        )


RULE_GROUPS = (
    "store",
    "zero_effect",
    "products",
    "p4p",
    "inquiries",
    "rfq",
    "orders",
    "titles",
    "keywords",
    "resources",
    "visitors",
    "listings",
    "targets",
)


def rules(now: datetime, window_days: int, families: list[str]) -> list[tuple]:
    """Every rule: (group, name, fn(inp, rep), the inputs it reads)."""
    from .rules_keywords import keyword_index
    from .rules_listings import new_listing_quality, new_listings
    from .rules_resources import p4p_share, shop_pages, showcase, top_display
    from .rules_targets import RULES as TARGETS
    from .rules_visitors import visitor_marketing

    return [
        ("store", "store_metrics", store_metrics, ("overview",)),
        ("store", "store_health", store_health, ("home", "products")),
        ("zero_effect", "zero_effect", zero_effect, ("products", "zero_days")),
        ("products", "product_effect", product_effect, ("analysis30", "products")),
        ("p4p", "p4p", lambda i, r: p4p(i, r, window_days), ("p4p", "campaigns")),
        ("p4p", "double_ranking", double_ranking, ()),
        ("inquiries", "inquiries", lambda i, r: inquiries(i, r, now), ("inquiries",)),
        ("rfq", "rfq", lambda i, r: rfq(i, r, families, now), ("rfqs", "quota", "products")),
        ("orders", "overdue_orders", overdue_orders, ("orders",)),
        ("orders", "negative_reviews", negative_reviews, ("reviews",)),
        ("orders", "open_activities", open_activities, ("activities",)),
        ("titles", "traffic_keywords_in_titles", traffic_keywords_in_titles, ("traffic_keywords", "products")),
        ("resources", "shop_pages", shop_pages, ("shop_visits",)),
        ("resources", "top_display", top_display, ("top_display",)),
        ("resources", "showcase", showcase, ("products", "analysis30")),
        ("resources", "p4p_share", p4p_share, ("sources",)),
        ("visitors", "visitor_marketing", visitor_marketing, ("marketing",)),
        ("keywords", "keyword_index", keyword_index, ("keyword_index", "products")),
        ("listings", "new_listings", new_listings, ("traffic_keywords", "products")),
        ("listings", "new_listing_quality", new_listing_quality, ("new_listings",)),
        *(("targets", name, fn, inputs) for name, fn, inputs in TARGETS),
    ]


def diagnose(
    inp: Inputs,
    now: datetime,
    window_days: int = 7,
    families: list[str] | None = None,
    only: set[str] | None = None,
) -> Report:
    """All rule groups, or `only` some of them (the scheduled P4P, zero-effect and activity reviews);
    a rule whose inputs come from a screen that could not be read is skipped and named."""
    rep = Report(store=inp.store, data_date=inp.data_date, site_today=inp.today)
    apply_rules(inp, rep, rules(now, window_days, families or []), only or set(RULE_GROUPS))
    seen, unique = set(), []
    for s in rep.suggestions:  # one suggestion per kind and target
        if (s.kind, s.target) not in seen:
            seen.add((s.kind, s.target))
            unique.append(s)
    rep.suggestions = unique
    return rep

"""资源位 and the store's pages (seed 001 §3-4): showcase products, 顶级展位, the shop's visit details
and the P4P share of the store's traffic.

- showcase: a product with ranks and traffic but no inquiry is swapped for one that converts; a
  product that converts without traffic needs its title to match more keywords;
- 顶级展位: the promoted product's clicks and inquiries; no conversion → promote another product;
- 店铺访问详情: a page type whose visitors leave without a click (the detail page: its
  recommended-products module needs new products);
- P4P share of store visits: too high → look at the showcase products; too low → look at P4P's
  ranks and budget (the budget was not spent)."""

from __future__ import annotations

from agent.diagnosis.model import Finding, Report, Suggestion
from agent.sites.alibaba.inputs import Inputs

PAGE_ADVICE = {
    "detail": "详情页的关联营销（推荐产品）模块需要换上新产品",
    "home": "首页的产品展示需要更新",
    "group": "产品分组需要重新整理",
}


def shop_pages(inp: Inputs, rep: Report) -> None:
    v = inp.shop_visits
    if v.empty:
        return
    whole = v[v["page_type"] == "all"]
    if len(whole):
        w = whole.iloc[0]
        rep.findings.append(
            Finding(
                rule="shop_visits",
                severity="low",
                metric="avg_stay_s",
                value=float(w["avg_stay_s"]),
                message=f"店铺近 7 天：{int(w['visitors'])} 访客，平均停留 {w['avg_stay_s']:.0f} 秒，"
                f"人均访问 {w['pages_per_visit']:.1f} 页",
                message_en=f"store, last 7 days: {int(w['visitors'])} visitors, {w['avg_stay_s']:.0f} s average stay, "
                f"{w['pages_per_visit']:.1f} pages per visit",
            )
        )
    for _, p in v[v["page_type"] != "all"].iterrows():
        rate = p["clicks"] / p["visitors"] if p["visitors"] else 1.0
        if p["visitors"] >= 50 and rate < inp.th.clicks_per_visitor_min:
            rep.findings.append(
                Finding(
                    rule="page_no_clicks",
                    severity="medium",
                    items=[p["page_type"]],
                    metric="clicks_per_visitor",
                    value=round(float(rate), 4),
                    threshold=inp.th.clicks_per_visitor_min,
                    message=f"{p['page']}：近 7 天 {int(p['visitors'])} 访客只点击 {int(p['clicks'])} 次，访客看完就走；"
                    + PAGE_ADVICE.get(p["page_type"], "页面需要调整"),
                    message_en=f"{p['page_type']} page: {int(p['visitors'])} visitors made only {int(p['clicks'])} clicks "
                    "in 7 days; they leave",
                )
            )


def top_display(inp: Inputs, rep: Report) -> None:
    for _, s in inp.top_display.iterrows():
        if s["clicks"] >= inp.th.clicks_for_verdict and s["inquiries"] == 0:
            rep.findings.append(
                Finding(
                    rule="top_display_no_conversion",
                    severity="high",
                    items=[str(s["product_id"])],
                    message=f"顶级展位「{s['keyword']}」推广的「{s['title']}」近 7 天 {int(s['impressions'])} 曝光、"
                    f"{int(s['clicks'])} 点击、0 询盘：更换推广产品",
                    message_en=f"top display '{s['keyword']}' shows '{s['title']}': {int(s['impressions'])} impressions, "
                    f"{int(s['clicks'])} clicks, no inquiry in 7 days; promote another product",
                )
            )


def showcase(inp: Inputs, rep: Report) -> None:
    p, a = inp.products, inp.analysis30
    if p.empty or a.empty or "showcase" not in p:
        return
    stats = a.set_index("product_id")
    ranked = set(inp.ranks["product_id"].dropna().astype(str)) if len(inp.ranks) else set()
    shown = p[p["showcase"] == True]  # noqa: E712  (a frame column)
    live = p[(p["status"] == "approved") & (p["display"] == "on") & (p["showcase"] == False)]  # noqa: E712
    spare = [
        pid
        for pid in a.sort_values(["feedback", "clicks"], ascending=False)["product_id"]
        if pid in set(live["id"]) and stats.loc[pid, "feedback"] > 0
    ]
    taken = {
        getattr(getattr(s.edit, "value", None), "new_product", "") for s in rep.suggestions if s.kind == "swap_showcase"
    }
    spare = [x for x in spare if x not in taken]
    titles = dict(zip(p["id"], p["title"]))
    quiet = stats[stats.index.isin(shown["id"])]["impressions"].quantile(0.25) if len(shown) else 0
    for _, prod in shown.iterrows():
        pid = prod["id"]
        if pid not in stats.index or pid in taken:
            continue
        st = stats.loc[pid]
        if pid in ranked and st["clicks"] >= inp.th.clicks_for_verdict and st["feedback"] == 0:
            rep.findings.append(
                Finding(
                    rule="showcase_no_conversion",
                    severity="medium",
                    items=[pid],
                    message=f"橱窗产品「{prod['title']}」有排名、近 30 天 {int(st['clicks'])} 点击却没有询盘：换产品推广",
                    message_en=f"showcase product '{prod['title']}' ranks and had {int(st['clicks'])} clicks in 30 days, no inquiry",
                )
            )
            if spare:
                new = spare.pop(0)
                ev = {
                    "out": pid,
                    "in": new,
                    "out_clicks": int(st["clicks"]),
                    "in_feedback": int(stats.loc[new, "feedback"]),
                }
                rep.suggestions.append(
                    Suggestion.make(
                        kind="swap_showcase",
                        target=pid,
                        evidence={**ev, "title": prod["title"], "new_title": titles.get(new, new)},
                        precondition={"out_shown": True, "in_shown": False},
                        value={"new_product": new},
                        rationale="橱窗换品：有排名有流量没转化的撤下，放入有询盘的产品",
                        rationale_en="showcase swap: ranked with clicks but no inquiry out, a product that gets inquiries in",
                    )
                )
        elif st["feedback"] > 0 and st["impressions"] <= quiet:
            rep.findings.append(
                Finding(
                    rule="showcase_needs_traffic",
                    severity="low",
                    items=[pid],
                    message=f"橱窗产品「{prod['title']}」有询盘（{int(st['feedback'])}）但流量少"
                    f"（{int(st['impressions'])} 曝光）：优化标题，匹配更多关键词",
                    message_en=f"showcase product '{prod['title']}' gets inquiries ({int(st['feedback'])}) but little traffic: "
                    "match more keywords in its title",
                )
            )


def p4p_share(inp: Inputs, rep: Report) -> None:
    src = inp.sources
    if src.empty:
        return
    total = float(src["visits"].sum())
    paid = float(src[src["source"].str.lower().isin(("p4p", "直通车", "外贸直通车"))]["visits"].sum())
    if not total:
        return
    share, high, low = paid / total, inp.th.p4p_share_high, inp.th.p4p_share_low
    if share > high:
        rep.findings.append(
            Finding(
                rule="p4p_share_high",
                severity="medium",
                metric="p4p_share",
                value=round(share, 4),
                threshold=high,
                message=f"直通车带来 {share:.0%} 的店铺访客（超过 {high:.0%}）：检查橱窗产品的效果",
                message_en=f"P4P brings {share:.0%} of visitors (over {high:.0%}): check the showcase products",
            )
        )
    elif share < low:
        rep.findings.append(
            Finding(
                rule="p4p_share_low",
                severity="medium",
                metric="p4p_share",
                value=round(share, 4),
                threshold=low,
                message=f"直通车只带来 {share:.0%} 的店铺访客（不到 {low:.0%}）：检查当天排名和预算是否花出去",
                message_en=f"P4P brings only {share:.0%} of visitors (under {low:.0%}): check ranks and budget",
            )
        )

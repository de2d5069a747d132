"""Alibaba.com's P4P rules (seeds 000, 001): bids by effect and ad rank, negative words, budgets, and
the double ranking of a product organic and paid."""

from __future__ import annotations

import math

from agent.diagnosis.model import Finding, Report, Suggestion
from agent.sites.alibaba.inputs import Inputs

from .rules_common import round_bid


def p4p(inp: Inputs, rep: Report, window_days: int) -> None:
    k, th = inp.p4p, inp.th
    if k.empty:
        return
    change_days = th.bid_change_days
    top = k[k["spend"] >= k["spend"].quantile(1 - th.p4p_top_spend_share)]
    for _, r in top[top["inquiries"] == 0].iterrows():
        new = max(float(r["base_price"]), round_bid(float(r["bid"]) * th.p4p_bid_cut))
        _bid(
            inp,
            rep,
            r,
            new,
            change_days,
            (
                f"花费前 {th.p4p_top_spend_share:.0%}（{window_days} 天 {r['spend']:.2f} 元）却没有询盘：降低出价",
                f"among the top spenders ({r['spend']:.2f} in {window_days} days) without an inquiry: lower the bid",
            ),
            window_days,
        )
    for _, r in k[(k["impressions"] >= th.p4p_low_ctr_impressions) & (k["ctr"] < th.p4p_low_ctr)].iterrows():
        if 0 < r["est_rank"] <= th.p4p_good_rank:
            if r["campaign"] == "smart":
                present = any(n["keyword"] == r["keyword"] for n in inp.campaigns.get("negative_keywords", []))
                if not present:
                    rep.suggestions.append(
                        Suggestion.make(
                            kind="add_negative_keyword",
                            target="smart",
                            value={"keyword": r["keyword"]},
                            rationale=f"广告排名第 {r['est_rank']} 位点击率仍只有 {r['ctr']:.2%}：不是排名问题，在智能推广中屏蔽",
                            rationale_en=f"CTR {r['ctr']:.2%} at ad rank {r['est_rank']}: "
                            "the rank is not the problem; block it in the smart plan",
                            evidence=_kw_evidence(r),
                            precondition={"present": False},
                        )
                    )
            else:
                _bid(
                    inp,
                    rep,
                    r,
                    float(r["base_price"]),
                    change_days,
                    (
                        f"广告排名第 {r['est_rank']} 位点击率仍只有 {r['ctr']:.2%}：降到底价",
                        f"CTR {r['ctr']:.2%} although at ad rank {r['est_rank']}: drop to the floor bid",
                    ),
                    window_days,
                )
        else:
            rep.findings.append(
                Finding(
                    rule="p4p_low_ctr_rank_lost",
                    severity="low",
                    items=[str(r["keyword_id"])],
                    message=f"「{r['keyword']}」点击率 {r['ctr']:.2%}：广告排名 {r['est_rank']} 已掉出前 {th.p4p_good_rank} 位，"
                    "先查看再降价",
                    message_en=f"'{r['keyword']}' CTR {r['ctr']:.2%}: ad rank {r['est_rank']} lost, check before dropping",
                )
            )
    for c in inp.campaigns.get("campaigns", []):
        if c.get("exhausted_at") and c["exhausted_at"] < th.budget_out_before:
            new = float(math.ceil(c["daily_budget"] * th.budget_raise))
            rep.suggestions.append(
                Suggestion.make(
                    kind="set_budget",
                    target=c["campaign"],
                    value={"daily_budget": new},
                    rationale=f"预算在 {c['exhausted_at']} 花完：买家白天广告就停了",
                    rationale_en=f"budget ran out at {c['exhausted_at']}: ads stop in the buyers' daytime",
                    evidence=c,
                    precondition={"daily_budget": c["daily_budget"]},
                )
            )


def _kw_evidence(r) -> dict:
    return {
        k: (r[k].item() if hasattr(r[k], "item") else r[k])
        for k in (
            "keyword",
            "campaign",
            "bid",
            "base_price",
            "qs_star",
            "est_rank",
            "impressions",
            "clicks",
            "ctr",
            "spend",
            "inquiries",
        )
    }


def _bid(inp: Inputs, rep: Report, r, new: float, change_days: int, why: tuple[str, str], window: int = 7) -> None:
    """`why`: (Chinese, English)."""
    kid = str(r["keyword_id"])
    last = inp.bid_changes.get(kid)
    if last is not None and (inp.today - last).days < change_days:
        rep.findings.append(
            Finding(
                rule="p4p_bid_rhythm",
                severity="low",
                items=[kid],
                message=f"「{r['keyword']}」{why[0]}，但 {last} 刚调过价（节奏：每 {change_days} 天一次）",
                message_en=f"'{r['keyword']}': {why[1]}, but its bid changed on {last} (rhythm: every {change_days} days)",
            )
        )
        return
    if abs(new - float(r["bid"])) < 0.05:
        return
    old, floor = float(r["bid"]), float(r["base_price"])
    # why this number: the cut the thresholds set, never below the floor bid; what it saves a week at
    # the clicks of the window (a click costs at most the bid)
    window = max(1, window)
    week = float(r["clicks"]) / window * 7 * (old - new)
    step = "底价" if new == floor else f"降 {1 - new / old:.0%}"
    said = f"出价 {old:.2f} → {new:.2f} 元（{step}，底价 {floor:.2f} 元）"
    said_en = f"bid {old:.2f} → {new:.2f} ({'the floor bid' if new == floor else f'{1 - new / old:.0%} lower'}, floor {floor:.2f})"
    if week > 0:
        said += f"，按每周 {float(r['clicks']) / window * 7:.0f} 次点击约省 ¥{week:,.2f}"
        said_en += f", about ¥{week:,.2f} a week saved at {float(r['clicks']) / window * 7:.0f} clicks a week"
    rep.suggestions.append(
        Suggestion.make(
            kind="set_bid",
            target=kid,
            rationale=f"{why[0]}；{said}",
            rationale_en=f"{why[1]}; {said_en}",
            evidence={**_kw_evidence(r), "saves_a_week": round(max(week, 0.0), 2)},
            precondition={"bid": float(r["bid"]), "keyword": r["keyword"]},
            value={"bid": new, "base_price": float(r["base_price"])},
        )
    )


def double_ranking(inp: Inputs, rep: Report) -> None:
    """An own product shown organically and as a P4P ad on the same page: the ad buys a place the
    product has anyway — move the P4P plan to another product (a finding: the promoted product is
    changed in P4P by a person; a bid cut would not say that)."""
    r = inp.ranks
    if r.empty:
        return
    for (kw, page), g in r.dropna(subset=["product_id"]).groupby(["keyword", "page"]):
        both = set(g[g["kind"] == "organic"]["product_id"]) & set(g[g["kind"] == "p4p"]["product_id"])
        if both:
            rep.findings.append(
                Finding(
                    rule="double_ranking",
                    severity="medium",
                    items=sorted(both),
                    message=f"「{kw}」：自己的产品 {sorted(both)[0]} 在第 {int(page)} 页同时有自然排名和直通车：把直通车计划换到别的产品",
                    message_en=f"'{kw}': own product {sorted(both)[0]} shows organic and paid on page {int(page)}: "
                    "move the P4P plan to another product",
                )
            )

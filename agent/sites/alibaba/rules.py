"""The seeds' store-diagnosis rules (DOMAIN.md, seed 002) over pandas frames."""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta

import pandas as pd

from agent.diagnosis.model import Benchmark, Finding, Report, Suggestion, apply_rules
from agent.sites.alibaba.inputs import Inputs

from .limits import LIMITS

TITLE_MAX = LIMITS.TITLE_MAX  # the site's limit, not a threshold
METRIC_ZH = {"impressions": "曝光", "clicks": "点击", "visitors": "访客", "inquiries": "询盘"}


def round_bid(x: float) -> float:
    return round(math.floor(x * 10 + 1e-9) / 10, 1)


def _ids(df: pd.DataFrame, col: str = "id") -> list[str]:
    return [str(v) for v in df[col]] if len(df) else []


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
                items=_ids(lows),
                threshold=th.quality_min,
                message=f"{len(lows)} 个产品质量分低于 {th.quality_min:g}",
                message_en=f"{len(lows)} products under quality score {th.quality_min:g}",
            )
        )


def zero_effect(inp: Inputs, rep: Report) -> None:
    p, th = inp.products, inp.th
    if p.empty:
        return
    used = in_use(inp)
    delete_days, republish_days, optimise_days = (
        th.zero_effect_delete_days,
        th.zero_effect_republish_days,
        th.zero_effect_optimise_days,
    )
    for _, r in p[p["zero_days"] >= optimise_days].iterrows():
        ev = {"zero_days": int(r["zero_days"]), "title": r["title"], "quality_score": float(r["quality_score"])}
        if str(r["id"]) in used:  # ranked or advertised today: not deleted nor re-posted, whatever the 零效果 list says
            continue
        if r["zero_days"] >= delete_days:
            rep.suggestions.append(
                Suggestion.make(
                    kind="delete_product",
                    target=str(r["id"]),
                    evidence=ev,
                    rationale=f"零效果 {int(r['zero_days'])} 天（超过 {delete_days} 天）：删除后重新发布",
                    rationale_en=f"no effect for {int(r['zero_days'])} days (over {delete_days}): delete, then post anew",
                    precondition={"exists": True, "zero_days": int(r["zero_days"])},
                    value={},
                )
            )
        elif r["zero_days"] >= republish_days:
            rep.suggestions.append(
                Suggestion.make(
                    kind="republish_product",
                    target=str(r["id"]),
                    evidence=ev,
                    rationale=f"零效果 {int(r['zero_days'])} 天（超过 {republish_days} 天）：重新发布",
                    rationale_en=f"no effect for {int(r['zero_days'])} days (over {republish_days}): re-publish",
                    precondition={"zero_days": int(r["zero_days"])},
                    value={"zero_days": 0},
                )
            )
    z30 = p[(p["zero_days"] >= optimise_days) & (p["zero_days"] < republish_days)]
    if len(z30):
        rep.findings.append(
            Finding(
                rule="zero_effect_30",
                severity="medium",
                items=_ids(z30),
                message=f"{len(z30)} 个产品 {optimise_days} 天以上零效果：{th.zero_effect_optimise_within_days} 天内优化",
                message_en=f"{len(z30)} products without effect for {optimise_days}+ days: "
                f"optimise them within {th.zero_effect_optimise_within_days} days",
            )
        )


def product_effect(inp: Inputs, rep: Report) -> None:
    a = inp.analysis30
    if a.empty:
        return
    imp_hi = a["impressions"].quantile(0.75)
    th = inp.th
    low_ctr = a[(a["impressions"] >= imp_hi) & (a["ctr"] < th.store_ctr_min)]
    if len(low_ctr):
        rep.findings.append(
            Finding(
                rule="high_impressions_low_clicks",
                severity="medium",
                items=_ids(low_ctr, "product_id"),
                message=f"{len(low_ctr)} 个产品曝光高但点击率低于 {th.store_ctr_min:.0%}：优化标题、主图、价格",
                message_en=f"{len(low_ctr)} products with many impressions but CTR under {th.store_ctr_min:.0%}: "
                "title, image, price",
            )
        )
    no_inq = a[(a["clicks"] >= max(th.product_clicks_min, a["clicks"].quantile(0.75))) & (a["feedback"] == 0)]
    if len(no_inq):
        rep.findings.append(
            Finding(
                rule="clicks_without_inquiries",
                severity="medium",
                items=_ids(no_inq, "product_id"),
                message=f"{len(no_inq)} 个产品有点击没有询盘：检查详情页",
                message_en=f"{len(no_inq)} products with clicks but no inquiry: check the detail page",
            )
        )
    ctr_hi = a[
        (a["impressions"] > 0)
        & (a["impressions"] <= a["impressions"].quantile(0.25))
        & (a["ctr"] >= th.product_ctr_high)
    ]
    shown = set(_ids(inp.products[inp.products["showcase"]]))
    live = set(_ids(inp.products[(inp.products["status"] == "approved") & (inp.products["display"] == "on")]))
    cands = [pid for pid in _ids(ctr_hi, "product_id") if pid not in shown and pid in live]
    if cands:
        rep.findings.append(
            Finding(
                rule="low_impressions_high_ctr",
                severity="low",
                items=cands,
                message=f"{len(cands)} 个产品点击率高但曝光少：给更多展示",
                message_en=f"{len(cands)} products convert well but are rarely shown: give them exposure",
            )
        )
        weakest = inp.products[inp.products["showcase"]].sort_values("zero_days", ascending=False)
        for pid, (_, out) in zip(cands[:3], weakest.iterrows()):
            if out["zero_days"] < th.zero_effect_optimise_days:
                break
            ev = {"in": pid, "out": str(out["id"]), "out_zero_days": int(out["zero_days"])}
            rep.suggestions.append(
                Suggestion.make(
                    kind="set_showcase",
                    target=str(out["id"]),
                    evidence=ev,
                    rationale="橱窗换品：撤下零效果产品",
                    rationale_en="showcase swap: take out a zero-effect product",
                    precondition={"showcase": True},
                    value={"showcase": False},
                )
            )
            rep.suggestions.append(
                Suggestion.make(
                    kind="set_showcase",
                    target=pid,
                    evidence=ev,
                    rationale="橱窗换品：放入点击率高、曝光少的产品",
                    rationale_en="showcase swap: show a product with high CTR and few impressions",
                    precondition={"showcase": False},
                    value={"showcase": True},
                )
            )


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


def _bid(inp: Inputs, rep: Report, r, new: float, change_days: int, why: tuple[str, str]) -> None:
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
    rep.suggestions.append(
        Suggestion.make(
            kind="set_bid",
            target=kid,
            rationale=why[0],
            rationale_en=why[1],
            evidence=_kw_evidence(r),
            precondition={"bid": float(r["bid"]), "keyword": r["keyword"]},
            value={"bid": new, "base_price": float(r["base_price"])},
        )
    )


def greeting(r) -> str:
    """How a reply opens: the buyer's first name; a buyer who left the name blank is greeted by the
    company, else as a buyer."""
    name = str(r.get("buyer_name") or "").split()
    if name:
        return f"Dear {name[0]}"
    company = str(r.get("company") or "").strip()
    return f"Dear {company} team" if company else "Dear buyer"


def inquiries(inp: Inputs, rep: Report, now: datetime) -> None:
    q = inp.inquiries
    if q.empty:
        return
    rec = pd.to_datetime(q["received"], utc=True)
    age_h = (pd.Timestamp(now).tz_convert("UTC") - rec).dt.total_seconds() / 3600
    th = inp.th
    late = q[(~q["replied"]) & (age_h > th.reply_hours)]
    for _, r in late.iterrows():
        text = (
            f"{greeting(r)},\n\nThank you for your inquiry about {r['product_title']}. "
            "Could you tell us the quantity, destination port and any customisation you need? "
            "We will send our best price and lead time right away.\n\nBest regards"
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
                items=_ids(old),
                message=f"{len(old)} 个已回复询盘超过 {th.follow_up_days} 天：跟进未转化的",
                message_en=f"{len(old)} replied inquiries older than {th.follow_up_days} days: "
                "follow up the unconverted ones",
            )
        )


def _offer_for(products, family: str) -> dict | None:
    """The product an RFQ of `family` is quoted from: our best-scoring live product of that family
    with a price on its listing (its lowest price)."""
    if products.empty or "price_min" not in products:
        return None
    live = products[
        (products["status"] == "approved") & (products["display"] == "on") & (products["price_min"].fillna(0) > 0)
    ]
    mine = live[live["title"].str.lower().str.contains(family, regex=False)]
    if mine.empty:
        return None
    best = mine.sort_values(["quality_score", "id"], ascending=[False, True]).iloc[0]
    return {"title": str(best["title"]), "price": round(float(best["price_min"]), 2)}


def rfq(inp: Inputs, rep: Report, families: list[str]) -> None:
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
    for _, r in open_rfqs.head(left).iterrows():
        fam = next((f for f in families if f in r["title"].lower()), None)
        offer = _offer_for(inp.products, fam) if fam else None
        if offer is None:  # no product of ours with a price to quote from: nothing to propose
            continue
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
                },
                precondition={"quotes_left": int(r["quotes_left"])},
                value={
                    "product_name": offer["title"],
                    "ladder": [[int(r["quantity"]), offer["price"]]],
                    "message": f"Dear buyer, we make {fam} and can supply {r['quantity']} {r['unit']} "
                    f"at US ${offer['price']:.2f} FOB Shenzhen.",
                    "port": "Shenzhen",
                    "trade_term": "FOB",
                    "payment": "T/T",
                    "currency": "USD",
                    "unit": r["unit"],
                },
            )
        )


def overdue_orders(inp: Inputs, rep: Report) -> None:
    od = inp.orders[inp.orders["overdue"]] if len(inp.orders) else inp.orders
    if len(od):
        rep.findings.append(
            Finding(
                rule="overdue_shipment",
                severity="high",
                items=_ids(od),
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
                    items=_ids(neg),
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


SMALL_WORDS = {"with", "for", "and", "of", "in", "to", "on"}


def with_words(title: str, family: str, words: list[str]) -> str:
    """The title with the buyers' words put right after the product's own name, as a person writes
    it ("Waterproof Bluetooth Speaker With Microphone …", not "With Microphone Waterproof …")."""
    added = " ".join(w if w in SMALL_WORDS else w.title() for w in words)
    m = re.search(re.escape(family), title, flags=re.IGNORECASE)
    if not added:
        return title
    if m is None:
        return f"{title} {added}"
    return f"{title[: m.end()]} {added}{title[m.end() :]}"


def traffic_keywords_in_titles(inp: Inputs, rep: Report) -> None:
    """Traffic keywords no title carries yet: propose adding one to a product of that family
    (no stuffing: each word at most twice in a title, titles under 128 characters)."""
    tk, p = inp.traffic_keywords, inp.products
    if tk.empty or p.empty:
        return
    titles = " | ".join(p["title"].str.lower())
    live = p[(p["status"] == "approved") & (p["display"] == "on")]
    used: set[str] = set()
    for _, k in tk.sort_values("impressions", ascending=False).iterrows():
        kw = k["keyword"].lower()
        if kw in titles or k["impressions"] < inp.th.title_keyword_impressions:
            continue
        words = re.findall(r"[a-z0-9]+", kw)
        fam = live[
            live["keywords"].apply(lambda ks: bool(ks) and ks[0].lower() in kw)
        ]  # first keyword = product family
        fam = fam[~fam["id"].astype(str).isin(used)]
        for _, prod in fam.sort_values("quality_score", ascending=False).iterrows():
            title = prod["title"]
            missing = [w for w in words if w not in title.lower().split()]
            new = with_words(title, prod["keywords"][0], missing)
            if len(new) > TITLE_MAX or any(new.lower().split().count(w) > 2 for w in words):
                continue
            used.add(str(prod["id"]))
            rep.suggestions.append(
                Suggestion.make(
                    kind="edit_title",
                    target=str(prod["id"]),
                    rationale=f"引流关键词「{kw}」（{int(k['impressions'])} 次曝光）不在任何标题里",
                    rationale_en=f"traffic keyword '{kw}' ({int(k['impressions'])} impressions) is in no title",
                    evidence={"keyword": kw, "impressions": int(k["impressions"]), "clicks": int(k["clicks"])},
                    precondition={"title": title},
                    value={"title": new, "keywords": list(prod["keywords"])},
                )
            )
            break


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


def in_use(inp: Inputs) -> set[str]:
    """Products the store's ads or ranks use now: never proposed for deletion."""
    return set(inp.ranks["product_id"].dropna().astype(str)) if len(inp.ranks) else set()


RULE_GROUPS = (
    "store",
    "zero_effect",
    "products",
    "p4p",
    "inquiries",
    "rfq",
    "orders",
    "titles",
    "resources",
    "visitors",
)


def rules(now: datetime, window_days: int, families: list[str]) -> list[tuple]:
    """Every rule: (group, name, fn(inp, rep), the inputs it reads)."""
    from .rules_resources import p4p_share, shop_pages, showcase, top_display
    from .rules_visitors import visitor_marketing

    return [
        ("store", "store_metrics", store_metrics, ("overview",)),
        ("store", "store_health", store_health, ("home", "products")),
        ("zero_effect", "zero_effect", zero_effect, ("products", "zero_days")),
        ("products", "product_effect", product_effect, ("analysis30", "products")),
        ("p4p", "p4p", lambda i, r: p4p(i, r, window_days), ("p4p", "campaigns")),
        ("p4p", "double_ranking", double_ranking, ()),
        ("inquiries", "inquiries", lambda i, r: inquiries(i, r, now), ("inquiries",)),
        ("rfq", "rfq", lambda i, r: rfq(i, r, families), ("rfqs", "quota", "products")),
        ("orders", "overdue_orders", overdue_orders, ("orders",)),
        ("orders", "negative_reviews", negative_reviews, ("reviews",)),
        ("orders", "open_activities", open_activities, ("activities",)),
        ("titles", "traffic_keywords_in_titles", traffic_keywords_in_titles, ("traffic_keywords", "products")),
        ("resources", "shop_pages", shop_pages, ("shop_visits",)),
        ("resources", "top_display", top_display, ("top_display",)),
        ("resources", "showcase", showcase, ("products", "analysis30")),
        ("resources", "p4p_share", p4p_share, ("sources",)),
        ("visitors", "visitor_marketing", visitor_marketing, ("marketing",)),
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

"""Alibaba.com's product rules (seeds 000, 002): zero-effect products, product effect, traffic keywords in
titles."""

from __future__ import annotations

import re

from agent.diagnosis.model import Finding, Report, Suggestion
from agent.sites.alibaba.inputs import Inputs

from .rules_common import TITLE_MAX, in_use, row_ids


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
                items=row_ids(z30),
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
                items=row_ids(low_ctr, "product_id"),
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
                items=row_ids(no_inq, "product_id"),
                message=f"{len(no_inq)} 个产品有点击没有询盘：检查详情页",
                message_en=f"{len(no_inq)} products with clicks but no inquiry: check the detail page",
            )
        )
    ctr_hi = a[
        (a["impressions"] > 0)
        & (a["impressions"] <= a["impressions"].quantile(0.25))
        & (a["ctr"] >= th.product_ctr_high)
    ]
    shown = set(row_ids(inp.products[inp.products["showcase"]]))
    live = set(row_ids(inp.products[(inp.products["status"] == "approved") & (inp.products["display"] == "on")]))
    cands = [pid for pid in row_ids(ctr_hi, "product_id") if pid not in shown and pid in live]
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
            title = dict(zip(row_ids(inp.products), inp.products["title"]))
            ev = {
                "in": pid,
                "out": str(out["id"]),
                "out_zero_days": int(out["zero_days"]),
                "title": str(out["title"]),
                "new_title": title.get(pid, pid),
            }
            rep.suggestions.append(
                Suggestion.make(
                    kind="swap_showcase",
                    target=str(out["id"]),
                    evidence=ev,
                    rationale=f"橱窗换品：撤下零效果 {int(out['zero_days'])} 天的产品，放入点击率高、曝光少的产品",
                    rationale_en="showcase swap: a zero-effect product out, a product with high CTR and few impressions in",
                    precondition={"out_shown": True, "in_shown": False},
                    value={"new_product": pid},
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


def title_with(title: str, family: str, keyword: str) -> str | None:
    """The title with the keyword's words it lacks put after the product's name; None when that passes
    the site's title limit or carries one of the keyword's words more than twice (no stuffing)."""
    words = re.findall(r"[a-z0-9]+", keyword.lower())
    new = with_words(title, family, [w for w in words if w not in title.lower().split()])
    if len(new) > TITLE_MAX or any(new.lower().split().count(w) > 2 for w in words):
        return None
    return new


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
        fam = live[
            live["keywords"].apply(lambda ks: bool(ks) and ks[0].lower() in kw)
        ]  # first keyword = product family
        fam = fam[~fam["id"].astype(str).isin(used)]
        for _, prod in fam.sort_values("quality_score", ascending=False).iterrows():
            title = prod["title"]
            new = title_with(title, prod["keywords"][0], kw)
            if new is None:
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

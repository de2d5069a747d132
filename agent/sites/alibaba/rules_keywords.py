"""关键词指数 (seed 000: "关键词指数 / 蓝海词"): words whose search heat is rising, or that few sellers
compete for, and that the store's products sell but no title carries — put into the title of the
family's best product not already being changed, and added to P4P (the standard campaign, at its
median bid) when no P4P keyword has them."""

from __future__ import annotations

from agent.diagnosis.model import Report, Suggestion
from agent.sites.alibaba.inputs import Inputs

from .rules_common import norm
from .rules_products import title_with

DEFAULT_BID = 3.0  # a new word's bid when the standard campaign has no keyword to take the median of


def promising(inp: Inputs) -> list[dict]:
    """Index words that are rising or little contested, that a live product's family sells, and that
    no title carries: each with its family, heat, growth and competition (hottest first)."""
    idx, p, th = inp.keyword_index, inp.products, inp.th
    if idx.empty or p.empty:
        return []
    titles = " | ".join(p["title"].map(norm))
    live = p[(p["status"] == "approved") & (p["display"] == "on")]
    families = sorted({norm(ks[0]) for ks in live["keywords"] if len(ks)}, key=len, reverse=True)
    out = []
    for _, k in idx.sort_values(["heat", "keyword"], ascending=[False, True]).iterrows():
        word = norm(k["keyword"])
        rising, open_field = k["growth"] >= th.keyword_rising_min, k["competition"] <= th.keyword_competition_max
        family = next((f for f in families if f in word), None)
        if not word or word in titles or family is None or not (rising or open_field):
            continue
        out.append(
            {
                "keyword": word,
                "family": family,
                "heat": int(k["heat"]),
                "growth": float(k["growth"]),
                "competition": int(k["competition"]),
                "why": ("rising" if rising else "")
                + ("+" if rising and open_field else "")
                + ("open" if open_field else ""),
            }
        )
    return out


def _why(w: dict) -> tuple[str, str]:
    zh, en = [], []
    if "rising" in w["why"]:
        zh.append(f"近 3 个月热度上升 {w['growth']:.0%}")
        en.append(f"heat up {w['growth']:.0%} over 3 months")
    if "open" in w["why"]:
        zh.append(f"卖家竞争度只有 {w['competition']}")
        en.append(f"seller competition only {w['competition']}")
    return "，".join(zh), ", ".join(en)


def keyword_index(inp: Inputs, rep: Report) -> None:
    words = promising(inp)
    if not words:
        return
    p = inp.products
    live = p[(p["status"] == "approved") & (p["display"] == "on")]
    busy = {s.target for s in rep.suggestions if s.kind == "edit_title"}
    for w in words:
        fam = live[live["keywords"].apply(lambda ks, f=w["family"]: bool(ks) and norm(ks[0]) == f)]
        fam = fam[~fam["id"].astype(str).isin(busy)]
        zh, en = _why(w)
        for _, prod in fam.sort_values(["quality_score", "impressions_30d"], ascending=False).iterrows():
            title = str(prod["title"])
            new = title_with(title, str(prod["keywords"][0]), w["keyword"])
            if new is None:
                continue
            busy.add(str(prod["id"]))
            rep.suggestions.append(
                Suggestion.make(
                    kind="edit_title",
                    target=str(prod["id"]),
                    rationale=f"关键词指数：「{w['keyword']}」{zh}，没有标题含它",
                    rationale_en=f"keyword index: '{w['keyword']}' — {en}; no title has it",
                    evidence={k: w[k] for k in ("keyword", "heat", "growth", "competition")}
                    | {"source": "keyword_index"},
                    precondition={"title": title},
                    value={"title": new, "keywords": list(prod["keywords"])},
                )
            )
            break
    if "p4p" in inp.missing:  # the P4P keywords could not be read: which words they lack is unknown
        return
    p4p = inp.p4p
    bought = set(p4p["keyword"].map(norm)) if len(p4p) else set()
    standard = p4p[p4p["campaign"] == "standard"]["bid"] if len(p4p) else p4p
    bid = round(float(standard.median()), 1) if len(standard) else DEFAULT_BID
    for w in words:
        if w["keyword"] in bought:
            continue
        zh, en = _why(w)
        rep.suggestions.append(
            Suggestion.make(
                kind="add_p4p_keyword",
                target=w["keyword"],
                rationale=f"关键词指数：「{w['keyword']}」{zh}，店铺在卖这类产品，直通车还没有这个词：按标准推广的中位出价加入",
                rationale_en=f"keyword index: '{w['keyword']}' — {en}; the store sells it and P4P lacks it: add it at the "
                "standard campaign's median bid",
                evidence={k: w[k] for k in ("keyword", "heat", "growth", "competition")},
                precondition={"present": False},
                value={"campaign": "standard", "bid": bid},
            )
        )

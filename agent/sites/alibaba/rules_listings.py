"""New listings (seed 002: "坚持每天发布3-5条4.5分以上产品"): a day's plan of new products, each posted
through "发布类似产品" from one of the store's strong products with a title and keywords for a traffic
word no title covers yet; and the new products whose quality score came out under 4.5, with what the
editor says is missing."""

from __future__ import annotations

from agent.diagnosis.model import Finding, Report, Suggestion
from agent.sites.alibaba.inputs import Inputs

from .rules_common import norm
from .rules_products import title_with

STRONG = ("highQuality", "superHighQuality")  # powerScoreLayer: 实力优品, 超级优品 (爆品)


def uncovered_words(inp: Inputs, taken: set[str]) -> list[tuple[str, int]]:
    """Traffic keywords (most seen first) that no product title carries and no other suggestion of
    this diagnosis already puts in a title: (keyword, impressions)."""
    tk, p = inp.traffic_keywords, inp.products
    if tk.empty or p.empty:
        return []
    titles = " | ".join(p["title"].map(norm))
    out = []
    for _, k in tk.sort_values(["impressions", "keyword"], ascending=[False, True]).iterrows():
        kw = norm(k["keyword"])
        if kw and kw not in titles and kw not in taken and int(k["impressions"]) >= inp.th.new_listing_impressions:
            out.append((kw, int(k["impressions"])))
    return out


def _source(live, kw: str, th, used: set[str]):
    """The strongest live product of the word's family (its first keyword in the word), scored at
    least the quality minimum; strong tiers first."""
    fam = live[live["keywords"].apply(lambda ks: bool(ks) and str(ks[0]).lower() in kw)]
    fam = fam[(fam["quality_score"] >= th.quality_min) & ~fam["id"].astype(str).isin(used)]
    if fam.empty:
        return None
    ranked = fam.assign(strong=fam["tier"].isin(STRONG)).sort_values(
        ["strong", "quality_score", "impressions_30d"], ascending=False
    )
    return ranked.iloc[0]


def new_listings(inp: Inputs, rep: Report) -> None:
    """Up to the day's cap of `publish_product` suggestions; a finding when fewer than the plan's
    minimum can be drafted."""
    th, p = inp.th, inp.products
    if p.empty or th.new_listings_per_day == 0:
        return
    taken = {norm(s.evidence.get("keyword", "")) for s in rep.suggestions if s.kind == "edit_title"}
    live = p[(p["status"] == "approved") & (p["display"] == "on")]
    existing = set(p["title"].map(norm))
    used: set[str] = set()
    made = 0
    for kw, imp in uncovered_words(inp, taken):
        if made >= th.new_listings_per_day:
            break
        src = _source(live, kw, th, used)
        if src is None:
            continue
        title = title_with(str(src["title"]), str(src["keywords"][0]), kw)
        if title is None or norm(title) in existing:  # never a copy of a title the store has
            continue
        keywords = list(dict.fromkeys([kw, *[str(k) for k in src["keywords"]]]))[:3]
        used.add(str(src["id"]))
        existing.add(norm(title))
        made += 1
        rep.suggestions.append(
            Suggestion.make(
                kind="publish_product",
                target=kw,
                rationale=f"新品计划：引流词「{kw}」（{imp} 次曝光）不在任何标题里，仿「{src['title']}」发布新品",
                rationale_en=f"new-product plan: traffic word '{kw}' ({imp} impressions) is in no title; "
                f"post a new product like '{src['title']}'",
                evidence={
                    "keyword": kw,
                    "impressions": imp,
                    "source_title": str(src["title"]),
                    "source_score": float(src["quality_score"]),
                },
                precondition={"source_exists": True, "published": False},
                value={"source": str(src["id"]), "title": title, "keywords": keywords},
            )
        )
    if made < th.new_listings_min:
        rep.findings.append(
            Finding(
                rule="new_listings_plan",
                severity="low",
                value=made,
                threshold=th.new_listings_min,
                message=f"新品计划：今天只拟出 {made} 个新品（目标每天 {th.new_listings_min}–{th.new_listings_per_day} 个）："
                "没有更多未进标题的引流词或 4.5 分以上的同类产品可仿，请人工补充",
                message_en=f"new-product plan: only {made} drafted today (target {th.new_listings_min}-"
                f"{th.new_listings_per_day} a day): no more uncovered traffic words or strong products to post from",
            )
        )


def new_listing_quality(inp: Inputs, rep: Report) -> None:
    """A product published in the last days whose quality score is under the minimum, naming what the
    editor's quality panel says is missing."""
    th = inp.th
    for row in inp.new_listings:
        if row["quality_score"] >= th.quality_min:
            continue
        missing = "；".join(row["missing"]) or "编辑器没有列出缺什么"
        rep.findings.append(
            Finding(
                rule="new_listing_quality",
                severity="medium",
                items=[str(row["id"])],
                value=row["quality_score"],
                threshold=th.quality_min,
                message=f"新品「{row['title']}」质量分 {row['quality_score']:g}，低于 {th.quality_min:g}：{missing}",
                message_en=f"new product '{row['title']}' scored {row['quality_score']:g}, under "
                f"{th.quality_min:g}: {'; '.join(row['missing']) or 'the editor names nothing'}",
            )
        )

"""1688 (诚信通) rules from seed 003, in the operators' words.

- 询盘 under 10 a day is an alarm (check traffic, 网销宝, titles, ranks); yesterday's unanswered
  inquiries are followed up;
- 生意参谋: free traffic down means the main offers' titles need work; paid traffic down means the
  网销宝 keywords need work;
- 网销宝: keywords with no impressions and no clicks are imprecise (replace them); spend without
  sales, or a return under 1, is money lost;
- 旺铺评分 at least 90; at least 80% of the offers on sale with 5-star information;
- 商品体验中心: violations and low-quality offers;
- titles for 10 offers a day (4+2 keyword combinations, a regional word allowed, no stuffing, not
  the same offer two days running);
- showcase offers swapped every 15 days;
- a standing re-publish plan (four rounds a day) proposed while none is in force.

The rules read what the routines gathered (`Inputs`) and return findings and typed suggestions;
nothing here touches the site."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pandas as pd

from agent.diagnosis.model import Finding, Report, SiteInputs, Suggestion, apply_rules

from .limits import LIMITS
from .thresholds import Thresholds

REGIONS = ("义乌", "深圳", "广州", "宁波", "东莞", "杭州", "温州", "永康", "中山", "佛山", "汕头", "泉州")
LEAD = "源头工厂"
PROMO = ("厂家直销", "源头工厂", "批发", "跨境专供", "新款", "爆款", "热卖", "包邮")


@dataclass(kw_only=True)
class Inputs(SiteInputs):
    """Everything 1688's rules read, as Alibaba.com's do: stored metrics and the screens' rows as frames
    of the page models' rows (`frame`), a screen's summary as a dict."""

    sycm: pd.DataFrame = field(default_factory=pd.DataFrame)  # stored 生意参谋 days (metric_sycm)
    sycm_keywords: list[str] = field(default_factory=list)  # buyers' search words of 7 days, most visitors first
    wxb_week: pd.DataFrame = field(default_factory=pd.DataFrame)  # 网销宝 keywords over the week (WxbKeyword)
    workbench: dict = field(default_factory=dict)  # 工作台 (WorkbenchSummary)
    offers: pd.DataFrame = field(default_factory=pd.DataFrame)  # on sale (Offer)
    problems: pd.DataFrame = field(default_factory=pd.DataFrame)  # 商品体验中心 (OfferProblem)
    showcase: pd.DataFrame = field(default_factory=pd.DataFrame)  # showcase slots (ShowcaseSlot)
    inquiries: pd.DataFrame = field(default_factory=pd.DataFrame)  # 询价 (CbuInquiry)
    ranks: pd.DataFrame = field(default_factory=pd.DataFrame)  # latest rank snapshot
    titled_yesterday: set[str] = field(default_factory=set)  # offers titled yesterday, or with a title suggestion open
    plan_open: bool = False  # a re-publish plan is proposed, in force or paused
    hourly_uv: list[int] = field(default_factory=list)  # yesterday's visitors by hour (生意参谋)
    th: Thresholds = field(default_factory=Thresholds)  # the store's thresholds


def _f(rule: str, severity: str, message: str, message_en: str, **kw) -> Finding:
    """A finding said in both languages (the reports and the review page follow the store's `lang`)."""
    return Finding(rule=rule, severity=severity, message=message, message_en=message_en, **kw)


def inquiries(inp: Inputs, rep: Report) -> None:
    day = inp.sycm[inp.sycm["date"] == inp.data_date] if len(inp.sycm) else inp.sycm
    if len(day):
        n, least = int(day.iloc[0]["inquiries"]), inp.th.inquiries_min
        if n < least:
            rep.findings.append(
                _f(
                    "inquiries_low",
                    "high",
                    f"昨天询盘 {n} 个，少于 {least} 个：立即检查流量、网销宝、主推产品标题和关键词排名",
                    f"{n} inquiries yesterday, fewer than {least}: check traffic, 网销宝, the main offers' titles "
                    "and keyword ranks now",
                    metric="inquiries",
                    value=n,
                    threshold=least,
                )
            )
    q = inp.inquiries
    late = q[~q["replied"].astype(bool) & (pd.to_datetime(q["received"]).dt.date <= inp.data_date)] if len(q) else q
    if len(late):
        rep.findings.append(
            _f(
                "inquiries_unanswered",
                "medium",
                f"{len(late)} 个询盘尚未回复（昨天及以前）：今天跟进",
                f"{len(late)} inquiries from yesterday or before are unanswered: follow them up today",
                items=list(late["id"]),
            )
        )


def traffic(inp: Inputs, rep: Report) -> None:
    s = inp.sycm.sort_values("date") if len(inp.sycm) else inp.sycm
    today = s[s["date"] == inp.data_date] if len(s) else s
    before = s[(s["date"] < inp.data_date) & (s["date"] >= inp.data_date - timedelta(days=7))] if len(s) else s
    if not len(today) or len(before) < 3:
        return
    for col, rule, what, advice, what_en, advice_en in (
        (
            "free_uv",
            "free_traffic_down",
            "免费流量",
            "优化主推产品标题（见标题建议）",
            "free traffic",
            "work on the main offers' titles (see the title suggestions)",
        ),
        (
            "paid_uv",
            "paid_traffic_down",
            "付费流量",
            "检查网销宝关键词：把不精准、无展现无点击的词换成热门精准词",
            "paid traffic",
            "check the 网销宝 keywords: swap imprecise ones without impressions or clicks for popular precise ones",
        ),
    ):
        now, avg = float(today.iloc[0][col]), float(before[col].mean())
        if avg and now < (1 - inp.th.traffic_drop) * avg:
            rep.findings.append(
                _f(
                    rule,
                    "high",
                    f"{what}下降：昨天 {now:.0f} 访客，前 7 天平均 {avg:.0f}（{now / avg - 1:+.0%}）；{advice}",
                    f"{what_en} down: {now:.0f} visitors yesterday against {avg:.0f} a day the week before "
                    f"({now / avg - 1:+.0%}); {advice_en}",
                    metric=col,
                    value=now,
                    threshold=round((1 - inp.th.traffic_drop) * avg, 1),
                )
            )


def wxb_findings(week: pd.DataFrame) -> list[Finding]:
    """The week's 网销宝 keywords (a frame of WxbKeyword rows): dead words, words that spend without a
    sale, and the week's ROI."""
    out: list[Finding] = []
    if week.empty:
        return out
    dead = week[(week["status"] == "推广中") & (week["impressions"] == 0) & (week["clicks"] == 0)]
    if len(dead):
        out.append(
            _f(
                "wxb_imprecise",
                "medium",
                f"{len(dead)} 个网销宝关键词 7 天无展现无点击：换成精准词 —— " + "、".join(dead["keyword"]),
                f"{len(dead)} 网销宝 keywords without impressions or clicks in 7 days: swap them for precise ones — "
                + ", ".join(dead["keyword"]),
                items=list(dead["keyword_id"]),
            )
        )
    lost = week[(week["spend"] > 0) & (week["sales"] == 0)]
    if len(lost):
        out.append(
            _f(
                "wxb_no_sales",
                "high",
                f"{len(lost)} 个网销宝关键词 7 天花费 "
                f"{lost['spend'].sum():.2f} 元无成交（投产比 0）：降价或替换 —— " + "、".join(lost["keyword"]),
                f"{len(lost)} 网销宝 keywords spent {lost['spend'].sum():.2f} yuan in 7 days without a sale "
                "(ROI 0): lower their bids or replace them — " + ", ".join(lost["keyword"]),
                items=list(lost["keyword_id"]),
            )
        )
    spend, sales = float(week["spend"].sum()), float(week["sales"].sum())
    if spend and sales / spend < 1:
        out.append(
            _f(
                "wxb_roi",
                "high",
                f"网销宝 7 天投产比 {sales / spend:.2f}（花费 {spend:.2f} 元，成交 {sales:.2f} 元），低于 1",
                f"网销宝 ROI over 7 days is {sales / spend:.2f} (spent {spend:.2f} yuan, sold {sales:.2f}): under 1",
                metric="roi",
                value=round(sales / spend, 2),
                threshold=1.0,
            )
        )
    return out


def store_quality(inp: Inputs, rep: Report) -> None:
    score = float(inp.workbench["shop_score"])  # the rule runs only when the 工作台 was read
    least = inp.th.shop_score_min
    if score < least:
        rep.findings.append(
            _f(
                "shop_score",
                "high",
                f"旺铺评分 {score:.0f}，低于 {least:.0f}：完善公司介绍和资料",
                f"store score (旺铺评分) {score:.0f} is under {least:.0f}: complete the company profile",
                metric="shop_score",
                value=score,
                threshold=least,
            )
        )
    offers = inp.offers
    rated = offers[offers["info_stars"].notna()] if len(offers) else offers
    if len(rated):
        weak = rated[rated["info_stars"] < 5]
        share = 1 - len(weak) / len(rated)
        if share < inp.th.five_star_share_min:
            rep.findings.append(
                _f(
                    "five_star_share",
                    "medium",
                    f"销售中产品五星信息占 {share:.0%}，低于 {inp.th.five_star_share_min:.0%}："
                    f"补足 3 张主图、5 张以上详情图（{len(weak)} 个产品）",
                    f"{share:.0%} of the offers on sale have 5-star information, under "
                    f"{inp.th.five_star_share_min:.0%}: give them 3 main and 5+ detail pictures ({len(weak)} offers)",
                    metric="five_star_share",
                    value=round(share, 4),
                    threshold=inp.th.five_star_share_min,
                    items=list(weak["id"]),
                )
            )
    for kind, sev, what, what_en in (
        ("violation", "high", "违规下架", "taken down for a violation"),
        ("low_quality", "medium", "低质产品", "low-quality offers"),
    ):
        hit = inp.problems[inp.problems["kind"] == kind] if len(inp.problems) else inp.problems
        if len(hit):
            first = list(hit.head(5).itertuples())
            rep.findings.append(
                _f(
                    kind,
                    sev,
                    f"商品体验中心：{len(hit)} 个{what} —— " + "；".join(f"{p.title}（{p.problem}）" for p in first),
                    f"商品体验中心: {len(hit)} {what_en} — " + "; ".join(f"{p.title} ({p.problem})" for p in first),
                    items=list(hit["offer_id"]),
                )
            )


def product_word(title: str, words: list[str]) -> str | None:
    """The product word of a title: the longest ending that at least two buyers' search words share
    and the title contains (便携蓝牙音箱, 无线蓝牙音箱 -> 蓝牙音箱)."""
    best = None
    for w in words:
        for i in range(len(w) - 1):
            tail = w[i:]
            if (
                (best is None or len(tail) > len(best))
                and tail in title
                and sum(1 for x in words if x.endswith(tail)) >= 2
            ):
                best = tail
    return best


def _endings(title: str, core: str, product: str, region: str, words: list[str]) -> list[str]:
    """The "+2" after the core, from the offer's own words and the buyers' search words: its region, a
    searched modifier the core lacks, its own lead word (源头工厂 / 厂家直销) only when it says so —
    two of them, else one, else none. Titles end as differently as the offers are."""
    searched = next(
        (
            w[: -len(product)]
            for w in words
            if w.endswith(product) and w[: -len(product)] and w[: -len(product)] not in core
        ),
        "",
    )
    own_lead = next((p for p in (LEAD, "厂家直销") if p in title), "")
    pool = [x for x in (region, searched, own_lead) if x]
    pairs = [pool[i] + pool[j] for i in range(len(pool)) for j in range(i + 1, len(pool))]
    return [*pairs, *pool, ""]


def title_parts(title: str, words: list[str]) -> dict | None:
    """4+2: the core words (the title's own modifiers, those buyers searched for first, then the
    product word), plus a regional word and a lead. Only words the offer already claims are used
    (a title must say what the product is); promotional filler goes; each word once; at most 30
    characters."""
    product = product_word(title, words)
    if product is None:
        return None
    head = title[: title.index(product)]
    for p in PROMO:
        head = head.replace(p, "")
    searched = [w[: -len(product)] for w in words if w.endswith(product) and w != product]
    mine = [m for m in dict.fromkeys(searched) if m and m in head]
    rest = head
    for m in mine:
        rest = rest.replace(m, "", 1)
    core = "".join(mine) + rest + product
    region = next((r for r in REGIONS if r in title), "")
    for extra in _endings(title, core, product, region, words):
        out = core + extra
        if len(out) <= LIMITS.TITLE_MAX:
            if out == title:
                return None
            dropped = [p for p in PROMO if p in title and p not in out] + (
                [tail] if (tail := title[title.index(product) + len(product) :].replace(region, "")) else []
            )
            return {
                "title": out,
                "core": core,
                "searched": [m + product for m in mine],
                "extra": extra,
                "dropped": dropped,
            }
    return None


def titles(inp: Inputs, rep: Report) -> None:
    ranked = set(inp.ranks["product_id"].dropna().astype(str)) if len(inp.ranks) else set()
    o = inp.offers
    cands = (
        o[~o["id"].isin(inp.titled_yesterday)]
        .assign(ranked=lambda x: x["id"].isin(ranked), stars=lambda x: x["info_stars"].fillna(0))
        .sort_values(["ranked", "stars", "modified", "id"])
        if len(o)
        else o
    )
    n = 0
    for o in cands.itertuples():
        if n >= inp.th.titles_a_day:
            break
        t = title_parts(o.title, inp.sycm_keywords)
        if t is None:
            continue
        n += 1
        why = [
            f"核心词「{t['core']}」在前" + (f"（买家近 7 天搜索：{'、'.join(t['searched'])}）" if t["searched"] else "")
        ]
        if t["extra"]:
            why.append(f"加「{t['extra']}」")
        if t["dropped"]:
            why.append(f"去掉「{'、'.join(t['dropped'])}」")
        rep.suggestions.append(
            Suggestion.make(
                kind="offer_title",
                target=o.id,
                rationale="标题优化（4+2 关键词组合，不堆砌）：" + "，".join(why),
                rationale_en=f"title: core word '{t['core']}' first (4+2 keywords, no stuffing)"
                + (f", searched by buyers in 7 days: {', '.join(t['searched'])}" if t["searched"] else ""),
                evidence={"title": o.title, "search_words": t["searched"], "site_day": inp.today.isoformat()},
                precondition={"title": o.title},
                value={"title": t["title"]},
            )
        )
    if n:
        rep.findings.append(
            _f(
                "titles_today",
                "low",
                f"今天建议优化 {n} 个产品标题（不含昨天已建议的产品）",
                f"{n} offer titles to work on today (none suggested yesterday)",
                items=[s.target for s in rep.suggestions if s.kind == "offer_title"],
            )
        )


def showcase(inp: Inputs, rep: Report) -> None:
    slots = inp.showcase
    shown = set(slots["offer_id"]) if len(slots) else set()
    ranked = inp.ranks.dropna(subset=["product_id"]) if len(inp.ranks) else inp.ranks
    best = ranked.groupby("product_id")["rank"].min().to_dict() if len(ranked) else {}
    o = inp.offers
    spare = (
        list(
            o[~o["id"].isin(shown) & (o["info_stars"].fillna(0) >= 5)]
            .assign(
                best=lambda x: x["id"].map(lambda i: best.get(i, 10**6)),
                newest=lambda x: -pd.to_datetime(x["modified"]).map(pd.Timestamp.timestamp),
            )
            .sort_values(["best", "newest", "id"])
            .itertuples()
        )
        if len(o)
        else []
    )
    for slot in slots.sort_values("since").itertuples() if len(slots) else []:
        days = (inp.today - slot.since).days
        if days < inp.th.showcase_days or not spare:
            continue
        new = spare.pop(0)
        rep.suggestions.append(
            Suggestion.make(
                kind="showcase_swap",
                target=slot.offer_id,
                rationale=f"橱窗产品「{slot.title}」已放 {days} 天（每 {inp.th.showcase_days} 天更换）："
                f"换成五星信息产品「{new.title}」",
                rationale_en=f"showcase offer '{slot.title}' has been shown {days} days "
                f"(swap every {inp.th.showcase_days}): "
                f"show the 5-star offer '{new.title}'",
                evidence={"title": slot.title, "since": slot.since.isoformat(), "days": days, "new_title": new.title},
                precondition={"in_showcase": True},
                value={"new_offer": new.id},
            )
        )


def round_times(hourly: list[int]) -> tuple[list[str], list[int]]:
    """Seed 003: re-publish half an hour before the store's own visitor peaks — the four busiest hours
    whose round falls between 08:00 and 18:00 — else at 08:30, 11:30, 14:30, 16:30."""
    if len(hourly) != 24 or not sum(hourly):
        return list(LIMITS.ROUNDS), []
    usable = range(9, LIMITS.REPOST_LAST_HOUR + 1)  # a round at hh-1:30, before 18:00
    peaks = sorted(sorted(usable, key=lambda h: (-hourly[h], h))[: len(LIMITS.ROUNDS)])
    return [f"{h - 1:02d}:30" for h in peaks], peaks


def republish_plan(inp: Inputs, rep: Report) -> None:
    if inp.plan_open or inp.offers.empty:
        return
    n = len(inp.offers)
    times, peaks = round_times(inp.hourly_uv)
    when = f"访客高峰 {'、'.join(f'{h}点' for h in peaks)} 前半小时" if peaks else "默认时间"
    rep.suggestions.append(
        Suggestion.make(
            kind="republish_plan",
            target="plan",
            rationale=f"每天 {len(times)} 次重发（{'、'.join(times)}，{when}），每个销售中产品每天重发一次（现有 {n} 个）；"
            "批准一次后按计划执行，可随时暂停或撤销",
            rationale_en=f"re-publish {len(times)} times a day ({', '.join(times)}), each of the {n} offers on sale once a day; "
            "approved once, carried out by the schedule, can be paused or revoked",
            evidence={"offers_on_sale": n, "visitor_peaks": peaks},
            precondition={},
            value={"offers": None, "times": times, "daily_cap": min(LIMITS.REPOST_DAILY_LIMIT, max(n, 1))},
        )
    )


RULES = [  # (group, name, fn, the inputs it reads)
    ("1688", "inquiries", inquiries, ("inquiries",)),
    ("1688", "traffic", traffic, ("sycm",)),
    ("1688", "wxb", lambda inp, rep: rep.findings.extend(wxb_findings(inp.wxb_week)), ("wxb_week",)),
    ("1688", "store_quality", store_quality, ("workbench", "offers", "problems")),
    ("1688", "titles", titles, ("offers", "sycm_keywords")),
    ("1688", "showcase", showcase, ("showcase", "offers")),
    ("1688", "republish_plan", republish_plan, ("offers", "hourly_uv")),
]


def diagnose(inp: Inputs) -> Report:
    """Every rule whose inputs were read; the others named in `skipped` with the screens they lack."""
    rep = Report(store=inp.store, data_date=inp.data_date, site_today=inp.today)
    apply_rules(inp, rep, RULES, {"1688"})
    return rep

"""What goes into each report, read from the database with pandas."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pandas as pd

from ..diagnosis.model import Benchmark
from ..queue.store import STATES, Queue
from ..storage import Database
from ..storage import models as m
from .labels import VALUES, kind_words, label

METRICS = ("impressions", "clicks", "visitors", "inquiries")


SITE_DAY_TABLES = (
    m.metric_overview,
    m.metric_traffic_keyword,
    m.metric_p4p_keyword,
    m.metric_sycm,
    m.metric_wxb_keyword,
)


def site_now(db: Database, store: str) -> datetime:
    """The site's clock for a store's report: the site's time at its latest run, else the end of
    the latest day its metrics cover (never the machine's clock: the data are the site's days)."""
    t = db.site_time(store)
    if t is not None:
        return t
    days = [pd.to_datetime(f["date"]).max() for f in (db.frame(tb, store=store) for tb in SITE_DAY_TABLES) if len(f)]
    if not days:
        raise LookupError(
            f"nothing read from the site yet for store {store!r}: run 'storeagent run metrics --store {store}' first"
        )
    return datetime.combine(max(days).date() + timedelta(days=1), time(), tzinfo=UTC)


def placed(db: Database, store: str, r: pd.DataFrame, tz=UTC) -> pd.DataFrame:
    """Own placements with one figure each — `place`: the place among organic results for an organic
    placement (what people call 自然排名), the place on the page for a paid one — the day it was
    checked in the store's zone, and the product's name (its title as the search showed it, else as
    the product list has it, else its id)."""
    cols = ["keyword", "product_id", "name", "kind", "taken_at", "day", "place", "page", "position"]
    r = r.dropna(subset=["product_id"])
    if r.empty:
        return pd.DataFrame(columns=cols)
    r = r.copy()
    r["taken_at"] = pd.to_datetime(r["taken_at"], utc=True)
    r["day"] = r["taken_at"].dt.tz_convert(tz).dt.date
    organic = r["kind"] == "organic"
    r["place"] = r["rank"].where(~organic | r["organic_rank"].isna(), r["organic_rank"]).astype(int)
    titles = r.dropna(subset=["title"]).drop_duplicates("product_id", keep="last").set_index("product_id")["title"]
    listed = db.frame(m.metric_product, store=store)
    if len(listed):
        listed = listed.dropna(subset=["title"]).drop_duplicates("product_id", keep="last")
        titles = pd.concat([listed.set_index("product_id")["title"], titles])
        titles = titles[~titles.index.duplicated(keep="last")]
    r["name"] = r["product_id"].map(titles).fillna(r["product_id"])
    return r[cols]


def best_places(p: pd.DataFrame, per_keyword: int = 3) -> pd.DataFrame:
    """The latest check's best-placed products: per keyword and kind the best `per_keyword`, one
    row per product (its best place), as the chart draws them."""
    if p.empty:
        return pd.DataFrame(columns=["keyword", "name", "kind", "place", "page", "position"])
    last = p[p["taken_at"] == p["taken_at"].max()].sort_values("place")
    one = last.groupby(["keyword", "product_id", "kind"], as_index=False).first()
    top = one.sort_values("place").groupby(["keyword", "kind"]).head(per_keyword)
    return top.sort_values(["keyword", "kind", "place"])[["keyword", "name", "kind", "place", "page", "position"]]


def place_days(p: pd.DataFrame) -> pd.DataFrame:
    """The best place a day of each keyword, product and kind."""
    if p.empty:
        return pd.DataFrame(columns=["keyword", "product_id", "name", "kind", "day", "place"])
    return p.groupby(["keyword", "product_id", "name", "kind", "day"], as_index=False)["place"].min()


def place_changes(days: pd.DataFrame) -> pd.DataFrame:
    """What changed over the period: each keyword and product whose best place on its first day
    differs from its last day (a product that appeared or fell off included), moved up first."""
    cols = ["keyword", "name", "kind", "first", "last", "change"]
    if days.empty or days["day"].nunique() < 2:
        return pd.DataFrame(columns=cols)
    d0, d1 = days["day"].min(), days["day"].max()
    key = ["keyword", "product_id", "name", "kind"]
    a = days[days["day"] == d0].set_index(key)["place"].rename("first")
    b = days[days["day"] == d1].set_index(key)["place"].rename("last")
    both = pd.concat([a, b], axis=1).reset_index()
    both["change"] = both["first"] - both["last"]  # positive: moved up
    moved = both[(both["change"] != 0) | both["first"].isna() | both["last"].isna()]
    return moved.sort_values(["change", "keyword"], ascending=[False, True], na_position="last")[cols].astype(
        {"first": "Int64", "last": "Int64", "change": "Int64"}
    )


def best_lines(days: pd.DataFrame, lines: int = 8):
    """The `lines` best-placed (keyword, name, kind) of `place_days`, each with its days, best first."""
    best = days.groupby(["keyword", "name", "kind"])["place"].min().sort_values().index[:lines]
    for kw, name, kind in best:
        yield kw, name, kind, days[(days["keyword"] == kw) & (days["name"] == name) & (days["kind"] == kind)]


def place_pivot(days: pd.DataFrame, lines: int = 8, paid: str = "P4P", lang: str = "zh") -> pd.DataFrame:
    """Day × the best-placed products' lines, for the workbook's line chart."""
    if days.empty:
        return pd.DataFrame(columns=["day"])
    words = kind_words(lang, paid)
    out = pd.DataFrame({"day": sorted(days["day"].unique())})
    for kw, name, kind, line in best_lines(days, lines):
        out[f"{kw} · {str(name)[:30]}（{words.get(kind, kind)}）"] = (
            out["day"].map(line.set_index("day")["place"]).astype("Int64")
        )
    return out


def _latest(df: pd.DataFrame, col: str) -> pd.DataFrame:
    return df[df[col] == df[col].max()] if len(df) else df


SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


RULE_ZH = {
    "below peer average: target the peer average": "低于同行平均：目标为同行平均",
    "above peer average: target industry excellent": "高于同行平均：目标为行业优秀",
    "above industry excellent: target last month": "高于行业优秀：目标为上月日均",
}


UNREAD_COLUMNS = ["routine", "screen", "reason", "skipped_rules", "finished", "detail"]


def unread_screens(db: Database, store: str, lang: str = "zh", tz=UTC) -> pd.DataFrame:
    """What the latest run of each routine could not read (agent/reports/unread.py), as a table."""
    from .unread import RECENT_RUNS, unread_rows

    return pd.DataFrame(unread_rows(db.runs(RECENT_RUNS), store, lang, tz), columns=UNREAD_COLUMNS)


def summary(ov: pd.DataFrame, bench: pd.DataFrame, findings: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """What a manager reads first: each KPI against its target and against the day before, then the
    five most serious findings as the actions of the day."""
    last, prev = ov.iloc[-1], (ov.iloc[-2] if len(ov) > 1 else None)
    yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
    rows = []
    for _, b in bench.iterrows():
        k = b["metric"]
        change = None if prev is None else float(last[k]) - float(prev[k])
        rows.append(
            {
                "item": label(k, lang),
                "value": float(b["value"]),
                "target": b["target"],
                "met": yes if b["value"] >= b["target"] else no,
                "change": change,
            }
        )
    return pd.DataFrame(rows + actions(findings, lang), columns=["item", "value", "target", "met", "change", "action"])


def actions(findings: pd.DataFrame, lang: str) -> list[dict]:
    """The five most serious findings, as the day's actions (summary rows)."""
    top = (
        findings.assign(o=findings["severity"].map(SEVERITY_ORDER)).sort_values("o").head(5)
        if len(findings)
        else findings
    )
    return [
        {
            "item": f"{'行动' if lang == 'zh' else 'Action'} {i}",
            "value": None,
            "target": None,
            "met": VALUES["severity"].get(f["severity"], (f["severity"],) * 2)[0 if lang == "zh" else 1],
            "change": None,
            "action": f["message"],
        }
        for i, (_, f) in enumerate(top.iterrows(), start=1)
    ]


def _in_lang(items: list[dict], lang: str, field: str) -> list[dict]:
    """Findings or suggestions with `field` in the report's language (the English one when there is one)."""
    return [{**x, field: x.get(f"{field}_en") or x.get(field)} if lang == "en" else x for x in items]


RATES = (("ctr", "clicks", "impressions"), ("conversion", "inquiries", "visitors"))


def period_sums(ov: pd.DataFrame, days: int, lang: str = "zh", metrics=METRICS, rates=RATES) -> pd.DataFrame:
    """Each KPI summed over the whole period (the last `days` days stored) against the period before,
    with the rates recomputed from the sums, and how many days the sums cover. The period before is
    compared only when it covers as many days (a 7-day week against 1 stored day says nothing);
    `attrs["percent_items"]`: the rows that are rates (shown as percentages)."""
    if ov.empty:
        return pd.DataFrame(columns=["item", "this_period", "previous_period", "change", "days"])
    d = pd.to_datetime(ov["date"])
    end = d.max()
    cur = ov[d > end - pd.Timedelta(days=days)]
    prev = ov[(d <= end - pd.Timedelta(days=days)) & (d > end - pd.Timedelta(days=2 * days))]
    if len(prev) != len(cur):
        prev = prev.iloc[0:0]
    rows = []
    for k in metrics:
        a, b = float(cur[k].sum()), (float(prev[k].sum()) if len(prev) else None)
        rows.append(
            {"item": label(k, lang), "this_period": a, "previous_period": b, "change": None if b is None else a - b}
        )
    for k, num, den in rates:
        a = float(cur[num].sum()) / float(cur[den].sum()) if cur[den].sum() else 0.0
        b = (float(prev[num].sum()) / float(prev[den].sum()) if prev[den].sum() else 0.0) if len(prev) else None
        rows.append(
            {
                "item": label(k, lang),
                "this_period": round(a, 4),
                "previous_period": None if b is None else round(b, 4),
                "change": None if b is None else round(a - b, 4),
            }
        )
    out = pd.DataFrame(rows)
    out["days"] = len(cur)
    out.attrs["percent_items"] = [label(k, lang) for k, _, _ in rates]
    return out


def daily(db: Database, store: str, lang: str = "zh", tz=UTC) -> dict:
    ov = db.frame(m.metric_overview, store=store).sort_values("date")
    if ov.empty:
        raise LookupError(f"no metrics stored for store {store!r}: run 'storeagent run metrics' first")
    last = ov.iloc[-1]
    bench = pd.DataFrame(
        [
            {
                "metric": k,
                **Benchmark.of(
                    float(last[k]),
                    float(last[f"peer_{k}"]),
                    float(last[f"excellent_{k}"]),
                    float(last[f"last_month_{k}"]),
                ).model_dump(),
            }
            for k in METRICS
        ]
    )
    diag = db.last_run(store, "diagnose")
    report = (diag or {}).get("details") or {}
    findings = pd.DataFrame(
        _in_lang(report.get("report", {}).get("findings", []), lang, "message"), columns=["rule", "severity", "message"]
    )
    shown = findings[["severity", "message"]]  # the rule's id is the program's; people read the finding
    bench_shown = bench.assign(
        metric=bench["metric"].map(lambda k: label(k, lang)),
        rule=bench["rule"].map(lambda r: RULE_ZH.get(r, r) if lang == "zh" else r),
    )
    ranks = best_places(placed(db, store, _latest(db.frame(m.rank_snapshots, store=store), "taken_at"), tz))
    q = Queue(db).list(store=store)
    queue = pd.DataFrame([{"state": s, "count": sum(1 for r in q if r.state == s)} for s in STATES])
    proposed = pd.DataFrame(
        [
            {
                "id": r.id,
                "what": (words := r.describe(lang))[0],
                "before_after": f"{words[1]} → {words[2]}",
                "rationale": (r.rationale_en if lang == "en" else None) or r.rationale,
            }
            for r in q
            if r.state == "proposed"
        ],
        columns=["id", "what", "before_after", "rationale"],
    )
    shop = pd.DataFrame(
        report.get("shop_visits", []),
        columns=["page", "visitors", "avg_stay_s", "pages_per_visit", "inquiries", "clicks"],
    )
    top = pd.DataFrame(
        report.get("top_display", []), columns=["keyword", "title", "impressions", "clicks", "inquiries"]
    )
    cust = (db.last_run(store, "customers") or {}).get("details") or {}
    cards = pd.DataFrame(cust.get("name_cards_yesterday", []), columns=["company", "contact", "country", "created"])
    return {
        "date": last["date"],
        "overview": ov,
        "trend_days": ov[["date", *METRICS]].tail(30).iloc[::-1],
        "benchmarks": bench,
        "findings": findings,
        "rankings": ranks,
        "findings_shown": shown,
        "benchmarks_shown": bench_shown,
        "summary": summary(ov, bench, findings, lang),
        "shop_visits": shop,
        "top_display": top,
        "name_cards": cards,
        "queue": queue,
        "proposed": proposed,
        "rates": {
            "ctr": float(last["ctr"]),
            "conversion": float(last["conversion"]),
            "search_share": float(last["search_share"]),
        },
    }


def week_places(db: Database, store: str, since: datetime, tz=UTC) -> pd.DataFrame:
    """The store's own placements since `since`, each with its place, day and name (`placed`)."""
    r = db.frame(m.rank_snapshots, store=store).dropna(subset=["product_id"])
    if len(r):
        r["taken_at"] = pd.to_datetime(r["taken_at"], utc=True)
        r = r[r["taken_at"] >= since]
    return placed(db, store, r, tz)


def weekly(db: Database, store: str, now: datetime | None = None, lang: str = "zh", tz=UTC) -> dict:
    now = now or site_now(db, store)
    since = now - timedelta(days=7)
    days = place_days(week_places(db, store, since, tz))
    tk = db.frame(m.metric_traffic_keyword, store=store)
    if len(tk):  # the whole week, not its last day
        tk = tk[pd.to_datetime(tk["date"]) >= pd.Timestamp(since.date())]
        tk = tk.groupby("keyword", as_index=False)[["impressions", "clicks", "visitors", "inquiries"]].sum()
        tk["ctr"] = (tk["clicks"] / tk["impressions"]).where(tk["impressions"] > 0, 0).round(4)
        tk = tk.sort_values("impressions", ascending=False).head(20)
    p4p = db.frame(m.metric_p4p_keyword, store=store)
    if len(p4p):
        p4p = p4p[pd.to_datetime(p4p["date"]) >= pd.Timestamp(since.date())]
        p4p = p4p.groupby("keyword", as_index=False)[["impressions", "clicks", "spend", "inquiries"]].sum()
        p4p["ctr"] = (p4p["clicks"] / p4p["impressions"]).where(p4p["impressions"] > 0, 0).round(4)
        p4p = p4p.sort_values("spend", ascending=False)
    cust = (db.last_run(store, "customers") or {}).get("details") or {}
    revisit = pd.DataFrame(cust.get("revisit", []), columns=["company", "contact", "country", "last_contact", "days"])
    follow = pd.DataFrame(cust.get("follow_up", []), columns=["buyer", "country", "product", "received", "days"])
    ov = db.frame(m.metric_overview, store=store)
    return {
        "now": now,
        "totals": period_sums(ov, 7, lang),
        "revisit": revisit,
        "follow_up": follow,
        "rank_changes": place_changes(days),
        "rank_days": days,
        "traffic_keywords": tk[["keyword", "impressions", "clicks", "visitors", "inquiries", "ctr"]] if len(tk) else tk,
        "p4p": p4p,
    }


def month_of_inquiries(db: Database, store: str, now: datetime) -> pd.DataFrame:
    """The inquiries stored for the store over the 31 days before `now` (the site's clock;
    LookupError when there are none)."""
    q = db.frame(m.inquiries_seen, store=store)
    if len(q):
        q["received"] = pd.to_datetime(q["received"], utc=True)
        q = q[q["received"] >= now - timedelta(days=31)]
    if q.empty:
        raise LookupError(
            f"no inquiries stored for store {store!r} in the last month: run 'storeagent run inquiries' first"
        )
    return q


def monthly(db: Database, store: str, now: datetime | None = None, lang: str = "zh") -> dict:
    now = now or site_now(db, store)
    q = month_of_inquiries(db, store, now)
    totals = period_sums(db.frame(m.metric_overview, store=store), 30, lang)
    by_country = q.groupby("country").agg(inquiries=("inquiry_id", "count"), replied=("replied", "sum")).reset_index()
    by_country["unreplied"] = by_country["inquiries"] - by_country["replied"]
    by_product = (
        q.groupby("product_title")
        .agg(inquiries=("inquiry_id", "count"))
        .reset_index()
        .sort_values("inquiries", ascending=False)
    )
    local = q["received"] + pd.to_timedelta(q["tz_offset"].fillna(0), unit="h")
    heat = (
        pd.crosstab(local.dt.day_of_week, local.dt.hour)
        .reindex(index=range(7), columns=range(24), fill_value=0)
        .rename_axis(index=None, columns=None)
    )
    return {
        "now": now,
        "totals": totals,
        "inquiries": q,
        "by_country": by_country.sort_values("inquiries", ascending=False),
        "by_product": by_product,
        "heatmap": heat,
    }

"""What goes into each report, read from the database with pandas."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pandas as pd

from ..diagnosis.model import Benchmark
from ..queue.store import STATES, Queue
from ..storage import Database
from ..storage import models as m
from .labels import label

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
            f"nothing read from the site yet for store {store!r}: run 'python -m agent run metrics --store {store}' first"
        )
    return datetime.combine(max(days).date() + timedelta(days=1), time(), tzinfo=UTC)


def _latest(df: pd.DataFrame, col: str) -> pd.DataFrame:
    return df[df[col] == df[col].max()] if len(df) else df


SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


RULE_ZH = {
    "below peer average: target the peer average": "低于同行平均：目标为同行平均",
    "above peer average: target industry excellent": "高于同行平均：目标为行业优秀",
    "above industry excellent: target last month": "高于行业优秀：目标为上月日均",
}
SEVERITY = {"zh": {"high": "高", "medium": "中", "low": "低"}, "en": {"high": "high", "medium": "medium", "low": "low"}}


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
            "met": SEVERITY[lang if lang in SEVERITY else "zh"].get(f["severity"], f["severity"]),
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
    with the rates recomputed from the sums, and how many days the sums cover."""
    if ov.empty:
        return pd.DataFrame(columns=["item", "this_period", "previous_period", "change", "days"])
    d = pd.to_datetime(ov["date"])
    end = d.max()
    cur = ov[d > end - pd.Timedelta(days=days)]
    prev = ov[(d <= end - pd.Timedelta(days=days)) & (d > end - pd.Timedelta(days=2 * days))]
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
    return out


def daily(db: Database, store: str, lang: str = "zh") -> dict:
    ov = db.frame(m.metric_overview, store=store).sort_values("date")
    if ov.empty:
        raise LookupError(f"no metrics stored for store {store!r}: run 'python -m agent run metrics' first")
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
    shown = findings.rename(columns={"rule": "rule_id"}).assign(
        severity=findings["severity"].map(SEVERITY[lang]).fillna(findings["severity"])
    )
    bench_shown = bench.assign(
        metric=bench["metric"].map(lambda k: label(k, lang)),
        rule=bench["rule"].map(lambda r: RULE_ZH.get(r, r) if lang == "zh" else r),
    )
    ranks = _latest(db.frame(m.rank_snapshots, store=store), "taken_at").dropna(subset=["product_id"])
    # the best place of each product per keyword and kind, not every placement
    ranks = (
        ranks.sort_values("rank")
        .groupby(["keyword", "product_id", "kind"], as_index=False)
        .first()[["keyword", "product_id", "kind", "rank", "organic_rank", "page", "position"]]
        .sort_values(["keyword", "rank"])
    )
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
        report.get("top_display", []), columns=["keyword", "title", "product_id", "impressions", "clicks", "inquiries"]
    )
    cust = (db.last_run(store, "customers") or {}).get("details") or {}
    cards = pd.DataFrame(cust.get("name_cards_yesterday", []), columns=["company", "contact", "country", "created"])
    return {
        "date": last["date"],
        "overview": ov,
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


def weekly(db: Database, store: str, now: datetime | None = None, lang: str = "zh") -> dict:
    now = now or site_now(db, store)
    since = now - timedelta(days=7)
    r = db.frame(m.rank_snapshots, store=store).dropna(subset=["product_id"])
    if len(r):
        r["taken_at"] = pd.to_datetime(r["taken_at"], utc=True)
        r = r[r["taken_at"] >= since]
    changes = pd.DataFrame(columns=["keyword", "product_id", "kind", "first", "last", "change"])
    if len(r):
        best = (
            r.groupby(["keyword", "product_id", "kind", "taken_at"])["rank"].min().reset_index().sort_values("taken_at")
        )
        g = best.groupby(["keyword", "product_id", "kind"])["rank"]
        changes = pd.DataFrame({"first": g.first(), "last": g.last()}).reset_index()
        changes["change"] = changes["first"] - changes["last"]  # positive: moved up
        changes = changes.sort_values(["keyword", "last"])
    tk = db.frame(m.metric_traffic_keyword, store=store)
    if len(tk):  # the whole week, not its last day
        tk = tk[pd.to_datetime(tk["date"]) >= pd.Timestamp(since.date())]
        tk = tk.groupby("keyword", as_index=False)[["impressions", "clicks", "visitors", "inquiries"]].sum()
        tk["ctr"] = (tk["clicks"] / tk["impressions"]).where(tk["impressions"] > 0, 0).round(4)
        tk = tk.sort_values("impressions", ascending=False).head(20)
    p4p = db.frame(m.metric_p4p_keyword, store=store)
    if len(p4p):
        p4p = p4p[pd.to_datetime(p4p["date"]) >= pd.Timestamp(since.date())]
        p4p = p4p.groupby(["keyword_id", "keyword"], as_index=False)[
            ["impressions", "clicks", "spend", "inquiries"]
        ].sum()
        p4p["ctr"] = (p4p["clicks"] / p4p["impressions"]).where(p4p["impressions"] > 0, 0).round(4)
        p4p = p4p.sort_values("spend", ascending=False)
    cust = (db.last_run(store, "customers") or {}).get("details") or {}
    revisit = pd.DataFrame(cust.get("revisit", []), columns=["company", "contact", "country", "last_contact", "days"])
    follow = pd.DataFrame(
        cust.get("follow_up", []), columns=["inquiry_id", "buyer", "country", "product", "received", "days"]
    )
    ov = db.frame(m.metric_overview, store=store)
    return {
        "now": now,
        "totals": period_sums(ov, 7, lang),
        "revisit": revisit,
        "follow_up": follow,
        "rank_changes": changes,
        "traffic_keywords": tk[["keyword", "impressions", "clicks", "visitors", "inquiries", "ctr"]] if len(tk) else tk,
        "p4p": p4p,
        "ranks": r,
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
            f"no inquiries stored for store {store!r} in the last month: run 'python -m agent run inquiries' first"
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
    heat = pd.crosstab(local.dt.day_of_week, local.dt.hour).reindex(index=range(7), columns=range(24), fill_value=0)
    return {
        "now": now,
        "totals": totals,
        "inquiries": q,
        "by_country": by_country.sort_values("inquiries", ascending=False),
        "by_product": by_product,
        "heatmap": heat,
    }

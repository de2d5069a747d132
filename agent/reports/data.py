"""What goes into each report, read from the database with pandas."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd

from ..diagnosis.model import Benchmark
from ..queue.store import STATES, Queue
from ..storage import Database
from ..storage import models as m
from .labels import label

METRICS = ("impressions", "clicks", "visitors", "inquiries")


def _latest(df: pd.DataFrame, col: str) -> pd.DataFrame:
    return df[df[col] == df[col].max()] if len(df) else df


SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def summary(ov: pd.DataFrame, bench: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """What a manager reads first: each KPI against its target and against the day before, then the
    five most serious findings as the actions of the day."""
    last, prev = ov.iloc[-1], (ov.iloc[-2] if len(ov) > 1 else None)
    rows = []
    for _, b in bench.iterrows():
        k = b["metric"]
        change = None if prev is None else float(last[k]) - float(prev[k])
        rows.append({"item": label(k, "zh"), "value": float(b["value"]), "target": b["target"], "met": "是" if b["value"] >= b["target"] else "否",
                     "change": change})
    top = findings.assign(o=findings["severity"].map(SEVERITY_ORDER)).sort_values("o").head(5) if len(findings) else findings
    for i, (_, f) in enumerate(top.iterrows(), start=1):
        rows.append({"item": f"行动 {i}", "value": None, "target": None, "met": {"high": "高", "medium": "中", "low": "低"}.get(f["severity"], f["severity"]),
                     "change": None, "action": f["message"]})
    return pd.DataFrame(rows, columns=["item", "value", "target", "met", "change", "action"])


def daily(db: Database, store: str) -> dict:
    ov = db.frame(m.metric_overview, store=store).sort_values("date")
    if ov.empty:
        raise LookupError(f"no metrics stored for store {store!r}: run 'python -m agent run metrics' first")
    last = ov.iloc[-1]
    bench = pd.DataFrame([{"metric": k, **Benchmark.of(float(last[k]), float(last[f"peer_{k}"]), float(last[f"excellent_{k}"]),
                                                        float(last[f"last_month_{k}"])).model_dump()} for k in METRICS])
    diag = db.last_run(store, "diagnose")
    report = (diag or {}).get("details") or {}
    findings = pd.DataFrame(report.get("report", {}).get("findings", []), columns=["rule", "severity", "message"])
    ranks = _latest(db.frame(m.rank_snapshots, store=store), "taken_at").dropna(subset=["product_id"])
    # the best place of each product per keyword and kind, not every placement
    ranks = (ranks.sort_values("rank").groupby(["keyword", "product_id", "kind"], as_index=False).first()
             [["keyword", "product_id", "kind", "rank", "organic_rank", "page", "position"]].sort_values(["keyword", "rank"]))
    q = Queue(db).list(store=store)
    queue = pd.DataFrame([{"state": s, "count": sum(1 for r in q if r["state"] == s)} for s in STATES])
    proposed = pd.DataFrame([{"id": r["id"], "kind": r["kind"], "target": r["target"], "rationale": r["rationale"]}
                             for r in q if r["state"] == "proposed"], columns=["id", "kind", "target", "rationale"])
    shop = pd.DataFrame(report.get("shop_visits", []), columns=["page", "visitors", "avg_stay_s", "pages_per_visit", "inquiries", "clicks"])
    top = pd.DataFrame(report.get("top_display", []), columns=["keyword", "title", "product_id", "impressions", "clicks", "inquiries"])
    cust = (db.last_run(store, "customers") or {}).get("details") or {}
    cards = pd.DataFrame(cust.get("name_cards_yesterday", []), columns=["company", "contact", "country", "created"])
    return {"date": last["date"], "overview": ov, "benchmarks": bench, "findings": findings, "rankings": ranks,
            "summary": summary(ov, bench, findings),
            "shop_visits": shop, "top_display": top, "name_cards": cards,
            "queue": queue, "proposed": proposed,
            "rates": {"ctr": float(last["ctr"]), "conversion": float(last["conversion"]), "search_share": float(last["search_share"])}}


def weekly(db: Database, store: str, now: datetime | None = None) -> dict:
    now = now or datetime.now(timezone.utc)
    since = now - timedelta(days=7)
    r = db.frame(m.rank_snapshots, store=store).dropna(subset=["product_id"])
    if len(r):
        r["taken_at"] = pd.to_datetime(r["taken_at"], utc=True)
        r = r[r["taken_at"] >= since]
    changes = pd.DataFrame(columns=["keyword", "product_id", "kind", "first", "last", "change"])
    if len(r):
        best = r.groupby(["keyword", "product_id", "kind", "taken_at"])["rank"].min().reset_index().sort_values("taken_at")
        g = best.groupby(["keyword", "product_id", "kind"])["rank"]
        changes = pd.DataFrame({"first": g.first(), "last": g.last()}).reset_index()
        changes["change"] = changes["first"] - changes["last"]  # positive: moved up
        changes = changes.sort_values(["keyword", "last"])
    tk = _latest(db.frame(m.metric_traffic_keyword, store=store), "date").sort_values("impressions", ascending=False).head(20)
    p4p = db.frame(m.metric_p4p_keyword, store=store)
    if len(p4p):
        p4p = p4p[pd.to_datetime(p4p["date"]) >= pd.Timestamp(since.date())]
        p4p = p4p.groupby(["keyword_id", "keyword"], as_index=False)[["impressions", "clicks", "spend", "inquiries"]].sum()
        p4p["ctr"] = (p4p["clicks"] / p4p["impressions"]).where(p4p["impressions"] > 0, 0).round(4)
        p4p = p4p.sort_values("spend", ascending=False)
    cust = (db.last_run(store, "customers") or {}).get("details") or {}
    revisit = pd.DataFrame(cust.get("revisit", []), columns=["company", "contact", "country", "last_contact", "days"])
    follow = pd.DataFrame(cust.get("follow_up", []), columns=["inquiry_id", "buyer", "country", "product", "received", "days"])
    return {"revisit": revisit, "follow_up": follow, "rank_changes": changes, "traffic_keywords": tk[["keyword", "impressions", "clicks", "visitors", "inquiries", "ctr"]] if len(tk) else tk,
            "p4p": p4p, "ranks": r}


def month_of_inquiries(db: Database, store: str, now: datetime | None = None) -> pd.DataFrame:
    """The inquiries stored for the store over the last 31 days (LookupError when there are none)."""
    now = now or datetime.now(timezone.utc)
    q = db.frame(m.inquiries_seen, store=store)
    if len(q):
        q["received"] = pd.to_datetime(q["received"], utc=True)
        q = q[q["received"] >= now - timedelta(days=31)]
    if q.empty:
        raise LookupError(f"no inquiries stored for store {store!r} in the last month: run 'python -m agent run inquiries' first")
    return q


def monthly(db: Database, store: str, now: datetime | None = None) -> dict:
    q = month_of_inquiries(db, store, now)
    by_country = q.groupby("country").agg(inquiries=("inquiry_id", "count"), replied=("replied", "sum")).reset_index()
    by_country["unreplied"] = by_country["inquiries"] - by_country["replied"]
    by_product = q.groupby("product_title").agg(inquiries=("inquiry_id", "count")).reset_index().sort_values("inquiries", ascending=False)
    local = q["received"] + pd.to_timedelta(q["tz_offset"].fillna(0), unit="h")
    heat = pd.crosstab(local.dt.day_of_week, local.dt.hour).reindex(index=range(7), columns=range(24), fill_value=0)
    return {"inquiries": q, "by_country": by_country.sort_values("inquiries", ascending=False), "by_product": by_product, "heatmap": heat}

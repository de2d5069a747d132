"""A 1688 store's reports (seed 003): the morning's 生意参谋 against the week before and 网销宝 for
yesterday, the diagnosis, the best organic and 网销宝 rank per keyword and the queue (daily); this
week's ranking statistics against peers with 生意参谋 and 网销宝 over the week (weekly); the
month's inquiries by offer and by day (monthly)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pandas as pd

from agent.queue.store import STATES, Queue
from agent.reports import charts
from agent.reports.data import (
    _in_lang,
    _latest,
    actions,
    month_of_inquiries,
    period_sums,
    place_days,
    place_pivot,
    placed,
    site_now,
    unread_screens,
    week_places,
)
from agent.reports.labels import label, period
from agent.storage import models as m

from .thresholds import Thresholds

SYCM_COLS = [
    "date",
    "uv",
    "free_uv",
    "paid_uv",
    "inquiries",
    "wangwang_inquiries",
    "orders",
    "gmv",
    "aov",
    "conversion",
]
SHOWN = {"conversion": "pay_conversion"}  # 生意参谋's conversion is paying buyers per visitor
WXB_COLS = ["keyword", "bid", "impressions", "clicks", "ctr", "spend", "sales", "roi"]


def best_ranks(p: pd.DataFrame) -> pd.DataFrame:
    """Per keyword (own placements with their `place`, `reports.data.placed`): the best organic place
    and the best 网销宝 place of any own offer, the offer's name, and how many offers of others are
    ahead of the best organic one."""
    rows = []
    for kw, g in p.groupby("keyword"):
        org, paid = g[g["kind"] == "organic"], g[g["kind"] == "p4p"]
        best = org.loc[org["place"].idxmin()] if len(org) else None
        rows.append(
            {
                "keyword": kw,
                "organic": int(best["place"]) if best is not None else None,
                "paid": int(paid["place"].min()) if len(paid) else None,
                "name": best["name"] if best is not None else (paid.iloc[0]["name"] if len(paid) else None),
                "peers_ahead": int(best["place"]) - 1 - int((org["place"] < best["place"]).sum())
                if best is not None
                else None,
            }
        )
    return pd.DataFrame(rows, columns=["keyword", "organic", "paid", "name", "peers_ahead"]).astype(
        {"organic": "Int64", "paid": "Int64", "peers_ahead": "Int64"}
    )


def summary(sycm: pd.DataFrame, findings: pd.DataFrame, lang: str, th: Thresholds) -> pd.DataFrame:
    """Yesterday's 生意参谋 against seed 003's targets (visitors at least 80 % of the week before's
    average, 10 inquiries a day) and the day before, then the five most serious findings as actions."""
    last, prev, week = sycm.iloc[-1], (sycm.iloc[-2] if len(sycm) > 1 else None), sycm.iloc[-8:-1]
    yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
    targets = {
        "uv": float(math.ceil(float(week["uv"].mean()) * (1 - th.traffic_drop))) if len(week) else None,
        "inquiries": float(th.inquiries_min),
    }
    rows = []
    for k in ("uv", "inquiries", "orders", "gmv", "conversion"):
        value, target = float(last[k]), targets.get(k)
        rows.append(
            {
                "item": label(SHOWN.get(k, k), lang),
                "value": value,
                "target": target,
                "met": "" if target is None else (yes if value >= target else no),
                "change": None if prev is None else round(value - float(prev[k]), 4),
            }
        )
    return pd.DataFrame(rows + actions(findings, lang), columns=["item", "value", "target", "met", "change", "action"])


def daily(db, store: str, lang: str = "zh", th: Thresholds | None = None, tz=None) -> dict:
    sycm = db.frame(m.metric_sycm, store=store).sort_values("date")
    if sycm.empty:
        raise LookupError(
            f"no 生意参谋 figures stored for store {store!r}: run 'storeagent run metrics --store {store}' first"
        )
    last = sycm.iloc[-1]
    wxb = _latest(db.frame(m.metric_wxb_keyword, store=store), "date")
    diag = (db.last_run(store, "diagnose") or {}).get("details") or {}
    findings = pd.DataFrame(
        _in_lang(diag.get("report", {}).get("findings", []), lang, "message"), columns=["rule", "severity", "message"]
    )
    ranks = placed(db, store, _latest(db.frame(m.rank_snapshots, store=store), "taken_at"), tz)
    q = Queue(db).list(store=store)
    return {
        "date": last["date"],
        "sycm": sycm.tail(8)[SYCM_COLS].iloc[::-1],
        "last": last,
        "summary": summary(sycm, findings, lang, th or Thresholds()),
        "wxb": wxb[WXB_COLS].sort_values("spend", ascending=False) if len(wxb) else pd.DataFrame(columns=WXB_COLS),
        "findings": findings[["severity", "message"]],
        "best_ranks": best_ranks(ranks),
        "queue": pd.DataFrame([{"state": s, "count": sum(1 for r in q if r.state == s)} for s in STATES]),
    }


def weekly(db, store: str, now: datetime | None = None, lang: str = "zh", tz=None) -> dict:
    now = now or site_now(db, store)
    since = now - timedelta(days=7)
    r = week_places(db, store, since, tz)
    if r.empty:
        raise LookupError(
            f"no ranks stored for store {store!r} this week: run 'storeagent run rankings --store {store}' first"
        )
    first, last = (
        best_ranks(r[r["taken_at"] == r["taken_at"].min()]),
        best_ranks(r[r["taken_at"] == r["taken_at"].max()]),
    )
    stats = last.merge(
        first[["keyword", "organic"]].rename(columns={"organic": "week_start"}), on="keyword", how="left"
    )
    stats["change"] = stats["week_start"] - stats["organic"]
    sycm = db.frame(m.metric_sycm, store=store)
    sycm = sycm[pd.to_datetime(sycm["date"]) >= pd.Timestamp(since.date())] if len(sycm) else sycm
    wxb = db.frame(m.metric_wxb_keyword, store=store)
    if len(wxb):
        wxb = wxb[pd.to_datetime(wxb["date"]) >= pd.Timestamp(since.date())]
        wxb = wxb.groupby("keyword", as_index=False)[["impressions", "clicks", "spend", "sales"]].sum()
        wxb["roi"] = (wxb["sales"] / wxb["spend"]).where(wxb["spend"] > 0, 0).round(2)
    totals = period_sums(
        db.frame(m.metric_sycm, store=store),
        7,
        lang,
        metrics=("uv", "free_uv", "paid_uv", "inquiries", "orders", "gmv"),
        rates=(("pay_conversion", "buyers", "uv"),),
    )
    return {
        "now": now,
        "totals": totals,
        "rank_stats": stats.sort_values("organic", na_position="last"),
        "rank_days": place_days(r),
        "sycm": sycm.sort_values("date")[SYCM_COLS] if len(sycm) else sycm,
        "wxb_week": wxb,
    }


def monthly(db, store: str, now: datetime | None = None) -> dict:
    now = now or site_now(db, store)
    q = month_of_inquiries(db, store, now)
    by_offer = (
        q.groupby("product_title").agg(inquiries=("inquiry_id", "count"), replied=("replied", "sum")).reset_index()
    )
    by_offer = by_offer.rename(columns={"product_title": "offer"}).sort_values("inquiries", ascending=False)
    local = q["received"].dt.tz_convert("Asia/Shanghai")
    by_day = (
        q.groupby(local.dt.date.rename("date"))
        .agg(inquiries=("inquiry_id", "count"), replied=("replied", "sum"))
        .reset_index()
    )
    by_day["unreplied"] = by_day["inquiries"] - by_day["replied"]
    return {"now": now, "inquiries": q, "by_offer": by_offer, "by_day": by_day}


def _dash(df: pd.DataFrame) -> pd.DataFrame:
    """Not ranked within the pages checked: shown as —, not NaN."""
    return df.astype(object).where(df.notna(), "—")


def sections(kind: str, db, store: str, lang: str, cl: str, tz, th: Thresholds | None = None):
    from . import SITE

    if kind == "daily":
        d = daily(db, store, lang, th or Thresholds(), tz)
        last = d["last"]
        sections = [
            ("summary", d["summary"]),
            ("sycm", d["sycm"].rename(columns=SHOWN)),
            ("wxb", d["wxb"]),
            ("findings", d["findings"]),
            ("best_ranks", _dash(d["best_ranks"])),
            ("queue", d["queue"]),
        ]
        unread = unread_screens(db, store, lang, tz)
        if len(unread):  # said right after the summary: what today's figures and suggestions lack
            sections.insert(1, ("unread", unread))
        made = [charts.trend_chart(d["sycm"], cl, ("uv", "free_uv", "paid_uv", "inquiries"))]
        sub = (
            f"{label('date', lang)}: {d['date']} · {label('uv', lang)} {last['uv']} · {label('inquiries', lang)} "
            f"{last['inquiries']} · {label('gmv', lang)} {last['gmv']:.2f}"
        )
    elif kind == "weekly":
        d = weekly(db, store, lang=lang, tz=tz)
        sections = [
            ("totals", d["totals"]),
            ("rank_stats", _dash(d["rank_stats"])),
            ("rank_trend", place_pivot(d["rank_days"], paid=SITE.paid_label[lang], lang=lang)),
            ("sycm", d["sycm"].rename(columns=SHOWN)),
            ("wxb_week", d["wxb_week"]),
        ]
        made = [charts.rank_chart(d["rank_days"], cl, SITE.paid_label)]
        sub = period(7, lang, d["now"].astimezone(tz).date())
    else:
        d = monthly(db, store)
        sections = [("by_offer", d["by_offer"]), ("by_day", d["by_day"])]
        made = []
        sub = f"{period(31, lang, d['now'].astimezone(tz).date())} · {label('inquiries', lang)}: {len(d['inquiries'])}"
    return sections, [c for c in made if c], sub


def trend_source(db, store: str):
    """The trends page's KPIs: 生意参谋's days (it shows no peers: the store's own figures)."""
    return db.frame(m.metric_sycm, store=store).sort_values("date"), ("uv", "inquiries", "orders", "gmv"), False

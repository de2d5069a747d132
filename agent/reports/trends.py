"""The trends people rebuild by hand from the back office today, from what the agent stored: each KPI
by week or month against the peer average, industry excellent and the target (the seeds' rule on the
period's daily mean); each tracked keyword's best organic and paid place a week, with the product's
name; inquiries by country and by the buyer's local hour. Plain data for the page's charts (ECharts)."""

from __future__ import annotations

from datetime import UTC
from importlib import import_module
from typing import Any

import pandas as pd

from ..diagnosis.model import Benchmark
from ..storage import Database
from ..storage import models as m
from .data import placed
from .labels import kind_words, label


def _period(days: pd.Series, by: str) -> pd.Series:
    """A day's week (its Monday) or month (its first day), as the label the chart shows."""
    d = pd.to_datetime(days)
    start = d - pd.to_timedelta(d.dt.day_of_week, unit="D") if by == "week" else d.dt.to_period("M").dt.start_time
    return start.dt.strftime("%Y-%m-%d" if by == "week" else "%Y-%m")


def kpis(ov: pd.DataFrame, by: str, lang: str, metrics: tuple[str, ...], benchmarks: bool) -> dict[str, Any]:
    """Per KPI, the period's daily mean of the store against its peers and its target. `benchmarks`:
    whether the site's figures carry peer and excellent values (数据管家 does; 生意参谋 does not)."""
    if ov.empty:
        return {"periods": [], "series": {}}
    ov = ov.assign(period=_period(ov["date"], by))
    g = ov.groupby("period", sort=True)
    periods = list(g.groups)
    out: dict[str, Any] = {"periods": periods, "series": {}}
    for k in metrics:
        mean = g[k].mean().round(1)
        row: dict[str, Any] = {"label": label(k, lang), "value": [float(v) for v in mean]}
        if benchmarks:
            peer, top, last = (g[f"{p}_{k}"].mean().round(1) for p in ("peer", "excellent", "last_month"))
            row |= {
                "peer": [float(v) for v in peer],
                "excellent": [float(v) for v in top],
                "target": [
                    float(round(Benchmark.of(float(v), float(p), float(e), float(lm)).target or 0, 1))
                    for v, p, e, lm in zip(mean, peer, top, last, strict=True)
                ],
            }
        out["series"][k] = row
    return out


def ranks(db: Database, store: str, by: str, tz, lang: str, paid: str) -> dict[str, Any]:
    """Each keyword's best organic and best paid place a period (one line per keyword and kind), and
    the product that held it."""
    p = placed(db, store, db.frame(m.rank_snapshots, store=store), tz)
    if p.empty:
        return {"periods": [], "lines": []}
    p = p.assign(period=_period(pd.to_datetime(p["day"]).dt.date.astype(str), by))
    p["kind"] = p["kind"].where(p["kind"] != "brand", "organic")  # the brand zone is organic to a buyer
    periods = sorted(p["period"].unique())
    best = p.sort_values("place").groupby(["keyword", "kind", "period"], as_index=False).first()
    words = kind_words(lang, paid)
    lines = []
    order = best.groupby(["keyword", "kind"])["place"].min().sort_values().index  # the best-placed first
    for kw, kind in order:
        g = best[(best["keyword"] == kw) & (best["kind"] == kind)]
        at = g.set_index("period")
        lines.append(
            {
                "name": f"{kw} · {words.get(kind, kind)}",
                "keyword": kw,
                "kind": kind,
                "place": [int(at.loc[x, "place"]) if x in at.index else None for x in periods],
                "product": [str(at.loc[x, "name"]) if x in at.index else "" for x in periods],
            }
        )
    return {"periods": periods, "lines": lines}


def inquiries(db: Database, store: str) -> dict[str, Any]:
    """Inquiries stored, by the buyer's country and by the buyer's local hour."""
    q = db.frame(m.inquiries_seen, store=store)
    if q.empty:
        return {"countries": [], "by_country": [], "by_hour": [0] * 24}
    q["received"] = pd.to_datetime(q["received"], utc=True)
    by_country = q.groupby("country")["inquiry_id"].count().sort_values(ascending=False)
    local = q["received"] + pd.to_timedelta(q["tz_offset"].fillna(0), unit="h")
    hours = local.dt.hour.value_counts().reindex(range(24), fill_value=0)
    return {
        "countries": [str(c) for c in by_country.index],
        "by_country": [int(v) for v in by_country],
        "by_hour": [int(v) for v in hours],
    }


def trends(db: Database, store, by: str = "week", lang: str = "zh", tz=UTC) -> dict[str, Any]:
    """Everything the trends page draws for one store (`StoreSettings`), by week or month."""
    from .. import sites

    site = sites.get(store.site)
    ov, metrics, benchmarks = import_module(site.reports).trend_source(db, store.name)
    return {
        "store": store.shown,
        "by": by,
        "kpis": kpis(ov, by, lang, metrics, benchmarks),
        "ranks": ranks(db, store.name, by, tz, lang, site.paid_label[lang]),
        "inquiries": inquiries(db, store.name),
        "words": {
            k: label(k, lang) for k in ("value", "peer", "excellent", "target", "place", "by_country", "inquiries")
        }
        | {
            "store_value": "本店" if lang == "zh" else "this store",
            "hour": "买家当地时间" if lang == "zh" else "buyer's hour",
        },
    }

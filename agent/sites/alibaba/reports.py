"""Alibaba.com's reports: 数据管家 against benchmarks, diagnosis, rankings and the queue (daily);
rank changes, traffic keywords and P4P (weekly); inquiries by country, product and hour (monthly)."""

from __future__ import annotations

from agent.reports import charts, data
from agent.reports.data import place_pivot
from agent.reports.labels import label, period

from . import SITE, salespeople


def _salespeople(db, store: str, tz, th, days: int):
    """The salespeople's reply figures for the `days` site days before today (seed 000)."""
    import pandas as pd

    from agent.storage import models as m

    q = db.frame(m.inquiries_seen, store=store)
    if q.empty:
        return pd.DataFrame(columns=salespeople.COLUMNS)
    for c in ("received", "first_reply"):
        q[c] = pd.to_datetime(q[c], utc=True)
    rows = [
        {
            **r,
            "received": r["received"].to_pydatetime(),
            "first_reply": None if pd.isna(r["first_reply"]) else r["first_reply"].to_pydatetime(),
        }
        for r in q.to_dict("records")
    ]
    today = data.site_now(db, store).astimezone(tz).date()
    hours = th.reply_hours if th is not None else 2
    got = [f for f in salespeople.figures(rows, tz, hours) if 1 <= (today - f["day"]).days <= days]
    return pd.DataFrame(got, columns=salespeople.COLUMNS)


def sections(kind: str, db, store: str, lang: str, cl: str, tz, th=None):
    if kind == "daily":
        d = data.daily(db, store, lang=lang, tz=tz)
        sections = [
            ("summary", d["summary"]),
            ("metrics", d["benchmarks_shown"]),
            ("findings", d["findings_shown"]),
            ("shop_visits", d["shop_visits"]),
            ("top_display", d["top_display"]),
            ("name_cards", d["name_cards"]),
            ("salespeople", _salespeople(db, store, tz, th, 1)),
            ("rankings", d["rankings"]),
            ("trend_days", d["trend_days"]),
            ("queue", d["queue"]),
            ("proposed", d["proposed"]),
        ]
        unread = data.unread_screens(db, store, lang, tz)
        if len(unread):  # said right after the summary: what today's figures and suggestions lack
            sections.insert(1, ("unread", unread))
        made: list[str | None] = [charts.benchmark_chart(d["benchmarks"], cl), charts.trend_chart(d["overview"], cl)]
        rates = d["rates"]
        sub = (
            f"{label('date', lang)}: {d['date']} · {label('ctr', lang)} {rates['ctr']:.2%} · "
            f"{label('conversion', lang)} {rates['conversion']:.2%}"
        )
    elif kind == "weekly":
        d = data.weekly(db, store, lang=lang, tz=tz)
        sections = [
            ("totals", d["totals"]),
            ("rank_changes", d["rank_changes"]),
            ("rank_trend", place_pivot(d["rank_days"], paid=SITE.paid_label[lang], lang=lang)),
            ("traffic_keywords", d["traffic_keywords"]),
            ("p4p", d["p4p"]),
            ("salespeople_week", _salespeople(db, store, tz, th, 7)),
            ("revisit", d["revisit"]),
            ("follow_up", d["follow_up"]),
        ]
        made = [charts.rank_chart(d["rank_days"], cl, SITE.paid_label)]
        sub = period(7, lang, d["now"].astimezone(tz).date())
    else:
        d = data.monthly(db, store, lang=lang)
        sections = [
            ("totals", d["totals"]),
            ("by_country", d["by_country"]),
            ("by_product", d["by_product"]),
            ("heatmap", d["heatmap"].reset_index(names="weekday")),
        ]
        made = [charts.heatmap(d["heatmap"], cl)]
        sub = f"{period(31, lang, d['now'].astimezone(tz).date())} · {label('inquiries', lang)}: {len(d['inquiries'])}"
    return sections, [c for c in made if c], sub


def trend_source(db, store: str):
    """The trends page's KPIs: 数据管家's days, with the peer and excellent values it shows."""
    from agent.storage import models as m

    return db.frame(m.metric_overview, store=store).sort_values("date"), data.METRICS, True


def console(db, store: str, tz, th, lang: str):
    """What the review page's home shows of this store beside the overview: yesterday's replies per
    salesperson (seed 000), as (title, table)."""
    hours = th.reply_hours if th is not None else 2
    title = label("salespeople", lang).format(reply_hours=f"{hours:g}")
    return [(title, _salespeople(db, store, tz, th, 1))]

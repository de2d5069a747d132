"""Alibaba.com's reports: 数据管家 against benchmarks, diagnosis, rankings and the queue (daily);
rank changes, traffic keywords and P4P (weekly); inquiries by country, product and hour (monthly)."""

from __future__ import annotations

from agent.reports import data
from agent.reports.labels import label, period
from agent.reports.render import _benchmark_chart, _heatmap, _rank_chart, _trend_chart


def sections(kind: str, db, store: str, lang: str, cl: str, tz, th=None):
    if kind == "daily":
        d = data.daily(db, store, lang=lang)
        sections = [
            ("summary", d["summary"]),
            ("metrics", d["benchmarks_shown"]),
            ("findings", d["findings_shown"]),
            ("shop_visits", d["shop_visits"]),
            ("top_display", d["top_display"]),
            ("name_cards", d["name_cards"]),
            ("rankings", d["rankings"]),
            ("queue", d["queue"]),
            ("proposed", d["proposed"]),
        ]
        unread = data.unread_screens(db, store, lang, tz)
        if len(unread):  # said right after the summary: what today's figures and suggestions lack
            sections.insert(1, ("unread", unread))
        charts = [c for c in (_benchmark_chart(d["benchmarks"], cl), _trend_chart(d["overview"], cl)) if c]
        rates = d["rates"]
        sub = (
            f"{label('date', lang)}: {d['date']} · {label('ctr', lang)} {rates['ctr']:.2%} · "
            f"{label('conversion', lang)} {rates['conversion']:.2%}"
        )
    elif kind == "weekly":
        d = data.weekly(db, store, lang=lang)
        sections = [
            ("totals", d["totals"]),
            ("rank_changes", d["rank_changes"]),
            ("traffic_keywords", d["traffic_keywords"]),
            ("p4p", d["p4p"]),
            ("revisit", d["revisit"]),
            ("follow_up", d["follow_up"]),
        ]
        charts = [c for c in [_rank_chart(d["ranks"], cl)] if c]
        sub = period(7, lang, d["now"].astimezone(tz).date())
    else:
        d = data.monthly(db, store, lang=lang)
        sections = [
            ("totals", d["totals"]),
            ("by_country", d["by_country"]),
            ("by_product", d["by_product"]),
            ("heatmap", d["heatmap"].reset_index(names="weekday")),
        ]
        charts = [_heatmap(d["heatmap"], cl)]
        sub = f"{period(31, lang, d['now'].astimezone(tz).date())} · {label('inquiries', lang)}: {len(d['inquiries'])}"
    return sections, charts, sub

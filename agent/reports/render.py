"""Reports as an HTML file with charts (matplotlib, embedded: `charts.py`) and as an Excel workbook
with native charts (`workbook.py`), every table first put in people's words (`people`)."""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ..runtime.artifacts import safe_name
from .charts import chart_lang
from .labels import VALUES, kind_words, label
from .workbook import PERCENT, write

CSS = (
    "body{font-family:'Noto Sans CJK SC','PingFang SC',sans-serif;margin:24px;font-size:13px}table{border-collapse:collapse;margin:8px 0}"
    "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}h2{margin-top:28px}"
)


def _percent(v):
    return f"{v:.2%}" if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v else v


def _cell(v):
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return _num(v) if isinstance(v, float) else v


def _table(df: pd.DataFrame, lang: str, percent_rows: set[int]) -> str:
    if df is None or df.empty:
        return f"<p>{label('none', lang)}</p>"
    shown = df.astype(object).copy()
    for c in shown.columns:
        if str(c) in PERCENT:  # a rate as people read it: 3.46%, not 0.0346 (the sheet formats it the same)
            shown[c] = shown[c].map(_percent)
    for n in percent_rows:  # a rate's row in a table of figures (period totals)
        shown.iloc[n, 1:] = [_percent(v) if k != "days" else v for k, v in zip(shown.columns[1:], shown.iloc[n, 1:])]
    return _labelled(shown.map(_cell), lang).to_html(index=False, escape=True, na_rep="")


def _labelled(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return df.rename(columns={c: label(str(c), lang) for c in df.columns})


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4f}".rstrip("0")


WORKBOOK_ONLY = {"rank_trend"}  # the table behind a workbook chart the page shows as a picture
TIME = r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d"


def people(df: pd.DataFrame, lang: str, zone, paid: dict[str, str]) -> pd.DataFrame:
    """A table as people read it: enum cells (kind, state, severity, weekday) in the report's language,
    the paid kind by the site's own name; times in the store's zone to the minute, a day without
    its midnight; nothing where nothing is (never `None`, `NaN` or `NaT`)."""
    import re
    from datetime import date, datetime

    i = 0 if lang == "zh" else 1
    out = df.copy()

    def when(v):
        if isinstance(v, str) and re.match(TIME, v):
            v = pd.Timestamp(v)
        if isinstance(v, datetime):
            t = pd.Timestamp(v)
            if t.tzinfo is None and t.time() == datetime.min.time():
                return t.date()
            return (t.tz_localize("UTC") if t.tzinfo is None else t).tz_convert(zone).strftime("%Y-%m-%d %H:%M")
        return v

    for c in out.columns:
        words = kind_words(lang, paid[lang]) if c == "kind" else {k: v[i] for k, v in VALUES.get(str(c), {}).items()}
        col = out[c].astype(object)
        if words:
            col = col.map(lambda v, w=words: w.get(v, v))
        elif any(isinstance(v, (datetime, date)) or (isinstance(v, str) and re.match(TIME, v)) for v in col):
            col = col.map(when)
        out[c] = col.where(out[c].notna(), None)
    out.attrs = dict(df.attrs)
    return out


def build(
    kind: str,
    db,
    store: str,
    lang: str,
    out_dir: Path,
    site: str | None = None,
    tz: str = "Asia/Shanghai",
    thresholds: Any = None,
    shown_name: str | None = None,
) -> dict:
    """Write `<kind>_<store>_<time>.html` and `.xlsx`; returns their paths and the tables. What goes
    in them is the store's site's business (`agent/sites/<site>/reports.py`; no site: the default one)."""
    from importlib import import_module
    from zoneinfo import ZoneInfo

    from .. import sites

    zone, site = ZoneInfo(tz), site or sites.DEFAULT
    th = thresholds if thresholds is not None else sites._site.ref(sites.get(site).thresholds)()
    numbers = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in th.model_dump().items()}

    def titled(key: str) -> str:  # a section's title, with the store's own numbers where it says one
        return label(key, lang).format(**numbers) if "{" in label(key, lang) else label(key, lang)

    site_def = sites.get(site)
    sections, charts, sub = import_module(site_def.reports).sections(kind, db, store, lang, chart_lang(lang), zone, th)
    paid = site_def.paid_label
    shown = [(key, people(df, lang, zone, paid)) for key, df in sections]

    def rates(df: pd.DataFrame) -> set[int]:  # the rows that are rates (period totals)
        items = set(df.attrs.get("percent_items", ()))
        return {n for n, v in enumerate(df.iloc[:, 0]) if v in items} if items and len(df.columns) else set()

    out_dir.mkdir(parents=True, exist_ok=True)
    # machine clock: the file's name says when it was written; a second report of the same second
    # gets its own name rather than replacing the first
    base = safe_name(kind, store, datetime.now().strftime("%Y%m%d-%H%M%S"))
    stem = next(n for n in (base, *(f"{base}-{i}" for i in range(2, 1000))) if not (out_dir / f"{n}.html").exists())
    title = f"{label(kind, lang)} · {shown_name or store}"
    # machine clock below: when the report was made ("generated"); its period is the site's (`sub`)
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1><p>{html.escape(sub)} · {label('generated', lang)} {datetime.now(zone):%Y-%m-%d %H:%M}</p>",
    ]
    imgs = [f"<img src='{c}' alt='chart'>" for c in charts]  # charts: see charts.chart_lang
    if not (shown and shown[0][0] == "summary"):
        parts += imgs
    for i, (key, df) in enumerate(shown):
        if key in WORKBOOK_ONLY:
            continue
        parts.append(f"<h2>{html.escape(titled(key))}</h2>" + _table(df, lang, rates(df)))
        if i == 0 and key == "summary":  # the summary first, then the charts
            parts += imgs
    parts.append("</body></html>")
    html_path, xlsx_path = out_dir / f"{stem}.html", out_dir / f"{stem}.xlsx"
    html_path.write_text("\n".join(parts), encoding="utf-8")
    write(xlsx_path, lang, [(key, titled(key), df, rates(df)) for key, df in shown])
    return {"html": str(html_path), "xlsx": str(xlsx_path), "tables": {k: v for k, v in sections}}

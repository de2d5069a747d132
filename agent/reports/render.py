"""Reports as an HTML file with charts (matplotlib, embedded) and as an Excel workbook."""

from __future__ import annotations

import base64
import html
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ..runtime.artifacts import safe_name
from .labels import label

CSS = (
    "body{font-family:'Noto Sans CJK SC','PingFang SC',sans-serif;margin:24px;font-size:13px}table{border-collapse:collapse;margin:8px 0}"
    "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}h2{margin-top:28px}"
)


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


CJK_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
_NO_CJK_SAID: list[bool] = []


def _chart_lang(lang: str) -> str:
    """Chinese chart labels when a CJK font is installed (else matplotlib draws empty boxes): one
    matplotlib already knows, or a Debian font file added to it (its font cache may predate the
    font's installation). Without one, English labels, and the absence is said once."""
    if lang != "zh":
        return lang
    _plt()
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    for name in ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "SimHei"):
        if any(f.name == name for f in font_manager.fontManager.ttflist):
            plt.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
            return "zh"
    for path in CJK_FILES:
        if Path(path).exists():
            font_manager.fontManager.addfont(path)
            plt.rcParams["font.sans-serif"] = [font_manager.FontProperties(fname=path).get_name(), "DejaVu Sans"]
            return "zh"
    if not _NO_CJK_SAID:
        _NO_CJK_SAID.append(True)
        from loguru import logger

        logger.warning("no CJK font installed (Debian: apt-get install fonts-noto-cjk): charts are labelled in English")
    return "en"


def _table(df: pd.DataFrame, lang: str) -> str:
    if df is None or df.empty:
        return f"<p>{label('none', lang)}</p>"
    shown = df.copy()
    for c in shown.columns:
        if str(c) in PERCENT:  # a rate as people read it: 3.46%, not 0.0346 (the sheet formats it the same)
            shown[c] = shown[c].map(
                lambda v: f"{v:.2%}" if isinstance(v, (int, float)) and not isinstance(v, bool) else v
            )
    return _labelled(shown, lang).to_html(index=False, escape=True, float_format=_num, na_rep="")


def _labelled(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return df.rename(columns={c: label(str(c), lang) for c in df.columns})


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4f}".rstrip("0")


def _benchmark_chart(bench: pd.DataFrame, lang: str) -> str:
    """The latest day against peer average, industry excellent and last month (each ÷ the target)."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 3))
    cols = ("value", "peer", "excellent", "last_month")
    width = 0.2
    for i, c in enumerate(cols):
        ax.bar([x + i * width for x in range(len(bench))], bench[c] / bench["target"], width, label=label(c, lang))
    ax.axhline(1.0, color="#444", linewidth=0.8)
    ax.set_xticks([x + 1.5 * width for x in range(len(bench))], [label(m, lang) for m in bench["metric"]])
    ax.set_title(label("metrics", lang) + " (÷ " + label("target", lang) + ")")
    ax.legend(fontsize=8)
    return _png(fig)


def _trend_chart(ov: pd.DataFrame, lang: str, cols=("impressions", "clicks", "visitors", "inquiries")) -> str | None:
    if ov["date"].nunique() < 2:
        return None
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 3))
    for k in cols:
        ax.plot(pd.to_datetime(ov["date"]), ov[k] / max(ov[k].max(), 1), marker="o", label=label(k, lang))
    ax.set_title(label("trend", lang) + " (÷ max)")
    ax.legend(fontsize=8)
    fig.autofmt_xdate()
    return _png(fig)


def _rank_chart(r: pd.DataFrame, lang: str) -> str | None:
    if r.empty:
        return None
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 3))
    best = r.groupby(["keyword", "product_id", "taken_at"])["rank"].min().reset_index()
    top = best.groupby(["keyword", "product_id"])["rank"].min().sort_values().index[:8]
    for kw, pid in top:
        line = best[(best["keyword"] == kw) & (best["product_id"] == pid)]
        ax.plot(line["taken_at"], line["rank"], marker="o", label=f"{kw}: {pid}")
    ax.invert_yaxis()
    ax.set_title(label("rankings", lang))
    ax.legend(fontsize=7)
    fig.autofmt_xdate()
    return _png(fig)


def _heatmap(heat: pd.DataFrame, lang: str) -> str:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(9, 3))
    im = ax.imshow(heat.values, aspect="auto", cmap="Oranges")
    ax.set_yticks(range(7), ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    ax.set_xticks(range(0, 24, 2), [str(h) for h in range(0, 24, 2)])
    ax.set_title(label("heatmap", lang))
    fig.colorbar(im, ax=ax)
    return _png(fig)


def _storable(df: pd.DataFrame) -> pd.DataFrame:
    """Text from the site as the Excel format can hold it: control characters (a buyer name with ESC)
    dropped — the HTML report and the database keep the text as it was."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return df.map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)


def _as_text(ws) -> None:
    """Buyers' text (keywords, names) that begins like a formula stays text: Excel must not run it."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@"):
                cell.data_type = "s"
                cell.quotePrefix = True


def _sheet_name(text: str) -> str:
    """Excel's rule: at most 31 characters, none of \\ * ? : / [ ]."""
    import re

    return re.sub(r"[\\*?:/\[\]：]", " ", text)[:31].strip()


PERCENT = {"ctr", "conversion", "pay_conversion", "share", "search_share", "click_rate", "bounce_rate", "rate"}


def _format(ws, keys: list[str]) -> None:
    """A sheet a manager can work with: the header frozen, filters on, widths to fit, numbers and
    percentages formatted by what the column holds."""
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "A2"
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions
    for i, key in enumerate(keys, start=1):
        letter = get_column_letter(i)
        cells = list(ws.iter_rows(min_col=i, max_col=i))
        width = max(
            (
                len(str(c[0].value)) * (2 if any(ord(ch) > 0x2E80 for ch in str(c[0].value)) else 1)
                for c in cells
                if c[0].value is not None
            ),
            default=6,
        )
        ws.column_dimensions[letter].width = min(60, max(8, width + 2))
        for (c,) in cells[1:]:
            if isinstance(c.value, bool) or not isinstance(c.value, (int, float)):
                continue
            c.number_format = (
                "0.00%" if str(key) in PERCENT else ("#,##0" if float(c.value).is_integer() else "#,##0.00")
            )


def build(
    kind: str,
    db,
    store: str,
    lang: str,
    out_dir: Path,
    site: str | None = None,
    tz: str = "Asia/Shanghai",
    thresholds: Any = None,
) -> dict:
    """Write `<kind>_<store>_<time>.html` and `.xlsx`; returns their paths and the tables. What goes
    in them is the store's site's business (`agent/sites/<site>/reports.py`; no site: the default one)."""
    from importlib import import_module
    from zoneinfo import ZoneInfo

    from .. import sites

    zone, site = ZoneInfo(tz), site or sites.DEFAULT
    th = thresholds if thresholds is not None else sites._site.ref(sites.get(site).thresholds)()
    numbers = th.model_dump()

    def titled(key: str) -> str:  # a section's title, with the store's own numbers where it says one
        return label(key, lang).format(**numbers) if "{" in label(key, lang) else label(key, lang)

    sections, charts, sub = import_module(sites.get(site).reports).sections(
        kind, db, store, lang, _chart_lang(lang), zone, th
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    # machine clock: the file's name says when it was written; a second report of the same second
    # gets its own name rather than replacing the first
    base = safe_name(kind, store, datetime.now().strftime("%Y%m%d-%H%M%S"))
    stem = next(n for n in (base, *(f"{base}-{i}" for i in range(2, 1000))) if not (out_dir / f"{n}.html").exists())
    title = f"{label(kind, lang)} · {store}"
    # machine clock below: when the report was made ("generated"); its period is the site's (`sub`)
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1><p>{html.escape(sub)} · {label('generated', lang)} {datetime.now(zone):%Y-%m-%d %H:%M}</p>",
    ]
    imgs = [f"<img src='{c}' alt='chart'>" for c in charts]  # charts: see _chart_lang
    if not (sections and sections[0][0] == "summary"):
        parts += imgs
    for i, (key, df) in enumerate(sections):
        parts.append(
            f"<h2>{html.escape(titled(key))}</h2>"
            + _table(df.astype(object).where(df.notna(), "") if key == "summary" else df, lang)
        )
        if i == 0 and key == "summary":  # the summary first, then the charts
            parts += imgs
    parts.append("</body></html>")
    html_path, xlsx_path = out_dir / f"{stem}.html", out_dir / f"{stem}.xlsx"
    html_path.write_text("\n".join(parts), encoding="utf-8")
    tmp = xlsx_path.with_suffix(".tmp.xlsx")
    try:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            for key, df in sections:
                sheet = _labelled(df, lang) if df is not None and len(df.columns) else pd.DataFrame({"-": []})
                name = _sheet_name(titled(key))
                _storable(sheet).to_excel(xw, sheet_name=name, index=False)
                _format(xw.book[name], list(df.columns) if df is not None and len(df.columns) else ["-"])
            for ws in xw.book.worksheets:
                _as_text(ws)
        tmp.replace(xlsx_path)
    finally:
        tmp.unlink(missing_ok=True)  # never a half-written workbook left behind
    return {"html": str(html_path), "xlsx": str(xlsx_path), "tables": {k: v for k, v in sections}}

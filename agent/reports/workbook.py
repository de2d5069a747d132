"""The report as an Excel workbook (openpyxl): one sheet per section, formatted for a manager to
work with, with the spreadsheet's own charts (not pictures) beside the tables they draw."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

PERCENT = {"ctr", "conversion", "pay_conversion", "share", "search_share", "click_rate", "bounce_rate", "rate"}

# section -> (chart type, the columns drawn: None = every number column after the first)
CHARTS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "metrics": ("bars_per_row", ("value", "peer", "excellent", "last_month", "target")),
    "trend_days": ("lines_per_column", ("impressions", "clicks", "visitors", "inquiries")),
    "rank_trend": ("rank_lines", None),
    "by_country": ("bar", ("inquiries", "replied")),
    "by_product": ("bar", ("inquiries",)),
    "by_offer": ("bar", ("inquiries", "replied")),
    "by_day": ("line", ("inquiries", "replied")),
    "sycm": ("line", ("uv", "free_uv", "paid_uv")),
    "wxb": ("bar", ("spend", "sales")),
    "wxb_week": ("bar", ("spend", "sales")),
    "p4p": ("bar", ("spend",)),
    "traffic_keywords": ("bar", ("impressions",)),
}


def storable(df: pd.DataFrame) -> pd.DataFrame:
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


def sheet_name(text: str) -> str:
    """Excel's rule: at most 31 characters, none of \\ * ? : / [ ]."""
    import re

    return re.sub(r"[\\*?:/\[\]：]", " ", text)[:31].strip()


def _format(ws, keys: list[str], percent_rows: set[int]) -> None:
    """A sheet a manager can work with: the header frozen, filters on, widths to fit, numbers and
    percentages formatted by what the column (or a rate's row) holds."""
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
        for n, (c,) in enumerate(cells[1:]):
            if isinstance(c.value, bool) or not isinstance(c.value, (int, float)):
                continue
            rate = str(key) in PERCENT or n in percent_rows
            c.number_format = "0.00%" if rate else ("#,##0" if float(c.value).is_integer() else "#,##0.00")


def _chart(ws, key: str, keys: list[str], title: str) -> None:
    """The section's native chart beside its table (CHARTS says which), drawn from the sheet's cells."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.utils import get_column_letter

    kind, drawn = CHARTS.get(key, ("", None))
    rows = ws.max_row
    if not kind or rows < 2:
        return
    cols = [keys.index(k) + 1 for k in (drawn or keys[1:]) if k in keys]
    if not cols:
        return
    anchor = get_column_letter(len(keys) + 2)
    cats = Reference(ws, min_col=1, min_row=2, max_row=min(rows, 31))
    if kind == "bars_per_row":  # each KPI its own chart: their scales differ by orders
        for n, r in enumerate(range(2, rows + 1)):
            ch = BarChart()
            ch.title, ch.legend = str(ws.cell(r, 1).value), None
            ch.add_data(
                Reference(ws, min_col=cols[0], max_col=cols[-1], min_row=r), from_rows=True, titles_from_data=False
            )
            ch.set_categories(Reference(ws, min_col=cols[0], max_col=cols[-1], min_row=1))
            ch.height, ch.width = 6, 9
            ws.add_chart(ch, f"{anchor}{1 + n * 13}")
        return
    if kind == "lines_per_column":
        for n, c in enumerate(cols):
            ch = LineChart()
            ch.title, ch.legend = str(ws.cell(1, c).value), None
            ch.add_data(Reference(ws, min_col=c, min_row=1, max_row=rows), titles_from_data=True)
            ch.set_categories(Reference(ws, min_col=1, min_row=2, max_row=rows))
            ch.height, ch.width = 6, 12
            ws.add_chart(ch, f"{anchor}{1 + n * 13}")
        return
    ch = BarChart() if kind == "bar" else LineChart()
    ch.title = title
    last = min(rows, 31)  # the first 30 rows: a chart of hundreds of bars says nothing
    for c in cols:
        ch.add_data(Reference(ws, min_col=c, min_row=1, max_row=last), titles_from_data=True)
    ch.set_categories(cats)
    if kind == "rank_lines":
        ch.y_axis.scaling.orientation = "maxMin"  # place 1 on top
    ch.height, ch.width = 8, 18
    ws.add_chart(ch, f"{anchor}2")


def write(path: Path, lang: str, sections: list[tuple[str, str, pd.DataFrame, set[int]]]) -> None:
    """(key, title, table in people's words with its raw column keys, rows that are rates) per sheet;
    written whole or not at all (a temporary file replaced at the end)."""
    from .labels import label

    tmp = path.with_suffix(".tmp.xlsx")
    try:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            for key, title, df, percent_rows in sections:
                keys = list(df.columns) if df is not None and len(df.columns) else ["-"]
                lang_cols = {c: label(str(c), lang) for c in keys}
                sheet = df.rename(columns=lang_cols) if df is not None and len(df.columns) else pd.DataFrame({"-": []})
                name = sheet_name(title)
                storable(sheet).to_excel(xw, sheet_name=name, index=False)
                ws = xw.book[name]
                _format(ws, keys, percent_rows)
                _chart(ws, key, keys, title)
            for ws in xw.book.worksheets:
                _as_text(ws)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)  # never a half-written workbook left behind

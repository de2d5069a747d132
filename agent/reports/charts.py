"""The HTML report's pictures (matplotlib, embedded as PNG): each figure in its own units — never
divided by a target or a maximum, so a bar or a line reads as the number it is."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pandas as pd

from .labels import VALUES, kind_words, label


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


def chart_lang(lang: str) -> str:
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


BENCH = ("value", "peer", "excellent", "last_month", "target")


def benchmark_chart(bench: pd.DataFrame, lang: str) -> str:
    """Each KPI in its own small chart: the day's value beside the peer average, industry
    excellent, last month and the target, in the KPI's own units."""
    plt = _plt()
    fig, axes = plt.subplots(1, len(bench), figsize=(2.6 * len(bench), 2.6))
    for ax, (_, row) in zip(axes if len(bench) > 1 else [axes], bench.iterrows(), strict=True):
        values = [float(row[c]) for c in BENCH]
        bars = ax.bar(range(len(BENCH)), values, color=["#e4393c", "#9aa", "#7a8", "#bbb", "#1f77b4"])
        ax.bar_label(bars, labels=[f"{v:,.0f}" for v in values], fontsize=7)
        ax.set_xticks(range(len(BENCH)), [label(c, lang) for c in BENCH], rotation=45, ha="right", fontsize=7)
        ax.set_title(label(row["metric"], lang), fontsize=9)
        ax.tick_params(axis="y", labelsize=7)
    fig.suptitle(label("metrics", lang), fontsize=10)
    return _png(fig)


def trend_chart(ov: pd.DataFrame, lang: str, cols=("impressions", "clicks", "visitors", "inquiries")) -> str | None:
    """Each figure over the days stored, in its own small chart (impressions and inquiries differ by
    three orders: one axis would flatten the smaller)."""
    days = pd.to_datetime(ov["date"])
    if days.nunique() < 2:
        return None
    plt = _plt()
    fig, axes = plt.subplots(1, len(cols), figsize=(2.6 * len(cols), 2.4), sharex=True)
    for ax, k in zip(axes, cols, strict=True):
        ax.plot(days, ov[k], marker="o", markersize=3)
        ax.set_title(label(k, lang), fontsize=9)
        ax.tick_params(labelsize=7)
    fig.autofmt_xdate()
    return _png(fig)


def rank_chart(days: pd.DataFrame, lang: str, paid: dict[str, str]) -> str | None:
    """The best place a day of the best-placed products (`rank_days`: keyword, name, kind, day,
    place), one line each; nothing when the ranks cover a single day (a line needs two)."""
    if days.empty or days["day"].nunique() < 2:
        return None
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 3))
    from .data import best_lines

    kinds = kind_words(lang, paid[lang])
    for kw, name, kind, line in best_lines(days):
        ax.plot(pd.to_datetime(line["day"]), line["place"], marker="o", label=f"{kw} · {name[:24]} ({kinds.get(kind)})")
    ax.invert_yaxis()
    ax.set_title(label("rank_trend", lang))
    ax.legend(fontsize=6)
    fig.autofmt_xdate()
    return _png(fig)


def heatmap(heat: pd.DataFrame, lang: str) -> str:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(9, 3))
    im = ax.imshow(heat.values, aspect="auto", cmap="Oranges")
    ax.set_yticks(range(7), [VALUES["weekday"][i][0 if lang == "zh" else 1] for i in range(7)])
    ax.set_xticks(range(0, 24, 2), [str(h) for h in range(0, 24, 2)])
    ax.set_title(label("heatmap", lang))
    fig.colorbar(im, ax=ax)
    return _png(fig)

"""What Alibaba.com's rule modules share: the site's title limit, metric names, ids of a frame's rows,
a bid on the site's step, the products in use (never proposed for deletion)."""

from __future__ import annotations

import math

import pandas as pd

from agent.sites.alibaba.inputs import Inputs

from .limits import LIMITS

TITLE_MAX = LIMITS.TITLE_MAX  # the site's limit, not a threshold
METRIC_ZH = {"impressions": "曝光", "clicks": "点击", "visitors": "访客", "inquiries": "询盘"}


def norm(text: str) -> str:
    """Text as a title or a keyword is compared: spaces squeezed, lower case."""
    return " ".join(str(text).split()).lower()


def round_bid(x: float) -> float:
    return round(math.floor(x * 10 + 1e-9) / 10, 1)


def row_ids(df: pd.DataFrame, col: str = "id") -> list[str]:
    return [str(v) for v in df[col]] if len(df) else []


def in_use(inp: Inputs) -> set[str]:
    """Products the store's ads or ranks use now: never proposed for deletion."""
    return set(inp.ranks["product_id"].dropna().astype(str)) if len(inp.ranks) else set()

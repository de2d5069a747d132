"""What Alibaba.com's rules read (`Inputs`), gathered by its routines from the stored metrics and the
screens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from agent.diagnosis.model import SiteInputs

from .thresholds import Thresholds


@dataclass(kw_only=True)
class Inputs(SiteInputs):
    """Everything Alibaba.com's rules read: stored metrics plus the live lists of the screens, as frames
    of the page models' rows (`frame`)."""

    overview: dict = field(default_factory=dict)
    products: pd.DataFrame = field(default_factory=pd.DataFrame)  # product manager list
    analysis30: pd.DataFrame = field(default_factory=pd.DataFrame)  # product analysis, last 30 days
    p4p: pd.DataFrame = field(default_factory=pd.DataFrame)  # keyword report over the window
    campaigns: dict = field(default_factory=dict)  # budgets, negative keywords, change history
    traffic_keywords: pd.DataFrame = field(default_factory=pd.DataFrame)
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    inquiries: pd.DataFrame = field(default_factory=pd.DataFrame)
    rfqs: pd.DataFrame = field(default_factory=pd.DataFrame)
    quota: dict = field(default_factory=dict)
    orders: pd.DataFrame = field(default_factory=pd.DataFrame)
    reviews: pd.DataFrame = field(default_factory=pd.DataFrame)
    activities: pd.DataFrame = field(default_factory=pd.DataFrame)
    home: dict = field(default_factory=dict)
    ranks: pd.DataFrame = field(default_factory=pd.DataFrame)  # latest rank snapshot
    bid_changes: dict[str, date] = field(default_factory=dict)  # keyword id -> last bid change
    shop_visits: pd.DataFrame = field(default_factory=pd.DataFrame)  # 店铺访问详情, last 7 days per page type
    top_display: pd.DataFrame = field(default_factory=pd.DataFrame)  # 顶级展位's promoted products
    marketing: pd.DataFrame = field(default_factory=pd.DataFrame)  # 访客营销: marketable visitors
    marketing_left: int = 0  # the day's 访客营销 quota left
    keyword_index: pd.DataFrame = field(default_factory=pd.DataFrame)  # 关键词指数: heat, growth, competition
    pool: pd.DataFrame = field(default_factory=pd.DataFrame)  # 公海: buyers, developed (and when)
    posts: pd.DataFrame = field(default_factory=pd.DataFrame)  # 粉丝通 posts: type, published
    new_listings: list[dict] = field(default_factory=list)  # recent products: id, title, quality_score, missing
    th: Thresholds = field(default_factory=Thresholds)  # the store's thresholds

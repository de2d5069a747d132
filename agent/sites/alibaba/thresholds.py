"""Alibaba.com's thresholds: the seeds' numbers (DOMAIN.md, "Store diagnosis thresholds", seed 002;
the operators' day, seeds 000 and 001), each with its source. A store sets its own in the config:

    [stores.thresholds]
    reply_hours = 4
    zero_effect_delete_days = 90

The site's own limits on what an edit may write (a title's 128 characters, a bid's step) are not
thresholds: they live beside the edits (`agent/sites/alibaba/limits.py`)."""

from __future__ import annotations

from pydantic import Field, model_validator

from .._thresholds import Thresholds as Base


class Thresholds(Base):
    # the store (seed 002)
    store_ctr_min: float = Field(0.01, ge=0, le=1, description="seed 002: total CTR at least 1%")
    conversion_min: float = Field(0.08, ge=0, le=1, description="seed 002: inquiry conversion at least 8%")
    search_share_max: float = Field(0.5, ge=0, le=1, description="seed 002: search traffic at most 50% of visits")
    star_min: float = Field(3, ge=0, le=5, description="seed 002: star level 3 or more in every dimension")
    strong_share_min: float = Field(
        0.2, ge=0, le=1, description="seed 002: 实力优品 at least 20% of potential products"
    )
    hot_share_min: float = Field(0.2, ge=0, le=1, description="seed 002: 爆品 at least 20% of strong products")
    # products (seed 002; the weekly clean-up, seed 000)
    quality_min: float = Field(4.5, ge=0, le=5, description="seed 002: no low-score product (质量分 under 4.5)")
    zero_effect_optimise_days: int = Field(
        30, ge=1, le=3650, description="seed 002: 30-day zero-effect products optimised"
    )
    zero_effect_optimise_within_days: int = Field(
        7, ge=1, le=365, description="seed 002: a product 30+ days without effect is optimised within 7 days"
    )
    zero_effect_republish_days: int = Field(
        90, ge=1, le=3650, description="seed 002: no zero-effect product over 90 days"
    )
    zero_effect_delete_days: int = Field(
        180, ge=30, le=3650, description="seeds 000, 002: delete after 180 days (strict: 90)"
    )
    product_clicks_min: int = Field(
        20, ge=1, description="seed 002 (this project's reading): clicks before a product without inquiries is named"
    )
    product_ctr_high: float = Field(
        0.03, ge=0, le=1, description="seed 002 (this project's reading): a CTR this high deserves more impressions"
    )
    title_keyword_impressions: int = Field(
        1000, ge=1, description="seed 002 (this project's reading): a traffic keyword this seen belongs in a title"
    )
    # new listings (seed 002: "坚持每天发布3-5条4.5分以上产品")
    new_listings_per_day: int = Field(
        5, ge=0, le=20, description="seed 002: at most this many new products a day (0: no plan)"
    )
    new_listings_min: int = Field(3, ge=0, le=20, description="seed 002: at least 3 new products a day")
    new_listing_impressions: int = Field(
        100, ge=1, description="seed 002 (this project's reading): a traffic word this seen deserves its own product"
    )
    new_listing_days: int = Field(
        7, ge=1, le=90, description="seed 002 (this project's reading): a product this new has its 4.5 score checked"
    )
    # 关键词指数 (seed 000: 关键词指数 / 蓝海词)
    keyword_rising_min: float = Field(
        0.2, ge=0, le=10, description="this project's reading of seed 000: a word whose 3-month heat grew 20% is rising"
    )
    keyword_competition_max: int = Field(
        30, ge=0, le=100, description="this project's reading of seed 000: a 卖家竞争度 this low is a 蓝海词"
    )
    # conversion targets and traffic-source factors (seed 002)
    conversion_days: int = Field(
        30, ge=7, le=365, description="seed 002 (this project's reading): conversions over the last 30 days"
    )
    inquiry_order_min: float = Field(0.07, ge=0, le=1, description="seed 002: inquiry → order at least 7%")
    rfq_order_min: float = Field(0.07, ge=0, le=1, description="seed 002: RFQ quote → order at least 7%")
    pool_order_min: float = Field(0.05, ge=0, le=1, description="seed 002: 公海 → order at least 5%")
    new_products_90d_min: int = Field(
        30, ge=0, description="seed 002 names the factor (products published in 90 days); this project's reading: 30"
    )
    video_days: int = Field(7, ge=1, le=90, description="seeds 000, 002: a 粉丝通 video every week")
    keyword_coverage_min: float = Field(
        0.8,
        ge=0,
        le=1,
        description="this project's reading of seed 002 (推荐): 80% of traffic-word impressions in titles",
    )
    # inquiries and customers (seed 002)
    reply_hours: float = Field(2, gt=0, le=168, description="seed 002: reply to an inquiry within 2 hours")
    follow_up_days: int = Field(
        15, ge=1, le=365, description="seed 002: follow up unconverted inquiries within 15 days"
    )
    revisit_days: int = Field(30, ge=1, le=365, description="seed 002: revisit old customers within 30 days")
    pool_per_day: int = Field(10, ge=0, le=100, description="seed 002: develop 10 public-pool (公海) buyers a day")
    revisits_per_day: int = Field(
        20, ge=0, le=100, description="this project's reading of seed 002: revisit messages proposed a day at most"
    )
    negative_review_days: int = Field(
        30, ge=1, le=365, description="seeds 000, 002: a negative review is fixable 30 days"
    )
    negative_rating_max: int = Field(
        2, ge=1, le=4, description="seed 000 (this project's reading): a review of 2 stars or fewer is a 差评"
    )
    # P4P (seeds 000, 001)
    bid_change_days: int = Field(
        7, ge=1, le=60, description="seeds 000, 001: a keyword's bid changes every 3/7/14 days"
    )
    p4p_low_ctr: float = Field(
        0.005, ge=0, le=1, description="seeds 000, 001: low CTR at a good rank → block the keyword (0.5%)"
    )
    p4p_low_ctr_impressions: int = Field(500, ge=1, description="seeds 000, 001: impressions before a CTR is judged")
    p4p_bid_cut: float = Field(
        0.8, gt=0, lt=1, description="seeds 000, 001: a top-spend keyword with no inquiry: its bid times this"
    )
    p4p_top_spend_share: float = Field(
        0.2, gt=0, le=1, description="seeds 000, 001: the top 20% of spenders with no inquiry: lower their bids"
    )
    p4p_good_rank: int = Field(
        5, ge=1, le=50, description="seeds 000, 001: low CTR within the top 5 ad places: not the rank"
    )
    budget_out_before: str = Field(
        "18:00",
        pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
        description="seeds 000, 001: a budget spent before 18:00: raise it",
    )
    budget_raise: float = Field(1.2, gt=1, le=5, description="seeds 000, 001: a budget spent early: times this")
    # 资源位 and the shop's pages (seed 001 §3-4)
    p4p_share_high: float = Field(
        0.4, ge=0, le=1, description="seed 001 §4: P4P over 40% of visitors: check the showcase"
    )
    p4p_share_low: float = Field(
        0.1, ge=0, le=1, description="seed 001 §4: P4P under 10% of visitors: check rank and budget"
    )
    clicks_for_verdict: int = Field(
        20, ge=1, description="seed 001 §3: clicks before a promoted product is judged on its inquiries"
    )
    clicks_per_visitor_min: float = Field(
        0.05, ge=0, le=1, description="seed 001 §3: a page whose visitors click less than this: they leave"
    )

    @model_validator(mode="after")
    def _plan(self) -> Thresholds:
        if self.new_listings_min > self.new_listings_per_day:
            raise ValueError(
                f"new_listings_min ({self.new_listings_min}) is more than new_listings_per_day "
                f"({self.new_listings_per_day}); lower the first or raise the second"
            )
        return self

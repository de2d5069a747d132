"""1688's thresholds: the numbers of a 诚信通 store's week (DOMAIN.md, seed 003), each with its source.
A store sets its own in the config under `[stores.thresholds]`. An offer title's 30 characters is the
site's limit, not a threshold (`agent/sites/cbu/limits.py`)."""

from __future__ import annotations

from pydantic import Field

from .._thresholds import Thresholds as Base


class Thresholds(Base):
    inquiries_min: int = Field(10, ge=0, description="seed 003: fewer than 10 inquiries a day is an alarm")
    shop_score_min: float = Field(90, ge=0, le=100, description="seed 003: 旺铺评分 90 or more")
    five_star_share_min: float = Field(0.8, ge=0, le=1, description="seed 003: 80% of offers with 5-star information")
    traffic_drop: float = Field(0.2, gt=0, lt=1, description="seed 003: visitors a fifth under last week's: an alarm")
    titles_a_day: int = Field(10, ge=0, le=200, description="seed 003: optimise 10 titles on busy days")
    showcase_days: int = Field(15, ge=1, le=365, description="seed 003: swap a showcase offer every 15 days")
    reply_hours: float = Field(
        2, gt=0, le=168, description="seed 002 (kept on 1688 too): answer an inquiry within 2 hours"
    )

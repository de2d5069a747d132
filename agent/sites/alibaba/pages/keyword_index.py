"""数据管家 · 关键词指数: each word's search heat month by month and its seller competition — the rising
words and the little-contested ones feed titles and P4P (seed 000). No public source shows the screen:
the gateway name getKeywordIndex, the path and the rows' keys are guesses (sandbox/guesses.py)."""

from __future__ import annotations

from pydantic import BaseModel

from .dashboards import GatewayTable


class KeywordHeat(BaseModel):
    keyword: str
    heat: int  # searchIndex: this month's search heat
    months: list[int] = []  # the heat month by month, the oldest first (not in a table drawn without its call)
    growth: float = 0.0  # the last 3 months' heat against the 3 before (0.2 = 20 % more)
    competition: int  # sellerCompetition, 0-100


def growth(months: list[int]) -> float:
    """The last 3 months' mean heat against the 3 months before; 0 without 6 months or with none before."""
    if len(months) < 6 or not sum(months[-6:-3]):
        return 0.0
    return round(sum(months[-3:]) / sum(months[-6:-3]) - 1, 4)


class KeywordIndex(GatewayTable):
    key, real, call = "mydata_keyword_index", "https://data.alibaba.com/industry/keyword_index", "iName=getKeywordIndex"
    model, id_field = KeywordHeat, "keyword"
    columns = {"关键词": ("keyword", None), "搜索热度": ("heat", int), "卖家竞争度": ("competition", int)}

    def to_model(self, r: dict) -> KeywordHeat:
        months = [int(m["value"]) for m in r.get("heatTrend") or []]
        return KeywordHeat(
            keyword=str(r["keyword"]).strip(),
            heat=int(r["searchIndex"]),
            months=months,
            growth=growth(months),
            competition=int(r["sellerCompetition"]),
        )

    async def read(self) -> list[KeywordHeat]:
        return await self.read_all()

"""数据管家 · 我的店铺 · 店铺访问详情: the last 7 days' visits per page type (home, product groups,
product details, and the whole store) — visitors, average stay, pages per visit, inquiries and
clicks. No public source shows it: the gateway name getShopVisitDetail and the rows' keys are
guesses (sandbox/guesses.py)."""

from __future__ import annotations

from pydantic import BaseModel

from .dashboards import GatewayTable


class PageVisits(BaseModel):
    page_type: str  # all | home | group | detail
    page: str  # the screen's own words: 全店, 首页, 产品分组页, 产品详情页
    visitors: int
    avg_stay_s: float
    pages_per_visit: float
    inquiries: int
    clicks: int


class ShopVisits(GatewayTable):
    key, real, call = "mydata_shop_visits", "https://data.alibaba.com/shop/visit", "iName=getShopVisitDetail"
    model, id_field = PageVisits, "page_type"

    def to_model(self, r: dict) -> PageVisits:
        return PageVisits(
            page_type=r["pageType"],
            page=r["pageName"],
            visitors=r["visitorCnt"],
            avg_stay_s=r["avgStayTime"],
            pages_per_visit=r["pvPerVisitor"],
            inquiries=r["fbNum"],
            clicks=r["clickNum"],
        )

    async def read(self) -> list[PageVisits]:
        return await self.read_all()

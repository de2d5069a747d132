"""顶级展位 (top display): the product promoted on each bought keyword, with its impressions, clicks
and inquiries over the last 7 days. No public source shows the report: the gateway name
getTopDisplay, the page and the rows' keys are guesses (sandbox/guesses.py)."""

from __future__ import annotations

from pydantic import BaseModel

from .dashboards import GatewayTable


class TopDisplaySlot(BaseModel):
    keyword: str
    product_id: str
    title: str
    impressions: int
    clicks: int
    inquiries: int


class TopDisplay(GatewayTable):
    key, real, call = "top_display", "https://data.alibaba.com/marketing/top_display", "iName=getTopDisplay"
    model, id_field = TopDisplaySlot, "product_id"

    def to_model(self, r: dict) -> TopDisplaySlot:
        return TopDisplaySlot(
            keyword=r["keyword"],
            product_id=str(r["productId"]),
            title=r["subject"],
            impressions=r["showNum"],
            clicks=r["clickNum"],
            inquiries=r["fbNum"],
        )

    async def read(self) -> list[TopDisplaySlot]:
        return await self.read_all()

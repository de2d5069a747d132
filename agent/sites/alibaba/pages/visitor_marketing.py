"""数据管家 · 访客营销: the visitors a seller may still market to (country, products viewed, visits,
already marketed or not) and the day's marketing quota; a message is sent from the row's 营销
dialog. No public source shows the screen: the gateway name getMarketingVisitors, the quota block,
the rows' keys and the write call are guesses (sandbox/guesses.py)."""

from __future__ import annotations

from pydantic import BaseModel

from .dashboards import GatewayTable, gateway_value


class MarketableVisitor(BaseModel):
    visitor_id: str
    country: str
    product_ids: list[str]
    visits: int
    last_visit: int  # ms
    marketed: bool


class Quota(BaseModel):
    total: int
    used: int

    @property
    def left(self) -> int:
        return max(0, self.total - self.used)


class VisitorMarketing(GatewayTable):
    key, real, call = "mydata_marketing", "https://data.alibaba.com/visitor/marketing", "iName=getMarketingVisitors"
    model, id_field = MarketableVisitor, "visitor_id"

    def to_model(self, r: dict) -> MarketableVisitor:
        return MarketableVisitor(
            visitor_id=r["visitorId"],
            country=r["countryCode"],
            visits=r["visitCnt"],
            product_ids=[x for x in str(r["productIds"]).split(",") if x],
            last_visit=r["lastVisitTime"],
            marketed=bool(r["marketed"]),
        )

    def quota(self) -> Quota:
        """The day's quota as the screen's last answer showed it."""
        return Quota.model_validate(gateway_value(self.last_answer, self.name)["marketingQuota"])

    async def read(self) -> tuple[list[MarketableVisitor], Quota]:
        rows = await self.read_all()
        return rows, self.quota()

    async def find(self, visitor_id: str) -> MarketableVisitor | None:
        return next((v for v in (await self.read())[0] if v.visitor_id == visitor_id), None)

    async def send(self, visitor_id: str, text: str) -> None:
        """Open the visitor's 营销 dialog, type the message and send it (the site checks the quota)."""
        visitors, _ = await self.read()
        await self.row_dialog(
            visitors,
            visitor_id,
            "market",
            {".market-text": text},
            "visitor/ajax/marketing.json",
            f"访客营销 {visitor_id}",
            ok=lambda b: b.get("successed") is True,
            message=lambda b: b.get("errorMsg"),
        )

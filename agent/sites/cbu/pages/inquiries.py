"""询价管理 — the buyers' price inquiries. No public source shows the list; a guess:
/inquiry/manage.htm asks inquiry/ajax/list.json?page=&pageSize= answering {success, data: {total,
list[{id, buyer, offerId, subject, quantity, createTime, replied}]}}. Times are China time."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from agent.pages._base import TableScreen, success_list


class CbuInquiry(BaseModel):
    id: str
    buyer: str
    offer_id: str
    title: str
    quantity: int
    received: datetime
    replied: bool


class CbuInquiries(TableScreen[CbuInquiry]):
    key, real, call = "cbu_inquiries", "https://work.1688.com/inquiry/manage.htm", "inquiry/ajax/list.json"
    model = CbuInquiry

    def parse_page(self, payload) -> tuple[list[dict], int]:
        return success_list(self.name, payload)

    def to_model(self, r: dict) -> CbuInquiry:
        return CbuInquiry(
            id=str(r["id"]),
            buyer=r["buyer"],
            offer_id=str(r["offerId"]),
            title=r["subject"],
            quantity=int(r["quantity"]),
            received=datetime.fromisoformat(r["createTime"]),
            replied=bool(r["replied"]),
        )
